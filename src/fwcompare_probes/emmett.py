"""Probes for Emmett (distribution ``emmett``), a full-stack framework served by Granian.

Requests go through Emmett's own test client (``app.test_client()``, which
drives the app's RSGI interface in-process since 2.6) or, where noted, one ASGI
call (``fwcompare_probes._asgi``). Each probe builds an ``App`` rooted in a
temporary directory that holds its templates, static files and translation
files. Since 2.6 much of the framework lives in the ``emmett-core``
distribution (a dependency), so names are searched in both packages.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import pkgutil
import re
import tempfile
from importlib import metadata
from typing import Any

from fwcompare_probes import Observation, ProbeSet, security_headers_among

probes = ProbeSet("emmett")
# Every criterion has a probe: absences are checked as missing modules and names.
probes.not_probeable = {}

_counter = itertools.count()


def _app(files: dict[str, str] | None = None, **kwargs: Any) -> Any:
    """A fresh App with a unique name, rooted in a new temporary directory
    that holds *files* (relative path -> text)."""
    from emmett import App

    root = tempfile.mkdtemp(prefix="fwcompare-emmett-")
    for name, text in (files or {}).items():
        path = os.path.join(root, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
    return App(f"fwcompare_probe_{next(_counter)}", root_path=root, **kwargs)


def _packages() -> list[Any]:
    import emmett

    packages = [emmett]
    try:
        import emmett_core
    except ImportError:  # before 2.6 everything was in emmett
        pass
    else:
        packages.append(emmett_core)
    return packages


def _names(*words: str) -> list[str]:
    """Module names of emmett (and emmett_core), and public names of emmett and
    App, containing one of *words* (case-insensitive)."""
    import emmett

    found = set()
    for package in _packages():
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if any(w in info.name.rsplit(".", 1)[-1].lower() for w in words):
                found.add(info.name)
    for holder in (emmett, emmett.App):
        for name in dir(holder):
            if not name.startswith("_") and any(w in name.lower() for w in words):
                found.add(name)
    return sorted(found)


def _absent(words: tuple[str, ...], what: str, ignore: tuple[str, ...] = ()) -> Observation:
    found = [n for n in _names(*words) if n not in ignore]
    return Observation(
        present=bool(found),
        detail=f"searched emmett/emmett_core modules and emmett/App names for {words}: "
        f"{found or 'no such names'} ({what})",
    )


def _asgi(app: Any, path: str) -> tuple[Any, list[tuple[bytes, bytes]], bytes]:
    from fwcompare_probes._asgi import asgi_get

    sent = asyncio.run(asgi_get(app, path))
    start = next((m for m in sent if m["type"] == "http.response.start"), {})
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start.get("status"), list(start.get("headers", [])), body


@probes.register("interface")
def interface() -> Observation:
    app = _app()

    @app.route("/")
    async def index() -> str:
        return "ok"

    status, _, body = _asgi(app, "/")
    tags = ["ASGI"] if (status, body) == (200, b"ok") else []
    rsgi = hasattr(app, "__rsgi__")
    own = [n for n in ("run", "serve") if callable(getattr(app, n, None))]
    if own:
        tags.append("own-server")
    return Observation(
        present=True,
        detail=f"one ASGI GET / -> {status} {body!r}; App.__rsgi__ (Granian's RSGI) present: {rsgi}; "
        f"App.run/serve: {own or 'none'} (emmett serve starts Granian)",
        value=tuple(tags),
    )


@probes.register("routing")
def routing() -> Observation:
    app = _app()

    @app.route("/deco/<str:name>")
    async def deco(name: str) -> str:
        return "deco " + name

    response = app.test_client().get("/deco/x")
    table = [n for n in ("add_route", "add_url_rule", "routes") if callable(getattr(app, n, None))]
    tags = ["decorators"] if (response.status, response.data) == (200, "deco x") else []
    if table:
        tags.append("route-table")
    return Observation(
        present=True,
        detail=f"@app.route('/deco/<str:name>') -> {response.status} {response.data!r}; "
        f"route-table methods on App: {table or 'none'}",
        value=tuple(tags),
    )


@probes.register("async_views")
def async_views() -> Observation:
    app = _app()

    @app.route("/")
    async def index() -> str:
        await asyncio.sleep(0)
        return "async ok"

    response = app.test_client().get("/")
    return Observation(
        present=(response.status, response.data) == (200, "async ok"),
        detail=f"'async def' route awaiting asyncio.sleep(0) -> {response.status} {response.data!r}",
    )


@probes.register("websockets")
def websockets() -> Observation:
    from emmett import websocket

    app = _app()

    @app.websocket("/ws")
    async def echo() -> None:
        message = await websocket.receive()
        await websocket.send("echo " + message)

    inbound: list[dict[str, Any]] = [
        {"type": "websocket.connect"},
        {"type": "websocket.receive", "text": "hi"},
        {"type": "websocket.disconnect", "code": 1000},
    ]
    sent: list[dict[str, Any]] = []

    async def go() -> None:
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        for message in inbound:
            queue.put_nowait(message)

        async def receive() -> dict[str, Any]:
            return await queue.get()

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        scope = {
            "type": "websocket",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "scheme": "ws",
            "path": "/ws",
            "raw_path": b"/ws",
            "root_path": "",
            "query_string": b"",
            "headers": [(b"host", b"testserver")],
            "client": ("127.0.0.1", 50000),
            "server": ("testserver", 80),
            "subprotocols": [],
        }
        try:
            await asyncio.wait_for(app(scope, receive, send), 5)
        except KeyError as exc:
            # 2.8.2 registers its ASGI websocket handler under "ws", while ASGI
            # scopes say "websocket": app(scope) raises KeyError. Call the
            # handler Emmett registered for websockets directly instead.
            direct.append(f"app(scope) -> KeyError {exc}")
            await asyncio.wait_for(app._asgi_handlers["ws"](scope, receive, send), 5)

    direct: list[str] = []
    asyncio.run(go())
    texts = [m.get("text") for m in sent if m["type"] == "websocket.send"]
    how = f"{direct[0]}; app._asgi_handlers['ws'] called" if direct else "app(scope, receive, send)"
    return Observation(
        present=texts == ["echo hi"],
        detail=f"@app.websocket('/ws') over ASGI ({how}): sent 'hi', messages back {[m['type'] for m in sent]} {texts}",
    )


@probes.register("background_tasks")
def background_tasks() -> Observation:
    return _absent(("background", "add_task", "spawn"), "no background-task API")


@probes.register("dependency_injection")
def dependency_injection() -> Observation:
    # Injectors (emmett.Injector) add helpers to template contexts, not handler arguments.
    return _absent(("depend", "provide", "service_provider"), "no handler dependency injection")


def _db_app() -> tuple[Any, Any, Any]:
    from emmett.orm import Database, Field, Model

    app = _app()
    app.config.db.uri = "sqlite://" + os.path.join(app.root_path, "probe.sqlite")

    class Task(Model):
        name = Field.string()

    db = Database(app, auto_migrate=True)
    db.define_models(Task)
    app.pipeline = [db.pipe]
    return app, db, Task


@probes.register("orm")
def orm() -> Observation:
    app, db, task = _db_app()

    @app.route("/")
    async def index() -> str:
        task.create(name="first")
        return ",".join(row.name for row in task.all().select())

    response = app.test_client().get("/")
    return Observation(
        present=(response.status, response.data) == (200, "first"),
        detail=f"emmett.orm Model + Database (SQLite): Task.create then Task.all().select() in a route -> "
        f"{response.status} {response.data!r} (adapter: {type(db._adapter).__name__})",
    )


@probes.register("migrations")
def migrations() -> Observation:
    from emmett.orm import Database, Field, Model
    from emmett.orm.migrations.commands import generate

    app = _app()
    app.config.db.uri = "sqlite://" + os.path.join(app.root_path, "probe.sqlite")

    class Task(Model):
        name = Field.string()

    db = Database(app, auto_migrate=False)
    db.define_models(Task)
    generate(app, [db], "initial", "head")  # what 'emmett migrations generate' runs
    folder = os.path.join(app.root_path, "migrations")
    scripts = sorted(f for f in os.listdir(folder) if f.endswith(".py")) if os.path.isdir(folder) else []
    text = ""
    if scripts:
        with open(os.path.join(folder, scripts[0]), encoding="utf-8") as fh:
            text = fh.read()
    creates = "create_table" in text and "'tasks'" in text
    return Observation(
        present=creates,
        detail=f"migrations generate from a Task model -> scripts {scripts}; creates the tasks table: {creates}",
    )


@probes.register("admin")
def admin() -> Observation:
    return _absent(("admin",), "no admin interface")


def _form_app() -> Any:
    from emmett.forms import Form
    from emmett.orm import Field
    from emmett.sessions import SessionManager

    app = _app()
    app.pipeline = [SessionManager.cookies("fwcompare-probe-secret-key")]

    @app.route("/", methods=["get", "post"])
    async def index() -> str:
        form = await Form({"name": Field(validation={"len": {"gt": 2}})})
        if form.accepted:
            return "accepted " + form.params.name
        return str(form)

    return app


def _token(html: str) -> str:
    match = re.search(r'name="_csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="_csrf_token"', html
    )
    return match.group(1) if match else ""


@probes.register("forms")
def forms() -> Observation:
    client = _form_app().test_client()
    page = client.get("/").data
    token = _token(page)
    short = client.post("/", data={"name": "ab", "_csrf_token": token}).data
    good = client.post("/", data={"name": "ada", "_csrf_token": _token(short)}).data
    has_input = 'name="name"' in page
    return Observation(
        present="<form" in page and has_input and good == "accepted ada" and "accepted" not in short,
        detail=f"Form({{'name': Field(validation=...)}}) renders <form> with an input: {has_input}; "
        f"a too-short value -> form shown again: {'<form' in short}; a valid one -> {good!r}",
    )


@probes.register("templating")
def templating() -> Observation:
    app = _app({"templates/page.html": "<p>{{ =word }}</p>"})

    @app.route("/", template="page.html")
    async def index() -> dict[str, str]:
        return {"word": "hello"}

    response = app.test_client().get("/")
    engine = type(app.templater).__module__
    return Observation(
        present=(response.status, response.data.strip()) == (200, "<p>hello</p>"),
        detail=f"route with template='page.html' -> {response.status} {response.data!r}; templater from {engine}",
        value="Renoir" if "renoir" in engine or "templating" in engine else engine,
    )


@probes.register("template_autoescape")
def template_autoescape() -> Observation:
    app = _app({"templates/page.html": "<p>{{ =word }}</p>", "templates/page.txt": "{{ =word }}"})

    @app.route("/html", template="page.html")
    async def html() -> dict[str, str]:
        return {"word": "<b>x</b>"}

    @app.route("/txt", template="page.txt")
    async def txt() -> dict[str, str]:
        return {"word": "<b>x</b>"}

    client = app.test_client()
    out = {"page.html": client.get("/html").data.strip(), "page.txt": client.get("/txt").data.strip()}
    return Observation(
        present="&lt;b&gt;" in out["page.html"],
        detail=f"{{{{ =word }}}} with '<b>x</b>': {out}",
    )


@probes.register("auth")
def auth() -> Observation:
    from emmett.tools.auth import Auth, AuthUser

    fields = sorted(n for n in ("email", "password", "first_name") if hasattr(AuthUser, n))
    routes = sorted(n for n in ("login", "logout", "registration", "password_reset") if n in str(Auth.__dict__))
    return Observation(
        present=bool(fields) and "password" in fields,
        detail=f"emmett.tools.auth: AuthUser model fields {fields}; Auth module names mentioning {routes} "
        "(the module creates user tables and login, logout, registration and password routes)",
    )


@probes.register("csrf")
def csrf() -> Observation:
    client = _form_app().test_client()
    page = client.get("/").data
    token = _token(page)
    without = client.post("/", data={"name": "ada"}).data
    with_token = client.post("/", data={"name": "ada", "_csrf_token": token}).data
    return Observation(
        present=bool(token) and "accepted" not in without and with_token == "accepted ada",
        detail=f"form token rendered: {bool(token)}; POST without it -> accepted: {'accepted' in without}; "
        f"with it -> {with_token!r}",
    )


@probes.register("sessions")
def sessions() -> Observation:
    from emmett import session
    from emmett.sessions import SessionManager

    app = _app()
    app.pipeline = [SessionManager.cookies("fwcompare-probe-secret-key")]

    @app.route("/set")
    async def set_value() -> str:
        session.word = "kept"
        return "set"

    @app.route("/get")
    async def get_value() -> str:
        return str(session.word)

    client = app.test_client()
    client.get("/set")
    response = client.get("/get")
    return Observation(
        present=(response.status, response.data) == (200, "kept"),
        detail=f"SessionManager.cookies pipe: value set in one request, read in the next (client keeps cookies) "
        f"-> {response.status} {response.data!r}",
    )


@probes.register("security_headers")
def security_headers() -> Observation:
    app = _app({"templates/page.html": "<p>hi</p>"})

    @app.route("/", template="page.html")
    async def index() -> dict[str, str]:
        return {}

    response = app.test_client().get("/")
    names = [h[0] if isinstance(h, tuple) else h for h in response.headers]
    found = security_headers_among(names)
    return Observation(
        present=bool(found),
        detail=f"headers of an HTML response ({response.status}): {names}; security headers: {found or 'none'}",
    )


@probes.register("i18n")
def i18n() -> Observation:
    from emmett import T

    app = _app({"languages/it.json": '{"Hello": "Ciao"}'})
    # Observed with 2.8.2: Accept-Language picks a translation only among app.languages.
    app.languages = ["en", "it"]

    @app.route("/")
    async def index() -> str:
        return str(T("Hello"))

    client = app.test_client()
    italian = client.get("/", headers=[("Accept-Language", "it")]).data
    english = client.get("/", headers=[("Accept-Language", "en")]).data
    return Observation(
        present=(italian, english) == ("Ciao", "Hello"),
        detail=f"T('Hello') with languages/it.json: Accept-Language it -> {italian!r}, en -> {english!r}",
    )


@probes.register("caching")
def caching() -> Observation:
    from emmett.cache import Cache, RamCache

    calls: list[int] = []

    def compute() -> str:
        calls.append(1)
        return "value"

    cache = Cache(ram=RamCache())
    first, second = cache("key", compute, 300), cache("key", compute, 300)
    backends = [n for n in ("RamCache", "DiskCache", "RedisCache") if n in _cache_names()]
    return Observation(
        present=(first, second, len(calls)) == ("value", "value", 1),
        detail=f"Cache(ram=RamCache())('key', fn, 300) twice -> {first!r}, {second!r}, fn called {len(calls)} "
        f"time(s); backends: {backends}",
    )


def _cache_names() -> list[str]:
    import emmett.cache

    return [n for n in dir(emmett.cache) if n.endswith("Cache")]


@probes.register("sitemaps")
def sitemaps() -> Observation:
    return _absent(("sitemap",), "no sitemap support")


@probes.register("syndication")
def syndication() -> Observation:
    return _absent(("rss", "atom", "syndicat", "feed"), "no feed support")


@probes.register("static_files")
def static_files() -> Observation:
    # Through ASGI with a URL prefix: with emmett-core 1.4.6 the ASGI handler
    # checks static files only behind a prefix (the RSGI one always does), and
    # the RSGI test client fails on static responses.
    app = _app({"static/a.css": "body{}"}, url_prefix="/site")
    status, headers, body = _asgi(app, "/site/static/a.css")
    ctype = next((v.decode() for k, v in headers if k.lower() == b"content-type"), None)
    return Observation(
        present=(status, body) == (200, b"body{}"),
        detail=f"App(url_prefix='/site') with static/a.css: ASGI GET /site/static/a.css -> {status} {ctype} {body!r}",
    )


@probes.register("openapi")
def openapi() -> Observation:
    return _absent(("openapi", "swagger"), "OpenAPI comes from the Emmett-REST extension")


@probes.register("test_client")
def test_client() -> Observation:
    app = _app()

    @app.route("/")
    async def index() -> str:
        return "tested"

    client = app.test_client()
    response = client.get("/")
    return Observation(
        present=(response.status, response.data) == (200, "tested"),
        detail=f"app.test_client() ({type(client).__module__}) GET / -> {response.status} {response.data!r}, "
        "no server started",
    )


def _help() -> tuple[int, str]:
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "emmett", "--help"], capture_output=True, text=True, timeout=60)
    return proc.returncode, proc.stdout + proc.stderr


@probes.register("cli")
def cli() -> Observation:
    code, text = _help()
    commands = [c for c in ("develop", "serve", "shell", "routes") if re.search(rf"^\s+{c}\b", text, re.M)]
    scripts = sorted(ep.name for ep in metadata.distribution("emmett").entry_points if ep.group == "console_scripts")
    return Observation(
        present=code == 0 and "develop" in commands,
        detail=f"python -m emmett --help -> exit {code}, commands {commands}; console scripts: {scripts}",
    )


@probes.register("project_scaffold")
def project_scaffold() -> Observation:
    code, text = _help()
    found = [c for c in ("new", "init", "create", "startproject", "scaffold") if re.search(rf"^\s+{c}\b", text, re.M)]
    return Observation(
        present=bool(found),
        detail=f"python -m emmett --help -> exit {code}; project-generation commands: {found or 'none'}",
    )


@probes.register("type_hints")
def type_hints() -> Observation:
    files = metadata.distribution("emmett").files or []
    typed = [str(f) for f in files if f.name == "py.typed"]
    try:
        core = [str(f) for f in metadata.distribution("emmett-core").files or [] if f.name == "py.typed"]
    except metadata.PackageNotFoundError:
        core = []
    return Observation(
        present=bool(typed),
        detail=f"py.typed in the emmett distribution's RECORD: {typed or 'none'} "
        f"(in emmett-core, a separate distribution: {core or 'none'})",
    )
