"""Extension health: registry figures and install-and-import checks for every extension the data names.

    python tasks/extension_health.py [--workers 2] [--only NAME ...]   writes src/fwcompare/data/extensions.json
    python tasks/extension_health.py --check                           re-runs the installs; exit 1 if a
                                                                       recommended extension is broken and unmarked

For every extension named in a fact of src/fwcompare/data/frameworks/*.toml
(deduplicated by PyPI name), reads the package registry's JSON API (latest
version and its upload date, number of releases, Requires-Python, the
Development Status classifier, yanked, project status), downloads the latest
wheel with ``pip download --no-deps`` to read its METADATA ``Requires-Dist``
(the registry's JSON when there is no wheel) and checks with ``packaging``
whether it admits the framework's checked release.

Then, for each (extension, framework) pair and each checked Python (the
newest here and the oldest fwcompare supports), makes a fresh virtual
environment with ``uv``, installs the framework's latest release for that
Python and the extension's latest release (when that does not resolve, the
extension unpinned, to see whether an older release does), imports the
extension's top-level modules (from the installed distribution's
``top_level.txt`` or ``RECORD``) and, where a smoke test is written below,
runs it (an app with the extension registered answers one request through the
framework's test client).

The output is generated: never edit it by hand. Slow (tens of minutes):
not part of the test suite. ``--check`` is for CI: it writes nothing.
"""

# ruff: noqa: E501 (the smoke tests below are code snippets kept as written, one statement a line)
from __future__ import annotations

import argparse
import concurrent.futures
import datetime
import email.parser
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
import urllib.request
import zipfile
from pathlib import Path
from typing import Any

from packaging.markers import default_environment
from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from fwcompare.model.extension_health import ExtensionStatus
from fwcompare.store.extension_health import parse_extension_health

ROOT = Path(__file__).resolve().parent.parent
FRAMEWORKS = ROOT / "src" / "fwcompare" / "data" / "frameworks"
OUTPUT = ROOT / "src" / "fwcompare" / "data" / "extensions.json"
# Repositories and their last commit, read by hand from snapshots (see the file's header).
REPOSITORIES = ROOT / "tasks" / "extension_repositories.toml"
REGISTRY = os.environ.get("FWCOMPARE_REGISTRY", "https://pypi.org")

# The newest Python here and the oldest fwcompare supports (requires-python >= 3.11).
PYTHONS = {
    "3.13.0": "/root/.pyenv/versions/3.13.0/bin/python",
    "3.11.7": "/root/.pyenv/versions/3.11.7/bin/python",
}

# An install that builds from source may compile C (pycrypto's configure takes minutes here).
INSTALL_TIMEOUT = 900

NEWEST = next(iter(PYTHONS))

# What a smoke test needs beside the framework and the extension (test clients).
SMOKE_DEPS = {"starlette": ["httpx"], "fastapi": ["httpx"], "reflex": []}

# The modules an extension's own quickstart imports, where its top-level names are not those:
# a namespace package (tgext), a demo package shipped beside it, or a submodule the quickstart
# uses (aiojobs.aiohttp). Otherwise the names of top_level.txt / RECORD, namespaces not counted.
QUICKSTART_IMPORTS: dict[str, list[str]] = {
    "aiojobs": ["aiojobs", "aiojobs.aiohttp"],
    "aiohttp-security": ["aiohttp_security"],
    "piccolo": ["piccolo.table", "piccolo.columns", "piccolo.engine.sqlite"],
    "tgext-admin": ["tgext.admin"],
    "tgext-apispec": ["tgext.apispec"],
    "tgext-tw2": ["tgext.tw2"],
    "starlette-admin": ["starlette_admin", "starlette_admin.contrib.sqla"],
    "sqlmodel": ["sqlmodel"],
    "sanic-ext": ["sanic_ext"],
}

_FLASK = "from flask import Flask\napp = Flask(__name__); app.secret_key = 'x'\n"
_SQLA_MODEL = """
from sqlalchemy import Column, Integer, String, create_engine
from sqlalchemy.orm import declarative_base
Base = declarative_base()
class User(Base):
    __tablename__ = "user"
    id = Column(Integer, primary_key=True); name = Column(String(20))
import os, tempfile
engine = create_engine("sqlite:///" + os.path.join(tempfile.mkdtemp(), "app.db")); Base.metadata.create_all(engine)
"""
_DJANGO = """
import django
from django.conf import settings
settings.configure(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["*"], SECRET_KEY="x", INSTALLED_APPS=[
    "django.contrib.contenttypes", "django.contrib.auth", {apps}],
    DATABASES={{"default": {{"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}}})
django.setup()
from django.test import Client
"""
_WSGI_GET = """
def get(app, path):
    from webob import Request
    return Request.blank(path).get_response(app)
"""

