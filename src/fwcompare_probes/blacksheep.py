"""Probes for BlackSheep (distribution ``blacksheep``), an asyncio ASGI framework.

Requests go through BlackSheep's own ``blacksheep.testing.TestClient`` (it
simulates ASGI calls: no socket, no server) after ``await app.start()``; each
probe builds an ``Application`` with its own ``Router`` so that the default
router's global routes never mix between probes. Names are imported from the
submodules that define them (``blacksheep.server.responses``...), not from
the top-level re-exports that arrived in 1.2.4. Templates need ``jinja2``
(the ``blacksheep[jinja]`` extra); sessions need ``itsdangerous`` (a required
dependency).
"""

from __future__ import annotations

import asyncio
import importlib
import importlib.util
import pkgutil
from importlib import metadata
from typing import Any

from fwcompare_probes import Observation, ProbeSet, security_headers_among

probes = ProbeSet("blacksheep")
# Every criterion has a probe: absences are checked as missing modules and names.
probes.not_probeable = {}


def _app(**kwargs: Any) -> Any:
    from blacksheep.server import Application
    from blacksheep.server.routing import Router

    return Application(router=Router(), **kwargs)


def _run(app: Any, *calls: tuple[str, str, dict[str, Any]]) -> list[tuple[int, dict[str, list[str]], str]]:
    """Start *app*, make each (method, path, kwargs) call with the TestClient,
    and return (status, headers by lower-case name, body text) per call."""
    from blacksheep.testing import TestClient

    async def go() -> list[tuple[int, dict[str, list[str]], str]]:
        await app.start()
        client = TestClient(app)
        out = []
        for method, path, kwargs in calls:
            response = await getattr(client, method)(path, **kwargs)
            headers: dict[str, list[str]] = {}
            for name, value in response.headers:
                headers.setdefault(name.decode().lower(), []).append(value.decode())
            out.append((response.status, headers, await response.text()))
        for _ in range(5):  # let tasks started by handlers run
            await asyncio.sleep(0)
        await app.stop()
        return out

    return asyncio.run(go())


def _module_names() -> list[str]:
    import blacksheep

    return sorted(m.name for m in pkgutil.walk_packages(blacksheep.__path__, "blacksheep."))


def _names(*words: str) -> list[str]:
    """Module names of blacksheep, and public names of blacksheep and its
    Application, containing one of *words* (case-insensitive)."""
    import blacksheep
    from blacksheep.server import Application

    found = {m for m in _module_names() if any(w in m.rsplit(".", 1)[-1].lower() for w in words)}
    for holder in (blacksheep, Application):
        for name in dir(holder):
            if not name.startswith("_") and any(w in name.lower() for w in words):
                found.add(name)
    return sorted(found)


def _absent(words: tuple[str, ...], what: str, ignore: tuple[str, ...] = ()) -> Observation:
    found = [n for n in _names(*words) if n not in ignore]
    return Observation(
        present=bool(found),
        detail=f"searched blacksheep modules and blacksheep/Application names for {words}: "
        f"{found or 'no such names'} ({what})",
    )


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


@probes.register("auth")
def auth() -> Observation:
    mods = [
        m
        for m in ("jwt", "oidc", "cookie", "apikey", "basic")
        if importlib.util.find_spec("blacksheep.server.authentication." + m) is not None
    ]
    app = _app()
    has_use = hasattr(app, "use_authentication") and hasattr(app, "use_authorization")
    store = _names("password", "usermodel", "login", "signup")
    return Observation(
        present=bool(mods) and has_use,
        detail=f"authentication handler modules: {mods}; app.use_authentication/use_authorization: {has_use}; "
        f"user store/password/login names: {store or 'none'} (partial)",
    )


@probes.register("csrf")
def csrf() -> Observation:
    try:
        from blacksheep.server.csrf import use_anti_forgery
    except ImportError as exc:
        return Observation(present=False, detail=f"from blacksheep.server.csrf import use_anti_forgery -> {exc}")
    from blacksheep.server.responses import text

    app = _app()
    use_anti_forgery(app)

    @app.router.post("/")
    async def home() -> Any:
        return text("accepted")

    from blacksheep.contents import FormContent

    ((status, _, body),) = _run(app, ("post", "/", {"content": FormContent([("a", "1")])}))
    return Observation(
        present=status in (400, 401, 403),
        detail=f"use_anti_forgery(app); POST without a token -> {status} {body[:80]!r}",
    )


@probes.register("sessions")
def sessions() -> Observation:
    from blacksheep.messages import Request
    from blacksheep.server.responses import text

    app = _app()
    app.use_sessions("fwcompare-probe-secret-key")

    async def set_value(request):  # type: ignore[no-untyped-def]
        request.session["word"] = "kept"
        return text("set")

    async def get_value(request):  # type: ignore[no-untyped-def]
        return text(str(request.session.get("word")))

    set_value.__annotations__ = get_value.__annotations__ = {"request": Request}
    app.router.add_get("/set", set_value)
    app.router.add_get("/get", get_value)

    from blacksheep.testing import TestClient

    async def go() -> tuple[int, str]:
        await app.start()
        client = TestClient(app)
        first = await client.get("/set")
        cookie = first.headers.get_first(b"set-cookie").decode().split(";", 1)[0]
        second = await client.get("/get", headers={"cookie": cookie})
        body = await second.text()
        await app.stop()
        return second.status, body

    status, body = asyncio.run(go())
    return Observation(
        present=(status, body) == (200, "kept"),
        detail=f"app.use_sessions(key): value set in one request, read back with its cookie -> {status} {body!r}",
    )


