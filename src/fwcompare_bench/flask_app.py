"""Flask: the quickstart's style (routes on the app, render_template)."""

from __future__ import annotations

from flask import Flask, render_template

from . import GREETING, JSON_OBJECT, ROWS, db
from ._common import TEMPLATES

app = Flask(__name__, template_folder=TEMPLATES)


@app.route("/plaintext")
def plaintext():  # type: ignore[no-untyped-def]
    return GREETING, 200, {"Content-Type": "text/plain; charset=utf-8"}


@app.route("/json")
def json_view():  # type: ignore[no-untyped-def]
    return JSON_OBJECT


@app.route("/html")
def html_view():  # type: ignore[no-untyped-def]
    return render_template("fortunes.html", rows=ROWS)


@app.route("/db")
def db_view():  # type: ignore[no-untyped-def]
    return db.world()


@app.route("/fortunes")
def fortunes_view():  # type: ignore[no-untyped-def]
    return render_template("fortunes.html", rows=db.fortunes())
