"""starlette probes of foundations, data and templates (the catalogue's groups): serving, routing,
async, WebSockets, background work, injection, ORM, migrations, admin, forms, templates."""

from __future__ import annotations

import asyncio
import inspect
import tempfile
import warnings
from pathlib import Path
from typing import Any

from fwcompare_probes import Observation, requires
from fwcompare_probes._asgi import asgi_get, loop_running
from fwcompare_probes.starlette._common import _app, _client, _modules_matching, _modules_probe, _own_module, probes


@probes.register("interface")
def interface() -> Observation:
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    async def home(request: Any) -> Any:
        return PlainTextResponse("ok")

    app = _app([Route("/", home)])
    call = app.__call__
    params = list(inspect.signature(call).parameters)
    is_async = inspect.iscoroutinefunction(call)
    tags: list[str] = []
    if is_async and params == ["scope", "receive", "send"]:
        messages = asyncio.run(asgi_get(app))
        status = messages[0].get("status") if messages else None
        if status == 200:
            tags.append("ASGI")
    else:
        messages, status = [], None
    wsgi = not is_async and len(params) == 2
    if wsgi:
        tags.insert(0, "WSGI")
    has_server = any(hasattr(app, name) for name in ("run", "serve"))
    if has_server:
        tags.append("own-server")
    return Observation(
        present=True,
        detail=(
            f"Starlette.__call__{tuple(params)} async={is_async}; one ASGI 3 GET / "
            f"answered status {status}; app.run/app.serve present={has_server}"
        ),
        value=tuple(tags),
    )


@probes.register("routing")
def routing() -> Observation:
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    async def home(request: Any) -> Any:
        return PlainTextResponse("table")

    tags: list[str] = []
    status = _client(_app([Route("/", home)])).get("/").status_code
    if status == 200:
        tags.append("route-table")
    app = _app([])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)

            @app.route("/deco")
            async def deco(request: Any) -> Any:
                return PlainTextResponse("deco")

        deco_status: Any = _client(app).get("/deco").status_code
        if deco_status == 200:
            tags.append("decorators")
    except AttributeError as exc:
        deco_status = f"AttributeError: {exc}"
    return Observation(
        present=True,
        detail=(
            f"Starlette(routes=[Route('/', ...)]) GET / -> {status}; "
            f"@app.route('/deco') -> {deco_status}; no resource-tree traversal API"
        ),
        value=tuple(tags),
    )


@probes.register("async_views")
def async_views() -> Observation:
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    seen: dict[str, bool] = {}

    async def coro(request: Any) -> Any:
        seen["async"] = loop_running()
        return PlainTextResponse("async")

    def plain(request: Any) -> Any:
        seen["sync"] = loop_running()
        return PlainTextResponse("sync")

    client = _client(_app([Route("/a", coro), Route("/s", plain)]))
    a = client.get("/a")
    s = client.get("/s")
    return Observation(
        present=a.status_code == 200 and a.text == "async" and seen.get("async") is True,
        detail=(
            f"async def endpoint -> {a.status_code} {a.text!r}, event loop running in it: "
            f"{seen.get('async')}; def endpoint -> {s.status_code}, event loop running in it: "
            f"{seen.get('sync')} (False: run in a worker thread)"
        ),
    )


@probes.register("websockets")
def websockets() -> Observation:
    from starlette.routing import WebSocketRoute

    async def echo(websocket: Any) -> None:
        await websocket.accept()
        text = await websocket.receive_text()
        await websocket.send_text(f"echo:{text}")
        await websocket.close()

    with _client(_app([WebSocketRoute("/ws", echo)])).websocket_connect("/ws") as ws:
        ws.send_text("hi")
        reply = ws.receive_text()
    return Observation(
        present=reply == "echo:hi",
        detail=f"WebSocketRoute('/ws') echo through TestClient.websocket_connect: {reply!r}",
    )


@probes.register("background_tasks")
def background_tasks() -> Observation:
    from starlette.background import BackgroundTask
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    done: list[str] = []

    async def home(request: Any) -> Any:
        return PlainTextResponse("sent", background=BackgroundTask(done.append, "ran"))

    response = _client(_app([Route("/", home)])).get("/")
    return Observation(
        present=done == ["ran"],
        detail=f"PlainTextResponse(background=BackgroundTask(...)) -> {response.status_code}; task ran: {done}",
    )


@probes.register("dependency_injection")
def dependency_injection() -> Observation:
    import starlette

    found = _modules_matching("param", "depend", "inject")
    names = [n for n in ("Depends", "Inject", "Provide") if hasattr(starlette, n)]
    return Observation(
        present=bool(found or names),
        detail=f"starlette modules named like param/depend/inject: {found}; top-level DI names: {names}; "
        "endpoints are called with the request only",
    )


@probes.register("orm")
def orm() -> Observation:
    found = _modules_matching("orm", "sql")
    return Observation(
        present=bool(found),
        detail=f"starlette modules named like orm/sql: {found}",
    )


@probes.register("forms")
def forms() -> Observation:
    requires("python-multipart", "python_multipart", "multipart")
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    async def submit(request: Any) -> Any:
        form = await request.form()
        return PlainTextResponse(f"{form['name']}")

    response = _client(_app([Route("/", submit, methods=["POST"])])).post("/", data={"name": "x"})
    found = _modules_matching("forms", "field", "widget")
    return Observation(
        present=bool(found),
        detail=(
            f"request.form() parsed a POST -> {response.status_code} {response.text!r}; "
            f"modules for declaring/rendering/validating forms: {found}"
        ),
    )


def _render(templates_dir: Path, name: str, value: str) -> str:
    requires("jinja2")
    from starlette.templating import Jinja2Templates

    templates = Jinja2Templates(directory=str(templates_dir))
    return str(templates.get_template(name).render(v=value))


@probes.register("templating")
def templating() -> Observation:
    requires("jinja2")
    templating_mod = _own_module("starlette.templating")
    if templating_mod is None:
        return Observation(present=False, detail="no module starlette.templating")
    from starlette.routing import Route

    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "page.html").write_text("Hello {{ v }}")
        templates = templating_mod.Jinja2Templates(directory=tmp)

        async def page(request: Any) -> Any:
            try:
                return templates.TemplateResponse(request=request, name="page.html", context={"v": "world"})
            except TypeError:  # before 0.29 the signature was (name, context) with the request inside
                return templates.TemplateResponse(name="page.html", context={"request": request, "v": "world"})

        response = _client(_app([Route("/", page)])).get("/")
    return Observation(
        present=response.text == "Hello world",
        detail=f"Jinja2Templates.TemplateResponse(..., 'page.html') -> {response.status_code} {response.text!r}",
        value="Jinja2",
    )


@probes.register("template_autoescape")
def template_autoescape() -> Observation:
    requires("jinja2")  # Starlette 1.x raises ImportError on importing starlette.templating without it
    if _own_module("starlette.templating") is None:
        return Observation(present=False, detail="no module starlette.templating")
    markup = "<b>x</b>"
    out: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("page.html", "page.jinja"):
            Path(tmp, name).write_text("{{ v }}")
            out[name] = _render(Path(tmp), name, markup)
    escaped = {name: text != markup for name, text in out.items()}
    return Observation(
        present=escaped["page.html"],
        detail=f"Jinja2Templates(directory=...) rendering {markup!r}: {out}; escaped: {escaped}",
    )


# The probes that only look for modules named like the feature, by criterion.
probes.register_each(
    _modules_probe,
    {
        "migrations": ("named like migrat*", "migrat"),
        "admin": ("named like admin", "admin"),
    },
)
