"""Probes for NiceGUI: each builds the smallest app and looks at what happens.

Pages are exercised through NiceGUI's own user simulation
(``nicegui.testing.user_simulation``, 3.4+), the engine of its ``user`` test
fixture: it runs the FastAPI app in process and renders pages without a
browser. That simulation expects to run under pytest (NiceGUI checks
``PYTEST_CURRENT_TEST``), so the probes set that variable while it runs, and
point ``NICEGUI_STORAGE_PATH`` at a temporary directory before NiceGUI is
imported, so that no ``.nicegui`` folder is written where the probes run.

What the browser does (the Vue front end, DOMPurify) cannot be run here: those
probes check the Python side, the props NiceGUI sends to the browser.
Nothing beyond NiceGUI's own dependencies is needed (httpx, starlette, fastapi).
"""

# FastAPI evaluates the annotations of page functions, and annotations here are
# evaluated on the oldest Pythons too: keep typing names (List, Optional).
# ruff: noqa: UP006, UP035, UP045

import asyncio
import contextlib
import importlib
import importlib.util
import os
import pkgutil
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, Iterator, List, Optional, Tuple

from fwcompare_probes import Observation, ProbeSet, security_headers_among
from fwcompare_probes._asgi import asgi_websocket, loop_running
from fwcompare_probes._search import modules_with_word

probes = ProbeSet("nicegui")
# Every criterion has a probe: absences are checked as missing modules or behaviour.
probes.not_probeable = {}

_STORAGE: Optional[tempfile.TemporaryDirectory] = None  # type: ignore[type-arg]


def _nicegui() -> Any:
    """Import NiceGUI with its storage in a temporary directory."""
    global _STORAGE
    if _STORAGE is None and "nicegui" not in sys.modules:
        _STORAGE = tempfile.TemporaryDirectory(prefix="fwcompare-nicegui-")
        os.environ["NICEGUI_STORAGE_PATH"] = _STORAGE.name
    return importlib.import_module("nicegui")


@contextlib.contextmanager
def _under_pytest() -> Iterator[None]:
    before = os.environ.get("PYTEST_CURRENT_TEST")
    os.environ["PYTEST_CURRENT_TEST"] = "fwcompare_probes/nicegui.py::probe (call)"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("PYTEST_CURRENT_TEST", None)
        else:
            os.environ["PYTEST_CURRENT_TEST"] = before


def _simulate(body: Callable[[Any, Any], Awaitable[Any]], root: Optional[Callable[[], None]] = None) -> Any:
    """Run ``await body(user, nicegui)`` inside a fresh NiceGUI user simulation."""
    nicegui = _nicegui()
    from nicegui.testing import user_simulation

    if root is None:

        def root() -> None:
            nicegui.ui.label("root page")

    async def main() -> Any:
        async with user_simulation(root) as user:
            return await body(user, nicegui)

    with _under_pytest():
        return asyncio.run(main())


def _has_module(relative: str) -> bool:
    """Whether the installed nicegui package has the module file *relative* (no import).

    Importing nicegui.testing on old releases needs pytest, selenium and icecream
    (test-only dependencies), so the presence of a module is read from the files.
    """
    nicegui = _nicegui()
    return Path(nicegui.__path__[0], *relative.split("/")).is_file()


def _module_names() -> List[str]:
    nicegui = _nicegui()
    return sorted(m.name for m in pkgutil.walk_packages(nicegui.__path__, "nicegui."))


def _modules_matching(*words: str) -> List[str]:
    """Modules whose own name has a word starting with one of *words*."""
    return modules_with_word(_module_names(), *words)


def _ui_names(*words: str) -> List[str]:
    """Public names of nicegui.ui and of the app object containing one of *words*."""
    nicegui = _nicegui()
    names = {n for n in dir(nicegui.ui) if not n.startswith("_")}
    names |= {f"app.{n}" for n in dir(nicegui.app) if not n.startswith("_")}
    return sorted(n for n in names if any(w in n.lower() for w in words))


def _scripts() -> List[str]:
    dist = metadata.distribution("nicegui")
    return sorted(ep.name for ep in dist.entry_points if ep.group == "console_scripts")


@probes.register("interface")
def interface() -> Observation:
    async def body(user: Any, nicegui: Any) -> Tuple[str, int, str]:
        from nicegui import core

        response = await user.http_client.get("/")
        return type(core.app).__mro__[1].__name__, response.status_code, response.headers.get("content-type", "")

    base, status, kind = _simulate(body)
    nicegui = _nicegui()
    app = nicegui.app
    tags: List[str] = []
    import inspect

    call = app.__call__
    params = list(inspect.signature(call).parameters)
    if inspect.iscoroutinefunction(call) and params == ["scope", "receive", "send"] and status == 200:
        tags.append("ASGI")
    own = [n for n in ("serve",) if hasattr(app, n)]
    if own:
        tags.append("own-server")
    return Observation(
        present=True,
        detail=(
            f"nicegui.app is a {type(app).__name__} subclassing {base}; __call__{tuple(params)}; "
            f"GET / through the ASGI app -> {status} {kind!r}; ui.run() starts uvicorn"
        ),
        value=tuple(tags),
    )


