"""Falcon: resource classes with on_get responders; Jinja2 for the page."""

from __future__ import annotations

import falcon
import jinja2

from . import GREETING, JSON_OBJECT, ROWS, db
from ._common import TEMPLATES

# Falcon has no template engine; its FAQ leaves it to the application.
_env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)


class Plaintext:
    def on_get(self, req, resp):  # type: ignore[no-untyped-def]
        resp.content_type = falcon.MEDIA_TEXT
        resp.text = GREETING


class Json:
    def on_get(self, req, resp):  # type: ignore[no-untyped-def]
        resp.media = JSON_OBJECT


class Html:
    def on_get(self, req, resp):  # type: ignore[no-untyped-def]
        resp.content_type = falcon.MEDIA_HTML
        resp.text = _env.get_template("fortunes.html").render(rows=ROWS)


class Db:
    def on_get(self, req, resp):  # type: ignore[no-untyped-def]
        resp.media = db.world()


class Fortunes:
    def on_get(self, req, resp):  # type: ignore[no-untyped-def]
        resp.content_type = falcon.MEDIA_HTML
        resp.text = _env.get_template("fortunes.html").render(rows=db.fortunes())


app = falcon.App()
app.add_route("/plaintext", Plaintext())
app.add_route("/json", Json())
app.add_route("/html", Html())
app.add_route("/db", Db())
app.add_route("/fortunes", Fortunes())
