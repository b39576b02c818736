"""The result of a benchmark run, assembled from the figures collected and the environment.

`assemble` builds the `BenchResult`: every app's measurements (the cost
multiple over its floor, round by round; the footprint from the environment's
requirement closure) and the run's provenance (machine, versions, settings,
notes).
"""

from __future__ import annotations

import contextlib
import math
import os
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from fwcompare_bench import DRIVER_DISTRIBUTIONS, ENDPOINTS, SERVER_DISTRIBUTIONS, postgresql_label

from ..model.figures import floor_costs
from ..model.measurements import (
    CORE_SHARE_LIMIT,
    FLOORS,
    SPREAD_LIMIT,
    BenchResult,
    EndpointMeasurement,
    Figure,
    Footprint,
    FrameworkMeasurement,
    ProfileLevel,
    Provenance,
    Round,
)
from .bench_apps import BUNDLED, AppTable
from .bench_database import redacted_url
from .bench_plan import BRACKET, QUIET_LIMIT, Environment, Plan, Settings, normalize

__all__ = ["Collected", "RunInfo", "assemble", "call_text", "closure", "floor_of", "widest_spread"]


@attrs.frozen
class Collected:
    """The figures of the load: rounds per app and endpoint, memory per app, others' CPU use."""

    samples: dict[tuple[str, str], list[Round]]
    rss: dict[str, int]
    other_cpu: float
    added_rounds: int = 0
    """Rounds run beyond those asked for, because a cost multiple's spread was still too wide;
    as many of the first rounds were dropped if the last ones then agreed."""
    profile: dict[int, dict[tuple[str, str], list[Round]]] = attrs.field(factory=dict)
    """The concurrency profile: per further level of connections, its rounds per app and endpoint."""
    database_cpu: float | None = None
    """Cores a PostgreSQL on this machine kept busy during the rounds (None: not measured, or SQLite,
    which runs inside the servers and so in their CPU time)."""


# -- assembling the result ----------------------------------------------------------------------


def closure(root: str, dists: Mapping[str, Mapping[str, Any]], markers: Mapping[str, str]) -> list[Mapping[str, Any]]:
    """The installed distributions *root* requires, itself included (base install, no extras)."""
    from packaging.markers import UndefinedComparison, UndefinedEnvironmentName
    from packaging.requirements import InvalidRequirement, Requirement

    seen: dict[str, Mapping[str, Any]] = {}
    todo = [normalize(root)]
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
                todo.append(normalize(req.name))
    return sorted(seen.values(), key=lambda d: normalize(d["name"]))


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


def floor_of(name: str, apps: Sequence[str], table: AppTable) -> str | None:
    """The floor *name*'s CPU cost is measured against, among *apps*: None for a floor, or when it is not run."""
    floor = "wsgi-floor" if table[name].interface == "wsgi" else "asgi-floor"
    return None if name in FLOORS or floor not in apps else floor


def _multiples(rounds: Sequence[Round], floor: Sequence[Round]) -> Figure:
    """The cost multiple over *rounds*: each round's CPU per request over its floor's (``floor_costs``).

    A round whose floor measured no CPU time gives none (NaN, left out of the figure).
    """
    costs = floor_costs(rounds, floor)
    return Figure.of(a.cpu_us_per_request / f if f > 0 else math.nan for a, f in zip(rounds, costs, strict=True))


def widest_spread(
    samples: Mapping[tuple[str, str], Sequence[Round]], apps: Sequence[str], table: AppTable = BUNDLED
) -> float:
    """The widest spread over rounds (`Figure.interval_spread`) of any cost multiple in *samples* (1.0 with none).

    *apps* are *table*'s.

    Undefined spreads (a floor that measured no CPU time) are left out: more rounds do not define them.
    """
    widest = 1.0
    for name in apps:
        floor = floor_of(name, apps, table)
        if floor is None:
            continue
        for e in ENDPOINTS:
            spread = _multiples(samples[name, e], samples[floor, e]).interval_spread
            if math.isfinite(spread):
                widest = max(widest, spread)
    return widest


def _measurement(
    name: str,
    plan: Plan,
    environment: Environment,
    collected: Collected,
    imports: tuple[Figure, Figure],
    own: bool = False,
) -> FrameworkMeasurement:
    app = plan.table[name]
    samples = collected.samples
    floor = floor_of(name, plan.apps, plan.table)
    endpoints = []
    for e in ENDPOINTS:
        multiple = None
        if floor is not None:
            multiple = _multiples(samples[name, e], samples[floor, e])
        endpoints.append(EndpointMeasurement(e, tuple(samples[name, e]), multiple))
    profile = tuple(
        ProfileLevel(c, tuple(EndpointMeasurement(e, tuple(level[name, e]), None) for e in ENDPOINTS))
        for c, level in collected.profile.items()
    )
    brought = closure(app.distribution, environment.dists, environment.markers) if app.distribution else []
    versions = environment.versions
    return FrameworkMeasurement(
        name=name,
        version=versions.get(normalize(app.distribution)) if app.distribution else None,
        interface=app.interface,
        server=_server_label(app.interface, app.server, versions),
        template_engine=app.engine,
        floor=floor,
        endpoints=tuple(endpoints),
        footprint=Footprint(
            tuple(f"{d['name']} {d['version']}" for d in brought),
            sum(int(d["size"]) for d in brought),
            imports[0],
            imports[1],
            collected.rss[name],
        ),
        database=postgresql_label(app.database, plan.table.postgresql[name]) if plan.postgresql else app.database,
        python=environment.python if own else None,
        profile=profile,
    )


