"""What blacksheep's probes share: the probe set and the helpers that build apps and make requests."""

from __future__ import annotations

import asyncio
import pkgutil
from typing import Any

from fwcompare_probes import Observation, ProbeSet

probes = ProbeSet("blacksheep")
# Every criterion has a probe: absences are checked as missing modules and names.
probes.not_probeable = {}


def _app(**kwargs: Any) -> Any:
    from blacksheep.server import Application
    from blacksheep.server.routing import Router

    return Application(router=Router(), **kwargs)


def _run(app: Any, *calls: tuple[str, str, dict[str, Any]]) -> list[tuple[int, dict[str, list[str]], str]]:
    """Start *app*, make each (method, path, kwargs) call with the TestClient,
    and return (status, headers by lower-case name, body text) per call."""
    from blacksheep.testing import TestClient

    async def go() -> list[tuple[int, dict[str, list[str]], str]]:
        await app.start()
        client = TestClient(app)
        out = []
        for method, path, kwargs in calls:
            response = await getattr(client, method)(path, **kwargs)
            headers: dict[str, list[str]] = {}
            for name, value in response.headers:
                headers.setdefault(name.decode().lower(), []).append(value.decode())
            out.append((response.status, headers, await response.text()))
        for _ in range(5):  # let tasks started by handlers run
            await asyncio.sleep(0)
        await app.stop()
        return out

    return asyncio.run(go())


def _module_names() -> list[str]:
    import blacksheep

    return sorted(m.name for m in pkgutil.walk_packages(blacksheep.__path__, "blacksheep."))


def _names(*words: str) -> list[str]:
    """Module names of blacksheep, and public names of blacksheep and its
    Application, containing one of *words* (case-insensitive)."""
    import blacksheep
    from blacksheep.server import Application

    found = {m for m in _module_names() if any(w in m.rsplit(".", 1)[-1].lower() for w in words)}
    for holder in (blacksheep, Application):
        for name in dir(holder):
            if not name.startswith("_") and any(w in name.lower() for w in words):
                found.add(name)
    return sorted(found)


def _absent(words: tuple[str, ...], what: str, ignore: tuple[str, ...] = ()) -> Observation:
    found = [n for n in _names(*words) if n not in ignore]
    return Observation(
        present=bool(found),
        detail=f"searched blacksheep modules and blacksheep/Application names for {words}: "
        f"{found or 'no such names'} ({what})",
    )
