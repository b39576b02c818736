"""Probes for py4web (distribution ``py4web``), a WSGI framework on ombott and pyDAL.

py4web loads *apps* (Python packages in an apps folder) and registers their
actions on ombott's default application. The probes write one small app to a
temporary apps folder, load it with py4web's own ``Reloader.import_app`` (as
``py4web run`` does) and call the ombott WSGI application in-process: a
request goes through py4web's routing, fixtures, templates and static route.
py4web has no test client. Nothing beyond py4web's own dependencies is needed.
"""

from __future__ import annotations

import functools
import io
from typing import Any

from fwcompare_probes import Observation, ProbeSet, security_headers_among
from fwcompare_probes._search import modules_with_word, names_containing, py_typed_in_record, walked_modules
from fwcompare_probes._wsgi import wsgi_get

probes = ProbeSet("py4web")
# Every criterion has a probe: absences are checked as missing modules or names.
probes.not_probeable = {}

_APP_NAME = "fwcprobe"

# The app's code: actions with the fixtures the probes exercise. It is written
# to apps/fwcprobe/__init__.py, so its module is apps.fwcprobe as py4web expects.
_APP_SOURCE = """
import itertools
import os
import uuid

from py4web import DAL, Cache, Field, Session, Translator, action
from py4web.utils.auth import Auth
from py4web.utils.form import Form
from pydal.validators import IS_INT_IN_RANGE

here = os.path.dirname(__file__)
session = Session(secret=str(uuid.uuid4()) + str(uuid.uuid4()))
db = DAL("sqlite://storage.sqlite", folder=os.path.join(here, "databases"))
auth = Auth(session, db, registration_requires_confirmation=False, password_complexity=None)
cache = Cache(size=100)
T = Translator(os.path.join(here, "translations"))
counter = itertools.count()


@action("index")
def index():
    return "hello"


@action("color/<name>")
def color(name):
    return "color " + name


@action("aview")
async def aview():
    return "async ok"


@action("put")
@action.uses(session)
def put():
    session["k"] = "v"
    return "set"


@action("get")
@action.uses(session)
def get():
    return str(session.get("k"))


@action("page")
@action.uses("t.html")
def page():
    return dict(x="<b>")


@action("form", method=["GET", "POST"])
@action.uses(session)
def form():
    f = Form([Field("age", "integer", requires=IS_INT_IN_RANGE(0, 200))], csrf_session=session, form_name="f")
    if f.accepted:
        return "accepted %s" % f.vars.get("age")
    if f.errors:
        return "errors %s" % sorted(f.errors)
    return str(f)


@action("cached")
@cache.memoize(expiration=60)
def cached():
    return "n=%s" % next(counter)


@action("hello")
@action.uses(T)
def hello():
    return str(T("Hello"))
"""

_STATE: dict[str, Any] = {}


def _load() -> Any:
    """Write and load the probe app once; return the ombott WSGI application."""
    if "app" in _STATE:
        return _STATE["app"]
    import atexit
    import contextlib
    import json
    import os
    import shutil
    import tempfile

    folder = tempfile.mkdtemp(prefix="fwcompare-py4web-")
    atexit.register(shutil.rmtree, folder, True)
    app_dir = os.path.join(folder, _APP_NAME)
    for sub in ("static", "templates", "translations", "databases"):
        os.makedirs(os.path.join(app_dir, sub))
    with open(os.path.join(folder, "__init__.py"), "w") as fh:
        fh.write("")
    with open(os.path.join(app_dir, "__init__.py"), "w") as fh:
        fh.write(_APP_SOURCE)
    with open(os.path.join(app_dir, "static", "a.css"), "w") as fh:
        fh.write("body{}")
    with open(os.path.join(app_dir, "templates", "t.html"), "w") as fh:
        fh.write("<p>[[=x]]</p>")
    with open(os.path.join(app_dir, "translations", "fr.json"), "w") as fh:
        json.dump({"Hello": {"0": "Bonjour"}}, fh)
    os.environ["PY4WEB_APPS_FOLDER"] = folder
    from py4web.core import Reloader, bottle

    # import_app reports progress with click.echo: keep the probe's stdout clean.
    with contextlib.redirect_stdout(io.StringIO()):
        Reloader.import_apps()
    error = Reloader.ERRORS.get(_APP_NAME)
    if error:
        raise RuntimeError("the probe app failed to load: " + error[-800:])
    _STATE["app"] = bottle.default_app()
    _STATE["module"] = Reloader.MODULES[_APP_NAME]
    return _STATE["app"]


