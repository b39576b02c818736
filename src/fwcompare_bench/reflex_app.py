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

The database endpoints use Reflex's database layer: ``rx.Model`` tables
(SQLModel) and ``rx.session()``, with the database given by ``REFLEX_DB_URL``
(Reflex reads any config value from a ``REFLEX_`` variable; a project would set
``db_url`` in rxconfig.py). The session is synchronous (``rx.asession`` needs
an async driver), so the query blocks the event loop while it runs.
"""

from __future__ import annotations

import os

from . import GREETING, JSON_OBJECT, ROWS, db

os.environ["REFLEX_DB_URL"] = db.url()

import reflex as rx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from ._common import TEMPLATES

templates = Jinja2Templates(directory=TEMPLATES)


class World(rx.Model, table=True):  # type: ignore[call-arg]
    randomNumber: int


class Fortune(rx.Model, table=True):  # type: ignore[call-arg]
    message: str


async def plaintext(request: Request) -> PlainTextResponse:
    return PlainTextResponse(GREETING)


async def json_view(request: Request) -> JSONResponse:
    return JSONResponse(JSON_OBJECT)


async def html_view(request: Request):  # type: ignore[no-untyped-def]
    return templates.TemplateResponse(request, "fortunes.html", {"rows": ROWS})


async def db_view(request: Request) -> JSONResponse:
    with rx.session() as session:
        world = session.get(World, db.random_id())
        return JSONResponse({"id": world.id, "randomNumber": world.randomNumber})


async def fortunes_view(request: Request):  # type: ignore[no-untyped-def]
    with rx.session() as session:
        fortunes = list(session.exec(Fortune.select()).all())
    fortunes.append(Fortune(id=0, message=db.ADDED_FORTUNE))
    fortunes.sort(key=lambda fortune: fortune.message)
    return templates.TemplateResponse(request, "fortunes.html", {"rows": fortunes})


api = Starlette(
    routes=[
        Route("/plaintext", plaintext),
        Route("/json", json_view),
        Route("/html", html_view),
        Route("/db", db_view),
        Route("/fortunes", fortunes_view),
    ]
)
reflex_app = rx.App(api_transformer=api)
# The variable reflex run --env prod sets for its backend process (Reflex's
# environment names internal variables with two leading underscores).
os.environ.setdefault("__REFLEX_SKIP_COMPILE", "true")
app = reflex_app()
