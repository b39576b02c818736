"""What fasthtml's probes share: the probe set and the helpers that build apps and make requests."""

# ruff: noqa: UP006, UP035

import functools
import warnings
from importlib import metadata
from typing import Any, List

from fwcompare_probes import ProbeSet
from fwcompare_probes._search import modules_like, modules_with_word, walked_modules

probes = ProbeSet("fasthtml")
# Every criterion has a probe: absences are checked as missing modules or behaviour.
probes.not_probeable = {}

_SECRET = "fwcompare-probe"


def _app(**kwargs: Any) -> Any:
    from fasthtml.core import FastHTML

    kwargs.setdefault("secret_key", _SECRET)
    return FastHTML(**kwargs)


def _client(app: Any) -> Any:
    from starlette.testclient import TestClient

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return TestClient(app)


def _modules_matching(*words: str) -> List[str]:
    """FastHTML's modules whose own name has a word starting with one of *words*."""
    return modules_with_word(walked_modules("fasthtml"), *words)


def _public_names(*words: str) -> List[str]:
    """Names fasthtml.common exports from FastHTML or Starlette containing one of *words*.

    fasthtml.common also re-exports fastcore's general utilities (``atomic_save``,
    memoising decorators): those are not web-framework features, so they are left out.
    """
    import fasthtml.common as common

    found = []
    for name in dir(common):
        if name.startswith("_") or not any(w in name.lower() for w in words):
            continue
        module = getattr(getattr(common, name), "__module__", None) or ""
        if module.split(".")[0] in ("fasthtml", "starlette"):
            found.append(name)
    return sorted(found)


def _scripts() -> List[str]:
    dist = metadata.distribution("python-fasthtml")
    return sorted(ep.name for ep in dist.entry_points if ep.group == "console_scripts")


_modules_probe = functools.partial(modules_like, "fasthtml", _modules_matching)
