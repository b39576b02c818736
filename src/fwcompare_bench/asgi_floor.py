"""The ASGI floor: a bare ASGI callable (ASGI 3), no framework; the database through sqlite3 (blocking)."""

from __future__ import annotations

import json

from . import GREETING, JSON_OBJECT, ROWS, db
from ._common import floor_page


async def app(scope, receive, send):  # type: ignore[no-untyped-def]
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    path = scope["path"]
    if path == "/plaintext":
        body, kind = GREETING.encode(), b"text/plain; charset=utf-8"
    elif path == "/json":
        body, kind = json.dumps(JSON_OBJECT).encode(), b"application/json"
    elif path == "/html":
        body, kind = floor_page(ROWS).encode(), b"text/html; charset=utf-8"
    elif path == "/db":
        body, kind = json.dumps(db.world()).encode(), b"application/json"
    elif path == "/fortunes":
        body, kind = floor_page(db.fortunes()).encode(), b"text/html; charset=utf-8"
    else:
        body, kind = b"", b"text/plain"
    status = 200 if body else 404
    headers = [(b"content-type", kind), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
