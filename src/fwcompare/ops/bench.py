"""``fwcompare bench``: measure the installed frameworks' speed and weight, side by side.

Each framework's minimal app (``fwcompare_bench``) runs in the interpreter of
the environment measured, on one named production server per interface
(gunicorn, one sync worker, for WSGI; uvicorn, one process, for ASGI; Tornado,
aiohttp and Sanic on their own servers), bound to 127.0.0.1. ``wrk`` loads each
endpoint in turn; the server's CPU time comes from its own accounting
(``/proc/PID/stat``, every process of its tree) before and after each load.
See docs/explanation/benchmark-method.md for the method and its limits.

`bench` does four jobs, each a function of its own here: prepare (check the
settings, read the environment, choose the apps and ports: `_prepare`), time
the imports and run the servers under load (`_time_imports`, `_run_load`,
which takes the load generator as a function), and assemble the result from
the figures collected (`_assemble`).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

import attrs

from fwcompare_bench import APPS, ENDPOINTS, SERVER_DISTRIBUTIONS

from .._errors import BenchError, FrameworkNotInstalledError, ServerStartError, WrkMissingError, shorten
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
    child_environment,
    cpu_seconds,
    free_port,
    parse_wrk_output,
    process_tree,
    rss_bytes,
    run_child,
    run_wrk,
    start_server,
    terminate_as_interrupt,
    wait_ready,
    wrk_version,
)

__all__ = ["DEFAULTS", "LIMITS", "WrkRun", "bench", "load_reference", "parse_wrk_output"]

DEFAULTS: dict[str, int] = {"rounds": 3, "duration": 4, "warmup": 1, "connections": 16, "imports": 5}
"""Default settings: 13 frameworks and 2 floors take about 12 minutes on 2 cores."""

LIMITS: dict[str, tuple[int, int]] = {
    "rounds": (1, 100),
    "duration": (1, 3600),
    "warmup": (0, 3600),
    "connections": (1, 10_000),
    "imports": (1, 100),
}
"""The least and the most each setting may be: an hour of load per endpoint is already a day's run."""

INFO_TIMEOUT = 120.0
"""Seconds the measured interpreter may take to describe its environment, or to time one import."""

_INFO_LIMIT = 16 * 1024 * 1024  # bytes of that description: a few hundred distributions take ~200 KB

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

Load = Callable[[int, str, int], WrkRun]
"""A load generator: (port, endpoint, seconds) to what it measured."""


@attrs.frozen
class _Settings:
    rounds: int
    duration: int
    warmup: int
    connections: int
    imports: int


@attrs.frozen
class _Environment:
    """What the measured interpreter said of itself (``fwcompare_bench.info``), checked."""

    python: str
    """Implementation and version."""
    markers: dict[str, str]
    dists: dict[str, dict[str, Any]]
    """Installed distributions by normalised name: name, version, requires, size."""

    @property
    def versions(self) -> dict[str, str]:
        return {n: d["version"] for n, d in self.dists.items()}

    def missing(self, name: str) -> list[str]:
        """What app *name* needs that is not installed: the framework, its template add-on, the server."""
        app = APPS[name]
        needed = [app.distribution] if app.distribution else []
        needed += list(_ADDONS.get(name, ()))
        if app.interface in _SERVERS:
            needed.append(_SERVERS[app.interface])
        return [d for d in needed if _normalize(d) not in self.dists]


@attrs.frozen
class _Plan:
    """What will run: the apps (floors first), their ports, the cores, and what was skipped."""

    apps: tuple[str, ...]
    ports: tuple[int, ...]
    skipped: tuple[str, ...]
    cores: tuple[int, ...]

    @property
    def server_cpu(self) -> int | None:
        return self.cores[0] if len(self.cores) >= 2 else None

    @property
    def load_cpu(self) -> int | None:
        return self.cores[1] if len(self.cores) >= 2 else None


@attrs.frozen
class _Collected:
    """The figures of the load: rounds per app and endpoint, memory per app, others' CPU use."""

    samples: dict[tuple[str, str], list[Round]]
    rss: dict[str, int]
    other_cpu: float


# -- preparing: settings, the environment measured, the apps and their ports ------------------


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _check_settings(settings: _Settings, port: int | None) -> None:
    for name, (least, most) in LIMITS.items():
        value = getattr(settings, name)
        if isinstance(value, bool) or not isinstance(value, int) or not least <= value <= most:
            raise BenchError(f"{name} must be a whole number from {least} to {most}, got {shorten(repr(value), 40)}")
    if port is not None and (isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535):
        raise BenchError(f"port must be a whole number from 1 to 65535, got {shorten(repr(port), 40)}")


