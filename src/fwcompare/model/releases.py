"""Releases: the published versions of a framework, with their dates and Requires-Python.

A `Release` is one version on the package registry. The functions here answer
the questions a project asks of a release list (which release is "4.2", which
one pip installs on Python 3.11, which was the newest on a date) for
`Framework`; they never read a file. Every question that no release answers
raises `UnknownVersionError` naming the nearest releases.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import attrs

from .._errors import UnknownVersionError
from .base import Model
from .facts import MAX_VERSION_LENGTH, VersionLike, parse_version

if TYPE_CHECKING:
    import datetime

    from packaging.specifiers import SpecifierSet
    from packaging.version import Version

    from .facts import Source
    from .lifecycle import SupportPolicy

__all__ = [
    "Release",
    "ReleaseList",
    "check_listed",
    "exact_release",
    "final_releases",
    "latest_release",
    "listed_until",
    "matching_release",
    "nearest_releases",
    "release_for_python",
    "release_on",
    "requires_python_specifier",
]


@attrs.frozen(repr=False, eq=False)
class Release(Model):
    """One release of a framework on the package registry.

    ``requires_python`` is the release's ``Requires-Python`` metadata as a
    `packaging.specifiers.SpecifierSet`, or ``None`` where it declares none
    (pip then installs it on any Python); it is kept as written
    (``requires_python_text``) and parsed when first asked for, since
    packaging's specifier module is slow to import. A ``yanked`` release
    stays listed, but pip only installs it when pinned exactly.

    >>> import fwcompare
    >>> release = fwcompare.get("flask").release("2.0.1")
    >>> release.date.isoformat(), str(release.requires_python)
    ('2021-05-21', '>=3.6')
    """

    version: Version
    date: datetime.date
    requires_python_text: str | None = None
    yanked: bool = False

    @property
    def requires_python(self) -> SpecifierSet | None:
        """``Requires-Python`` as a `packaging.specifiers.SpecifierSet` (``None`` where there is none)."""
        return None if self.requires_python_text is None else requires_python_specifier(self.requires_python_text)

    @property
    def is_final(self) -> bool:
        """Neither a pre-release (alpha, beta, candidate) nor a development release, nor yanked."""
        return not (self.yanked or self.version.is_prerelease)

    def admits(self, python: VersionLike) -> bool:
        """Whether this release's ``Requires-Python`` admits Python *python* ("3.11")."""
        if self.requires_python is None:
            return True
        return self.requires_python.contains(parse_version(python), prereleases=True)

    def __repr__(self) -> str:
        return f"<Release {self.version} ({self.date.isoformat()}){' yanked' if self.yanked else ''}>"


class ReleaseList(tuple["Release", ...]):
    """A framework's releases (a tuple, oldest first as given) with where and when the list was read.

    Give a plugin's or user's `Framework` one as its ``releases`` and it is
    treated as a bundled framework is: ``source.read`` is the day the list
    ends (a later day is never guessed), and ``support_policy``, when not
    ``None``, is the project's `SupportPolicy`.

    >>> import datetime, fwcompare
    >>> from packaging.version import Version
    >>> listed = ReleaseList(
    ...     [Release(Version("1.0"), datetime.date(2026, 1, 5))],
    ...     source=fwcompare.Source("https://pypi.org/simple/acme/", "acme on PyPI", datetime.date(2026, 6, 1)),
    ... )
    >>> listed.source.read.isoformat(), len(listed)
    ('2026-06-01', 1)
    """

    source: Source | None
    support_policy: SupportPolicy | None

    def __new__(
        cls,
        releases: Iterable[Release] = (),
        *,
        source: Source | None = None,
        support_policy: SupportPolicy | None = None,
    ) -> ReleaseList:
        listed = super().__new__(cls, releases)
        listed.source = source
        listed.support_policy = support_policy
        return listed

    def __setattr__(self, name: str, value: object) -> None:
        if name in self.__dict__:  # set once, in __new__: read-only after
            raise AttributeError(f"ReleaseList.{name} is read-only")
        super().__setattr__(name, value)

    def __reduce__(self) -> tuple[object, ...]:
        return (_release_list, (tuple(self), self.source, self.support_policy))

    def __repr__(self) -> str:
        read = "" if self.source is None else f", read {self.source.read.isoformat()}"
        return f"<ReleaseList of {len(self)} releases{read}>"


def _release_list(items: tuple[Release, ...], source: Source | None, policy: SupportPolicy | None) -> ReleaseList:
    return ReleaseList(items, source=source, support_policy=policy)


@functools.lru_cache(maxsize=256)
def requires_python_specifier(text: str) -> SpecifierSet:
    """*text* (``Requires-Python``) as a `packaging.specifiers.SpecifierSet`; `InvalidSpecifier` if it is not one.

    A specifier is refused whose versions are longer than `MAX_VERSION_LENGTH`
    (as `parse_version` refuses them), so that comparing a Python with it cannot fail.

    >>> str(requires_python_specifier(">=3.8, !=3.9.0"))
    '!=3.9.0,>=3.8'
    """
    # A few dozen distinct Requires-Python strings recur over thousands of releases: cached.
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    specifier = SpecifierSet(text)
    if any(len(item.version) > MAX_VERSION_LENGTH for item in specifier):
        raise InvalidSpecifier(f"a version longer than {MAX_VERSION_LENGTH} characters: {text[:20]!r}…")
    return specifier


