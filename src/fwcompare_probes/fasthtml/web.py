"""fasthtml probes of foundations, data and templates (the catalogue's groups): serving, routing,
async, WebSockets, background work, injection, ORM, migrations, admin, forms, templates."""

# ruff: noqa: UP006, UP035

# No ``from __future__ import annotations``: the framework reads the annotations of the
# handlers defined here at run time (see _common).

import asyncio
import importlib
import importlib.util
import inspect
import json
from dataclasses import dataclass
from typing import Any, Dict, List

from fwcompare_probes import Observation
from fwcompare_probes._asgi import asgi_get, loop_running
from fwcompare_probes.fasthtml._common import _app, _client, _modules_matching, _modules_probe, _public_names, probes


@probes.register("interface")
def interface() -> Observation:
    app = _app()

    @app.route("/")
    def index() -> str:
        return "ok"

    call = app.__call__
    params = list(inspect.signature(call).parameters)
    is_async = inspect.iscoroutinefunction(call)
    tags: List[str] = []
    status = None
    if is_async and params == ["scope", "receive", "send"]:
        messages = asyncio.run(asgi_get(app))
        status = messages[0].get("status") if messages else None
        if status == 200:
            tags.append("ASGI")
    if not is_async and len(params) == 2:
        tags.insert(0, "WSGI")
    # serve() starts uvicorn, a separate project; an own server would live on the app.
    own = [n for n in ("run", "serve") if hasattr(app, n)]
    if own:
        tags.append("own-server")
    return Observation(
        present=True,
        detail=(
            f"FastHTML.__call__{tuple(params)} async={is_async}; one ASGI 3 GET / answered status "
            f"{status}; server methods on the app: {own} (fasthtml.serve() runs uvicorn)"
        ),
        value=tuple(tags),
    )


@probes.register("routing")
def routing() -> Observation:
    app = _app()
    rt = app.route

    @rt
    def hello() -> str:
        return "by name"

    # The path comes from the function's (nested) name; the returned function knows it.
    path = hello.to()

    @app.get("/explicit")
    def explicit() -> str:
        return "explicit"

    client = _client(app)
    by_name = client.get(path)
    by_path = client.get("/explicit")
    tags: List[str] = []
    if by_name.text == "by name" and by_path.text == "explicit":
        tags.append("decorators")
    return Observation(
        present=True,
        detail=(
            f"@rt def hello -> GET {path} {by_name.status_code} {by_name.text!r}; "
            f"@app.get('/explicit') -> {by_path.status_code} {by_path.text!r}; "
            "no routing-table or traversal API of FastHTML's own (routes= goes to Starlette)"
        ),
        value=tuple(tags),
    )


@probes.register("async_views")
def async_views() -> Observation:
    app = _app()
    seen: Dict[str, bool] = {}

    @app.get("/a")
    async def coro() -> str:
        seen["async"] = loop_running()
        return "async"

    @app.get("/s")
    def plain() -> str:
        seen["sync"] = loop_running()
        return "sync"

    client = _client(app)
    a = client.get("/a")
    s = client.get("/s")
    return Observation(
        present=a.text == "async" and seen.get("async") is True,
        detail=(
            f"async def handler -> {a.status_code} {a.text!r}, event loop running in it: "
            f"{seen.get('async')}; def handler -> {s.status_code}, event loop running in it: "
            f"{seen.get('sync')} (False: run in the thread pool)"
        ),
    )


@probes.register("websockets")
def websockets() -> Observation:
    app = _app()

    @app.ws("/ws")
    async def on_message(msg: str, send) -> None:  # type: ignore[no-untyped-def]
        await send(f"echo:{msg}")

    with _client(app).websocket_connect("/ws") as ws:
        ws.send_text(json.dumps({"msg": "hi"}))  # HTMX's ws extension sends form values as JSON
        reply = ws.receive_text()
    return Observation(
        present="echo:hi" in reply,
        detail=f"@app.ws('/ws') handler sent back through TestClient.websocket_connect: {reply!r}",
    )


