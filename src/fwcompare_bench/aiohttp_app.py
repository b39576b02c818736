"""aiohttp: a web.Application with a RouteTableDef and aiohttp-jinja2, run by web.run_app."""

from __future__ import annotations

import aiohttp_jinja2
import jinja2
from aiohttp import web

from . import GREETING, JSON_OBJECT, ROWS, db
from ._common import TEMPLATES

routes = web.RouteTableDef()


@routes.get("/plaintext")
async def plaintext(request):  # type: ignore[no-untyped-def]
    return web.Response(text=GREETING)


@routes.get("/json")
async def json_view(request):  # type: ignore[no-untyped-def]
    return web.json_response(JSON_OBJECT)


@routes.get("/html")
@aiohttp_jinja2.template("fortunes.html")
async def html_view(request):  # type: ignore[no-untyped-def]
    return {"rows": ROWS}


@routes.get("/db")
async def db_view(request):  # type: ignore[no-untyped-def]
    return web.json_response(db.world())


@routes.get("/fortunes")
@aiohttp_jinja2.template("fortunes.html")
async def fortunes_view(request):  # type: ignore[no-untyped-def]
    return {"rows": db.fortunes()}


def make_app():  # type: ignore[no-untyped-def]
    app = web.Application()
    aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(TEMPLATES))
    app.add_routes(routes)
    return app


def serve(port):  # type: ignore[no-untyped-def]
    """Serve on 127.0.0.1:*port* until killed, without the access log."""
    web.run_app(make_app(), host="127.0.0.1", port=port, access_log=None, print=None)
