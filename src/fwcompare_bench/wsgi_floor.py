"""The WSGI floor: a bare WSGI callable (PEP 3333), no framework; the database through sqlite3."""

from __future__ import annotations

import json

from . import GREETING, JSON_OBJECT, ROWS, db
from ._common import floor_page


def app(environ, start_response):  # type: ignore[no-untyped-def]
    path = environ.get("PATH_INFO", "")
    if path == "/plaintext":
        body, kind = GREETING.encode(), "text/plain; charset=utf-8"
    elif path == "/json":
        body, kind = json.dumps(JSON_OBJECT).encode(), "application/json"
    elif path == "/html":
        body, kind = floor_page(ROWS).encode(), "text/html; charset=utf-8"
    elif path == "/db":
        body, kind = json.dumps(db.world()).encode(), "application/json"
    elif path == "/fortunes":
        body, kind = floor_page(db.fortunes()).encode(), "text/html; charset=utf-8"
    else:
        start_response("404 Not Found", [("Content-Type", "text/plain"), ("Content-Length", "0")])
        return [b""]
    start_response("200 OK", [("Content-Type", kind), ("Content-Length", str(len(body)))])
    return [body]
