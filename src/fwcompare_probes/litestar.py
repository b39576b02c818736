"""Probes for Litestar.

Requests go through Litestar's own ``litestar.testing.TestClient``, which
calls the ASGI application in-process (no server, no network). Template
probes render with whichever engine library (Jinja2, Mako, MiniJinja; the
``litestar[jinja]``-style extras) is installed and say so when none is.
"""

# Handler annotations are evaluated at runtime on Python 3.8 (see below), so they
# keep the ``typing`` generics: no ``list[...]``/``collections.abc`` rewrites.
# ruff: noqa: UP006, UP035

import importlib.util
import os
import tempfile
from contextlib import contextmanager
from typing import Any, Iterator, List, Tuple

from fwcompare_probes import Observation, ProbeSet
from fwcompare_probes._search import modules_named, modules_on_disk

# No ``from __future__ import annotations`` here: Litestar reads handler
# annotations at runtime, and handlers defined inside probes refer to local
# names that string annotations could not be resolved against. Annotations
# therefore use ``typing`` generics, which Python 3.8 evaluates.

probes = ProbeSet("litestar")


@contextmanager
def _client(*handlers: Any, **app_kwargs: Any) -> Iterator[Any]:
    import logging

    from litestar import Litestar
    from litestar.testing import TestClient

    # TestClient logs each request through httpx; keep probe output quiet.
    httpx_logger = logging.getLogger("httpx")
    level = httpx_logger.level
    httpx_logger.setLevel(logging.WARNING)
    try:
        # logging_config=None: the default logging setup starts a queue-listener
        # thread per app that outlives the probe.
        app = Litestar(route_handlers=list(handlers), logging_config=None, **app_kwargs)
        with TestClient(app) as client:
            yield client
    finally:
        httpx_logger.setLevel(level)


def _submodules_named(*words: str) -> List[str]:
    """Litestar's own modules whose last name part starts with one of *words*."""
    return modules_named(modules_on_disk("litestar"), *words)


def _module_probe(label: str, words: Tuple[str, ...]) -> Observation:
    found = _submodules_named(*words)
    return Observation(
        present=bool(found),
        detail=f"{label}: litestar modules named like {list(words)}: {found or 'none'}",
    )


def _core_requirements() -> List[str]:
    """Litestar's unconditional requirements (no extra marker)."""
    from importlib.metadata import requires

    return [r for r in (requires("litestar") or []) if "extra ==" not in r]


def _extras_naming(*words: str) -> List[str]:
    from importlib.metadata import requires

    return sorted({r for r in (requires("litestar") or []) if "extra ==" in r and any(w in r.lower() for w in words)})


def _dependency_probe(label: str, words: Tuple[str, ...], module_words: Tuple[str, ...]) -> Observation:
    core = [r for r in _core_requirements() if any(w in r.lower() for w in words)]
    extras = _extras_naming(*words)
    modules = _submodules_named(*module_words)
    return Observation(
        present=bool(core or modules),
        detail=(
            f"{label}: core requirements naming {list(words)}: {core or 'none'}; "
            f"litestar modules named like {list(module_words)}: {modules or 'none'}; "
            f"optional extras: {extras or 'none'}"
        ),
    )


@probes.register("interface")
def interface() -> Observation:
    import inspect

    from litestar import Litestar, get

    @get("/", sync_to_thread=False)
    def home() -> str:
        return "asgi"

    app = Litestar(route_handlers=[home], logging_config=None)
    params = list(inspect.signature(app.__call__).parameters)
    is_asgi = inspect.iscoroutinefunction(app.__call__) and params[:3] == ["scope", "receive", "send"]
    with _client(home) as client:
        r = client.get("/")
    tags = []
    wsgi = _submodules_named("wsgi")
    if wsgi:
        tags.append("WSGI")
    if is_asgi and r.text == "asgi":
        tags.append("ASGI")
    servers = [m for m in _submodules_named("server", "httpserver") if m.rsplit(".", 1)[-1] in ("server", "httpserver")]
    servers = [m for m in servers if ".openapi." not in m]  # OpenAPI's Server object is not an HTTP server
    if servers:
        tags.append("own-server")
    return Observation(
        present=True,
        detail=(
            f"Litestar.__call__ is async with parameters {params}; TestClient GET / -> "
            f"{r.status_code} {r.text!r}; WSGI modules: {wsgi or 'none'}; server modules: {servers or 'none'}"
        ),
        value=tuple(tags),
    )


