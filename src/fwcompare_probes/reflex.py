"""Probes for Reflex: what Python can check without its JavaScript front end.

A Reflex app is two programs: a Python backend (a Starlette ASGI app, the
State classes and their event handlers) and a React front end that Reflex
compiles and builds with Bun or Node.js. No JavaScript toolchain is installed
where the probes run, so they never build the front end: the backend is
obtained by calling the ``rx.App`` object with its front-end compile step
replaced by a no-op (``app._compile``), and components are checked through the
JavaScript Reflex compiles them to (``str(component)``). What only the browser
does (React rendering) is left to the notes of the data.

Reflex writes ``.states`` and ``.web`` folders into the working directory, so
every probe runs in a temporary directory. ``reflex[db]`` (SQLModel, Alembic)
is needed for the database probes.
"""

# Reflex evaluates the annotations of State classes and event handlers, and the
# probes keep Python 3.8 syntax: typing names.
# ruff: noqa: UP006, UP035, UP045

import asyncio
import contextlib
import importlib
import importlib.util
import os
import pkgutil
import tempfile
from importlib import metadata
from typing import Any, Dict, Iterator, List, Optional, Tuple

from fwcompare_probes import Observation, ProbeSet, security_headers_among
from fwcompare_probes._asgi import asgi_get, asgi_websocket, loop_running
from fwcompare_probes._search import modules_with_word

probes = ProbeSet("reflex")
# Every criterion has a probe; the front end is never built (see the module docstring).
probes.not_probeable = {}


@contextlib.contextmanager
def _workdir() -> Iterator[str]:
    """Run in a fresh temporary directory: Reflex writes .states and .web into the working directory."""
    before = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="fwcompare-reflex-") as tmp:
        os.chdir(tmp)
        try:
            yield tmp
        finally:
            os.chdir(before)


def _find(name: str) -> Any:
    """The module spec of *name*, or None when it or a parent package is missing (older releases)."""
    try:
        return importlib.util.find_spec(name)
    except ModuleNotFoundError:
        return None


def _rx() -> Any:
    return importlib.import_module("reflex")


def _new_app(**kwargs: Any) -> Any:
    """A new rx.App; from 0.9.9 each App needs a registration context of its own."""
    rx = _rx()
    try:
        registry = importlib.import_module("reflex_base.registry")
    except ModuleNotFoundError:
        return rx.App(**kwargs)
    context = registry.RegistrationContext.ensure_context()
    if getattr(context, "_app", None) is not None:
        # Forking keeps the State classes already registered, as Reflex's message advises.
        registry.RegistrationContext._context_var.set(context.fork())
    return rx.App(**kwargs)


def _backend(app: Any) -> Any:
    """The backend ASGI app of *app*, without compiling the front end (that needs Node or Bun)."""
    app._compile = lambda *args, **kwargs: None
    return app()


def _module_names() -> List[str]:
    names: List[str] = []
    for package in ("reflex", "reflex_base"):
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            continue
        names += [m.name for m in pkgutil.walk_packages(spec.submodule_search_locations, package + ".")]
    return sorted(names)


def _modules_matching(*words: str) -> List[str]:
    """Modules of reflex and reflex_base whose own name has a word starting with one of *words*."""
    return modules_with_word(_module_names(), *words)


def _rx_names(*words: str) -> List[str]:
    """Names of the rx namespace containing one of *words*."""
    return sorted(n for n in dir(_rx()) if not n.startswith("_") and any(w in n.lower() for w in words))


def _cli() -> Any:
    return importlib.import_module("reflex.reflex").cli


def _state_class(name: str, **members: Any) -> Any:
    """A new rx.State subclass (State classes must have unique names in one process)."""
    rx = _rx()
    cls = type(name, (rx.State,), {"__module__": __name__, "__annotations__": {"n": int}, "n": 0, **members})
    globals()[name] = cls  # the disk state manager pickles states: the class must be found by name
    return cls


@probes.register("interface")
def interface() -> Observation:
    import inspect

    with _workdir():
        asgi = _backend(_new_app())
        messages = asyncio.run(asgi_get(asgi, "/ping"))
    status = messages[0].get("status") if messages else None
    body = messages[1].get("body") if len(messages) > 1 else b""
    params = list(inspect.signature(asgi.__call__).parameters)
    tags: List[str] = []
    if inspect.iscoroutinefunction(asgi.__call__) and params == ["scope", "receive", "send"] and status == 200:
        tags.append("ASGI")
    return Observation(
        present=True,
        detail=(
            f"rx.App()() returned a {type(asgi).__module__}.{type(asgi).__name__} ASGI app; "
            f"GET /ping -> {status} {body!r}; the server is Granian or Uvicorn, not Reflex"
        ),
        value=tuple(tags),
    )


