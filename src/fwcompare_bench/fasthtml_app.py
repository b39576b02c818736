"""FastHTML: route decorators on a FastHTML app, FT components for the page, on uvicorn.

FastHTML has no template files: a handler returns FT components ("FastTags")
that FastHTML renders to HTML, escaping strings, and wraps in its default page
(with its htmx headers), as the docs show. A dict is sent as JSON; a str would
be sent as HTML, so the plain text is a Starlette PlainTextResponse.

FastHTML's own database route, ``fast_app(db_file=...)``, needs fastlite,
which python-fasthtml 0.14 lists only in its ``dev`` extra; the database
endpoints use the standard library's sqlite3 driver instead.
"""

from __future__ import annotations

import secrets

from fasthtml.common import FastHTML, Table, Td, Th, Title, Tr
from starlette.responses import PlainTextResponse

from . import GREETING, JSON_OBJECT, ROWS, db

# Without a key FastHTML reads or writes .sesskey in the working directory.
app = FastHTML(secret_key=secrets.token_hex(32))


@app.get("/plaintext")
def plaintext():  # type: ignore[no-untyped-def]
    return PlainTextResponse(GREETING)


@app.get("/json")
def json_view():  # type: ignore[no-untyped-def]
    return JSON_OBJECT


@app.get("/html")
def html_view():  # type: ignore[no-untyped-def]
    return _page(ROWS)


@app.get("/db")
def db_view():  # type: ignore[no-untyped-def]
    return db.world()


@app.get("/fortunes")
def fortunes_view():  # type: ignore[no-untyped-def]
    return _page(db.fortunes())


def _page(rows):  # type: ignore[no-untyped-def]
    cells = [Tr(Td(row["id"]), Td(row["message"])) for row in rows]
    return Title("Fortunes"), Table(Tr(Th("id"), Th("message")), *cells)
