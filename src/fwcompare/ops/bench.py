"""``fwcompare bench``: measure the installed frameworks' speed and weight, side by side.

Each framework's minimal app (``fwcompare_bench``) runs in the interpreter of
the environment measured, on one named production server per interface
(gunicorn, one sync worker, for WSGI; uvicorn, one process, for ASGI; Tornado,
aiohttp, Sanic, Robyn, Microdot, Emmett and NiceGUI on their own servers), bound to 127.0.0.1. ``wrk`` loads each
endpoint in turn; the server's CPU time comes from its own accounting
(``/proc/PID/stat``, every process of its tree) before and after each load.
See docs/explanation/benchmark-method.md for the method and its limits.

`bench` does four jobs: prepare (`fwcompare.ops.bench_plan`: check the
settings, read the environment, choose the apps and their ports), time the
imports (`bench_plan.time_imports`), run the servers under load (here:
`_run_load` and `_rounds`, which take the server starter and the load
generator as functions, so that each runs without ``wrk``), and assemble the
result from the figures collected (`fwcompare.ops.bench_result`).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from importlib.resources import files
from typing import TYPE_CHECKING

import attrs

from fwcompare_bench import ENDPOINTS

from .._errors import BenchError, ServerStartError, WrkMissingError
from ..model.measurements import FLOORS, SPREAD_LIMIT, BenchResult, Figure, Round
from .bench_apps import BUNDLED, AppTable, app_table
from .bench_database import database_url, local_database, prepare_database
from .bench_plan import (
    BRACKET,
    EXTRA_ROUNDS,
    LIMITS,
    PROFILE_LEVELS,
    QUIET_LIMIT,
    Environment,
    Plan,
    Settings,
    check_settings,
    choose,
    choose_ports,
    copy_tree,
    interpreter,
    known,
    own_interpreters,
    read_environment,
    time_imports,
)
from .bench_processes import (
    HOST,
    LUA,
    Server,
    WrkRun,
    child_environment,
    cpu_seconds,
    parse_wrk_output,
    process_tree,
    rss_bytes,
    run_wrk,
    start_server,
    terminate_as_interrupt,
    wait_ready,
    wrk_version,
)
from .bench_result import Collected, RunInfo, assemble, call_text, floor_of, widest_spread

if TYPE_CHECKING:
    from ..registry import Registry

__all__ = [
    "BRACKET",
    "DEFAULTS",
    "EXTRA_ROUNDS",
    "LIMITS",
    "PROFILE_LEVELS",
    "QUIET_LIMIT",
    "WrkRun",
    "bench",
    "load_reference",
    "measure_other_cpu",
    "parse_wrk_output",
]


DEFAULTS: dict[str, int] = {"rounds": 3, "duration": 4, "warmup": 1, "connections": 16, "imports": 5}
"""Default settings: 13 s of load per app and endpoint (3 rounds of 4 s after 1 s of warm-up).

