"""``fwcompare bench``: measure the installed frameworks' speed and weight, side by side.

Each framework's minimal app (``fwcompare_bench``) runs in the interpreter of
the environment measured, on one named production server per interface
(gunicorn, one sync worker, for WSGI; uvicorn, one process, for ASGI; Tornado,
aiohttp and Sanic on their own servers), bound to 127.0.0.1. ``wrk`` loads each
endpoint in turn; the server's CPU time comes from its own accounting
(``/proc/PID/stat``, every process of its tree) before and after each load.
See docs/explanation/benchmark-method.md for the method and its limits.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

from .._errors import BenchError, FrameworkNotInstalledError, ServerStartError, WrkMissingError
from ..model.measurements import (
    BenchResult,
    EndpointMeasurement,
    Figure,
    Footprint,
    FrameworkMeasurement,
    Provenance,
    Round,
)
from .bench_processes import (
    HOST,
    LUA,
    Server,
    WrkRun,
    check_port,
    cpu_seconds,
    free_port,
    parse_wrk_output,
    process_tree,
    rss_bytes,
    run_wrk,
    start_server,
    terminate_as_interrupt,
    wait_ready,
)

__all__ = ["DEFAULTS", "WrkRun", "bench", "load_reference", "parse_wrk_output"]

DEFAULTS: dict[str, int] = {"rounds": 3, "duration": 4, "warmup": 1, "connections": 16, "imports": 5}
"""Default settings: 13 frameworks and 2 floors take about 12 minutes on 2 cores."""

_ADDONS: dict[str, tuple[str, ...]] = {
    "fastapi": ("jinja2",),
    "starlette": ("jinja2",),
    "litestar": ("jinja2",),
    "falcon": ("jinja2",),
    "cherrypy": ("jinja2",),
    "sanic": ("jinja2",),
    "aiohttp": ("aiohttp-jinja2",),
    "pyramid": ("pyramid-jinja2",),
}
_SERVERS = {"wsgi": "gunicorn", "asgi": "uvicorn"}


# -- the environment measured ------------------------------------------------------------


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _copy_tree(source: Traversable, target: str) -> None:
    os.makedirs(target, exist_ok=True)
    for item in source.iterdir():
        if item.is_dir() and item.name != "__pycache__":
            _copy_tree(item, os.path.join(target, item.name))
        elif item.is_file() and not item.name.endswith(".pyc"):
            with open(os.path.join(target, item.name), "wb") as out:
                out.write(item.read_bytes())


def _run_json(python: str, args: Sequence[str], env: dict[str, str], timeout: float = 120) -> Any:
    try:
        result = subprocess.run([python, *args], capture_output=True, text=True, env=env, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BenchError(f"cannot run {python}: {exc}") from None
    if result.returncode != 0 or not result.stdout.strip():
        tail = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise BenchError(f"{python} {' '.join(args)} exited with {result.returncode}: {tail}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _closure(root: str, dists: dict[str, dict[str, Any]], markers: dict[str, str]) -> list[dict[str, Any]]:
    """The installed distributions *root* requires, itself included (base install, no extras)."""
    from packaging.requirements import InvalidRequirement, Requirement

    seen: dict[str, dict[str, Any]] = {}
    todo = [_normalize(root)]
    while todo:
        name = todo.pop()
        if name in seen or name not in dists:
            continue
        seen[name] = dists[name]
        for text in dists[name]["requires"]:
            try:
                req = Requirement(text)
            except InvalidRequirement:
                continue
            if req.marker is None or req.marker.evaluate({**markers, "extra": ""}):
                todo.append(_normalize(req.name))
    return sorted(seen.values(), key=lambda d: _normalize(d["name"]))


# -- provenance --------------------------------------------------------------------------


def _busy_seconds() -> float:
    """CPU time the whole machine spent busy (every core: /proc/stat, all but idle and iowait)."""
    with open("/proc/stat", encoding="ascii") as f:
        fields = [int(v) for v in f.readline().split()[1:]]
    busy = sum(fields[:8]) - fields[3] - fields[4]  # user nice system idle iowait irq softirq steal
    return busy / os.sysconf("SC_CLK_TCK")


def _children_cpu() -> float:
    """CPU time of this process's waited-for children (every wrk run)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _cpu_model() -> str:
    with contextlib.suppress(OSError), open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    import platform

    return platform.processor() or "unknown"


