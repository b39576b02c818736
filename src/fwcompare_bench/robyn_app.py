"""Robyn: route decorators on a Robyn app, Robyn's JinjaTemplate, on Robyn's own server.

Robyn runs its own HTTP server (Rust, on the Actix runtime) and reads its
settings from the command line: ``serve`` gives it one process and one worker.
"""

from __future__ import annotations

import sys

from robyn import Robyn
from robyn.templating import JinjaTemplate

from . import GREETING, JSON_OBJECT, ROWS, db
from ._common import TEMPLATES

app = Robyn(__file__)
templates = JinjaTemplate(TEMPLATES)


@app.get("/plaintext")
def plaintext():  # type: ignore[no-untyped-def]
    return GREETING


@app.get("/json")
def json_view():  # type: ignore[no-untyped-def]
    return JSON_OBJECT


@app.get("/html")
def html_view():  # type: ignore[no-untyped-def]
    return templates.render_template("fortunes.html", rows=ROWS)


@app.get("/db")
def db_view():  # type: ignore[no-untyped-def]
    return db.world()


@app.get("/fortunes")
def fortunes_view():  # type: ignore[no-untyped-def]
    return templates.render_template("fortunes.html", rows=db.fortunes())


def serve(port):  # type: ignore[no-untyped-def]
    """Serve on 127.0.0.1:*port* until killed: one process, one worker."""
    # Robyn parses sys.argv for its own options (--processes, --workers, --dev, ...).
    sys.argv = [sys.argv[0], "--processes", "1", "--workers", "1"]
    app.start(host="127.0.0.1", port=port)
