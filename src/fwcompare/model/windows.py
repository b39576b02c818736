"""Support windows: when each release series of a framework gets fixes, as dates where the project gives them.

Computed from a `SupportPolicy` and a release list (see `support_windows`);
nothing here reads a file.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

import attrs

from .base import Model
from .facts import Source, parse_version

if TYPE_CHECKING:
    from packaging.version import Version

    from .lifecycle import SupportPolicy
    from .releases import Release

__all__ = ["SupportWindow", "add_months", "series_of", "support_windows", "window_of"]


@attrs.frozen(repr=False, eq=False)
class SupportWindow(Model):
    """When one release series ("5.2") gets fixes, as the project's policy and the release list say.

    ``start`` is the day of the series' first final release. ``end`` is the
    day support ends, or with ``end_precision`` ``"month"`` the first day of
    the month it ends in; ``at_least`` marks an end the project guarantees
    without saying the real one. ``end`` is ``None`` when no end is known:
    ``until_next_release`` then says the policy ends it when a newer release
    (or series) comes out, which the release list does not hold yet; neither
    is set where the policy is unknown. ``sources`` back the end.

    >>> import fwcompare
    >>> fwcompare.get("django").support_window("5.2").describe()
    'supported until 2028-04'
    """

    series: str
    start: datetime.date
    end: datetime.date | None = None
    end_precision: Literal["day", "month"] = "day"
    until_next_release: bool = False
    newer_series: int = 0
    at_least: bool = False
    lts: bool = False
    outside_policy: bool = False
    sources: tuple[Source, ...] = ()

    def when(self) -> str | None:
        """The end as known: "2028-04", "2026-11-24", or ``None``."""
        if self.end is None:
            return None
        return f"{self.end:%Y-%m}" if self.end_precision == "month" else self.end.isoformat()

    def describe(self) -> str:
        """ "supported until 2028-04", "supported at least until 2028-04-02", "until the next release"..."""
        if self.end is not None:
            return f"supported {'at least ' if self.at_least else ''}until {self.when()}"
        if self.until_next_release:
            if self.newer_series > 1:
                return f"supported until {self.newer_series} newer feature series are out"
            return "supported until the next " + ("feature series" if self.newer_series else "release")
        if self.outside_policy:
            return "not supported under the current policy"
        return "no end published"


def support_windows(policy: SupportPolicy, releases: Sequence[Release]) -> tuple[SupportWindow, ...]:
    """When each release series (X.Y) of *releases* is supported under *policy*, oldest series first.

    An end comes from, in order: an end the project publishes for that very
    series (`SupportPolicy.series_end`), or else an LTS series' end, a
    yearly LTS series' months, and otherwise the rule of the policy's kind
    applied to the release list: "latest-release" and "latest-series" end a
    series when a newer series first comes out, "lts" when ``recent_series``
    newer series have, "previous-major" when a newer series of its major, or
    a series two majors on, has. Where that release is not out yet, ``end``
    is ``None`` and ``until_next_release`` is set. Under "latest-release" a
    window is its series': within it, each release is supported until the next.
    An end published for a whole line ("1", or "*" for every release: a
    project that announced its end) caps every series in it.
    """
    first_of = _first_releases(releases)
    return tuple(_window(policy, series, first_of) for series in sorted(first_of))


def _first_releases(releases: Sequence[Release]) -> dict[tuple[int, int], datetime.date]:
    """Each feature series with a final release, and the day of its first one."""
    first_of: dict[tuple[int, int], datetime.date] = {}
    for r in releases:
        if r.is_final:
            key = series_of(r.version)
            first_of[key] = min(first_of.get(key, r.date), r.date)
    return first_of


def _window(
    policy: SupportPolicy, series: tuple[int, int], first_of: dict[tuple[int, int], datetime.date]
) -> SupportWindow:
    start = first_of[series]
    text = f"{series[0]}.{series[1]}"
    window = _rule_window(policy, text, series, start, first_of)
    if not policy.series_ends:
        return window
    exact = policy.series_end(text)
    if exact is not None:  # the project's words for this very series
        window = SupportWindow(text, start, exact.end, exact.precision, lts=window.lts, sources=exact.sources)
    capped = policy.end_for(parse_version(text))
    if capped is not None and (window.end is None or window.at_least or capped.end < window.end):
        # A line's end is the latest any of its series is supported (announced ends included).
        window = SupportWindow(text, start, capped.end, capped.precision, lts=window.lts, sources=capped.sources)
    return window


def _rule_window(
    policy: SupportPolicy,
    text: str,
    series: tuple[int, int],
    start: datetime.date,
    first_of: dict[tuple[int, int], datetime.date],
) -> SupportWindow:
    """The `SupportWindow` of *series* (first released on *start*) under the policy's kind alone."""
    if policy.kind == "unknown":
        return SupportWindow(text, start)
    if policy.kind == "from-version":
        covered = policy.min_version is None or (*series, 0) >= (*parse_version(policy.min_version).release, 0, 0)[:3]
        return SupportWindow(text, start, outside_policy=not covered, sources=policy.sources)

    def next_of(newer: list[datetime.date], count: int = 1) -> SupportWindow:
        dates = sorted(newer)
        if len(dates) >= count:
            return SupportWindow(text, start, max(dates[count - 1], start), sources=policy.sources)
        waiting = 0 if policy.kind == "latest-release" else count - len(dates)
        return SupportWindow(text, start, until_next_release=True, newer_series=waiting, sources=policy.sources)

    later = [d for s, d in first_of.items() if s > series]
    if policy.kind == "lts":
        for lts in policy.lts:
            if series_of(parse_version(lts.series)) == series:
                if lts.ends is not None:
                    return SupportWindow(text, start, lts.ends, "month", lts=True, sources=policy.sources)
                return SupportWindow(text, start, lts.at_least, at_least=True, lts=True, sources=policy.sources)
        return next_of(later, policy.recent_series)
    if policy.kind == "yearly-lts" and series[1] == policy.lts_minor and policy.lts_months is not None:
        by_months = add_months(start, policy.lts_months)
        rolling = next_of(later)
        if rolling.end is not None and rolling.end > by_months:
            return attrs.evolve(rolling, lts=True)
        return SupportWindow(text, start, by_months, "month", lts=True, sources=policy.sources)
    if policy.kind == "previous-major":
        same_major = [d for s, d in first_of.items() if s[0] == series[0] and s > series]
        two_on = [d for s, d in first_of.items() if s[0] >= series[0] + 2]
        return next_of(same_major + two_on)
    if policy.kind == "latest-series":
        return next_of(later, policy.recent_series)
    return next_of(later)  # latest-release, latest-series, and the other series of yearly-lts


def series_of(version: Version) -> tuple[int, int]:
    """The feature series (X, Y) of *version*: 2.0.1 is (2, 0), 3 is (3, 0)."""
    release = (*version.release, 0)
    return release[0], release[1]


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The first day of the month *months* months after *day*'s."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, 1)


def window_of(policy: SupportPolicy, releases: Sequence[Release], version: Version) -> SupportWindow | None:
    """The `SupportWindow` of the series *version* belongs to; ``None`` when that series has no final release."""
    first_of = _first_releases(releases)
    series = series_of(version)
    return _window(policy, series, first_of) if series in first_of else None