# Smoke tests: the extension's documented hello-world through the framework's test client.
# Keyed by (normalised PyPI name, framework slug): (what it does, code). The code's last line of
# output is "ok <what was observed>".
SMOKE: dict[tuple[str, str], tuple[str, str]] = {
    ("flask-sqlalchemy", "flask"): (
        "a model created and queried over SQLite through the test client",
        _FLASK
        + """
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import Mapped, mapped_column
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
db = SQLAlchemy(app)
class User(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
with app.app_context():
    db.create_all(); db.session.add(User(name="ada")); db.session.commit()
@app.get("/")
def index():
    return db.session.execute(db.select(User.name)).scalar_one()
r = app.test_client().get("/"); assert r.data == b"ada", r.data; print("ok GET / ->", r.data.decode())
""",
    ),
    ("flask-login", "flask"): (
        "a login (login_user) then current_user on the next request, through the test client",
        _FLASK
        + """
from flask_login import LoginManager, UserMixin, current_user, login_user
class User(UserMixin):
    def __init__(self, id): self.id = id
manager = LoginManager(app); manager.user_loader(User)
@app.get("/login")
def login():
    login_user(User("42")); return "in"
@app.get("/")
def index():
    return current_user.get_id() if current_user.is_authenticated else "anonymous"
c = app.test_client(); assert c.get("/").data == b"anonymous"; c.get("/login")
r = c.get("/"); assert r.data == b"42", r.data; print("ok logged in as", r.data.decode())
""",
    ),
    ("flask-wtf", "flask"): (
        "a CSRF token issued, a POST with it accepted and one without it refused, through the test client",
        _FLASK
        + """
from flask import request
from flask_wtf.csrf import CSRFProtect, generate_csrf
CSRFProtect(app)
@app.route("/", methods=["GET", "POST"])
def index():
    return generate_csrf() if request.method == "GET" else "posted"
c = app.test_client(); token = c.get("/").data.decode()
ok, refused = c.post("/", data={"csrf_token": token}).status_code, c.post("/").status_code
assert (ok, refused) == (200, 400), (ok, refused); print("ok POST with token 200, without 400")
""",
    ),
    ("flask-caching", "flask"): (
        "a view cached (SimpleCache): the second request is served from the cache",
        _FLASK
        + """
from flask_caching import Cache
cache = Cache(app, config={"CACHE_TYPE": "SimpleCache"}); n = []
@app.get("/")
@cache.cached(timeout=60)
def index():
    n.append(1); return str(len(n))
c = app.test_client(); c.get("/"); r = c.get("/"); assert r.data == b"1", r.data; print("ok view ran once for 2 GETs")
""",
    ),
    ("flask-talisman", "flask"): (
        "security headers on a response through the test client",
        _FLASK
        + """
from flask_talisman import Talisman
Talisman(app, force_https=False)
@app.get("/")
def index():
    return "hi"
r = app.test_client().get("/"); assert "Content-Security-Policy" in r.headers; print("ok CSP:", r.headers["Content-Security-Policy"][:40])
""",
    ),
    ("flask-babel", "flask"): (
        "a string translated from a compiled German catalog (gettext) in a request",
        _FLASK
        + """
import os, tempfile
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from flask_babel import Babel, gettext
root = tempfile.mkdtemp(); os.makedirs(f"{root}/de/LC_MESSAGES")
catalog = Catalog(locale="de"); catalog.add("Hello", "Hallo")
with open(f"{root}/de/LC_MESSAGES/messages.mo", "wb") as f: write_mo(f, catalog)
app.config["BABEL_TRANSLATION_DIRECTORIES"] = root
Babel(app, locale_selector=lambda: "de")
@app.get("/")
def index():
    return gettext("Hello")
r = app.test_client().get("/"); assert r.data == b"Hallo", r.data; print("ok Hello ->", r.data.decode())
""",
    ),
    ("flask-migrate", "flask"): (
        "flask db init and migrate (an Alembic migration generated from a model) over SQLite",
        _FLASK
        + """
import os, tempfile
from flask_sqlalchemy import SQLAlchemy
from flask_migrate import Migrate, init, migrate
os.chdir(tempfile.mkdtemp())
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///app.db"
db = SQLAlchemy(app); Migrate(app, db)
class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
with app.app_context():
    init(); migrate(message="first")
made = os.listdir("migrations/versions"); assert any(f.endswith(".py") for f in made), made; print("ok migration", made[0][:20])
""",
    ),
    ("flask-admin", "flask"): (
        "the admin index page and a model list view over SQLite through the test client",
        _FLASK
        + """
from flask_admin import Admin
from flask_admin.contrib.sqla import ModelView
from flask_sqlalchemy import SQLAlchemy
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
db = SQLAlchemy(app)
class User(db.Model):
    id = db.Column(db.Integer, primary_key=True); name = db.Column(db.String(20))
with app.app_context():
    db.create_all()
    admin = Admin(app); admin.add_view(ModelView(User, db.session))
c = app.test_client(); a, b = c.get("/admin/").status_code, c.get("/admin/user/").status_code
assert (a, b) == (200, 200), (a, b); print("ok /admin/ 200, /admin/user/ 200")
""",
    ),
    ("flask-sitemap", "flask"): (
        "/sitemap.xml generated for a view through the test client",
        _FLASK
        + """
from flask_sitemap import Sitemap
app.config["SITEMAP_INCLUDE_RULES_WITHOUT_PARAMS"] = True
Sitemap(app=app)
@app.get("/about")
def about():
    return "about"
r = app.test_client().get("/sitemap.xml"); assert r.status_code == 200 and b"/about" in r.data, r.data[:200]
print("ok sitemap lists /about")
""",
    ),
    ("flask-smorest", "flask"): (
        "a Blueprint route registered on the Api and listed in /openapi.json",
        _FLASK
        + """
from flask_smorest import Api, Blueprint
app.config.update(API_TITLE="t", API_VERSION="1", OPENAPI_VERSION="3.0.2", OPENAPI_URL_PREFIX="/")
api = Api(app); blp = Blueprint("pets", __name__)
@blp.route("/pets")
def pets():
    return {"n": 0}
api.register_blueprint(blp)
c = app.test_client(); spec = c.get("/openapi.json").get_json()
assert "/pets" in spec["paths"] and c.get("/pets").get_json() == {"n": 0}; print("ok /pets in the OpenAPI document")
""",
    ),
    ("sqladmin", "fastapi"): (
        "the admin list page of a model over SQLite through the test client",
        _SQLA_MODEL
        + """
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqladmin import Admin, ModelView
app = FastAPI(); admin = Admin(app, engine)
class UserAdmin(ModelView, model=User):
    column_list = [User.id, User.name]
admin.add_view(UserAdmin)
r = TestClient(app).get("/admin/user/list"); assert r.status_code == 200, r.status_code; print("ok /admin/user/list 200")
""",
    ),
    ("sqladmin", "starlette"): (
        "the admin list page of a model over SQLite through the test client",
        _SQLA_MODEL
        + """
from starlette.applications import Starlette
from starlette.testclient import TestClient
from sqladmin import Admin, ModelView
app = Starlette(); admin = Admin(app, engine)
class UserAdmin(ModelView, model=User):
    column_list = [User.id, User.name]
admin.add_view(UserAdmin)
r = TestClient(app).get("/admin/user/list"); assert r.status_code == 200, r.status_code; print("ok /admin/user/list 200")
""",
    ),
    ("starlette-admin", "starlette"): (
        "the admin index and a model's list page over SQLite through the test client",
        _SQLA_MODEL
        + """
from starlette.applications import Starlette
from starlette.testclient import TestClient
from starlette_admin.contrib.sqla import Admin, ModelView
app = Starlette(); admin = Admin(engine, title="t"); admin.add_view(ModelView(User)); admin.mount_to(app)
c = TestClient(app); a = c.get("/admin/").status_code; b = c.get("/admin/user/list").status_code
assert (a, b) == (200, 200), (a, b); print("ok /admin/ 200, /admin/user/list 200")
""",
    ),
    ("starlette-admin", "fastapi"): (
        "the admin index and a model's list page over SQLite through the test client",
        _SQLA_MODEL
        + """
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette_admin.contrib.sqla import Admin, ModelView
app = FastAPI(); admin = Admin(engine, title="t"); admin.add_view(ModelView(User)); admin.mount_to(app)
c = TestClient(app); a = c.get("/admin/").status_code; b = c.get("/admin/user/list").status_code
assert (a, b) == (200, 200), (a, b); print("ok /admin/ 200, /admin/user/list 200")
""",
    ),
    ("sqlalchemy", "starlette"): (
        "a SQLite query (select 1) answered in a handler through the test client",
        """
from sqlalchemy import create_engine, text
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient
engine = create_engine("sqlite://")
def index(request):
    with engine.connect() as c:
        return PlainTextResponse(str(c.execute(text("select 1")).scalar()))
r = TestClient(Starlette(routes=[Route("/", index)])).get("/"); assert r.text == "1", r.text; print("ok select 1 ->", r.text)
""",
    ),
    ("sqlalchemy", "pyramid"): (
        "a SQLite query (select 1) answered in a view, request through WebOb",
        _WSGI_GET
        + """
from pyramid.config import Configurator
from pyramid.response import Response
from sqlalchemy import create_engine, text
engine = create_engine("sqlite://")
def index(request):
    with engine.connect() as c:
        return Response(str(c.execute(text("select 1")).scalar()))
with Configurator() as config:
    config.add_route("home", "/"); config.add_view(index, route_name="home"); app = config.make_wsgi_app()
body = get(app, "/").text; assert body == "1", body; print("ok select 1 ->", body)
""",
    ),
    ("sqlalchemy", "fasthtml"): (
        "a SQLite query (select 1) answered in a route through Starlette's test client",
        """
from fasthtml.common import FastHTML
from sqlalchemy import create_engine, text
from starlette.testclient import TestClient
engine = create_engine("sqlite://"); app = FastHTML()
@app.route("/")
def get():
    with engine.connect() as c:
        return str(c.execute(text("select 1")).scalar())
r = TestClient(app).get("/"); assert r.text.strip() == "1", r.text[:200]; print("ok select 1 ->", r.text.strip())
""",
    ),
    ("sqlmodel", "fastapi"): (
        "a table created, a row added and listed by an endpoint over SQLite through the test client",
        """
import os, tempfile
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Field, Session, SQLModel, create_engine, select
class Hero(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str
engine = create_engine("sqlite:///" + os.path.join(tempfile.mkdtemp(), "app.db")); SQLModel.metadata.create_all(engine)
with Session(engine) as s:
    s.add(Hero(name="Deadpond")); s.commit()
app = FastAPI()
@app.get("/heroes")
def heroes() -> list[Hero]:
    with Session(engine) as s:
        return list(s.exec(select(Hero)).all())
r = TestClient(app).get("/heroes"); assert r.json()[0]["name"] == "Deadpond", r.text; print("ok", r.json())
""",
    ),
    ("sqlmodel", "starlette"): (
        "a table created, a row added and read in a handler over SQLite through the test client",
        """
import os, tempfile
from sqlmodel import Field, Session, SQLModel, create_engine, select
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient
class Hero(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str
engine = create_engine("sqlite:///" + os.path.join(tempfile.mkdtemp(), "app.db")); SQLModel.metadata.create_all(engine)
with Session(engine) as s:
    s.add(Hero(name="Deadpond")); s.commit()
def index(request):
    with Session(engine) as s:
        return PlainTextResponse(s.exec(select(Hero)).first().name)
r = TestClient(Starlette(routes=[Route("/", index)])).get("/"); assert r.text == "Deadpond", r.text; print("ok", r.text)
""",
    ),
    ("alembic", "fastapi"): (
        "alembic init and a revision generated (command API) in a scratch directory; not a request",
        """
import os, tempfile
from alembic import command
from alembic.config import Config
os.chdir(tempfile.mkdtemp()); config = Config("alembic.ini"); config.set_main_option("script_location", "migrations")
command.init(config, "migrations"); config = Config("alembic.ini"); command.revision(config, message="first")
made = os.listdir("migrations/versions"); assert any(f.endswith(".py") for f in made), made; print("ok revision", made[0][:20])
""",
    ),
    ("alembic", "pyramid"): (
        "alembic init and a revision generated (command API) in a scratch directory; not a request",
        """
import os, tempfile
from alembic import command
from alembic.config import Config
os.chdir(tempfile.mkdtemp()); config = Config("alembic.ini"); config.set_main_option("script_location", "migrations")
command.init(config, "migrations"); config = Config("alembic.ini"); command.revision(config, message="first")
made = os.listdir("migrations/versions"); assert any(f.endswith(".py") for f in made), made; print("ok revision", made[0][:20])
""",
    ),
    ("tortoise-orm", "starlette"): (
        "a model created and queried over in-memory SQLite (Tortoise.init, generate_schemas); not a request",
        """
import asyncio
from tortoise import Tortoise, fields
from tortoise.models import Model
class User(Model):
    id = fields.IntField(primary_key=True); name = fields.CharField(max_length=20)
async def main():
    await Tortoise.init(db_url="sqlite://:memory:", modules={"models": ["__main__"]}); await Tortoise.generate_schemas()
    await User.create(name="ada"); found = await User.get(name="ada"); await Tortoise.close_connections()
    assert found.name == "ada"; print("ok", found.name)
asyncio.run(main())
""",
    ),
    ("webtest", "turbogears"): (
        "a minimal TurboGears app requested through webtest.TestApp",
        """
from tg import expose, TGController, MinimalApplicationConfigurator
from webtest import TestApp
class Root(TGController):
    @expose()
    def index(self):
        return "hi"
config = MinimalApplicationConfigurator(); config.update_blueprint({"root_controller": Root()})
r = TestApp(config.make_wsgi_app()).get("/"); assert r.text == "hi", r.text; print("ok GET / -> hi")
""",
    ),
    ("fastlite", "fasthtml"): (
        "a table created from a class, a row inserted and read back (in-memory SQLite); not a request",
        """
from fastlite import database
db = database(":memory:")
class User:
    id: int
    name: str
users = db.create(User, pk="id"); users.insert(User(id=1, name="ada"))
got = users[1]; assert got.name == "ada", got; print("ok", got)
""",
    ),
    ("aiohttp-mako", "aiohttp"): (
        "a Mako template rendered by a handler through aiohttp's test client",
        """
import asyncio, aiohttp_mako
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
async def main():
    app = web.Application()
    lookup = aiohttp_mako.setup(app, input_encoding="utf-8", output_encoding="utf-8", default_filters=["decode.utf8"])
    lookup.put_string("index.html", "<h2>${name}</h2>")
    @aiohttp_mako.template("index.html")
    async def index(request):
        return {"name": "mako"}
    app.router.add_get("/", index)
    async with TestClient(TestServer(app)) as client:
        r = await client.get("/"); text = await r.text(); assert text == "<h2>mako</h2>", text; print("ok", text)
asyncio.run(main())
""",
    ),
    ("deform", "pyramid"): (
        "a colander schema rendered as an HTML form and a submission validated (no request)",
        """
import colander, deform
class Person(colander.MappingSchema):
    name = colander.SchemaNode(colander.String())
form = deform.Form(Person(), buttons=("submit",)); html = form.render()
assert 'name="name"' in html
try:
    form.validate([("name", "")]); raise SystemExit("an empty name validated")
except deform.ValidationFailure:
    pass
print("ok form rendered; empty name refused")
""",
    ),
    ("drf-spectacular", "django"): (
        "the OpenAPI schema served by SpectacularAPIView through Django's test client",
        _DJANGO.format(apps='"rest_framework", "drf_spectacular"').replace(
            "django.setup()",
            "settings.REST_FRAMEWORK = {'DEFAULT_SCHEMA_CLASS': 'drf_spectacular.openapi.AutoSchema'}\ndjango.setup()",
        )
        + """
from django.urls import path
from drf_spectacular.views import SpectacularAPIView
urlpatterns = [path("schema/", SpectacularAPIView.as_view())]
r = Client().get("/schema/"); assert r.status_code == 200 and b"openapi" in r.content, r.status_code; print("ok /schema/ 200")
""",
    ),
    ("bottle-sqlalchemy", "bottle"): (
        "a route given a session by the plugin, a row added and read over SQLite, request through WSGI",
        _SQLA_MODEL
        + """
import io, bottle, wsgiref.util
from bottle_sqlalchemy import Plugin
app = bottle.Bottle(); app.install(Plugin(engine, Base.metadata, create=True))
@app.get("/")
def index(db):
    db.add(User(name="ada")); db.commit(); return db.query(User).first().name
environ = {}; wsgiref.util.setup_testing_defaults(environ); seen = []
body = b"".join(app(environ, lambda status, headers, exc_info=None: seen.append(status))).decode()
assert seen[0].startswith("200") and body == "ada", (seen, body); print("ok", body)
""",
    ),
    ("aiohttp-jinja2", "aiohttp"): (
        "a template rendered (autoescaped) through aiohttp's test client",
        """
import asyncio, jinja2, aiohttp_jinja2
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
async def main():
    app = web.Application()
    aiohttp_jinja2.setup(app, loader=jinja2.DictLoader({"t.html": "{{ x }}"}), autoescape=True)
    async def index(request):
        return aiohttp_jinja2.render_template("t.html", request, {"x": "<b>"})
    app.router.add_get("/", index)
    async with TestClient(TestServer(app)) as client:
        r = await client.get("/"); text = await r.text(); assert text == "&lt;b&gt;", text; print("ok", text)
asyncio.run(main())
""",
    ),
    ("aiohttp-session", "aiohttp"): (
        "a session value kept across two requests through aiohttp's test client",
        """
import asyncio
from aiohttp import web
from aiohttp_session import setup, get_session, SimpleCookieStorage
from aiohttp.test_utils import TestClient, TestServer
async def main():
    app = web.Application(); setup(app, SimpleCookieStorage())
    async def index(request):
        s = await get_session(request); s["n"] = s.get("n", 0) + 1; return web.Response(text=str(s["n"]))
    app.router.add_get("/", index)
    async with TestClient(TestServer(app)) as client:
        await client.get("/"); r = await client.get("/"); text = await r.text(); assert text == "2", text; print("ok n =", text)
asyncio.run(main())
""",
    ),
    ("aiojobs", "aiohttp"): (
        "a job spawned from a handler (aiojobs.aiohttp.spawn) through aiohttp's test client",
        """
import asyncio
from aiohttp import web
from aiojobs.aiohttp import setup, spawn
from aiohttp.test_utils import TestClient, TestServer
async def main():
    app = web.Application(); setup(app); done = []
    async def job():
        done.append(1)
    async def index(request):
        await spawn(request, job()); return web.Response(text="ok")
    app.router.add_get("/", index)
    async with TestClient(TestServer(app)) as client:
        r = await client.get("/"); assert r.status == 200; await asyncio.sleep(0.05); assert done; print("ok job ran")
asyncio.run(main())
""",
    ),
    ("aiohttp-remotes", "aiohttp"): (
        "X-Forwarded-For applied to request.remote through aiohttp's test client",
        """
import asyncio
from aiohttp import web
from aiohttp_remotes import setup, XForwardedRelaxed
from aiohttp.test_utils import TestClient, TestServer
async def main():
    app = web.Application(); await setup(app, XForwardedRelaxed())
    async def index(request):
        return web.Response(text=request.remote)
    app.router.add_get("/", index)
    async with TestClient(TestServer(app)) as client:
        r = await client.get("/", headers={"X-Forwarded-For": "203.0.113.7"}); text = await r.text()
        assert text == "203.0.113.7", text; print("ok remote", text)
asyncio.run(main())
""",
    ),
    ("aiocache", "aiohttp"): (
        "a value set and read in the in-memory cache inside an aiohttp handler",
        """
import asyncio
from aiocache import Cache
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
async def main():
    cache = Cache(Cache.MEMORY); app = web.Application()
    async def index(request):
        await cache.set("k", "v"); return web.Response(text=await cache.get("k"))
    app.router.add_get("/", index)
    async with TestClient(TestServer(app)) as client:
        r = await client.get("/"); text = await r.text(); assert text == "v", text; print("ok cached", text)
asyncio.run(main())
""",
    ),
    ("starlette-csrf", "starlette"): (
        "a POST without the CSRF cookie refused (403) through the test client",
        """
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient
from starlette_csrf import CSRFMiddleware
app = Starlette(routes=[Route("/", lambda r: PlainTextResponse("hi"), methods=["GET", "POST"])],
                middleware=[Middleware(CSRFMiddleware, secret="x")])
c = TestClient(app)
assert c.get("/").status_code == 200 and c.post("/").status_code == 403; print("ok GET 200, POST without token 403")
""",
    ),
    ("starlette-csrf", "fastapi"): (
        "a POST without the CSRF cookie refused (403) through the test client",
        """
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette_csrf import CSRFMiddleware
app = FastAPI(); app.add_middleware(CSRFMiddleware, secret="x")
@app.post("/")
def index():
    return "hi"
assert TestClient(app).post("/").status_code == 403; print("ok POST without token 403")
""",
    ),
    ("asgi-csrf", "starlette"): (
        "a CSRF token issued (scope['csrftoken']), a POST with the cookie but no token refused and one with it accepted",
        """
from asgi_csrf import asgi_csrf
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient
async def index(request):
    return PlainTextResponse(request.scope["csrftoken"]() if request.method == "GET" else "posted")
app = asgi_csrf(Starlette(routes=[Route("/", index, methods=["GET", "POST"])]), signing_secret="x")
c = TestClient(app); token = c.get("/").text
refused, ok = c.post("/", data={"a": "1"}).status_code, c.post("/", data={"csrftoken": token}).status_code
assert (refused, ok) == (403, 200), (refused, ok); print("ok POST without token 403, with token 200")
""",
    ),
    ("asgi-csrf", "fastapi"): (
        "a CSRF token issued (scope['csrftoken']), a POST with the cookie but no token refused and one with it accepted",
        """
from asgi_csrf import asgi_csrf
from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse
from fastapi.testclient import TestClient
api = FastAPI()
@api.get("/", response_class=PlainTextResponse)
def token(request: Request):
    return request.scope["csrftoken"]()
@api.post("/")
def index():
    return "posted"
c = TestClient(asgi_csrf(api, signing_secret="x")); token = c.get("/").text
refused, ok = c.post("/", data={"a": "1"}).status_code, c.post("/", data={"csrftoken": token}).status_code
assert (refused, ok) == (403, 200), (refused, ok); print("ok POST without token 403, with token 200")
""",
    ),
    ("quart-auth", "quart"): (
        "a login (login_user) then current_user on the next request through Quart's test client",
        """
import asyncio
from quart import Quart
from quart_auth import QuartAuth, AuthUser, current_user, login_user
app = Quart(__name__); app.secret_key = "x"; app.config["QUART_AUTH_COOKIE_SECURE"] = False; QuartAuth(app)
@app.get("/login")
async def login():
    login_user(AuthUser("42")); return "in"
@app.get("/")
async def index():
    return current_user.auth_id or "anonymous"
async def main():
    c = app.test_client(); await c.get("/login"); r = await c.get("/"); data = await r.get_data()
    assert data == b"42", data; print("ok logged in as 42")
asyncio.run(main())
""",
    ),
    ("quart-schema", "quart"): (
        "a route validated by a dataclass and listed in /openapi.json through Quart's test client",
        """
import asyncio
from dataclasses import dataclass
from quart import Quart
from quart_schema import QuartSchema, validate_request
app = Quart(__name__); QuartSchema(app)
@dataclass
class Todo:
    task: str
@app.post("/todo")
@validate_request(Todo)
async def create(data: Todo):
    return {"task": data.task}
async def main():
    c = app.test_client(); bad = await c.post("/todo", json={}); good = await c.post("/todo", json={"task": "x"})
    spec = await (await c.get("/openapi.json")).get_json()
    assert (bad.status_code, good.status_code) == (400, 200) and "/todo" in spec["paths"]; print("ok 400 invalid, 200 valid, /todo in OpenAPI")
asyncio.run(main())
""",
    ),
    ("sanic-testing", "sanic"): (
        "a request through sanic-testing's test client",
        """
from sanic import Sanic, text
from sanic_testing import TestManager
app = Sanic("smoke"); TestManager(app)
@app.get("/")
async def index(request):
    return text("hi")
_, r = app.test_client.get("/"); assert r.text == "hi"; print("ok GET / -> hi")
""",
    ),
    ("sanic-ext", "sanic"): (
        "the generated OpenAPI document served (/docs/openapi.json) through sanic-testing's client",
        """
from sanic import Sanic, text
from sanic_testing import TestManager
app = Sanic("smoke"); TestManager(app)
@app.get("/")
async def index(request):
    return text("hi")
_, r = app.test_client.get("/docs/openapi.json"); assert r.status == 200, r.status; print("ok /docs/openapi.json 200")
""",
    ),
    ("pyramid-jinja2", "pyramid"): (
        "a view rendered with a .jinja2 template (autoescaped), request through WebOb",
        _WSGI_GET
        + """
import os, tempfile
from pyramid.config import Configurator
d = tempfile.mkdtemp(); open(os.path.join(d, "t.jinja2"), "w").write("{{ x }}")
with Configurator() as config:
    config.include("pyramid_jinja2")
    config.add_route("home", "/"); config.add_view(lambda r: {"x": "<b>"}, route_name="home", renderer=os.path.join(d, "t.jinja2"))
    app = config.make_wsgi_app()
body = get(app, "/").text; assert body == "&lt;b&gt;", body; print("ok", body)
""",
    ),
    ("pyramid-mako", "pyramid"): (
        "a view rendered with a .mako template, request through WebOb",
        _WSGI_GET
        + """
import os, tempfile
from pyramid.config import Configurator
d = tempfile.mkdtemp(); open(os.path.join(d, "t.mako"), "w").write("hello ${x}")
with Configurator(settings={"mako.directories": d}) as config:
    config.include("pyramid_mako")
    config.add_route("home", "/"); config.add_view(lambda r: {"x": "mako"}, route_name="home", renderer="t.mako")
    app = config.make_wsgi_app()
body = get(app, "/").text; assert body.strip() == "hello mako", body; print("ok", body.strip())
""",
    ),
    ("pyramid-chameleon", "pyramid"): (
        "a view rendered with a .pt template, request through WebOb",
        _WSGI_GET
        + """
import os, tempfile
from pyramid.config import Configurator
d = tempfile.mkdtemp(); open(os.path.join(d, "t.pt"), "w").write("<p>${x}</p>")
with Configurator() as config:
    config.include("pyramid_chameleon")
    config.add_route("home", "/"); config.add_view(lambda r: {"x": "pt"}, route_name="home", renderer=os.path.join(d, "t.pt"))
    app = config.make_wsgi_app()
body = get(app, "/").text; assert "<p>pt</p>" in body, body; print("ok", body.strip())
""",
    ),
    ("webtest", "pyramid"): (
        "a Pyramid app requested through webtest.TestApp",
        """
from pyramid.config import Configurator
from pyramid.response import Response
from webtest import TestApp
with Configurator() as config:
    config.add_route("home", "/"); config.add_view(lambda r: Response("hi"), route_name="home")
    app = config.make_wsgi_app()
r = TestApp(app).get("/"); assert r.text == "hi"; print("ok GET / -> hi")
""",
    ),
    ("webtest", "bottle"): (
        "a Bottle app requested through webtest.TestApp",
        """
import bottle
from webtest import TestApp
app = bottle.Bottle()
@app.get("/")
def index():
    return "hi"
r = TestApp(app).get("/"); assert r.text == "hi"; print("ok GET / -> hi")
""",
    ),
    ("django-ninja", "django"): (
        "a NinjaAPI route answering JSON through Django's test client",
        _DJANGO.format(apps="")
        + """
from django.urls import path
from ninja import NinjaAPI
api = NinjaAPI()
@api.get("/add")
def add(request, a: int, b: int):
    return {"result": a + b}
urlpatterns = [path("api/", api.urls)]
r = Client().get("/api/add?a=1&b=2"); assert r.json() == {"result": 3}, r.content; print("ok", r.json())
""",
    ),
    ("aiohttp-security", "aiohttp"): (
        "a request refused (401) before login, then remember() sets the identity and check_authorized() returns it, through aiohttp's test client",
        """
import asyncio
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from aiohttp_security import AbstractAuthorizationPolicy, CookiesIdentityPolicy, authorized_userid, check_authorized, remember, setup
class Policy(AbstractAuthorizationPolicy):
    async def authorized_userid(self, identity):
        return identity if identity == "ada" else None
    async def permits(self, identity, permission, context=None):
        return identity == "ada"
async def main():
    app = web.Application(); setup(app, CookiesIdentityPolicy(), Policy())
    async def login(request):
        response = web.Response(text="in"); await remember(request, response, "ada"); return response
    async def index(request):
        return web.Response(text=await check_authorized(request))
    app.router.add_get("/login", login); app.router.add_get("/", index)
    async with TestClient(TestServer(app)) as client:
        before = (await client.get("/")).status; await client.get("/login"); r = await client.get("/"); text = await r.text()
        assert (before, text) == (401, "ada"), (before, text); print("ok 401 before login, then user", text)
asyncio.run(main())
""",
    ),
    ("aiohttp-cache", "aiohttp"): (
        "a view cached in memory (@cache()): the handler runs once for two GETs, through aiohttp's test client",
        """
import asyncio
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from aiohttp_cache import cache, setup_cache
async def main():
    app = web.Application(); setup_cache(app); n = []
    @cache()
    async def index(request):
        n.append(1); return web.json_response({"n": len(n)})
    app.router.add_get("/", index)
    async with TestClient(TestServer(app)) as client:
        await client.get("/"); r = await client.get("/"); data = await r.json()
        assert data == {"n": 1} and len(n) == 1, (data, n); print("ok handler ran once for 2 GETs")
asyncio.run(main())
""",
    ),
    ("aiohttp-csrf2", "aiohttp"): (
        "with the CSRF cookie set by a GET, a POST without the form token refused (403) and one with it accepted, through aiohttp's test client",
        """
import asyncio, aiohttp_csrf
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
async def main():
    app = web.Application()
    aiohttp_csrf.setup(app, policy=aiohttp_csrf.policy.FormPolicy("_csrf_token"), storage=aiohttp_csrf.storage.CookieStorage("csrf_token", secret_phrase="x"))
    app.middlewares.append(aiohttp_csrf.csrf_middleware)
    async def form(request):
        return web.Response(text=await aiohttp_csrf.generate_token(request))
    async def post(request):
        return web.Response(text="posted")
    app.router.add_get("/", form); app.router.add_post("/", post)
    async with TestClient(TestServer(app)) as client:
        token = await (await client.get("/")).text()
        refused = (await client.post("/", data={"name": "x"})).status
        token = await (await client.get("/")).text()
        ok = (await client.post("/", data={"_csrf_token": token})).status
        assert (refused, ok) == (403, 200), (refused, ok); print("ok with the cookie set, POST without token 403, with token 200")
asyncio.run(main())
""",
    ),
    ("aiohttp-apischema", "aiohttp"): (
        "a handler decorated with SCHEMA.api() answers and the /swagger/ page is served, through aiohttp's test client",
        """
import asyncio
from typing import Literal
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from aiohttp_apischema import APIResponse, SchemaGenerator
SCHEMA = SchemaGenerator()
@SCHEMA.api()
async def foo(request: web.Request) -> APIResponse[list[str], Literal[200]]:
    return APIResponse(["foo"])
async def main():
    app = web.Application(); app.router.add_get("/foo", foo); SCHEMA.setup(app)
    async with TestClient(TestServer(app)) as client:
        r = await client.get("/foo"); data = await r.json(); docs = (await client.get("/swagger/")).status
        assert (data, docs) == (["foo"], 200), (data, docs); print("ok /foo ->", data, "and /swagger/ 200")
asyncio.run(main())
""",
    ),
    ("aiohttp-babel", "aiohttp"): (
        "babel_middleware sets request.locale from Accept-Language, through aiohttp's test client",
        """
import asyncio
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from aiohttp_babel.middlewares import babel_middleware, _
async def main():
    app = web.Application(middlewares=[babel_middleware])
    async def index(request):
        return web.Response(text=str(request.locale))
    app.router.add_get("/", index)
    async with TestClient(TestServer(app)) as client:
        r = await client.get("/", headers={"Accept-Language": "de"}); text = await r.text(); assert text == "de", text; print("ok locale", text)
asyncio.run(main())
""",
    ),
    ("wireup", "aiohttp"): (
        "a service injected into a handler (Injected[Greeter]) by wireup.integration.aiohttp, through aiohttp's test client",
        """
import asyncio
import wireup, wireup.integration.aiohttp
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from wireup import Injected, injectable
@injectable
class Greeter:
    def greet(self, name: str) -> str:
        return f"Hello {name}"
async def index(request: web.Request, greeter: Injected[Greeter]) -> web.Response:
    return web.Response(text=greeter.greet("ada"))
async def main():
    app = web.Application(); app.router.add_get("/", index)
    container = wireup.create_async_container(injectables=[Greeter]); wireup.integration.aiohttp.setup(container, app)
    async with TestClient(TestServer(app)) as client:
        r = await client.get("/"); text = await r.text(); assert text == "Hello ada", text; print("ok injected:", text)
asyncio.run(main())
""",
    ),
    ("quart-babel", "quart"): (
        "a string translated from a compiled German catalog (gettext) in a request through Quart's test client",
        """
import asyncio, os, tempfile
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from quart import Quart
from quart_babel import Babel, gettext
root = tempfile.mkdtemp(); os.makedirs(f"{root}/de/LC_MESSAGES")
catalog = Catalog(locale="de"); catalog.add("Hello", "Hallo")
with open(f"{root}/de/LC_MESSAGES/messages.mo", "wb") as f: write_mo(f, catalog)
app = Quart(__name__); app.config["BABEL_TRANSLATION_DIRECTORIES"] = root
Babel(app, locale_selector=lambda: "de")
@app.get("/")
async def index():
    return gettext("Hello")
async def main():
    r = await app.test_client().get("/"); data = await r.get_data(); assert data == b"Hallo", data; print("ok Hello ->", data.decode())
asyncio.run(main())
""",
    ),
    ("quart-dishka", "quart"): (
        "a provider's value injected into a route (@inject, FromDishka) through Quart's test client",
        """
import asyncio
from dishka import FromDishka, Provider, Scope, make_async_container, provide
from quart import Quart
from quart_dishka import QuartDishka, inject
class StringProvider(Provider):
    @provide(scope=Scope.REQUEST)
    def greeting(self) -> str:
        return "Hello"
app = Quart(__name__); QuartDishka(app=app, container=make_async_container(StringProvider()))
@app.route("/")
@inject
async def hello(greeting: FromDishka[str]) -> str:
    return f"{greeting}, World!"
async def main():
    r = await app.test_client().get("/"); data = await r.get_data(); assert data == b"Hello, World!", data; print("ok injected:", data.decode())
asyncio.run(main())
""",
    ),
    ("quart-wtforms", "quart"): (
        "a CSRF token issued, a POST with it accepted and one without it refused, through Quart's test client",
        """
import asyncio
from quart import Quart, request
from quart_wtf import CSRFProtect
from quart_wtf.utils import generate_csrf
app = Quart(__name__); app.secret_key = "x"; CSRFProtect(app)
@app.route("/", methods=["GET", "POST"])
async def index():
    return generate_csrf() if request.method == "GET" else "posted"
async def main():
    c = app.test_client(); token = (await (await c.get("/")).get_data()).decode()
    ok = (await c.post("/", form={"csrf_token": token})).status_code; refused = (await c.post("/", form={})).status_code
    assert (ok, refused) == (200, 400), (ok, refused); print("ok POST with token 200, without 400")
asyncio.run(main())
""",
    ),
    ("starlette-babel", "starlette"): (
        "a string translated from a compiled German catalog, locale chosen by LocaleMiddleware from Accept-Language, through the test client",
        """
import os, tempfile
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient
from starlette_babel import LocaleMiddleware, get_translator, gettext
root = tempfile.mkdtemp(); os.makedirs(f"{root}/de/LC_MESSAGES")
catalog = Catalog(locale="de"); catalog.add("Hello", "Hallo")
with open(f"{root}/de/LC_MESSAGES/messages.mo", "wb") as f: write_mo(f, catalog)
get_translator().load_from_directories([root])
def index(request):
    return PlainTextResponse(gettext("Hello"))
app = Starlette(routes=[Route("/", index)], middleware=[Middleware(LocaleMiddleware, locales=["de", "en"], default_locale="en")])
r = TestClient(app).get("/", headers={"Accept-Language": "de"}); assert r.text == "Hallo", r.text; print("ok Accept-Language de: Hello ->", r.text)
""",
    ),
    ("starlette-wtf", "starlette"): (
        "the README's form: a POST without the CSRF token refused (403), one with it validated, through the test client",
        """
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient
from starlette_wtf import CSRFProtectMiddleware, StarletteForm, csrf_protect
from wtforms import StringField
from wtforms.validators import DataRequired
class MyForm(StarletteForm):
    name = StringField("name", validators=[DataRequired()])
@csrf_protect
async def index(request):
    form = await MyForm.from_formdata(request)
    if await form.validate_on_submit():
        return PlainTextResponse("SUCCESS")
    return PlainTextResponse(form.csrf_token.current_token)
app = Starlette(routes=[Route("/", methods=["GET", "POST"], endpoint=index)],
    middleware=[Middleware(SessionMiddleware, secret_key="x"), Middleware(CSRFProtectMiddleware, csrf_secret="y")])
c = TestClient(app); token = c.get("/").text
refused = c.post("/", data={"name": "ada"}).status_code; ok = c.post("/", data={"name": "ada", "csrf_token": token})
assert (refused, ok.status_code, ok.text) == (403, 200, "SUCCESS"), (refused, ok.status_code, ok.text); print("ok POST without token 403, with token SUCCESS")
""",
    ),
    ("piccolo", "starlette"): (
        "a table created over SQLite, a row saved and read in a Starlette handler through the test client",
        """
import asyncio, os, tempfile
from piccolo.columns import Varchar
from piccolo.engine.sqlite import SQLiteEngine
from piccolo.table import Table
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient
DB = SQLiteEngine(path=os.path.join(tempfile.mkdtemp(), "app.sqlite"))
class Band(Table, db=DB):
    name = Varchar(length=20)
async def index(request):
    band = await Band.objects().get(Band.name == "Pythonistas")
    return PlainTextResponse(band.name)
async def setup():
    await Band.create_table(); await Band(name="Pythonistas").save()
asyncio.run(setup())
r = TestClient(Starlette(routes=[Route("/", index)])).get("/"); assert r.text == "Pythonistas", r.text; print("ok row read in a handler:", r.text)
""",
    ),
    ("advanced-alchemy", "litestar"): (
        "SQLAlchemyPlugin over SQLite (aiosqlite): a row added and read through the injected db_session, via Litestar's test client",
        """
import os, tempfile
from litestar import Litestar, get
from litestar.testing import TestClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped
from advanced_alchemy.base import BigIntBase
from advanced_alchemy.extensions.litestar import SQLAlchemyAsyncConfig, SQLAlchemyPlugin
class User(BigIntBase):
    name: Mapped[str]
@get("/")
async def index(db_session: AsyncSession) -> str:
    db_session.add(User(name="ada")); await db_session.commit()
    return (await db_session.execute(select(User.name))).scalar_one()
config = SQLAlchemyAsyncConfig(connection_string="sqlite+aiosqlite:///" + os.path.join(tempfile.mkdtemp(), "test.sqlite"), create_all=True)
app = Litestar(route_handlers=[index], plugins=[SQLAlchemyPlugin(config=config)])
with TestClient(app) as c:
    r = c.get("/"); assert r.text == "ada", r.text; print("ok row added and read through the injected db_session:", r.text)
""",
    ),
    ("blacksheep-sqlalchemy", "blacksheep"): (
        "use_sqlalchemy over SQLite (aiosqlite): select 1 through the injected AsyncConnection, via BlackSheep's test client; also what the README's alias injection (db_connection) gives",
        """
import asyncio
from blacksheep import Application, get, text
from blacksheep.testing import TestClient
from blacksheepsqlalchemy import use_sqlalchemy
from sqlalchemy import text as sql
from sqlalchemy.ext.asyncio import AsyncConnection
app = Application(); use_sqlalchemy(app, connection_string="sqlite+aiosqlite://")
@get("/")
async def index(db_connection: AsyncConnection):
    async with db_connection:
        return text(str((await db_connection.execute(sql("select 1"))).scalar()))
@get("/alias")
async def alias(db_connection):
    return text(type(db_connection).__name__)
async def main():
    await app.start(); client = TestClient(app); r = await client.get("/"); body = await r.text()
    assert (r.status, body) == (200, "1"), (r.status, body)
    by_alias = await (await client.get("/alias")).text()
    print("ok select 1 through the AsyncConnection injected by type ->", body, "; by the alias db_connection alone the handler got", by_alias)
asyncio.run(main())
""",
    ),
    ("bottle-beaker", "bottle"): (
        "BeakerPlugin installed and a route taking the beaker keyword requested, through WSGI",
        """
import bottle, wsgiref.util
from bottle_beaker import BeakerPlugin
app = bottle.Bottle(catchall=False); app.install(BeakerPlugin())
@app.get("/")
def index(beaker):
    return beaker.__name__
environ = {}; wsgiref.util.setup_testing_defaults(environ); seen = []
body = b"".join(app(environ, lambda status, headers, exc_info=None: seen.append(status))).decode()
assert seen[0].startswith("200") and body == "beaker", (seen, body[-300:]); print("ok the route was given", body)
""",
    ),
    ("fastmigrate", "fasthtml"): (
        "create_db and run_migrations applying a .sql migration to a SQLite file; not a request",
        """
import os, sqlite3, tempfile
from fastmigrate import create_db, run_migrations
root = tempfile.mkdtemp(); migrations = os.path.join(root, "migrations"); os.makedirs(migrations)
with open(os.path.join(migrations, "0001-initialize.sql"), "w") as f: f.write("CREATE TABLE user (id INTEGER PRIMARY KEY, name TEXT);")
db = os.path.join(root, "app.db"); create_db(db)
assert run_migrations(db, migrations)
tables = [r[0] for r in sqlite3.connect(db).execute("select name from sqlite_master where type='table'")]
assert "user" in tables, tables; print("ok migration 0001 applied: tables", sorted(tables))
""",
    ),
    ("emmett-rest", "emmett"): (
        "a REST module over a model (SQLite): GET /tasks lists a created row, through Emmett's test client",
        """
import json, os, tempfile
os.chdir(tempfile.mkdtemp())
from emmett import App
from emmett.orm import Database, Field, Model
from emmett_rest import REST
class Task(Model):
    title = Field.string()
    is_completed = Field.bool()
app = App(__name__); app.config.db.uri = "sqlite://app.db"; app.config.db.auto_migrate = True
db = Database(app); db.define_models(Task); app.pipeline = [db.pipe]
app.use_extension(REST)
tasks = app.rest_module(__name__, "api_task", Task, url_prefix="tasks")
with db.connection():
    Task.create(title="Some task", is_completed=False); db.commit()
r = app.test_client().get("/tasks"); data = json.loads(r.data)
assert r.status == 200 and data["data"][0]["title"] == "Some task", (r.status, r.data[:300]); print("ok GET /tasks ->", data["meta"]["total_objects"], "task:", data["data"][0]["title"])
""",
    ),
    ("tgext-apispec", "turbogears"): (
        "get_spec() of a RestController served at /openapi, request through WebOb",
        """
import json, tg
from webob import Request
from tg import MinimalApplicationConfigurator, RestController, TGController, expose, validate
from tg.validation import Convert, RequireValue
from tgext.apispec.openapi import get_spec
class MoviesController(RestController):
    @expose("json")
    @validate({"title": RequireValue(), "year": Convert(int, default=None)})
    def post(self, title, year=None):
        '''Create a new movie.
        ---
        tags: [movies]
        responses:
          201:
            description: Movie created
        '''
        return {"title": title}
class Root(TGController):
    movies = MoviesController()
    @expose("json")
    def openapi(self):
        return get_spec(self, prefix=tg.url("/api")).to_dict()
cfg = MinimalApplicationConfigurator(); cfg.update_blueprint({"root_controller": Root()})
spec = json.loads(Request.blank("/openapi").get_response(cfg.make_wsgi_app()).text)
assert any("movies" in p for p in spec["paths"]), spec; print("ok /openapi lists", sorted(spec["paths"]))
""",
    ),
    ("tgext-tw2", "turbogears"): (
        "plugme() on a full-stack app: a tw2 IntValidator in @validate converts n=3 and reports n=abc as a validation error, request through WebOb",
        """
from webob import Request
import tgext.tw2, tw2.core
from tg import FullStackApplicationConfigurator, TGController, expose, request, validate
class Root(TGController):
    @expose()
    @validate({"n": tw2.core.IntValidator(required=True)})
    def index(self, n=None):
        errors = request.validation.errors
        return "invalid: " + ", ".join(sorted(errors)) if errors else f"n={n!r}"
cfg = FullStackApplicationConfigurator(); cfg.update_blueprint({"root_controller": Root(), "renderers": ["json"], "default_renderer": "json"})
tgext.tw2.plugme(cfg); app = cfg.make_wsgi_app({}, {})
good, bad = Request.blank("/?n=3").get_response(app).text, Request.blank("/?n=abc").get_response(app).text
assert (good, bad) == ("n=3", "invalid: n"), (good, bad[-400:]); print("ok a tw2 IntValidator: n=3 converted, n=abc reported as a validation error")
""",
    ),
    ("django-tasks-db", "django"): (
        "a task enqueued in a view through Django's test client, run by db_worker --batch, its result read back",
        """
import django
from django.conf import settings
settings.configure(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["*"], SECRET_KEY="x", INSTALLED_APPS=[
    "django.contrib.contenttypes", "django.contrib.auth", "django_tasks_db"],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}})
django.setup()
from django.core.management import call_command
from django.http import HttpResponse
from django.tasks import task
from django.test import Client
from django.urls import path
@task()
def add(a, b):
    return a + b
def enqueue(request):
    return HttpResponse(add.enqueue(1, 2).id)
urlpatterns = [path("enqueue/", enqueue)]
call_command("migrate", verbosity=0)
task_id = Client().get("/enqueue/").content.decode()
call_command("db_worker", batch=True, verbosity=0)
result = add.get_result(task_id)
assert (result.status.name, result.return_value) == ("SUCCESSFUL", 3), (result.status, result.return_value); print("ok task enqueued in a view, run by db_worker:", result.status.name, result.return_value)
""",
    ),
}
SMOKE[("tortoise-orm", "nicegui")] = SMOKE[("tortoise-orm", "starlette")]

