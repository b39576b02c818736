"""Lifecycle: how a framework is maintained, computed from its release list and its support policy.

A `SupportPolicy` is what the project itself says about which releases get
fixes (long-term-support series with their end, "only the latest release",
or unknown), with its sources, the ends of support it publishes for single
series (`SeriesEnd`), and where it was looked for (`PolicySearch`). A
`SupportWindow` (in ``windows``) is when one release series is supported, from its first
release to the end the project publishes, or "until the next release" where
the policy ties the end to a release not yet out. `Lifecycle` is the figures
fwcompare computes for one day from the release list: the latest release and
its date, how many final releases came out in the 12 months before, what
Python the latest release admits, and the policy. Nothing here reads a file.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

import attrs

from .base import Model
from .facts import Source, VersionLike, parse_version
from .windows import add_months as _add_months
from .windows import series_of as _series
from .windows import window_of

if TYPE_CHECKING:
    from packaging.version import Version

    from .releases import Release
    from .windows import SupportWindow

__all__ = [
    "Lifecycle",
    "LtsSeries",
    "PolicySearch",
    "SeriesEnd",
    "SupportPolicy",
    "is_supported",
    "lifecycle",
    "unknown_policy",
]

POLICY_KINDS = ("lts", "yearly-lts", "latest-release", "latest-series", "previous-major", "from-version", "unknown")


@attrs.frozen(repr=False, eq=False)
class LtsSeries(Model):
    """A long-term-support series ("4.2") and the end of its support, as the project states it.

    ``ends`` is the first day of the month in which support ends ("ends in
    April 2026"), ``at_least`` the day until which support is guaranteed
    ("at least three years"); one of them is set.
    """

    series: str
    ends: datetime.date | None = None
    at_least: datetime.date | None = None

    def describe(self) -> str:
        """ "4.2: support ends in April 2026" or "5.2: supported at least until 2028-04-02"."""
        if self.ends is not None:
            return f"{self.series} LTS: support ends in {self.ends:%B %Y}"
        assert self.at_least is not None
        return f"{self.series} LTS: supported at least until {self.at_least.isoformat()}"


@attrs.frozen(repr=False, eq=False)
class SeriesEnd(Model):
    """The end of support the project publishes for one release series, or for a whole release line.

    ``series`` is a version prefix: "6.0" is every 6.0.x, "1" every 1.x;
    "*" is every release (a project that announced its own end). ``end`` is
    the day support ends, or with ``precision`` ``"month"`` the first day of
    the month it ends in (the project gives only the month). ``quote`` is the
    project's words, ``sources`` where they are.

    >>> import datetime
    >>> SeriesEnd("6.0", datetime.date(2027, 4, 1), "month").when()
    '2027-04'
    """

    series: str
    end: datetime.date
    precision: Literal["day", "month"] = "day"
    quote: str = ""
    sources: tuple[Source, ...] = ()

    def when(self) -> str:
        """The end as known: "2027-04" (a month) or "2027-04-30" (a day)."""
        return f"{self.end:%Y-%m}" if self.precision == "month" else self.end.isoformat()

    def covers(self, version: Version) -> bool:
        """Whether *version* belongs to the series or line this end is for."""
        if self.series == "*":
            return True
        prefix = parse_version(self.series).release
        return version.release[: len(prefix)] == prefix or (*version.release, 0)[: len(prefix)] == prefix


@attrs.frozen(repr=False, eq=False)
class PolicySearch(Model):
    """One place a framework's support policy was looked for, when, and what it said (``found``).

    Recorded for every framework, so that an unknown policy says where none
    was found: "no policy published at X, Y (read DATE)".
    """

    url: str
    title: str
    read: datetime.date
    found: str


@attrs.frozen(repr=False, eq=False)
class SupportPolicy(Model):
    """Which releases of a framework still get fixes, in the project's own words, with sources.

    ``kind`` is one of ``"lts"`` (the listed `LtsSeries` and the
    ``recent_series`` newest feature series), ``"yearly-lts"`` (series with
    minor number ``lts_minor`` for ``lts_months`` months, every other series
    until the next one), ``"latest-release"``, ``"latest-series"`` (the
    ``recent_series`` newest X.Y, one unless said), ``"from-version"`` (every
    release from ``min_version`` on), ``"previous-major"`` (the newest series and the newest series of the
    previous major version) and ``"unknown"``. ``quote`` is the project's
    own words. ``series_ends`` are ends of support the project publishes for
    single series or release lines (they answer whatever the kind); a release
    line that announced its own end has one. ``searched`` records where the
    policy was looked for and what each place said.
    """

    kind: str
    summary: str
    sources: tuple[Source, ...] = ()
    lts: tuple[LtsSeries, ...] = ()
    recent_series: int = 1
    lts_minor: int | None = None
    lts_months: int | None = None
    min_version: str | None = None
    quote: str = ""
    series_ends: tuple[SeriesEnd, ...] = ()
    searched: tuple[PolicySearch, ...] = ()

    @property
    def known(self) -> bool:
        """Whether the project publishes a policy fwcompare found."""
        return self.kind != "unknown"

    def search_text(self) -> str:
        """Where the policy was looked for: "no policy published at X, Y (read 2026-12-06)"; "" if not recorded."""
        if not self.searched:
            return ""
        days = sorted({s.read for s in self.searched})
        places = ", ".join(s.url for s in self.searched)
        verb = "looked for at" if self.known else "no policy published at"
        return f"{verb} {places} (read {', '.join(d.isoformat() for d in days)})"

    def end_for(self, version: Version) -> SeriesEnd | None:
        """The earliest published end (``series_ends``) that covers *version*, or ``None``."""
        found = [e for e in self.series_ends if e.covers(version)]
        return min(found, key=lambda e: e.end) if found else None

    def series_end(self, series: str) -> SeriesEnd | None:
        """The end published for exactly the feature series *series* ("6.0"), or ``None``.

        Only such an end promises support until it; an end for a whole line
        ("3", "*") says only that nothing in it is supported after it.
        """
        wanted = _series(parse_version(series))
        found = [e for e in self.series_ends if e.series != "*" and _exact(e.series) == wanted]
        return min(found, key=lambda e: e.end) if found else None


def _exact(series: str) -> tuple[int, int] | None:
    release = parse_version(series).release
    return (release[0], release[1]) if len(release) >= 2 else None


def unknown_policy(note: str = "No published support policy was found.") -> SupportPolicy:
    """The policy of a framework whose project states none (or whose data has none)."""
    return SupportPolicy("unknown", note)


def _month_end_answer(end: datetime.date, precision: str, on: datetime.date) -> bool | None:
    """Whether a series is still supported on *on* given a published end: ``None`` within an end month."""
    if on < end:
        return True
    if precision == "month" and (on.year, on.month) == (end.year, end.month):
        return None
    return False


def is_supported(
    policy: SupportPolicy, releases: Sequence[Release], version: VersionLike, on: datetime.date
) -> bool | None:
    """Whether release *version* still gets fixes on day *on*, under *policy*; ``None`` when unknown.

    Unknown when the policy is unknown, or when the day falls in the month a
    series' support ends (the project gives only the month), or after a
    guaranteed period whose real end is not published. Unknown too when *on*
    is after the day the release list was read and only the release's being
    among the newest keeps it supported: releases since may have replaced it.
    An LTS series' dates still answer then, and a release already replaced by
    then stays unsupported. An end the project publishes
    (`SupportPolicy.series_ends`) answers on any day, the policy known or
    not: nothing in the series or line it covers is supported after it (a
    month-only end: unknown within that month), and a release of a series
    with its own published end is supported until then once released.
    """
    wanted = parse_version(version)
    capped = policy.end_for(wanted)
    if capped is not None:
        by_end = _month_end_answer(capped.end, capped.precision, on)
        if by_end is not True:
            return by_end
    exact = policy.series_end(".".join(map(str, _series(wanted))))
    if exact is not None:  # supported until the end published for its very series, once released
        by_end = _month_end_answer(exact.end, exact.precision, on)
        if by_end is not True:
            return by_end
        return _released_by(releases, wanted, on)
    if not policy.known:
        return None
    from .releases import listed_until

    until = listed_until(releases)
    answer = _supported(policy, releases, version, on)
    if isinstance(answer, _Newest):
        return None if until is not None and on > until else True
    return answer


def _released_by(releases: Sequence[Release], wanted: Version, on: datetime.date) -> bool:
    published = [r.version for r in releases if r.is_final and r.date <= on]
    return bool(published) and wanted <= max(published)


class _Newest:
    """Supported only as one of the newest releases or series (no LTS dates say so)."""


_NEWEST = _Newest()


def _supported(
    policy: SupportPolicy, releases: Sequence[Release], version: VersionLike, on: datetime.date
) -> bool | _Newest | None:
    wanted = parse_version(version)
    published = [r for r in releases if r.is_final and r.date <= on]
    if not published:
        return False
    newest = max(published, key=lambda r: r.version)
    if wanted > newest.version:
        return False  # not released yet on that day
    series = _series(wanted)
    first_of: dict[tuple[int, int], datetime.date] = {}
    for r in published:
        key = _series(r.version)
        first_of[key] = min(first_of.get(key, r.date), r.date)
    ordered = sorted(first_of)  # feature series released by then, oldest first
    if policy.kind == "latest-release":
        return _NEWEST if wanted == newest.version else False
    if policy.kind == "latest-series":
        return _NEWEST if series in ordered[-policy.recent_series :] else False
    if policy.kind == "from-version":
        # What the project says today of every release from min_version on: not a dated promise.
        return _NEWEST if policy.min_version is not None and wanted >= parse_version(policy.min_version) else False
    if policy.kind == "previous-major":
        previous = [s for s in ordered if s[0] == newest.version.release[0] - 1]
        return _NEWEST if series == _series(newest.version) or (previous and series == previous[-1]) else False
    if policy.kind == "yearly-lts":
        if policy.lts_minor is not None and policy.lts_months is not None and series[1] == policy.lts_minor:
            start = first_of.get(series)
            if start is not None:
                end = _add_months(start, policy.lts_months)  # the first day of the month support ends in
                if on < end:
                    return True
                if series != ordered[-1]:
                    return None if (on.year, on.month) == (end.year, end.month) else False
        return _NEWEST if series == ordered[-1] else False
    # "lts": the listed LTS series until their end, and the newest feature series.
    for lts in policy.lts:
        if _series(parse_version(lts.series)) == series:
            if lts.ends is not None:
                if on < lts.ends:
                    return True
                by_date: bool | None = None if (on.year, on.month) == (lts.ends.year, lts.ends.month) else False
            else:
                assert lts.at_least is not None
                by_date = True if on <= lts.at_least else None
            if by_date is True or series not in ordered[-policy.recent_series :]:
                return by_date
    return _NEWEST if series in ordered[-policy.recent_series :] else False


@attrs.frozen(repr=False, eq=False)
class Lifecycle(Model):
    """A framework's maintenance figures, computed from its release list for one day.

    ``computed_for`` is the day the figures describe (by default the day the
    data was checked); ``latest`` the newest final release published by then;
    ``releases_last_year`` the final releases in the 12 months before it (the
    year up to and including ``computed_for``); ``sources`` the release
    list's and the policy's. Without a release list the figures are ``None``.
    """

    framework: str
    computed_for: datetime.date
    latest: Release | None
    releases_last_year: int | None
    policy: SupportPolicy
    sources: tuple[Source, ...] = ()
    latest_supported: bool | None = None
    judged: Version | None = None
    judged_supported: bool | None = None
    """In a pinned comparison: the release judged, and whether it still gets fixes on ``computed_for``."""
    window: SupportWindow | None = None
    """The support window of the series of the release shown (the judged one, else the latest)."""

    @property
    def requires_python(self) -> str | None:
        """The latest release's ``Requires-Python`` as text ("" where it declares none); ``None`` without a list."""
        if self.latest is None:
            return None
        return self.latest.requires_python_text or ""

    @property
    def maintained(self) -> bool | None:
        """Whether the framework looks maintained on ``computed_for``: a final release in the year before.

        ``None`` without a release list.
        """
        return None if self.releases_last_year is None else self.releases_last_year > 0

    def rows(self) -> list[tuple[str, str]]:
        """(label, short text) pairs, as every format shows them in the "Maintenance" group."""
        if self.latest is None:
            latest, count, python = "unknown (no release list)", "unknown", "unknown"
        else:
            latest = f"{self.latest.version} ({self.latest.date.isoformat()})"
            count = str(self.releases_last_year)
            python = self.requires_python or "any (no Requires-Python)"
        rows = [
            ("Latest release", latest),
            ("Final releases in 12 months", count),
            ("Requires-Python of the latest", python),
            ("Support policy", _POLICY_WORDS[self.policy.kind]),
        ]
        if self.judged is not None:
            rows.append(("Release judged still supported", f"{_YES_NO[self.judged_supported]} ({self.judged})"))
        if self.window is not None:
            rows.append(("Series support", f"{self.window.series}: {self.window.describe()}"))
        return rows

    def policy_text(self) -> str:
        """The support policy in full: its summary, LTS series and their ends; where an unknown one was looked for."""
        text = self.policy.summary if self.policy.known else f"Unknown: {self.policy.summary}"
        if self.policy.lts:
            text += " " + "; ".join(s.describe() for s in self.policy.lts) + "."
        if not self.policy.known and self.policy.searched:
            text += f" Searched: {self.policy.search_text()}."
        return text


_POLICY_WORDS = {
    "lts": "LTS series (see notes)",
    "yearly-lts": "yearly LTS (see notes)",
    "latest-release": "latest release only",
    "latest-series": "latest feature series only",
    "previous-major": "latest, and previous major",
    "from-version": "every release from a version on",
    "unknown": "unknown",
}
_YES_NO = {True: "yes", False: "no", None: "unknown"}


def lifecycle(
    name: str,
    releases: Sequence[Release],
    policy: SupportPolicy,
    on: datetime.date,
    sources: tuple[Source, ...] = (),
) -> Lifecycle:
    """The `Lifecycle` of a framework called *name* on day *on*.

    Raises `UnknownVersionError` when *on* is after the day the release list
    was read: the newest release then, and the count of the year before, are
    not known.
    """
    if not releases:
        return Lifecycle(name, on, None, None, policy, policy.sources)
    from .releases import check_listed

    check_listed(name, releases, on)
    published = [r for r in releases if r.is_final and r.date <= on]
    latest = max(published, key=lambda r: r.version) if published else None
    year_ago = on.replace(year=on.year - 1) if not (on.month == 2 and on.day == 29) else on - datetime.timedelta(365)
    count = sum(1 for r in published if r.date > year_ago)
    supported = None if latest is None else is_supported(policy, releases, latest.version, on)
    window = None if latest is None else window_of(policy, releases, latest.version)
    return Lifecycle(name, on, latest, count, policy, sources + policy.sources, supported, window=window)
