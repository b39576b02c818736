"""The shapes of ``rank``, ``releases``, ``update`` and ``bench`` JSON, re-exported by `fwcompare.jsontypes`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, NotRequired, TypedDict

if TYPE_CHECKING:
    from .jsontypes import FactDict, IsoDate, IsoDateTime, PolicyKind, SeriesEnd, SupportText

__all__ = [
    "BenchAppDict",
    "BenchDict",
    "BenchEndpointDict",
    "BenchFigureDict",
    "BenchFootprintDict",
    "BenchMachineDict",
    "BenchPinningDict",
    "BenchProfileLevelDict",
    "BenchProvenanceDict",
    "BenchRoundDict",
    "ListUpdateDict",
    "NeedDict",
    "NeedResultDict",
    "RankedFrameworkDict",
    "RankingDict",
    "ReleaseListingDict",
    "ReleaseRowDict",
    "UpdateDict",
]


class NeedDict(TypedDict):
    """One need of a ranking, as resolved."""

    criterion: str
    label: str
    weight: float
    builtin_only: bool


class NeedResultDict(TypedDict):
    """How one framework answers one need, with the fact that decided it."""

    criterion: str
    status: Literal["met", "partial", "extension", "unmet", "unknown"]
    support: SupportText
    credit: float
    reason: str
    fact: FactDict


class RankedFrameworkDict(TypedDict):
    """One framework's place in a ranking (``position`` from 1)."""

    position: int
    slug: str
    name: str
    version: str
    checked_version: str
    score: float
    builtin_count: int
    results: list[NeedResultDict]


class RankingDict(TypedDict):
    """``fwcompare rank --format json`` and `fwcompare.Ranking.to_dict`."""

    fwcompare: str
    schema_version: int
    needs: list[NeedDict]
    credit: dict[str, float]
    max_score: float
    ranking: list[RankedFrameworkDict]


class ReleaseRowDict(TypedDict):
    """One framework's release on ``day`` and its lifecycle (``release`` null where none answers).

    ``python`` and ``latest_admits_python`` are there only where a Python was asked for.
    """

    slug: str
    name: str
    release: str | None
    date: IsoDate | None
    why: str
    requires_python: str | None
    day: IsoDate
    supported: bool | None
    support_ends: SeriesEnd | None
    support_end_precision: Literal["day", "month"] | None
    until_next_release: bool | None
    support_window: str | None
    final_releases_last_12_months: int | None
    support_policy: PolicyKind
    releases_read: IsoDate | None
    python: NotRequired[str]
    latest_admits_python: NotRequired[bool | None]


class ReleaseListingDict(TypedDict):
    """``fwcompare releases --format json`` and ``ReleaseListing.to_dict()``: one row per framework."""

    fwcompare: str
    schema_version: int
    python: str | None
    frameworks: list[ReleaseRowDict]


class ListUpdateDict(TypedDict):
    """What ``update`` did with one release list (``ok``: proved and written; ``error`` why not)."""

    slug: str
    distribution: str
    outcome: Literal["updated", "unchanged", "not modified", "refused", "unreachable"]
    ok: bool
    latest: str | None
    added: list[str]
    removed: list[str]
    compared: str
    error: str | None


class UpdateDict(TypedDict):
    """``fwcompare update --format json`` and `fwcompare.UpdateReport.to_dict`."""

    fwcompare: str
    schema_version: int
    cache_dir: str
    read_on: IsoDate
    lists: list[ListUpdateDict]
    requests: int
    bytes_downloaded: int
    extensions_read: int
    extension_errors: list[str]


class BenchFigureDict(TypedDict):
    """A figure over rounds: median, min and max (null where undefined) and how many rounds.

    ``low`` and ``high``: the interval that holds the median with at least 3/4
    confidence (``Figure.interval``); absent from results recorded before it existed.
    """

    median: float | None
    min: float | None
    max: float | None
    low: NotRequired[float | None]
    high: NotRequired[float | None]
    rounds: int


class BenchRoundDict(TypedDict):
    """One round of load on one endpoint (``latency_ms``: p50, p90, p99 and max).

    ``floor_cpu_us``: for an app, its floor's CPU µs per request measured around this
    round (null for a floor; absent from results recorded before it existed).
    """

    requests: int
    seconds: float
    cpu_seconds: float
    errors: int
    latency_ms: list[float | None]
    floor_cpu_us: NotRequired[float | None]


class BenchEndpointDict(TypedDict):
    """One endpoint of one app over every round (``cost_multiple`` null for a floor)."""

    endpoint: Literal["plaintext", "json", "html", "db", "fortunes"]
    requests_per_second: BenchFigureDict
    latency_ms: dict[str, BenchFigureDict]
    cpu_us_per_request: BenchFigureDict
    cost_multiple: BenchFigureDict | None
    errors: int
    rounds: list[BenchRoundDict]


class BenchFootprintDict(TypedDict):
    """What a framework weighs: its distributions, their size on disk, import times, memory."""

    count: int
    distributions: list[str]
    installed_bytes: int
    import_ms: BenchFigureDict
    app_import_ms: BenchFigureDict
    rss_bytes: int


class BenchProfileLevelDict(TypedDict):
    """A further level of the concurrency profile: every endpoint at ``connections`` connections."""

    connections: int
    endpoints: list[BenchEndpointDict]


class BenchAppDict(TypedDict):
    """One app (a framework's, or a floor) on its server."""

    name: str
    version: str | None
    interface: Literal["wsgi", "asgi", "own"]
    server: str
    template_engine: str
    database: str | None
    """How ``/db`` and ``/fortunes`` reach the database (null in results recorded before them)."""
    python: str | None
    """The interpreter the app ran on when it is not the run's (null: the run's)."""
    floor: str | None
    endpoints: list[BenchEndpointDict]
    footprint: BenchFootprintDict
    profile: list[BenchProfileLevelDict]


class BenchMachineDict(TypedDict):
    """The machine: cores this process could use, and the CPU."""

    cores: int
    cpu_model: str


class BenchPinningDict(TypedDict):
    """The cores the servers and ``wrk`` were pinned to (null: not pinned)."""

    server_cpu: int | None
    load_cpu: int | None


class BenchProvenanceDict(TypedDict):
    """Where, when (``date``, ISO 8601 in UTC) and how the measurements were taken."""

    date: IsoDateTime
    command: str
    machine: BenchMachineDict
    pinning: BenchPinningDict
    os: str
    python: str
    versions: dict[str, str]
    load_tool: str
    settings: dict[str, float]
    load_average: list[float]
    other_cpu: float | None
    profile_connections: list[int]
    database: str | None
    """The database of ``/db`` and ``/fortunes`` and its version (null in results recorded before it was kept)."""
    busy: bool
    notes: list[str]


class BenchDict(TypedDict):
    """``fwcompare bench --format json``: measurements on one machine at one time, not facts.

    ``flags`` says why some figures should not be ranked on.
    """

    fwcompare: str
    schema_version: int
    kind: Literal["measurements"]
    provenance: BenchProvenanceDict
    spread_limit: float
    flags: list[str]
    apps: list[BenchAppDict]