# Packages a smoke test needs beside the framework and the extension.
SMOKE_EXTRA_DEPS: dict[tuple[str, str], list[str]] = {
    ("sanic-ext", "sanic"): ["sanic-testing"],
    ("flask-admin", "flask"): ["flask-sqlalchemy"],
    ("sqlalchemy", "fasthtml"): ["httpx"],
    # SQLite drivers their READMEs name for SQLite (piccolo[sqlite], aiosqlite).
    ("piccolo", "starlette"): ["piccolo[sqlite]"],
    ("advanced-alchemy", "litestar"): ["aiosqlite"],
    ("blacksheep-sqlalchemy", "blacksheep"): ["aiosqlite"],
}

# Why no smoke test exists for an extension (any framework), where one is not possible here.
NO_SMOKE: dict[str | tuple[str, str], str] = {
    (
        "starlette-admin",
        "reflex",
    ): "Reflex mounts it itself (rx.App(admin_dash=...)): a Reflex app needs its compile step",
    "flask-sock": "a WebSocket route: Flask's test client speaks no WebSocket",
    "gevent-websocket": "a WebSocket server: needs a running gevent server and a WebSocket client",
    "ws4py": "a WebSocket server: needs a running server and a WebSocket client",
    "channels": "a WebSocket consumer: needs an ASGI server and channels' own test communicator with a channel layer",
    "django-stubs": "type stubs and a mypy plugin: nothing runs in a request",
    "aiohttp-devtools": "a development server (adev runserver): nothing runs in a request",
    "fastapi-cli": "a command-line tool (fastapi dev/run) that starts a server",
    "fastapi-new": "a command-line tool that creates a project",
    "blacksheep-cli": "a command-line tool that creates a project",
    "gearbox": "a command-line tool (TurboGears' project commands)",
    "tg-devtools": "a command-line tool (gearbox quickstart templates)",
    "fastapi": "named for Reflex's api_transformer: running a Reflex app needs its compile step (Node)",
    "aiohttp-admin": "it cannot be imported on a supported Python, so nothing can run: 0.0.3 (2018) uses "
    "trafaret.IntRaw, gone from trafaret 2, and trafaret<2 (1.2.0) imports collections.Mapping, gone since Python 3.10",
    "gino": "GINO 1.0 supports only PostgreSQL, through asyncpg (its README), so its aiohttp quickstart "
    "(gino[aiohttp]: from gino.ext.aiohttp import Gino) needs a running PostgreSQL server, which this task does not start",
    "tgext-admin": "it cannot be imported with TurboGears 2.5, so nothing can run: with decorator, tw2.forms and "
    "setuptools<81 (pkg_resources) installed by hand, tgext.crud's class body calls a TG decorator that needs a "
    "request context (TypeError: No object (name: context) has been registered for this thread)",
}

