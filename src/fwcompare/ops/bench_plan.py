"""What a benchmark run measures: its settings, the environment, the apps and their ports.

The measured interpreter describes its environment (``fwcompare_bench.info``)
and times imports in fresh processes; what it says is checked, not trusted.
`choose` picks the apps (the frameworks asked for or installed, and the
floors they need); `choose_ports` their loopback ports.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from collections.abc import Callable, Mapping, Sequence
from importlib.resources.abc import Traversable
from typing import Any

import attrs

from fwcompare_bench import DRIVER_DISTRIBUTIONS

from .._errors import BenchError, FrameworkNotInstalledError, shorten
from ..model.measurements import Figure
from .bench_apps import BUNDLED, AppTable
from .bench_processes import check_port, free_port, run_child

__all__ = [
    "BRACKET",
    "EXTRA_ROUNDS",
    "INFO_TIMEOUT",
    "LIMITS",
    "PROFILE_LEVELS",
    "QUIET_LIMIT",
    "SERVERS",
    "Environment",
    "Plan",
    "Settings",
    "check_settings",
    "choose",
    "choose_ports",
    "copy_tree",
    "interpreter",
    "known",
    "normalize",
    "own_interpreters",
    "read_environment",
    "run_json",
    "time_imports",
]

LIMITS: dict[str, tuple[int, int]] = {
    "rounds": (1, 100),
    "duration": (1, 3600),
    "warmup": (0, 3600),
    "connections": (1, 10_000),
    "imports": (1, 100),
}
"""The least and the most each setting may be: an hour of load per endpoint is already a day's run."""

PROFILE_LEVELS = 8
"""Most levels of connections one run loads (the main run's and the concurrency profile's):
each level costs as much load as the main run."""

QUIET_LIMIT = 0.25
"""Most of a core other processes may use, measured just before a run, for it to start unforced.

The servers and ``wrk`` each keep one core busy; on a 2-core machine anything else
shares a core with one of them. A quarter of a core is what a desktop's background
(an editor, a browser at rest) stays under, while one busy process (a build, a test
suite) uses a whole one: above it, the rounds' CPU time per request drifts with the
other work (the reference run recorded at 1.7 busy cores of 2 had multiples up to
1.8 times a quiet run's)."""

EXTRA_ROUNDS = 3
"""Most rounds added to those asked for while a cost multiple's spread is above
`fwcompare.model.measurements.SPREAD_LIMIT`: a round of every app costs as much as the
first, so at the defaults (3 rounds) a run lasts at most twice as long."""

BRACKET = 2
"""Apps loaded between two loads of their floor.

The reference run of 2026-12-06 loaded each floor once per round and endpoint, up to
25 loads (100 s) away from an app: the machine's drift over that time flagged 91 of its
120 figures. Two apps between floor loads put every app next to one load of its floor and one load
from the other, for half as many loads again as apps.
"""

INFO_TIMEOUT = 120.0
"""Seconds the measured interpreter may take to describe its environment, or to time one import."""

_INFO_LIMIT = 16 * 1024 * 1024  # bytes of that description: a few hundred distributions take ~200 KB

SERVERS = {"wsgi": "gunicorn", "asgi": "uvicorn"}

_DRIVER_INSTALL = {"psycopg": "psycopg[binary]", "psycopg2": "psycopg2-binary"}
"""What to install for a driver: the distributions with wheels, which need no libpq of the system's."""


@attrs.frozen
class Settings:
    """The load settings of a run (`check_settings` holds them to `LIMITS`)."""

    rounds: int
    duration: int
    warmup: int
    connections: int
    """The main run's connections: the first level of the concurrency profile."""
    imports: int
    profile: tuple[int, ...] = ()
    """The concurrency profile's further levels of connections, each loaded after the main rounds."""


