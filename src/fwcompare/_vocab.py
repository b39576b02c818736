"""The fixed vocabularies of the data: support levels, classifications, value kinds...

Free text drifts ("CPython" vs "Python3"), so every field that can have a fixed
vocabulary has one here. The string values are what the data files and the
JSON output use; they are part of the data schema and change only with it.
"""

from __future__ import annotations

import enum

__all__ = [
    "Classification",
    "ExtensionStatus",
    "Measured",
    "NeedStatus",
    "OpinionKind",
    "OpinionTopic",
    "Party",
    "RelationKind",
    "SupportLevel",
    "ValueKind",
    "Verdict",
]


class SupportLevel(enum.StrEnum):
    """How a framework supports a criterion.

    >>> SupportLevel("built-in").is_builtin
    True
    """

    BUILT_IN = "built-in"
    """Part of the framework itself."""
    PARTIAL = "partial"
    """Part of the framework, with limits the fact's note states."""
    EXTENSION = "extension"
    """Not in the framework; a named extension package provides it."""
    ABSENT = "absent"
    """Neither in the framework nor covered by a known extension listed here."""
    UNKNOWN = "unknown"
    """Could not be established; the fact's note says why."""

    @property
    def is_builtin(self) -> bool:
        """True for `BUILT_IN` and `PARTIAL`: the framework itself has it."""
        return self in (SupportLevel.BUILT_IN, SupportLevel.PARTIAL)


class Classification(enum.StrEnum):
    """What kind of framework it is, in the words the projects use of themselves."""

    FULL_STACK = "full-stack"
    MICRO = "micro"
    API = "api"
    ASYNC_TOOLKIT = "async-toolkit"
    GENERAL_PURPOSE = "general-purpose"
    PYTHON_UI = "python-ui"
    """Pages are written in Python as UI components, and a JavaScript front end the
    framework ships (React, Vue...) renders them in the browser."""


class ValueKind(enum.StrEnum):
    """What a fact's optional value holds, per criterion."""

    SUPPORT = "support"
    """No value: the support level says it all."""
    TEXT = "text"
    """Free text, such as an engine's name."""
    CHOICE = "choice"
    """One string from the criterion's choices."""
    TAGS = "tags"
    """A tuple of strings from the criterion's choices."""
    NUMBER = "number"
    """An integer or a float."""


class Party(enum.StrEnum):
    """Who maintains an extension."""

    FIRST = "first"
    """The framework's own project or organisation."""
    THIRD = "third"
    """Anyone else."""


class RelationKind(enum.StrEnum):
    """How a framework relates to another project."""

    BUILT_ON = "built-on"
    FORK_OF = "fork-of"
    REIMPLEMENTS = "reimplements"
    RENAMED_FROM = "renamed-from"


class OpinionKind(enum.StrEnum):
    """What an attributed claim is, for its author."""

    PRO = "pro"
    CON = "con"
    ASSESSMENT = "assessment"


class OpinionTopic(enum.StrEnum):
    """What an attributed claim is about."""

    ARCHITECTURE = "architecture"
    LEARNING_CURVE = "learning-curve"
    FLEXIBILITY = "flexibility"
    PRODUCTIVITY = "productivity"
    FEATURES = "features"
    SECURITY = "security"
    SCALABILITY = "scalability"
    PERFORMANCE = "performance"
    COMMUNITY = "community"
    ADOPTION = "adoption"
    TESTING = "testing"
    ASYNC = "async"
    EXTENSIBILITY = "extensibility"


class Verdict(enum.StrEnum):
    """fwcompare's reading of an attributed claim, against official sources."""

    ACCURATE = "accurate"
    PARTLY_ACCURATE = "partly-accurate"
    OUTDATED = "outdated"
    WRONG = "wrong"
    UNVERIFIED = "unverified"
    """Official sources neither confirm nor refute it."""
    SUBJECTIVE = "subjective"
    """A matter of judgement: neither true nor false."""

    @property
    def needs_correction(self) -> bool:
        """Whether the data must say what is right instead."""
        return self in (Verdict.PARTLY_ACCURATE, Verdict.OUTDATED, Verdict.WRONG)


class NeedStatus(enum.StrEnum):
    """How one framework answers one need.

    >>> NeedStatus.EXTENSION.is_met
    True
    """

    MET = "met"
    """Built into the framework (at the version judged)."""
    PARTIAL = "partial"
    """Built in, with limits that the fact's note states."""
    EXTENSION = "extension"
    """Met through a named extension, not by the framework itself."""
    UNMET = "unmet"
    """Absent at the version judged, or only through an extension when built-in only was asked."""
    UNKNOWN = "unknown"
    """The data does not establish it; the fact's note says why."""

    @property
    def is_met(self) -> bool:
        """True for `MET`, `PARTIAL` and `EXTENSION`."""
        return self in (NeedStatus.MET, NeedStatus.PARTIAL, NeedStatus.EXTENSION)

    @property
    def is_builtin(self) -> bool:
        """True for `MET` and `PARTIAL`: the framework itself meets the need."""
        return self in (NeedStatus.MET, NeedStatus.PARTIAL)

    @property
    def credit(self) -> float:
        """The share of a need's weight this status earns in a ranking, from the one scoring rule.

        Met earns the full weight; partial less (the framework has it, with
        limits); through an extension less again (met, at the cost of another
        dependency to choose, keep up to date and trust), and an unmaintained
        or broken extension less still (see ``rank``); unmet and unknown
        nothing (unknown is reported apart, so that it can be looked into).
        The legend under every ranking prints the shares.

        >>> NeedStatus.MET.credit
        1.0
        """
        from ._scoring import credit

        return credit(self.value)


class ExtensionStatus(enum.StrEnum):
    """How healthy an extension is, from best to worst.

    >>> ExtensionStatus("quiet") < ExtensionStatus.BROKEN
    True
    """

    ACTIVE = "active"
    """A release within the last year (365 days)."""
    QUIET = "quiet"
    """The latest release is one to three years old."""
    UNMAINTAINED = "unmaintained"
    """No release for over three years, or declared inactive or archived."""
    BROKEN = "broken"
    """Does not install or import with the framework's latest release on a checked Python."""

    @property
    def rank(self) -> int:
        """0 for active up to 3 for broken: larger is worse."""
        return list(ExtensionStatus).index(self)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, ExtensionStatus):
            return NotImplemented
        return self.rank < other.rank


class Measured(enum.StrEnum):
    """What ``fwcompare bench`` measures that bears on an opinion: its speed, or its footprint.

    An opinion about speed ("handles large traffic") or weight ("lightweight",
    "monolithic") names it, and every rendering points to the measurements,
    with what a single-worker benchmark of trivial endpoints does not show.
    """

    SPEED = "speed"
    """Requests per second and server CPU time per request."""
    FOOTPRINT = "footprint"
    """Distributions installed, size, import time and memory at start-up."""
