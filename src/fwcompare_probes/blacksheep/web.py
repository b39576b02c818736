"""blacksheep probes of foundations, data and templates (the catalogue's groups): serving, routing,
async, WebSockets, background work, injection, ORM, migrations, admin, forms, templates."""

from __future__ import annotations

import asyncio
from typing import Any

from fwcompare_probes import Observation
from fwcompare_probes.blacksheep._common import _absent, _app, _names, _run, probes


@probes.register("interface")
def interface() -> Observation:
    import inspect

    from blacksheep.server.responses import text

    from fwcompare_probes._asgi import asgi_get

    app = _app()

    async def home() -> Any:
        return text("ok")

    app.router.add_get("/", home)

    async def go() -> list[dict[str, Any]]:
        await app.start()
        sent = await asgi_get(app, "/")
        await app.stop()
        return sent

    sent = asyncio.run(go())
    status = next((m.get("status") for m in sent if m["type"] == "http.response.start"), None)
    params = list(inspect.signature(app.__call__).parameters)
    tags = ["ASGI"] if status == 200 else []
    server = [n for n in ("run", "serve") if hasattr(app, n)]
    if server:
        tags.append("own-server")
    return Observation(
        present=True,
        detail=f"Application.__call__{tuple(params)}: one ASGI GET / -> {status}; "
        f"app.run/app.serve: {server or 'none'}",
        value=tuple(tags),
    )


@probes.register("routing")
def routing() -> Observation:
    from blacksheep.server.responses import text

    app = _app()

    async def table() -> Any:
        return text("table")

    app.router.add_get("/table", table)

    @app.router.get("/deco/{name}")
    async def deco(name: str) -> Any:
        return text("deco " + name)

    (s1, _, b1), (s2, _, b2) = _run(app, ("get", "/table", {}), ("get", "/deco/x", {}))
    tags = []
    if (s1, b1) == (200, "table"):
        tags.append("route-table")
    if (s2, b2) == (200, "deco x"):
        tags.append("decorators")
    return Observation(
        present=True,
        detail=f"app.router.add_get('/table', fn) -> {s1} {b1!r}; @app.router.get('/deco/{{name}}') -> {s2} {b2!r}",
        value=tuple(tags),
    )


@probes.register("async_views")
def async_views() -> Observation:
    from blacksheep.server.responses import text

    app = _app()

    @app.router.get("/")
    async def home() -> Any:
        await asyncio.sleep(0)
        return text("async ok")

    ((status, _, body),) = _run(app, ("get", "/", {}))
    return Observation(
        present=(status, body) == (200, "async ok"),
        detail=f"'async def' handler awaiting asyncio.sleep(0) -> {status} {body!r}",
    )


@probes.register("websockets")
def websockets() -> Observation:
    try:
        from blacksheep.server.websocket import WebSocket
    except ImportError as exc:
        return Observation(present=False, detail=f"from blacksheep.server.websocket import WebSocket -> {exc}")
    from blacksheep.testing import TestClient

    app = _app()

    async def echo(websocket):  # type: ignore[no-untyped-def]
        await websocket.accept()
        message = await websocket.receive_text()
        await websocket.send_text("echo " + message)

    echo.__annotations__ = {"websocket": WebSocket, "return": None}
    app.router.add_ws("/ws", echo)

    async def go() -> list[Any]:
        await app.start()
        client = TestClient(app)
        seen: list[Any] = []
        async with client.websocket_connect("/ws") as ws:
            # TestWebSocket.send_text() sends a "websocket.send" message, which
            # the server side's receive() rejects (it asserts "websocket.receive",
            # as ASGI says): send the inbound ASGI message itself.
            await ws.send({"type": "websocket.receive", "text": "hi"})
            for _ in range(3):
                message = await asyncio.wait_for(ws.receive(), 5)
                seen.append((message.get("type"), message.get("text")))
                if message.get("type") == "websocket.send":
                    break
        await app.stop()
        return seen

    seen = asyncio.run(go())
    return Observation(
        present=("websocket.send", "echo hi") in seen,
        detail=f"router.add_ws('/ws', handler) through TestClient.websocket_connect: sent 'hi', got {seen}",
    )