@probes.register("background_tasks")
def background_tasks() -> Observation:
    from fasthtml.common import BackgroundTask, P

    app = _app()
    done: List[str] = []

    @app.get("/")
    def index() -> Any:
        return P("sent"), BackgroundTask(done.append, "ran")

    response = _client(app).get("/")
    return Observation(
        present=done == ["ran"] and "sent" in response.text,
        detail=f"handler returned (P('sent'), BackgroundTask(...)) -> {response.status_code}; task ran: {done}",
    )


@probes.register("dependency_injection")
def dependency_injection() -> Observation:
    from fasthtml.common import Beforeware

    # FastHTML recognises its special parameters by name when they have no annotation.
    def before(req, sess) -> None:  # type: ignore[no-untyped-def]
        req.scope["auth"] = "ada"

    app = _app(before=Beforeware(before))

    @app.get("/")
    def index(auth, app, request) -> str:  # type: ignore[no-untyped-def]
        return f"{auth}|{type(app).__name__}|{type(request).__name__}"

    text = _client(app).get("/").text
    providers = _public_names("depend", "inject", "provide")
    return Observation(
        present=text == "ada|FastHTML|Request",
        detail=(
            f"handler(auth, app, request) after a Beforeware setting scope['auth'] got {text!r}; "
            f"names for declaring other providers: {providers}"
        ),
    )


@probes.register("orm")
def orm() -> Observation:
    found = _modules_matching("orm", "sql", "db", "database", "model")
    needs = importlib.util.find_spec("fastlite") is not None
    return Observation(
        present=bool(found),
        detail=f"fasthtml modules named like orm/sql/db/model: {found}; fastlite installed: {needs} "
        "(fast_app(db_file=...) imports it; it is not a dependency)",
    )


@probes.register("admin")
def admin() -> Observation:
    found = _modules_matching("admin") + _public_names("admin")
    return Observation(present=bool(found), detail=f"fasthtml modules or names like admin: {found}")


@dataclass
class _Profile:
    name: str
    age: int


@probes.register("forms")
def forms() -> Observation:
    from fasthtml.common import Form, Input, fill_form, to_xml

    app = _app()
    got: Dict[str, Any] = {}

    @app.post("/save")
    def save(profile: _Profile) -> str:
        got["profile"] = profile
        return "saved"

    form = fill_form(Form(Input(name="name"), Input(name="age")), _Profile("ada", 36))
    html = to_xml(form)
    response = _client(app).post("/save", data={"name": "bob", "age": "7"})
    bound = got.get("profile")
    validators = _public_names("validat")
    return Observation(
        present='value="ada"' in html and isinstance(bound, _Profile) and bound.age == 7,
        detail=(
            f"fill_form filled the inputs: {'value=' + chr(34) + 'ada' + chr(34) in html}; POST to a "
            f"dataclass-annotated handler -> {response.status_code}, bound {bound!r}; "
            f"validation names: {validators}"
        ),
    )


@probes.register("templating")
def templating() -> Observation:
    from fasthtml.common import H1, P

    app = _app()

    @app.get("/")
    def index() -> Any:
        return H1("Hello"), P("world")

    response = _client(app).get("/", headers={"HX-Request": "1"})
    engines = [n for n in ("jinja2", "mako") if importlib.util.find_spec(n) is not None]
    template_modules = _modules_matching("templat")
    return Observation(
        present="<h1>Hello</h1>" in response.text and "<p>world</p>" in response.text,
        detail=(
            f"handler returning (H1('Hello'), P('world')) -> {response.status_code} {response.text.strip()!r}; "
            f"fasthtml template modules: {template_modules}; template engines importable: {engines}"
        ),
        value="FT components (fastcore.xml)",
    )


@probes.register("template_autoescape")
def template_autoescape() -> Observation:
    from fasthtml.common import Div, NotStr, to_xml

    markup = "<b>x</b>"
    plain = to_xml(Div(markup))
    raw = to_xml(Div(NotStr(markup)))
    return Observation(
        present=markup not in plain and markup in raw,
        detail=f"to_xml(Div({markup!r})) -> {plain.strip()!r}; with NotStr -> {raw.strip()!r}",
    )


# The probes that only look for modules named like the feature, by criterion.
probes.register_each(
    _modules_probe,
    {
        "migrations": ("named like migrat*", "migrat"),
    },
)
