"""Probes for FastAPI: each builds the smallest app and looks at what happens.

Optional dependencies the probes need next to FastAPI: the test client's HTTP
library (``httpx2`` or ``httpx``), ``jinja2`` (templates), ``itsdangerous``
(Starlette's sessions) and ``python-multipart`` (forms).
Written to run on Python 3.8 and later, like the probe runner: annotations use
``typing`` names, because FastAPI evaluates the annotations of the probes' own
path operations.
"""

# FastAPI evaluates the annotations of path operations when they are declared, and
# the probes run on Python 3.8: keep typing.Dict/List/Optional. Depends() and
# Form() defaults are how FastAPI declares parameters.
# ruff: noqa: UP006, UP035, UP045, B008

import asyncio
import importlib
import importlib.util
import inspect
import os
import tempfile
import warnings
from importlib import metadata
from pathlib import Path
from typing import Any, Dict, List, Optional

from fwcompare_probes import NeedsPackage, Observation, ProbeSet, requires
from fwcompare_probes._asgi import asgi_get, loop_running
from fwcompare_probes._search import modules_with_word, walked_modules

probes = ProbeSet("fastapi")
# Every criterion has a probe: absences are checked as missing modules or behaviour.
probes.not_probeable = {}


def _modules_matching(*words: str) -> List[str]:
    """FastAPI's and Starlette's modules whose own name has a word starting with one of *words*."""
    return modules_with_word(walked_modules("fastapi", "starlette"), *words)


def _client(app: Any) -> Any:
    try:
        from fastapi.testclient import TestClient
    except (ImportError, RuntimeError) as exc:  # the test client's HTTP library is optional
        raise NeedsPackage("httpx2" if "httpx2" in str(exc) else "httpx", str(exc)) from exc

    with warnings.catch_warnings():
        # Starlette 1.2+ warns when it falls back from httpx2 to httpx.
        warnings.simplefilter("ignore", DeprecationWarning)
        return TestClient(app)


@probes.register("interface")
def interface() -> Observation:
    from fastapi import FastAPI

    app = FastAPI()

    @app.get("/")
    async def home() -> Dict[str, str]:
        return {"ok": "yes"}

    call = app.__call__
    params = list(inspect.signature(call).parameters)
    is_async = inspect.iscoroutinefunction(call)
    tags: List[str] = []
    status = None
    if not is_async and len(params) == 2:
        tags.append("WSGI")
    if is_async and params == ["scope", "receive", "send"]:
        messages = asyncio.run(asgi_get(app))
        status = messages[0].get("status") if messages else None
        if status == 200:
            tags.append("ASGI")
    has_server = any(hasattr(app, name) for name in ("run", "serve"))
    if has_server:
        tags.append("own-server")
    return Observation(
        present=True,
        detail=(
            f"FastAPI.__call__{tuple(params)} async={is_async}; one ASGI 3 GET / answered "
            f"status {status}; app.run/app.serve present={has_server}"
        ),
        value=tuple(tags),
    )


@probes.register("routing")
def routing() -> Observation:
    from fastapi import FastAPI

    app = FastAPI()

    @app.get("/items/{item_id}")
    async def item(item_id: int) -> Dict[str, int]:
        return {"item_id": item_id}

    response = _client(app).get("/items/3")
    tags = ["decorators"] if response.json() == {"item_id": 3} else []
    routes_param = inspect.signature(FastAPI.__init__).parameters.get("routes")
    marked = "deprecated" in repr(getattr(routes_param, "annotation", "")).lower()
    return Observation(
        present=True,
        detail=(
            f"@app.get('/items/{{item_id}}') GET /items/3 -> {response.status_code} {response.json()}; "
            f"FastAPI(routes=...) is Starlette's list, inherited for compatibility "
            f"(annotated deprecated: {marked}); no resource-tree traversal API"
        ),
        value=tuple(tags),
    )


@probes.register("async_views")
def async_views() -> Observation:
    from fastapi import FastAPI

    seen: Dict[str, bool] = {}
    app = FastAPI()

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
        present=a.json() == "async" and seen.get("async") is True,
        detail=(
            f"async def path operation -> {a.status_code} {a.json()!r}, event loop running in it: "
            f"{seen.get('async')}; def path operation -> {s.status_code}, event loop running in it: "
            f"{seen.get('sync')} (False: run in a worker thread)"
        ),
    )


