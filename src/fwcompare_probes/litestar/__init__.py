"""Probes for Litestar.

Requests go through Litestar's own ``litestar.testing.TestClient``, which
calls the ASGI application in-process (no server, no network). Template
probes render with whichever engine library (Jinja2, Mako, MiniJinja; the
``litestar[jinja]``-style extras) is installed and say so when none is.
"""

from fwcompare_probes.litestar import batteries, web
from fwcompare_probes.litestar._common import probes

__all__ = ["batteries", "probes", "web"]