def _known(names: Sequence[str] | None) -> list[str] | None:
    """The frameworks asked for, once each; `FrameworkNotInstalledError` for one without an app."""
    if not names:
        return None
    frameworks = [n for n in APPS if not n.endswith("-floor")]
    for name in names:
        if name not in frameworks:
            raise FrameworkNotInstalledError(
                f"fwcompare has no benchmark app for {shorten(name, 60)!r}; known: {', '.join(frameworks)}"
            )
    return list(dict.fromkeys(names))


def _interpreter(python: str | None) -> str:
    """An absolute path: the children run from another directory, where a relative one means nothing."""
    if python is None:
        return sys.executable
    found = python if os.sep in python else shutil.which(python)
    return os.path.abspath(found or python)


def _copy_tree(source: Traversable, target: str) -> None:
    os.makedirs(target, exist_ok=True)
    for item in source.iterdir():
        if item.is_dir() and item.name != "__pycache__":
            _copy_tree(item, os.path.join(target, item.name))
        elif item.is_file() and not item.name.endswith(".pyc"):
            with open(os.path.join(target, item.name), "wb") as out:
                out.write(item.read_bytes())


def _run_json(python: str, args: Sequence[str], env: Mapping[str, str], root: str) -> Any:
    """Run ``python ARGS`` from *root* and read the JSON of its last line of output."""
    what = f"{python} {' '.join(args)}"
    done = run_child([python, *args], what=what, env=env, cwd=root, timeout=INFO_TIMEOUT, limit=_INFO_LIMIT)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        raise BenchError(f"{what} exited with {done.returncode}: {done.last_error()}")
    try:
        return json.loads(lines[-1])
    except ValueError:
        raise BenchError(f"{what} printed no report: {shorten(lines[-1], 120)!r}") from None


def _text(value: object, field: str) -> str:
    if not isinstance(value, str) or not value or len(value) > 1000:
        raise BenchError(f"the environment's description has no valid {field}: {shorten(repr(value), 60)}")
    return value


def _read_environment(python: str, env: Mapping[str, str], root: str) -> _Environment:
    """Ask *python* for its environment (``fwcompare_bench.info``); `BenchError` if the answer is not one."""
    info = _run_json(python, ["-m", "fwcompare_bench.info"], env, root)
    if not isinstance(info, dict) or not all(isinstance(info.get(k), t) for k, t in _INFO_SHAPE.items()):
        raise BenchError(f"{python} described its environment in an unexpected shape")
    markers = {_text(k, "marker"): _text(v, "marker") for k, v in info["markers"].items()}
    dists: dict[str, dict[str, Any]] = {}
    for d in info["distributions"]:
        if not isinstance(d, dict) or not isinstance(d.get("requires"), list) or type(d.get("size")) is not int:
            raise BenchError(f"{python} described a distribution in an unexpected shape")
        name, version = _text(d.get("name"), "distribution name"), _text(d.get("version"), "version")
        requires = [_text(r, "requirement") for r in d["requires"]]
        dists[_normalize(name)] = {"name": name, "version": version, "requires": requires, "size": d["size"]}
    about = info["python"]
    label = f"{_text(about.get('implementation'), 'implementation')} {_text(about.get('version'), 'version')}"
    return _Environment(label, markers, dists)


_INFO_SHAPE = {"python": dict, "markers": dict, "distributions": list}


def _choose(wanted: list[str] | None, environment: _Environment, python: str, say: Callable[[str], None]) -> _Plan:
    """The apps to run: those asked for (or every installed one) and the floors they need."""
    frameworks = [n for n in APPS if not n.endswith("-floor")]
    missing = environment.missing
    skipped: list[str] = []
    if wanted is None:
        installed = [n for n in frameworks if _normalize(APPS[n].distribution) in environment.dists]
        wanted = [n for n in installed if not missing(n)]
        # Installed, but without what its minimal app needs (a template add-on, the server).
        skipped = [f"{n} ({', '.join(missing(n))} not installed)" for n in installed if missing(n)]
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
    # (A floor needs only its server, which every framework of its interface needs too.)
    cores = tuple(sorted(os.sched_getaffinity(0))) if hasattr(os, "sched_getaffinity") else ()
    return _Plan(tuple(floors + wanted), (), tuple(skipped), cores)


