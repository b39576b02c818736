"""Quart: Flask's style, with coroutine views and an awaited render_template."""

from __future__ import annotations

from quart import Quart, render_template

from . import GREETING, JSON_OBJECT, ROWS, db
from ._common import TEMPLATES

app = Quart(__name__, template_folder=TEMPLATES)


@app.route("/plaintext")
async def plaintext():  # type: ignore[no-untyped-def]
    return GREETING, 200, {"Content-Type": "text/plain; charset=utf-8"}


@app.route("/json")
async def json_view():  # type: ignore[no-untyped-def]
    return JSON_OBJECT


@app.route("/html")
async def html_view():  # type: ignore[no-untyped-def]
    return await render_template("fortunes.html", rows=ROWS)


@app.route("/db")
async def db_view():  # type: ignore[no-untyped-def]
    return db.world()


@app.route("/fortunes")
async def fortunes_view():  # type: ignore[no-untyped-def]
    return await render_template("fortunes.html", rows=db.fortunes())