@probes.register("routing")
def routing() -> Observation:
    async def body(user: Any, nicegui: Any) -> Any:
        ui = nicegui.ui

        @ui.page("/items/{item}")
        def item_page(item: str) -> None:
            ui.label(f"item {item}")

        await user.open("/items/42")
        await user.should_see("item 42")
        return True

    seen = _simulate(body)
    return Observation(
        present=True,
        detail=f"@ui.page('/items/{{item}}') opened as /items/42 showed 'item 42': {seen}; "
        "no routing-table or traversal API for pages (ui.sub_pages works inside a page)",
        value=("decorators",) if seen else (),
    )


@probes.register("async_views")
def async_views() -> Observation:
    seen: Dict[str, Any] = {}

    async def body(user: Any, nicegui: Any) -> None:
        ui = nicegui.ui

        @ui.page("/a")
        async def async_page() -> None:
            await asyncio.sleep(0)
            seen["async"] = loop_running()
            ui.label("async page")

        @ui.page("/s")
        def sync_page() -> None:
            import threading

            seen["sync_thread"] = threading.current_thread() is threading.main_thread()
            ui.label("sync page")

        await user.open("/a")
        await user.should_see("async page")
        await user.open("/s")
        await user.should_see("sync page")

    _simulate(body)
    return Observation(
        present=seen.get("async") is True,
        detail=(
            f"async def page awaited with the event loop running: {seen.get('async')}; "
            f"def page ran in the main thread (on the event loop): {seen.get('sync_thread')}"
        ),
    )


@probes.register("websockets")
def websockets() -> Observation:
    async def body(user: Any, nicegui: Any) -> Tuple[List[str], Optional[str]]:
        from fastapi import WebSocket
        from nicegui import core

        @nicegui.app.websocket("/ws")
        async def echo(websocket: WebSocket) -> None:  # FastAPI injects it by this annotation
            await websocket.accept()
            text = await websocket.receive_text()
            await websocket.send_text(f"echo:{text}")
            await websocket.close()

        return await asgi_websocket(core.app, "/ws", "hi")

    types, reply = _simulate(body)
    return Observation(
        present=reply == "echo:hi",
        detail=f"@app.websocket('/ws') on NiceGUI's FastAPI app, one ASGI session: sent {types}, reply {reply!r}",
    )


@probes.register("background_tasks")
def background_tasks() -> Observation:
    done: List[str] = []

    async def body(user: Any, nicegui: Any) -> None:
        ui = nicegui.ui
        from nicegui import background_tasks as tasks

        finished = asyncio.Event()

        async def work() -> None:
            done.append("ran")
            finished.set()

        @ui.page("/")
        def page() -> None:
            tasks.create(work())
            ui.label("scheduled")

        await user.open("/")
        await user.should_see("scheduled")
        await asyncio.wait_for(finished.wait(), timeout=5)

    _simulate(body)
    return Observation(present=done == ["ran"], detail=f"background_tasks.create(work()) from a page: task ran {done}")


def _settings() -> str:
    return "injected"


@probes.register("dependency_injection")
def dependency_injection() -> Observation:
    from fastapi import Depends

    async def body(user: Any, nicegui: Any) -> bool:
        ui = nicegui.ui

        @ui.page("/")
        def page(setting: str = Depends(_settings)) -> None:
            ui.label(f"got {setting}")

        await user.open("/")
        await user.should_see("got injected")
        return True

    seen = _simulate(body)
    return Observation(
        present=seen, detail=f"@ui.page function with a Depends(_settings) parameter showed 'got injected': {seen}"
    )


@probes.register("orm")
def orm() -> Observation:
    found = _modules_matching("orm", "sql", "db", "database", "model")
    return Observation(present=bool(found), detail=f"nicegui modules named like orm/sql/db/model: {found}")


@probes.register("migrations")
def migrations() -> Observation:
    found = _modules_matching("migrat")
    return Observation(present=bool(found), detail=f"nicegui modules named like migrat*: {found}")


@probes.register("admin")
def admin() -> Observation:
    found = _modules_matching("admin") + _ui_names("admin")
    return Observation(present=bool(found), detail=f"nicegui modules or ui/app names like admin: {found}")


