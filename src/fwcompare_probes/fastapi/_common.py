"""What fastapi's probes share: the probe set and the helpers that build apps and make requests."""

# FastAPI evaluates the annotations of path operations when they are declared, and
# the probes run on Python 3.8: keep typing.Dict/List/Optional. Depends() and
# Form() defaults are how FastAPI declares parameters.
# ruff: noqa: UP006, UP035

import functools
import warnings
from typing import Any, List

from fwcompare_probes import NeedsPackage, ProbeSet
from fwcompare_probes._search import modules_like, modules_with_word, walked_modules

probes = ProbeSet("fastapi")
# Every criterion has a probe: absences are checked as missing modules or behaviour.
probes.not_probeable = {}


def _modules_matching(*words: str) -> List[str]:
    """FastAPI's and Starlette's modules whose own name has a word starting with one of *words*."""
    return modules_with_word(walked_modules("fastapi", "starlette"), *words)


def _client(app: Any) -> Any:
    try:
        from fastapi.testclient import TestClient
    except (ImportError, RuntimeError) as exc:  # the test client's HTTP library is optional
        raise NeedsPackage("httpx2" if "httpx2" in str(exc) else "httpx", str(exc)) from exc

    with warnings.catch_warnings():
        # Starlette 1.2+ warns when it falls back from httpx2 to httpx.
        warnings.simplefilter("ignore", DeprecationWarning)
        return TestClient(app)


_modules_probe = functools.partial(modules_like, "fastapi/starlette", _modules_matching)