_PRINT = threading.Lock()


def say(message: str) -> None:
    with _PRINT:
        print(message, flush=True)


# -- what the data names ---------------------------------------------------------------------------


def collect() -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """Extensions by normalised PyPI name, the ones without one, and the frameworks by slug."""
    extensions: dict[str, dict[str, Any]] = {}
    elsewhere: list[dict[str, Any]] = []
    frameworks: dict[str, dict[str, Any]] = {}
    for path in sorted(FRAMEWORKS.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        slug = data["slug"]
        frameworks[slug] = {"pypi": data["pypi"], "checked": str(data["checked"]["version"])}
        for key, fact in data.get("facts", {}).items():
            entries = list(fact.get("extensions", []))
            for history in fact.get("history", []):
                entries.extend(history.get("extensions", []))
            for entry in entries:
                use = {"framework": slug, "criterion": key, "support": fact.get("support")}
                if not entry.get("pypi"):
                    elsewhere.append(
                        {
                            "name": entry["name"],
                            "url": entry.get("url"),
                            **use,
                            "reason": "not a package on the registry (a template or repository): "
                            "nothing to install or import",
                        }
                    )
                    continue
                item = extensions.setdefault(
                    canonicalize_name(entry["pypi"]), {"pypi": entry["pypi"], "name": entry["name"], "uses": []}
                )
                if not any(u["framework"] == slug and u["criterion"] == key for u in item["uses"]):
                    item["uses"].append(use)
    return extensions, elsewhere, frameworks


# -- the registry ----------------------------------------------------------------------------------


def registry_json(name: str) -> dict[str, Any]:
    url = f"{REGISTRY}/pypi/{name}/json"
    for attempt in range(3):
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                data: dict[str, Any] = json.load(response)
                return data
        except OSError:
            if attempt == 2:
                raise
            time.sleep(2 * (attempt + 1))
    raise AssertionError("unreachable")


def registry_figures(data: dict[str, Any]) -> dict[str, Any]:
    """The figures the health file keeps, from one registry JSON document."""
    info = data["info"]
    latest = str(info["version"])
    files = data["releases"].get(latest) or data.get("urls") or []
    uploads = sorted(str(f["upload_time_iso_8601"])[:10] for f in files if f.get("upload_time_iso_8601"))
    status = [c.split("::", 1)[1].strip() for c in info.get("classifiers") or () if c.startswith("Development Status")]
    project_status = info.get("project_status") or data.get("project-status")
    if isinstance(project_status, dict):
        project_status = project_status.get("status")
    return {
        "latest_version": latest,
        "latest_upload": uploads[0] if uploads else None,
        "releases": sum(1 for v in data["releases"].values() if v),
        "requires_python": info.get("requires_python") or None,
        "development_status": status[-1] if status else None,
        "yanked": bool(info.get("yanked")) or (bool(files) and all(f.get("yanked") for f in files)),
        "project_status": project_status or None,
        "registry_requires_dist": list(info.get("requires_dist") or []),
    }


def latest_for_python(data: dict[str, Any], python: str) -> str | None:
    """The newest final, unyanked release whose files admit *python*."""
    best: Version | None = None
    for text, files in data["releases"].items():
        try:
            version = Version(text)
        except InvalidVersion:
            continue
        live = [f for f in files if not f.get("yanked")]
        if not live or version.is_prerelease or version.is_devrelease:
            continue
        spec = live[0].get("requires_python") or ""
        try:
            if spec and not SpecifierSet(spec).contains(python):
                continue
        except ValueError:
            continue
        if best is None or version > best:
            best = version
    return None if best is None else str(best)


def wheel_metadata(name: str, version: str, scratch: Path) -> tuple[list[str], str] | None:
    """``Requires-Dist`` of the release's wheel (``pip download --no-deps``), or None without a wheel."""
    target = scratch / canonicalize_name(name)
    command = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "-q",
        "--no-deps",
        "--only-binary=:all:",
        "--python-version",
        "3.13",
        "-d",
        str(target),
        f"{name}=={version}",
    ]
    if subprocess.run(command, capture_output=True, text=True, check=False).returncode != 0:
        return None
    wheels = sorted(target.glob("*.whl"))
    if not wheels:
        return None
    with zipfile.ZipFile(wheels[0]) as archive:
        meta = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        text = archive.read(meta).decode("utf-8")
    return requires_dist(text), wheels[0].name


