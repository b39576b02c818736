"""What robyn's probes share: the probe set and the helpers that build apps and make requests."""

from __future__ import annotations

import functools
import pkgutil
from typing import TYPE_CHECKING, Any

from fwcompare_probes import Observation, ProbeSet

if TYPE_CHECKING:
    from fwcompare_probes import ProbeFn

probes = ProbeSet("robyn")
# Every criterion has a probe: absences are checked as missing modules and names.
probes.not_probeable = {}


def _app() -> Any:
    import logging

    from robyn import Robyn

    # Robyn logs every route at INFO and calls logging.basicConfig itself.
    logging.getLogger("robyn").setLevel(logging.WARNING)
    return Robyn(__file__)


class _NoTestClient(Exception):
    """The installed Robyn predates robyn.testing (0.83)."""


def _client(app: Any) -> Any:
    try:
        from robyn.testing import TestClient
    except ImportError as exc:
        raise _NoTestClient(f"from robyn.testing import TestClient -> {exc}") from exc
    return TestClient(app)


def _needs_client(fn: ProbeFn) -> ProbeFn:
    """Report, instead of failing, when the release has no in-process client."""

    @functools.wraps(fn)
    def wrapper() -> Observation:
        try:
            return fn()
        except _NoTestClient as exc:
            return Observation(present=None, detail=f"not observable in-process before 0.83: {exc}")

    return wrapper


def _response(text: str) -> Any:
    # A Response object, not a bare string: the TestClient returns bare
    # strings early, before global headers and after-request middlewares.
    from robyn import Headers, Response

    return Response(status_code=200, headers=Headers({}), description=text)


def _headers(response: Any) -> dict[str, list[str]]:
    raw = response.headers.get_headers() if hasattr(response.headers, "get_headers") else {}
    return {str(k).lower(): list(v) for k, v in raw.items()}


def _names(*words: str) -> list[str]:
    """Module names of robyn, and public names of robyn and Robyn, containing one of *words*."""
    import robyn

    found = {
        m.name
        for m in pkgutil.walk_packages(robyn.__path__, "robyn.")
        if ".scaffold" not in m.name and any(w in m.name.rsplit(".", 1)[-1].lower() for w in words)
    }
    for holder in (robyn, robyn.Robyn):
        for name in dir(holder):
            if not name.startswith("_") and any(w in name.lower() for w in words):
                found.add(name)
    return sorted(found)


def _absent(words: tuple[str, ...], what: str, ignore: tuple[str, ...] = ()) -> Observation:
    found = [n for n in _names(*words) if n not in ignore]
    return Observation(
        present=bool(found),
        detail=f"searched robyn modules and robyn/Robyn names for {words}: {found or 'no such names'} ({what})",
    )
