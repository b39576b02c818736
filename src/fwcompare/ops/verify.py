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

import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .._errors import InterpreterError, shorten
from .._vocab import SupportLevel
from ..model.frameworks import Framework
from ..model.verification import Check, CheckStatus, Verification

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from packaging.version import Version

    from ..model.facts import Fact
    from ..registry import Registry

__all__ = ["DEFAULT_TIMEOUT", "NO_PROBES", "REPORT_LIMIT", "check_interpreter", "verify"]


def _copy_probes(source: Traversable, target: str) -> None:
    """Copy the probes package's ``.py`` files, its subpackages' included, to *target*."""
    os.makedirs(target, exist_ok=True)
    for item in source.iterdir():
        if item.is_file() and item.name.endswith(".py"):
            with open(os.path.join(target, item.name), "wb") as out:
                out.write(item.read_bytes())
        elif item.is_dir() and item.joinpath("__init__.py").is_file():
            _copy_probes(item, os.path.join(target, item.name))


def _probe_modules(source: Traversable) -> set[str]:
    """The names of the probes package's modules and subpackages: a framework's probes, if named after it."""
    names = set()
    for item in source.iterdir():
        if item.is_file() and item.name.endswith(".py"):
            names.add(item.name.removesuffix(".py"))
        elif item.is_dir() and item.joinpath("__init__.py").is_file():
            names.add(item.name)
    return names


DEFAULT_TIMEOUT = 60.0
"""Seconds one framework's probes may take (`verify`'s default): Django's take a few."""

REPORT_LIMIT = 4 * 1024 * 1024
"""Bytes of stdout a probe runner may write: its report is tens of kilobytes; more is killed."""

_STDERR_KEPT = 64 * 1024  # the tail of stderr kept for the error message
_VERSION_LIMIT = 4096
_VERSION_PROGRAM = "import sys; print('fwcompare-python', *sys.version_info[:3])"
# Run with -I (isolated: no PYTHON* variables, no user site-packages, neither the
# working directory nor a script's directory on sys.path) from the temporary
# directory: only the copied probes package is added, as the first entry.
_BOOT = (
    "import sys; sys.path.insert(0, sys.argv.pop(1)); import runpy; "
    "runpy.run_module('fwcompare_probes.run', run_name='__main__', alter_sys=True)"
)


