"""Probes for Quart: each builds a tiny app and drives it through Quart's own test client."""

from __future__ import annotations

import asyncio
import functools
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from fwcompare_probes import Observation, ProbeSet, security_headers_among
from fwcompare_probes._search import module_check, py_typed

probes = ProbeSet("quart")


def _run(coro_fn: Callable[[], Awaitable[Any]]) -> Any:
    return asyncio.run(coro_fn())  # type: ignore[arg-type]


async def _text(response: Any) -> str:
    data = await response.get_data()
    return data.decode() if isinstance(data, bytes) else str(data)


def _app(**kwargs: Any) -> Any:
    from quart import Quart

    app = Quart(__name__, **kwargs)
    app.secret_key = "fwcompare-probe"
    return app


@probes.register("interface")
def interface() -> Observation:
    app = _app()

    @app.route("/")
    async def index() -> str:
        return "asgi"

    sent: list[dict[str, Any]] = []
    requested = False

    async def receive() -> dict[str, Any]:
        nonlocal requested
        if not requested:
            requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/",
        "raw_path": b"/",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"localhost")],
        "client": ("127.0.0.1", 1),
        "server": ("localhost", 80),
        "extensions": {},
    }

    async def call() -> None:
        await app(scope, receive, send)

    _run(call)
    starts = [m for m in sent if m.get("type") == "http.response.start"]
    asgi_ok = bool(starts) and starts[0].get("status") == 200
    try:
        app({"REQUEST_METHOD": "GET", "PATH_INFO": "/"}, lambda *a: None)
        wsgi_ok = True
        wsgi_detail = "a WSGI call (environ, start_response) was accepted"
    except TypeError as exc:
        wsgi_ok = False
        wsgi_detail = f"a WSGI call raised TypeError: {exc}"
    tags = tuple(t for t, ok in (("WSGI", wsgi_ok), ("ASGI", asgi_ok)) if ok)
    return Observation(
        present=True,
        detail=(
            f"app(scope, receive, send) with an HTTP scope sent status "
            f"{starts[0].get('status') if starts else None}; {wsgi_detail}; "
            "app.run() delegates to Hypercorn, a separate package"
        ),
        value=tags,
    )


@probes.register("routing")
def routing() -> Observation:
    app = _app()

    @app.route("/hello/<name>")
    async def hello(name: str) -> str:
        return f"hello {name}"

    async def listed() -> str:
        return "listed"

    app.add_url_rule("/listed", "listed", listed)

    async def call() -> tuple[tuple[int, str], tuple[int, str]]:
        client = app.test_client()
        first = await client.get("/hello/probe")
        second = await client.get("/listed")
        return (first.status_code, await _text(first)), (second.status_code, await _text(second))

    decorated, table = _run(call)
    tags = []
    if table == (200, "listed"):
        tags.append("route-table")
    if decorated == (200, "hello probe"):
        tags.append("decorators")
    return Observation(
        present=True,
        detail=(
            f"@app.route('/hello/<name>') then GET /hello/probe -> {decorated}; "
            f"app.add_url_rule('/listed', ...) then GET /listed -> {table}"
        ),
        value=tuple(tags),
    )


@probes.register("async_views")
def async_views() -> Observation:
    app = _app()

    @app.route("/")
    async def index() -> str:
        await asyncio.sleep(0)
        return "awaited"

    async def call() -> tuple[int, str]:
        response = await app.test_client().get("/")
        return response.status_code, await _text(response)

    status, body = _run(call)
    return Observation(
        present=status == 200 and body == "awaited",
        detail=f"async def view via test client GET / -> {status} {body!r}",
    )


@probes.register("websockets")
def websockets() -> Observation:
    from quart import websocket

    app = _app()
    if not hasattr(app, "websocket"):
        return Observation(present=False, detail="Quart app has no websocket() route decorator")

    @app.websocket("/ws")
    async def ws() -> None:
        message = await websocket.receive()
        await websocket.send(message.upper())

    async def call() -> str:
        async with app.test_client().websocket("/ws") as conn:
            await conn.send("ping")
            return str(await conn.receive())

    reply = _run(call)
    return Observation(
        present=reply == "PING",
        detail=f"@app.websocket('/ws') echo via test_client().websocket: sent 'ping', got {reply!r}",
    )


@probes.register("background_tasks")
def background_tasks() -> Observation:
    app = _app()
    if not hasattr(app, "add_background_task"):
        return Observation(present=False, detail="Quart app has no add_background_task() (AttributeError)")
    ran: list[str] = []

    async def task() -> None:
        ran.append("done")

    @app.route("/")
    async def index() -> str:
        app.add_background_task(task)
        return "scheduled"

    async def call() -> int:
        async with app.test_app() as test_app:
            response = await test_app.test_client().get("/")
        return response.status_code

    status = _run(call)
    return Observation(
        present=status == 200 and ran == ["done"],
        detail=f"app.add_background_task() in a view: GET / -> {status}, task ran: {ran}",
    )


@probes.register("dependency_injection")
def dependency_injection() -> Observation:
    import quart

    names = [n for n in ("Depends", "Inject", "inject", "Provide") if hasattr(quart, n)]
    return Observation(
        present=bool(names),
        detail=f"quart exports dependency-injection helpers: {names or 'none'} "
        "(checked Depends, Inject, inject, Provide)",
    )


