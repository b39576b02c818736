"""The outcome of verification: each checkable fact against the installed release.

`fwcompare.verify` (in ``ops/verify.py``) builds these; no I/O here.
"""

from __future__ import annotations

import enum
from typing import Any

import attrs

__all__ = ["Check", "CheckStatus", "Verification"]


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
class Verification:
    """The checks of one run of `verify`, framework by framework, in criteria order."""

    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        """True when nothing was contradicted and no probe failed."""
        return not any(c.status.is_failure for c in self.checks)

    @property
    def failures(self) -> tuple[Check, ...]:
        """The contradicted checks and the probes that failed."""
        return tuple(c for c in self.checks if c.status.is_failure)

    def count(self, status: CheckStatus) -> int:
        """How many checks ended with *status*."""
        return sum(1 for c in self.checks if c.status is status)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict: ``ok`` and the list of ``checks``."""
        return {
            "ok": self.ok,
            "checks": [
                {
                    "framework": c.framework,
                    "criterion": c.criterion,
                    "status": str(c.status),
                    "version": c.version,
                    "expected": c.expected,
                    "observed": c.observed,
                }
                for c in self.checks
            ],
        }

    def __str__(self) -> str:
        lines = []
        framework = None
        for c in self.checks:
            if c.framework != framework:
                framework = c.framework
                missing = "(not installed)" if c.status is CheckStatus.NOT_INSTALLED else "(not checked)"
                lines.append(f"{framework} {c.version or missing}")
            if c.status is CheckStatus.NOT_INSTALLED:
                continue
            if c.status is CheckStatus.ERROR and c.version is None and c.expected == "-":
                # The probe runner itself failed (see verify): one line for the framework.
                line = f"  {c.status:<13} {c.observed}"
                if lines[-1] != line:
                    lines.append(line)
                continue
            lines.append(f"  {c.status:<13} {c.criterion}: expected {c.expected}; observed {c.observed}")
        summary = ", ".join(f"{self.count(s)} {s}" for s in CheckStatus if self.count(s))
        lines.append(f"{'OK' if self.ok else 'FAILED'}: {summary or 'nothing checked'}")
        return "\n".join(lines)
