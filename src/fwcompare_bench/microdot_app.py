"""Microdot: route decorators on a Microdot app, Jinja templates, on Microdot's own asyncio server."""

from __future__ import annotations

from microdot import Microdot
from microdot.jinja import Template

from . import GREETING, JSON_OBJECT, ROWS, db
from ._common import TEMPLATES

app = Microdot()
Template.initialize(TEMPLATES)


@app.route("/plaintext")
async def plaintext(request):  # type: ignore[no-untyped-def]
    return GREETING  # a str is sent as text/plain


@app.route("/json")
async def json_view(request):  # type: ignore[no-untyped-def]
    return JSON_OBJECT  # a dict is sent as JSON


@app.route("/html")
async def html_view(request):  # type: ignore[no-untyped-def]
    return Template("fortunes.html").render(rows=ROWS), {"Content-Type": "text/html; charset=UTF-8"}


@app.route("/db")
async def db_view(request):  # type: ignore[no-untyped-def]
    return db.world()


@app.route("/fortunes")
async def fortunes_view(request):  # type: ignore[no-untyped-def]
    return Template("fortunes.html").render(rows=db.fortunes()), {"Content-Type": "text/html; charset=UTF-8"}


def serve(port):  # type: ignore[no-untyped-def]
    """Serve on 127.0.0.1:*port* until killed (``app.run``, as the docs' first example)."""
    app.run(host="127.0.0.1", port=port)
