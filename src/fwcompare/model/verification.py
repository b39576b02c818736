"""Verification: the data's checkable facts against the real, installed frameworks.

Each framework's probes run in a subprocess (``fwcompare_probes.run``) with
the interpreter of the environment to check (by default this one). The probes
package (``fwcompare_probes``, beside fwcompare in the same wheel) is copied to
a temporary directory and run from there, on its own, so that nothing else of
this environment reaches the other interpreter:
it must run on interpreters older than fwcompare supports, to check version
bounds against old releases, and a framework's global state (Django's
settings) must not leak into the caller.
"""

from __future__ import annotations

import enum
import os
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

from .._vocab import SupportLevel
from .frameworks import Framework

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from ..registry import Registry

__all__ = ["Check", "CheckStatus", "Verification", "verify"]


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
                lines.append(f"{framework} {c.version or '(not installed)'}")
            if c.status is CheckStatus.NOT_INSTALLED:
                continue
            lines.append(f"  {c.status:<13} {c.criterion}: expected {c.expected}; observed {c.observed}")
        summary = ", ".join(f"{self.count(s)} {s}" for s in CheckStatus if self.count(s))
        lines.append(f"{'OK' if self.ok else 'FAILED'}: {summary or 'nothing checked'}")
        return "\n".join(lines)


def _copy_probes(source: Traversable, target: str) -> None:
    os.makedirs(target, exist_ok=True)
    for item in source.iterdir():
        if item.is_file() and item.name.endswith(".py"):
            with open(os.path.join(target, item.name), "wb") as out:
                out.write(item.read_bytes())


def _run_probes(python: str, root: str, framework: Framework, timeout: float) -> dict[str, Any]:
    import json
    import subprocess

    env = dict(os.environ, PYTHONPATH=root, PYTHONDONTWRITEBYTECODE="1")
    try:
        result = subprocess.run(
            [python, "-m", "fwcompare_probes.run", framework.slug, framework.pypi],
            capture_output=True,
            text=True,
            env=env,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"failed": f"the probes did not finish within {timeout:g} s"}
    except OSError as exc:
        return {"failed": f"cannot run {python}: {exc}"}
    lines = result.stdout.strip().splitlines()
    if result.returncode != 0 or not lines:
        tail = result.stderr.strip().splitlines()[-1:] or ["no output"]
        return {"failed": f"the probe runner exited with {result.returncode}: {tail[0]}"}
    report: dict[str, Any] = json.loads(lines[-1])
    return report


def _expectation(framework: Framework, key: str, version: str) -> tuple[SupportLevel, str]:
    fact = framework.fact(key)
    level = fact.support_at(version)
    bounds = f" (since {fact.since})" if fact.since is not None and level is not SupportLevel.ABSENT else ""
    if fact.since is not None and level is SupportLevel.ABSENT:
        bounds = f" (before {fact.since})"
    return level, f"{level}{bounds} at {version}"


def _judge(framework: Framework, key: str, version: str, seen: dict[str, Any]) -> Check:
    from packaging.version import Version

    level, expected = _expectation(framework, key, version)
    if "error" in seen:
        return Check(framework.slug, key, CheckStatus.ERROR, expected, str(seen["error"]), version)
    detail = str(seen.get("detail", ""))
    present = seen.get("present")
    if level is SupportLevel.UNKNOWN:
        return Check(
            framework.slug,
            key,
            CheckStatus.NOT_PROBEABLE,
            expected,
            f"the data says unknown; probe saw: {detail}",
            version,
        )
    status = CheckStatus.CONFIRMED
    if present is not None and bool(present) != level.is_builtin:
        status = CheckStatus.CONTRADICTED
    fact = framework.fact(key)
    observed_value = seen.get("value")
    # Values are recorded as of the checked release; older releases may differ
    # without contradicting the data (Django 2.2 spoke WSGI only).
    if (
        fact.value is not None
        and observed_value is not None
        and Version(version) >= framework.checked.version
        and _normalise(observed_value) != _normalise(fact.value)
    ):
        status = CheckStatus.CONTRADICTED
        detail = f"value {observed_value!r}, data has {fact.value!r}; {detail}"
    return Check(framework.slug, key, status, expected, detail, version)


def _normalise(value: object) -> object:
    # Tags compare as sets: the order of observation is not data.
    return frozenset(value) if isinstance(value, (list, tuple)) else value


def verify(
    names: Iterable[str] | None = None,
    *,
    registry: Registry | None = None,
    python: str | None = None,
    timeout: float = 300,
) -> Verification:
    """Check the data of *names* (default: every framework) against the installed frameworks.

    Each framework's probes run in a subprocess of *python* (default: this
    interpreter, so this environment) against the release installed there,
    with the facts' version bounds applied to that release. A framework that is
    not installed gives `CheckStatus.NOT_INSTALLED` checks; it is not an error.

    >>> import fwcompare
    >>> result = fwcompare.verify(["flask"])  # doctest: +SKIP
    >>> result.ok  # doctest: +SKIP
    True
    """
    import tempfile
    from importlib.resources import files

    if registry is None:
        from ..registry import default_registry

        registry = default_registry()
    chosen = registry.frameworks() if names is None else tuple(registry.get(n) for n in names)
    checks: list[Check] = []
    with tempfile.TemporaryDirectory(prefix="fwcompare-probes-") as root:
        probes = files("fwcompare_probes")
        _copy_probes(probes, os.path.join(root, "fwcompare_probes"))
        available = {r.name.removesuffix(".py") for r in probes.iterdir()}
        for framework in chosen:
            checks += _check_framework(framework, python or sys.executable, root, available, timeout)
    return Verification(tuple(checks))


def _check_framework(framework: Framework, python: str, root: str, available: set[str], timeout: float) -> list[Check]:
    keys = list(framework.facts)
    module = framework.slug.replace("-", "_")
    if module not in available:
        reason = "fwcompare has no probes for this framework"
        return [Check(framework.slug, k, CheckStatus.NOT_PROBEABLE, "-", reason) for k in keys]
    report = _run_probes(python, root, framework, timeout)
    if "failed" in report:
        return [Check(framework.slug, k, CheckStatus.ERROR, "-", report["failed"]) for k in keys]
    version = report["installed"]
    if version is None:
        observed = f"{framework.pypi} is not installed"
        return [Check(framework.slug, k, CheckStatus.NOT_INSTALLED, "-", observed) for k in keys]
    observations: dict[str, Any] = report["observations"]
    reasons: dict[str, str] = report["not_probeable"]
    checks = []
    for key in keys:
        if key in observations:
            checks.append(_judge(framework, key, version, observations[key]))
        else:
            reason = reasons.get(key, "no probe has been written for it")
            _, expected = _expectation(framework, key, version)
            checks.append(Check(framework.slug, key, CheckStatus.NOT_PROBEABLE, expected, reason, version))
    return checks
