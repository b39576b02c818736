"""The shapes of release lists, support policies, windows and lifecycles in fwcompare's JSON,
re-exported by `fwcompare.jsontypes` (which would otherwise pass 500 lines)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, NotRequired, TypedDict

if TYPE_CHECKING:
    from .jsontypes import HttpsUrl, IsoDate, PolicyKind, SeriesEnd, SourceDict

__all__ = [
    "FrameworkSupportDict",
    "LatestReleaseDict",
    "LifecycleDict",
    "LtsSeriesDict",
    "PolicySearchDict",
    "SeriesEndDict",
    "SupportPolicyDict",
    "SupportWindowDict",
]


class LatestReleaseDict(TypedDict):
    """A release's version and ISO date."""

    version: str
    date: IsoDate


class LtsSeriesDict(TypedDict):
    """A long-term-support series and its end of support (``YYYY-MM``), or the least it is promised."""

    series: str
    ends: SeriesEnd | None
    at_least: IsoDate | None


class SeriesEndDict(TypedDict):
    """An end of support the project publishes for a series ("6.0", "1", "*" for every release).

    ``end`` is ``YYYY-MM`` (``precision`` "month") or ``YYYY-MM-DD`` ("day").
    """

    series: str
    end: SeriesEnd
    precision: Literal["day", "month"]
    quote: str
    sources: list[SourceDict]


class PolicySearchDict(TypedDict):
    """A place the support policy was looked for, the day it was read, and what it said."""

    url: HttpsUrl
    title: str
    read: IsoDate
    found: str


class SupportPolicyDict(TypedDict):
    """Which releases get fixes, in the project's words (``quote``): ``kind`` as in ``support.json``.

    ``series_ends`` are the ends the project publishes for single series;
    ``searched`` where the policy was looked for (an unknown policy always has it).
    """

    kind: PolicyKind
    summary: str
    lts: list[LtsSeriesDict]
    quote: NotRequired[str]
    series_ends: NotRequired[list[SeriesEndDict]]
    searched: NotRequired[list[PolicySearchDict]]
    sources: NotRequired[list[SourceDict]]


class SupportWindowDict(TypedDict):
    """When one release series is supported: ``start`` its first release, ``end`` ``YYYY-MM`` or ``YYYY-MM-DD``.

    ``end`` is ``None`` when no end is known; ``until_next_release`` then
    says a release not out yet ends it. ``text`` says it in words.
    """

    series: str
    start: IsoDate
    end: SeriesEnd | None
    end_precision: Literal["day", "month"]
    until_next_release: bool
    at_least: bool
    lts: bool
    outside_policy: bool
    text: str


class FrameworkSupportDict(TypedDict):
    """``export``'s lifecycle of one framework: its policy, release list's source and support windows.

    ``lifecycle`` is the figures for the day its data was checked (``None``
    where that day is after its release list was read).
    """

    policy: SupportPolicyDict
    release_list: SourceDict | None
    windows: list[SupportWindowDict]
    lifecycle: LifecycleDict | None


class LifecycleDict(TypedDict):
    """One framework's maintenance figures, computed from the release lists for ``computed_for``."""

    computed_for: IsoDate
    latest_release: LatestReleaseDict | None
    final_releases_last_12_months: int | None
    requires_python: str | None
    maintained: bool | None
    support_policy: SupportPolicyDict
    latest_supported: bool | None
    judged: str | None
    judged_supported: bool | None
    support_window: NotRequired[SupportWindowDict | None]
    sources: list[SourceDict]