def requires_dist(metadata: str) -> list[str]:
    """The ``Requires-Dist`` lines of a METADATA file."""
    message = email.parser.Parser().parsestr(metadata, headersonly=True)
    return [str(v) for v in message.get_all("Requires-Dist") or []]


def admission(lines: list[str], framework: str, release: str, python: str = "3.13.0") -> tuple[bool | None, str | None]:
    """Whether the requirements (without extras, on *python*) admit *framework* at *release*.

    ``(None, None)`` when they do not name the framework.
    """
    environment: dict[str, str] = {
        **{key: str(value) for key, value in default_environment().items()},
        "python_version": ".".join(python.split(".")[:2]),
        "python_full_version": python,
        "extra": "",
    }
    wanted = canonicalize_name(framework)
    for line in lines:
        try:
            requirement = Requirement(line)
        except InvalidRequirement:
            continue
        if canonicalize_name(requirement.name) != wanted:
            continue
        if requirement.marker is not None and not requirement.marker.evaluate(environment):
            continue
        return requirement.specifier.contains(release, prereleases=True), str(requirement)
    return None, None


# -- running it ------------------------------------------------------------------------------------

# Code run before the import: Django's contrib modules, which extensions import, need settings.
IMPORT_PRELUDE = {
    "django": (
        "import django; from django.conf import settings; settings.configure(INSTALLED_APPS=["
        "'django.contrib.contenttypes', 'django.contrib.auth'], DATABASES={'default': {"
        "'ENGINE': 'django.db.backends.sqlite3', 'NAME': ':memory:'}}); django.setup()"
    ),
}

