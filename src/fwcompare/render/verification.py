"""Renderings of a verification: the text report, its summary line, and the JSON-safe dict."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from .._version import OUTPUT_SCHEMA_VERSION, __version__

if TYPE_CHECKING:
    from ..jsontypes import VerificationDict
    from ..model.verification import Verification

__all__ = ["verification_summary", "verification_text", "verification_to_dict"]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def verification_summary(result: Verification) -> str:
    """ "OK: 1 framework checked (flask 3.1.2), 1 not installed (django); 30 checks: 25 confirmed, ..."."""
    frameworks = result.frameworks
    installed = [f for f in frameworks if f.installed]
    parts = []
    if installed:
        names = ", ".join(f"{f.framework} {f.version}" for f in installed)
        parts.append(f"{_plural(len(installed), 'framework')} checked ({names})")
    else:
        parts.append("no framework checked")
    missing = [f.framework for f in frameworks if not f.installed]
    if missing:
        parts.append(f"{len(missing)} not installed ({', '.join(missing)})")
    counts = ", ".join(f"{n} {status}" for status, n in result.counts().items() if n)
    word = "FAILED" if not result.ok else ("NOTHING CHECKED" if result.checked_nothing else "OK")
    return f"{word}: {', '.join(parts)}; {_plural(len(result.checks), 'check')}" + (f": {counts}" if counts else "")


def verification_text(result: Verification, *, width: int = 96) -> str:
    """The report: each framework's checks (not-installed ones left out), then the summary.

    Lines are wrapped to *width*, continuation lines indented under the check.
    """
    lines = []
    framework = None
    for c in result.checks:
        if c.framework != framework:
            framework = c.framework
            lines.append(f"{framework} {c.version or '(not installed)'}")
        if c.status == "not-installed":  # the framework's line says so
            continue
        text = f"  {c.status:<13} {c.criterion}: expected {c.expected}; observed {c.observed}"
        lines += textwrap.wrap(text, width, subsequent_indent=" " * 16, break_on_hyphens=False) or [text]
    lines += textwrap.wrap(verification_summary(result), width, subsequent_indent="  ", break_on_hyphens=False)
    return "\n".join(lines)


def verification_to_dict(result: Verification) -> VerificationDict:
    """The verification as a JSON-safe dict (see `Verification.to_dict`)."""
    return {
        "fwcompare": __version__,
        "schema_version": OUTPUT_SCHEMA_VERSION,
        "ok": result.ok,
        "checked_nothing": result.checked_nothing,
        "frameworks": [
            {
                "framework": f.framework,
                "version": f.version,
                "installed": f.installed,
                "checks": f.checks,
                "confirmed": f.confirmed,
                "failures": f.failures,
            }
            for f in result.frameworks
        ],
        "counts": {status.value: n for status, n in result.counts().items()},
        "checks": [
            {
                "framework": c.framework,
                "criterion": c.criterion,
                "status": c.status.value,
                "version": c.version,
                "expected": c.expected,
                "observed": c.observed,
            }
            for c in result.checks
        ],
    }