class _Outcome(NamedTuple):
    returncode: int | None
    """None when it was killed: see ``problem``."""
    stdout: bytes
    stderr: bytes
    problem: str | None


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill *process* and everything it started (its own session, so its own process group)."""
    if os.name == "posix":
        import signal

        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
    else:  # pragma: no cover - POSIX in CI
        with contextlib.suppress(OSError):
            process.kill()


def _run(argv: list[str], cwd: str, timeout: float, limit: int) -> _Outcome:
    """Run *argv*, keeping at most *limit* bytes of stdout and the tail of stderr.

    The child gets a session of its own: on a timeout, too much output, an
    interrupt (KeyboardInterrupt, or SIGTERM turned into one) or when it is
    done, its whole process group is killed, so that nothing it started outlives it.
    """
    import threading

    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    process = subprocess.Popen(
        argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=cwd,
        env=env,
        start_new_session=True,
    )
    out, err = bytearray(), bytearray()
    flooded = threading.Event()
    readers: list[threading.Thread] = []
    problem = None
    try:  # from here on, whatever happens (an interrupt included), the group is killed

        def read_stdout() -> None:
            assert process.stdout is not None
            while block := os.read(process.stdout.fileno(), 65536):
                if len(out) + len(block) > limit:
                    flooded.set()
                    _kill_group(process)
                    return
                out.extend(block)

        def read_stderr() -> None:
            assert process.stderr is not None
            while block := os.read(process.stderr.fileno(), 65536):
                err.extend(block)
                del err[:-_STDERR_KEPT]

        for target in (read_stdout, read_stderr):
            readers.append(threading.Thread(target=target, daemon=True))
            readers[-1].start()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            problem = f"did not finish within {timeout:g} s (the timeout: --timeout, or verify(timeout=...))"
        _kill_group(process)
        process.wait()
        for reader in readers:
            # A grandchild that left the process group may hold a pipe open: do not wait for it.
            reader.join(5)
    finally:
        _kill_group(process)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(5)
        for i, stream in enumerate((process.stdout, process.stderr)):
            # A pipe still being read (a grandchild that left the group holds it) stays
            # open: closing it under the reader could hand its descriptor to another file.
            if stream is not None and not (i < len(readers) and readers[i].is_alive()):
                stream.close()
    if flooded.is_set():
        problem = f"wrote more than {limit} bytes of output"
    return _Outcome(None if problem else process.returncode, bytes(out), bytes(err), problem)


def check_interpreter(python: str, *, timeout: float = DEFAULT_TIMEOUT) -> str:
    """The absolute path of *python* once it is known to be a Python the probes run on.

    It is run once, isolated, with a tiny program that prints its version.
    Raises `InterpreterError` when it does not exist, is a directory, is not
    Python or is older than `InterpreterError.minimum`.
    """
    import re
    import shutil
    import tempfile

    found = python if os.sep in python or (os.altsep and os.altsep in python) else shutil.which(python)
    path = os.path.abspath(found or python)
    if os.path.isdir(path):
        raise InterpreterError(python, "is a directory, not an interpreter")
    if not os.path.isfile(path) or not os.access(path, os.X_OK):
        raise InterpreterError(python, "is not an executable file")
    with tempfile.TemporaryDirectory(prefix="fwcompare-python-") as cwd:
        try:
            outcome = _run([path, "-I", "-c", _VERSION_PROGRAM], cwd, min(timeout, 30.0), _VERSION_LIMIT)
        except OSError as exc:
            raise InterpreterError(python, f"cannot be run: {exc.strerror or exc}") from None
    text = outcome.stdout.decode("utf-8", "replace").strip()
    # Its own line, wherever it is: a .pth file in site-packages may print before or after.
    match = re.search(r"^fwcompare-python (\d+) (\d+) (\d+)$", text, re.MULTILINE)
    if outcome.problem is not None or outcome.returncode != 0 or match is None:
        said = outcome.problem or f"exit status {outcome.returncode}, output {shorten(text, 60)!r}"
        raise InterpreterError(python, f"is not a Python interpreter (asked for its version: {said})")
    version = tuple(int(g) for g in match.groups())
    if version[:2] < InterpreterError.minimum:
        need = ".".join(map(str, InterpreterError.minimum))
        raise InterpreterError(python, f"is Python {version[0]}.{version[1]}; the probes need Python {need} or later")
    return path


def _run_probes(python: str, root: str, framework: Framework, timeout: float) -> dict[str, Any]:
    try:
        outcome = _run(
            [python, "-I", "-B", "-c", _BOOT, root, framework.slug, framework.pypi], root, timeout, REPORT_LIMIT
        )
    except OSError as exc:
        return {"failed": f"cannot run {python}: {exc.strerror or exc}"}
    if outcome.problem is not None:
        return {"failed": f"the probes {outcome.problem}"}
    if outcome.returncode != 0:
        tail = outcome.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
        return {"failed": f"the probe runner exited with {outcome.returncode}: {shorten(tail[0], 200)}"}
    problem = _report_problem(outcome.stdout)
    if problem is not None:
        return {"failed": f"the probe runner's report is not one: {problem}"}
    report: dict[str, Any] = json.loads(outcome.stdout)
    return report


def _refuse_constant(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


def _report_problem(raw: bytes) -> str | None:
    """What is wrong with a probe runner's output, or None for a report as ``run.py`` writes it."""
    from packaging.version import InvalidVersion

    from ..model.facts import parse_version

    try:
        text = raw.decode("utf-8")
        if text.count("\n") != 1 or not text.endswith("\n"):
            return f"expected one line of JSON, got {shorten(text, 60)!r}"
        report = json.loads(text, parse_constant=_refuse_constant)
    except ValueError as exc:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return shorten(str(exc), 100)
    if not isinstance(report, dict) or set(report) - {"environment"} != {"installed", "observations", "not_probeable"}:
        return "not an object with installed, observations and not_probeable (and perhaps environment)"
    if "environment" in report and _environment_problem(report["environment"]):
        return "environment is not an object with step, error, where and versions"
    installed = report["installed"]
    if installed is not None:
        if not isinstance(installed, str):
            return "installed is not a string"
        try:
            parse_version(installed)
        except InvalidVersion:
            return f"the installed version {shorten(installed, 40)!r} is not a PEP 440 version"
    observations, reasons = report["observations"], report["not_probeable"]
    if not isinstance(observations, dict) or not all(isinstance(o, dict) for o in observations.values()):
        return "observations is not an object of objects"
    if not isinstance(reasons, dict) or not all(isinstance(r, str) for r in reasons.values()):
        return "not_probeable is not an object of strings"
    return None


