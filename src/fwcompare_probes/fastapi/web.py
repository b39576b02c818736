"""fastapi probes of foundations, data and templates (the catalogue's groups): serving, routing,
async, WebSockets, background work, injection, ORM, migrations, admin, forms, templates."""

# FastAPI evaluates the annotations of path operations when they are declared, and
# the probes run on Python 3.8: keep typing.Dict/List/Optional. Depends() and
# Form() defaults are how FastAPI declares parameters.
# ruff: noqa: UP006, UP035, B008

# No ``from __future__ import annotations``: the framework reads the annotations of the
# handlers defined here at run time (see _common).

import asyncio
import inspect
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any, Dict, List

from fwcompare_probes import Observation, requires
from fwcompare_probes._asgi import asgi_get, loop_running
from fwcompare_probes.fastapi._common import _client, _modules_matching, _modules_probe, probes


@probes.register("interface")
def interface() -> Observation:
    from fastapi import FastAPI

    app = FastAPI()

    @app.get("/")
    async def home() -> Dict[str, str]:
        return {"ok": "yes"}

    call = app.__call__
    params = list(inspect.signature(call).parameters)
    is_async = inspect.iscoroutinefunction(call)
    tags: List[str] = []
    status = None
    if not is_async and len(params) == 2:
        tags.append("WSGI")
    if is_async and params == ["scope", "receive", "send"]:
        messages = asyncio.run(asgi_get(app))
        status = messages[0].get("status") if messages else None
        if status == 200:
            tags.append("ASGI")
    has_server = any(hasattr(app, name) for name in ("run", "serve"))
    if has_server:
        tags.append("own-server")
    return Observation(
        present=True,
        detail=(
            f"FastAPI.__call__{tuple(params)} async={is_async}; one ASGI 3 GET / answered "
            f"status {status}; app.run/app.serve present={has_server}"
        ),
        value=tuple(tags),
    )


@probes.register("routing")
def routing() -> Observation:
    from fastapi import FastAPI

    app = FastAPI()

    @app.get("/items/{item_id}")
    async def item(item_id: int) -> Dict[str, int]:
        return {"item_id": item_id}

    response = _client(app).get("/items/3")
    tags = ["decorators"] if response.json() == {"item_id": 3} else []
    routes_param = inspect.signature(FastAPI.__init__).parameters.get("routes")
    marked = "deprecated" in repr(getattr(routes_param, "annotation", "")).lower()
    return Observation(
        present=True,
        detail=(
            f"@app.get('/items/{{item_id}}') GET /items/3 -> {response.status_code} {response.json()}; "
            f"FastAPI(routes=...) is Starlette's list, inherited for compatibility "
            f"(annotated deprecated: {marked}); no resource-tree traversal API"
        ),
        value=tuple(tags),
    )


@probes.register("async_views")
def async_views() -> Observation:
    from fastapi import FastAPI

    seen: Dict[str, bool] = {}
    app = FastAPI()

    @app.get("/a")
    async def coro() -> str:
        seen["async"] = loop_running()
        return "async"

    @app.get("/s")
    def plain() -> str:
        seen["sync"] = loop_running()
        return "sync"

    client = _client(app)
    a = client.get("/a")
    s = client.get("/s")
    return Observation(
        present=a.json() == "async" and seen.get("async") is True,
        detail=(
            f"async def path operation -> {a.status_code} {a.json()!r}, event loop running in it: "
            f"{seen.get('async')}; def path operation -> {s.status_code}, event loop running in it: "
            f"{seen.get('sync')} (False: run in a worker thread)"
        ),
    )


@probes.register("websockets")
def websockets() -> Observation:
    from fastapi import FastAPI, WebSocket

    app = FastAPI()

    @app.websocket("/ws")
    async def echo(websocket: WebSocket) -> None:
        await websocket.accept()
        text = await websocket.receive_text()
        await websocket.send_text(f"echo:{text}")
        await websocket.close()

    with _client(app).websocket_connect("/ws") as ws:
        ws.send_text("hi")
        reply = ws.receive_text()
    return Observation(
        present=reply == "echo:hi",
        detail=f"@app.websocket('/ws') echo through TestClient.websocket_connect: {reply!r}",
    )