@attrs.frozen
class Environment:
    """What the measured interpreter said of itself (``fwcompare_bench.info``), checked."""

    python: str
    """Implementation and version."""
    markers: dict[str, str]
    dists: dict[str, dict[str, Any]]
    """Installed distributions by normalised name: name, version, requires, size."""

    @property
    def versions(self) -> dict[str, str]:
        return {n: d["version"] for n, d in self.dists.items()}

    def missing(self, name: str, table: AppTable = BUNDLED, postgresql: bool = False) -> list[str]:
        """What app *name* of *table* needs that is not installed: its framework, its add-ons, its server.

        With *postgresql*, its PostgreSQL driver too (any distribution that provides it).
        """
        app = table[name]
        needed = [app.distribution] if app.distribution else []
        needed += list(table.addons.get(name, ()))
        if app.interface in SERVERS:
            needed.append(SERVERS[app.interface])
        missing = [d for d in needed if normalize(d) not in self.dists]
        driver = table.postgresql.get(name)
        if postgresql and driver and not any(normalize(d) in self.dists for d in DRIVER_DISTRIBUTIONS[driver]):
            missing.append(_DRIVER_INSTALL[driver])
        return missing


@attrs.frozen
class Plan:
    """What will run: the apps (floors first), their ports, the cores, and what was skipped."""

    apps: tuple[str, ...]
    ports: tuple[int, ...]
    skipped: tuple[str, ...]
    cores: tuple[int, ...]
    table: AppTable = BUNDLED
    """Where the apps' names are looked up: the bundled apps, and plugins'."""
    postgresql: bool = False
    """Whether the apps reach a PostgreSQL (``bench(db=...)``) rather than the bundled SQLite."""

    @property
    def server_cpu(self) -> int | None:
        return self.cores[0] if len(self.cores) >= 2 else None

    @property
    def load_cpu(self) -> int | None:
        return self.cores[1] if len(self.cores) >= 2 else None


# -- preparing: settings, the environment measured, the apps and their ports ------------------


