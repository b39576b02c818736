"""Verification: the data's checkable facts against the real, installed frameworks.

Each framework's probes run in a subprocess (``fwcompare_probes.run``) with
the interpreter of the environment to check (by default this one). The probes
package (``fwcompare_probes``, beside fwcompare in the same wheel) is copied to
a temporary directory and run from there, on its own, so that nothing else of
this environment reaches the other interpreter: it must run on interpreters
older than fwcompare supports, to check version bounds against old releases,
and a framework's global state (Django's settings) must not leak into the caller.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .._vocab import SupportLevel
from ..model.frameworks import Framework
from ..model.verification import Check, CheckStatus, Verification

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from packaging.version import Version

    from ..model.facts import Fact
    from ..registry import Registry

__all__ = ["verify"]


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
    changed = _level_change(fact, version)
    if changed is not None:
        bounds = f" (until {changed})"  # a history entry records the level before a later change
    return level, f"{level}{bounds} at {version}"


def _level_change(fact: Fact, version: str) -> Version | None:
    """The version of the history entry whose ``support_before`` applies at *version*, if any."""
    from packaging.version import Version

    v = Version(version)
    for milestone in fact.history:
        if milestone.support_before is not None and v < milestone.version:
            return milestone.version
    return None


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
    # without contradicting the data (Django 2.2 spoke WSGI only), unless the
    # history records the value that applied then (value_before).
    value = fact.value_at(version)
    recorded = Version(version) >= framework.checked.version or _level_change(fact, version) is not None
    if (
        value is not None
        and observed_value is not None
        and recorded
        and _normalise(observed_value) != _normalise(value)
    ):
        status = CheckStatus.CONTRADICTED
        detail = f"value {observed_value!r}, data has {value!r}; {detail}"
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