@probes.register("routing")
def routing() -> Observation:
    import litestar.params
    from litestar import get

    # Explicit FromPath where it exists: later 2.x releases deprecate inferred path parameters.
    path_str = litestar.params.FromPath[str] if hasattr(litestar.params, "FromPath") else str

    @get("/hello/{name:str}", sync_to_thread=False)
    def hello(name: path_str) -> str:  # type: ignore[valid-type]
        return "hello " + name

    with _client(hello) as client:
        r = client.get("/hello/ada")
    tags = ("decorators",) if r.text == "hello ada" else ()
    return Observation(
        present=True,
        detail=f"@get('/hello/{{name:str}}') handler GET /hello/ada -> {r.status_code} {r.text!r}",
        value=tags,
    )


@probes.register("async_views")
def async_views() -> Observation:
    from litestar import get

    @get("/")
    async def home() -> str:
        return "awaited"

    with _client(home) as client:
        r = client.get("/")
    return Observation(present=r.text == "awaited", detail=f"'async def' handler GET / -> {r.status_code} {r.text!r}")


@probes.register("websockets")
def websockets() -> Observation:
    from litestar import websocket_listener

    @websocket_listener("/ws")
    async def echo(data: str) -> str:
        return "echo:" + data

    with _client(echo) as client, client.websocket_connect("/ws") as ws:
        ws.send_text("hi")
        reply = ws.receive_text()
    return Observation(present=reply == "echo:hi", detail=f"@websocket_listener echo: sent 'hi', got {reply!r}")


@probes.register("background_tasks")
def background_tasks() -> Observation:
    from litestar import Response, get
    from litestar.background_tasks import BackgroundTask

    ran: List[str] = []

    async def later(word: str) -> None:
        ran.append(word)

    @get("/")
    async def home() -> Response[str]:
        return Response("queued", background=BackgroundTask(later, "done"))

    with _client(home) as client:
        r = client.get("/")
    return Observation(
        present=ran == ["done"],
        detail=f"Response(background=BackgroundTask(fn)) GET / -> {r.status_code} {r.text!r}; task ran: {ran}",
    )


@probes.register("dependency_injection")
def dependency_injection() -> Observation:
    import litestar.di
    from litestar import get
    from litestar.di import Provide

    # Explicit NamedDependency where it exists: later 2.x releases deprecate inferred dependencies.
    db_str = litestar.di.NamedDependency[str] if hasattr(litestar.di, "NamedDependency") else str

    async def provide_db() -> str:
        return "sqlite"

    @get("/", dependencies={"db": Provide(provide_db)})
    async def home(db: db_str) -> str:  # type: ignore[valid-type]
        return "db=" + db

    with _client(home) as client:
        r = client.get("/")
    return Observation(
        present=r.text == "db=sqlite",
        detail=f"handler(db) with dependencies={{'db': Provide(provide_db)}} GET / -> {r.status_code} {r.text!r}",
    )


@probes.register("forms")
def forms() -> Observation:
    from dataclasses import dataclass

    from litestar import post
    from litestar.enums import RequestEncodingType
    from litestar.params import Body
    from typing_extensions import Annotated

    @dataclass
    class Signup:
        name: str
        age: int

    @post("/signup")
    async def signup(data: Annotated[Signup, Body(media_type=RequestEncodingType.URL_ENCODED)]) -> str:
        return f"{data.name}:{data.age}"

    with _client(signup) as client:
        ok = client.post("/signup", data={"name": "ada", "age": "36"})
        bad = client.post("/signup", data={"name": "ada", "age": "old"})
    renderers = _submodules_named("form", "widget")
    return Observation(
        present=ok.text == "ada:36" and bad.status_code == 400,
        detail=(
            f"url-encoded form into a dataclass: valid -> {ok.status_code} {ok.text!r}, "
            f"invalid age -> {bad.status_code}; form rendering modules: {renderers or 'none'}"
        ),
    )


