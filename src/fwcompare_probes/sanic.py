"""Probes for Sanic (distribution ``sanic``), an async framework with its own server.

Requests are driven through Sanic's own ASGI interface (``await app(scope,
receive, send)``, with a lifespan startup/shutdown around them), so no socket
is opened and no test package is needed: since 21.3 the test client lives in the
separate ``sanic-testing`` distribution. Extension-level facts (Sanic Extensions,
sanic-testing) are checked as absent from Sanic itself.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from fwcompare_probes import Observation, ProbeSet

if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import TypeAlias

    from fwcompare_probes import ProbeFn

    # An ASGI message or scope, and one exchange: (scope, inbound messages).
    Message: TypeAlias = dict[str, Any]
    Exchange: TypeAlias = tuple[Message, list[Message]]

probes = ProbeSet("sanic")

probes.not_probeable = {}

_counter = itertools.count()


def _app() -> Any:
    """A fresh app with a unique name, without logging setup or TouchUp."""
    from sanic import Sanic

    app = Sanic(f"fwcompare_probe_{next(_counter)}", configure_logging=False)
    # TouchUp rewrites Sanic's own methods per app; a second app in the same
    # process then fails at startup, so turn it off (unknown key before 21.12).
    app.config.TOUCHUP = False
    return app


def _http_scope(path: str, method: str = "GET", headers: Iterable[tuple[bytes, bytes]] = ()) -> Message:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"probe.local"), *headers],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 80),
    }


def _ws_scope(path: str) -> Message:
    scope = _http_scope(path)
    del scope["method"]
    scope.update(type="websocket", scheme="ws", subprotocols=[])
    return scope


class _NoASGI(Exception):
    """The installed Sanic predates its ASGI interface (19.6)."""


def _serve(app: Any, exchanges: list[Exchange]) -> list[list[Message]]:
    """Start *app* through ASGI lifespan, run each (scope, inbound messages)
    exchange, shut down, and return the list of sent messages per exchange.

    Raises _NoASGI when the app is not an ASGI callable (Sanic < 19.6).
    """
    import asyncio
    import contextlib

    async def call(scope: Message, inbound: list[Message], sent: list[Message]) -> None:
        queue: asyncio.Queue[Message] = asyncio.Queue()
        for message in inbound:
            queue.put_nowait(message)
        closing: Message | None = (
            {"type": "http.disconnect"}
            if scope["type"] == "http"
            else ({"type": "websocket.disconnect", "code": 1000} if scope["type"] == "websocket" else None)
        )

        async def receive() -> Message:
            if queue.empty() and closing is not None:
                return closing
            return await queue.get()

        async def send(message: Message) -> None:
            if message.get("headers") is not None:
                message = dict(message, headers=list(message["headers"]))
            sent.append(message)

        try:
            await asyncio.wait_for(app(scope, receive, send), 5)
        except TypeError as exc:
            if "positional argument" in str(exc):
                raise _NoASGI(f"app(scope, receive, send) -> TypeError: {exc}") from exc
            raise

    async def lifespan_and_run() -> list[list[Message]]:
        lifespan_sent: list[Message] = []
        lifespan_queue: asyncio.Queue[Message] = asyncio.Queue()
        lifespan_queue.put_nowait({"type": "lifespan.startup"})

        async def lifespan_runner() -> None:
            # Some releases (21.x) handle only the first lifespan message and
            # then fail; requests still work, so those errors are ignored.
            async def receive() -> Message:
                return await lifespan_queue.get()

            async def send(message: Message) -> None:
                lifespan_sent.append(message)

            try:
                await app({"type": "lifespan", "asgi": {"version": "3.0"}}, receive, send)
            except TypeError as exc:
                if "positional argument" in str(exc):
                    raise _NoASGI(f"app(scope, receive, send) -> TypeError: {exc}") from exc
            except Exception:  # 21.x fails after startup, see above
                pass

        lifespan = asyncio.ensure_future(lifespan_runner())
        for _ in range(1000):
            if lifespan_sent or lifespan.done():
                break
            await asyncio.sleep(0)
        if lifespan.done():
            lifespan.result()  # re-raises _NoASGI
        results: list[list[Message]] = []
        for scope, inbound in exchanges:
            sent: list[Message] = []
            await call(scope, inbound, sent)
            for _ in range(5):  # let tasks scheduled by the handler run
                await asyncio.sleep(0)
            results.append(sent)
        lifespan_queue.put_nowait({"type": "lifespan.shutdown"})
        for _ in range(1000):
            if lifespan.done():
                break
            await asyncio.sleep(0)
        if not lifespan.done():  # some old releases never finish the lifespan call
            lifespan.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await lifespan
        return results

    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(lifespan_and_run())
    finally:
        loop.close()


def _needs_asgi(fn: ProbeFn) -> ProbeFn:
    """Report, instead of crashing, when the release cannot be driven in-process."""
    import functools

    @functools.wraps(fn)
    def wrapper() -> Observation:
        try:
            return fn()
        except _NoASGI as exc:
            return Observation(
                present=None,
                detail=f"not observable in-process on this release (no ASGI interface before 19.6): {exc}",
            )

    return wrapper


def _get(
    app: Any, *paths: str, method: str = "GET", body: bytes = b"", headers: Iterable[tuple[bytes, bytes]] = ()
) -> list[tuple[Any, Any, bytes]]:
    """(status, headers, body) for each path."""
    exchanges: list[Exchange] = [
        (_http_scope(p, method, headers), [{"type": "http.request", "body": body, "more_body": False}]) for p in paths
    ]
    out: list[tuple[Any, Any, bytes]] = []
    for sent in _serve(app, exchanges):
        start = next((m for m in sent if m["type"] == "http.response.start"), {})
        data = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
        out.append((start.get("status"), start.get("headers", []), data))
    return out


def _names(*words: str) -> list[str]:
    """Submodule names of sanic and public names of sanic, Sanic, Request and
    HTTPResponse containing one of *words* (case-insensitive)."""
    import pkgutil

    import sanic
    from sanic.request import Request
    from sanic.response import HTTPResponse

    found: set[str] = set()
    for info in pkgutil.walk_packages(sanic.__path__, "sanic."):
        if any(w in info.name.lower() for w in words):
            found.add(info.name)
    for holder in (sanic, sanic.Sanic, Request, HTTPResponse):
        for name in dir(holder):
            if not name.startswith("_") and any(w in name.lower() for w in words):
                found.add(name)
    return sorted(found)


def _absent(words: tuple[str, ...], what: str, ignore: tuple[str, ...] = ()) -> Observation:
    found = [n for n in _names(*words) if n not in ignore]
    return Observation(
        present=bool(found),
        detail=f"searched sanic submodules and sanic/Sanic/Request/HTTPResponse names for "
        f"{words}: {found or 'no such names'} ({what})",
    )


def _ext_attr(app: Any) -> tuple[Any, str]:
    """What app.ext gives without Sanic Extensions installed."""
    try:
        ext = app.ext
    except (AttributeError, ImportError, RuntimeError) as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else ""
        return None, f"app.ext -> {type(exc).__name__}: {first_line}"
    return ext, f"app.ext -> {type(ext).__name__}"


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


@probes.register("auth")
def auth() -> Observation:
    return _absent(
        ("login", "logout", "password", "authenticat"), "auth is left to the application", ignore=("credentials",)
    )


@probes.register("security_headers")
@_needs_asgi
def security_headers() -> Observation:
    from sanic import response

    app = _app()

    @app.get("/")
    async def index(request: Any) -> Any:
        return response.html("<p>hi</p>")

    ((status, headers, _),) = _get(app, "/")
    names = [k.decode().lower() if isinstance(k, bytes) else k.lower() for k, _ in headers]
    wanted = {
        "strict-transport-security",
        "x-frame-options",
        "x-content-type-options",
        "content-security-policy",
        "referrer-policy",
    }
    got = sorted(n for n in names if n in wanted)
    return Observation(
        present=bool(got),
        detail=f"headers of an HTML response ({status}): {names}; security headers: {got or 'none'}",
    )


@probes.register("caching")
def caching() -> Observation:
    return _absent(("cache",), "no cache API", ignore=("is_cacheable",))


@probes.register("static_files")
@_needs_asgi
def static_files() -> Observation:
    import os
    import tempfile

    app = _app()
    with tempfile.TemporaryDirectory() as root:
        with open(os.path.join(root, "a.css"), "w") as fh:
            fh.write("body{}")
        app.static("/static", root)
        ((status, headers, body),) = _get(app, "/static/a.css")
    ctype = next(
        (
            v.decode() if isinstance(v, bytes) else v
            for k, v in headers
            if (k.decode() if isinstance(k, bytes) else k).lower() == "content-type"
        ),
        None,
    )
    return Observation(
        present=status == 200 and body == b"body{}",
        detail=f"app.static('/static', tmp) GET /static/a.css -> {status} {ctype} {body!r}",
    )


@probes.register("test_client")
def test_client() -> Observation:
    import importlib.util

    app = _app()
    try:
        client = app.test_client
    except ImportError as exc:
        return Observation(
            present=False,
            detail=f"app.test_client -> {type(exc).__name__}: {exc} "
            f"(sanic-testing installed: {importlib.util.find_spec('sanic_testing') is not None})",
        )
    module = type(client).__module__
    return Observation(
        present=not module.startswith("sanic_testing"),
        detail=f"app.test_client -> {type(client).__name__} from {module} "
        "(a client from sanic_testing is the extension, not Sanic itself)",
    )


@probes.register("cli")
def cli() -> Observation:
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "sanic", "--help"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    text = proc.stdout + proc.stderr
    runs = proc.returncode == 0 and "--port" in text
    commands = [c for c in ("exec", "inspect", "--dev", "--simple") if c in text]
    app = _app()
    return Observation(
        present=runs,
        detail=f"python -m sanic --help -> exit {proc.returncode}; mentions {commands}; "
        f"Sanic.command (custom commands) present: {hasattr(app, 'command')}",
    )


@probes.register("project_scaffold")
def project_scaffold() -> Observation:
    import re
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "sanic", "help", "--full"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    text = proc.stdout + proc.stderr
    if proc.returncode != 0:  # before the 'help' action existed
        proc = subprocess.run([sys.executable, "-m", "sanic", "--help"], capture_output=True, text=True, timeout=30)
        text = proc.stdout + proc.stderr
    options = sorted(set(re.findall(r"--[a-z][a-z-]*", text)))
    scaffold = [o for o in options if any(w in o for w in ("new", "init", "create", "startproject"))]
    return Observation(
        present=bool(scaffold),
        detail=f"sanic CLI options ({len(options)}): project generation options: {scaffold or 'none'}",
    )


@probes.register("type_hints")
def type_hints() -> Observation:
    import importlib.metadata

    files = importlib.metadata.distribution("sanic").files or []
    typed = [str(f) for f in files if f.name == "py.typed"]
    return Observation(
        present=bool(typed),
        detail=f"py.typed in the installed distribution's RECORD: {typed or 'none'}",
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
        "csrf": (("csrf", "xsrf"), "no CSRF protection"),
        "sessions": (("session",), "only cookies"),
        "i18n": (("gettext", "translat", "i18n", "babel"), "no translation support"),
        "sitemaps": (("sitemap",), "no sitemap support"),
        "syndication": (("rss", "atom", "syndicat"), "no feed support"),
        "openapi": (("openapi", "swagger"), "OpenAPI comes from Sanic Extensions"),
    },
)