def final_releases(releases: Sequence[Release]) -> list[Release]:
    """The final releases (see `Release.is_final`), in the order given."""
    return [r for r in releases if r.is_final]


def latest_release(releases: Sequence[Release]) -> Release | None:
    """The newest final release by version, or ``None`` when there is none."""
    finals = final_releases(releases)
    return max(finals, key=lambda r: r.version) if finals else None


def exact_release(releases: Sequence[Release], version: VersionLike) -> Release | None:
    """The release equal to *version* ("2.0" equals 2.0.0), or ``None``."""
    wanted = parse_version(version)
    for item in releases:
        if item.version == wanted:
            return item
    return None


def nearest_releases(releases: Sequence[Release], version: VersionLike) -> tuple[str, ...]:
    """The final releases just below and just above *version*, as strings (one when it is outside)."""
    wanted = parse_version(version)
    pool = final_releases(releases) or list(releases)
    below = [r.version for r in pool if r.version < wanted]
    above = [r.version for r in pool if r.version > wanted]
    found = ([max(below)] if below else []) + ([min(above)] if above else [])
    return tuple(str(v) for v in found)


def _is_series(text: str) -> bool:
    # "4.2" names a series (its newest 4.2.x); "4.2.1", "6.0a1" or "2.0.1.post1" one release.
    version = parse_version(text)
    return len(version.release) <= 2 and not (version.is_prerelease or version.is_postrelease or version.local)


def matching_release(name: str, releases: Sequence[Release], version: VersionLike) -> Release:
    """The release *version* names: a release itself, or for "4.2" the newest final 4.2.x.

    A `Version` object, or a string with three or more parts or a pre-, post-
    or local segment, names exactly one release. *name* is the framework's
    name, for the error's message.
    """
    from packaging.version import InvalidVersion

    try:
        wanted = parse_version(version)
    except InvalidVersion:
        raise UnknownVersionError(
            name, str(version), (), "cannot be judged at {version!r}: it is not a version"
        ) from None
    if not releases:
        raise UnknownVersionError(name, str(version), (), "has no release list: version {version} cannot be looked up")
    if isinstance(version, str) and _is_series(version):
        size = len(wanted.release)
        series = [r for r in releases if r.version.release[:size] == wanted.release]
        finals = final_releases(series)
        if finals:
            return max(finals, key=lambda r: r.version)
    found = exact_release(releases, wanted)
    if found is None:
        raise UnknownVersionError(name, str(version), nearest_releases(releases, wanted))
    return found


def release_for_python(name: str, releases: Sequence[Release], python: VersionLike) -> Release:
    """The newest final release whose ``Requires-Python`` admits *python*: what pip would install."""
    admitted = [r for r in final_releases(releases) if r.admits(python)]
    if not admitted:
        latest = latest_release(releases)
        nearest = () if latest is None else (str(latest.version),)
        raise UnknownVersionError(name, str(python), nearest, "has no final release for Python {version}")
    return max(admitted, key=lambda r: r.version)


def listed_until(releases: Sequence[Release]) -> datetime.date | None:
    """The day the release list was read: what was released after it is not known.

    From the list's ``source`` (a bundled list carries the registry page and
    the day it was fetched); ``None`` when the list does not say.
    """
    import datetime as _datetime  # the model imports datetime only for the type checker

    source = getattr(releases, "source", None)
    read = getattr(source, "read", None)
    return read if isinstance(read, _datetime.date) else None


def check_listed(name: str, releases: Sequence[Release], day: datetime.date) -> None:
    """Raise `UnknownVersionError` when *day* is after the day the release list was read.

    The newest release on such a day, the releases of the year before it, and
    which releases still get fixes then are not known: never guessed.
    """
    until = listed_until(releases)
    if until is not None and day > until:
        raise UnknownVersionError(
            name,
            day.isoformat(),
            (),
            f"has releases listed up to {until.isoformat()}, when its list was read: "
            "what it released by {version} is not known",
        )


def release_on(name: str, releases: Sequence[Release], date: datetime.date) -> Release:
    """The newest final release (by version) published on or before *date*.

    Raises `UnknownVersionError` when there is none, or when *date* is after
    the day the list was read (`check_listed`).
    """
    check_listed(name, releases, date)
    published = [r for r in final_releases(releases) if r.date <= date]
    if not published:
        dated = sorted(final_releases(releases), key=lambda r: r.date)
        nearest = (str(dated[0].version),) if dated else ()
        raise UnknownVersionError(name, date.isoformat(), nearest, "has no final release on or before {version}")
    return max(published, key=lambda r: r.version)
