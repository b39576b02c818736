"""Probes for NiceGUI: each builds the smallest app and looks at what happens.

Pages are exercised through NiceGUI's own user simulation
(``nicegui.testing.user_simulation``, 3.4+), the engine of its ``user`` test
fixture: it runs the FastAPI app in process and renders pages without a
browser. That simulation expects to run under pytest (NiceGUI checks
``PYTEST_CURRENT_TEST``), so the probes set that variable while it runs, and
point ``NICEGUI_STORAGE_PATH`` at a temporary directory before NiceGUI is
imported, so that no ``.nicegui`` folder is written where the probes run.

What the browser does (the Vue front end, DOMPurify) cannot be run here: those
probes check the Python side, the props NiceGUI sends to the browser.
Nothing beyond NiceGUI's own dependencies is needed (httpx, starlette, fastapi).
"""

from fwcompare_probes.nicegui import batteries, web
from fwcompare_probes.nicegui._common import probes

__all__ = ["batteries", "probes", "web"]