With each floor loaded around its apps (`BRACKET`), all 24 frameworks and both floors make
39 loads per endpoint and round: the reference run of 2026-12-07 took about 13 minutes a
round on 2 cores, 82 minutes in all with the 3 rounds it added (imports and starts included).
"""

Load = Callable[[int, str, int], WrkRun]
"""A load generator: (port, endpoint, seconds) to what it measured."""


# -- running: import times, servers, load -------------------------------------------------------


def _busy_seconds() -> float:
    """CPU time the whole machine spent busy (every core: /proc/stat, all but idle and iowait)."""
    with open("/proc/stat", encoding="ascii") as f:
        fields = [int(v) for v in f.readline().split()[1:]]
    busy = sum(fields[:8]) - fields[3] - fields[4]  # user nice system idle iowait irq softirq steal
    return busy / os.sysconf("SC_CLK_TCK")


def measure_other_cpu(seconds: float = 1.0) -> float:
    """Cores other processes keep busy now: what the machine did over *seconds*, less this process's share.

    On Linux, /proc/stat's busy time over *seconds* minus this process's and its
    waited-for children's CPU time; elsewhere the 1-minute load average (this process
    sleeps meanwhile, so what runs is others'), a coarser and slower figure.
    """
    if not os.path.exists("/proc/stat"):
        return os.getloadavg()[0]
    ours = os.times()
    busy, started = _busy_seconds(), time.monotonic()
    time.sleep(seconds)
    after = os.times()
    elapsed = max(time.monotonic() - started, 1e-9)
    own = sum(after[:4]) - sum(ours[:4])  # user, system, children's user, children's system
    return max(0.0, (_busy_seconds() - busy - own) / elapsed)


def _check_quiet(sample: Callable[[], float], force: bool, say: Callable[[str], None]) -> float:
    """What other processes use (cores), as *sample* measures it; `BenchError` above `QUIET_LIMIT` unless *force*."""
    say("measuring what other processes use (1 s)")
    used = sample()
    if used > QUIET_LIMIT and not force:
        raise BenchError(
            f"the machine is busy: other processes use {used:.2f} of a core (more than {QUIET_LIMIT:g}), "
            "which makes the figures unsteady; wait, or run anyway with --force (recorded in the result)"
        )
    if used > QUIET_LIMIT:
        say(f"warning: other processes use {used:.2f} of a core; forced, the result records it")
    return used


def _own_cpu(servers: Mapping[str, Server]) -> float:
    """CPU time of the run itself: this process, its waited-for children (every wrk run) and *servers*.

    Every server's whole process tree, at every moment of the rounds: also its loads in
    rounds later dropped as unsettled, and what it did between loads. What the machine
    was busy with beyond this is other processes' (``Collected.other_cpu``).
    """
    ours = os.times()
    return sum(ours[:4]) + sum(cpu_seconds(process_tree(s.process.pid)) for s in servers.values())


def _run_load(
    plan: Plan,
    settings: Settings,
    start: Callable[[str, int], Server],
    load: Load,
    say: Callable[[str], None],
    load_at: Callable[[int], Load] | None = None,
    database: Callable[[], float] | None = None,
) -> Collected:
    """Start every app's server (*start*), warm each endpoint up, then load it for every round (*load*).

    Then the concurrency profile's further levels (``settings.profile``), each with the
    load generator *load_at* gives for its connections (`_profile`). Every server started
    is stopped, whatever happens: Ctrl-C and SIGTERM included. *database* gives the CPU
    seconds a database server on this machine has used so far: the run's own work too,
    kept apart from other processes'.
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
            busy_before, ours_before = _busy_seconds(), _own_cpu(servers)
            database_before = database() if database else 0.0
            started = time.monotonic()
            samples, added = _rounds(plan.apps, servers, settings, load, say, plan.table)
            ours = _own_cpu(servers) - ours_before
            database_cpu = database() - database_before if database else None
            elapsed = max(time.monotonic() - started, 1e-9)
            other_cpu = max(0.0, (_busy_seconds() - busy_before - ours - (database_cpu or 0.0)) / elapsed)
            profile = _profile(plan.apps, servers, settings, load_at, say) if settings.profile else {}
        finally:
            for server in servers.values():
                server.stop()
    used = None if database_cpu is None else database_cpu / elapsed
    return Collected(samples, rss, other_cpu, added, profile, used)


