"""Probes for Robyn (distribution ``robyn``), a framework with a Rust runtime.

Robyn's server, router, WebSockets and static files live in its Rust extension
(``robyn.robyn``); an app is no WSGI or ASGI callable. Requests are driven
through Robyn's own in-process ``robyn.testing.TestClient`` (0.83 and later),
which runs the Python handlers and middlewares without a server. What only the
Rust server does (WebSocket traffic, directory serving, const-route caching)
is checked as the registration the app records, without opening a socket.
Templates need ``jinja2`` (the ``robyn[templating]`` extra).
"""

from __future__ import annotations

from fwcompare_probes.robyn import batteries, web
from fwcompare_probes.robyn._common import probes

__all__ = ["batteries", "probes", "web"]