def _ports(first: int | None, count: int) -> tuple[int, ...]:
    """*count* ports from *first* on (or free ones), each checked to be free now."""
    if first is not None and first + count - 1 > 65535:
        raise BenchError(f"--port {first} leaves no room for {count} servers: ports end at 65535")
    ports = tuple(first + i for i in range(count)) if first else tuple(free_port() for _ in range(count))
    for port in ports:
        check_port(port)
    return ports


# -- running: import times, servers, load -------------------------------------------------------


def _time_imports(
    python: str, env: Mapping[str, str], root: str, apps: Sequence[str], imports: int, say: Callable[[str], None]
) -> dict[str, tuple[Figure, Figure]]:
    """Per app, the import time of its framework and of its whole app (ms), over fresh processes."""
    footprints = {}
    for name in apps:
        say(f"import time of {name} ({imports} fresh processes)")
        times = []
        for _ in range(imports + 1):
            t = _run_json(python, ["-m", "fwcompare_bench.info", "--import", name], env, root)
            if not isinstance(t, dict) or not all(type(t.get(k)) in (int, float) for k in ("framework", "app")):
                raise BenchError(f"{python} timed the import of {name} in an unexpected shape")
            times.append(t)
        times = times[1:]  # the first writes the bytecode cache
        footprints[name] = (
            Figure.of(t["framework"] * 1000 for t in times),
            Figure.of(t["app"] * 1000 for t in times),
        )
    return footprints


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


def _run_load(
    plan: _Plan,
    settings: _Settings,
    start: Callable[[str, int], Server],
    load: Load,
    say: Callable[[str], None],
) -> _Collected:
    """Start every app's server (*start*), warm each endpoint up, then load it for every round (*load*).

    Every server started is stopped, whatever happens: Ctrl-C and SIGTERM included.
    """
    servers: dict[str, Server] = {}
    rss: dict[str, int] = {}
    with terminate_as_interrupt():
        try:
            for name, port in zip(plan.apps, plan.ports, strict=True):
                say(f"starting {name} on {HOST}:{port}")
                servers[name] = start(name, port)
                wait_ready(servers[name])
                rss[name] = rss_bytes(process_tree(servers[name].process.pid))
            if settings.warmup:
                for name in plan.apps:
                    say(f"warm-up: {name}")
                    for endpoint in ENDPOINTS:
                        load(servers[name].port, endpoint, settings.warmup)
            busy_before, children_before = _busy_seconds(), _children_cpu()
            started = time.monotonic()
            samples = _rounds(plan.apps, servers, settings, load, say)
            servers_cpu = sum(x.cpu_seconds for runs in samples.values() for x in runs)
            ours = servers_cpu + _children_cpu() - children_before
            elapsed = max(time.monotonic() - started, 1e-9)
            other_cpu = max(0.0, (_busy_seconds() - busy_before - ours) / elapsed)
        finally:
            for server in servers.values():
                server.stop()
    return _Collected(samples, rss, other_cpu)


def _rounds(
    apps: Sequence[str], servers: Mapping[str, Server], settings: _Settings, load: Load, say: Callable[[str], None]
) -> dict[tuple[str, str], list[Round]]:
    """Every round of load: per app and endpoint, what the load generator and the server's accounting said."""
    samples: dict[tuple[str, str], list[Round]] = {(a, e): [] for a in apps for e in ENDPOINTS}
    for r in range(settings.rounds):
        # One endpoint at a time across every app, so that a framework and its floor are
        # loaded within a minute of each other; the order rotates so that no app is
        # always first or last.
        order = [*apps[r % len(apps) :], *apps[: r % len(apps)]]
        for endpoint in ENDPOINTS:
            for name in order:
                server = servers[name]
                pids = process_tree(server.process.pid)
                before = cpu_seconds(pids)
                run = load(server.port, endpoint, settings.duration)
                cpu = cpu_seconds(pids) - before
                if server.process.poll() is not None:
                    raise ServerStartError(f"{name}'s server died under load: {server.failure()}")
                samples[name, endpoint].append(Round(run.requests, run.seconds, cpu, run.errors, run.latency_ms))
                rate = run.requests / run.seconds if run.seconds > 0 else 0.0
                say(f"round {r + 1}/{settings.rounds}: {name} {endpoint}: {rate:,.0f} req/s")
    return samples


