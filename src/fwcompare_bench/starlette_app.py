"""Starlette: a Starlette app with a route table and Jinja2Templates."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from . import GREETING, JSON_OBJECT, ROWS, db
from ._common import TEMPLATES

templates = Jinja2Templates(directory=TEMPLATES)


async def plaintext(request):  # type: ignore[no-untyped-def]
    return PlainTextResponse(GREETING)


async def json_view(request):  # type: ignore[no-untyped-def]
    return JSONResponse(JSON_OBJECT)


async def html_view(request):  # type: ignore[no-untyped-def]
    return templates.TemplateResponse(request, "fortunes.html", {"rows": ROWS})


async def db_view(request):  # type: ignore[no-untyped-def]
    return JSONResponse(db.world())


async def fortunes_view(request):  # type: ignore[no-untyped-def]
    return templates.TemplateResponse(request, "fortunes.html", {"rows": db.fortunes()})


app = Starlette(
    routes=[
        Route("/plaintext", plaintext),
        Route("/json", json_view),
        Route("/html", html_view),
        Route("/db", db_view),
        Route("/fortunes", fortunes_view),
    ]
)