def _os_name() -> str:
    import platform

    pretty = ""
    with contextlib.suppress(OSError), open("/etc/os-release", encoding="utf-8") as f:
        for line in f:
            if line.startswith("PRETTY_NAME="):
                pretty = line.split("=", 1)[1].strip().strip('"')
    return f"{pretty or platform.system()}, kernel {platform.release()}"


def _wrk_version(wrk: str) -> str:
    result = subprocess.run([wrk, "-v"], capture_output=True, text=True, check=False)
    first = (result.stdout + result.stderr).strip().splitlines()[:1] or ["wrk"]
    return first[0].split(" Copyright")[0].strip()


def _server_label(interface: str, app_server: str, versions: dict[str, str]) -> str:
    if interface == "wsgi":
        return f"gunicorn {versions.get('gunicorn', '?')}, 1 sync worker"
    if interface == "asgi":
        loop = f"uvloop {versions['uvloop']}" if "uvloop" in versions else "asyncio"
        http = f"httptools {versions['httptools']}" if "httptools" in versions else f"h11 {versions.get('h11', '?')}"
        return f"uvicorn {versions.get('uvicorn', '?')} ({loop}, {http}), 1 process"
    return f"{app_server} (its own server), 1 process"


def load_reference() -> BenchResult:
    """The bundled reference run (``tasks/bench_reference.py``): measurements, with provenance."""
    raw = files("fwcompare").joinpath("data", "bench", "reference.json").read_bytes()
    return BenchResult.from_dict(json.loads(raw))