def _notes(
    plan: Plan,
    run: RunInfo,
    collected: Collected,
    settings: Settings,
    python: str,
    theirs: Mapping[str, Environment],
) -> list[str]:
    apps, other_cpu, load_average = plan.apps, collected.other_cpu, run.load_average
    notes = [f"skipped {line}" for line in plan.skipped]
    for name in (n for n in apps if n in theirs):
        other, floor = theirs[name].python, floor_of(name, apps, plan.table)
        notes.append(
            f"{name} ran on an interpreter of its own ({other}), the floors on the run's ({python})"
            + (
                f": its figures over the {floor} include the two interpreters' difference"
                if floor and other != python
                else ""
            )
        )
    if run.forced:
        notes.append(
            f"forced (--force): other processes used {run.other_cpu_before:.2f} of a core before the run, "
            f"more than the {QUIET_LIMIT:g} a steady measurement allows"
        )
    if collected.added_rounds:
        # A floor has a round for each of its loads: the frameworks' rounds say how many were kept.
        added, kept = collected.added_rounds, {len(v) for (a, _), v in collected.samples.items() if a not in FLOORS}
        outcome = (
            ("the first was dropped as unsettled" if added == 1 else f"the first {added} were dropped as unsettled")
            if kept == {settings.rounds}
            else "they never agreed, so every round is kept"
        )
        notes.append(
            f"{added} {'round' if added == 1 else 'rounds'} added to the {settings.rounds} asked for while a "
            f"cost multiple's spread over the last {settings.rounds} was above {SPREAD_LIMIT:g}; {outcome}"
        )
    own = ", ".join(n for n in apps if plan.table[n].interface == "own")
    if own and "asgi-floor" in apps:
        notes.append(f"{own} run on their own servers: their cost multiple divides by the ASGI floor on uvicorn")
    elif own:
        notes.append(f"{own} run on their own servers: no cost multiple without uvicorn for the ASGI floor")
    if plan.server_cpu is None:
        notes.append("fewer than 2 cores: server and wrk were not pinned to different cores")
    if plan.postgresql:
        notes.append(
            "/db and /fortunes read PostgreSQL: each server waits for its answers, so a core share under "
            f"{CORE_SHARE_LIMIT:g} is not flagged there; the database's own CPU is not in the apps' CPU per request"
        )
    if collected.database_cpu is not None:
        notes.append(
            f"PostgreSQL ran on this machine, unpinned: its processes kept {collected.database_cpu:.2f} of a core "
            "busy during the rounds (not counted as other processes' use)"
        )
    if other_cpu >= 0.5:
        notes.append(
            f"the machine was busy: other processes kept {other_cpu:.1f} of its {os.cpu_count()} cores busy on "
            f"average during the load (load average {load_average[0]:.1f} before, {load_average[1]:.1f} after); "
            "compare CPU per request rather than requests per second"
        )
    return notes


@attrs.frozen
class RunInfo:
    """How the run was called and what it ran under: what the provenance records besides the figures."""

    date: str
    command: str
    load_tool: str
    load_average: tuple[float, float]
    other_cpu_before: float | None = None
    """Cores other processes used in the check before the run."""
    forced: bool = False
    database: str | None = None
    """The database of ``/db`` and ``/fortunes``, its version, and (PostgreSQL) where it ran."""


def assemble(
    run: RunInfo,
    settings: Settings,
    environment: Environment,
    plan: Plan,
    footprints: Mapping[str, tuple[Figure, Figure]],
    collected: Collected,
    own: Mapping[str, Environment] | None = None,
) -> BenchResult:
    """The result: every app's measurements, and the provenance of the run.

    *own* maps a framework that ran on an interpreter of its own to that interpreter's environment.
    """
    own = own or {}
    measured = tuple(
        _measurement(n, plan, own.get(n, environment), collected, footprints[n], n in own) for n in plan.apps
    )
    table = plan.table
    used = {normalize(table[n].distribution) for n in plan.apps if table[n].distribution}
    used |= {normalize(d) for n in plan.apps for d in table.addons.get(n, ())}
    used |= {normalize(d) for d in SERVER_DISTRIBUTIONS}
    if plan.postgresql:
        used |= {normalize(d) for n in plan.apps for d in DRIVER_DISTRIBUTIONS[plan.table.postgresql[n]]}
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
            ("floor_every", BRACKET),
        ),
        load_average=run.load_average,
        other_cpu=round(collected.other_cpu, 2),
        other_cpu_before=None if run.other_cpu_before is None else round(run.other_cpu_before, 2),
        forced=run.forced,
        database=run.database,
        profile_connections=settings.profile,
        notes=tuple(_notes(plan, run, collected, settings, environment.python, own)),
    )
    return BenchResult(provenance, measured)


def call_text(
    names: Sequence[str] | None,
    python: str | None,
    settings: Settings,
    force: bool,
    pythons: Mapping[str, str] | None = None,
    url: str = "",
) -> str:
    """The call that repeats a run made from Python (not the CLI), every setting spelled out; no password."""
    args = [repr(list(names))] if names else []
    if python:
        args.append(f"python={python!r}")
    if pythons:
        args.append(f"pythons={dict(pythons)!r}")
    if url:
        args.append(f"db={redacted_url(url)!r}")
    if force:
        args.append("force=True")
    args += [
        f"rounds={settings.rounds}",
        f"duration={settings.duration}",
        f"warmup={settings.warmup}",
        f"connections={[settings.connections, *settings.profile] if settings.profile else settings.connections}",
    ]
    return f"fwcompare.bench({', '.join(args)})"
