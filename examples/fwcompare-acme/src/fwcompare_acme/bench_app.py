"""The benchmark app of Acme Web: ``fwcompare bench acme`` serves it as it serves its own apps.

fwcompare never imports this module. It reads ``BENCH_APP`` below from the
source (a literal: nothing runs), copies the file into the benchmark's
temporary ``fwcompare_bench`` package (as ``fwcompare_bench.plugins.app_acme``)
and serves ``app`` with the interpreter being measured, on gunicorn, one sync
worker, as every WSGI app. So, like fwcompare's own apps, it may import the
standard library, ``fwcompare_bench`` and the framework, nothing else of the
plugin, and it is written for Python 3.8 and later.

It serves the five endpoints every benchmark app serves (``fwcompare_bench``'s
docstring says what each answers; ``fwcompare bench`` checks the answers before
any load): ``/db`` and ``/fortunes`` read the run's database with
``fwcompare_bench.db``'s helpers: SQLite through the standard library's driver,
or, in a run with ``--db postgresql://...``, PostgreSQL through psycopg 3 (which
``"postgresql"`` below declares; an app without it runs on SQLite only).

Acme Web is fictional. The API this app uses, all of it:

- ``acme_web.App()``: a WSGI application;
- ``@app.route(path)``: makes a function the view of ``GET path``; a view takes
  no arguments and returns ``(content_type, text)``, sent as ``200 OK`` in UTF-8.

Registered in ``pyproject.toml``::

    [project.entry-points."fwcompare.bench_apps"]
    acme = "fwcompare_acme.bench_app"
"""

from __future__ import annotations

import html
import json

import acme_web  # the framework

from fwcompare_bench import GREETING, JSON_OBJECT, ROWS, db

BENCH_APP = {
    "interface": "wsgi",
    "engine": "str.format + html.escape (Acme Web has no template engine)",
    "distribution": "acme-web",
    "database": "sqlite3 (stdlib driver)",
    "imports": "acme_web",
    "addons": [],
    "postgresql": "psycopg",
}

HTML = "text/html; charset=utf-8"
PAGE = (
    "<!DOCTYPE html><html><head><title>Fortunes</title></head><body>"
    "<table><tr><th>id</th><th>message</th></tr>{rows}</table></body></html>"
)

app = acme_web.App()


def page(rows):
    """The table of *rows*, every message escaped."""
    cells = "".join("<tr><td>{}</td><td>{}</td></tr>".format(r["id"], html.escape(str(r["message"]))) for r in rows)
    return PAGE.format(rows=cells)


@app.route("/plaintext")
def plaintext():
    return "text/plain; charset=utf-8", GREETING


@app.route("/json")
def json_view():
    return "application/json", json.dumps(JSON_OBJECT)


@app.route("/html")
def html_view():
    return HTML, page(ROWS)


@app.route("/db")
def db_view():
    return "application/json", json.dumps(db.world())


@app.route("/fortunes")
def fortunes_view():
    return HTML, page(db.fortunes())