def bench(
    names: Sequence[str] | None = None,
    *,
    python: str | None = None,
    rounds: int = DEFAULTS["rounds"],
    duration: int = DEFAULTS["duration"],
    warmup: int = DEFAULTS["warmup"],
    connections: int = DEFAULTS["connections"],
    imports: int = DEFAULTS["imports"],
    port: int | None = None,
    reference: bool = False,
    command: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> BenchResult:
    """Measure frameworks installed in *python*'s environment (default: this one).

    *names* are framework slugs (default: every bundled framework installed
    there); the floors their interfaces need are always measured. Every app
    serves three endpoints; each round loads every endpoint of every app for
    *duration* seconds with *connections* connections, after *warmup* seconds
    per endpoint that are discarded. *port* is the first loopback port to use
    (default: free ports). With *reference*, nothing is run and the bundled
    reference run is returned. *progress* receives one line per step.

    Raises `WrkMissingError`, `FrameworkNotInstalledError`, `PortInUseError`,
    `ServerStartError` (all `BenchError`); every server started is ended,
    whatever happens, Ctrl-C and SIGTERM included.
    """
    if reference:
        return load_reference()
    from fwcompare_bench import APPS, ENDPOINTS, SERVER_DISTRIBUTIONS

    if rounds < 1 or duration < 1 or warmup < 0 or connections < 1 or imports < 1:
        raise BenchError("rounds, duration, connections and imports must be at least 1, warmup at least 0")
    wrk = shutil.which("wrk")
    if wrk is None:
        raise WrkMissingError
    python = python or sys.executable
    say = progress or (lambda line: None)
    frameworks = [n for n in APPS if not n.endswith("-floor")]
    wanted = list(dict.fromkeys(names)) if names else None
    for name in wanted or ():
        if name not in APPS or name.endswith("-floor"):
            raise FrameworkNotInstalledError(
                f"fwcompare has no benchmark app for {name!r}; known: {', '.join(frameworks)}"
            )
    start_date = datetime.now(UTC).isoformat(timespec="seconds")
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="fwcompare-bench-") as root:
        _copy_tree(files("fwcompare_bench"), os.path.join(root, "fwcompare_bench"))
        env = dict(os.environ, PYTHONPATH=root, PYTHONUNBUFFERED="1")
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        say(f"reading the environment of {python}")
        info = _run_json(python, ["-m", "fwcompare_bench.info"], env)
        dists = {_normalize(d["name"]): d for d in info["distributions"]}
        versions = {n: d["version"] for n, d in dists.items()}

        def missing(name: str) -> list[str]:
            app = APPS[name]
            needed = [app.distribution] if app.distribution else []
            needed += list(_ADDONS.get(name, ()))
            if app.interface in _SERVERS:
                needed.append(_SERVERS[app.interface])
            return [d for d in needed if _normalize(d) not in dists]

        skipped: list[str] = []
        if wanted is None:
            wanted = [n for n in frameworks if APPS[n].distribution in dists and not missing(n)]
            # Installed, but without what its minimal app needs (a template add-on, the server).
            skipped = [f"{n} ({', '.join(missing(n))} not installed)" for n in frameworks if n in dists and missing(n)]
            for line in skipped:
                say(f"skipping {line}")
            if not wanted:
                raise FrameworkNotInstalledError(f"no bundled framework is installed for {python}")
        for name in wanted:
            if absent := missing(name):
                raise FrameworkNotInstalledError(
                    f"{name} cannot be benchmarked: {', '.join(absent)} not installed for {python} "
                    f"(pip install {' '.join(absent)})"
                )
        interfaces = {APPS[n].interface for n in wanted}
        floors = [f for f, needed in (("wsgi-floor", "wsgi"), ("asgi-floor", "asgi")) if needed in interfaces]
        # Own-server frameworks are compared with the ASGI floor when uvicorn is there to run it.
        if "own" in interfaces and "asgi-floor" not in floors and not missing("asgi-floor"):
            floors.append("asgi-floor")
        for floor in floors:
            if absent := missing(floor):
                raise FrameworkNotInstalledError(
                    f"the {floor} needs {', '.join(absent)} (pip install fwcompare[bench])"
                )
        apps = floors + wanted
        cores = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
        server_cpu, load_cpu = (cores[0], cores[1]) if len(cores) >= 2 else (None, None)
        ports = [port + i for i in range(len(apps))] if port else [free_port() for _ in apps]
        for p in ports:
            check_port(p)

        footprints: dict[str, tuple[Figure, Figure]] = {}
        for name in apps:
            say(f"import time of {name} ({imports} fresh processes)")
            times = [
                _run_json(python, ["-m", "fwcompare_bench.info", "--import", name], env) for _ in range(imports + 1)
            ]
            times = times[1:]  # the first writes the bytecode cache
            footprints[name] = (
                Figure.of(t["framework"] * 1000 for t in times),
                Figure.of(t["app"] * 1000 for t in times),
            )

        servers: dict[str, Server] = {}
        samples: dict[tuple[str, str], list[Round]] = {(a, e): [] for a in apps for e in ENDPOINTS}
        rss: dict[str, int] = {}
        with tempfile.NamedTemporaryFile("w", suffix=".lua", dir=root, delete=False) as script:
            script.write(LUA)
        with terminate_as_interrupt():
            try:
                for name, p in zip(apps, ports, strict=True):
                    say(f"starting {name} on {HOST}:{p}")
                    servers[name] = start_server(python, env, name, p, server_cpu)
                    wait_ready(servers[name])
                    rss[name] = rss_bytes(process_tree(servers[name].process.pid))
                if warmup:
                    for name in apps:
                        say(f"warm-up: {name}")
                        for endpoint in ENDPOINTS:
                            run_wrk(wrk, script.name, servers[name].port, endpoint, warmup, connections, load_cpu)
                busy_before, children_before = _busy_seconds(), _children_cpu()
                started = time.monotonic()
                for r in range(rounds):
                    # One endpoint at a time across every app, so that a framework and its floor are
                    # loaded within a minute of each other; the order rotates so that no app is
                    # always first or last.
                    order = apps[r % len(apps) :] + apps[: r % len(apps)]
                    for endpoint in ENDPOINTS:
                        for name in order:
                            server = servers[name]
                            pids = process_tree(server.process.pid)
                            before = cpu_seconds(pids)
                            run = run_wrk(wrk, script.name, server.port, endpoint, duration, connections, load_cpu)
                            cpu = cpu_seconds(pids) - before
                            if server.process.poll() is not None:
                                raise ServerStartError(f"{name}'s server died under load: {server.failure()}")
                            samples[name, endpoint].append(
                                Round(run.requests, run.seconds, cpu, run.errors, run.latency_ms)
                            )
                            say(f"round {r + 1}/{rounds}: {name} {endpoint}: {run.requests / run.seconds:,.0f} req/s")
                servers_cpu = sum(x.cpu_seconds for runs in samples.values() for x in runs)
                ours = servers_cpu + _children_cpu() - children_before
                other_cpu = max(0.0, (_busy_seconds() - busy_before - ours) / (time.monotonic() - started))
            finally:
                for server in servers.values():
                    server.stop()
    load_after = os.getloadavg()[0]

    def floor_of(name: str) -> str | None:
        interface = APPS[name].interface
        floor = "wsgi-floor" if interface == "wsgi" else "asgi-floor"
        return None if name.endswith("-floor") or floor not in apps else floor

    def multiple(name: str, endpoint: str) -> Figure | None:
        floor = floor_of(name)
        if floor is None:
            return None
        pairs = zip(samples[name, endpoint], samples[floor, endpoint], strict=True)
        return Figure.of(a.cpu_us_per_request / b.cpu_us_per_request for a, b in pairs)

    measured = []
    for name in apps:
        app = APPS[name]
        closure = _closure(app.distribution, dists, info["markers"]) if app.distribution else []
        import_ms, app_ms = footprints[name]
        measured.append(
            FrameworkMeasurement(
                name=name,
                version=versions.get(_normalize(app.distribution)) if app.distribution else None,
                interface=app.interface,
                server=_server_label(app.interface, app.server, versions),
                template_engine=app.engine,
                floor=floor_of(name),
                endpoints=tuple(EndpointMeasurement(e, tuple(samples[name, e]), multiple(name, e)) for e in ENDPOINTS),
                footprint=Footprint(
                    tuple(f"{d['name']} {d['version']}" for d in closure),
                    sum(int(d["size"]) for d in closure),
                    import_ms,
                    app_ms,
                    rss[name],
                ),
            )
        )
    used = {_normalize(APPS[n].distribution) for n in apps if APPS[n].distribution}
    used |= {_normalize(d) for n in apps for d in _ADDONS.get(n, ())}
    used |= {_normalize(d) for d in SERVER_DISTRIBUTIONS}
    notes = [f"skipped {line}" for line in skipped]
    if any(APPS[n].interface == "own" for n in apps):
        own = ", ".join(n for n in apps if APPS[n].interface == "own")
        if "asgi-floor" in apps:
            notes.append(f"{own} run on their own servers: their cost multiple divides by the ASGI floor on uvicorn")
        else:
            notes.append(f"{own} run on their own servers: no cost multiple without uvicorn for the ASGI floor")
    if server_cpu is None:
        notes.append("fewer than 2 cores: server and wrk were not pinned to different cores")
    cpu_count = len(cores) or os.cpu_count() or 1
    if other_cpu >= 0.5:
        notes.append(
            f"the machine was busy: other processes kept {other_cpu:.1f} of its {os.cpu_count()} cores busy on "
            f"average during the load (load average {load_before:.1f} before, {load_after:.1f} after); "
            "compare CPU per request rather than requests per second"
        )
    provenance = Provenance(
        date=start_date,
        command=command or _call_text(names, python, rounds, duration, warmup, connections),
        cores=cpu_count,
        cpu_model=_cpu_model(),
        server_cpu=server_cpu,
        load_cpu=load_cpu,
        os=_os_name(),
        python=f"{info['python']['implementation']} {info['python']['version']}",
        versions=tuple(sorted((n, v) for n, v in versions.items() if n in used)),
        load_tool=_wrk_version(wrk),
        settings=(
            ("duration_s", duration),
            ("warmup_s", warmup),
            ("rounds", rounds),
            ("connections", connections),
            ("threads", 1),
            ("import_processes", imports),
        ),
        load_average=(load_before, load_after),
        other_cpu=round(other_cpu, 2),
        notes=tuple(notes),
    )
    return BenchResult(provenance, tuple(measured))


def _call_text(
    names: Sequence[str] | None, python: str | None, rounds: int, duration: int, warmup: int, connections: int
) -> str:
    args = [repr(list(names))] if names else []
    if python:
        args.append(f"python={python!r}")
    args += [f"rounds={rounds}", f"duration={duration}", f"warmup={warmup}", f"connections={connections}"]
    return f"fwcompare.bench({', '.join(args)})"