def _call(
    path: str, method: str = "GET", body: bytes = b"", headers: dict[str, str] | None = None
) -> tuple[str, list[tuple[str, str]], bytes]:
    """Send one request to the loaded app through WSGI; return (status, headers, body)."""
    import logging

    app = _load()
    # py4web logs the traceback of a failing action at ERROR level: the probe reports it itself.
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.CRITICAL)
    try:
        return wsgi_get(app, "/" + _APP_NAME + path, method, body=body, environ=headers)
    finally:
        root.setLevel(level)


def _cookie(headers: list[tuple[str, str]]) -> str:
    return next((v for k, v in headers if k.lower() == "set-cookie"), "").split(";", 1)[0]


def _module_names() -> list[str]:
    return walked_modules("py4web")


def _absent(words: tuple[str, ...], what: str) -> Observation:
    import py4web

    found = modules_with_word(_module_names(), *words)
    found += names_containing(py4web, *words)
    return Observation(
        present=bool(found),
        detail=f"py4web modules and top-level names containing {words}: {found or 'none'} ({what})",
    )


@probes.register("interface")
def interface() -> Observation:
    status, _, body = _call("/index")
    return Observation(
        present=True,
        detail=f"an app action through ombott's default_app() as WSGI (environ, start_response): {status} {body!r}",
        value=("WSGI",) if status.startswith("200") and body == b"hello" else (),
    )


@probes.register("routing")
def routing() -> Observation:
    status, _, body = _call("/color/red")
    tables = [n for n in ("add_url_rule", "add_route", "url_map") if hasattr(_STATE["module"], n)]
    return Observation(
        present=True,
        detail=f"@action('color/<name>') -> {status} {body!r}; route-table APIs: {tables or 'none'}",
        value=("decorators",) if status.startswith("200") and body == b"color red" else (),
    )


@probes.register("async_views")
def async_views() -> Observation:
    import gc
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        status, _, body = _call("/aview")
        gc.collect()
    return Observation(
        present=status.startswith("200") and body == b"async ok",
        detail=f"GET of an 'async def' action: {status} (body starts {body[:30]!r})",
    )


@probes.register("websockets")
def websockets() -> Observation:
    from py4web import server_adapters

    adapters = sorted(getattr(server_adapters, "available", {}))
    unavailable = sorted(getattr(server_adapters, "unavailable", []))
    own = [n for n in _module_names() if "websocket" in n and "adapter" not in n]
    return Observation(
        present=bool(own),
        detail=f"WebSocket modules other than server adapters: {own or 'none'}; server adapters available: "
        f"{adapters}; unavailable (missing packages): {unavailable}",
    )


@probes.register("background_tasks")
def background_tasks() -> Observation:
    try:
        from pydal.tools.scheduler import Scheduler
    except ImportError as exc:
        return Observation(present=False, detail=f"pydal.tools.scheduler: {exc}")
    methods = [m for m in ("register_task", "enqueue_run", "start") if hasattr(Scheduler, m)]
    return Observation(
        present=len(methods) == 3,
        detail=f"pydal.tools.scheduler.Scheduler (installed with py4web) methods: {methods}",
    )


@probes.register("dependency_injection")
def dependency_injection() -> Observation:
    from py4web.core import Fixture

    hooks = [h for h in ("on_request", "on_success", "on_error") if hasattr(Fixture, h)]
    injectors = [n for n in _module_names() if "inject" in n]
    status, _, body = _call("/get")
    return Observation(
        present=bool(hooks),
        detail=f"fixtures declared per action with @action.uses (hooks {hooks}); an action using the session "
        f"fixture -> {status} {body!r}; argument injection modules: {injectors or 'none'} (partial)",
    )