IMPORT_SCRIPT = r"""
import importlib, importlib.metadata as md, json, sys, traceback
exec(sys.argv[2])
dist = md.distribution(sys.argv[1])
names = json.loads(sys.argv[3])
if not names:
    top = dist.read_text("top_level.txt")
    if top:
        names = [n.strip() for n in top.split() if n.strip()]
    else:
        for f in dist.files or ():
            parts = f.parts
            if len(parts) == 1 and parts[0].endswith(".py"):
                names.append(parts[0][:-3])
            elif len(parts) == 2 and parts[-1] == "__init__.py":
                names.append(parts[0])
    names = sorted({n.replace("/", ".") for n in names if not n.startswith("_")
                    and n not in ("tests", "test", "docs", "demo", "examples", "profiling")
                    and ".dist-info" not in n and not n.endswith(".data") and not n.endswith("-stubs")})
imported, namespaces, errors = [], [], []
for n in names:
    try:
        module = importlib.import_module(n)
    except BaseException:
        errors.append(traceback.format_exc())
        continue
    # A namespace package has no file: importing it proves nothing about the code beneath.
    (imported if getattr(module, "__file__", None) else namespaces).append(n)
print(json.dumps({"version": dist.version, "names": names, "imported": imported,
                  "namespaces": namespaces, "errors": errors}))
"""


# Throwaway paths in tracebacks (/tmp/exth-.../v/lib/python3.13/site-packages/, uv's build
# directories) would make every regeneration differ: they are shortened.
_SCRATCH = re.compile(r"/tmp/exth-[^/\s]+/v/lib/python3\.\d+/site-packages/|/root/\.cache/uv/builds-v0/\.tmp\w+")


def tail(text: str, lines: int = 6, limit: int = 700) -> str:
    """The last non-blank *lines* of *text*, at most *limit* characters, scratch paths shortened."""
    kept = [_SCRATCH.sub("", line) for line in text.strip().splitlines() if line.strip()][-lines:]
    joined = "\n".join(kept)
    return joined[-limit:]


# The packages a workaround may install, by import name. Only these: a distribution guessed from a
# module name can be another project altogether (the "tw" of ToscaWidgets is not PyPI's "tw").
_DISTRIBUTION_OF = {
    "decorator": "decorator",
    "greenlet": "greenlet",
    "jinja2": "Jinja2",
    "msgspec": "msgspec",
    "multipart": "python-multipart",
    "pydantic": "pydantic",
    "sqlalchemy": "SQLAlchemy",
    "trafaret": "trafaret",
    "typing_extensions": "typing-extensions",
    "werkzeug": "Werkzeug",
    "yaml": "PyYAML",
}
# Modules whose distribution dropped them: the requirement that still has them (setuptools 80.10.2
# has pkg_resources, 84.2.1 does not; seen in tgext.tw2's smoke test via tw2.core).
_REQUIREMENT_OF = {"pkg_resources": "setuptools<81"}
_MISSING = re.compile(r"No module named '([\w.]+)'")
_PIP_HINT = re.compile(r"pip install ([\w.\-]+(?:\[[\w,]+\])?)")
_FRAME = re.compile(r'File "([^"]+)"')
_TRY_INSTALLING = re.compile(r"try installing ([\w.\-]+) or ([\w.\-]+)")
_EXTRA_HINT = re.compile(r"include ([\w.\-]+) with \[(\w+)\] extra")
_CANNOT_IMPORT = re.compile(r"cannot import name '(\w+)' from '([\w.]+)'")
_NO_ATTRIBUTE = re.compile(r"module '([\w.]+)' has no attribute '(\w+)'")