# -- assembling the result ----------------------------------------------------------------------


def _closure(root: str, dists: Mapping[str, Mapping[str, Any]], markers: Mapping[str, str]) -> list[Mapping[str, Any]]:
    """The installed distributions *root* requires, itself included (base install, no extras)."""
    from packaging.markers import UndefinedComparison, UndefinedEnvironmentName
    from packaging.requirements import InvalidRequirement, Requirement

    seen: dict[str, Mapping[str, Any]] = {}
    todo = [_normalize(root)]
    while todo:
        name = todo.pop()
        if name in seen or name not in dists:
            continue
        seen[name] = dists[name]
        for text in dists[name]["requires"]:
            try:
                req = Requirement(text)
                needed = req.marker is None or req.marker.evaluate({**markers, "extra": ""})
            except (InvalidRequirement, UndefinedComparison, UndefinedEnvironmentName):
                continue
            if needed:
                todo.append(_normalize(req.name))
    return sorted(seen.values(), key=lambda d: _normalize(d["name"]))


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


def _server_label(interface: str, app_server: str, versions: Mapping[str, str]) -> str:
    if interface == "wsgi":
        return f"gunicorn {versions.get('gunicorn', '?')}, 1 sync worker"
    if interface == "asgi":
        loop = f"uvloop {versions['uvloop']}" if "uvloop" in versions else "asyncio"
        http = f"httptools {versions['httptools']}" if "httptools" in versions else f"h11 {versions.get('h11', '?')}"
        return f"uvicorn {versions.get('uvicorn', '?')} ({loop}, {http}), 1 process"
    return f"{app_server} (its own server), 1 process"


def _floor_of(name: str, apps: Sequence[str]) -> str | None:
    floor = "wsgi-floor" if APPS[name].interface == "wsgi" else "asgi-floor"
    return None if name.endswith("-floor") or floor not in apps else floor


def _ratio(a: Round, b: Round) -> float:
    """*a*'s CPU per request over *b*'s in the same round; NaN when *b* measured none."""
    x, y = a.cpu_us_per_request, b.cpu_us_per_request
    return x / y if y > 0 else float("nan")


def _measurement(
    name: str, apps: Sequence[str], environment: _Environment, collected: _Collected, imports: tuple[Figure, Figure]
) -> FrameworkMeasurement:
    app = APPS[name]
    samples = collected.samples
    floor = _floor_of(name, apps)
    endpoints = []
    for e in ENDPOINTS:
        multiple = None
        if floor is not None:
            multiple = Figure.of(_ratio(a, b) for a, b in zip(samples[name, e], samples[floor, e], strict=True))
        endpoints.append(EndpointMeasurement(e, tuple(samples[name, e]), multiple))
    closure = _closure(app.distribution, environment.dists, environment.markers) if app.distribution else []
    versions = environment.versions
    return FrameworkMeasurement(
        name=name,
        version=versions.get(_normalize(app.distribution)) if app.distribution else None,
        interface=app.interface,
        server=_server_label(app.interface, app.server, versions),
        template_engine=app.engine,
        floor=floor,
        endpoints=tuple(endpoints),
        footprint=Footprint(
            tuple(f"{d['name']} {d['version']}" for d in closure),
            sum(int(d["size"]) for d in closure),
            imports[0],
            imports[1],
            collected.rss[name],
        ),
    )


def _notes(plan: _Plan, other_cpu: float, load_average: tuple[float, float]) -> list[str]:
    apps = plan.apps
    notes = [f"skipped {line}" for line in plan.skipped]
    own = ", ".join(n for n in apps if APPS[n].interface == "own")
    if own and "asgi-floor" in apps:
        notes.append(f"{own} run on their own servers: their cost multiple divides by the ASGI floor on uvicorn")
    elif own:
        notes.append(f"{own} run on their own servers: no cost multiple without uvicorn for the ASGI floor")
    if plan.server_cpu is None:
        notes.append("fewer than 2 cores: server and wrk were not pinned to different cores")
    if other_cpu >= 0.5:
        notes.append(
            f"the machine was busy: other processes kept {other_cpu:.1f} of its {os.cpu_count()} cores busy on "
            f"average during the load (load average {load_average[0]:.1f} before, {load_average[1]:.1f} after); "
            "compare CPU per request rather than requests per second"
        )
    return notes


