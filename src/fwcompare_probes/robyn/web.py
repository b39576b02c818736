"""robyn probes of foundations, data and templates (the catalogue's groups): serving, routing,
async, WebSockets, background work, injection, ORM, migrations, admin, forms, templates."""

from __future__ import annotations

import importlib.util
import os
from typing import Any

from fwcompare_probes import Observation, requires
from fwcompare_probes.robyn._common import _absent, _app, _client, _headers, _names, _needs_client, probes


@probes.register("interface")
def interface() -> Observation:
    import inspect

    import robyn.robyn as native

    app = _app()
    call = getattr(app, "__call__", None)  # noqa: B004 - looking for an ASGI/WSGI callable, not calling it
    params = list(inspect.signature(call).parameters) if callable(call) else []
    tags = []
    if params == ["environ", "start_response"]:
        tags.append("WSGI")
    if params == ["scope", "receive", "send"]:
        tags.append("ASGI")
    server = hasattr(native, "Server") and hasattr(app, "start")
    if server:
        tags.append("own-server")
    return Observation(
        present=True,
        detail=f"Robyn instance callable: {callable(call)} {tuple(params)}; robyn.robyn.Server (Rust) and "
        f"Robyn.start present: {server}",
        value=tuple(tags),
    )


@probes.register("routing")
@_needs_client
def routing() -> Observation:
    app = _app()

    @app.get("/deco/:name")
    def deco(request: Any) -> Any:
        return "deco " + request.path_params["name"]

    def table(request: Any) -> Any:
        return "table"

    app.add_route("GET", "/table", table)
    client = _client(app)
    r1, r2 = client.get("/deco/x"), client.get("/table")
    tags = []
    if (r2.status_code, r2.text) == (200, "table"):
        tags.append("route-table")
    if (r1.status_code, r1.text) == (200, "deco x"):
        tags.append("decorators")
    return Observation(
        present=True,
        detail=f"@app.get('/deco/:name') -> {r1.status_code} {r1.text!r}; "
        f"app.add_route('GET', '/table', fn) -> {r2.status_code} {r2.text!r}",
        value=tuple(tags),
    )


@probes.register("async_views")
@_needs_client
def async_views() -> Observation:
    import asyncio

    app = _app()

    @app.get("/")
    async def home(request: Any) -> Any:
        await asyncio.sleep(0)
        return "async ok"

    response = _client(app).get("/")
    return Observation(
        present=(response.status_code, response.text) == (200, "async ok"),
        detail=f"'async def' handler awaiting asyncio.sleep(0) -> {response.status_code} {response.text!r}",
    )


@probes.register("websockets")
def websockets() -> Observation:
    app = _app()
    if not hasattr(app, "websocket") and not hasattr(app, "add_web_socket"):
        return Observation(present=False, detail="Robyn has neither websocket() nor add_web_socket()")
    if hasattr(app, "websocket"):

        @app.websocket("/ws")
        async def echo(websocket: Any) -> None:
            message = await websocket.receive_text()
            await websocket.send_text("echo " + message)

    routes: Any = getattr(app.web_socket_router, "get_routes", dict)()
    return Observation(
        present="/ws" in routes,
        detail=f"@app.websocket('/ws') registered with the Rust WebSocket router: {sorted(routes)} "
        "(traffic goes through the Rust server; not driven in-process)",
    )


@probes.register("background_tasks")
def background_tasks() -> Observation:
    return _absent(("background", "add_task", "spawn"), "no background-task API")


@probes.register("dependency_injection")
@_needs_client
def dependency_injection() -> Observation:
    class Greeter:
        word = "injected"

    app = _app()
    if not hasattr(app, "inject_global"):
        return Observation(
            present=False, detail="Robyn.inject_global does not exist (dependency injection came in 0.48)"
        )
    app.inject_global(greeter=Greeter())

    @app.get("/")
    def home(request: Any, global_dependencies: Any) -> Any:
        return global_dependencies["greeter"].word

    response = _client(app).get("/")
    return Observation(
        present=(response.status_code, response.text) == (200, "injected"),
        detail=f"app.inject_global(greeter=...); handler(request, global_dependencies) -> "
        f"{response.status_code} {response.text!r}",
    )


@probes.register("orm")
def orm() -> Observation:
    return _absent(("sqlalchemy", "database", "orm", "prisma", "model"), "no database layer")


@probes.register("migrations")
def migrations() -> Observation:
    return _absent(("migrat", "alembic"), "no migrations")


@probes.register("admin")
def admin() -> Observation:
    return _absent(("admin",), "no admin")


@probes.register("forms")
@_needs_client
def forms() -> Observation:
    app = _app()

    @app.post("/")
    def home(request: Any) -> Any:
        return "name=" + str(request.form_data.get("name"))

    response = _client(app).post("/", form_data={"name": "ada"})
    rendering = _names("widget", "formfield", "wtform", "validat")
    return Observation(
        present=(response.status_code, response.text) == (200, "name=ada"),
        detail=f"request.form_data in a POST handler -> {response.status_code} {response.text!r} "
        f"(the TestClient passes form_data as parsed); form declaration/validation names: {rendering or 'none'}",
    )


def _template(source: str) -> Any:
    import tempfile

    try:
        from robyn.templating import JinjaTemplate
    except ImportError:
        # Robyn has templating (since 0.19.0) but Jinja2 is its "templating" extra: missing, that is the environment's.
        if importlib.util.find_spec("robyn.templating") is not None:
            requires("Jinja2", "jinja2")
        raise

    root = tempfile.mkdtemp()
    for name in ("page.html", "page.txt"):
        with open(os.path.join(root, name), "w") as fh:
            fh.write(source)
    return JinjaTemplate(root)


@probes.register("templating")
def templating() -> Observation:
    try:
        template = _template("<p>{{ word }}</p>")
    except ImportError as exc:
        return Observation(present=False, detail=f"robyn.templating.JinjaTemplate -> ImportError: {exc}")
    response = template.render_template("page.html", word="hello")
    body = response.description
    body = body.decode() if isinstance(body, bytes) else body
    return Observation(
        present=body == "<p>hello</p>",
        detail=f"JinjaTemplate(dir).render_template('page.html', word='hello') -> "
        f"{response.status_code} {_headers(response).get('content-type')} {body!r}",
        value="Jinja2" if type(template.env).__module__.startswith("jinja2") else type(template.env).__module__,
    )


@probes.register("template_autoescape")
def template_autoescape() -> Observation:
    try:
        template = _template("<p>{{ word }}</p>")
    except ImportError as exc:
        return Observation(present=False, detail=f"robyn.templating.JinjaTemplate -> ImportError: {exc}")
    out = {}
    for name in ("page.html", "page.txt"):
        body = template.render_template(name, word="<b>x</b>").description
        out[name] = body.decode() if isinstance(body, bytes) else body
    return Observation(
        present="&lt;b&gt;" in out["page.html"],
        detail=f"JinjaTemplate rendering '<b>x</b>': {out}",
    )