@probes.register("websockets")
def websockets() -> Observation:
    from fastapi import FastAPI, WebSocket

    app = FastAPI()

    @app.websocket("/ws")
    async def echo(websocket: WebSocket) -> None:
        await websocket.accept()
        text = await websocket.receive_text()
        await websocket.send_text(f"echo:{text}")
        await websocket.close()

    with _client(app).websocket_connect("/ws") as ws:
        ws.send_text("hi")
        reply = ws.receive_text()
    return Observation(
        present=reply == "echo:hi",
        detail=f"@app.websocket('/ws') echo through TestClient.websocket_connect: {reply!r}",
    )


@probes.register("background_tasks")
def background_tasks() -> Observation:
    from fastapi import BackgroundTasks, FastAPI

    done: List[str] = []
    app = FastAPI()

    @app.post("/")
    async def send(tasks: BackgroundTasks) -> str:
        tasks.add_task(done.append, "ran")
        return "queued"

    response = _client(app).post("/")
    return Observation(
        present=done == ["ran"],
        detail=f"path operation with a BackgroundTasks parameter -> {response.status_code}; task ran: {done}",
    )


@probes.register("dependency_injection")
def dependency_injection() -> Observation:
    from fastapi import Depends, FastAPI

    def settings() -> Dict[str, str]:
        return {"db": "sqlite"}

    app = FastAPI()

    @app.get("/")
    async def home(config: Dict[str, str] = Depends(settings)) -> Dict[str, str]:
        return config

    injected = _client(app).get("/").json()
    app.dependency_overrides[settings] = lambda: {"db": "memory"}
    overridden = _client(app).get("/").json()
    return Observation(
        present=injected == {"db": "sqlite"},
        detail=f"Depends(settings) injected {injected}; with dependency_overrides: {overridden}",
    )


@probes.register("orm")
def orm() -> Observation:
    found = _modules_matching("orm", "sql")
    return Observation(
        present=bool(found),
        detail=f"fastapi/starlette modules named like orm/sql: {found}",
    )


@probes.register("migrations")
def migrations() -> Observation:
    found = _modules_matching("migrat")
    return Observation(present=bool(found), detail=f"fastapi/starlette modules named like migrat*: {found}")


@probes.register("admin")
def admin() -> Observation:
    found = _modules_matching("admin")
    return Observation(present=bool(found), detail=f"fastapi/starlette modules named like admin: {found}")


@probes.register("forms")
def forms() -> Observation:
    requires("python-multipart", "python_multipart", "multipart")  # FastAPI's Form() needs it
    from fastapi import FastAPI, Form

    app = FastAPI()

    @app.post("/login")
    async def login(username: str = Form(...), age: int = Form(...)) -> Dict[str, Any]:
        return {"username": username, "age": age}

    client = _client(app)
    good = client.post("/login", data={"username": "ada", "age": "36"})
    bad = client.post("/login", data={"username": "ada", "age": "old"})
    renderers = _modules_matching("forms", "widget")
    return Observation(
        present=good.status_code == 200 and bad.status_code == 422,
        detail=(
            f"Form() fields: valid POST -> {good.status_code} {good.json()}, invalid age -> "
            f"{bad.status_code}; modules for rendering forms: {renderers}"
        ),
    )


def _templates(directory: str) -> Any:
    requires("jinja2")
    from fastapi.templating import Jinja2Templates

    return Jinja2Templates(directory=directory)


@probes.register("templating")
def templating() -> Observation:
    from fastapi import FastAPI, Request

    app = FastAPI()
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "page.html").write_text("Hello {{ v }}")
        templates = _templates(tmp)

        @app.get("/")
        async def page(request: Request) -> Any:
            try:
                return templates.TemplateResponse(request=request, name="page.html", context={"v": "world"})
            except TypeError:  # Starlette before 0.29: (name, context) with the request inside
                return templates.TemplateResponse(name="page.html", context={"request": request, "v": "world"})

        response = _client(app).get("/")
    return Observation(
        present=response.text == "Hello world",
        detail=(
            f"fastapi.templating.Jinja2Templates.TemplateResponse(..., 'page.html') -> "
            f"{response.status_code} {response.text!r}"
        ),
        value="Jinja2",
    )


