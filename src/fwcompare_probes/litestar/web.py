"""litestar probes of foundations, data and templates (the catalogue's groups): serving, routing,
async, WebSockets, background work, injection, ORM, migrations, admin, forms, templates."""

# Handler annotations are evaluated at runtime on Python 3.8 (see below), so they
# keep the ``typing`` generics: no ``list[...]``/``collections.abc`` rewrites.
# ruff: noqa: UP006, UP035

# No ``from __future__ import annotations``: the framework reads the annotations of the
# handlers defined here at run time (see _common).

import importlib.util
import os
import tempfile
from typing import Any, List, Tuple

from fwcompare_probes import NeedsPackage, Observation
from fwcompare_probes.litestar._common import _client, _dependency_probe, _module_probe, _submodules_named, probes


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


# The distribution to install for each engine's library.
_ENGINE_DISTRIBUTIONS = {"Jinja2": "Jinja2", "Mako": "Mako", "MiniJinja": "minijinja"}


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
    rendered = [n for n, _ in results]
    # An engine Litestar ships whose library is not installed here was not rendered: the list
    # of engines cannot be checked in this environment (the data lists every one).
    unrendered = [name for name, _ in _engine_sources() if name not in rendered]
    if unrendered:
        raise NeedsPackage(
            ", ".join(_ENGINE_DISTRIBUTIONS[name] for name in unrendered),
            f"rendered with {', '.join(rendered)}; Litestar also has engines for {', '.join(unrendered)}, "
            "whose libraries are not installed",
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
    },
)