@probes.register("orm")
def orm() -> Observation:
    module = _load() and _STATE["module"]
    db = module.db
    db.define_table("probe_thing", _field("name"))
    db.probe_thing.insert(name="x")
    count = db(db.probe_thing.name == "x").count()
    return Observation(
        present=count == 1,
        detail=f"py4web.DAL (pyDAL) table insert and query: count -> {count} ({type(db).__mro__[1].__module__})",
    )


def _field(name: str) -> Any:
    from py4web import Field

    return Field(name)


@probes.register("migrations")
def migrations() -> Observation:
    module = _load() and _STATE["module"]
    db = module.db
    db.define_table("probe_mig", _field("a"))
    db.probe_mig.insert(a="1")
    db.define_table("probe_mig", _field("a"), _field("b"), redefine=True)
    db.probe_mig.insert(a="2", b="x")
    columns = [r[1] for r in db.executesql("PRAGMA table_info(probe_mig)")]
    return Observation(
        present="b" in columns,
        detail=f"table redefined with a new field: the database columns became {columns} (pyDAL automatic migration)",
    )


@probes.register("admin")
def admin() -> Observation:
    import os

    import py4web

    assets = os.path.join(os.path.dirname(py4web.__file__), "assets")
    zips = sorted(os.listdir(assets)) if os.path.isdir(assets) else []
    return Observation(
        present=any("_dashboard" in z for z in zips),
        detail=f"apps bundled with the package (installed by 'py4web setup'): {zips}; the Dashboard app is a "
        "developer IDE with database CRUD (partial)",
    )


def _form_round() -> tuple[str, str, str, str]:
    import re
    import urllib.parse

    _, headers, body = _call("/form")
    page = body.decode()
    cookie = _cookie(headers)
    key = re.search(r'name="_formkey"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="_formkey"', page)
    formkey = (key.group(1) or key.group(2)) if key else ""
    form_headers = {"CONTENT_TYPE": "application/x-www-form-urlencoded", "HTTP_COOKIE": cookie}

    def post(fields: dict[str, str]) -> str:
        data = urllib.parse.urlencode(fields).encode()
        return _call("/form", "POST", data, form_headers)[2].decode()

    no_key = post({"age": "7", "_formname": "f"})
    good = post({"age": "7", "_formname": "f", "_formkey": formkey})
    bad = post({"age": "seven", "_formname": "f", "_formkey": formkey})
    return page, no_key, good, bad


@probes.register("forms")
def forms() -> Observation:
    page, _, good, bad = _form_round()
    rendered = "<form" in page and 'name="age"' in page
    return Observation(
        present=rendered and good.startswith("accepted 7") and bad.startswith("errors"),
        detail=f"Form([Field('age', 'integer', IS_INT_IN_RANGE)]) renders a <form>: {rendered}; "
        f"valid POST -> {good[:40]!r}; invalid -> {bad[:40]!r}",
    )


@probes.register("templating")
def templating() -> Observation:
    status, _, body = _call("/page")
    from py4web import core

    engine = core.Renoir.__mro__[1].__module__ if hasattr(core, "Renoir") else "yatl"
    return Observation(
        present=status.startswith("200") and body.startswith(b"<p>"),
        detail=f"@action.uses('t.html') with '<p>[[=x]]</p>' -> {status} {body!r}; renderer class from {engine}",
    )


@probes.register("template_autoescape")
def template_autoescape() -> Observation:
    _, _, body = _call("/page")
    return Observation(present=body == b"<p>&lt;b&gt;</p>", detail=f"[[=x]] with x='<b>' -> {body!r}")


@probes.register("auth")
def auth() -> Observation:
    module = _load() and _STATE["module"]
    auth_ = module.auth
    result = auth_.register(
        {
            "username": "ann",
            "email": "ann@example.com",
            "password": "correct horse battery staple 42!",
            "first_name": "Ann",
            "last_name": "Probe",
        },
        send=False,
    )
    stored = module.db(module.db.auth_user.email == "ann@example.com").select().first()
    hashed = bool(stored) and not str(stored.password).startswith("correct horse")
    user, error = auth_.login("ann@example.com", "correct horse battery staple 42!")
    _, wrong = auth_.login("ann@example.com", "nope")
    return Observation(
        present=bool(user) and hashed and bool(wrong),
        detail=f"Auth.register -> {sorted(result)}; password stored hashed: {hashed}; login with the password -> "
        f"user {bool(user)} (error {error!r}); wrong password -> {wrong!r}",
    )