def _environment_problem(environment: object) -> bool:
    if not isinstance(environment, dict) or set(environment) != {"step", "error", "where", "versions"}:
        return True
    versions = environment["versions"]
    return not (
        all(isinstance(environment[k], str) for k in ("step", "error", "where"))
        and isinstance(versions, dict)
        and all(isinstance(v, str) or v is None for v in versions.values())
    )


def _environment_check(framework: Framework, version: str, environment: dict[str, Any]) -> Check:
    """The one check of a framework whose environment is broken: the step, the error, the versions installed."""
    versions = ", ".join(
        f"{name} {'not installed' if v is None else v}" for name, v in list(environment["versions"].items())[:20]
    )
    where = f" (raised in {environment['where']})" if environment["where"] else ""
    observed = (
        f"{framework.name} {version} does not work in this environment: {environment['step']} failed with "
        f"{environment['error']}{where}. Installed: {versions}. This is the environment (an incompatible or "
        "missing dependency), not the data: no probe ran."
    )
    # One line, bounded: the error comes from the environment checked (the CLI escapes what it prints).
    return Check(framework.slug, "", CheckStatus.ENVIRONMENT, "-", shorten(" ".join(observed.split()), 2000), version)


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
    from ..model.facts import parse_version

    v = parse_version(version)
    for milestone in fact.history:
        if milestone.support_before is not None and v < milestone.version:
            return milestone.version
    return None