@probes.register("background_tasks")
def background_tasks() -> Observation:
    from fastapi import BackgroundTasks, FastAPI

    done: List[str] = []
    app = FastAPI()

    @app.post("/")
    async def send(tasks: BackgroundTasks) -> str:
        tasks.add_task(done.append, "ran")
        return "queued"

    response = _client(app).post("/")
    return Observation(
        present=done == ["ran"],
        detail=f"path operation with a BackgroundTasks parameter -> {response.status_code}; task ran: {done}",
    )


@probes.register("dependency_injection")
def dependency_injection() -> Observation:
    from fastapi import Depends, FastAPI

    def settings() -> Dict[str, str]:
        return {"db": "sqlite"}

    app = FastAPI()

    @app.get("/")
    async def home(config: Dict[str, str] = Depends(settings)) -> Dict[str, str]:
        return config

    injected = _client(app).get("/").json()
    app.dependency_overrides[settings] = lambda: {"db": "memory"}
    overridden = _client(app).get("/").json()
    return Observation(
        present=injected == {"db": "sqlite"},
        detail=f"Depends(settings) injected {injected}; with dependency_overrides: {overridden}",
    )


@probes.register("orm")
def orm() -> Observation:
    found = _modules_matching("orm", "sql")
    return Observation(
        present=bool(found),
        detail=f"fastapi/starlette modules named like orm/sql: {found}",
    )


@probes.register("forms")
def forms() -> Observation:
    requires("python-multipart", "python_multipart", "multipart")  # FastAPI's Form() needs it
    from fastapi import FastAPI, Form

    app = FastAPI()

    @app.post("/login")
    async def login(username: str = Form(...), age: int = Form(...)) -> Dict[str, Any]:
        return {"username": username, "age": age}

    client = _client(app)
    good = client.post("/login", data={"username": "ada", "age": "36"})
    bad = client.post("/login", data={"username": "ada", "age": "old"})
    renderers = _modules_matching("forms", "widget")
    return Observation(
        present=good.status_code == 200 and bad.status_code == 422,
        detail=(
            f"Form() fields: valid POST -> {good.status_code} {good.json()}, invalid age -> "
            f"{bad.status_code}; modules for rendering forms: {renderers}"
        ),
    )


def _templates(directory: str) -> Any:
    requires("jinja2")
    from fastapi.templating import Jinja2Templates

    return Jinja2Templates(directory=directory)


@probes.register("templating")
def templating() -> Observation:
    from fastapi import FastAPI, Request

    app = FastAPI()
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "page.html").write_text("Hello {{ v }}")
        templates = _templates(tmp)

        @app.get("/")
        async def page(request: Request) -> Any:
            try:
                return templates.TemplateResponse(request=request, name="page.html", context={"v": "world"})
            except TypeError:  # Starlette before 0.29: (name, context) with the request inside
                return templates.TemplateResponse(name="page.html", context={"request": request, "v": "world"})

        response = _client(app).get("/")
    return Observation(
        present=response.text == "Hello world",
        detail=(
            f"fastapi.templating.Jinja2Templates.TemplateResponse(..., 'page.html') -> "
            f"{response.status_code} {response.text!r}"
        ),
        value="Jinja2",
    )


@probes.register("template_autoescape")
def template_autoescape() -> Observation:
    markup = "<b>x</b>"
    out: Dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("page.html", "page.jinja"):
            Path(tmp, name).write_text("{{ v }}")
            out[name] = str(_templates(tmp).get_template(name).render(v=markup))
    escaped = {name: text != markup for name, text in out.items()}
    starlette_version = metadata.version("starlette")
    return Observation(
        present=escaped["page.html"],
        detail=(
            f"Jinja2Templates(directory=...) with Starlette {starlette_version} rendering "
            f"{markup!r}: {out}; escaped: {escaped}"
        ),
    )


# The probes that only look for modules named like the feature, by criterion.
probes.register_each(
    _modules_probe,
    {
        "migrations": ("named like migrat*", "migrat"),
        "admin": ("named like admin", "admin"),
    },
)
