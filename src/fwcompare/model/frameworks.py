"""Frameworks: identity, facts and attributed opinions of one web framework."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar, Literal, Protocol

import attrs

from .._vocab import Classification, OpinionKind, RelationKind, SupportLevel
from .base import Formatted, Model
from .criteria import Criterion
from .facts import Fact, Source, VersionLike
from .opinions import Opinion

if TYPE_CHECKING:
    import datetime

    from packaging.version import Version

    from ..jsontypes import ShowDict
    from .lifecycle import Lifecycle, SupportPolicy
    from .pinning import Change
    from .releases import Release
    from .windows import SupportWindow

__all__ = ["CheckedAgainst", "FirstRelease", "Framework", "Relationship", "ReleaseData"]


class ReleaseData(Protocol):
    """What a data source knows of a framework's releases beyond the list: where the list
    comes from, and the project's support policy (`Framework.release_data`).

    The store fills it when it builds a framework; the bundled data's reads
    its files when first asked, so a comparison that needs neither reads neither.
    """

    @property
    def source(self) -> Source | None:
        """The page the release list was read from, and the day (``None``: not said)."""
        ...

    @property
    def support_policy(self) -> SupportPolicy | None:
        """Which releases still get fixes (``None`` or kind ``"unknown"`` where the project publishes none)."""
        ...


@attrs.frozen(repr=False, eq=False)
class Relationship(Model):
    """How a framework relates to another project (built on it, renamed from it...).

    ``slug`` is the other project's slug when fwcompare has data for it.
    """

    name: str
    kind: RelationKind
    sources: tuple[Source, ...]
    slug: str | None = None
    note: str = ""


@attrs.frozen(repr=False, eq=False)
class FirstRelease(Model):
    """The first public release: its date and, where it had one, its version.

    ``date`` is ``None`` when it could not be established; ``note`` says why.
    When the sources give only the year or the month, ``precision`` is
    ``"year"`` or ``"month"`` and ``date`` is the first day of that year or
    month; ``when()`` gives the date as precisely as it is known.
    """

    date: datetime.date | None
    sources: tuple[Source, ...]
    version: str | None = None
    note: str = ""
    precision: Literal["day", "month", "year"] = "day"

    def when(self) -> str | None:
        """The date as known: "2009", "2002-07" or "2005-07-15"; ``None`` when unknown.

        >>> import fwcompare
        >>> fwcompare.get("tornado").first_release.when()
        '2009'
        """
        if self.date is None:
            return None
        if self.precision == "year":
            return f"{self.date.year:04d}"
        if self.precision == "month":
            return f"{self.date.year:04d}-{self.date.month:02d}"
        return self.date.isoformat()


@attrs.frozen(repr=False, eq=False)
class CheckedAgainst(Model):
    """The release the data was last checked against, and when."""

    version: Version
    date: datetime.date


@attrs.frozen(repr=False, eq=False)
class Framework(Model, Formatted):
    """A web framework: who makes it, what it is, its facts and what others said of it.

    ``facts`` maps every criterion key to its `Fact` (read-only). ``license``
    is an SPDX expression, or ``None`` where the project declares none; then
    ``license_note`` says what it uses. ``sources`` back the identity fields.
    ``criteria`` maps the facts' keys to the `Criterion` objects of the
    catalogue the framework was loaded with (labels and groups, in catalogue
    order); it is empty for a framework built by hand, and left out of equality.

    >>> import fwcompare
    >>> flask = fwcompare.get("Flask")
    >>> flask.fact("async_views").support
    <SupportLevel.BUILT_IN: 'built-in'>
    >>> flask.supports("async_views", "1.1")
    False
    """

    _format_kind: ClassVar[str] = "framework"

    name: str
    slug: str
    summary: str
    homepage: str
    repository: str
    pypi: str
    classification: Classification
    authors: tuple[str, ...]
    maintainer: str
    first_release: FirstRelease
    checked: CheckedAgainst
    sources: tuple[Source, ...]
    facts: Mapping[str, Fact] = attrs.field(hash=False)
    aliases: tuple[str, ...] = ()
    license: str | None = None
    license_note: str = ""
    built_on: tuple[Relationship, ...] = ()
    opinions: tuple[Opinion, ...] = ()
    # The criteria the facts answer, in catalogue order, as the registry that
    # loaded the framework knows them: renderers take labels and groups from
    # here, never from a registry of their own. Not part of equality.
    criteria: Mapping[str, Criterion] = attrs.field(factory=dict, eq=False, repr=False)
    releases: Sequence[Release] = attrs.field(default=(), eq=False, repr=False)
    release_data: ReleaseData | None = attrs.field(default=None, eq=False, repr=False)
    """Where ``releases`` comes from and the support policy (see `ReleaseData`); ``None`` where
    the data source says nothing of them (then the policy is unknown)."""

    @property
    def latest_release(self) -> Release | None:
        """The newest final release (not a pre-release, not yanked), or ``None`` without a list.

        >>> import fwcompare
        >>> str(fwcompare.get("django").latest_release.version)
        '6.1.3'
        """
        from .releases import latest_release

        return latest_release(self.releases)

    def release(self, version: VersionLike) -> Release:
        """The release *version* names: "4.2" is the newest final 4.2.x, "4.2.1" itself.

        Raises `UnknownVersionError` (a `LookupError`) naming the nearest
        releases when none matches.

        >>> import fwcompare
        >>> str(fwcompare.get("flask").release("2.3").version)
        '2.3.3'
        """
        from .releases import matching_release

        return matching_release(self.name, self.releases, version)

    def release_for_python(self, python: VersionLike) -> Release:
        """The newest final release whose ``Requires-Python`` admits *python* ("3.11"), as pip would choose.

        >>> import fwcompare
        >>> str(fwcompare.get("django").release_for_python("3.11").version)
        '5.2.20'
        """
        from .releases import release_for_python

        return release_for_python(self.name, self.releases, python)

    def release_on(self, date: datetime.date | str) -> Release:
        """The newest final release published on or before *date* (a date or "YYYY-MM-DD").

        Raises `UnknownVersionError` when there is none, or when *date* is
        after the day the release list was read (the releases since are not known).

        >>> import fwcompare
        >>> str(fwcompare.get("flask").release_on("2021-08-25").version)
        '2.0.1'
        """
        from .._dates import iso_date
        from .releases import release_on

        day = iso_date(date) if isinstance(date, str) else date
        return release_on(self.name, self.releases, day)

    @property
    def support_policy(self) -> SupportPolicy:
        """Which releases still get fixes, in the project's own words, with sources (kind "unknown" if none).

        >>> import fwcompare
        >>> fwcompare.get("django").support_policy.kind
        'lts'
        """
        policy = None if self.release_data is None else self.release_data.support_policy
        if policy is None:
            from .lifecycle import unknown_policy

            return unknown_policy()
        return policy

    def is_supported(self, version: VersionLike, on: datetime.date | str | None = None) -> bool | None:
        """Whether release *version* still gets fixes on day *on* (default: the day the data was checked).

        From the project's support policy and the release list: ``None`` when
        the policy is unknown or the day falls where the project's words give
        no answer (the month an LTS series ends), or when the day is after the
        release list was read and only being the newest kept the release
        supported. Raises `UnknownVersionError` for a version no release matches.

        >>> import fwcompare
        >>> django = fwcompare.get("django")
        >>> django.is_supported("4.2", on="2026-12-01"), django.is_supported("5.2", on="2026-12-01")
        (False, True)
        """
        from .._dates import iso_date
        from .lifecycle import is_supported

        day = self.checked.date if on is None else on
        if isinstance(day, str):
            day = iso_date(day)
        release = self.release(version)
        return is_supported(self.support_policy, self.releases, release.version, day)

    def support_windows(self) -> tuple[SupportWindow, ...]:
        """When each release series is supported, oldest first, from the policy and the release list.

        Each `SupportWindow` gives the series' first release and the end of its
        support where the project publishes one (a month where it gives only the
        month), or says it lasts "until the next release".

        >>> import fwcompare
        >>> [(w.series, w.when()) for w in fwcompare.get("django").support_windows() if w.lts][-2:]
        [('4.2', '2026-04-07'), ('5.2', '2028-04')]
        """
        from .windows import support_windows

        return support_windows(self.support_policy, self.releases)

    def support_window(self, version: VersionLike) -> SupportWindow:
        """The `SupportWindow` of the series release *version* belongs to ("5.2", "5.2.3").

        Raises `UnknownVersionError` for a version no release matches, or one
        whose series has no final release yet.

        >>> import fwcompare
        >>> fwcompare.get("django").support_window("5.2.1").describe()
        'supported until 2028-04'
        """
        from .._errors import UnknownVersionError
        from .windows import window_of

        window = window_of(self.support_policy, self.releases, self.release(version).version)
        if window is None:
            raise UnknownVersionError(self.name, str(version), (), "has no final release in the series of {version}")
        return window

    def lifecycle(self, on: datetime.date | str | None = None) -> Lifecycle:
        """The maintenance figures for day *on* (default: the day the data was checked), sourced.

        Raises `UnknownVersionError` for a day after the release list was read:
        the releases since are not known.

        >>> import fwcompare
        >>> fwcompare.get("cherrypy").lifecycle(on="2026-11-24").releases_last_year
        0
        """
        from .._dates import iso_date
        from .lifecycle import lifecycle

        day = self.checked.date if on is None else on
        if isinstance(day, str):
            day = iso_date(day)
        listed = None if self.release_data is None else self.release_data.source
        return lifecycle(self.name, self.releases, self.support_policy, day, () if listed is None else (listed,))

    def changes(self, from_: VersionLike, to: VersionLike | None = None) -> tuple[Change, ...]:
        """What moving from release *from_* to *to* (default: the release the data was checked against) changes.

        One `Change` per fact bound or history entry between the two
        releases, with its criterion, the release that made it and the
        support levels before and after; in catalogue order. Releases are
        looked up as `release` does ("2.2" is the newest 2.2.x). A fact that
        records no bound and no history is assumed unchanged and gives none.
        Raises `UnknownVersionError` for a version no release matches, and
        `ValueError` when *to* is older than *from_*.

        >>> import fwcompare
        >>> [str(c) for c in fwcompare.get("django").changes("4.2", "5.2")][:1]  # doctest: +ELLIPSIS
        [...]
        """
        from .facts import parse_version
        from .pinning import framework_changes

        start = self.release(from_).version if self.releases else parse_version(from_)
        end = self.checked.version if to is None else self.release(to).version if self.releases else parse_version(to)
        if end < start:
            raise ValueError(f"{self.name} {end} is older than {start}: changes go from the older release")
        return framework_changes(self, start, end)[0]

    def fact(self, key: str) -> Fact:
        """The fact for criterion *key*; `UnknownCriterionError` if there is none.

        *key* may also be the criterion's label, or either spelt with spaces
        or hyphens, in any case (``"Async views"``, ``"template engine"``).
        """
        try:
            return self.facts[key]
        except (KeyError, TypeError):
            from .._names import resolve, unknown

            # Labels from the catalogue the framework was loaded with.
            labels = {c.label: c.key for c in self.criteria.values()}
            groups = list(dict.fromkeys(c.group_label for c in self.criteria.values()))
            found = resolve(key, self.facts, labels)
            if found is None:
                raise unknown(key, self.facts, labels, groups) from None
            return self.facts[found]

    def supports(self, key: str, version: VersionLike | None = None) -> bool | None:
        """Whether the framework itself has *key* at *version*.

        True when the fact is built in or partial at that version (partial:
        built in, with the limits its note states), False when it is absent or
        only available through an extension, ``None`` when unknown. The
        version defaults to the one the data was checked against. A version
        that names no release in the framework's release list raises
        `UnknownVersionError` (frameworks without a list accept any version).
        """
        if version is not None and self.releases:
            self.release(version)  # an unknown version fails, naming the nearest releases
        level = self.fact(key).support_at(self.checked.version if version is None else version)
        if level is SupportLevel.UNKNOWN:
            return None
        return level.is_builtin

    @property
    def pros(self) -> tuple[Opinion, ...]:
        """Attributed claims in the framework's favour."""
        return tuple(o for o in self.opinions if o.kind is OpinionKind.PRO)

    @property
    def cons(self) -> tuple[Opinion, ...]:
        """Attributed claims against the framework."""
        return tuple(o for o in self.opinions if o.kind is OpinionKind.CON)

    def to_html(self, *, standalone: bool = False) -> str:
        """The HTML page notebooks show: a fragment, or with *standalone* a complete page."""
        html: str = self.to_format("html", standalone=standalone)
        return html

    def to_dict(self) -> ShowDict:
        """A JSON-safe dict of everything known, facts and sources included (what ``show --format json`` prints)."""
        data: ShowDict = self.to_format("dict")
        return data

    def _repr_html_(self) -> str:
        return self.to_html()

    def _repr_mimebundle_(
        self, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None
    ) -> dict[str, str]:
        # Jupyter's display protocol: the HTML page, and the text page where HTML is not shown.
        return {"text/html": self._repr_html_(), "text/plain": self.to_format("plain")}

    def __repr__(self) -> str:
        return (
            f"<Framework {self.slug!r}: {self.name}, {self.classification}, "
            f"{len(self.facts)} facts, checked against {self.checked.version}>"
        )
