"""Litestar: route handler functions and a Jinja TemplateConfig."""

from __future__ import annotations

from pathlib import Path

from litestar import Litestar, MediaType, get
from litestar.response import Template
from litestar.template.config import TemplateConfig

from . import GREETING, JSON_OBJECT, ROWS, db
from ._common import TEMPLATES

try:
    from litestar.plugins.jinja import JinjaTemplateEngine
except ImportError:  # litestar.contrib.jinja is deprecated since 2.22.0; older releases may lack plugins.jinja
    from litestar.contrib.jinja import JinjaTemplateEngine


@get("/plaintext", media_type=MediaType.TEXT, sync_to_thread=False)
def plaintext() -> str:
    return GREETING


@get("/json", sync_to_thread=False)
def json_view() -> dict:  # type: ignore[type-arg]
    return JSON_OBJECT


@get("/html", sync_to_thread=False)
def html_view() -> Template:
    return Template(template_name="fortunes.html", context={"rows": ROWS})


@get("/db", sync_to_thread=False)
def db_view() -> dict:  # type: ignore[type-arg]
    return db.world()


@get("/fortunes", sync_to_thread=False)
def fortunes_view() -> Template:
    return Template(template_name="fortunes.html", context={"rows": db.fortunes()})


app = Litestar(
    route_handlers=[plaintext, json_view, html_view, db_view, fortunes_view],
    template_config=TemplateConfig(directory=Path(TEMPLATES), engine=JinjaTemplateEngine),
)