def _engines() -> List[Tuple[str, Any, str, str]]:
    """(name, engine class, file name, template text) for each engine whose library is installed."""
    candidates = [
        (
            "Jinja2",
            "jinja2",
            ("litestar.plugins.jinja", "litestar.contrib.jinja"),
            "JinjaTemplateEngine",
            "page.html.jinja2",
            "<p>{{ x }}</p>",
        ),
        (
            "Mako",
            "mako",
            ("litestar.plugins.mako", "litestar.contrib.mako"),
            "MakoTemplateEngine",
            "page.html.mako",
            "<p>${x}</p>",
        ),
        (
            "MiniJinja",
            "minijinja",
            ("litestar.plugins.minijinja", "litestar.contrib.minijinja"),
            "MiniJinjaTemplateEngine",
            "page.html",
            "<p>{{ x }}</p>",
        ),
    ]
    found = []
    for name, lib, modules, cls, filename, text in candidates:
        if importlib.util.find_spec(lib) is None:
            continue
        for module in modules:  # plugins.* in later 2.x; contrib.* (deprecated there) before
            try:
                if importlib.util.find_spec(module) is None:
                    continue
                engine = getattr(importlib.import_module(module), cls, None)
            except ImportError:
                continue
            if engine is not None:
                found.append((name, engine, filename, text))
                break
    return found


def _render_all() -> List[Tuple[str, str]]:
    from pathlib import Path

    from litestar import get
    from litestar.response import Template
    from litestar.template.config import TemplateConfig

    results = []
    for name, engine, filename, text in _engines():
        with tempfile.TemporaryDirectory() as root:
            with open(os.path.join(root, filename), "w") as f:
                f.write(text)

            @get("/", sync_to_thread=False)
            def page() -> Template:
                # Used within this iteration only; a default argument would become a query parameter.
                return Template(template_name=filename, context={"x": "<b>"})  # noqa: B023

            config = TemplateConfig(directory=Path(root), engine=engine)
            with _client(page, template_config=config) as client:
                results.append((name, client.get("/").text))
    return results


_ENGINE_MODULES = (
    ("Jinja2", ("litestar.plugins.jinja", "litestar.contrib.jinja"), "autoescape=True"),
    ("Mako", ("litestar.plugins.mako", "litestar.contrib.mako"), 'default_filters=["h"]'),
    ("MiniJinja", ("litestar.plugins.minijinja", "litestar.contrib.minijinja", "litestar.contrib.minijnja"), None),
)


def _engine_sources() -> List[Tuple[str, str]]:
    """(engine name, source text of Litestar's engine module), read without importing it."""
    found = []
    for name, modules, _ in _ENGINE_MODULES:
        for module in modules:
            try:
                spec = importlib.util.find_spec(module)
            except ImportError:
                spec = None
            if spec is not None and spec.origin and spec.origin.endswith(".py"):
                with open(spec.origin, encoding="utf-8") as f:
                    text = f.read()
                if "TemplateEngine" in text and "import" in text and len(text) > 500:
                    found.append((name, text))
                    break
    return found


@probes.register("templating")
def templating() -> Observation:
    results = _render_all()
    if not results:
        engines = [name for name, _ in _engine_sources()]
        return Observation(
            present=bool(engines),
            detail=(
                "no engine library (jinja2, mako, minijinja) installed to render with; "
                f"Litestar engine modules present: {engines or 'none'}"
            ),
            value=", ".join(engines) or None,
        )
    return Observation(
        present=True,
        detail="Template responses rendered: " + "; ".join(f"{n}: {t!r}" for n, t in results),
        value=", ".join(n for n, _ in results),
    )