def _rounds(
    apps: Sequence[str],
    servers: Mapping[str, Server],
    settings: Settings,
    load: Load,
    say: Callable[[str], None],
    table: AppTable = BUNDLED,
) -> tuple[dict[tuple[str, str], list[Round]], int]:
    """Every round of load: per app and endpoint, what the load generator and the server's accounting said.

    Each round loads one endpoint at a time, in the order `_schedule` gives: each floor
    before its apps and again after every `BRACKET` of them, so that an app's cost is
    measured against its floor's loads just before and just after it (`Round.floor_cpu_us`).
    The machine's speed drifts by some 15% over minutes, and only a floor measured
    seconds apart shares the app's moment. A floor has a round of its own for each of
    its loads.

    After the rounds asked for, rounds are added (at most `EXTRA_ROUNDS`) while the
    last rounds (as many as asked for) disagree: a cost multiple's spread over them
    (`Figure.interval_spread`, max over min for 3 rounds) above `SPREAD_LIMIT`. Once the
    last rounds agree, the earlier ones are dropped, as the warm-up is: the machine had
    not settled. If they never agree, every round is kept, and the median's interval over
    them (the 2nd to the 5th of 6 rounds) says whether the result flags the spread.
    Returns the samples and the rounds added.
    """
    done: list[dict[tuple[str, str], list[Round]]] = []

    def last(n: int) -> dict[tuple[str, str], list[Round]]:
        return {(a, e): [x for each in done[-n:] for x in each[a, e]] for a in apps for e in ENDPOINTS}

    r = 0
    while r < settings.rounds or (
        r < settings.rounds + EXTRA_ROUNDS
        and (widest := widest_spread(last(settings.rounds), apps, table)) > SPREAD_LIMIT
    ):
        if r >= settings.rounds:
            say(f"round {r + 1}: added, a cost multiple's spread is {widest:.2f} (> {SPREAD_LIMIT:g})")
        samples: dict[tuple[str, str], list[Round]] = {(a, e): [] for a in apps for e in ENDPOINTS}
        for endpoint in ENDPOINTS:
            around: dict[str, float] = {}  # each floor's last load: its CPU µs per request
            waiting: dict[str, list[tuple[str, Round]]] = {}  # apps loaded since, by floor
            for name in _schedule(apps, r, table):
                measured = _measure(servers[name], endpoint, load, settings.duration)
                which = f"{r + 1}/{settings.rounds}" if r < settings.rounds else f"{r + 1} (added)"
                say(f"round {which}: {name} {endpoint}: {_rate(measured)} req/s")
                floor = floor_of(name, apps, table)
                if floor is not None:  # an app: its floor's next load closes its bracket
                    waiting.setdefault(floor, []).append((name, measured))
                    continue
                samples[name, endpoint].append(measured)
                now = measured.cpu_us_per_request
                for app, x in waiting.pop(name, []):
                    samples[app, endpoint].append(attrs.evolve(x, floor_cpu_us=(around[name] + now) / 2))
                around[name] = now
        done.append(samples)
        r += 1
    added = r - settings.rounds
    if added and widest_spread(last(settings.rounds), apps, table) <= SPREAD_LIMIT:
        return last(settings.rounds), added
    return last(len(done)), added


def _rotated(names: Sequence[str], r: int) -> list[str]:
    """*names* rotated left by *r*: round *r*'s order, so that no app is always first or last."""
    k = r % len(names) if names else 0
    return [*names[k:], *names[:k]]


def _schedule(apps: Sequence[str], r: int, table: AppTable = BUNDLED) -> list[str]:
    """Round *r*'s order of loads on one endpoint: each floor, then its apps with the floor again after every `BRACKET`.

    A floor appears several times. The floors' groups and the apps within each rotate
    with *r*, so that no app is always first or last; apps without a floor in the run
    come last.

    >>> _schedule(["wsgi-floor", "flask", "django", "bottle", "asgi-floor", "fastapi"], 0)
    ['wsgi-floor', 'flask', 'django', 'wsgi-floor', 'bottle', 'wsgi-floor', 'asgi-floor', 'fastapi', 'asgi-floor']
    >>> _schedule(["wsgi-floor", "flask", "django", "bottle", "asgi-floor", "fastapi"], 1)
    ['asgi-floor', 'fastapi', 'asgi-floor', 'wsgi-floor', 'django', 'bottle', 'wsgi-floor', 'flask', 'wsgi-floor']
    """
    floors = [n for n in apps if n in FLOORS]
    order: list[str] = []
    for floor in _rotated(floors, r):
        group = _rotated([n for n in apps if floor_of(n, apps, table) == floor], r)
        order.append(floor)
        for i in range(0, len(group), BRACKET):
            order += [*group[i : i + BRACKET], floor]
    return order + _rotated([n for n in apps if n not in floors and floor_of(n, apps, table) is None], r)


def _measure(server: Server, endpoint: str, load: Load, seconds: int) -> Round:
    """One round of *load* on one endpoint of *server*, with the CPU time its processes spent meanwhile."""
    pids = process_tree(server.process.pid)
    before = cpu_seconds(pids)
    run = load(server.port, endpoint, seconds)
    cpu = cpu_seconds(pids) - before
    if server.process.poll() is not None:
        raise ServerStartError(f"{server.name}'s server died under load: {server.failure()}")
    return Round(run.requests, run.seconds, cpu, run.errors, run.latency_ms)


