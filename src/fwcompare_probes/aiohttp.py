"""Probes for aiohttp's web server (aiohttp.web).

aiohttp's own test client (aiohttp.test_utils.TestClient) runs the app on its
real HTTP server, bound to a free port on 127.0.0.1: the probes that send
requests use it, so they open loopback sockets but reach no outside network.
"""

from __future__ import annotations

import asyncio
import functools
import importlib.util
import os
import tempfile
from collections.abc import Awaitable, Callable
from typing import Any

from fwcompare_probes import Observation, ProbeSet, security_headers_among
from fwcompare_probes._search import module_check, py_typed

probes = ProbeSet("aiohttp")


def _serve(app: Any, use: Callable[[Any], Awaitable[Any]]) -> Any:
    """Run *use(client)* against *app* through aiohttp's own test client."""
    from aiohttp.test_utils import TestClient, TestServer

    async def main() -> Any:
        async with TestClient(TestServer(app)) as client:
            return await use(client)

    return asyncio.run(main())


async def _get(client: Any, path: str) -> tuple[int, str]:
    response = await client.get(path)
    return response.status, await response.text()


@probes.register("interface")
def interface() -> Observation:
    from aiohttp import web

    async def index(request: Any) -> Any:
        return web.Response(text="served")

    app = web.Application()
    app.router.add_get("/", index)
    status, body = _serve(app, lambda c: _get(c, "/"))
    own = status == 200 and body == "served"

    def refuses(*args: Any) -> str | None:
        try:
            result = web.Application()(*args)
        except TypeError as exc:
            return str(exc)
        return None if result is None else f"returned {type(result).__name__}"

    wsgi = refuses({"REQUEST_METHOD": "GET", "PATH_INFO": "/"}, lambda *a: None)
    asgi = refuses({"type": "http"}, None, None)
    tags = ("own-server",) if own else ()
    return Observation(
        present=True,
        detail=(
            f"aiohttp's own server (TestServer) answered GET / -> {status} {body!r}; "
            f"Application called WSGI-style: {wsgi}; called ASGI-style: {asgi}"
        ),
        value=tags,
    )


@probes.register("routing")
def routing() -> Observation:
    from aiohttp import web

    async def table(request: Any) -> Any:
        return web.Response(text="table")

    app = web.Application()
    app.router.add_get("/table", table)
    decorated = hasattr(web, "RouteTableDef")
    if decorated:
        routes = web.RouteTableDef()

        @routes.get("/decorated")
        async def deco(request: Any) -> Any:
            return web.Response(text="decorated")

        app.router.add_routes(routes)

    async def use(client: Any) -> tuple[tuple[int, str], tuple[int, str] | None]:
        first = await _get(client, "/table")
        second = await _get(client, "/decorated") if decorated else None
        return first, second

    table_result, deco_result = _serve(app, use)
    tags = []
    if table_result == (200, "table"):
        tags.append("route-table")
    if deco_result == (200, "decorated"):
        tags.append("decorators")
    return Observation(
        present=True,
        detail=(
            f"app.router.add_get('/table') -> {table_result}; "
            f"web.RouteTableDef @routes.get('/decorated') -> "
            f"{deco_result if decorated else 'aiohttp.web has no RouteTableDef'}"
        ),
        value=tuple(tags),
    )


@probes.register("async_views")
def async_views() -> Observation:
    from aiohttp import web

    async def index(request: Any) -> Any:
        await asyncio.sleep(0)
        return web.Response(text="awaited")

    app = web.Application()
    app.router.add_get("/", index)
    status, body = _serve(app, lambda c: _get(c, "/"))
    return Observation(
        present=status == 200 and body == "awaited",
        detail=f"async def handler, GET / through the test client -> {status} {body!r}",
    )


@probes.register("websockets")
def websockets() -> Observation:
    from aiohttp import web

    async def ws_handler(request: Any) -> Any:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        message = await ws.receive_str()
        await ws.send_str(message.upper())
        await ws.close()
        return ws

    app = web.Application()
    app.router.add_get("/ws", ws_handler)

    async def use(client: Any) -> str:
        conn = await client.ws_connect("/ws")
        await conn.send_str("ping")
        reply = await conn.receive_str()
        await conn.close()
        return reply

    reply = _serve(app, use)
    return Observation(
        present=reply == "PING",
        detail=f"web.WebSocketResponse echo handler: sent 'ping', got {reply!r}",
    )


@probes.register("background_tasks")
def background_tasks() -> Observation:
    from aiohttp import web

    names = [n for n in ("BackgroundTasks", "spawn", "add_background_task") if hasattr(web, n)]
    request_api = [n for n in ("add_background_task", "spawn") if hasattr(web.Request, n)]
    return Observation(
        present=bool(names or request_api),
        detail=(
            f"aiohttp.web names for handler-scheduled tasks: {names or 'none'}; "
            f"web.Request methods: {request_api or 'none'} "
            f"(aiojobs installed: {importlib.util.find_spec('aiojobs') is not None})"
        ),
    )