def classify(
    error: str, step: str, own: list[str], framework_module: str, installed: dict[str, str]
) -> tuple[str, str | None, str | None]:
    """(failure class, what it concerns, a workaround step to try or None) from a run's output.

    *own* are the extension's own top-level modules; *framework_module* the framework's;
    *installed* maps normalised distribution names to the versions in the venv.
    The classes are those of `fwcompare.model.extension_health.Failure`.
    """
    if step == "install":
        if re.search(r"Failed to build|error: command|Failed building wheel|build backend", error):
            return "build", None, None
        if re.search(r"[Rr]equires-[Pp]ython|requires Python|python_version", error):
            return "python", None, None
        return "framework", None, None
    missing = _MISSING.search(error)
    if missing:
        top = missing.group(1).split(".")[0]
        if top not in own and top != framework_module:
            dist = _DISTRIBUTION_OF.get(top)
            if top in _REQUIREMENT_OF:
                return (
                    "undeclared-dependency",
                    f"{top} ({_REQUIREMENT_OF[top]})",
                    f"pip install '{_REQUIREMENT_OF[top]}'",
                )
            if dist is None:
                return "undeclared-dependency", f"the module {top}", None
            return "undeclared-dependency", dist, f"pip install {dist}"
    either = _TRY_INSTALLING.search(error)
    if either:
        # The quickstart needs one of two optional backends, neither installed by default (quart-schema).
        dist = _DISTRIBUTION_OF.get(either.group(1))
        return "undeclared-dependency", either.group(1), None if dist is None else f"pip install {dist}"
    if "greenlet" in error and "pip install" in error:
        return "undeclared-dependency", "greenlet", "pip install greenlet"
    extra = _EXTRA_HINT.search(error)
    if extra:
        # The error names an extra to install (django-tasks' "[compat]"): a declared extra it did not pull.
        wanted = f"{extra.group(1)}[{extra.group(2)}]"
        return "undeclared-dependency", wanted, f"pip install '{wanted}'"
    hint = _PIP_HINT.search(error)
    if hint and "[" in hint.group(1):
        # The error names the extra to install (django-tasks' "[compat]"): a declared extra it did not pull.
        return "undeclared-dependency", hint.group(1), f"pip install '{hint.group(1)}'"
    cannot = _CANNOT_IMPORT.search(error) or _NO_ATTRIBUTE.search(error)
    if cannot:
        module = (cannot.group(2) if cannot.re is _CANNOT_IMPORT else cannot.group(1)).split(".")[0]
        if module == framework_module:
            return "framework", None, None
        if module not in own:
            dist = canonicalize_name(_DISTRIBUTION_OF.get(module, module))
            version = installed.get(dist)
            if version is not None and module in _DISTRIBUTION_OF:
                # The API it needs is gone from today's release: try the previous major, as a user pins it.
                major = Version(version).major
                step_ = f"pip install '{dist}<{major}'" if major > 0 else None
                return "dependency", f"{dist} {version}", step_
    frames = _FRAME.findall(error)
    if frames and re.search(rf"(?:^|/){re.escape(framework_module)}(?:/|\.py$)", frames[-1]):
        # The innermost frame is the framework's own code: the extension calls it as this release does not allow.
        return "framework", None, None
    return "other", None, None


