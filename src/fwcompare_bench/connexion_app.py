"""Connexion: an AsyncApp routed by an OpenAPI document (specs/connexion.yaml), on uvicorn.

Connexion maps each operation's ``operationId`` to a function here; it has no
template engine, so the page is rendered with Jinja2 (autoescaping on).
"""

from __future__ import annotations

import os

import jinja2
from connexion import AsyncApp

from . import GREETING, JSON_OBJECT, ROWS, db
from ._common import TEMPLATES

_env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)


async def plaintext():  # type: ignore[no-untyped-def]
    return GREETING


async def json_view():  # type: ignore[no-untyped-def]
    return JSON_OBJECT


async def html_view():  # type: ignore[no-untyped-def]
    return _env.get_template("fortunes.html").render(rows=ROWS)


async def db_view():  # type: ignore[no-untyped-def]
    return db.world()


async def fortunes_view():  # type: ignore[no-untyped-def]
    return _env.get_template("fortunes.html").render(rows=db.fortunes())


app = AsyncApp(__name__, specification_dir=os.path.join(os.path.dirname(os.path.abspath(__file__)), "specs"))
app.add_api("connexion.yaml")