def normalize(name: str) -> str:
    """A distribution's name as PEP 503 compares names: ``Pyramid_Jinja2`` is ``pyramid-jinja2``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def check_settings(settings: Settings, port: int | None) -> None:
    """`BenchError` unless every setting is a whole number within `LIMITS` and *port* a port.

    The concurrency profile's levels too: each within ``LIMITS["connections"]``, all
    distinct, at most `PROFILE_LEVELS` with the main run's.
    """
    for name, (least, most) in LIMITS.items():
        value = getattr(settings, name)
        if isinstance(value, bool) or not isinstance(value, int) or not least <= value <= most:
            raise BenchError(f"{name} must be a whole number from {least} to {most}, got {shorten(repr(value), 40)}")
    levels = [settings.connections, *settings.profile]
    least, most = LIMITS["connections"]
    for value in settings.profile:
        if isinstance(value, bool) or not isinstance(value, int) or not least <= value <= most:
            raise BenchError(
                f"connections must be a whole number from {least} to {most}, got {shorten(repr(value), 40)}"
            )
    if len(levels) > PROFILE_LEVELS or len(set(levels)) < len(levels):
        raise BenchError(
            f"connections must be at most {PROFILE_LEVELS} distinct levels, got {shorten(repr(levels), 60)}"
        )
    if port is not None and (isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535):
        raise BenchError(f"port must be a whole number from 1 to 65535, got {shorten(repr(port), 40)}")


def known(names: Sequence[str] | None, table: AppTable = BUNDLED) -> list[str] | None:
    """The frameworks asked for, once each; `FrameworkNotInstalledError` for one without an app in *table*.

    A plugin's app that cannot be used is a `BenchError` saying why.
    """
    if not names:
        return None
    frameworks = table.frameworks()
    for name in names:
        if name in table.broken:
            raise BenchError(table.broken[name])
        if name in table.providers and name not in frameworks:
            raise FrameworkNotInstalledError(
                f"{name} has no benchmark app: neither fwcompare nor the plugin that provides it "
                f"({shorten(table.providers[name] or 'of unknown distribution', 60)}) ships one; "
                f"known: {', '.join(frameworks)}"
            )
        if name not in frameworks:
            raise FrameworkNotInstalledError(
                f"fwcompare has no benchmark app for {shorten(name, 60)!r}; known: {', '.join(frameworks)}"
            )
    return list(dict.fromkeys(names))


def interpreter(python: str | None) -> str:
    """An absolute path: the children run from another directory, where a relative one means nothing."""
    if python is None:
        return sys.executable
    found = python if os.sep in python else shutil.which(python)
    return os.path.abspath(found or python)


def own_interpreters(pythons: Mapping[str, str] | None, table: AppTable = BUNDLED) -> dict[str, str]:
    """Framework -> absolute interpreter path, for the frameworks that run on one of their own.

    `FrameworkNotInstalledError` for a name without an app (`known`: floors too, which
    run on the run's interpreter); `BenchError` for a value that is not a path.
    """
    own: dict[str, str] = {}
    for name, python in (pythons or {}).items():
        if not isinstance(python, str) or not python or len(python) > 4096:
            raise BenchError(
                f"the interpreter for {shorten(str(name), 60)!r} must be a path, got {shorten(repr(python), 60)}"
            )
        known([name], table)
        own[name] = interpreter(python)
    return own


def copy_tree(source: Traversable, target: str) -> None:
    """Copy the package *source* (``fwcompare_bench``: modules and templates) to the directory *target*."""
    os.makedirs(target, exist_ok=True)
    for item in source.iterdir():
        if item.is_dir() and item.name != "__pycache__":
            copy_tree(item, os.path.join(target, item.name))
        elif item.is_file() and not item.name.endswith(".pyc"):
            with open(os.path.join(target, item.name), "wb") as out:
                out.write(item.read_bytes())


def run_json(python: str, args: Sequence[str], env: Mapping[str, str], root: str) -> Any:
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


def _text(value: object, field: str, *, empty: bool = False) -> str:
    """*value* if it is a string of at most 1,000 characters (and not empty unless *empty*)."""
    if not isinstance(value, str) or (not value and not empty) or len(value) > 1000:
        raise BenchError(f"the environment's description has no valid {field}: {shorten(repr(value), 60)}")
    return value


def read_environment(python: str, env: Mapping[str, str], root: str) -> Environment:
    """Ask *python* for its environment (``fwcompare_bench.info``); `BenchError` if the answer is not one."""
    info = run_json(python, ["-m", "fwcompare_bench.info"], env, root)
    if not isinstance(info, dict) or not all(isinstance(info.get(k), t) for k, t in _INFO_SHAPE.items()):
        raise BenchError(f"{python} described its environment in an unexpected shape")
    # A marker may be empty (platform_release on some systems); a name or a version may not.
    markers = {_text(k, "marker"): _text(v, "marker", empty=True) for k, v in info["markers"].items()}
    dists: dict[str, dict[str, Any]] = {}
    for d in info["distributions"]:
        if not isinstance(d, dict) or not isinstance(d.get("requires"), list) or type(d.get("size")) is not int:
            raise BenchError(f"{python} described a distribution in an unexpected shape")
        name, version = _text(d.get("name"), "distribution name"), _text(d.get("version"), "version")
        requires = [_text(r, "requirement") for r in d["requires"]]
        dists[normalize(name)] = {"name": name, "version": version, "requires": requires, "size": d["size"]}
    about = info["python"]
    label = f"{_text(about.get('implementation'), 'implementation')} {_text(about.get('version'), 'version')}"
    return Environment(label, markers, dists)


_INFO_SHAPE = {"python": dict, "markers": dict, "distributions": list}


def choose(
    wanted: list[str] | None,
    environment: Environment,
    python: str,
    say: Callable[[str], None],
    own: Mapping[str, Environment] | None = None,
    table: AppTable = BUNDLED,
    postgresql: bool = False,
) -> Plan:
    """The apps of *table* to run: those asked for (or every installed one) and the floors they need.

    *own* maps a framework to the environment of the interpreter it runs on when that is
    not *python*'s (``bench(pythons=...)``): it is looked for there, and always run.
    With *postgresql*, an app needs its PostgreSQL driver too, and a plugin's app that
    declares none (it runs on SQLite only) is skipped, or refused when asked for.
    """
    own = own or {}
    frameworks = table.frameworks()
    sqlite_only = [n for n in frameworks if n not in table.postgresql] if postgresql else []
    if sqlite_only:
        for name in wanted or ():
            if name in sqlite_only:
                raise BenchError(
                    f"{name}'s benchmark app runs on SQLite only: its BENCH_APP names no postgresql driver"
                )
        frameworks = [n for n in frameworks if n not in sqlite_only]

    def missing(name: str) -> list[str]:
        return own.get(name, environment).missing(name, table, postgresql)

    skipped: list[str] = []
    if wanted is None:
        installed = [n for n in frameworks if n not in own and normalize(table[n].distribution) in environment.dists]
        wanted = [n for n in installed if not missing(n)] + [n for n in frameworks if n in own]
        # Installed, but without what its minimal app needs (a template add-on, the server).
        skipped = [f"{n} ({', '.join(missing(n))} not installed)" for n in installed if missing(n)]
        if postgresql:
            skipped += [
                f"{n} (its app runs on SQLite only)"
                for n in sqlite_only
                if n not in own and normalize(table[n].distribution) in environment.dists
            ]
        for line in skipped:
            say(f"skipping {line}")
        if not wanted:
            raise FrameworkNotInstalledError(f"no bundled framework is installed for {python}")
    for name in wanted:
        if absent := missing(name):
            where = "its own interpreter" if name in own else python
            raise FrameworkNotInstalledError(
                f"{name} cannot be benchmarked: {', '.join(absent)} not installed for {where} "
                f"(pip install {' '.join(absent)})"
            )
    interfaces = {table[n].interface for n in wanted}
    floors = [f for f, needed in (("wsgi-floor", "wsgi"), ("asgi-floor", "asgi")) if needed in interfaces]
    # Own-server frameworks are compared with the ASGI floor when uvicorn is there to run it.
    if "own" in interfaces and "asgi-floor" not in floors and not environment.missing("asgi-floor", table, postgresql):
        floors.append("asgi-floor")
    # (A floor runs on the run's interpreter and needs only its server.)
    for floor in floors:
        if absent := environment.missing(floor, table, postgresql):
            raise FrameworkNotInstalledError(
                f"the {floor} needs {', '.join(absent)} installed for {python} (pip install {' '.join(absent)})"
            )
    cores = tuple(sorted(os.sched_getaffinity(0))) if hasattr(os, "sched_getaffinity") else ()
    return Plan(tuple(floors + wanted), (), tuple(skipped), cores, table, postgresql)


def choose_ports(first: int | None, count: int) -> tuple[int, ...]:
    """*count* ports from *first* on (or free ones), each checked to be free now."""
    if first is not None and first + count - 1 > 65535:
        raise BenchError(f"--port {first} leaves no room for {count} servers: ports end at 65535")
    if first:
        ports = tuple(first + i for i in range(count))
    else:
        # The kernel may hand the same free port out twice once its socket is closed: ask until distinct.
        chosen: dict[int, None] = {}
        for _ in range(count * 20):
            chosen[free_port()] = None
            if len(chosen) == count:
                break
        ports = tuple(chosen)
        if len(ports) < count:
            raise BenchError(f"could not find {count} distinct free loopback ports")
    for port in ports:
        check_port(port)
    return ports


def time_imports(
    python: str, env: Mapping[str, str], root: str, apps: Sequence[str], imports: int, say: Callable[[str], None]
) -> dict[str, tuple[Figure, Figure]]:
    """Per app, the import time of its framework and of its whole app (ms), over fresh processes."""
    footprints = {}
    for name in apps:
        say(f"import time of {name} ({imports} fresh processes)")
        times = []
        for _ in range(imports + 1):
            t = run_json(python, ["-m", "fwcompare_bench.info", "--import", name], env, root)
            if not isinstance(t, dict) or not all(type(t.get(k)) in (int, float) for k in ("framework", "app")):
                raise BenchError(f"{python} timed the import of {name} in an unexpected shape")
            times.append(t)
        times = times[1:]  # the first writes the bytecode cache
        footprints[name] = (
            Figure.of(t["framework"] * 1000 for t in times),
            Figure.of(t["app"] * 1000 for t in times),
        )
    return footprints
