"""Minimal apps and a server launcher for ``fwcompare bench``.

This package runs inside the interpreter being measured (like
``fwcompare_probes``): it imports only the standard library at import time, and
each ``*_app`` module imports its framework only when it is run or served.
It is copied to a temporary directory and put on ``PYTHONPATH`` of that
interpreter, so it must not import ``fwcompare``.

Each app serves the same five endpoints, written the way the framework's
documentation writes them:

- ``/plaintext``: ``Hello, World!`` as ``text/plain``;
- ``/json``: a small object serialised to JSON;
- ``/html``: ten rows rendered by the framework's default template engine with
  HTML escaping on (one row contains markup, which must come out escaped);
- ``/db``: one row of the ``world`` table, by a random id, as JSON
  ``{"id": ..., "randomNumber": ...}`` (TechEmpower's single query);
- ``/fortunes``: every row of the ``fortune`` table, plus one added at request
  time, sorted by message and rendered like ``/html`` (TechEmpower's fortunes).

The database is SQLite, built from :mod:`fwcompare_bench.db` when a server
starts, or a PostgreSQL the user started (``fwcompare bench --db``); each app
reaches it through its framework's own ORM where it has one, and otherwise the
way its documentation shows (``App.database`` says which, `POSTGRESQL` which
driver for PostgreSQL).

Plugins ship apps of their own frameworks: ``fwcompare bench`` copies them
into ``plugins`` here, with ``plugins/apps.json`` describing them (`find`).
"""

from __future__ import annotations

import collections

__all__ = [
    "ADDONS",
    "APPS",
    "DRIVER_DISTRIBUTIONS",
    "ENDPOINTS",
    "GREETING",
    "IMPORTS",
    "JSON_OBJECT",
    "PLUGINS",
    "POSTGRESQL",
    "ROWS",
    "App",
    "find",
    "postgresql_label",
]

App = collections.namedtuple("App", "name interface module server engine distribution database")
"""One minimal app: how to serve it and what it uses.

``interface`` is ``wsgi``, ``asgi`` or ``own`` (the framework's own server);
``module`` is the ``fwcompare_bench`` module that defines it (with ``app`` as
the WSGI/ASGI callable, or a ``serve(port)`` function for its own server);
``server`` names the server; ``engine`` the template engine the HTML endpoint
uses; ``distribution`` the distribution whose version and footprint are
reported (empty for the floors); ``database`` how ``/db`` and ``/fortunes``
reach the database (the ORM, or the driver and how it is called).
"""

ENDPOINTS = ("plaintext", "json", "html", "db", "fortunes")

GREETING = "Hello, World!"
JSON_OBJECT = {"message": "Hello, World!", "framework": "fwcompare", "count": 3, "ok": True}
ROWS = [
    {"id": 1, "message": "fortune: No such file or directory"},
    {"id": 2, "message": "A computer scientist is someone who fixes things that aren't broken."},
    {"id": 3, "message": "After enough decimal places, nobody gives a damn."},
    {"id": 4, "message": '<script>alert("This should not be displayed in a browser alert box.");</script>'},
    {"id": 5, "message": "A computer program does what you tell it to do, not what you want it to do."},
    {"id": 6, "message": "Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen"},
    {"id": 7, "message": "Any program that runs right is obsolete."},
    {"id": 8, "message": "A list is only as strong as its weakest link. — Donald Knuth"},
    {"id": 9, "message": "Feature: A bug with seniority."},
    {"id": 10, "message": "Computers make very fast, very accurate mistakes."},
]
"""The HTML endpoint's rows: ten of TechEmpower's twelve fortunes, renumbered, row 4 with markup to escape.

(The database's ``fortune`` table holds all twelve with TechEmpower's ids: :data:`fwcompare_bench.db.FORTUNES`.)
"""

_GUNICORN = "gunicorn"
_SQLITE = "sqlite3 (stdlib driver)"
_SQLITE_THREADPOOL = "sqlite3 (stdlib driver, in the threadpool of sync handlers)"
_SQLITE_LOOP = "sqlite3 (stdlib driver, blocking calls in the event loop)"
_UVICORN = "uvicorn"

