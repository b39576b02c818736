"""Run one framework's probes and print what they saw, as one JSON document.

    python -m fwcompare_probes.run SLUG DISTRIBUTION [CRITERION ...]

Verification runs this in a subprocess, so that a framework's global state
(Django's settings, say) never reaches the caller, and so that it can run in
another environment's interpreter, isolated (``python -I``). It prints exactly
one JSON line on stdout, and nothing else: whatever else is written there goes
to stderr::

    {"installed": "3.1.3" or null, "observations": {key: {...}}, "not_probeable": {key: reason}}

plus ``"environment": {"step": ..., "error": ..., "where": ..., "versions": {...}}``
when the environment is broken: the framework does not import, or its probe
set's `ProbeSet.preflight` (one request through its test client) fails for a
reason other than a missing optional package. Then no probe runs, and
``versions`` holds the installed versions of the framework's required
dependencies (``null`` where one is missing), so that an incompatible
dependency (Flask 2.2 with Werkzeug 3) reads as what it is.

where each observation is ``{"present": bool|null, "value": ..., "detail": str}``
or ``{"error": "Type: message"}`` when the probe raised, or
``{"needs": package, "detail": str}`` when it could not run because an optional
package is missing here: it raised `NeedsPackage` (see `requires`), or an
import of a module outside the framework's own packages failed. Written for
Python 3.8 and later, like the probes.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import json
import os
import sys
from typing import Any


def _own_packages(distribution: str) -> set[str]:
    """The top-level import names the framework's distribution installs."""
    from importlib.metadata import distribution as find

    names = set()
    for path in find(distribution).files or ():
        top = str(path).replace("\\", "/").split("/", 1)[0]
        if top.endswith(".py"):
            top = top[:-3]
        if top and not top.endswith((".dist-info", ".data")) and top not in ("..", "__pycache__"):
            names.add(top)
    return names


def _missing_module(exc: BaseException, own: set[str] | frozenset[str]) -> str | None:
    """The top-level module of another project whose absence caused *exc*, if one did.

    A `ModuleNotFoundError` itself, or an error raised from one (``raise
    ImportError("jinja2 must be installed") from error``): the environment lacks
    a package, and the framework is not at fault.
    """
    seen = 0
    current: BaseException | None = exc
    while current is not None and seen < 10:
        if isinstance(current, ModuleNotFoundError):
            top = (current.name or "").split(".", 1)[0]
            return top if top and top not in own else None
        current = current.__cause__ or current.__context__
        seen += 1
    return None


def _observe(fn: object, own: set[str] | frozenset[str] = frozenset()) -> dict[str, object]:
    from fwcompare_probes import NeedsPackage

    try:
        observation = fn()  # type: ignore[operator]
    except NeedsPackage as exc:
        return {"needs": exc.package, "detail": exc.detail}
    except Exception as exc:  # a probe that breaks is reported, not fatal
        missing = _missing_module(exc, own)
        if missing is not None:
            return {"needs": missing, "detail": str(exc)}
        return {"error": f"{type(exc).__name__}: {exc}"}
    value = observation.value
    return {
        "present": observation.present,
        "value": list(value) if isinstance(value, tuple) else value,
        "detail": observation.detail,
    }


_VERSIONS_KEPT = 20  # required dependencies whose versions an environment report lists


def _dependency_versions(distribution: str) -> dict[str, str | None]:
    """The framework's version and its required dependencies' installed versions (``None``: missing).

    Extras are left out; a requirement with another marker (``python_version < "3.10"``), which
    the standard library cannot evaluate, is listed only when installed.
    """
    import re
    from importlib.metadata import PackageNotFoundError, requires, version

    found: dict[str, str | None] = {}
    wanted = [(distribution, False)]
    for requirement in requires(distribution) or ():
        named = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
        _, _, marker = requirement.partition(";")
        if named is not None and "extra" not in marker:
            wanted.append((named.group(0), bool(marker.strip())))
    for name, conditional in wanted[: _VERSIONS_KEPT + 1]:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            if not conditional:
                found[name] = None
    return found


def _environment(distribution: str, step: str, exc: BaseException) -> dict[str, object]:
    """What broke the environment: the step, the error, where it was raised, and the versions installed."""
    import traceback

    frames = traceback.extract_tb(exc.__traceback__)
    where = ""
    if frames:
        path = frames[-1].filename.replace("\\", "/")
        for marker in ("/site-packages/", "/dist-packages/"):  # the path inside the environment
            path = path.rsplit(marker, 1)[-1]
        where = f"{path}, line {frames[-1].lineno}"
    return {
        "step": step,
        "error": f"{type(exc).__name__}: {exc}",
        "where": where,
        "versions": _dependency_versions(distribution),
    }


def _broken(
    module_name: str, slug: str, distribution: str, installs: set[str], own: set[str]
) -> tuple[Any, dict[str, object] | None]:
    """Import the probes (and the framework) and run the preflight: the probe set, or what broke.

    *installs* are the top-level names the distribution installs; *own* those and the names
    the framework goes by, which a missing module must not be (it is then the framework's).
    """
    main_module = slug.replace("-", "_")
    try:
        if main_module in installs:  # the framework's own package, named after it (flask, django...)
            with contextlib.redirect_stdout(sys.stderr):
                importlib.import_module(main_module)
        module = importlib.import_module(module_name)
    except Exception as exc:
        return None, _environment(distribution, f"import {main_module}", exc)
    probes = module.probes
    preflight = getattr(probes, "preflight", None)
    if preflight is not None:
        from fwcompare_probes import NeedsPackage

        try:
            with contextlib.redirect_stdout(sys.stderr):
                preflight()
        except NeedsPackage:
            pass  # an optional package: the probes that use it say so, one by one
        except Exception as exc:
            if _missing_module(exc, own) is None:
                return probes, _environment(distribution, getattr(preflight, "__doc__", "") or "preflight", exc)
    return probes, None


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    slug, distribution, only = argv[0], argv[1], set(argv[2:])
    from importlib.metadata import PackageNotFoundError, version

    # The report gets stdout's file descriptor to itself: everything else written to
    # stdout, by Python or below it (a C extension, an atexit handler printing after
    # the report), goes to stderr.
    out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    try:
        installed: str | None = version(distribution)
    except PackageNotFoundError:
        installed = None
    report: dict[str, object] = {"installed": installed, "observations": {}, "not_probeable": {}}
    name = f"fwcompare_probes.{slug.replace('-', '_')}"
    # A framework without probes (a plugin's that ships none): the report says only whether it is installed.
    if installed is not None and importlib.util.find_spec(name) is not None:
        installs = _own_packages(distribution)
        own = installs | {slug.replace("-", "_"), distribution.replace("-", "_").lower()}
        probes, environment = _broken(name, slug, distribution, installs, own)
        if environment is not None:
            # The framework cannot work here: one report of why, not one error per probe.
            report["environment"] = environment
            out.write(json.dumps(report) + "\n")
            out.close()
            return 0
        observations = {}
        # Frameworks print (Django's checks, deprecation notices): keep stdout for the report.
        with contextlib.redirect_stdout(sys.stderr):
            for key, fn in probes.probes.items():
                if not only or key in only:
                    observations[key] = _observe(fn, own)
        report["observations"] = observations
        report["not_probeable"] = dict(probes.not_probeable)
    out.write(json.dumps(report) + "\n")
    out.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