@probes.register("dependency_injection")
def dependency_injection() -> Observation:
    from aiohttp import web

    names = [n for n in ("Depends", "Inject", "inject", "Provide") if hasattr(web, n)]
    return Observation(
        present=bool(names),
        detail=f"aiohttp.web dependency-injection helpers: {names or 'none'} "
        "(checked Depends, Inject, inject, Provide)",
    )


@probes.register("templating")
def templating() -> Observation:
    from aiohttp import web

    names = [n for n in ("render_template", "template") if hasattr(web, n)]
    found = module_check("template engine in aiohttp", "aiohttp.templating", "aiohttp.web_templates")
    return Observation(
        present=bool(names) or bool(found.present),
        detail=f"aiohttp.web template helpers: {names or 'none'}; {found.detail}",
    )


@probes.register("template_autoescape")
def template_autoescape() -> Observation:
    from aiohttp import web

    names = [n for n in ("render_template", "template") if hasattr(web, n)]
    return Observation(
        present=bool(names),
        detail=f"aiohttp.web renders no templates itself, so nothing to autoescape; "
        f"template helpers found: {names or 'none'}",
    )


@probes.register("sessions")
def sessions() -> Observation:
    from aiohttp import web

    names = [n for n in ("get_session", "Session", "session_middleware") if hasattr(web, n)]
    found = module_check("sessions in aiohttp", "aiohttp.session", "aiohttp.web_session")
    return Observation(
        present=bool(names) or bool(found.present),
        detail=f"aiohttp.web session helpers: {names or 'none'}; {found.detail}",
    )


@probes.register("security_headers")
def security_headers() -> Observation:
    from aiohttp import web

    async def index(request: Any) -> Any:
        return web.Response(text="plain")

    app = web.Application()
    app.router.add_get("/", index)

    async def use(client: Any) -> list[str]:
        response = await client.get("/")
        await response.read()
        return list(response.headers.keys())

    names = _serve(app, use)
    found = security_headers_among(names)
    return Observation(
        present=bool(found),
        detail=f"default response headers: {names}; security headers among them: {found or 'none'}",
    )


@probes.register("static_files")
def static_files() -> Observation:
    from aiohttp import web

    with tempfile.TemporaryDirectory() as root:
        with open(os.path.join(root, "site.css"), "w") as handle:
            handle.write("body{}")
        app = web.Application()
        app.router.add_static("/static", root)
        status, body = _serve(app, lambda c: _get(c, "/static/site.css"))
    return Observation(
        present=status == 200 and body == "body{}",
        detail=f"app.router.add_static('/static', dir) then GET /static/site.css -> {status} {body!r}",
    )


@probes.register("test_client")
def test_client() -> Observation:
    from aiohttp import web

    async def index(request: Any) -> Any:
        return web.Response(text="tested")

    app = web.Application()
    app.router.add_get("/", index)
    status, body = _serve(app, lambda c: _get(c, "/"))
    return Observation(
        present=status == 200 and body == "tested",
        detail=f"aiohttp.test_utils.TestClient(TestServer(app)).get('/') -> {status} {body!r}",
    )


@probes.register("cli")
def cli() -> Observation:
    from aiohttp import web

    main = getattr(web, "main", None)
    commands = [n for n in ("cli", "command", "commands") if hasattr(web, n)]
    return Observation(
        present=callable(main),
        detail=(
            f"aiohttp.web.main (behind `python -m aiohttp.web`) exists: {callable(main)}; "
            f"custom-command API in aiohttp.web: {commands or 'none'}"
        ),
    )


probes.register("type_hints")(functools.partial(py_typed, "aiohttp"))


probes.not_probeable = {}


# The probes that are one call of module_check, by criterion.
probes.register_each(
    module_check,
    {
        "orm": ("ORM in aiohttp", "aiohttp.orm", "aiohttp.db", "aiohttp.models"),
        "migrations": ("migrations in aiohttp", "aiohttp.migrations", "aiohttp.migrate"),
        "admin": ("admin interface in aiohttp", "aiohttp.admin", "aiohttp.web_admin"),
        "forms": ("form classes in aiohttp", "aiohttp.forms", "aiohttp.web_forms"),
        "auth": ("authentication in aiohttp", "aiohttp.web_auth", "aiohttp.security"),
        "csrf": ("CSRF protection in aiohttp", "aiohttp.csrf", "aiohttp.web_csrf"),
        "i18n": ("translation support in aiohttp", "aiohttp.i18n", "aiohttp.babel"),
        "caching": ("cache API in aiohttp", "aiohttp.cache", "aiohttp.web_cache"),
        "sitemaps": ("sitemap generation in aiohttp", "aiohttp.sitemaps", "aiohttp.sitemap"),
        "syndication": ("feed generation in aiohttp", "aiohttp.feeds", "aiohttp.syndication"),
        "openapi": ("OpenAPI generation in aiohttp", "aiohttp.openapi", "aiohttp.web_openapi"),
        "project_scaffold": ("project generator in aiohttp", "aiohttp.scaffold", "aiohttp.templates"),
    },
)