APPS = {
    a.name: a
    for a in (
        App("wsgi-floor", "wsgi", "wsgi_floor", _GUNICORN, "str.format + html.escape", "", _SQLITE),
        App("asgi-floor", "asgi", "asgi_floor", _UVICORN, "str.format + html.escape", "", _SQLITE_LOOP),
        App("django", "wsgi", "django_app", _GUNICORN, "Django template language", "django", "Django ORM"),
        App("flask", "wsgi", "flask_app", _GUNICORN, "Jinja (render_template)", "flask", _SQLITE),
        App("pyramid", "wsgi", "pyramid_app", _GUNICORN, "Jinja2 (pyramid_jinja2)", "pyramid", _SQLITE),
        App("bottle", "wsgi", "bottle_app", _GUNICORN, "SimpleTemplate", "bottle", _SQLITE),
        App("falcon", "wsgi", "falcon_app", _GUNICORN, "Jinja2 (none of its own)", "falcon", _SQLITE),
        App("cherrypy", "wsgi", "cherrypy_app", _GUNICORN, "Jinja2 (none of its own)", "cherrypy", _SQLITE),
        App(
            "fastapi",
            "asgi",
            "fastapi_app",
            _UVICORN,
            "Jinja2 (Jinja2Templates)",
            "fastapi",
            "SQLModel (sync sessions in FastAPI's threadpool)",
        ),
        App("starlette", "asgi", "starlette_app", _UVICORN, "Jinja2 (Jinja2Templates)", "starlette", _SQLITE_LOOP),
        App("litestar", "asgi", "litestar_app", _UVICORN, "Jinja2 (JinjaTemplateEngine)", "litestar", _SQLITE_LOOP),
        App("quart", "asgi", "quart_app", _UVICORN, "Jinja (render_template)", "quart", _SQLITE_LOOP),
        App("tornado", "own", "tornado_app", "tornado.httpserver", "tornado.template", "tornado", _SQLITE_LOOP),
        App("aiohttp", "own", "aiohttp_app", "aiohttp.web", "Jinja2 (aiohttp-jinja2)", "aiohttp", _SQLITE_LOOP),
        App("sanic", "own", "sanic_app", "Sanic server", "Jinja2 (none of its own)", "sanic", _SQLITE_LOOP),
        App(
            "blacksheep",
            "asgi",
            "blacksheep_app",
            _UVICORN,
            "Jinja2 (blacksheep[jinja] view)",
            "blacksheep",
            _SQLITE_LOOP,
        ),
        App("connexion", "asgi", "connexion_app", _UVICORN, "Jinja2 (none of its own)", "connexion", _SQLITE_LOOP),
        App(
            "fasthtml",
            "asgi",
            "fasthtml_app",
            _UVICORN,
            "FT components (fastcore.xml)",
            "python-fasthtml",
            _SQLITE_THREADPOOL,
        ),
        App(
            "turbogears",
            "wsgi",
            "turbogears_app",
            _GUNICORN,
            "Kajiki (TurboGears' default)",
            "TurboGears2",
            "SQLAlchemy ORM (its SQLAlchemy component)",
        ),
        App("py4web", "wsgi", "py4web_app", _GUNICORN, "YATL (py4web's own)", "py4web", "pyDAL (py4web's DAL)"),
        App("masonite", "wsgi", "masonite_app", _GUNICORN, "Jinja2 (Masonite views)", "masonite", "Masonite ORM"),
        App("robyn", "own", "robyn_app", "Robyn server", "Jinja2 (robyn.templating.JinjaTemplate)", "robyn", _SQLITE),
        App("microdot", "own", "microdot_app", "Microdot server", "Jinja2 (microdot.jinja)", "microdot", _SQLITE_LOOP),
        App(
            "emmett",
            "own",
            "emmett_app",
            "Granian via emmett serve (RSGI)",
            "Renoir (Emmett's own)",
            "emmett",
            "Emmett's ORM (pyDAL), sync calls in async routes",
        ),
        App(
            "nicegui",
            "own",
            "nicegui_app",
            "uvicorn via ui.run",
            "Jinja2 (FastAPI routes on NiceGUI's app; its UI pages render client-side)",
            "nicegui",
            _SQLITE_LOOP,
        ),
        App(
            "reflex",
            "asgi",
            "reflex_app",
            _UVICORN,
            "Jinja2 (Starlette routes via api_transformer; Reflex pages render client-side)",
            "reflex",
            "rx.Model (SQLModel), sync rx.session in the event loop",
        ),
    )
}
"""Every app, floors first, by name (the framework's slug)."""