@probes.register("templating")
def templating() -> Observation:
    import jinja2
    from quart import render_template_string

    app = _app()

    async def call() -> str:
        async with app.app_context():
            return await render_template_string("{{ a }}+{{ b }}", a=1, b=2)

    html = _run(call)
    is_jinja = isinstance(app.jinja_env, jinja2.Environment)
    return Observation(
        present=html == "1+2" and is_jinja,
        detail=f"render_template_string('{{{{ a }}}}+{{{{ b }}}}') -> {html!r}; "
        f"app.jinja_env is a jinja2.Environment: {is_jinja}",
        value="Jinja" if is_jinja else None,
    )


@probes.register("template_autoescape")
def template_autoescape() -> Observation:
    from quart import render_template_string

    app = _app()

    async def call() -> str:
        async with app.app_context():
            return await render_template_string("{{ v }}", v="<b>")

    html = _run(call)
    rule = {
        name: app.select_jinja_autoescape(name) for name in ("t.html", "t.htm", "t.xml", "t.xhtml", "t.svg", "t.txt")
    }
    return Observation(
        present=html == "&lt;b&gt;",
        detail=f"render_template_string('{{{{ v }}}}', v='<b>') -> {html!r}; select_jinja_autoescape: {rule}",
    )


@probes.register("sessions")
def sessions() -> Observation:
    from quart import session

    app = _app()

    @app.route("/set")
    async def set_() -> str:
        session["k"] = "v"
        return "set"

    @app.route("/get")
    async def get() -> str:
        return str(session.get("k"))

    async def call() -> tuple[str, str]:
        client = app.test_client()
        await client.get("/set")
        response = await client.get("/get")
        return await _text(response), type(app.session_interface).__name__

    body, interface = _run(call)
    return Observation(
        present=body == "v",
        detail=f"session['k'] set in one request, read in the next -> {body!r} (session interface {interface})",
    )


@probes.register("security_headers")
def security_headers() -> Observation:
    app = _app()

    @app.route("/")
    async def index() -> str:
        return "plain"

    async def call() -> list[str]:
        response = await app.test_client().get("/")
        return list(response.headers.keys())

    names = _run(call)
    found = security_headers_among(names)
    return Observation(
        present=bool(found),
        detail=f"default response headers: {names}; security headers among them: {found or 'none'}",
    )


@probes.register("static_files")
def static_files() -> Observation:
    with tempfile.TemporaryDirectory() as root:
        static = Path(root) / "static"
        static.mkdir()
        (static / "site.css").write_text("body{}")
        app = _app(static_folder=str(static))

        async def call() -> tuple[int, str]:
            response = await app.test_client().get("/static/site.css")
            return response.status_code, await _text(response)

        status, body = _run(call)
    return Observation(
        present=status == 200 and body == "body{}",
        detail=f"GET /static/site.css from the static folder -> {status} {body!r}",
    )


@probes.register("test_client")
def test_client() -> Observation:
    app = _app()

    @app.route("/")
    async def index() -> str:
        return "tested"

    async def call() -> tuple[str, int, str]:
        client = app.test_client()
        response = await client.get("/")
        return type(client).__name__, response.status_code, await _text(response)

    name, status, body = _run(call)
    return Observation(
        present=status == 200 and body == "tested",
        detail=f"app.test_client() ({name}).get('/') -> {status} {body!r}",
    )


def _cli_commands() -> tuple[list[str], list[str]]:
    from importlib.metadata import entry_points

    from quart import cli as quart_cli

    group = getattr(quart_cli, "cli", None)
    commands = sorted(getattr(group, "commands", {}) or {})
    scripts = [e.value for e in entry_points(group="console_scripts") if e.name == "quart"]
    return commands, scripts


@probes.register("cli")
def cli() -> Observation:
    commands, scripts = _cli_commands()
    return Observation(
        present=bool(scripts) and "run" in commands,
        detail=f"console script 'quart' -> {scripts or 'none'}; quart.cli.cli commands: {commands}",
    )


@probes.register("project_scaffold")
def project_scaffold() -> Observation:
    commands, scripts = _cli_commands()
    scaffold = [c for c in commands if c in ("new", "init", "startproject", "create", "scaffold")]
    return Observation(
        present=bool(scaffold),
        detail=f"quart command group {scripts or 'none'} offers {commands}; "
        f"project-generating commands among them: {scaffold or 'none'}",
    )


probes.register("type_hints")(functools.partial(py_typed, "quart"))


probes.not_probeable = {}


# The probes that are one call of module_check, by criterion.
probes.register_each(
    module_check,
    {
        "orm": ("ORM in quart", "quart.orm", "quart.db", "quart.models"),
        "migrations": ("migrations in quart", "quart.migrations", "quart.migrate"),
        "admin": ("admin in quart", "quart.admin", "quart.contrib"),
        "forms": ("form classes in quart", "quart.forms", "quart.wtf"),
        "auth": ("authentication in quart", "quart.auth", "quart.login"),
        "csrf": ("CSRF protection in quart", "quart.csrf"),
        "i18n": ("translation support in quart", "quart.i18n", "quart.babel"),
        "caching": ("cache API in quart", "quart.cache", "quart.caching"),
        "sitemaps": ("sitemap generation in quart", "quart.sitemaps", "quart.sitemap"),
        "syndication": ("feed generation in quart", "quart.feeds", "quart.syndication"),
        "openapi": ("OpenAPI generation in quart", "quart.openapi", "quart.schema"),
    },
)
