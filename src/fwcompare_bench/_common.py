"""What the apps share: the templates' directory and the floor's HTML."""

from __future__ import annotations

import html
import os

TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates")
"""Directory of the HTML endpoint's templates, one per engine."""

_PAGE = (
    "<!DOCTYPE html><html><head><title>Fortunes</title></head><body>"
    "<table><tr><th>id</th><th>message</th></tr>{rows}</table></body></html>"
)


def floor_page(rows: list[dict[str, object]]) -> str:
    """The HTML page as the floors render it: string formatting and html.escape."""
    body = "".join("<tr><td>{}</td><td>{}</td></tr>".format(r["id"], html.escape(str(r["message"]))) for r in rows)
    return _PAGE.format(rows=body)