@probes.register("background_tasks")
def background_tasks() -> Observation:
    from blacksheep.server.responses import text

    app = _app()
    ran: list[str] = []

    async def later() -> None:
        ran.append("later")

    @app.router.get("/")
    async def home() -> Any:
        asyncio.create_task(later())  # noqa: RUF006 - the documented pattern
        return text("accepted")

    ((status, _, _),) = _run(app, ("get", "/", {}))
    own = _names("background")
    on_start = hasattr(app, "on_start")
    return Observation(
        present=ran == ["later"] and on_start,
        detail=f"asyncio.create_task(...) from a handler -> {status}, task ran: {ran}; app.on_start present: "
        f"{on_start}; background-task names of blacksheep's own: {own or 'none'} (partial: no API of its own)",
    )


@probes.register("dependency_injection")
def dependency_injection() -> Observation:
    from blacksheep.server.responses import text

    class Greeter:
        def greet(self) -> str:
            return "injected"

    app = _app()
    app.services.add_singleton(Greeter)

    async def home(greeter):  # type: ignore[no-untyped-def]
        return text(greeter.greet())

    # BlackSheep resolves handler annotations at runtime: real types, not the
    # strings "from __future__ import annotations" leaves (locals are not global).
    home.__annotations__ = {"greeter": Greeter}
    app.router.add_get("/", home)

    ((status, _, body),) = _run(app, ("get", "/", {}))
    return Observation(
        present=(status, body) == (200, "injected"),
        detail=f"app.services.add_singleton(Greeter); handler(greeter: Greeter) -> {status} {body!r} "
        f"(container: {type(app.services).__module__}.{type(app.services).__name__})",
    )


@probes.register("orm")
def orm() -> Observation:
    return _absent(("sqlalchemy", "database", "piccolo", "tortoise"), "no database layer; SQLAlchemy is an extension")


@probes.register("migrations")
def migrations() -> Observation:
    return _absent(("migrat", "alembic"), "no migrations")


@probes.register("admin")
def admin() -> Observation:
    return _absent(("admin",), "no admin")


@probes.register("forms")
def forms() -> Observation:
    from dataclasses import dataclass

    from blacksheep.server.bindings import FromForm
    from blacksheep.server.responses import text

    @dataclass
    class Signup:
        name: str

    app = _app()

    async def home(data):  # type: ignore[no-untyped-def]
        return text("name=" + data.value.name)

    home.__annotations__ = {"data": FromForm[Signup]}
    app.router.add_post("/", home)

    from blacksheep.contents import FormContent

    ((status, _, body),) = _run(app, ("post", "/", {"content": FormContent([("name", "ada")])}))
    rendering = _names("widget", "formfield", "wtform")
    return Observation(
        present=(status, body) == (200, "name=ada"),
        detail=f"FromForm[dataclass] bound a URL-encoded POST -> {status} {body!r}; "
        f"form rendering names: {rendering or 'none'} (partial: parsing and binding only)",
    )


def _template_app(template: str) -> tuple[Any, Any]:
    from blacksheep.server.rendering.jinja2 import JinjaRenderer
    from blacksheep.settings.html import html_settings
    from jinja2 import DictLoader

    renderer = JinjaRenderer(loader=DictLoader({"page.jinja": template}))
    html_settings.use(renderer)
    return _app(), renderer


@probes.register("templating")
def templating() -> Observation:
    from blacksheep.server.responses import view

    app, renderer = _template_app("<p>{{ word }}</p>")

    @app.router.get("/")
    async def home() -> Any:
        return view("page", {"word": "hello"})

    ((status, headers, body),) = _run(app, ("get", "/", {}))
    return Observation(
        present=status == 200 and body == "<p>hello</p>",
        detail=f"view('page', model) with the built-in {type(renderer).__name__} -> {status} "
        f"{headers.get('content-type')} {body!r}",
        value="Jinja2" if type(renderer.env).__module__.startswith("jinja2") else type(renderer.env).__module__,
    )


@probes.register("template_autoescape")
def template_autoescape() -> Observation:
    from blacksheep.server.responses import view

    app, renderer = _template_app("<p>{{ word }}</p>")

    @app.router.get("/")
    async def home() -> Any:
        return view("page", {"word": "<b>x</b>"})

    ((status, _, body),) = _run(app, ("get", "/", {}))
    escaped = "&lt;b&gt;" in body
    txt = renderer.env.autoescape("page.txt") if callable(renderer.env.autoescape) else renderer.env.autoescape
    return Observation(
        present=escaped,
        detail=f"view('page') of a .jinja template with '<b>x</b>' -> {status} {body!r}; "
        f"autoescape for a .txt name: {txt}",
    )
