"""Probes for FastAPI: each builds the smallest app and looks at what happens.

Optional dependencies the probes need next to FastAPI: the test client's HTTP
library (``httpx2`` or ``httpx``), ``jinja2`` (templates), ``itsdangerous``
(Starlette's sessions) and ``python-multipart`` (forms).
Written to run on Python 3.8 and later, like the probe runner: annotations use
``typing`` names, because FastAPI evaluates the annotations of the probes' own
path operations.
"""

from fwcompare_probes.fastapi import batteries, web
from fwcompare_probes.fastapi._common import probes

__all__ = ["batteries", "probes", "web"]
