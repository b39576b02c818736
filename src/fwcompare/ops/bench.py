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
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import IO, Any

import attrs

from ..model.measurements import (
    BenchResult,
    EndpointMeasurement,
    Figure,
    Footprint,
    FrameworkMeasurement,
    Provenance,
    Round,
)
from .bench_errors import BenchError, FrameworkNotInstalledError, PortInUseError, ServerStartError, WrkMissingError

__all__ = ["DEFAULTS", "WrkRun", "bench", "load_reference", "parse_wrk_output"]

DEFAULTS: dict[str, int] = {"rounds": 3, "duration": 4, "warmup": 1, "connections": 16, "imports": 5}
"""Default settings: 13 frameworks and 2 floors take about 12 minutes on 2 cores."""

_READY_TIMEOUT = 60.0  # seconds for a server to answer; Django or Litestar need ~1 s on 2 cores
_HOST = "127.0.0.1"
_MARK = "FWBENCH "

# wrk calls done() once, after the load; latency figures are in microseconds.
_LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "FWBENCH {\\"requests\\": %d, \\"duration_us\\": %d, \\"socket_errors\\": %d, \\"status_errors\\": %d, "
    .. "\\"p50\\": %d, \\"p90\\": %d, \\"p99\\": %d, \\"max\\": %d}\\n",
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
"""

# Pins this process to one core and becomes the command: affinity survives exec and fork.
_PIN = "import os, sys; os.sched_setaffinity(0, {int(sys.argv[1])}); os.execvp(sys.argv[2], sys.argv[2:])"

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


@attrs.frozen
class WrkRun:
    """What one ``wrk`` run reported (through the ``done`` script)."""

    requests: int
    seconds: float
    errors: int
    latency_ms: tuple[float, float, float, float]
    """50th, 90th, 99th percentile and maximum."""


def parse_wrk_output(text: str) -> WrkRun:
    """Read the line the ``done`` script writes from ``wrk``'s output.

    >>> parse_wrk_output('FWBENCH {"requests": 100, "duration_us": 2000000, "socket_errors": 0, '
    ...     '"status_errors": 1, "p50": 1500, "p90": 2000, "p99": 4000, "max": 9000}')
    WrkRun(requests=100, seconds=2.0, errors=1, latency_ms=(1.5, 2.0, 4.0, 9.0))
    """
    for line in reversed(text.splitlines()):
        if line.startswith(_MARK):
            data = json.loads(line[len(_MARK) :])
            latency = tuple(float(data[k]) / 1000 for k in ("p50", "p90", "p99", "max"))
            return WrkRun(
                int(data["requests"]),
                int(data["duration_us"]) / 1e6,
                int(data["socket_errors"]) + int(data["status_errors"]),
                (latency[0], latency[1], latency[2], latency[3]),
            )
    raise BenchError("wrk printed no result: " + (text.strip().splitlines() or ["no output"])[-1])


# -- the server's own accounting ---------------------------------------------------------


def _tree(pid: int) -> list[int]:
    """*pid* and its descendants (gunicorn's arbiter and worker, for instance)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(children.get(p, ()))
    return found


def _cpu_seconds(pids: Sequence[int]) -> float:
    """User plus system CPU time of *pids*, from /proc/PID/stat (utime, stime)."""
    ticks = 0
    for pid in pids:
        with contextlib.suppress(OSError, IndexError, ValueError), open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def _rss_bytes(pids: Sequence[int]) -> int:
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError, ValueError), open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
    return total


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


# -- servers -----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((_HOST, 0))
        return int(s.getsockname()[1])


def _check_port(port: int) -> None:
    with socket.socket() as s:
        try:
            s.bind((_HOST, port))
        except OSError:
            raise PortInUseError(f"port {_HOST}:{port} is in use; choose another or leave it out") from None


@attrs.define
class _Server:
    name: str
    port: int
    process: subprocess.Popen[bytes]
    log: IO[bytes]

    def stop(self) -> None:
        """End the server's whole process group: no server outlives the run."""
        for sig, wait in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, sig)
            try:
                self.process.wait(wait)
                break
            except subprocess.TimeoutExpired:
                continue
        # A gunicorn worker may outlive its arbiter for a moment; it shares the group.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.log.close()

    def failure(self) -> str:
        self.log.flush()
        self.log.seek(0)
        lines = [ln for ln in self.log.read().decode("utf-8", "replace").splitlines() if ln.strip()]
        errors = [ln for ln in lines if re.search(r"Error|error:|Exception", ln)]
        return (errors or lines or ["no output"])[-1].strip()


def _start(python: str, env: dict[str, str], name: str, port: int, cpu: int | None) -> _Server:
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by _Server.stop)
    command = [python, "-m", "fwcompare_bench.serve", name, str(port)]
    if cpu is not None:
        command.append(str(cpu))
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=log, stderr=log, env=env, start_new_session=True
    )
    return _Server(name, port, process, log)


def _wait_ready(server: _Server) -> None:
    deadline = time.monotonic() + _READY_TIMEOUT
    while True:
        if server.process.poll() is not None:
            reason = server.failure()
            if "in use" in reason or "Errno 98" in reason:
                raise PortInUseError(f"{server.name}: port {_HOST}:{server.port} is in use ({reason})")
            raise ServerStartError(f"{server.name}'s server exited with {server.process.returncode}: {reason}")
        try:
            with socket.create_connection((_HOST, server.port), timeout=0.5):
                break
        except OSError:
            if time.monotonic() > deadline:
                raise ServerStartError(
                    f"{server.name}'s server did not listen on {_HOST}:{server.port} within {_READY_TIMEOUT:g} s"
                ) from None
            time.sleep(0.05)
    for endpoint in ("plaintext", "json", "html"):
        _check_endpoint(server, endpoint)


