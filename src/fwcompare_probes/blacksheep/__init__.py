"""Probes for BlackSheep (distribution ``blacksheep``), an asyncio ASGI framework.

Requests go through BlackSheep's own ``blacksheep.testing.TestClient`` (it
simulates ASGI calls: no socket, no server) after ``await app.start()``; each
probe builds an ``Application`` with its own ``Router`` so that the default
router's global routes never mix between probes. Names are imported from the
submodules that define them (``blacksheep.server.responses``...), not from
the top-level re-exports that arrived in 1.2.4. Templates need ``jinja2``
(the ``blacksheep[jinja]`` extra); sessions need ``itsdangerous`` (a required
dependency).
"""

from __future__ import annotations

from fwcompare_probes.blacksheep import batteries, web
from fwcompare_probes.blacksheep._common import probes

__all__ = ["batteries", "probes", "web"]