def installed_versions(py: str) -> dict[str, str]:
    """Normalised distribution name -> version, in the venv of interpreter *py*."""
    done = subprocess.run(
        [
            py,
            "-c",
            "import importlib.metadata as m, json; print(json.dumps({d.metadata['Name']: d.version for d in m.distributions()}))",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    if done.returncode != 0:
        return {}
    return {canonicalize_name(k): v for k, v in json.loads(done.stdout).items() if k}


def declared_extras(py: str, pypi: str) -> list[str]:
    """The extras (Provides-Extra) the installed distribution *pypi* declares, in the venv of *py*."""
    done = subprocess.run(
        [
            py,
            "-c",
            "import importlib.metadata as m, json, sys; print(json.dumps(m.metadata(sys.argv[1]).get_all('Provides-Extra') or []))",
            pypi,
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    return list(json.loads(done.stdout)) if done.returncode == 0 else []


def probe(
    py: str, pypi: str, framework: str, ext: str, work: Path, extras: list[str], uv: str, env: dict[str, str]
) -> dict[str, Any]:
    """Import the quickstart modules, then run the smoke test: what ran and what was seen."""
    seen: dict[str, Any] = {"imports": None, "works": None, "error": None, "step": None}
    done = subprocess.run(
        [py, "-c", IMPORT_SCRIPT, pypi, IMPORT_PRELUDE.get(framework, ""), json.dumps(QUICKSTART_IMPORTS.get(ext, []))],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        cwd=work,
    )
    if done.returncode != 0:
        seen.update(imports=False, error="import: " + tail(done.stderr), step="import")
        return seen
    found = json.loads(done.stdout.strip().splitlines()[-1])
    seen.update(version=found["version"], names=found["names"], imported=found["imported"])
    if found["errors"]:
        seen.update(imports=False, error="import: " + tail(found["errors"][0]), step="import")
        if (ext, framework) in NO_SMOKE or ext in NO_SMOKE:
            # Why no smoke test exists where the extension does not even import (aiohttp-admin).
            seen["no_smoke"] = NO_SMOKE.get((ext, framework)) or NO_SMOKE[ext]
        return seen
    seen["imports"] = True if found["imported"] else None
    smoke = SMOKE.get((ext, framework))
    if smoke is None:
        seen["no_smoke"] = NO_SMOKE.get((ext, framework)) or NO_SMOKE.get(
            ext, "no smoke test written for this pair yet: the run imports only"
        )
        return seen
    if extras:
        subprocess.run([uv, "pip", "install", "-q", "--python", py, *extras], capture_output=True, env=env, check=False)
    ran = subprocess.run([py, "-c", smoke[1]], capture_output=True, text=True, check=False, timeout=300, cwd=work)
    last = ran.stdout.strip().splitlines()[-1] if ran.stdout.strip() else ""
    seen["smoke"] = smoke[0]
    seen["works"] = ran.returncode == 0 and last.startswith("ok")
    if seen["works"]:
        seen["observed"] = last[2:].strip()[:200]
    else:
        # The whole output is classified (a server-side error is logged above the failed assert).
        seen.update(error="smoke test: " + tail(ran.stderr or ran.stdout), step="smoke", raw=ran.stderr + ran.stdout)
    return seen


def run_pair(
    ext: str,
    pypi: str,
    ext_version: str,
    framework: str,
    fw_pypi: str,
    fw_version: str | None,
    python: str,
    current: bool,
    uv: str,
    today: str,
    pinned: bool = False,
) -> dict[str, Any]:
    """Install the framework's release and the extension in a fresh venv; import; smoke-test; classify.

    *pinned* (a compatibility-matrix run) installs the pair as a user pins it, ``pip install
    Flask==2.2.5 Flask-Login==0.6.2``, and lets the resolver pick everything else today.
    """
    run: dict[str, Any] = {
        "framework": framework,
        "python": python,
        "date": today,
        "framework_version": fw_version,
        "extension_version": None,
        "installs": False,
        "latest_installs": False,
        "imports": None,
        "works": None,
        "error": None,
        "current": current,
        "pinned": pinned,
    }
    if fw_version is None:
        run["error"] = f"{fw_pypi} has no release for Python {python}"
        return run
    work = Path(tempfile.mkdtemp(prefix=f"exth-{ext}-{framework}-"))
    try:
        env = {**os.environ, "UV_NO_PROGRESS": "1", "VIRTUAL_ENV": ""}
        subprocess.run(
            [uv, "venv", "-q", "--python", PYTHONS[python], str(work / "v")], check=True, capture_output=True, env=env
        )
        py = str(work / "v" / "bin" / "python")
        extras = SMOKE_DEPS.get(framework, []) + SMOKE_EXTRA_DEPS.get((ext, framework), [])
        base = [uv, "pip", "install", "-q", "--python", py, f"{fw_pypi}=={fw_version}"]
        done = subprocess.run(
            [*base, f"{pypi}=={ext_version}"],
            capture_output=True,
            text=True,
            env=env,
            check=False,
            timeout=INSTALL_TIMEOUT,
        )
        if done.returncode == 0:
            run["latest_installs"] = True
        else:
            first = tail(done.stderr)
            if not pinned:
                done = subprocess.run(
                    [*base, pypi], capture_output=True, text=True, env=env, check=False, timeout=INSTALL_TIMEOUT
                )
            if pinned or done.returncode != 0:
                run["error"] = "install: " + first
                run["failure"], run["failure_subject"], _ = classify(first, "install", [], "", {})
                if run["failure"] == "framework":
                    run["failure_subject"] = f"{fw_pypi} {fw_version}"
                return run
            run["error"] = f"{pypi} {ext_version} does not install with {fw_pypi} {fw_version}: " + first
        run["installs"] = True
        seen = probe(py, pypi, framework, ext, work, extras, uv, env)
        run["extension_version"] = seen.get("version")
        for key in ("imported", "smoke", "observed", "no_smoke", "names"):
            if seen.get(key):
                run[key] = seen[key]
        run["imports"], run["works"] = seen["imports"], seen["works"]
        if seen["error"] is None:
            return run
        run["error"] = seen["error"]
        own = [n.split(".")[0] for n in seen.get("names", [])] + [
            n.split(".")[0] for n in QUICKSTART_IMPORTS.get(ext, [])
        ]
        framework_module = FRAMEWORK_MODULES.get(framework, framework)
        failure, subject, step = classify(
            seen.get("raw") or seen["error"], seen["step"], own, framework_module, installed_versions(py)
        )
        if failure == "framework":
            subject = f"{fw_pypi} {fw_version}"
        if failure == "undeclared-dependency" and subject in declared_extras(py, pypi):
            # A backend it offers as an extra (quart-schema[msgspec]) that its quickstart needs.
            failure, subject, step = "extra", f"{pypi}[{subject}]", f"pip install '{pypi}[{subject}]'"
        run["failure"], run["failure_subject"] = failure, subject
        steps: list[str] = []
        while step is not None and len(steps) < WORKAROUND_STEPS and step not in steps:
            # The workaround, tried: install the named package (or pin the dependency), then run again;
            # a second missing package found then is added to the same workaround.
            steps.append(step)
            requirement = step.split(" ", 2)[2].strip("'")
            fixed = subprocess.run(
                [uv, "pip", "install", "-q", "--python", py, requirement],
                capture_output=True,
                text=True,
                env=env,
                check=False,
                timeout=INSTALL_TIMEOUT,
            )
            again = probe(py, pypi, framework, ext, work, extras, uv, env) if fixed.returncode == 0 else None
            run["workaround"] = "; ".join(steps)
            run["works_with_workaround"] = bool(
                again and again["error"] is None and again["imports"] is not False and again["works"] is not False
            )
            if again is None or run["works_with_workaround"]:
                if again is not None:
                    for key in ("imported", "smoke", "observed", "no_smoke"):
                        if again.get(key):
                            run[key] = again[key]
                    run["works_after"] = again["works"]
                break
            run["error_after"] = again["error"]
            _, more, step = classify(
                again.get("raw") or again["error"], again["step"], own, framework_module, installed_versions(py)
            )
            if more and run["failure"] == "undeclared-dependency":
                run["failure_subject"] = f"{run['failure_subject']}, {more}"
        return run
    except subprocess.TimeoutExpired as exc:
        run["error"] = f"timed out: {exc.cmd!r}"[:300]
        return run
    finally:
        shutil.rmtree(work, ignore_errors=True)


# At most this many packages are installed, one after another, to make a failing run work.
WORKAROUND_STEPS = 3

# The framework's import name, to tell its errors from the extension's.
FRAMEWORK_MODULES = {
    "cherrypy": "cherrypy",
    "fasthtml": "fasthtml",
    "turbogears": "tg",
    "django": "django",
    "flask": "flask",
    "quart": "quart",
}


def find_uv() -> str:
    for candidate in (shutil.which("uv"), str(Path(sys.executable).parent / "uv")):
        if candidate and Path(candidate).exists():
            return candidate
    sys.exit("uv is needed: pip install --group bounds (or pip install uv)")


# The compatibility matrix: release series run beside the current one (the newest release of
# each, on the newest Python), as a user pins them; and extension releases pinned beside them.
MATRIX: dict[str, tuple[str, ...]] = {"flask": ("2.2", "2.3", "3.0", "3.1")}
MATRIX_PINS: dict[tuple[str, str], tuple[str, ...]] = {("flask-login", "flask"): ("0.6.2",)}


def newest_in_series(data: dict[str, Any], series: str) -> str | None:
    """The newest final, unyanked release of *series* ("2.2") in a registry document."""
    found = []
    for text, files in data["releases"].items():
        try:
            version = Version(text)
        except InvalidVersion:
            continue
        if version.is_prerelease or version.is_devrelease or not [f for f in files if not f.get("yanked")]:
            continue
        if f"{version.major}.{version.minor}" == series:
            found.append(version)
    return str(max(found)) if found else None


def mark_python_failures(runs: list[dict[str, Any]]) -> None:
    """A current run that failed on one Python while the same pair worked on another fails on that Python."""
    for r in runs:
        if not r.get("failure") or r["failure"] in ("undeclared-dependency", "python") or not r["current"]:
            continue
        others = [
            o
            for o in runs
            if o is not r
            and o["framework"] == r["framework"]
            and o["current"]
            and not o.get("failure")
            and o["framework_version"] == r["framework_version"]
            and o["installs"]
            and o["imports"] is not False
        ]
        if others:
            r["failure"], r["failure_subject"] = "python", ".".join(r["python"].split(".")[:2])


def check_all(
    extensions: dict[str, dict[str, Any]],
    frameworks: dict[str, dict[str, Any]],
    registry: dict[str, dict[str, Any]],
    workers: int,
    today: str,
    *,
    matrix: bool = True,
) -> None:
    """Run every (extension, framework, Python) install, and the matrix; results go into ``extensions[...]["runs"]``."""
    uv = find_uv()
    latest_fw = {
        slug: {py: latest_for_python(registry[canonicalize_name(fw["pypi"])], py) for py in PYTHONS}
        for slug, fw in frameworks.items()
    }
    jobs = []
    for ext, item in extensions.items():
        for slug in dict.fromkeys(u["framework"] for u in item["uses"]):
            fw = frameworks[slug]
            for py in PYTHONS:
                version = latest_fw[slug][py]
                current = version is not None and version == latest_fw[slug][NEWEST]
                jobs.append((ext, item["pypi"], item["latest_version"], slug, fw["pypi"], version, py, current, False))
            if not matrix:
                continue
            fw_data = registry[canonicalize_name(fw["pypi"])]
            for series in MATRIX.get(slug, ()):
                version = newest_in_series(fw_data, series)
                if version is None:
                    continue
                pins = (item["latest_version"], *MATRIX_PINS.get((ext, slug), ()))
                for pin in pins:
                    if version == latest_fw[slug][NEWEST] and pin == item["latest_version"]:
                        continue  # the current run already is this pair
                    jobs.append((ext, item["pypi"], pin, slug, fw["pypi"], version, NEWEST, False, True))
    say(f"{len(jobs)} installs, {workers} at a time")
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(run_pair, *job[:8], uv, today, job[8]): job for job in jobs}
        for number, future in enumerate(concurrent.futures.as_completed(futures), 1):
            job = futures[future]
            run = future.result()
            names = run.pop("names", None)
            if names and run["current"]:
                extensions[job[0]]["import_names"] = names
            if run["pinned"] and job[5] is not None:
                item = extensions[job[0]]
                lines = item.get("_requires", {}).get(job[2])
                if lines is None:
                    lines = release_requires(item["pypi"], job[2])
                    item.setdefault("_requires", {})[job[2]] = lines
                run["admits"], run["requirement"] = admission(lines, job[4], job[5])
            extensions[job[0]].setdefault("runs", []).append(run)
            failed = run["framework_version"] and (
                not run["installs"] or run["imports"] is False or run["works"] is False
            )
            state = "ok"
            if failed:
                state = "FAILS" if not run.get("works_with_workaround") else "WORKAROUND"
                state = f"{state} ({run.get('failure')} {run.get('failure_subject') or ''})".rstrip()
            works = {True: " works", False: " smoke FAILED", None: ""}[run["works"]]
            say(
                f"[{number}/{len(jobs)} {time.monotonic() - started:5.0f}s] {job[1]} {run['extension_version']} + "
                f"{job[4]} {job[5]} on {job[6]}{' (matrix)' if run['pinned'] else ''}: {state}{works}"
                + (f"\n      {run['error'].splitlines()[-1][:200]}" if run["error"] else "")
            )
    for item in extensions.values():
        item.pop("_requires", None)
        runs = item.get("runs", [])
        mark_python_failures(runs)
        runs.sort(
            key=lambda r: (
                r["framework"],
                not r["current"],
                Version(r["framework_version"] or "0"),
                Version(r["python"]),
                r["extension_version"] or "",
            )
        )


def release_requires(name: str, version: str) -> list[str]:
    """``Requires-Dist`` of one release, from its wheel's METADATA (empty without a wheel)."""
    with tempfile.TemporaryDirectory(prefix="exth-meta-") as scratch:
        found = wheel_metadata(name, version, Path(scratch))
    return [] if found is None else found[0]


def gather(only: list[str], workers: int, scratch: Path, *, wheels: bool = True) -> dict[str, Any]:
    """Registry figures and install runs for the extensions the data names (or *only* those).

    Without *wheels*, ``Requires-Dist`` comes from the registry's JSON instead of each wheel's
    METADATA: ``--check`` needs only the installs, and the downloads cost minutes.
    """
    today = datetime.date.today().isoformat()
    extensions, elsewhere, frameworks = collect()
    if only:
        wanted = {canonicalize_name(n) for n in only}
        extensions = {k: v for k, v in extensions.items() if k in wanted}
    registry: dict[str, dict[str, Any]] = {}
    names = [fw["pypi"] for fw in frameworks.values()] + [e["pypi"] for e in extensions.values()]
    say(f"reading the registry for {len(names)} distributions")

    def fetch(name: str) -> None:
        registry[canonicalize_name(name)] = registry_json(name)

    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(fetch, names))
    repositories = tomllib.loads(REPOSITORIES.read_text(encoding="utf-8"))
    for key, item in extensions.items():
        figures = registry_figures(registry[key])
        registry_requires = figures.pop("registry_requires_dist")
        item.update(figures)
        item["source"] = f"https://pypi.org/project/{item['pypi']}/"
        known = repositories.get(key)
        if known is not None:
            item["repository"] = {
                "url": known["url"],
                "last_commit": str(known["last_commit"]),
                "read": str(known["read"]),
                "how": "git log -1 --format=%cI in a snapshot of the repository (a lower bound: a snapshot can lag)",
                "archived": known.get("archived"),
            }
            if "statement" in known:
                item["statement"] = {k: str(v) for k, v in known["statement"].items()}
        item["checked"] = today
        found = wheel_metadata(item["pypi"], item["latest_version"], scratch) if wheels else None
        if found is None:
            why = "no wheel for the latest release" if wheels else "wheels not downloaded for --check"
            lines, item["metadata_source"] = registry_requires, f"registry JSON ({why})"
        else:
            lines, item["metadata_source"] = found[0], f"METADATA of {found[1]}"
        for use in item["uses"]:
            fw = frameworks[use["framework"]]
            use["framework_pypi"], use["checked_version"] = fw["pypi"], fw["checked"]
            use["admits"], use["requirement"] = admission(lines, fw["pypi"], fw["checked"])
        say(f"  {item['pypi']} {item['latest_version']} ({item['latest_upload']}), {item['metadata_source']}")
    check_all(extensions, frameworks, registry, workers, today, matrix=wheels)
    return {
        "generated": "by tasks/extension_health.py from the package registry and install runs; "
        "never edit by hand: re-run the task",
        "checked": today,
        "registry": REGISTRY,
        "pythons": list(PYTHONS),
        "frameworks": {
            slug: {
                "pypi": fw["pypi"],
                "checked": fw["checked"],
                "latest": {py: latest_for_python(registry[canonicalize_name(fw["pypi"])], py) for py in PYTHONS},
            }
            for slug, fw in frameworks.items()
        },
        "extensions": [extensions[k] for k in sorted(extensions)],
        "not_on_registry": elsewhere,
    }


# -- the CI check ----------------------------------------------------------------------------------


def unmarked_broken(document: dict[str, Any]) -> list[str]:
    """Recommended extensions recorded broken whose fact's note does not say so.

    A broken extension is marked when the note of the fact that recommends it
    names it (its display or PyPI name) and says "broken"; or when the fact no
    longer recommends it.
    """
    health = parse_extension_health(document)
    problems = []
    facts = {}
    for path in sorted(FRAMEWORKS.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        facts[data["slug"]] = data.get("facts", {})
    for key, entry in health.items():
        for use in entry.uses:
            status, _ = entry.status_for(use.framework)
            if status is not ExtensionStatus.BROKEN:
                continue
            reason = entry.observed(use.framework)
            fact = facts.get(use.framework, {}).get(use.criterion, {})
            named = {canonicalize_name(e.get("pypi") or "") for e in fact.get("extensions", [])}
            if key not in named:
                continue
            note = str(fact.get("note", "")).lower()
            if "broken" in note and (entry.name.lower() in note or entry.pypi.lower() in note):
                continue
            problems.append(
                f"{use.framework}.{use.criterion}: {entry.pypi} is broken ({reason}) "
                "and the fact's note does not say so"
            )
    return problems


def merge(previous: dict[str, Any], fresh: dict[str, Any]) -> dict[str, Any]:
    """*fresh* entries (from ``--only``) replace or join *previous* ones; entries no longer named go.

    The document's date stays the oldest run's, so that it never claims a check that did not happen.
    """
    named, elsewhere, _ = collect()
    by_name = {canonicalize_name(e["pypi"]): e for e in previous["extensions"]}
    by_name.update({canonicalize_name(e["pypi"]): e for e in fresh["extensions"]})
    merged = {**fresh, "checked": min(previous["checked"], fresh["checked"]), "not_on_registry": elsewhere}
    merged["extensions"] = [by_name[k] for k in sorted(by_name) if k in named]
    return merged


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="re-run the installs, write nothing, fail on unmarked")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", nargs="*", default=[], help="PyPI names (default: all)")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="exth-wheels-") as scratch:
        document = gather(args.only, args.workers, Path(scratch), wheels=not args.check)
    say(f"done in {time.monotonic() - started:.0f}s")
    if args.check:
        problems = unmarked_broken(document)
        for line in problems:
            say(f"UNMARKED: {line}")
        return 1 if problems else 0
    if args.only and args.output.exists():
        document = merge(json.loads(args.output.read_text(encoding="utf-8")), document)
    args.output.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    say(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
