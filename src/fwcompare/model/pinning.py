"""Pins: a comparison judged at a given release of each framework, and what upgrading brings.

A `Pin` says which release a framework is judged at in a comparison and why
(pinned by the caller, the newest for a Python, the newest on a date).
`fact_at` is a fact as it stood at that release, from its version bounds and
support history; `changes` lists what upgrading from the pinned release to the
release the data was checked against brings. Nothing here invents history: a
fact with no bound and no history is assumed unchanged, and renderers say so.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from .._vocab import SupportLevel
from .base import Model
from .facts import Fact

if TYPE_CHECKING:
    import datetime

    from packaging.version import Version

    from .criteria import Criterion
    from .frameworks import Framework
    from .releases import Release

__all__ = ["Change", "Pin", "changes", "fact_at", "framework_changes", "unchanged"]

_WORDS = {
    SupportLevel.BUILT_IN: "built in",
    SupportLevel.PARTIAL: "partly built in",
    SupportLevel.EXTENSION: "through an extension",
    SupportLevel.ABSENT: "absent",
    SupportLevel.UNKNOWN: "unknown",
}


@attrs.frozen(repr=False, eq=False)
class Pin(Model):
    """The release a framework is judged at in a comparison, and why.

    ``reason`` is one of ``"pinned"`` (the caller named the version),
    ``"python"`` (the newest final release for ``python``) and ``"date"``
    (the newest final release on ``as_of``), or both of the last two;
    ``asked`` is what the caller wrote ("4.2", "3.11", "2021-08-25").

    >>> import fwcompare
    >>> c = fwcompare.compare("django==4.2", "flask", criteria=["admin"])
    >>> c.pins[0].describe()
    'Django 4.2.30 (pinned: django==4.2)'
    """

    framework: str
    release: Release
    reason: str
    asked: str
    on: datetime.date | None = None
    """The ``as_of`` date the comparison is judged on, if any."""

    @property
    def version(self) -> Version:
        """The version of the release judged."""
        return self.release.version

    def why(self) -> str:
        """Why this release, in a few words: "pinned: django==4.2", "the newest for Python 3.11"."""
        if self.reason == "pinned":
            return f"pinned: {self.asked}"
        return f"the newest final release {self.asked}"

    def describe(self) -> str:
        """The framework, the release and why: "Django 4.2.30 (pinned: django==4.2)"."""
        return f"{self.framework} {self.release.version} ({self.why()})"


@attrs.frozen(repr=False, eq=False)
class Change(Model):
    """One thing an upgrade brings for one criterion.

    For a change of support level ``before`` and ``after`` are set (from the
    fact's version bounds or a history entry that records one); a history
    entry that records no level leaves both ``None`` and says what changed in
    ``note``. ``version`` is the release that made the change.
    """

    criterion: Criterion
    version: Version
    note: str
    before: SupportLevel | None = None
    after: SupportLevel | None = None

    def __str__(self) -> str:
        return f"{self.criterion.label}: {self.note} ({self.version})"

    def __repr__(self) -> str:
        return f"<Change {self.criterion.key} at {self.version}: {self.note}>"


def _phrase(level: SupportLevel) -> str:
    return _WORDS[level]


def fact_at(fact: Fact, version: Version, framework: str) -> Fact:
    """*fact* as it stood at *version*: the same fact where it applied then, else the level it had.

    A capability that came later shows as absent, its note saying since when
    and what an upgrade brings; a level or value recorded in the history
    (``support_before``) applies with its note. The sources stay: they
    establish the bound or the change.
    """
    level = fact.support_at(version)
    value = None if level is SupportLevel.ABSENT else fact.value_at(version)
    if level is fact.support and value == fact.value:
        return fact
    parts = [f"In {framework} {version}: {_phrase(level)}."]
    if fact.since is not None and version < fact.since:
        parts.append(f"{_phrase(fact.support).capitalize()} since {fact.since} (an upgrade brings it).")
    elif fact.until is not None and version >= fact.until:
        parts.append(f"Removed in {fact.until}.")
    else:
        parts += [f"{m.version}: {m.note}" for m in fact.history if m.version > version and m.support_before]
    # Which extension served an older release is recorded only where it is the current one.
    same_kind = level is SupportLevel.EXTENSION and fact.support is SupportLevel.EXTENSION
    extensions = fact.extensions if same_kind else ()
    return Fact(fact.criterion, level, fact.sources, value=value, note=" ".join(parts), extensions=extensions)


def changes(criterion: Criterion, fact: Fact, start: Version, end: Version) -> tuple[Change, ...]:
    """What upgrading from release *start* to *end* brings for *fact*, oldest change first."""
    found: list[Change] = []
    for bound, word in ((fact.since, "since"), (fact.until, "until")):
        if bound is not None and start < bound <= end:
            before, after = fact.support_at(start), fact.support_at(bound)
            if word == "until":
                note = f"removed ({_phrase(before)} before {bound})"
            else:
                note = f"{_phrase(before)} → {_phrase(after)}"
            found.append(Change(criterion, bound, note, before, after))
    for milestone in fact.history:
        if start < milestone.version <= end:
            if milestone.support_before is not None:
                before = milestone.support_before
                after = fact.support_at(milestone.version)
                note = milestone.note if before is after else f"{_phrase(before)} → {_phrase(after)}: {milestone.note}"
                found.append(Change(criterion, milestone.version, note, before, after))
            else:
                found.append(Change(criterion, milestone.version, milestone.note))
    return tuple(sorted(found, key=lambda c: c.version))


def unchanged(facts: Iterable[Fact]) -> int:
    """How many of *facts* record no change at all (no bound, no history): assumed unchanged."""
    return sum(1 for f in facts if f.since is None and f.until is None and not f.history)


def framework_changes(framework: Framework, start: Version, end: Version) -> tuple[tuple[Change, ...], int]:
    """Every change between releases *start* and *end* of *framework*, and how many facts record none.

    The changes come in catalogue order of their criteria, oldest first within one.
    """
    found: list[Change] = []
    for key, criterion in framework.criteria.items():
        fact = framework.facts.get(key)
        if fact is not None:
            found += changes(criterion, fact, start, end)
    return tuple(found), unchanged(framework.facts.values())
