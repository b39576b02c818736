"""Probes for FastHTML: each builds the smallest app and looks at what happens.

FastHTML's own dependencies are enough (Starlette, httpx2 for the test
clients, itsdangerous for sessions, python-multipart for forms, oauthlib).
Every app is given a ``secret_key``: without one FastHTML writes a ``.sesskey``
file into the working directory.

FastHTML reads handler annotations at run time to bind parameters, so this
module does not use ``from __future__ import annotations`` and keeps ``typing``
names (Python 3.8 syntax, like every probe).
"""

from fwcompare_probes.fasthtml import batteries, web
from fwcompare_probes.fasthtml._common import probes

__all__ = ["batteries", "probes", "web"]
