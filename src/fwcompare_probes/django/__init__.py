"""Probes for Django: each builds the smallest app for one criterion and reports what it saw.

Settings are configured once per process by `_setup()` (an in-memory SQLite
database, the contrib apps the probes need); every probe mounts its own URLconf
with `override_settings`, so probes do not depend on each other or on order.
They are written to run on old releases too (2.2 onwards): where a capability
is missing, the specific failure is caught and reported as ``present=False``.
"""

from __future__ import annotations

from fwcompare_probes.django import batteries, web
from fwcompare_probes.django._common import probes

__all__ = ["batteries", "probes", "web"]