@probes.register("csrf")
def csrf() -> Observation:
    page, no_key, good, _ = _form_round()
    has_key = "_formkey" in page
    return Observation(
        present=has_key and not no_key.startswith("accepted") and good.startswith("accepted"),
        detail=f"form with csrf_session carries _formkey: {has_key}; POST without it -> {no_key[:30]!r}; "
        f"with it -> {good[:30]!r}",
    )


@probes.register("sessions")
def sessions() -> Observation:
    _, headers, _ = _call("/put")
    _, _, body = _call("/get", headers={"HTTP_COOKIE": _cookie(headers)})
    return Observation(
        present=body == b"v",
        detail=f"session['k'] = 'v' then read with the cookie (signed cookie session) -> {body!r}",
    )


@probes.register("security_headers")
def security_headers() -> Observation:
    _, headers, _ = _call("/index")
    got = security_headers_among(k for k, _ in headers)
    return Observation(
        present=bool(got), detail=f"response headers: {[k for k, _ in headers]}; security headers: {got or 'none'}"
    )


@probes.register("i18n")
def i18n() -> Observation:
    _, headers, body = _call("/hello", headers={"HTTP_ACCEPT_LANGUAGE": "fr"})
    language = next((v for k, v in headers if k.lower() == "content-language"), "")
    return Observation(
        present=body == b"Bonjour",
        detail=f"T('Hello') with translations/fr.json and Accept-Language: fr -> {body!r} "
        f"(Content-Language {language!r})",
    )


@probes.register("caching")
def caching() -> Observation:
    from py4web import Cache

    _, _, first = _call("/cached")
    _, _, second = _call("/cached")
    backends = [n for n in ("backend", "storage", "redis", "memcache") if hasattr(Cache, n)]
    return Observation(
        present=first == second,
        detail=f"@cache.memoize action called twice -> {first!r}, {second!r}; pluggable backend hooks on Cache: "
        f"{backends or 'none'} (partial: in RAM)",
    )


@probes.register("static_files")
def static_files() -> Observation:
    status, headers, body = _call("/static/a.css")
    ctype = next((v for k, v in headers if k.lower() == "content-type"), "")
    return Observation(
        present=status.startswith("200") and body == b"body{}",
        detail=f"apps/{_APP_NAME}/static/a.css at /{_APP_NAME}/static/a.css -> {status} {ctype} {body!r}",
    )


def _help(*args: str) -> tuple[int, str]:
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "py4web", *args], capture_output=True, text=True, timeout=60)
    return proc.returncode, proc.stdout + proc.stderr


@probes.register("cli")
def cli() -> Observation:
    import re

    code, text = _help("--help")
    commands = sorted(set(re.findall(r"^\s{2}([a-z_]+)\s", text, re.M)))
    return Observation(
        present=code == 0 and "run" in commands,
        detail=f"python -m py4web --help -> exit {code}; commands: {commands}",
    )


@probes.register("project_scaffold")
def project_scaffold() -> Observation:
    code, text = _help("new_app", "--help")
    return Observation(
        present=code == 0 and "scaffold" in text.lower(),
        detail=f"python -m py4web new_app --help -> exit {code}: {' '.join(text.split())[:160]!r}",
    )


probes.register("type_hints")(functools.partial(py_typed_in_record, "py4web"))


# The probes that are one call of _absent, by criterion.
probes.register_each(
    _absent,
    {
        "sitemaps": (("sitemap",), "no sitemaps"),
        "syndication": (("feed", "rss", "atom", "syndicat"), "no feeds"),
        "openapi": (("openapi", "swagger"), "no OpenAPI generation"),
        "test_client": (("testclient", "test", "client"), "py4web's own tests drive a running server"),
    },
)
