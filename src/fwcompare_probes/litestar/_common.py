"""What litestar's probes share: the probe set and the helpers that build apps and make requests."""

# Handler annotations are evaluated at runtime on Python 3.8 (see below), so they
# keep the ``typing`` generics: no ``list[...]``/``collections.abc`` rewrites.
# ruff: noqa: UP006, UP035

from contextlib import contextmanager
from typing import Any, Iterator, List, Tuple

from fwcompare_probes import Observation, ProbeSet
from fwcompare_probes._search import modules_named, modules_on_disk

# No ``from __future__ import annotations`` here: Litestar reads handler
# annotations at runtime, and handlers defined inside probes refer to local
# names that string annotations could not be resolved against. Annotations
# therefore use ``typing`` generics, which Python 3.8 evaluates.

probes = ProbeSet("litestar")
# Every criterion has a probe.
probes.not_probeable = {}


@contextmanager
def _client(*handlers: Any, **app_kwargs: Any) -> Iterator[Any]:
    import logging

    from litestar import Litestar
    from litestar.testing import TestClient

    # TestClient logs each request through httpx; keep probe output quiet.
    httpx_logger = logging.getLogger("httpx")
    level = httpx_logger.level
    httpx_logger.setLevel(logging.WARNING)
    try:
        # logging_config=None: the default logging setup starts a queue-listener
        # thread per app that outlives the probe.
        app = Litestar(route_handlers=list(handlers), logging_config=None, **app_kwargs)
        with TestClient(app) as client:
            yield client
    finally:
        httpx_logger.setLevel(level)


def _submodules_named(*words: str) -> List[str]:
    """Litestar's own modules whose last name part starts with one of *words*."""
    return modules_named(modules_on_disk("litestar"), *words)


def _module_probe(label: str, words: Tuple[str, ...]) -> Observation:
    found = _submodules_named(*words)
    return Observation(
        present=bool(found),
        detail=f"{label}: litestar modules named like {list(words)}: {found or 'none'}",
    )


def _core_requirements() -> List[str]:
    """Litestar's unconditional requirements (no extra marker)."""
    from importlib.metadata import requires

    return [r for r in (requires("litestar") or []) if "extra ==" not in r]


def _extras_naming(*words: str) -> List[str]:
    from importlib.metadata import requires

    return sorted({r for r in (requires("litestar") or []) if "extra ==" in r and any(w in r.lower() for w in words)})


def _dependency_probe(label: str, words: Tuple[str, ...], module_words: Tuple[str, ...]) -> Observation:
    core = [r for r in _core_requirements() if any(w in r.lower() for w in words)]
    extras = _extras_naming(*words)
    modules = _submodules_named(*module_words)
    return Observation(
        present=bool(core or modules),
        detail=(
            f"{label}: core requirements naming {list(words)}: {core or 'none'}; "
            f"litestar modules named like {list(module_words)}: {modules or 'none'}; "
            f"optional extras: {extras or 'none'}"
        ),
    )