@probes.register("template_autoescape")
def template_autoescape() -> Observation:
    results = _render_all()
    if not results:
        # No engine library to render with: read how Litestar builds its engines.
        settings = {name: marker for name, _, marker in _ENGINE_MODULES if marker}
        checked = [(name, settings[name] in text) for name, text in _engine_sources() if name in settings]
        return Observation(
            present=bool(checked) and all(ok for _, ok in checked),
            detail=(
                "no engine library installed to render with; Litestar engine sources set escaping: "
                + (
                    "; ".join(f"{n}: {settings[n]!r} {'found' if ok else 'NOT found'}" for n, ok in checked)
                    or "none found"
                )
            ),
        )
    escaped = [n for n, t in results if "&lt;b&gt;" in t]
    return Observation(
        present=len(escaped) == len(results),
        detail="'<b>' rendered with engines set up from a directory: " + "; ".join(f"{n}: {t!r}" for n, t in results),
    )


@probes.register("auth")
def auth() -> Observation:
    from litestar import get
    from litestar.connection import ASGIConnection
    from litestar.exceptions import NotAuthorizedException
    from litestar.handlers.base import BaseRouteHandler

    def editors_only(connection: ASGIConnection, _: BaseRouteHandler) -> None:
        if connection.headers.get("x-user") != "ada":
            raise NotAuthorizedException()

    @get("/edit", guards=[editors_only], sync_to_thread=False)
    def edit() -> str:
        return "edited"

    with _client(edit) as client:
        anon = client.get("/edit")
        ada = client.get("/edit", headers={"x-user": "ada"})
    backends = [m for m in ("litestar.security.session_auth", "litestar.security.jwt") if importlib.util.find_spec(m)]
    hashing = _submodules_named("password", "hash")
    return Observation(
        present=anon.status_code == 401 and ada.status_code == 200,
        detail=(
            f"guard on /edit: anonymous -> {anon.status_code}, user ada -> {ada.status_code}; "
            f"security backends: {backends}; password hashing modules: {hashing or 'none'}"
        ),
    )


@probes.register("csrf")
def csrf() -> Observation:
    from litestar import post
    from litestar.config.csrf import CSRFConfig

    @post("/form", sync_to_thread=False)
    def form() -> str:
        return "accepted"

    with _client(form, csrf_config=CSRFConfig(secret="s3cret")) as client:
        r = client.post("/form", data={"a": "1"})
    return Observation(
        present=r.status_code == 403,
        detail=f"csrf_config=CSRFConfig(secret=...), POST /form without token -> {r.status_code}",
    )


@probes.register("sessions")
def sessions() -> Observation:
    from litestar import Request, get
    from litestar.middleware.session.server_side import ServerSideSessionConfig

    @get("/write", sync_to_thread=False)
    def write(request: Request) -> str:
        request.set_session({"name": "ada"})
        return "stored"

    @get("/read", sync_to_thread=False)
    def read(request: Request) -> str:
        return "name=" + str(request.session.get("name"))

    config = ServerSideSessionConfig()
    with _client(write, read, middleware=[config.middleware]) as client:
        client.get("/write")
        r = client.get("/read")
    return Observation(
        present=r.text == "name=ada",
        detail=f"ServerSideSessionConfig (memory store): write then read -> {r.text!r}",
    )


@probes.register("security_headers")
def security_headers() -> Observation:
    from litestar import get

    @get("/", sync_to_thread=False)
    def home() -> str:
        return "page"

    with _client(home) as client:
        r = client.get("/")
    wanted = (
        "strict-transport-security",
        "x-frame-options",
        "x-content-type-options",
        "content-security-policy",
        "referrer-policy",
    )
    seen = [h for h in wanted if h in r.headers]
    return Observation(present=bool(seen), detail=f"default response security headers: {seen or 'none'}")


@probes.register("caching")
def caching() -> Observation:
    from litestar import get

    calls: List[int] = []

    @get("/", cache=True, sync_to_thread=False)
    def home() -> str:
        calls.append(1)
        return f"computed {len(calls)}"

    with _client(home) as client:
        first = client.get("/").text
        second = client.get("/").text
    return Observation(
        present=len(calls) == 1 and first == second,
        detail=f"@get(cache=True): two GETs -> {first!r}, {second!r}; handler ran {len(calls)} time(s)",
    )


