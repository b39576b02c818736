"""The outcome of verification: each checkable fact against the installed release.

`fwcompare.verify` (in ``ops/verify.py``) builds these; no I/O here.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, ClassVar

import attrs

from .base import Formatted

if TYPE_CHECKING:
    from ..jsontypes import VerificationDict

__all__ = ["Check", "CheckStatus", "FrameworkSummary", "Verification"]


class CheckStatus(enum.StrEnum):
    """The outcome of checking one fact."""

    CONFIRMED = "confirmed"
    """The probe observed what the fact says, at the installed version."""
    CONTRADICTED = "contradicted"
    """The probe observed something else; the observation says what."""
    ERROR = "error"
    """The probe itself failed; the observation holds the exception."""
    NOT_INSTALLED = "not-installed"
    """The framework is not installed in the environment checked."""
    NOT_PROBEABLE = "not-probeable"
    """No code can check this fact; the reason says why."""
    NEEDS_PACKAGE = "needs-package"
    """The probe needs an optional package that is not installed (a template engine, a
    form parser, a test client's HTTP library): the environment's gap, not the framework's."""

    ENVIRONMENT = "environment"
    """The environment is broken: the framework does not import there, or its test client fails
    before any probe can judge (an incompatible dependency, such as Flask 2.2 with Werkzeug 3). One
    check for the framework names the step, the error and the versions installed; no probe ran.
    Not a failure of the data: `Verification.broken_environments` lists them (the command line fails on them)."""

    @property
    def is_failure(self) -> bool:
        """Whether this outcome makes verification fail."""
        return self in (CheckStatus.CONTRADICTED, CheckStatus.ERROR)


@attrs.frozen
class Check:
    """One fact of one framework, checked (or not) against the installed release.

    ``expected`` says what the data implies at ``version`` (the installed
    release), ``observed`` what the probe saw, or why nothing was probed.
    """

    framework: str
    criterion: str
    status: CheckStatus
    expected: str
    observed: str
    version: str | None = None


@attrs.frozen
class FrameworkSummary:
    """One framework's part of a `Verification`: the release checked (``None`` if not installed)."""

    framework: str
    version: str | None
    checks: int
    confirmed: int
    failures: int

    @property
    def installed(self) -> bool:
        """Whether the framework was installed in the environment checked."""
        return self.version is not None


@attrs.frozen
class Verification(Formatted):
    """The checks of one run of `verify`, framework by framework, in criteria order."""

    _format_kind: ClassVar[str] = "verification"

    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        """True when nothing was contradicted and no probe failed.

        A run that checked nothing is ok too: see `checked_nothing`.
        """
        return not any(c.status.is_failure for c in self.checks)

    @property
    def failures(self) -> tuple[Check, ...]:
        """The contradicted checks and the probes that failed."""
        return tuple(c for c in self.checks if c.status.is_failure)

    @property
    def checked_nothing(self) -> bool:
        """True when no fact was confirmed or contradicted (nothing installed, say)."""
        return not any(c.status in (CheckStatus.CONFIRMED, CheckStatus.CONTRADICTED) for c in self.checks)

    @property
    def frameworks(self) -> tuple[FrameworkSummary, ...]:
        """Each framework in the run, in order, with its release and counts."""
        order: dict[str, list[Check]] = {}
        for c in self.checks:
            order.setdefault(c.framework, []).append(c)
        return tuple(
            FrameworkSummary(
                framework=slug,
                version=next((c.version for c in checks if c.version is not None), None),
                checks=len(checks),
                confirmed=sum(1 for c in checks if c.status is CheckStatus.CONFIRMED),
                failures=sum(1 for c in checks if c.status.is_failure),
            )
            for slug, checks in order.items()
        )

    @property
    def broken_environments(self) -> tuple[Check, ...]:
        """The `CheckStatus.ENVIRONMENT` checks: one per framework that does not work in the environment."""
        return tuple(c for c in self.checks if c.status is CheckStatus.ENVIRONMENT)

    @property
    def not_installed(self) -> tuple[str, ...]:
        """The slugs of the frameworks that were not installed."""
        return tuple(f.framework for f in self.frameworks if not f.installed)

    def count(self, status: CheckStatus) -> int:
        """How many checks ended with *status*."""
        return sum(1 for c in self.checks if c.status is status)

    def counts(self) -> dict[CheckStatus, int]:
        """How many checks ended with each status, every status in order (zeros included)."""
        return {status: self.count(status) for status in CheckStatus}

    def to_dict(self) -> VerificationDict:
        """A JSON-safe dict: ``ok``, ``checked_nothing``, ``frameworks`` and the list of ``checks``."""
        data: VerificationDict = self.to_format("dict")
        return data

    def summary(self) -> str:
        """One line: frameworks checked and not installed, then the checks by status."""
        text: str = self.to_format("summary")
        return text

    def __str__(self) -> str:
        text: str = self.to_format("text")
        return text
