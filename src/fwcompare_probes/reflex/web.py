"""reflex probes of foundations, data and templates (the catalogue's groups): serving, routing,
async, WebSockets, background work, injection, ORM, migrations, admin, forms, templates."""

# Reflex evaluates the annotations of State classes and event handlers, and the
# probes keep Python 3.8 syntax: typing names.
# ruff: noqa: UP006, UP035

# No ``from __future__ import annotations``: the framework reads the annotations of the
# handlers defined here at run time (see _common).

import asyncio
import importlib
import importlib.util
from importlib import metadata
from typing import Any, Dict, List

from fwcompare_probes import Observation, requires
from fwcompare_probes._asgi import asgi_get, asgi_websocket, loop_running
from fwcompare_probes.reflex._common import _backend, _cli, _new_app, _rx, _rx_names, _state_class, _workdir, probes


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
    requires("alembic")  # reflex[db]: without it the db commands cannot migrate
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