@probes.register("static_files")
def static_files() -> Observation:
    import litestar.static_files as sf

    with tempfile.TemporaryDirectory() as root:
        with open(os.path.join(root, "site.css"), "w") as f:
            f.write("body{}")
        if hasattr(sf, "create_static_files_router"):  # 2.6+
            how = "create_static_files_router"
            with _client(sf.create_static_files_router(path="/static", directories=[root])) as client:
                r = client.get("/static/site.css")
        else:
            how = "StaticFilesConfig"
            config = [sf.StaticFilesConfig(path="/static", directories=[root])]
            with _client(static_files_config=config) as client:
                r = client.get("/static/site.css")
    return Observation(
        present=r.status_code == 200 and r.text == "body{}",
        detail=f"{how} GET /static/site.css -> {r.status_code} {r.text!r}",
    )


@probes.register("openapi")
def openapi() -> Observation:
    from litestar import get

    @get("/items", sync_to_thread=False)
    def items() -> List[str]:
        return ["a"]

    with _client(items) as client:
        r = client.get("/schema/openapi.json")
    doc = r.json() if r.status_code == 200 else {}
    return Observation(
        present="openapi" in doc and "/items" in doc.get("paths", {}),
        detail=(
            f"GET /schema/openapi.json -> {r.status_code}, openapi={doc.get('openapi')!r}, "
            f"paths={list(doc.get('paths', {}))}"
        ),
    )


@probes.register("test_client")
def test_client() -> Observation:
    from litestar import get

    @get("/", sync_to_thread=False)
    def home() -> str:
        return "ok"

    with _client(home) as client:
        r = client.get("/")
        base = str(client.base_url)
    return Observation(
        present=r.text == "ok",
        detail=(
            f"litestar.testing.TestClient GET / -> {r.status_code} {r.text!r} (in-process ASGI transport, base {base})"
        ),
    )


def _cli_commands() -> List[str]:
    from litestar.cli.main import litestar_group

    return sorted(litestar_group.commands)


@probes.register("cli")
def cli() -> Observation:
    from importlib.metadata import distribution

    scripts = [ep.name for ep in distribution("litestar").entry_points if ep.group == "console_scripts"]
    try:
        commands = _cli_commands()
    except ImportError as exc:  # before 2.2 the CLI needed the litestar[cli] extra
        commands = [f"ImportError: {exc}"]
    return Observation(
        present="litestar" in scripts,
        detail=f"console_scripts: {scripts or 'none'}; litestar group commands: {commands}",
    )


@probes.register("project_scaffold")
def project_scaffold() -> Observation:
    try:
        commands = _cli_commands()
    except ImportError as exc:
        return Observation(present=False, detail=f"litestar CLI not importable: {exc}")
    scaffold = [c for c in commands if c in ("new", "init", "startproject", "create", "scaffold")]
    return Observation(
        present=bool(scaffold),
        detail=f"litestar CLI commands: {commands}; project generators among them: {scaffold or 'none'}",
    )


@probes.register("type_hints")
def type_hints() -> Observation:
    import litestar

    marker = os.path.join(os.path.dirname(litestar.__file__), "py.typed")
    return Observation(present=os.path.exists(marker), detail=f"{marker} exists: {os.path.exists(marker)}")


probes.not_probeable = {}


# The probes that are one call of _dependency_probe, by criterion.
probes.register_each(
    _dependency_probe,
    {
        "orm": ("ORM", ("sqlalchemy", "advanced-alchemy", "piccolo"), ("orm",)),
        "migrations": ("migrations", ("alembic", "advanced-alchemy"), ("migrat",)),
    },
)


# The probes that are one call of _module_probe, by criterion.
probes.register_each(
    _module_probe,
    {
        "admin": ("admin", ("admin",)),
        "i18n": ("i18n", ("i18n", "locale", "translation", "gettext", "babel")),
        "sitemaps": ("sitemaps", ("sitemap",)),
        "syndication": ("feeds", ("feed", "syndication", "atom", "rss")),
    },
)
