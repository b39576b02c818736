"""Probes for Reflex: what Python can check without its JavaScript front end.

A Reflex app is two programs: a Python backend (a Starlette ASGI app, the
State classes and their event handlers) and a React front end that Reflex
compiles and builds with Bun or Node.js. No JavaScript toolchain is installed
where the probes run, so they never build the front end: the backend is
obtained by calling the ``rx.App`` object with its front-end compile step
replaced by a no-op (``app._compile``), and components are checked through the
JavaScript Reflex compiles them to (``str(component)``). What only the browser
does (React rendering) is left to the notes of the data.

Reflex writes ``.states`` and ``.web`` folders into the working directory, so
every probe runs in a temporary directory. ``reflex[db]`` (SQLModel, Alembic)
is needed for the database probes.
"""

from fwcompare_probes.reflex import batteries, web
from fwcompare_probes.reflex._common import probes

__all__ = ["batteries", "probes", "web"]
