"""Pyramid: a Configurator with add_route/add_view (its "Hello World") and the pyramid_jinja2 renderer."""

from __future__ import annotations

from pyramid.config import Configurator
from pyramid.response import Response

from . import GREETING, JSON_OBJECT, ROWS, db
from ._common import TEMPLATES


def plaintext(request):  # type: ignore[no-untyped-def]
    return Response(GREETING, content_type="text/plain", charset="utf-8")


def json_view(request):  # type: ignore[no-untyped-def]
    return JSON_OBJECT


def html_view(request):  # type: ignore[no-untyped-def]
    return {"rows": ROWS}


def db_view(request):  # type: ignore[no-untyped-def]
    return db.world()


def fortunes_view(request):  # type: ignore[no-untyped-def]
    return {"rows": db.fortunes()}


def _make_app():  # type: ignore[no-untyped-def]
    with Configurator() as config:
        config.include("pyramid_jinja2")
        config.add_jinja2_renderer(".html")
        config.add_jinja2_search_path(TEMPLATES, name=".html")
        config.add_route("plaintext", "/plaintext")
        config.add_route("json", "/json")
        config.add_route("html", "/html")
        config.add_route("db", "/db")
        config.add_route("fortunes", "/fortunes")
        config.add_view(plaintext, route_name="plaintext")
        config.add_view(json_view, route_name="json", renderer="json")
        config.add_view(html_view, route_name="html", renderer="fortunes.html")
        config.add_view(db_view, route_name="db", renderer="json")
        config.add_view(fortunes_view, route_name="fortunes", renderer="fortunes.html")
        return config.make_wsgi_app()


app = _make_app()
