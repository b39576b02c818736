"""Probes for Starlette: each builds the smallest app and looks at what happens.

Optional dependencies the probes need next to Starlette: the test client's
HTTP library (``httpx2``, ``httpx`` or, before 0.21, ``requests``), ``jinja2``
(templates), ``itsdangerous`` (sessions), ``python-multipart`` (forms) and
``pyyaml`` (schemas): the ``starlette[full]`` extra.
"""

from __future__ import annotations

from fwcompare_probes.starlette import batteries, web
from fwcompare_probes.starlette._common import probes

__all__ = ["batteries", "probes", "web"]
