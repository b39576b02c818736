"""sanic probes of foundations, data and templates (the catalogue's groups): serving, routing,
async, WebSockets, background work, injection, ORM, migrations, admin, forms, templates."""

from __future__ import annotations

from typing import Any

from fwcompare_probes import Observation
from fwcompare_probes.sanic._common import (
    _absent,
    _app,
    _ext_attr,
    _get,
    _names,
    _needs_asgi,
    _NoASGI,
    _serve,
    _ws_scope,
    probes,
)


@probes.register("interface")
def interface() -> Observation:
    import importlib

    from sanic import response

    tags = []
    app = _app()

    @app.get("/")
    async def index(request: Any) -> Any:
        return response.text("ok")

    body: bytes | str  # the response body, or why there is none
    try:
        ((status, _, body),) = _get(app, "/")
    except _NoASGI as exc:  # before ASGI support (19.6)
        status, body = None, str(exc)
    if status == 200 and body == b"ok":
        tags.append("ASGI")
    try:
        server = importlib.import_module("sanic.server")
        own = hasattr(server, "serve") and hasattr(app, "run")
    except ImportError:
        own = False
    if own:
        tags.append("own-server")
    return Observation(
        present=True,
        detail=f"await app(scope, receive, send) -> {status} {body!r}; sanic.server.serve and Sanic.run present: {own}",
        value=tuple(tags),
    )


@probes.register("routing")
def routing() -> Observation:
    from sanic import response

    app = _app()

    @app.get("/deco/<name>")
    async def deco(request: Any, name: Any) -> Any:
        return response.text("deco " + name)

    async def table(request: Any, name: Any) -> Any:
        return response.text("table " + name)

    app.add_route(table, "/table/<name>")
    try:
        (s1, _, b1), (s2, _, b2) = _get(app, "/deco/x", "/table/x")
    except _NoASGI as exc:  # before 19.6: report the registration APIs only
        return Observation(
            present=True,
            detail=f"{exc}; app.route and app.add_route exist, routes not exercised",
            value=("route-table", "decorators"),
        )
    tags = []
    if s2 == 200 and b2 == b"table x":
        tags.append("route-table")
    if s1 == 200 and b1 == b"deco x":
        tags.append("decorators")
    return Observation(
        present=True,
        detail=f"@app.get -> {s1} {b1!r}; app.add_route(handler, uri) -> {s2} {b2!r}",
        value=tuple(tags),
    )


@probes.register("async_views")
@_needs_asgi
def async_views() -> Observation:
    import asyncio

    from sanic import response

    app = _app()

    @app.get("/")
    async def index(request: Any) -> Any:
        await asyncio.sleep(0)
        return response.text("async ok")

    ((status, _, body),) = _get(app, "/")
    return Observation(
        present=status == 200 and body == b"async ok",
        detail=f"'async def' handler awaiting asyncio.sleep(0) -> {status} {body!r}",
    )


@probes.register("websockets")
@_needs_asgi
def websockets() -> Observation:
    app = _app()

    @app.websocket("/ws")
    async def echo(request: Any, ws: Any) -> None:
        message = await ws.recv()
        await ws.send("echo " + message)

    (sent,) = _serve(
        app,
        [
            (
                _ws_scope("/ws"),
                [
                    {"type": "websocket.connect"},
                    {"type": "websocket.receive", "text": "hi"},
                    {"type": "websocket.disconnect", "code": 1000},
                ],
            )
        ],
    )
    texts = [m.get("text") for m in sent if m["type"] == "websocket.send"]
    return Observation(
        present=texts == ["echo hi"],
        detail=f"@app.websocket handler over ASGI: sent 'hi', messages back: {[m['type'] for m in sent]} {texts}",
    )


@probes.register("background_tasks")
@_needs_asgi
def background_tasks() -> Observation:
    from sanic import response

    app = _app()
    ran: list[str] = []

    @app.get("/")
    async def index(request: Any) -> Any:
        async def later() -> None:
            ran.append("later")

        request.app.add_task(later())
        return response.text("ok")

    ((status, _, _),) = _get(app, "/")
    return Observation(
        present=ran == ["later"],
        detail=f"request.app.add_task(coroutine) from a handler -> response {status}, task ran: {ran}",
    )


@probes.register("dependency_injection")
def dependency_injection() -> Observation:
    import importlib.util

    app = _app()
    _, ext = _ext_attr(app)
    installed = importlib.util.find_spec("sanic_ext") is not None
    found = _names("inject", "dependenc")
    return Observation(
        present=bool(found),
        detail=f"injection names in sanic: {found or 'none'}; {ext} "
        f"(sanic-ext installed: {installed}; injection is a Sanic Extensions feature)",
    )


@probes.register("forms")
@_needs_asgi
def forms() -> Observation:
    from sanic import response

    app = _app()

    @app.post("/")
    async def index(request: Any) -> Any:
        return response.text(str(request.form.get("a")))

    ((status, _, body),) = _get(
        app,
        "/",
        method="POST",
        body=b"a=1",
        headers=[(b"content-type", b"application/x-www-form-urlencoded"), (b"content-length", b"3")],
    )
    found = [n for n in _names("field", "validat", "widget", "wtform") if "header" not in n.lower()]
    return Observation(
        present=bool(found),
        detail=f"request.form parses a POST body -> {status} {body!r}; "
        f"form declaration/validation names: {found or 'none'}",
    )


# The probes that are one call of _absent, by criterion.
probes.register_each(
    _absent,
    {
        "orm": (("sqlalchemy", "database", "tortoise", "mapper"), "no database layer"),
        "migrations": (("migrat",), "no migrations"),
        "admin": (("admin",), "no admin"),
        "templating": (("jinja", "render_template", "templating"), "templates come from Sanic Extensions"),
        "template_autoescape": (("jinja", "autoescape", "templating"), "no template engine in Sanic itself"),
    },
)
