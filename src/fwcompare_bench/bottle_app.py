"""Bottle: an explicit Bottle() app with route decorators and SimpleTemplate."""

from __future__ import annotations

import bottle
from bottle import Bottle, response, template

from . import GREETING, JSON_OBJECT, ROWS, db
from ._common import TEMPLATES

bottle.TEMPLATE_PATH.insert(0, TEMPLATES)
app = Bottle()


@app.route("/plaintext")
def plaintext():  # type: ignore[no-untyped-def]
    response.content_type = "text/plain; charset=utf-8"
    return GREETING


@app.route("/json")
def json_view():  # type: ignore[no-untyped-def]
    return dict(JSON_OBJECT)  # a dict is serialised to JSON by Bottle


@app.route("/html")
def html_view():  # type: ignore[no-untyped-def]
    return template("fortunes", rows=ROWS)


@app.route("/db")
def db_view():  # type: ignore[no-untyped-def]
    return db.world()


@app.route("/fortunes")
def fortunes_view():  # type: ignore[no-untyped-def]
    return template("fortunes", rows=db.fortunes())
