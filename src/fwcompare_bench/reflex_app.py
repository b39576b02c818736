"""Reflex: API routes on a Starlette app given as ``api_transformer``, Jinja2 for the page, on uvicorn.

Reflex is a UI framework: its pages are React components compiled to a
JavaScript front end, rendered in the browser and driven over a websocket.
Plain HTTP routes are what Reflex's docs show for APIs: a FastAPI or Starlette
app passed as ``rx.App(api_transformer=...)``, mounted around Reflex's own
backend. The benchmark's three endpoints are such routes (the page rendered by
Jinja2, Starlette's Jinja2Templates); the ASGI app is what ``reflex run
--env prod --backend-only`` serves: the app instance called, in a process
told not to compile the front end (``reflex run`` compiles it beforehand;
here there are no pages and no Node.js). Reflex writes ``.web`` and
``.states`` in the working directory.
"""

from __future__ import annotations

import os

import reflex as rx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from . import GREETING, JSON_OBJECT, ROWS
from ._common import TEMPLATES

templates = Jinja2Templates(directory=TEMPLATES)


async def plaintext(request: Request) -> PlainTextResponse:
    return PlainTextResponse(GREETING)


async def json_view(request: Request) -> JSONResponse:
    return JSONResponse(JSON_OBJECT)


async def html_view(request: Request):  # type: ignore[no-untyped-def]
    return templates.TemplateResponse(request, "fortunes.html", {"rows": ROWS})


api = Starlette(routes=[Route("/plaintext", plaintext), Route("/json", json_view), Route("/html", html_view)])
reflex_app = rx.App(api_transformer=api)
# The variable reflex run --env prod sets for its backend process (Reflex's
# environment names internal variables with two leading underscores).
os.environ.setdefault("__REFLEX_SKIP_COMPILE", "true")
app = reflex_app()