@attrs.frozen
class _Run:
    """How the run was called and what it ran under: what the provenance records besides the figures."""

    date: str
    command: str
    load_tool: str
    load_average: tuple[float, float]


def _assemble(
    run: _Run,
    settings: _Settings,
    environment: _Environment,
    plan: _Plan,
    footprints: Mapping[str, tuple[Figure, Figure]],
    collected: _Collected,
) -> BenchResult:
    """The result: every app's measurements, and the provenance of the run."""
    measured = tuple(_measurement(n, plan.apps, environment, collected, footprints[n]) for n in plan.apps)
    used = {_normalize(APPS[n].distribution) for n in plan.apps if APPS[n].distribution}
    used |= {_normalize(d) for n in plan.apps for d in _ADDONS.get(n, ())}
    used |= {_normalize(d) for d in SERVER_DISTRIBUTIONS}
    provenance = Provenance(
        date=run.date,
        command=run.command,
        cores=len(plan.cores) or os.cpu_count() or 1,
        cpu_model=_cpu_model(),
        server_cpu=plan.server_cpu,
        load_cpu=plan.load_cpu,
        os=_os_name(),
        python=environment.python,
        versions=tuple(sorted((n, v) for n, v in environment.versions.items() if n in used)),
        load_tool=run.load_tool,
        settings=(
            ("duration_s", settings.duration),
            ("warmup_s", settings.warmup),
            ("rounds", settings.rounds),
            ("connections", settings.connections),
            ("threads", 1),
            ("import_processes", settings.imports),
        ),
        load_average=run.load_average,
        other_cpu=round(collected.other_cpu, 2),
        notes=tuple(_notes(plan, collected.other_cpu, run.load_average)),
    )
    return BenchResult(provenance, measured)


# -- the whole run --------------------------------------------------------------------------------


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
    Each setting has bounds (`LIMITS`).

    Every process it starts runs from a temporary directory holding only the
    benchmark's apps, with a deadline and a bounded capture of its output, and
    is ended with everything it started, whatever happens (Ctrl-C and SIGTERM
    included).

    Raises `BenchError` for settings out of bounds, and its kinds
    `WrkMissingError`, `FrameworkNotInstalledError`, `PortInUseError`,
    `ServerStartError`.
    """
    if reference:
        return load_reference()
    settings = _Settings(rounds, duration, warmup, connections, imports)
    _check_settings(settings, port)
    wanted = _known(names)
    wrk = shutil.which("wrk")
    if wrk is None:
        raise WrkMissingError
    given, python = python, _interpreter(python)
    say = progress or (lambda line: None)
    date = datetime.now(UTC).isoformat(timespec="seconds")
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="fwcompare-bench-") as root:
        _copy_tree(files("fwcompare_bench"), os.path.join(root, "fwcompare_bench"))
        env = child_environment(root)
        load_env = {k: v for k, v in env.items() if not k.startswith("PYTHON")}
        tool = wrk_version(wrk, env=load_env, cwd=root)  # first: a wrk that does not run fails the run early
        say(f"reading the environment of {python}")
        environment = _read_environment(python, env, root)
        plan = _choose(wanted, environment, python, say)
        plan = attrs.evolve(plan, ports=_ports(port, len(plan.apps)))
        footprints = _time_imports(python, env, root, plan.apps, settings.imports, say)
        lua = os.path.join(root, "done.lua")
        with open(lua, "w", encoding="utf-8") as script:
            script.write(LUA)

        def start(name: str, at: int) -> Server:
            return start_server(python, env, name, at, plan.server_cpu, cwd=root)

        def load(at: int, endpoint: str, seconds: int) -> WrkRun:
            cpu = plan.load_cpu
            return run_wrk(wrk, lua, at, endpoint, seconds, settings.connections, cpu, env=load_env, cwd=root)

        collected = _run_load(plan, settings, start, load, say)
    call = command or _call_text(names, given, settings)
    run = _Run(date, call, tool, (load_before, os.getloadavg()[0]))
    return _assemble(run, settings, environment, plan, footprints, collected)


def _call_text(names: Sequence[str] | None, python: str | None, settings: _Settings) -> str:
    args = [repr(list(names))] if names else []
    if python:
        args.append(f"python={python!r}")
    args += [
        f"rounds={settings.rounds}",
        f"duration={settings.duration}",
        f"warmup={settings.warmup}",
        f"connections={settings.connections}",
    ]
    return f"fwcompare.bench({', '.join(args)})"