def _rate(measured: Round) -> str:
    return f"{measured.requests / measured.seconds if measured.seconds > 0 else 0.0:,.0f}"


def _profile(
    apps: Sequence[str],
    servers: Mapping[str, Server],
    settings: Settings,
    load_at: Callable[[int], Load] | None,
    say: Callable[[str], None],
) -> dict[int, dict[tuple[str, str], list[Round]]]:
    """The concurrency profile: per further level of connections, every app and endpoint for `settings.rounds`.

    The servers are those of the main rounds, still running and warm; the order rotates
    with the round. No floor is loaded around the apps, and no rounds are added: the
    levels compare CPU per request and latency across connections, not apps' multiples.
    """
    if load_at is None:
        raise BenchError("a concurrency profile needs a load generator for each level of connections")
    profile: dict[int, dict[tuple[str, str], list[Round]]] = {}
    for connections in settings.profile:
        load = load_at(connections)
        samples: dict[tuple[str, str], list[Round]] = {(a, e): [] for a in apps for e in ENDPOINTS}
        for r in range(settings.rounds):
            for endpoint in ENDPOINTS:
                for name in _rotated(apps, r):
                    measured = _measure(servers[name], endpoint, load, settings.duration)
                    samples[name, endpoint].append(measured)
                    said = f"{connections} connections, round {r + 1}/{settings.rounds}: {name} {endpoint}"
                    say(f"{said}: {_rate(measured)} req/s")
        profile[connections] = samples
    return profile


# -- the whole run --------------------------------------------------------------------------------


def load_reference() -> BenchResult:
    """The bundled reference run (``tasks/bench_reference.py``): measurements, with provenance."""
    raw = files("fwcompare").joinpath("data", "bench", "reference.json").read_bytes()
    return BenchResult.from_dict(json.loads(raw))