@probes.register("template_autoescape")
def template_autoescape() -> Observation:
    markup = "<b>x</b>"
    out: Dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("page.html", "page.jinja"):
            Path(tmp, name).write_text("{{ v }}")
            out[name] = str(_templates(tmp).get_template(name).render(v=markup))
    escaped = {name: text != markup for name, text in out.items()}
    starlette_version = metadata.version("starlette")
    return Observation(
        present=escaped["page.html"],
        detail=(
            f"Jinja2Templates(directory=...) with Starlette {starlette_version} rendering "
            f"{markup!r}: {out}; escaped: {escaped}"
        ),
    )


@probes.register("auth")
def auth() -> Observation:
    import fastapi.security as security
    from fastapi import Depends, FastAPI
    from fastapi.security import OAuth2PasswordBearer

    scheme = OAuth2PasswordBearer(tokenUrl="token")
    app = FastAPI()

    @app.get("/me")
    async def me(token: str = Depends(scheme)) -> Dict[str, str]:
        return {"token": token}

    client = _client(app)
    anonymous = client.get("/me").status_code
    with_token = client.get("/me", headers={"Authorization": "Bearer abc"}).json()
    helpers = [n for n in dir(security) if any(w in n.lower() for w in ("login", "logout", "hash", "user"))]
    return Observation(
        present=anonymous == 401 and with_token == {"token": "abc"},
        detail=(
            f"OAuth2PasswordBearer dependency: no token -> {anonymous}, bearer token -> {with_token}; "
            f"user store/password hashing/login helpers in fastapi.security: {helpers}"
        ),
    )


@probes.register("csrf")
def csrf() -> Observation:
    requires("python-multipart", "python_multipart", "multipart")  # FastAPI's Form() needs it
    from fastapi import FastAPI, Form

    app = FastAPI()

    @app.post("/transfer")
    async def transfer(amount: int = Form(...)) -> Dict[str, int]:
        return {"amount": amount}

    response = _client(app).post("/transfer", data={"amount": "5"}, headers={"origin": "https://evil.example"})
    found = _modules_matching("csrf")
    strict = "strict_content_type" in inspect.signature(FastAPI.__init__).parameters
    return Observation(
        present=bool(found) or response.status_code == 403,
        detail=(
            f"cross-origin form POST without token -> {response.status_code}; csrf modules: {found}; "
            f"FastAPI(strict_content_type=...) exists: {strict}"
        ),
    )


@probes.register("sessions")
def sessions() -> Observation:
    from fastapi import FastAPI, Request
    from starlette.middleware.sessions import SessionMiddleware

    app = FastAPI()
    app.add_middleware(SessionMiddleware, secret_key="probe")

    @app.get("/w")
    async def write(request: Request) -> str:
        request.session["n"] = 1
        return "set"

    @app.get("/r")
    async def read(request: Request) -> Any:
        return request.session.get("n")

    client = _client(app)
    client.get("/w")
    again = client.get("/r").json()
    return Observation(
        present=again == 1,
        detail=f"app.add_middleware(starlette SessionMiddleware): wrote n=1, next request read {again!r}",
    )


_SECURITY_HEADERS = (
    "strict-transport-security",
    "x-frame-options",
    "x-content-type-options",
    "content-security-policy",
    "referrer-policy",
)


@probes.register("security_headers")
def security_headers() -> Observation:
    from fastapi import FastAPI
    from fastapi.responses import HTMLResponse

    app = FastAPI()

    @app.get("/", response_class=HTMLResponse)
    async def home() -> str:
        return "<p>hi</p>"

    headers = _client(app).get("/").headers
    set_headers = [h for h in _SECURITY_HEADERS if h in headers]
    found = [m for m in _modules_matching("secur", "header") if not m.startswith("fastapi.security")]
    return Observation(
        present=bool(set_headers or found),
        detail=(
            f"default HTML response security headers: {set_headers}; security-header modules "
            f"(fastapi.security is authentication): {found}"
        ),
    )


