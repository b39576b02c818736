"""Probes for Emmett (distribution ``emmett``), a full-stack framework served by Granian.

Requests go through Emmett's own test client (``app.test_client()``, which
drives the app's RSGI interface in-process since 2.6) or, where noted, one ASGI
call (``fwcompare_probes._asgi``). Each probe builds an ``App`` rooted in a
temporary directory that holds its templates, static files and translation
files. Since 2.6 much of the framework lives in the ``emmett-core``
distribution (a dependency), so names are searched in both packages.
"""

from __future__ import annotations

from fwcompare_probes.emmett import batteries, web
from fwcompare_probes.emmett._common import probes

__all__ = ["batteries", "probes", "web"]
