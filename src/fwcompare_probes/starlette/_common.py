"""What starlette's probes share: the probe set and the helpers that build apps and make requests."""

from __future__ import annotations

import functools
import importlib
import importlib.util
import warnings
from importlib import metadata
from typing import Any

from fwcompare_probes import NeedsPackage, ProbeSet
from fwcompare_probes._search import modules_like, modules_with_word, walked_modules

probes = ProbeSet("starlette")
# Every criterion has a probe: absences are checked as missing modules or behaviour.
probes.not_probeable = {}


def _own_module(name: str) -> Any | None:
    """Import a Starlette module, or return None when this release lacks it."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        # Only a missing Starlette module means "this release lacks it"; a
        # missing third-party dependency is an environment problem and raises.
        if exc.name and (exc.name == name or name.startswith(exc.name + ".")):
            return None
        raise


def _modules_matching(*words: str) -> list[str]:
    """Starlette's modules whose own name has a word starting with one of *words*."""
    return modules_with_word(walked_modules("starlette"), *words)


def _client(app: Any) -> Any:
    try:
        from starlette.testclient import TestClient
    except (ImportError, RuntimeError) as exc:  # the test client's HTTP library is optional
        raise NeedsPackage("httpx2" if "httpx2" in str(exc) else "httpx", str(exc)) from exc

    with warnings.catch_warnings():
        # 1.2+ warns when it falls back from httpx2 to httpx: not our concern.
        warnings.simplefilter("ignore", DeprecationWarning)
        return TestClient(app)


def _app(routes: list[Any], **kwargs: Any) -> Any:
    from starlette.applications import Starlette

    return Starlette(routes=routes, **kwargs)


def _no_command() -> tuple[list[str], bool]:
    dist = metadata.distribution("starlette")
    scripts = [ep.name for ep in dist.entry_points if ep.group == "console_scripts"]
    has_main = importlib.util.find_spec("starlette.__main__") is not None
    return scripts, has_main


_modules_probe = functools.partial(modules_like, "starlette", _modules_matching)