def bench(
    names: Sequence[str] | None = None,
    *,
    python: str | None = None,
    pythons: Mapping[str, str] | None = None,
    rounds: int = DEFAULTS["rounds"],
    duration: int = DEFAULTS["duration"],
    warmup: int = DEFAULTS["warmup"],
    connections: int | Sequence[int] = DEFAULTS["connections"],
    imports: int = DEFAULTS["imports"],
    port: int | None = None,
    reference: bool = False,
    force: bool = False,
    command: str | None = None,
    progress: Callable[[str], None] | None = None,
    sample: Callable[[], float] | None = None,
    registry: Registry | None = None,
    db: str | None = None,
) -> BenchResult:
    """Measure frameworks installed in *python*'s environment (default: this one).

    *names* are framework slugs (default: every framework installed there
    that has a benchmark app: fwcompare's, or one the plugin providing it ships,
    found through *registry*, default the default registry); the floors their
    interfaces need are always measured. Every app
    serves the five endpoints of ``fwcompare_bench.ENDPOINTS`` (checked first:
    ``fwcompare.ops.bench_answers``); each round loads every endpoint of every app for
    *duration* seconds with *connections* connections, after *warmup* seconds
    per endpoint that are discarded. *connections* may be several levels
    (``[16, 64, 256]``, at most ``PROFILE_LEVELS``): the first is the main run's; after
    its rounds, every app and endpoint is loaded for *rounds* rounds at each further
    level, the concurrency profile (``FrameworkMeasurement.profile``). *port* is the first loopback port to use
    (default: free ports). With *reference*, nothing is run and the bundled
    reference run is returned. *progress* receives one line per step.
    Each setting has bounds (``LIMITS``).

    ``/db`` and ``/fortunes`` read a SQLite database built for the run, or, with *db*
    (``postgresql://user@host:port/name``), a PostgreSQL the user started: its tables
    ``world`` and ``fortune`` are created and filled where absent, and the run refused
    if they hold other rows. Every app then reaches it through its PostgreSQL driver
    (``fwcompare_bench.POSTGRESQL``: psycopg or psycopg2, which the measured interpreter
    must have). The provenance names the database and its version, never the user or
    the password; a PostgreSQL on this machine is not pinned, and the CPU its processes
    use is recorded apart (the apps' CPU per request does not include it).

    Steady by construction: before anything starts, *sample* (default
    ``fwcompare.ops.bench.measure_other_cpu``, one second of /proc/stat) measures the cores other processes
    use; above ``QUIET_LIMIT`` (0.25 of a core) the run is refused with a `BenchError` unless
    *force*, which the result's provenance records and its flags repeat.
    Rounds where a server got less than 0.9 of its core are flagged
    (`BenchResult.flags`); rounds are added, at most ``EXTRA_ROUNDS`` (3), while a
    cost multiple's spread is above 1.25.

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
    url = database_url(db)
    levels = (connections,) if isinstance(connections, int) else tuple(connections)
    if not levels:
        raise BenchError("connections must be at least one level, got none")
    settings = Settings(rounds, duration, warmup, levels[0], imports, levels[1:])
    check_settings(settings, port)
    table = app_table([*(names or ()), *(pythons or {})] or None, registry)
    wanted = known(names, table)
    own = own_interpreters(pythons, table)
    wrk = shutil.which("wrk")
    if wrk is None:
        raise WrkMissingError
    given, python = python, interpreter(python)
    say = progress or (lambda line: None)
    date = datetime.now(UTC).isoformat(timespec="seconds")
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="fwcompare-bench-") as root:
        copy_tree(files("fwcompare_bench"), os.path.join(root, "fwcompare_bench"))
        table.copy_plugins(os.path.join(root, "fwcompare_bench"))
        env = child_environment(root, url)
        load_env = {k: v for k, v in env.items() if not k.startswith("PYTHON")}
        tool = wrk_version(wrk, env=load_env, cwd=root)  # first: a wrk that does not run fails the run early
        before = _check_quiet(sample or measure_other_cpu, force, say)
        environment, environments = _environments(python, own, env, root, say)
        plan = choose(wanted, environment, python, say, environments, table, postgresql=bool(url))
        if wanted is None and table.broken:  # plugins' apps that cannot be used: said, not fatal
            broken = tuple(f"{slug} ({why})" for slug, why in table.broken.items())
            for line in broken:
                say(f"skipping {line}")
            plan = attrs.evolve(plan, skipped=plan.skipped + broken)
        plan = attrs.evolve(plan, ports=choose_ports(port, len(plan.apps)))
        say("preparing the database of /db and /fortunes")
        database = prepare_database(python, env, root, url)
        footprints: dict[str, tuple[Figure, Figure]] = {}
        for each in dict.fromkeys([python, *own.values()]):
            apps = [a for a in plan.apps if own.get(a, python) == each]
            footprints |= time_imports(each, env, root, apps, settings.imports, say)
        lua = os.path.join(root, "done.lua")
        with open(lua, "w", encoding="utf-8") as script:
            script.write(LUA)

        def start(name: str, at: int) -> Server:
            return start_server(own.get(name, python), env, name, at, plan.server_cpu, cwd=root)

        def load_at(connections: int) -> Load:
            def load(at: int, endpoint: str, seconds: int) -> WrkRun:
                cpu = plan.load_cpu
                return run_wrk(wrk, lua, at, endpoint, seconds, connections, cpu, env=load_env, cwd=root)

            return load

        local = local_database(url)
        collected = _run_load(plan, settings, start, load_at(settings.connections), say, load_at, local)
    call = command or call_text(names, given, settings, force, pythons, url)
    run = RunInfo(date, call, tool, (load_before, os.getloadavg()[0]), before, force and before > QUIET_LIMIT, database)
    return assemble(run, settings, environment, plan, footprints, collected, environments)


def _environments(
    python: str, own: Mapping[str, str], env: Mapping[str, str], root: str, say: Callable[[str], None]
) -> tuple[Environment, dict[str, Environment]]:
    """The run's interpreter's environment, and that of each framework's own interpreter, by framework."""
    theirs = {}
    for each in dict.fromkeys([python, *own.values()]):
        say(f"reading the environment of {each}")
        theirs[each] = read_environment(each, env, root)
    return theirs[python], {name: theirs[other] for name, other in own.items()}
