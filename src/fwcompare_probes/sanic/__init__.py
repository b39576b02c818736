"""Probes for Sanic (distribution ``sanic``), an async framework with its own server.

Requests are driven through Sanic's own ASGI interface (``await app(scope,
receive, send)``, with a lifespan startup/shutdown around them), so no socket
is opened and no test package is needed: since 21.3 the test client lives in the
separate ``sanic-testing`` distribution. Extension-level facts (Sanic Extensions,
sanic-testing) are checked as absent from Sanic itself.
"""

from __future__ import annotations

from fwcompare_probes.sanic import batteries, web
from fwcompare_probes.sanic._common import probes

__all__ = ["batteries", "probes", "web"]
