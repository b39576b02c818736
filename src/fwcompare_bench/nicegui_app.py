"""NiceGUI: FastAPI routes on NiceGUI's app, Jinja2 for the page, on ``ui.run`` (uvicorn).

NiceGUI is a UI framework: its pages (``@ui.page``) are element trees that
its Vue front end renders in the browser, over a websocket. The benchmark's
three plain HTTP endpoints are therefore served the way NiceGUI's docs show for
plain routes: FastAPI path operations on ``nicegui.app`` (a FastAPI app), the
page rendered by Jinja2 (FastAPI's Jinja2Templates; NiceGUI requires Jinja2).
``ui.run`` starts uvicorn in this process, without auto-reload.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse, PlainTextResponse
from fastapi.templating import Jinja2Templates
from nicegui import app, ui

from . import GREETING, JSON_OBJECT, ROWS, db
from ._common import TEMPLATES

templates = Jinja2Templates(directory=TEMPLATES)


@app.get("/plaintext", response_class=PlainTextResponse)
async def plaintext():  # type: ignore[no-untyped-def]
    return GREETING


@app.get("/json")
async def json_view():  # type: ignore[no-untyped-def]
    return JSON_OBJECT


@app.get("/html", response_class=HTMLResponse)
async def html_view(request: Request):  # type: ignore[no-untyped-def]
    return templates.TemplateResponse(request, "fortunes.html", {"rows": ROWS})


@app.get("/db")
async def db_view():  # type: ignore[no-untyped-def]
    return db.world()


@app.get("/fortunes", response_class=HTMLResponse)
async def fortunes_view(request: Request):  # type: ignore[no-untyped-def]
    return templates.TemplateResponse(request, "fortunes.html", {"rows": db.fortunes()})


def serve(port):  # type: ignore[no-untyped-def]
    """Serve on 127.0.0.1:*port* until killed: ``ui.run`` without reload, browser or banner."""
    ui.run(host="127.0.0.1", port=port, reload=False, show=False, show_welcome_message=False)
