"""Benchmark results: measurements with their spread and provenance, not facts.

Everything here is a frozen attrs class built by `fwcompare.ops.bench.bench`
(or read back from JSON with `BenchResult.from_dict`). Every figure is a
`Figure`: the median over rounds with the minimum, the maximum and the number
of rounds, and the interval that holds the median (`Figure.interval`), so a
reader can see how far to trust it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from .base import Formatted
from .figures import PERCENTILES, Figure, Round, floor_costs
from .provenance import Provenance

if TYPE_CHECKING:
    import pandas

__all__ = [
    "CORE_SHARE_LIMIT",
    "DATABASE_ENDPOINTS",
    "FLOORS",
    "SPREAD_LIMIT",
    "BenchResult",
    "EndpointMeasurement",
    "Figure",
    "Footprint",
    "FrameworkMeasurement",
    "ProfileLevel",
    "Provenance",
    "Round",
]

FLOORS = ("wsgi-floor", "asgi-floor")
"""The names of the bare WSGI and ASGI apps."""

DATABASE_ENDPOINTS = ("db", "fortunes")
"""The endpoints that read the database (TechEmpower's single query and fortunes)."""

SPREAD_LIMIT = 1.25
"""Widest `Figure.interval_spread` of a cost multiple that is not flagged: the upper end of the
interval that holds its median over the lower (max over min up to 5 rounds)."""

CORE_SHARE_LIMIT = 0.9
"""Least share of its core a server must get in every round for its figures not to be flagged.

In a closed loop the server is never idle, so it should use its whole core (loaded
alone on this project's machine, the WSGI floor, Flask and the fastest WSGI apps got
0.93 to 0.99 of it). In a round where it got less, its core was taken by something
else (another process, the host of a virtual machine), whose cost its CPU time per
request may carry (caches, switches), or sat idle while the server waited for
requests (seen on the fastest apps on gunicorn's sync worker): a server that was not
saturated. Not applied to the `DATABASE_ENDPOINTS` of a run on PostgreSQL
(`Provenance.database_server`), whose servers wait for the database by design."""


@attrs.frozen
class EndpointMeasurement:
    """One endpoint of one app, over every round."""

    endpoint: str
    """``plaintext``, ``json``, ``html``, ``db`` or ``fortunes`` (``fwcompare_bench.ENDPOINTS``)."""
    rounds: tuple[Round, ...]
    cost_multiple: Figure | None
    """Server CPU per request as a multiple of the floor's in the same round (None for a floor)."""

    @property
    def requests_per_second(self) -> Figure:
        """Requests per second over rounds."""
        return Figure.of(r.requests_per_second for r in self.rounds)

    @property
    def cpu_us_per_request(self) -> Figure:
        """Server CPU time per request (µs) over rounds: the stable figure on a busy machine."""
        return Figure.of(r.cpu_us_per_request for r in self.rounds)

    def latency_ms(self, which: str) -> Figure:
        """A latency figure (``p50``, ``p90``, ``p99`` or ``max``) over rounds, in milliseconds."""
        index = PERCENTILES.index(which)
        return Figure.of(r.latency_ms[index] for r in self.rounds)

    @property
    def errors(self) -> int:
        """Errors over all rounds (a correct app under this load has none)."""
        return sum(r.errors for r in self.rounds)

    def to_dict(self) -> dict[str, Any]:
        """Figures (with spread) and the raw rounds, JSON-safe."""
        return {
            "endpoint": self.endpoint,
            "requests_per_second": self.requests_per_second.to_dict(),
            "latency_ms": {p: self.latency_ms(p).to_dict() for p in PERCENTILES},
            "cpu_us_per_request": self.cpu_us_per_request.to_dict(),
            "cost_multiple": None if self.cost_multiple is None else self.cost_multiple.to_dict(),
            "errors": self.errors,
            "rounds": [r.to_dict() for r in self.rounds],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> EndpointMeasurement:
        """The inverse of `to_dict` (the figures are recomputed from the rounds)."""
        multiple = data.get("cost_multiple")
        return cls(
            str(data["endpoint"]),
            tuple(Round.from_dict(r) for r in data["rounds"]),
            None if multiple is None else Figure.from_dict(multiple),
        )


@attrs.frozen
class Footprint:
    """What a framework weighs: dependencies, disk, import time, memory."""

    distributions: tuple[str, ...]
    """``name version`` of every distribution installing the framework brings, itself included."""
    installed_bytes: int
    """Size on disk of those distributions' files."""
    import_ms: Figure
    """Importing the framework's first module, in fresh processes (ms)."""
    app_import_ms: Figure
    """Importing the whole minimal app (framework, template engine, app module), fresh processes (ms)."""
    rss_bytes: int
    """Resident memory of the server's processes after start-up and one request per endpoint."""

    @property
    def count(self) -> int:
        """Number of distributions."""
        return len(self.distributions)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe values."""
        return {
            "count": self.count,
            "distributions": list(self.distributions),
            "installed_bytes": self.installed_bytes,
            "import_ms": self.import_ms.to_dict(),
            "app_import_ms": self.app_import_ms.to_dict(),
            "rss_bytes": self.rss_bytes,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Footprint:
        """The inverse of `to_dict`."""
        return cls(
            tuple(data["distributions"]), int(data["installed_bytes"]), Figure.from_dict(data["import_ms"]),
            Figure.from_dict(data["app_import_ms"]), int(data["rss_bytes"]),
        )  # fmt: skip


def _endpoint(endpoints: tuple[EndpointMeasurement, ...], name: str) -> EndpointMeasurement:
    """The measurement of endpoint *name* among *endpoints* (an app's, or a profile level's); `KeyError` if absent."""
    for e in endpoints:
        if e.endpoint == name:
            return e
    raise KeyError(name)


@attrs.frozen
class ProfileLevel:
    """One further level of the concurrency profile: every endpoint of one app at *connections* connections.

    The main run (``FrameworkMeasurement.endpoints``) is the profile's first level; each
    further level loads the same running server for as many rounds, in a closed loop
    as the main run does. Its endpoints carry no cost multiple: CPU per request and
    latency are the figures compared across levels.
    """

    connections: int
    endpoints: tuple[EndpointMeasurement, ...]

    def endpoint(self, name: str) -> EndpointMeasurement:
        """The measurement of endpoint *name* at this level; `KeyError` if it was not measured."""
        return _endpoint(self.endpoints, name)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe values."""
        return {"connections": self.connections, "endpoints": [e.to_dict() for e in self.endpoints]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ProfileLevel:
        """The inverse of `to_dict`."""
        return cls(int(data["connections"]), tuple(EndpointMeasurement.from_dict(e) for e in data["endpoints"]))


@attrs.frozen
class FrameworkMeasurement:
    """One app (a framework's, or a floor) on its server, with its endpoints and footprint."""

    name: str
    """The framework's slug, or ``wsgi-floor`` / ``asgi-floor``."""
    version: str | None
    interface: str
    """``wsgi``, ``asgi`` or ``own`` (the framework's own server)."""
    server: str
    """The server and its settings, with its version."""
    template_engine: str
    floor: str | None
    """The floor the cost multiple divides by (None for a floor itself, or when none could run)."""
    endpoints: tuple[EndpointMeasurement, ...]
    footprint: Footprint
    database: str | None = None
    """How ``/db`` and ``/fortunes`` reach the database: the ORM, or the driver and how it is called
    (None in results recorded before the database endpoints)."""
    python: str | None = None
    """The interpreter this app ran on (implementation and version) when it is not the run's
    (`Provenance.python`): a framework that cannot be installed beside the others, or not on
    that Python, runs from an environment of its own (``bench(pythons=...)``). None: the run's."""
    profile: tuple[ProfileLevel, ...] = ()
    """The concurrency profile's further levels, in the order run (empty: one level, the main run's
    connections, ``Provenance.setting("connections")``)."""

    @property
    def is_floor(self) -> bool:
        """Whether this is a bare WSGI or ASGI callable rather than a framework."""
        return self.name in FLOORS

    def endpoint(self, name: str) -> EndpointMeasurement:
        """The measurement of endpoint *name*; `KeyError` if it was not measured."""
        return _endpoint(self.endpoints, name)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe values."""
        return {
            "name": self.name,
            "version": self.version,
            "interface": self.interface,
            "server": self.server,
            "template_engine": self.template_engine,
            "database": self.database,
            "python": self.python,
            "floor": self.floor,
            "endpoints": [e.to_dict() for e in self.endpoints],
            "footprint": self.footprint.to_dict(),
            "profile": [level.to_dict() for level in self.profile],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FrameworkMeasurement:
        """The inverse of `to_dict`."""
        return cls(
            str(data["name"]), data["version"], str(data["interface"]), str(data["server"]),
            str(data["template_engine"]), data["floor"],
            tuple(EndpointMeasurement.from_dict(e) for e in data["endpoints"]),
            Footprint.from_dict(data["footprint"]), data.get("database"), data.get("python"),
            tuple(ProfileLevel.from_dict(level) for level in data.get("profile", ())),
        )  # fmt: skip


def _beside(value: float, limit: float) -> str:
    """*value* to 2 decimals, or as many more as it takes not to read as *limit* (1.2503 is not "1.25")."""
    digits = 2
    while f"{value:.{digits}f}" == f"{limit:.{digits}f}" and digits < 6:
        digits += 1
    return f"{value:.{digits}f}"


def _spread(m: Figure, limit: float) -> str:
    """What a cost multiple's spread is, over which rounds: all of them up to 5, the median's interval beyond."""
    spread = _beside(m.interval_spread, limit)
    if m.interval == (m.min, m.max):
        return f"the cost multiple's spread over {m.rounds} rounds is {spread}"
    low, high = m.interval
    return f"over {m.rounds} rounds the cost multiple's median lies in {low:.2f}–{high:.2f}, a spread of {spread}"


def _starved(where: str, rounds: tuple[Round, ...]) -> list[str]:
    """The flag for rounds of *where* in which the server got less than `CORE_SHARE_LIMIT` of its core."""
    starved = [r.core_share for r in rounds if r.core_share < CORE_SHARE_LIMIT]
    if not starved:
        return []
    share = f"less than {CORE_SHARE_LIMIT:g} of its core (least {_beside(min(starved), CORE_SHARE_LIMIT)})"
    return [f"{where}: in {len(starved)} of {len(rounds)} rounds the server got {share}; do not rank on it"]


@attrs.frozen
class BenchResult(Formatted):
    """A benchmark run: every app's measurements and the run's provenance.

    These are measurements on one machine at one time, not facts: read them
    with ``provenance``, and trust a ranking only where ``flags`` says nothing.
    """

    _format_kind: ClassVar[str] = "bench"

    provenance: Provenance
    apps: tuple[FrameworkMeasurement, ...]
    """The floors first, then the frameworks in the order asked for."""
    spread_limit: float = SPREAD_LIMIT

    @property
    def floors(self) -> tuple[FrameworkMeasurement, ...]:
        """The bare WSGI and ASGI callables."""
        return tuple(a for a in self.apps if a.is_floor)

    @property
    def frameworks(self) -> tuple[FrameworkMeasurement, ...]:
        """The frameworks' apps."""
        return tuple(a for a in self.apps if not a.is_floor)

    def app(self, name: str) -> FrameworkMeasurement:
        """The measurement of app *name*; `KeyError` if it was not measured."""
        for a in self.apps:
            if a.name == name:
                return a
        raise KeyError(name)

    def added_cpu_us(self, app: str, endpoint: str) -> Figure | None:
        """Server CPU µs per request app *app* adds over its floor on the same server, on *endpoint*.

        The headline figure: per round, the app's CPU time per request minus its
        floor's measured around it (``floor_costs``), as a `Figure` over rounds. Unlike the cost
        multiple, it compares across interfaces (µs are µs on gunicorn and on
        uvicorn). None for a floor, and for an app on its own server, whose
        floor runs on another (uvicorn). `KeyError` if *app* or *endpoint* was
        not measured.
        """
        measured = self.app(app)
        if measured.floor is None or measured.interface not in ("wsgi", "asgi"):
            return None
        ours, floors = measured.endpoint(endpoint).rounds, self.app(measured.floor).endpoint(endpoint).rounds
        return Figure.of(a.cpu_us_per_request - f for a, f in zip(ours, floor_costs(ours, floors), strict=True))

    def flags(self) -> tuple[str, ...]:
        """Why some figures should not be ranked on: a forced run, wide spreads, starved servers, errors."""
        found = []
        if self.provenance.forced:
            found.append(
                f"forced past a busy machine: other processes used {self.provenance.other_cpu_before or 0:.2f} "
                "of a core before the run; do not rank on it"
            )
        waits = DATABASE_ENDPOINTS if self.provenance.database_server else ()
        for a in self.apps:
            for e in a.endpoints:
                if e.endpoint not in waits:
                    found += _starved(f"{a.name} {e.endpoint}", e.rounds)
                m = e.cost_multiple
                if m is not None and m.rounds > 1 and not m.interval_spread <= self.spread_limit:
                    spread = _spread(m, self.spread_limit)
                    found.append(f"{a.name} {e.endpoint}: {spread}, above {self.spread_limit:g}; do not rank on it")
                if e.errors:
                    found.append(f"{a.name} {e.endpoint}: {e.errors} failed requests")
            for level in a.profile:
                for e in level.endpoints:
                    where = f"{a.name} {e.endpoint} at {level.connections} connections"
                    if e.endpoint not in waits:
                        found += _starved(where, e.rounds)
                    if e.errors:
                        found.append(f"{where}: {e.errors} failed requests")
        return tuple(found)

    def to_dict(self) -> dict[str, Any]:
        """Every figure with its spread, the raw rounds and the provenance, JSON-safe."""
        return {
            "kind": "measurements",
            "provenance": self.provenance.to_dict(),
            "spread_limit": self.spread_limit,
            "flags": list(self.flags()),
            "apps": [a.to_dict() for a in self.apps],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> BenchResult:
        """The inverse of `to_dict` (flags are recomputed)."""
        return cls(
            Provenance.from_dict(data["provenance"]),
            tuple(FrameworkMeasurement.from_dict(a) for a in data["apps"]),
            float(data.get("spread_limit", SPREAD_LIMIT)),
        )

    def to_json(self, indent: int | None = 2) -> str:
        """`to_dict` as JSON text."""
        text: str = self.to_format("json", indent=indent)
        return text

    def to_text(self, width: int = 100) -> str:
        """A text table with bars, fitted to *width* columns."""
        text: str = self.to_format("text", width=width)
        return text

    def to_markdown(self) -> str:
        """Markdown tables, with the provenance."""
        text: str = self.to_format("markdown")
        return text

    def to_html(self) -> str:
        """HTML with inline SVG bar charts, with the provenance; everything escaped."""
        text: str = self.to_format("html")
        return text

    def to_pandas(self) -> pandas.DataFrame:
        """One row per app and endpoint (install ``fwcompare[pandas]``)."""
        frame: pandas.DataFrame = self.to_format("pandas")
        return frame

    def __str__(self) -> str:
        return self.to_text()

    def _repr_html_(self) -> str:
        return self.to_html()