@probes.register("forms")
def forms() -> Observation:
    seen: Dict[str, Any] = {}

    async def body(user: Any, nicegui: Any) -> None:
        ui = nicegui.ui

        @ui.page("/")
        def page() -> None:
            ui.input("Name", validation={"Too short": lambda value: len(value or "") >= 3})

        await user.open("/")
        field = user.find(ui.input)
        field.type("ab")
        element = next(iter(field.elements))
        seen["valid"] = element.validate()
        seen["error"] = element.error

    _simulate(body)
    form_names = [n for n in _ui_names("form") if "transform" not in n]
    return Observation(
        present=seen.get("valid") is False and seen.get("error") == "Too short",
        detail=(
            f"ui.input(validation={{'Too short': ...}}) after typing 'ab': validate() -> {seen.get('valid')}, "
            f"error {seen.get('error')!r}; HTML form API names: {form_names}"
        ),
    )


@probes.register("templating")
def templating() -> Observation:
    found = _ui_names("templat", "render_template", "jinja")
    nicegui = _nicegui()
    shell = sorted(p.name for p in Path(nicegui.__path__[0], "templates").glob("*"))
    return Observation(
        present=bool(found),
        detail=f"ui/app names for rendering templates: {found}; nicegui/templates (NiceGUI's page shell): {shell}",
    )


@probes.register("template_autoescape")
def template_autoescape() -> Observation:
    markup = "<b>x</b>"
    seen: Dict[str, Any] = {}

    async def body(user: Any, nicegui: Any) -> None:
        ui = nicegui.ui

        @ui.page("/")
        def page() -> None:
            ui.label(markup)
            seen["html_sanitize"] = ui.html(markup).props.get("sanitize")

        response = await user.http_client.get("/")
        seen["escaped"] = "&lt;b&gt;x&lt;/b&gt;" in response.text or "\\u003cb\\u003ex" in response.text
        seen["raw"] = markup in response.text

    _simulate(body)
    return Observation(
        present=seen.get("raw") is False and seen.get("html_sanitize") is not False,
        detail=(
            f"ui.label({markup!r}) in the page sent: escaped {seen.get('escaped')}, raw markup present "
            f"{seen.get('raw')}; ui.html(...) sanitize prop sent to the browser: {seen.get('html_sanitize')!r}"
        ),
    )


@probes.register("auth")
def auth() -> Observation:
    found = _modules_matching("auth", "login", "password", "user") + _ui_names("login", "password", "authenticat")
    found = [n for n in found if not n.startswith("nicegui.testing")]
    return Observation(present=bool(found), detail=f"nicegui modules or ui/app names for users/login: {found}")


@probes.register("csrf")
def csrf() -> Observation:
    async def body(user: Any, nicegui: Any) -> int:
        @nicegui.app.post("/submit")
        def submit() -> Dict[str, str]:
            return {"status": "accepted"}

        response = await user.http_client.post("/submit", data={"a": "1"}, headers={"origin": "https://evil.example"})
        return int(response.status_code)

    status = _simulate(body)
    found = _modules_matching("csrf") + _ui_names("csrf")
    return Observation(
        present=bool(found) or status == 403,
        detail=f"cross-origin form POST to an @app.post route -> {status}; csrf names: {found}",
    )


@probes.register("sessions")
def sessions() -> Observation:
    nicegui = _nicegui()
    if not hasattr(nicegui.app, "storage"):
        return Observation(present=False, detail="nicegui.app has no storage")
    if not _has_module("testing/user_simulation.py"):
        storage = importlib.import_module("nicegui.storage")
        kinds = [k for k in ("browser", "user", "general") if hasattr(storage.Storage, k)]
        return Observation(
            present="browser" in kinds or "user" in kinds,
            detail=f"no user simulation in this release to drive it; app.storage has {kinds}",
        )

    async def body(user: Any, nicegui: Any) -> str:
        ui, app = nicegui.ui, nicegui.app

        @ui.page("/w")
        def write() -> None:
            app.storage.user["n"] = 1
            ui.label("written")

        @ui.page("/r")
        def read() -> None:
            ui.label(f"read {app.storage.user.get('n')}")

        await user.open("/w")
        await user.should_see("written")
        await user.open("/r")
        await user.should_see("read 1")
        return ",".join(sorted(user.http_client.cookies.keys()))

    cookies = _simulate(body)
    return Observation(
        present=True,
        detail=f"app.storage.user['n'] = 1 on one page was read back on the next ('read 1'); cookies: {cookies}",
    )


@probes.register("security_headers")
def security_headers() -> Observation:
    async def body(user: Any, nicegui: Any) -> Dict[str, str]:
        response = await user.http_client.get("/")
        return dict(response.headers)

    headers = _simulate(body)
    found = security_headers_among(headers)
    return Observation(
        present=bool(found),
        detail=f"security headers on a page: {found}; cache-control: {headers.get('cache-control')!r}",
    )