@probes.register("security_headers")
def security_headers() -> Observation:
    from blacksheep.server.responses import text

    try:
        from blacksheep.server.security.hsts import HSTSMiddleware
    except ImportError as exc:
        hsts: Any = f"ImportError: {exc}"
    else:
        hsts = HSTSMiddleware
    plain = _app()
    guarded = _app()
    for app in (plain, guarded):

        async def home() -> Any:
            return text("hi")

        app.router.add_get("/", home)
    if not isinstance(hsts, str):
        guarded.middlewares.append(hsts())
    ((_, by_default, _),) = _run(plain, ("get", "/", {}))
    ((_, with_mw, _),) = _run(guarded, ("get", "/", {}))
    default = security_headers_among(by_default)
    opted = security_headers_among(with_mw)
    return Observation(
        present=bool(opted),
        detail=f"security headers by default: {default or 'none'}; with HSTSMiddleware "
        f"({hsts if isinstance(hsts, str) else 'present'}): {opted or 'none'} (partial: opt-in, HSTS only)",
    )


@probes.register("i18n")
def i18n() -> Observation:
    return _absent(("gettext", "translat", "i18n", "babel", "locale"), "no translation support")


@probes.register("caching")
def caching() -> Observation:
    # blacksheep.server.headers.cache and cache_control only write Cache-Control headers.
    return _absent(("cache",), "no cache API", ignore=("blacksheep.server.headers.cache",))


@probes.register("sitemaps")
def sitemaps() -> Observation:
    return _absent(("sitemap",), "no sitemap support")


@probes.register("syndication")
def syndication() -> Observation:
    return _absent(("rss", "atom", "syndicat", "feed"), "no feed support")


@probes.register("static_files")
def static_files() -> Observation:
    import os
    import tempfile

    with tempfile.TemporaryDirectory() as root:
        with open(os.path.join(root, "a.css"), "w") as fh:
            fh.write("body{}")
        app = _app()
        app.serve_files(root, root_path="static")
        ((status, headers, body),) = _run(app, ("get", "/static/a.css", {}))
    return Observation(
        present=(status, body) == (200, "body{}"),
        detail=f"app.serve_files(tmp, root_path='static') GET /static/a.css -> {status} "
        f"{headers.get('content-type')} {body!r}",
    )


@probes.register("openapi")
def openapi() -> Observation:
    import json

    from blacksheep.server.openapi.v3 import OpenAPIHandler
    from blacksheep.server.responses import text
    from openapidocs.v3 import Info

    app = _app()
    docs = OpenAPIHandler(info=Info(title="Probe", version="0.0.1"))
    docs.bind_app(app)

    @app.router.get("/items/{item_id}")
    async def item(item_id: int) -> Any:
        return text(str(item_id))

    ((status, _, body),) = _run(app, ("get", "/openapi.json", {}))
    try:
        paths = sorted(json.loads(body).get("paths", {}))
        version = json.loads(body).get("openapi")
    except ValueError:
        paths, version = [], None
    return Observation(
        present=status == 200 and "/items/{item_id}" in paths,
        detail=f"OpenAPIHandler.bind_app(app) GET /openapi.json -> {status}, openapi {version}, paths {paths}",
    )


@probes.register("test_client")
def test_client() -> Observation:
    try:
        from blacksheep.testing import TestClient
    except ImportError as exc:  # before 1.0.7
        return Observation(present=False, detail=f"from blacksheep.testing import TestClient -> {exc}")
    from blacksheep.server.responses import text

    app = _app()

    @app.router.get("/")
    async def home() -> Any:
        return text("tested")

    ((status, _, body),) = _run(app, ("get", "/", {}))
    return Observation(
        present=(status, body) == (200, "tested"),
        detail=f"{TestClient.__module__}.TestClient GET / -> {status} {body!r}, no server started",
    )


def _scripts() -> list[str]:
    dist = metadata.distribution("blacksheep")
    return sorted(ep.name for ep in dist.entry_points if ep.group == "console_scripts")


@probes.register("cli")
def cli() -> Observation:
    scripts = _scripts()
    main = importlib.util.find_spec("blacksheep.__main__") is not None
    return Observation(
        present=bool(scripts) or main,
        detail=f"console scripts of the blacksheep distribution: {scripts or 'none'}; "
        f"blacksheep.__main__: {main} (the blacksheep command comes from blacksheep-cli, "
        f"installed: {importlib.util.find_spec('blacksheep_cli') is not None})",
    )


@probes.register("project_scaffold")
def project_scaffold() -> Observation:
    scripts = _scripts()
    found = _names("scaffold", "template_project", "startproject")
    return Observation(
        present=bool(scripts) or bool(found),
        detail=f"console scripts of blacksheep: {scripts or 'none'}; scaffolding names: {found or 'none'} "
        "(projects are created by the separate blacksheep-cli)",
    )


@probes.register("type_hints")
def type_hints() -> Observation:
    files = metadata.distribution("blacksheep").files or []
    typed = [str(f) for f in files if f.name == "py.typed"]
    stubs = len([f for f in files if str(f).endswith(".pyi")])
    return Observation(
        present=bool(typed),
        detail=f"py.typed in the installed distribution's RECORD: {typed or 'none'}; .pyi files: {stubs}",
    )