def _judge(framework: Framework, key: str, version: str, seen: dict[str, Any]) -> Check:
    from ..model.facts import parse_version

    level, expected = _expectation(framework, key, version)
    if "needs" in seen:
        # The environment lacks an optional package the probe uses: nothing was learnt about the framework.
        detail = " ".join(str(seen.get("detail") or "").split())  # one line, however the message was laid out
        observed = f"not installed (needs {seen['needs']})" + (f": {detail}" if detail else "")
        return Check(framework.slug, key, CheckStatus.NEEDS_PACKAGE, expected, observed, version)
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
    recorded = parse_version(version) >= framework.checked.version or _level_change(fact, version) is not None
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
    timeout: float = DEFAULT_TIMEOUT,
) -> Verification:
    """Check the data of *names* (default: every framework) against the installed frameworks.

    Each framework's probes run in a subprocess of *python* (default: this
    interpreter, so this environment) against the release installed there,
    with the facts' version bounds applied to that release. A framework that is
    not installed gives `CheckStatus.NOT_INSTALLED` checks, and a check whose
    probe needs an optional package missing there (a template engine, a form
    parser) `CheckStatus.NEEDS_PACKAGE`: neither is a failure, so look at
    `Verification.checked_nothing` and `Verification.not_installed` (the
    command line fails on them).

    The probes run isolated (``python -I``, from a temporary directory holding
    only a copy of the probes), so nothing in the caller's working directory is
    imported. A framework whose probes take longer than *timeout* seconds, write
    more than 4 MB (``REPORT_LIMIT``) or do not write a report gets error checks;
    everything they started is killed. *python* is checked first
    (``check_interpreter``): one that is not a Python 3.8 or later raises
    `InterpreterError`.

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
    interpreter = sys.executable if python is None else check_interpreter(python, timeout=timeout)
    if not interpreter:
        raise InterpreterError("", "is empty: this Python does not know its own interpreter (sys.executable)")
    checks: list[Check] = []
    with tempfile.TemporaryDirectory(prefix="fwcompare-probes-") as root:
        probes = files("fwcompare_probes")
        target = os.path.join(root, "fwcompare_probes")
        _copy_probes(probes, target)
        available = _probe_modules(probes)
        failed = _copy_plugin_probes(registry, chosen, target, available)
        for framework in chosen:
            if framework.slug in failed:
                checks += [
                    Check(framework.slug, k, CheckStatus.ERROR, "-", failed[framework.slug]) for k in framework.facts
                ]
                continue
            checks += _check_framework(framework, interpreter, root, available, timeout)
    return Verification(tuple(checks))


NO_PROBES = "no probes: neither fwcompare nor the plugin that provides this framework ships any"
"""The reason given for every fact of an installed framework that has no probes."""


def _copy_plugin_probes(
    registry: Registry, chosen: Iterable[Framework], target: str, available: set[str]
) -> dict[str, str]:
    """Copy the probes plugins ship for their frameworks beside the bundled ones; the failures by slug.

    A plugin's probes are the module its distribution names in the ``fwcompare.probes``
    entry-point group under the framework's slug. The module is found, not imported,
    and copied as ``fwcompare_probes/<slug>``: it runs as the bundled probes do, isolated.
    Only the distribution that provides a framework may ship its probes.
    """
    import importlib.util
    import shutil

    from ..store.entry_points import discover_probes

    providers = {slug: info.distribution for info in registry.plugins() for slug in info.frameworks}
    wanted = {f.slug for f in chosen if f.slug in providers}
    failed: dict[str, str] = {}
    if not wanted:
        return failed
    for slug, value, distribution, _ in discover_probes():
        if slug not in wanted or distribution != providers[slug]:
            continue
        module = value.split("[", 1)[0].partition(":")[0].strip()
        name = slug.replace("-", "_")
        try:
            spec = importlib.util.find_spec(module)
            if spec is None or not spec.origin or not spec.origin.endswith(".py"):
                raise ImportError("no such Python module")
            if spec.submodule_search_locations:
                shutil.rmtree(os.path.join(target, name), ignore_errors=True)
                _copy_probes(Path(spec.origin).parent, os.path.join(target, name))
            else:
                shutil.copyfile(spec.origin, os.path.join(target, f"{name}.py"))
        except Exception as exc:  # a plugin's module that cannot be found or copied: its framework's error
            problem = shorten(str(exc), 100)
            failed[slug] = f"the probes of plugin {distribution} ({shorten(module, 60)}) cannot be copied: {problem}"
            continue
        available.add(name)
    return failed


def _check_framework(framework: Framework, python: str, root: str, available: set[str], timeout: float) -> list[Check]:
    keys = list(framework.facts)
    module = framework.slug.replace("-", "_")
    report = _run_probes(python, root, framework, timeout)
    if "failed" in report:
        return [Check(framework.slug, k, CheckStatus.ERROR, "-", report["failed"]) for k in keys]
    version = report["installed"]
    if version is not None and "environment" in report:
        return [_environment_check(framework, version, report["environment"])]
    if version is None:
        observed = f"{framework.pypi} is not installed"
        return [Check(framework.slug, k, CheckStatus.NOT_INSTALLED, "-", observed) for k in keys]
    if module not in available:
        # Installed, but nothing can check it: not "not installed", and no failure by itself.
        return [
            Check(
                framework.slug, k, CheckStatus.NOT_PROBEABLE, _expectation(framework, k, version)[1], NO_PROBES, version
            )
            for k in keys
        ]
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