@probes.register("routing")
def routing() -> Observation:
    rx = _rx()
    tags: List[str] = []
    with _workdir():

        def about() -> Any:
            return rx.text("about")

        @rx.page(route="/decorated")
        def decorated() -> Any:
            return rx.text("decorated")

        app = _new_app()
        app.add_page(about, route="/about")
        table = sorted(app._unevaluated_pages)
        apply = getattr(app, "_apply_decorated_pages", None)
        if apply is not None:
            apply()
        routes = sorted(page.route for page in app._unevaluated_pages.values())
    if "/about" in routes or "about" in routes:
        tags.append("route-table")
    if "/decorated" in routes or "decorated" in routes:
        tags.append("decorators")
    return Observation(
        present=True,
        detail=f"app.add_page(about, route='/about') registered {table}; with @rx.page(route='/decorated'): {routes}",
        value=tuple(tags),
    )


@probes.register("async_views")
def async_views() -> Observation:
    seen: Dict[str, Any] = {}

    async def bump(self: Any) -> None:
        await asyncio.sleep(0)
        seen["loop"] = loop_running()
        self.n += 1

    rx = _rx()
    with _workdir():
        state_cls = _state_class("ProbeAsyncState", bump=rx.event(bump))
        handler = state_cls.bump
        state = state_cls(_reflex_internal_init=True)
        asyncio.run(handler.fn(state))
    coroutine = bool(getattr(handler, "_is_coroutine_function", False))
    return Observation(
        present=seen.get("loop") is True and state.n == 1,
        detail=(
            f"async def event handler registered as {type(handler).__name__} (coroutine: {coroutine}); "
            f"awaited with the event loop running: {seen.get('loop')}; state.n -> {state.n}"
        ),
    )


@probes.register("websockets")
def websockets() -> Observation:
    from starlette.applications import Starlette
    from starlette.routing import WebSocketRoute

    async def echo(websocket: Any) -> None:
        await websocket.accept()
        text = await websocket.receive_text()
        await websocket.send_text(f"echo:{text}")
        await websocket.close()

    with _workdir():
        app = _new_app(api_transformer=Starlette(routes=[WebSocketRoute("/ws", echo)]))
        own = sorted(getattr(r, "path", "") for r in app._api.routes)
        asgi = _backend(app)
        types, reply = asyncio.run(asgi_websocket(asgi, "/ws", "hi"))
    ws_api = _rx_names("websocket")
    return Observation(
        present=reply == "echo:hi",
        detail=(
            f"Starlette WebSocketRoute passed as api_transformer: sent {types}, reply {reply!r}; "
            f"Reflex's own routes {own} (/_event is its Socket.IO endpoint); rx websocket names: {ws_api}"
        ),
    )


@probes.register("background_tasks")
def background_tasks() -> Observation:
    async def work(self: Any) -> None:
        async with self:
            self.n += 1

    rx = _rx()
    with _workdir():
        state_cls = _state_class("ProbeBackgroundState", work=rx.event(work, background=True))
        handler = state_cls.work
    flag = getattr(handler, "is_background", None)
    return Observation(
        present=flag is True,
        detail=f"@rx.event(background=True) on an async State method -> {type(handler).__name__}.is_background={flag}",
    )


@probes.register("dependency_injection")
def dependency_injection() -> Observation:
    rx = _rx()
    names = _rx_names("depend", "inject")
    get_state = hasattr(rx.State, "get_state")
    return Observation(
        present=bool(names),
        detail=f"rx names for declaring dependencies: {names}; State.get_state (fetches another state): {get_state}",
    )


@probes.register("orm")
def orm() -> Observation:
    rx = _rx()
    import sqlmodel  # the reflex[db] extra

    model = rx.Model
    is_sqlmodel = isinstance(model, type) and issubclass(model, sqlmodel.SQLModel)
    session = callable(getattr(rx, "session", None))
    return Observation(
        present=is_sqlmodel and session,
        detail=f"rx.Model subclasses sqlmodel.SQLModel: {is_sqlmodel}; rx.session callable: {session}",
        value="SQLModel (rx.Model)",
    )


@probes.register("migrations")
def migrations() -> Observation:
    db = _cli().commands.get("db")
    commands = sorted(getattr(db, "commands", {}) or {})
    model = importlib.import_module("reflex.model")
    autogenerate = hasattr(model, "alembic_autogenerate")
    alembic = importlib.util.find_spec("alembic") is not None
    return Observation(
        present={"makemigrations", "migrate"} <= set(commands) and autogenerate and alembic,
        detail=(
            f"reflex db subcommands: {commands}; reflex.model.alembic_autogenerate: {autogenerate}; "
            f"alembic installed: {alembic}"
        ),
    )


