"""What every benchmark app must answer, checked before any load: a fast wrong answer is no result.

`fetch` reads an answer, bounded in bytes and time; `wrong` judges one endpoint's answer (its Content-Type and at most
`BODY_LIMIT` bytes of its body) against what ``fwcompare_bench`` says every
app serves. The server is untrusted: its answer is read as text, parsed
without recursion or backtracking blow-ups, and judged by a reason, never
an exception.
"""

from __future__ import annotations

import html
import http.client
import json
import re
import time
import urllib.request

from fwcompare_bench import GREETING, JSON_OBJECT, ROWS
from fwcompare_bench.db import ADDED_FORTUNE, FORTUNES, WORLD_ROWS

__all__ = ["BODY_LIMIT", "FETCH_ERRORS", "FORTUNE_ROWS", "HTML_ROWS", "fetch", "table_rows", "wrong"]

BODY_LIMIT = 64 * 1024
"""Bytes of an answer read: the endpoints answer a few kilobytes at most (the fortunes page ~2 KB)."""

FETCH_ERRORS = (OSError, ValueError, http.client.HTTPException)
"""What `fetch` raises: URLError, HTTPError, a timeout; a malformed answer (http.client's errors, ValueError)."""

_WAIT = 10.0  # seconds one read may wait for the answer's next bytes


def fetch(url: str, seconds: float) -> tuple[str, str]:
    """(Content-Type, body) of ``GET url``: at most `BODY_LIMIT` bytes of body, read for at most *seconds*.

    A hostile server may answer slowly, without end or malformed: the body is
    read in blocks until the limit or the deadline (each read waits 10 s at
    most); whatever fails raises one of `FETCH_ERRORS`.
    """
    deadline = time.monotonic() + seconds
    with urllib.request.urlopen(url, timeout=_WAIT) as response:
        kind = str(response.headers.get("Content-Type", ""))
        body = bytearray()
        while len(body) < BODY_LIMIT and time.monotonic() < deadline:
            block = response.read1(BODY_LIMIT - len(body))
            if not block:
                break
            body += block
    return kind, body.decode("utf-8", "replace")


HTML_ROWS = [(int(str(r["id"])), str(r["message"])) for r in ROWS]
"""``/html``'s rows, (id, message), in order."""

FORTUNE_ROWS = sorted([*FORTUNES, (0, ADDED_FORTUNE)], key=lambda row: row[1])
"""``/fortunes``'s 13 rows: the table's twelve and the one added at request time, sorted by message."""

# A row as the templates write it, whitespace allowed between tags (FT components indent).
# A cell holds no "<": messages are escaped, so an unescaped one is no row; and [^<]* stops at the
# first tag, so a hostile page cannot make the search backtrack over the whole body.
_ROW = re.compile(r"<tr>\s*<td>\s*(\d{1,9})\s*</td>\s*<td>([^<]*)</td>\s*</tr>")


def table_rows(body: str) -> list[tuple[int, str]]:
    """The (id, message) rows of an HTML page's table, messages unescaped and stripped."""
    return [(int(i), html.unescape(m).strip()) for i, m in _ROW.findall(body)]


def _json(body: str) -> object:
    try:
        return json.loads(body)
    except (ValueError, RecursionError):  # not JSON; nested thousands deep
        return None


def _table(body: str, expected: list[tuple[int, str]], what: str) -> str | None:
    if "<script>alert" in body:
        return "the row with markup came out unescaped"
    rows = table_rows(body)
    if len(rows) != len(expected):
        return f"{len(rows)} rows, not the {len(expected)} {what}"
    for got, want in zip(rows, expected, strict=True):
        if got != want:
            return f"row {got[0]} is not {want!r} ({what})"
    return None


def _world(body: str) -> str | None:
    row = _json(body)
    if not isinstance(row, dict) or set(row) != {"id", "randomNumber"}:
        return 'not one row of world as {"id": ..., "randomNumber": ...}'
    if not all(type(v) is int and 1 <= v <= WORLD_ROWS for v in row.values()):
        return f"id and randomNumber must be whole numbers from 1 to {WORLD_ROWS:,}"
    return None


def wrong(endpoint: str, kind: str, body: str) -> str | None:
    """Why *body* (served as Content-Type *kind*) is not what every app answers on *endpoint*; None if it is.

    >>> wrong("plaintext", "text/plain; charset=utf-8", "Hello, World!") is None
    True
    >>> wrong("db", "application/json", '{"id": 3, "randomNumber": 0}')
    'id and randomNumber must be whole numbers from 1 to 10,000'
    """
    media = {"plaintext": "text/plain", "json": "application/json", "db": "application/json"}.get(endpoint, "text/html")
    if not kind.startswith(media):
        return f"not {media}"
    if endpoint == "plaintext":
        return None if body == GREETING else f"not {GREETING!r}"
    if endpoint == "json":
        return None if _json(body) == JSON_OBJECT else "not the JSON object"
    if endpoint == "db":
        return _world(body)
    if endpoint == "html":
        return _table(body, HTML_ROWS, "rows of /html in order")
    if endpoint == "fortunes":
        return _table(body, FORTUNE_ROWS, "fortunes sorted by message")
    return f"no endpoint {endpoint!r}"
