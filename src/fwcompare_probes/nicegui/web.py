"""nicegui probes of foundations, data and templates (the catalogue's groups): serving, routing,
async, WebSockets, background work, injection, ORM, migrations, admin, forms, templates."""

# FastAPI evaluates the annotations of page functions, and annotations here are
# evaluated on the oldest Pythons too: keep typing names (List, Optional).
# ruff: noqa: UP006, UP035, UP045

# No ``from __future__ import annotations``: the framework reads the annotations of the
# handlers defined here at run time (see _common).

import asyncio
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from fwcompare_probes import Observation
from fwcompare_probes._asgi import asgi_websocket, loop_running
from fwcompare_probes.nicegui._common import _modules_matching, _modules_probe, _nicegui, _simulate, _ui_names, probes


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


# The probes that only look for modules named like the feature, by criterion.
probes.register_each(
    _modules_probe,
    {
        "orm": ("named like orm/sql/db/model", "orm", "sql", "db", "database", "model"),
        "migrations": ("named like migrat*", "migrat"),
    },
)