IMPORTS = {
    "django": "django",
    "flask": "flask",
    "pyramid": "pyramid.config",
    "bottle": "bottle",
    "falcon": "falcon",
    "cherrypy": "cherrypy",
    "fastapi": "fastapi",
    "starlette": "starlette.applications",
    "litestar": "litestar",
    "quart": "quart",
    "tornado": "tornado.web",
    "aiohttp": "aiohttp.web",
    "sanic": "sanic",
    "blacksheep": "blacksheep",
    "connexion": "connexion",
    "fasthtml": "fasthtml.common",
    "turbogears": "tg",
    "py4web": "py4web",
    "masonite": "masonite.foundation",
    "robyn": "robyn",
    "microdot": "microdot",
    "emmett": "emmett",
    "nicegui": "nicegui",
    "reflex": "reflex",
}
"""The module each framework's "hello world" imports first: what its import time times."""

ADDONS = {
    "fastapi": ("jinja2", "sqlmodel"),
    "starlette": ("jinja2",),
    "litestar": ("jinja2",),
    "falcon": ("jinja2",),
    "cherrypy": ("jinja2",),
    "sanic": ("jinja2",),
    "aiohttp": ("aiohttp-jinja2",),
    "pyramid": ("pyramid-jinja2",),
    "blacksheep": ("jinja2",),
    "connexion": ("jinja2",),
    "robyn": ("jinja2",),
    "microdot": ("jinja2",),
    "reflex": ("jinja2",),
    "turbogears": ("kajiki", "sqlalchemy"),
    "masonite": ("masonite-orm",),
}
"""Distributions an app needs besides its framework and server, by app (its template engine, its ORM)."""

POSTGRESQL = dict.fromkeys(APPS, "psycopg")
POSTGRESQL.update(py4web="psycopg2", masonite="psycopg2")
"""The driver module each app reaches PostgreSQL through: psycopg (3) where the ORM supports it,
psycopg2 for pyDAL and Masonite ORM, which support no other (``fwcompare_bench.db``)."""

DRIVER_DISTRIBUTIONS = {"psycopg": ("psycopg",), "psycopg2": ("psycopg2", "psycopg2-binary")}
"""The distributions that provide each driver module (any one of them will do)."""

_DRIVER_NAMES = {"psycopg": "psycopg 3", "psycopg2": "psycopg2"}
_STDLIB = "sqlite3 (stdlib driver"


def postgresql_label(database: str, driver: str) -> str:
    """How an app reaches PostgreSQL, from how it reaches SQLite (*database*) and its *driver* module.

    >>> postgresql_label("sqlite3 (stdlib driver, blocking calls in the event loop)", "psycopg")
    'psycopg 3 (driver, blocking calls in the event loop)'
    >>> postgresql_label("Django ORM", "psycopg")
    'Django ORM, through psycopg 3'
    """
    name = _DRIVER_NAMES.get(driver, driver)
    if database.startswith(_STDLIB):
        return name + " (driver" + database[len(_STDLIB) :]
    return f"{database}, through {name}"


SERVER_DISTRIBUTIONS = (
    "gunicorn",
    "uvicorn",
    "uvloop",
    "httptools",
    "h11",
    "jinja2",
    "aiohttp-jinja2",
    "pyramid-jinja2",
)
"""Distributions besides the frameworks whose versions the provenance records (and, in a PostgreSQL run,
the `DRIVER_DISTRIBUTIONS`)."""

PLUGINS = "plugins"
"""The subpackage ``fwcompare bench`` copies plugins' apps into, with their table ``apps.json``.

The bundled package has no such subpackage: a plugin's app cannot take a bundled module's name.
"""


def find(name: str) -> tuple[App, str | None]:
    """App *name* and the module whose import time is its framework's (None for the floors).

    A bundled app, or one a plugin shipped (described in ``plugins/apps.json``).
    """
    if name in APPS:
        return APPS[name], IMPORTS.get(name)
    import json
    import os

    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), PLUGINS, "apps.json")
    with open(path, encoding="utf-8") as f:
        entry = json.load(f)[name]
    return App(*(entry[field] for field in App._fields)), entry["imports"]
