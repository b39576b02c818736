"""emmett probes of foundations, data and templates (the catalogue's groups): serving, routing,
async, WebSockets, background work, injection, ORM, migrations, admin, forms, templates."""

from __future__ import annotations

import asyncio
import os
from typing import Any

from fwcompare_probes import Observation
from fwcompare_probes.emmett._common import _absent, _app, _asgi, _form_app, _token, probes


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
