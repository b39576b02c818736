"""Facts: what one framework offers for one criterion, with sources and version bounds."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING, TypeAlias

import attrs

from .._vocab import ExtensionStatus, Party, SupportLevel
from .base import Model
from .extension_health import InstallRun

if TYPE_CHECKING:
    import datetime

    from packaging.version import Version

__all__ = [
    "MAX_VERSION_LENGTH",
    "Extension",
    "Fact",
    "Milestone",
    "Source",
    "Value",
    "VersionLike",
    "fact_or_no_data",
    "health_mark",
    "no_data",
    "parse_version",
    "value_text",
]

Value: TypeAlias = str | int | float | tuple[str, ...]
"""A fact's value: text, a choice, a number, or a tuple of tags (see `ValueKind`)."""

VersionLike: TypeAlias = "Version | str"
"""A version as a `packaging.version.Version` or a string it parses."""


def parse_version(version: VersionLike) -> Version:
    """Return *version* as a `packaging.version.Version`.

    packaging is imported here, on first use, not when fwcompare is imported.

    >>> parse_version("3.1") < parse_version("3.10")
    True
    """
    # A hot path (every support_at call): no import statement here, and strings are cached.
    return _parse(version) if isinstance(version, str) else version


MAX_VERSION_LENGTH = 128
"""The longest version string fwcompare parses, in characters; a longer one is not a version.

Real versions are short ("2024.10.0.post1+local.1" is 23): the bound keeps a
hostile one (a component of 5,000 digits, past `int`'s 4,300-digit guard)
from ending in a traceback or costing time.
"""


@functools.lru_cache(maxsize=4096)
def _parse(text: str) -> Version:
    # Versions are immutable and few distinct ones recur across many facts: share them.
    from packaging.version import InvalidVersion, Version

    if len(text) > MAX_VERSION_LENGTH:
        raise InvalidVersion(f"longer than {MAX_VERSION_LENGTH} characters: {text[:20]!r}…")
    return Version(text)


@attrs.frozen(repr=False, eq=False)
class Source(Model):
    """Where a fact or a verdict comes from: an https page, its title, the day it was read.

    >>> import datetime
    >>> Source("https://docs.djangoproject.com/", "Django documentation", datetime.date(2026, 11, 24))
    Source(url='https://docs.djangoproject.com/', title='Django documentation', read=datetime.date(2026, 11, 24))
    """

    url: str
    title: str
    read: datetime.date


@attrs.frozen(repr=False, eq=False)
class Extension(Model):
    """A package that provides a capability the framework itself lacks.

    ``status`` is its health next to the framework that names it (active,
    quiet, unmaintained or broken, see the extension-health page), from the
    bundled health data, and ``status_note`` says why, with the date it was
    checked; both are ``None``/``""`` where no health data exists (a package
    the bundled index does not know, an extension not on PyPI). ``runs`` are the
    recorded install runs with this framework: its current release on each
    checked Python, then the compatibility matrix (older release series, pinned
    as a user pins them). A user's or a plugin's extension that the bundled
    index knows (by PyPI name, PEP 503) gets that package's status, with no runs
    unless it was run with this framework. They are not part of equality.
    """

    name: str
    party: Party
    pypi: str | None = None
    url: str | None = None
    status: ExtensionStatus | None = attrs.field(default=None, eq=False)
    status_note: str = attrs.field(default="", eq=False)
    runs: tuple[InstallRun, ...] = attrs.field(default=(), eq=False)


# The statuses worth a mark next to an extension's name: one that is broken next
# to the framework's current release, or has had no release for over three years.
_MARKED = {"broken": "broken", "unmaintained": "unmaintained"}


def health_mark(extension: Extension) -> str:
    """ " [broken]" or " [unmaintained]" after an extension's name, "" otherwise (see `Extension.status`).

    The one wording of a health mark: every format's cells, and a ranking's reasons, use it.
    """
    mark = _MARKED.get(str(extension.status)) if extension.status is not None else None
    return f" [{mark}]" if mark else ""


def value_text(fact: Fact) -> str:
    """The fact's value as text: tags joined by commas, "" when it has none."""
    value = fact.value
    if value is None:
        return ""
    if isinstance(value, tuple):
        return ", ".join(value)
    return str(value)


@attrs.frozen(repr=False, eq=False)
class Milestone(Model):
    """A change to a fact after it first applied (a caveat lifted, an API added, a feature moved out).

    When the change altered the support level (or the value), ``support_before``
    (and ``value_before``, where the value changed) record what applied before
    ``version``, back to the previous such entry or to the fact's ``since``:
    Sanic's test client was built in until 21.3, when it moved to
    sanic-testing. ``None`` means the change left the level as it is now.
    """

    version: Version
    note: str
    support_before: SupportLevel | None = None
    value_before: Value | None = None


@attrs.frozen(repr=False, eq=False)
class Fact(Model):
    """One criterion of one framework.

    ``support`` applies from ``since`` (or from the start when it is ``None``)
    up to, but not including, ``until``; before ``since`` and from ``until``
    on, the capability is absent. ``value`` is set for criteria whose kind has
    a value (`ValueKind`). ``note`` is required when ``support`` is partial or
    unknown. Every fact but an unknown one has at least one source.
    """

    criterion: str
    support: SupportLevel
    sources: tuple[Source, ...]
    value: Value | None = None
    since: Version | None = None
    until: Version | None = None
    note: str = ""
    extensions: tuple[Extension, ...] = ()
    history: tuple[Milestone, ...] = ()

    def support_at(self, version: VersionLike | None = None) -> SupportLevel:
        """The support level at *version*, with the version bounds applied.

        With no version, the level as recorded. An unknown fact stays unknown
        at every version. A history entry with ``support_before`` gives the
        level before its version (history is kept in version order).
        """
        support = self.support
        if version is None or support is SupportLevel.UNKNOWN:
            return support
        if self.since is None and self.until is None and not self.history:
            return support  # no bounds: the same at every version (most facts; a ranking asks each)
        v = parse_version(version)
        if self.since is not None and v < self.since:
            return SupportLevel.ABSENT
        if self.until is not None and v >= self.until:
            return SupportLevel.ABSENT
        for milestone in self.history:
            # The first recorded level change after *v* says what applied at *v*.
            if milestone.support_before is not None and v < milestone.version:
                return milestone.support_before
        return self.support

    def value_at(self, version: VersionLike | None = None) -> Value | None:
        """The value at *version*: the one recorded, or what the history says applied then."""
        if version is None:
            return self.value
        v = parse_version(version)
        for milestone in self.history:
            if milestone.support_before is not None and v < milestone.version:
                return self.value if milestone.value_before is None else milestone.value_before
        return self.value

    def __repr__(self) -> str:
        parts = [repr(self.criterion), str(self.support)]
        if self.value is not None:
            parts.append(f"value={self.value!r}")
        if self.since is not None:
            parts.append(f"since={self.since}")
        if self.until is not None:
            parts.append(f"until={self.until}")
        return f"Fact({', '.join(parts)})"


def no_data(key: str, note: str = "No data for this criterion.") -> Fact:
    """An unknown fact for criterion *key*, which the framework's data does not cover.

    Plugins and user data can add criteria that other data never heard of: a
    framework then has an explicit unknown for them, never a missing fact.
    """
    return Fact(key, SupportLevel.UNKNOWN, (), note=note)


def fact_or_no_data(facts: Mapping[str, Fact], key: str) -> Fact:
    """The fact for *key* in *facts*, or `no_data` when there is none."""
    fact = facts.get(key)
    return no_data(key) if fact is None else fact
