"""Sanic: route decorators on a Sanic app, on Sanic's own server in a single process."""

from __future__ import annotations

import jinja2
from sanic import Sanic
from sanic.response import html, json, text

from . import GREETING, JSON_OBJECT, ROWS, db
from ._common import TEMPLATES

# Sanic has no template engine of its own (Sanic Extensions wraps Jinja2); Jinja2
# is used directly, with autoescaping on as Sanic Extensions sets it.
_env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)

app = Sanic("fwcompare_bench")


@app.get("/plaintext")
async def plaintext(request):  # type: ignore[no-untyped-def]
    return text(GREETING)


@app.get("/json")
async def json_view(request):  # type: ignore[no-untyped-def]
    return json(JSON_OBJECT)


@app.get("/html")
async def html_view(request):  # type: ignore[no-untyped-def]
    return html(_env.get_template("fortunes.html").render(rows=ROWS))


@app.get("/db")
async def db_view(request):  # type: ignore[no-untyped-def]
    return json(db.world())


@app.get("/fortunes")
async def fortunes_view(request):  # type: ignore[no-untyped-def]
    return html(_env.get_template("fortunes.html").render(rows=db.fortunes()))


def serve(port):  # type: ignore[no-untyped-def]
    """Serve on 127.0.0.1:*port* until killed: one process, no access log, no MOTD."""
    app.config.MOTD = False
    app.run(host="127.0.0.1", port=port, single_process=True, access_log=False, debug=False)