@probes.register("i18n")
def i18n() -> Observation:
    nicegui = _nicegui()
    language = importlib.import_module("nicegui.language")
    import typing

    codes = typing.get_args(language.Language)
    import inspect

    run = inspect.signature(nicegui.ui.run)
    gettext = _modules_matching("i18n", "gettext", "babel") + _ui_names("gettext", "translate")
    return Observation(
        present="language" in run.parameters and "de" in codes,
        detail=(
            f"ui.run(language=...) accepts {len(codes)} Quasar language codes (de among them: {'de' in codes}); "
            f"names for translating the app's own text: {gettext}"
        ),
    )


@probes.register("caching")
def caching() -> Observation:
    found = _modules_matching("cache", "caching") + [n for n in _ui_names("cache") if "control" not in n]
    return Observation(present=bool(found), detail=f"nicegui cache modules or ui/app names: {found}")


@probes.register("sitemaps")
def sitemaps() -> Observation:
    found = _modules_matching("sitemap") + _ui_names("sitemap")
    return Observation(present=bool(found), detail=f"nicegui modules or names like sitemap: {found}")


@probes.register("syndication")
def syndication() -> Observation:
    found = _modules_matching("feed", "syndicat", "rss", "atom") + _ui_names("rss", "atom", "syndicat")
    return Observation(present=bool(found), detail=f"nicegui modules or names for RSS/Atom feeds: {found}")


@probes.register("static_files")
def static_files() -> Observation:
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "site.css").write_text("body{}")

        async def body(user: Any, nicegui: Any) -> Tuple[int, str]:
            nicegui.app.add_static_files("/static", tmp)
            response = await user.http_client.get("/static/site.css")
            return int(response.status_code), response.text

        status, text = _simulate(body)
    return Observation(
        present=status == 200 and text == "body{}",
        detail=f"app.add_static_files('/static', DIR) GET /static/site.css -> {status} {text!r}",
    )


@probes.register("openapi")
def openapi() -> Observation:
    async def body(user: Any, nicegui: Any) -> Tuple[List[str], Optional[str]]:
        from nicegui import core

        @nicegui.app.get("/api/items")
        def items() -> List[int]:
            return [1]

        core.app.openapi_schema = None
        schema = core.app.openapi()
        return sorted(schema.get("paths", {})), core.app.openapi_url

    paths, url = _simulate(body)
    import inspect

    switch = "fastapi_docs" in inspect.signature(_nicegui().ui.run).parameters
    return Observation(
        present="/api/items" in paths,
        detail=(
            f"app.openapi() (FastAPI's) describes {paths}; served at {url!r} by default; "
            f"ui.run(fastapi_docs=...) exists: {switch}"
        ),
    )


@probes.register("test_client")
def test_client() -> Observation:
    _nicegui()
    if not _has_module("testing/user.py"):
        return Observation(present=False, detail="no nicegui/testing/user.py (the user fixture)")
    if not _has_module("testing/user_simulation.py"):
        return Observation(
            present=True,
            detail="nicegui/testing/user.py (the user fixture) exists; no user_simulation (3.4+) to drive it here",
        )

    async def body(user: Any, nicegui: Any) -> str:
        ui = nicegui.ui
        clicked: List[str] = []

        @ui.page("/")
        def page() -> None:
            def click() -> None:
                clicked.append("x")
                ui.label("clicked")

            ui.button("Click me", on_click=click)

        await user.open("/")
        user.find("Click me").click()
        await user.should_see("clicked")
        return f"{type(user).__module__}.{type(user).__name__} clicked {clicked}"

    seen = _simulate(body)
    return Observation(present=True, detail=f"{seen}; no browser or server started")


@probes.register("cli")
def cli() -> Observation:
    scripts = _scripts()
    has_main = importlib.util.find_spec("nicegui.__main__") is not None
    return Observation(
        present=bool(scripts or has_main),
        detail=f"nicegui console_scripts: {scripts}; nicegui.__main__: {has_main}",
    )


@probes.register("project_scaffold")
def project_scaffold() -> Observation:
    scripts = _scripts()
    makers = [s for s in scripts if any(w in s for w in ("new", "init", "create", "start", "template"))]
    return Observation(
        present=bool(makers), detail=f"console_scripts that could create a project: {makers} (all: {scripts})"
    )


@probes.register("type_hints")
def type_hints() -> Observation:
    spec = importlib.util.find_spec("nicegui")
    locations = list(spec.submodule_search_locations or []) if spec else []
    marker = any(os.path.isfile(os.path.join(where, "py.typed")) for where in locations)
    return Observation(present=marker, detail=f"nicegui/py.typed present: {marker}")
