"""Renderings of a verification: the text report, its summary line, and the JSON-safe dict."""

from __future__ import annotations

from collections.abc import Callable
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
    broken = {c.framework for c in result.broken_environments}
    installed = [f for f in frameworks if f.installed and f.framework not in broken]
    parts = []
    if installed:
        names = ", ".join(f"{f.framework} {f.version}" for f in installed)
        parts.append(f"{_plural(len(installed), 'framework')} checked ({names})")
    else:
        parts.append("no framework checked")
    if broken:
        names = ", ".join(f"{f.framework} {f.version}" for f in frameworks if f.framework in broken)
        parts.append(f"{len(broken)} in a broken environment ({names})")
    missing = [f.framework for f in frameworks if not f.installed]
    if missing:
        parts.append(f"{len(missing)} not installed ({', '.join(missing)})")
    counts = ", ".join(f"{n} {status}" for status, n in result.counts().items() if n)
    word = "FAILED" if not result.ok else ("NOTHING CHECKED" if result.checked_nothing else "OK")
    if result.ok and result.broken_environments:
        word = "BROKEN ENVIRONMENT"
    return f"{word}: {', '.join(parts)}; {_plural(len(result.checks), 'check')}" + (f": {counts}" if counts else "")


_ROLE = {
    "confirmed": "built-in",
    "contradicted": "failed",
    "error": "failed",
    "needs-package": "warning",
    "environment": "failed",
    "not-probeable": "dim",
}


def verification_text(result: Verification, *, width: int = 96, style: Callable[[str, str], str] | None = None) -> str:
    """The report: each framework's checks (not-installed ones left out), then the summary.

    Lines are wrapped to *width*, continuation lines indented under the check;
    *style* (``style(text, role)``) colours the statuses on a terminal.
    """
    from .text import fill

    style = style or (lambda text, role: text)
    lines = []
    framework = None
    runner_failed = ""
    for c in result.checks:
        if c.framework != framework:
            framework, runner_failed = c.framework, ""
            missing = "(not installed)" if c.status == "not-installed" else "(not checked)"
            lines.append(style(f"{framework} {c.version or missing}", "heading"))
        if c.status == "not-installed":  # the framework's line says so
            continue
        status = f"{c.status:<13}"
        if c.status == "error" and c.version is None and c.expected == "-":
            # The probe runner itself failed (see verify): one line for the framework, not one per fact.
            if c.observed == runner_failed:
                continue
            runner_failed = c.observed
            text = f"  {status} {c.observed}"
        elif c.status == "environment":  # one line for the framework: no fact was judged
            text = f"  {status} {c.observed}"
        else:
            text = f"  {status} {c.criterion}: expected {c.expected}; observed {c.observed}"
        wrapped = fill(text, width, "", " " * 16)
        wrapped[0] = "  " + style(status, _ROLE.get(str(c.status), "")) + wrapped[0][2 + len(status) :]
        lines += wrapped
    summary = fill(verification_summary(result), width, "", "  ")
    role = "failed" if not result.ok or result.broken_environments else ("warning" if result.checked_nothing else "ok")
    word, _, rest = summary[0].partition(":")
    summary[0] = style(word, role) + ":" + rest
    lines += summary
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