def _requires(distribution: str) -> List[str]:
    return [r.split(";")[0].strip() for r in metadata.requires(distribution) or [] if "extra ==" not in r]


@probes.register("admin")
def admin() -> Observation:
    rx = _rx()
    needs = [r for r in _requires("reflex") if r.lower().replace("_", "-").startswith("starlette-admin")]
    installed = importlib.util.find_spec("starlette_admin") is not None
    return Observation(
        present=bool(needs),
        detail=(
            f"rx.AdminDash exists: {hasattr(rx, 'AdminDash')}; reflex requires starlette-admin: {needs}; "
            f"starlette_admin installed here: {installed}"
        ),
    )


@probes.register("forms")
def forms() -> Observation:
    received: Dict[str, Any] = {}

    def submit(self: Any, form_data: Dict[str, Any]) -> None:
        received.update(form_data)

    rx = _rx()
    with _workdir():
        state_cls = _state_class("ProbeFormState", submit=rx.event(submit))
        compiled = str(rx.form(rx.input(name="email"), rx.button("Send", type="submit"), on_submit=state_cls.submit))
        state = state_cls(_reflex_internal_init=True)
        state_cls.submit.fn(state, {"email": "ada@example.org"})
    validators = _rx_names("validat")
    return Observation(
        present="onSubmit" in compiled and received == {"email": "ada@example.org"},
        detail=(
            f"rx.form(..., on_submit=handler) compiles with onSubmit: {'onSubmit' in compiled}; "
            f"the handler got {received}; rx validation names: {validators}"
        ),
    )


@probes.register("templating")
def templating() -> Observation:
    names = [n for n in _rx_names("templat", "jinja") if n != "templates"]
    engines = [r for r in _requires("reflex") if r.lower().startswith(("jinja2", "mako"))]
    return Observation(
        present=bool(names),
        detail=f"rx names for rendering templates: {names}; template engines among reflex's requirements: {engines}",
    )


@probes.register("template_autoescape")
def template_autoescape() -> Observation:
    rx = _rx()
    markup = "<b>x</b>"
    text = str(rx.text(markup))
    raw = str(rx.html(markup))
    as_string = f'"{markup}"' in text and "dangerouslySetInnerHTML" not in text
    return Observation(
        present=as_string,
        detail=(
            f"rx.text({markup!r}) compiles to {text[:80]!r} (a string child, escaped by React); "
            f"rx.html uses dangerouslySetInnerHTML: {'dangerouslySetInnerHTML' in raw}"
        ),
    )


@probes.register("auth")
def auth() -> Observation:
    names = _rx_names("login", "logout", "password", "authenticat")
    modules = _modules_matching("auth", "login", "password")
    return Observation(present=bool(names or modules), detail=f"rx names: {names}; reflex modules: {modules}")


@probes.register("csrf")
def csrf() -> Observation:
    names = _rx_names("csrf") + _modules_matching("csrf")
    middleware = _modules_matching("middleware")
    return Observation(
        present=bool(names), detail=f"csrf names or modules: {names}; reflex middleware modules: {middleware}"
    )


@probes.register("sessions")
def sessions() -> Observation:
    rx = _rx()
    state_cls = _state_class("ProbeSessionState")

    def token(ident: str) -> Any:
        make = getattr(rx, "BaseStateToken", None)
        if make is not None:
            return make(ident=ident, cls=state_cls)
        return f"{ident}_{state_cls.get_full_name()}"

    async def own(root: Any) -> Any:
        return root if isinstance(root, state_cls) else await root.get_state(state_cls)

    async def run(app: Any) -> Tuple[int, int]:
        async with app.modify_state(token("tab-a")) as root:
            (await own(root)).n = 5
        a = await own(await app.state_manager.get_state(token("tab-a")))
        b = await own(await app.state_manager.get_state(token("tab-b")))
        close = getattr(app.state_manager, "close", None)
        if close is not None:
            await close()
        return a.n, b.n

    with _workdir():
        first, other = asyncio.run(run(_new_app()))
    storage = [n for n in ("Cookie", "LocalStorage", "SessionStorage") if hasattr(rx, n)]
    return Observation(
        present=first == 5 and other == 0,
        detail=(
            f"state manager: n=5 set for client token tab-a read back {first}; tab-b has its own state, n={other}; "
            f"browser storage vars: {storage}"
        ),
    )