@probes.register("i18n")
def i18n() -> Observation:
    found = _modules_matching("i18n", "translat", "locale", "babel")
    return Observation(present=bool(found), detail=f"fastapi/starlette modules for translation/locales: {found}")


@probes.register("caching")
def caching() -> Observation:
    found = _modules_matching("cache")
    return Observation(present=bool(found), detail=f"fastapi/starlette modules named like cache: {found}")


@probes.register("sitemaps")
def sitemaps() -> Observation:
    found = _modules_matching("sitemap")
    return Observation(present=bool(found), detail=f"fastapi/starlette modules named like sitemap: {found}")


@probes.register("syndication")
def syndication() -> Observation:
    found = _modules_matching("feed", "syndicat", "rss", "atom")
    return Observation(present=bool(found), detail=f"fastapi/starlette modules for RSS/Atom feeds: {found}")


@probes.register("static_files")
def static_files() -> Observation:
    from fastapi import FastAPI
    from fastapi.staticfiles import StaticFiles

    app = FastAPI()
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "site.css").write_text("body{}")
        app.mount("/static", StaticFiles(directory=tmp), name="static")
        response = _client(app).get("/static/site.css")
    return Observation(
        present=response.status_code == 200 and response.text == "body{}",
        detail=(
            f"app.mount('/static', StaticFiles(directory=...)) GET /static/site.css -> "
            f"{response.status_code} {response.headers.get('content-type')!r}"
        ),
    )


@probes.register("openapi")
def openapi() -> Observation:
    from fastapi import FastAPI

    app = FastAPI(title="Probe")

    @app.get("/items/{item_id}")
    async def item(item_id: int, q: Optional[str] = None) -> Dict[str, Any]:
        return {"item_id": item_id, "q": q}

    schema = _client(app).get("/openapi.json").json()
    params = [p["name"] for p in schema["paths"]["/items/{item_id}"]["get"]["parameters"]]
    return Observation(
        present=params == ["item_id", "q"],
        detail=(
            f"GET /openapi.json -> openapi {schema.get('openapi')!r}, parameters of "
            f"GET /items/{{item_id}} read from the signature: {params}"
        ),
    )


@probes.register("test_client")
def test_client() -> Observation:
    from fastapi import FastAPI

    app = FastAPI()

    @app.get("/")
    async def home() -> str:
        return "hello"

    client = _client(app)
    response = client.get("/")
    return Observation(
        present=response.status_code == 200 and response.json() == "hello",
        detail=f"fastapi.testclient.TestClient GET / -> {response.status_code} {response.json()!r}",
    )


@probes.register("cli")
def cli() -> Observation:
    dist = metadata.distribution("fastapi")
    scripts = [f"{ep.name}={ep.value}" for ep in dist.entry_points if ep.group == "console_scripts"]
    try:
        cli_module = importlib.import_module("fastapi.cli")
    except ModuleNotFoundError as exc:
        if exc.name != "fastapi.cli":
            raise
        return Observation(present=False, detail=f"no module fastapi.cli; console_scripts: {scripts}")
    implementation = getattr(cli_module, "cli_main", None)
    where = getattr(implementation, "__module__", None)
    if where is None:
        delegate = "nothing: fastapi-cli is not installed and the command only prints an install hint"
    else:
        delegate = repr(where)
    return Observation(
        present=where is not None and where.startswith("fastapi."),
        detail=f"fastapi console_scripts: {scripts}; fastapi.cli delegates to {delegate}",
    )


@probes.register("project_scaffold")
def project_scaffold() -> Observation:
    dist = metadata.distribution("fastapi")
    scripts = [ep.name for ep in dist.entry_points if ep.group == "console_scripts"]
    found = [m for m in _modules_matching("new", "scaffold", "startproject") if m.startswith("fastapi.")]
    return Observation(
        present=bool(found),
        detail=f"fastapi console_scripts: {scripts}; project-generation modules in fastapi: {found}",
    )


@probes.register("type_hints")
def type_hints() -> Observation:
    spec = importlib.util.find_spec("fastapi")
    locations = list(spec.submodule_search_locations or []) if spec else []
    marker = any(os.path.isfile(os.path.join(where, "py.typed")) for where in locations)
    return Observation(present=marker, detail=f"fastapi/py.typed present: {marker}")
