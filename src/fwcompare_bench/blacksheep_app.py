"""BlackSheep: route decorators, text/json responses and ``view`` (Jinja2, blacksheep[jinja]), on uvicorn."""

from __future__ import annotations

from blacksheep import Application, get, json, text
from blacksheep.server.rendering.jinja2 import JinjaRenderer
from blacksheep.server.responses import view
from blacksheep.settings.html import html_settings
from jinja2 import FileSystemLoader

from . import GREETING, JSON_OBJECT, ROWS, db
from ._common import TEMPLATES

# BlackSheep loads views from the package "app", folder "views", by default;
# its renderer takes another loader. View names get the ".jinja" extension.
html_settings.use(JinjaRenderer(loader=FileSystemLoader(TEMPLATES)))

app = Application()


@get("/plaintext")
async def plaintext():  # type: ignore[no-untyped-def]
    return text(GREETING)


@get("/json")
async def json_view():  # type: ignore[no-untyped-def]
    return json(JSON_OBJECT)


@get("/html")
async def html_view():  # type: ignore[no-untyped-def]
    return view("fortunes", {"rows": ROWS})


@get("/db")
async def db_view():  # type: ignore[no-untyped-def]
    return json(db.world())


@get("/fortunes")
async def fortunes_view():  # type: ignore[no-untyped-def]
    return view("fortunes", {"rows": db.fortunes()})