@probes.register("security_headers")
def security_headers() -> Observation:
    with _workdir():
        asgi = _backend(_new_app())
        messages = asyncio.run(asgi_get(asgi, "/ping"))
    headers = [k.decode("latin-1") for k, _ in (messages[0].get("headers") or [])] if messages else []
    found = security_headers_among(headers)
    return Observation(
        present=bool(found), detail=f"security headers on a backend response: {found} (headers: {headers})"
    )


@probes.register("i18n")
def i18n() -> Observation:
    found = _modules_matching("i18n", "translat", "locale", "babel", "gettext") + _rx_names(
        "translat", "gettext", "i18n"
    )
    return Observation(present=bool(found), detail=f"reflex modules or rx names for translation: {found}")


@probes.register("caching")
def caching() -> Observation:
    found = _modules_matching("cache", "caching") + _rx_names("cache")
    return Observation(
        present=bool(found),
        detail=f"reflex cache modules or rx names: {found} (computed vars' cache=True memoises per state)",
    )


@probes.register("sitemaps")
def sitemaps() -> Observation:
    spec = _find("reflex_base.plugins.sitemap") or _find("reflex.plugins.sitemap")
    if spec is None:
        return Observation(present=False, detail="no sitemap plugin module")
    sitemap = importlib.import_module(spec.name)
    rx = _rx()
    with _workdir():

        def about() -> Any:
            return rx.text("about")

        app = _new_app()
        app.add_page(about, route="/about")
        import inspect

        pages = list(app._unevaluated_pages.values())
        # trailing_slash was added after 0.8.0, whose sitemap_task took the pages only.
        extra = ["preserve"] if len(inspect.signature(sitemap.sitemap_task).parameters) > 1 else []
        path, xml = sitemap.sitemap_task(pages, *extra)
    return Observation(
        present="sitemaps.org" in xml and "/about" in xml,
        detail=f"{spec.name}.sitemap_task for a page /about -> {path}: {' '.join(xml.split())[:160]!r}",
    )


@probes.register("syndication")
def syndication() -> Observation:
    found = _modules_matching("feed", "syndicat", "rss", "atom") + _rx_names("rss", "atom", "syndicat")
    return Observation(present=bool(found), detail=f"reflex modules or rx names for RSS/Atom feeds: {found}")


@probes.register("static_files")
def static_files() -> Observation:
    rx = _rx()
    with _workdir() as tmp:
        os.makedirs(os.path.join(tmp, "assets"))
        with open(os.path.join(tmp, "assets", "site.css"), "w") as f:
            f.write("body{}")
        url = rx.asset("site.css")
        app = _new_app()
        routes = sorted(getattr(r, "path", "") for r in app._api.routes)
    return Observation(
        present=str(url).startswith("/site.css"),
        detail=(
            f"rx.asset('site.css') for assets/site.css -> {url!r} (copied into the front end at build time, "
            f"not built here); backend routes: {routes}"
        ),
    )


@probes.register("openapi")
def openapi() -> Observation:
    with _workdir():
        asgi = _backend(_new_app())
        served = {}
        for path in ("/openapi.json", "/docs"):
            messages = asyncio.run(asgi_get(asgi, path))
            served[path] = messages[0].get("status") if messages else None
    names = _rx_names("openapi", "swagger")
    return Observation(present=200 in served.values() or bool(names), detail=f"backend GET {served}; rx names: {names}")


@probes.register("test_client")
def test_client() -> Observation:
    testing = importlib.import_module("reflex.testing")
    harness = getattr(testing, "AppHarness", None)
    clients = [n for n in dir(testing) if "client" in n.lower()]
    starts = sorted(n for n in dir(harness) if n.startswith("_start")) if harness else []
    return Observation(
        present=bool(clients),
        detail=f"reflex.testing client names: {clients}; AppHarness starts servers: {starts}",
    )


@probes.register("cli")
def cli() -> Observation:
    commands = sorted(_cli().commands)
    scripts = sorted(ep.name for ep in metadata.distribution("reflex").entry_points if ep.group == "console_scripts")
    return Observation(
        present="run" in commands and bool(scripts),
        detail=f"console_scripts {scripts}; reflex commands: {commands}",
    )


@probes.register("project_scaffold")
def project_scaffold() -> Observation:
    init = _cli().commands.get("init")
    options: Optional[List[str]] = sorted(p.name for p in getattr(init, "params", [])) if init else None
    return Observation(
        present=init is not None,
        detail=f"reflex init exists: {init is not None}; its options: {options} (not run: it fetches templates)",
    )


@probes.register("type_hints")
def type_hints() -> Observation:
    spec = importlib.util.find_spec("reflex")
    locations = list(spec.submodule_search_locations or []) if spec else []
    marker = any(os.path.isfile(os.path.join(where, "py.typed")) for where in locations)
    return Observation(present=marker, detail=f"reflex/py.typed present: {marker}")