def _check_endpoint(server: _Server, endpoint: str) -> None:
    """Every app must answer the same thing: fast wrong answers would be no result."""
    import urllib.request

    from fwcompare_bench import GREETING, JSON_OBJECT

    url = f"http://{_HOST}:{server.port}/{endpoint}"
    try:
        with urllib.request.urlopen(url, timeout=_READY_TIMEOUT) as response:
            body = response.read().decode("utf-8")
            kind = response.headers.get("Content-Type", "")
    except OSError as exc:
        if server.process.poll() is not None:
            raise ServerStartError(f"{server.name}'s server exited: {server.failure()}") from None
        raise ServerStartError(f"{server.name}: GET /{endpoint} failed: {exc}") from None
    wrong = {
        "plaintext": body != GREETING or not kind.startswith("text/plain"),
        "json": not kind.startswith("application/json") or json.loads(body) != JSON_OBJECT,
        "html": "&lt;script&gt;" not in body or "<script>" in body or body.count("<tr><td>") != 10,
    }[endpoint]
    if wrong:
        raise ServerStartError(f"{server.name}: GET /{endpoint} answered something else ({kind}): {body[:80]!r}")


def _wrk(wrk: str, lua: str, port: int, endpoint: str, seconds: int, connections: int, cpu: int | None) -> WrkRun:
    command = [wrk, "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", lua]
    command.append(f"http://{_HOST}:{port}/{endpoint}")
    if cpu is not None:
        command = [sys.executable, "-c", _PIN, str(cpu), *command]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=False)
    except subprocess.TimeoutExpired:
        raise BenchError(f"wrk did not finish {seconds} s of load within {seconds + 60} s") from None
    if result.returncode != 0:
        raise BenchError("wrk failed: " + (result.stderr.strip().splitlines() or ["no output"])[-1])
    return parse_wrk_output(result.stdout)


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    # SIGTERM to this process must also stop the servers, as Ctrl-C does.
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


# -- provenance --------------------------------------------------------------------------


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

        if wanted is None:
            wanted = [n for n in frameworks if APPS[n].distribution in dists and not missing(n)]
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
        if "own" in interfaces and "asgi-floor" not in floors:
            floors.append("asgi-floor")
        for floor in floors:
            if absent := missing(floor):
                raise FrameworkNotInstalledError(
                    f"the {floor} needs {', '.join(absent)} (pip install fwcompare[bench])"
                )
        apps = floors + wanted
        cores = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
        server_cpu, load_cpu = (cores[0], cores[1]) if len(cores) >= 2 else (None, None)
        ports = [port + i for i in range(len(apps))] if port else [_free_port() for _ in apps]
        for p in ports:
            _check_port(p)

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

        servers: dict[str, _Server] = {}
        samples: dict[tuple[str, str], list[Round]] = {(a, e): [] for a in apps for e in ENDPOINTS}
        rss: dict[str, int] = {}
        with tempfile.NamedTemporaryFile("w", suffix=".lua", dir=root, delete=False) as script:
            script.write(_LUA)
        with _terminate_as_interrupt():
            try:
                for name, p in zip(apps, ports, strict=True):
                    say(f"starting {name} on {_HOST}:{p}")
                    servers[name] = _start(python, env, name, p, server_cpu)
                    _wait_ready(servers[name])
                    rss[name] = _rss_bytes(_tree(servers[name].process.pid))
                if warmup:
                    for name in apps:
                        say(f"warm-up: {name}")
                        for endpoint in ENDPOINTS:
                            _wrk(wrk, script.name, servers[name].port, endpoint, warmup, connections, load_cpu)
                for r in range(rounds):
                    # Rotate the order so that no app always runs first or last in a round.
                    order = apps[r % len(apps) :] + apps[: r % len(apps)]
                    for name in order:
                        server = servers[name]
                        for endpoint in ENDPOINTS:
                            pids = _tree(server.process.pid)
                            before = _cpu_seconds(pids)
                            run = _wrk(wrk, script.name, server.port, endpoint, duration, connections, load_cpu)
                            cpu = _cpu_seconds(pids) - before
                            if server.process.poll() is not None:
                                raise ServerStartError(f"{name}'s server died under load: {server.failure()}")
                            samples[name, endpoint].append(
                                Round(run.requests, run.seconds, cpu, run.errors, run.latency_ms)
                            )
                            say(f"round {r + 1}/{rounds}: {name} {endpoint}: {run.requests / run.seconds:,.0f} req/s")
            finally:
                for server in servers.values():
                    server.stop()
    load_after = os.getloadavg()[0]

    def floor_of(name: str) -> str | None:
        interface = APPS[name].interface
        return None if name.endswith("-floor") else ("wsgi-floor" if interface == "wsgi" else "asgi-floor")

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
    notes = []
    if any(APPS[n].interface == "own" for n in apps):
        own = ", ".join(n for n in apps if APPS[n].interface == "own")
        notes.append(f"{own} run on their own servers: their cost multiple divides by the ASGI floor on uvicorn")
    if server_cpu is None:
        notes.append("fewer than 2 cores: server and wrk were not pinned to different cores")
    cpu_count = len(cores) or os.cpu_count() or 1
    if max(load_before, load_after) >= cpu_count:
        notes.append(
            f"the machine was busy (load average {load_before:.1f} before, {load_after:.1f} after, "
            f"{cpu_count} cores): compare CPU per request rather than requests per second"
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
