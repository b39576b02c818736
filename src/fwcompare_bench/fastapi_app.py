"""FastAPI: path operation functions, a dict returned as JSON, Jinja2Templates."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, PlainTextResponse
from fastapi.templating import Jinja2Templates

from . import GREETING, JSON_OBJECT, ROWS
from ._common import TEMPLATES

app = FastAPI()
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
