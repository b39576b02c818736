"""Probes for Starlette: each builds the smallest app and looks at what happens.

Optional dependencies the probes need next to Starlette: the test client's
HTTP library (``httpx2``, ``httpx`` or, before 0.21, ``requests``), ``jinja2``
(templates), ``itsdangerous`` (sessions), ``python-multipart`` (forms) and
``pyyaml`` (schemas): the ``starlette[full]`` extra.
"""

from __future__ import annotations

import asyncio
import importlib
import importlib.util
import inspect
import os
import tempfile
import warnings
from importlib import metadata
from pathlib import Path
from typing import Any

from fwcompare_probes import NeedsPackage, Observation, ProbeSet, requires
from fwcompare_probes._asgi import asgi_get, loop_running
from fwcompare_probes._search import modules_with_word, walked_modules

probes = ProbeSet("starlette")
# Every criterion has a probe: absences are checked as missing modules or behaviour.
probes.not_probeable = {}


def _own_module(name: str) -> Any | None:
    """Import a Starlette module, or return None when this release lacks it."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        # Only a missing Starlette module means "this release lacks it"; a
        # missing third-party dependency is an environment problem and raises.
        if exc.name and (exc.name == name or name.startswith(exc.name + ".")):
            return None
        raise


def _modules_matching(*words: str) -> list[str]:
    """Starlette's modules whose own name has a word starting with one of *words*."""
    return modules_with_word(walked_modules("starlette"), *words)


def _client(app: Any) -> Any:
    try:
        from starlette.testclient import TestClient
    except (ImportError, RuntimeError) as exc:  # the test client's HTTP library is optional
        raise NeedsPackage("httpx2" if "httpx2" in str(exc) else "httpx", str(exc)) from exc

    with warnings.catch_warnings():
        # 1.2+ warns when it falls back from httpx2 to httpx: not our concern.
        warnings.simplefilter("ignore", DeprecationWarning)
        return TestClient(app)


def _app(routes: list[Any], **kwargs: Any) -> Any:
    from starlette.applications import Starlette

    return Starlette(routes=routes, **kwargs)


def _no_command() -> tuple[list[str], bool]:
    dist = metadata.distribution("starlette")
    scripts = [ep.name for ep in dist.entry_points if ep.group == "console_scripts"]
    has_main = importlib.util.find_spec("starlette.__main__") is not None
    return scripts, has_main


@probes.register("interface")
def interface() -> Observation:
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    async def home(request: Any) -> Any:
        return PlainTextResponse("ok")

    app = _app([Route("/", home)])
    call = app.__call__
    params = list(inspect.signature(call).parameters)
    is_async = inspect.iscoroutinefunction(call)
    tags: list[str] = []
    if is_async and params == ["scope", "receive", "send"]:
        messages = asyncio.run(asgi_get(app))
        status = messages[0].get("status") if messages else None
        if status == 200:
            tags.append("ASGI")
    else:
        messages, status = [], None
    wsgi = not is_async and len(params) == 2
    if wsgi:
        tags.insert(0, "WSGI")
    has_server = any(hasattr(app, name) for name in ("run", "serve"))
    if has_server:
        tags.append("own-server")
    return Observation(
        present=True,
        detail=(
            f"Starlette.__call__{tuple(params)} async={is_async}; one ASGI 3 GET / "
            f"answered status {status}; app.run/app.serve present={has_server}"
        ),
        value=tuple(tags),
    )


@probes.register("routing")
def routing() -> Observation:
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    async def home(request: Any) -> Any:
        return PlainTextResponse("table")

    tags: list[str] = []
    status = _client(_app([Route("/", home)])).get("/").status_code
    if status == 200:
        tags.append("route-table")
    app = _app([])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)

            @app.route("/deco")
            async def deco(request: Any) -> Any:
                return PlainTextResponse("deco")

        deco_status: Any = _client(app).get("/deco").status_code
        if deco_status == 200:
            tags.append("decorators")
    except AttributeError as exc:
        deco_status = f"AttributeError: {exc}"
    return Observation(
        present=True,
        detail=(
            f"Starlette(routes=[Route('/', ...)]) GET / -> {status}; "
            f"@app.route('/deco') -> {deco_status}; no resource-tree traversal API"
        ),
        value=tuple(tags),
    )


@probes.register("async_views")
def async_views() -> Observation:
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    seen: dict[str, bool] = {}

    async def coro(request: Any) -> Any:
        seen["async"] = loop_running()
        return PlainTextResponse("async")

    def plain(request: Any) -> Any:
        seen["sync"] = loop_running()
        return PlainTextResponse("sync")

    client = _client(_app([Route("/a", coro), Route("/s", plain)]))
    a = client.get("/a")
    s = client.get("/s")
    return Observation(
        present=a.status_code == 200 and a.text == "async" and seen.get("async") is True,
        detail=(
            f"async def endpoint -> {a.status_code} {a.text!r}, event loop running in it: "
            f"{seen.get('async')}; def endpoint -> {s.status_code}, event loop running in it: "
            f"{seen.get('sync')} (False: run in a worker thread)"
        ),
    )


@probes.register("websockets")
def websockets() -> Observation:
    from starlette.routing import WebSocketRoute

    async def echo(websocket: Any) -> None:
        await websocket.accept()
        text = await websocket.receive_text()
        await websocket.send_text(f"echo:{text}")
        await websocket.close()

    with _client(_app([WebSocketRoute("/ws", echo)])).websocket_connect("/ws") as ws:
        ws.send_text("hi")
        reply = ws.receive_text()
    return Observation(
        present=reply == "echo:hi",
        detail=f"WebSocketRoute('/ws') echo through TestClient.websocket_connect: {reply!r}",
    )


@probes.register("background_tasks")
def background_tasks() -> Observation:
    from starlette.background import BackgroundTask
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    done: list[str] = []

    async def home(request: Any) -> Any:
        return PlainTextResponse("sent", background=BackgroundTask(done.append, "ran"))

    response = _client(_app([Route("/", home)])).get("/")
    return Observation(
        present=done == ["ran"],
        detail=f"PlainTextResponse(background=BackgroundTask(...)) -> {response.status_code}; task ran: {done}",
    )


@probes.register("dependency_injection")
def dependency_injection() -> Observation:
    import starlette

    found = _modules_matching("param", "depend", "inject")
    names = [n for n in ("Depends", "Inject", "Provide") if hasattr(starlette, n)]
    return Observation(
        present=bool(found or names),
        detail=f"starlette modules named like param/depend/inject: {found}; top-level DI names: {names}; "
        "endpoints are called with the request only",
    )


@probes.register("orm")
def orm() -> Observation:
    found = _modules_matching("orm", "sql")
    return Observation(
        present=bool(found),
        detail=f"starlette modules named like orm/sql: {found}",
    )


@probes.register("migrations")
def migrations() -> Observation:
    found = _modules_matching("migrat")
    return Observation(present=bool(found), detail=f"starlette modules named like migrat*: {found}")


@probes.register("admin")
def admin() -> Observation:
    found = _modules_matching("admin")
    return Observation(present=bool(found), detail=f"starlette modules named like admin: {found}")


@probes.register("forms")
def forms() -> Observation:
    requires("python-multipart", "python_multipart", "multipart")
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    async def submit(request: Any) -> Any:
        form = await request.form()
        return PlainTextResponse(f"{form['name']}")

    response = _client(_app([Route("/", submit, methods=["POST"])])).post("/", data={"name": "x"})
    found = _modules_matching("forms", "field", "widget")
    return Observation(
        present=bool(found),
        detail=(
            f"request.form() parsed a POST -> {response.status_code} {response.text!r}; "
            f"modules for declaring/rendering/validating forms: {found}"
        ),
    )


def _render(templates_dir: Path, name: str, value: str) -> str:
    requires("jinja2")
    from starlette.templating import Jinja2Templates

    templates = Jinja2Templates(directory=str(templates_dir))
    return str(templates.get_template(name).render(v=value))


@probes.register("templating")
def templating() -> Observation:
    requires("jinja2")
    templating_mod = _own_module("starlette.templating")
    if templating_mod is None:
        return Observation(present=False, detail="no module starlette.templating")
    from starlette.routing import Route

    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "page.html").write_text("Hello {{ v }}")
        templates = templating_mod.Jinja2Templates(directory=tmp)

        async def page(request: Any) -> Any:
            try:
                return templates.TemplateResponse(request=request, name="page.html", context={"v": "world"})
            except TypeError:  # before 0.29 the signature was (name, context) with the request inside
                return templates.TemplateResponse(name="page.html", context={"request": request, "v": "world"})

        response = _client(_app([Route("/", page)])).get("/")
    return Observation(
        present=response.text == "Hello world",
        detail=f"Jinja2Templates.TemplateResponse(..., 'page.html') -> {response.status_code} {response.text!r}",
        value="Jinja2",
    )


@probes.register("template_autoescape")
def template_autoescape() -> Observation:
    requires("jinja2")  # Starlette 1.x raises ImportError on importing starlette.templating without it
    if _own_module("starlette.templating") is None:
        return Observation(present=False, detail="no module starlette.templating")
    markup = "<b>x</b>"
    out: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("page.html", "page.jinja"):
            Path(tmp, name).write_text("{{ v }}")
            out[name] = _render(Path(tmp), name, markup)
    escaped = {name: text != markup for name, text in out.items()}
    return Observation(
        present=escaped["page.html"],
        detail=f"Jinja2Templates(directory=...) rendering {markup!r}: {out}; escaped: {escaped}",
    )


@probes.register("auth")
def auth() -> Observation:
    found = _own_module("starlette.authentication")
    if found is None:
        return Observation(present=False, detail="no module starlette.authentication")
    auth_mod: Any = found
    from starlette.middleware import Middleware
    from starlette.middleware.authentication import AuthenticationMiddleware
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    class HeaderBackend(auth_mod.AuthenticationBackend):
        async def authenticate(self, conn: Any) -> Any:
            user = conn.headers.get("x-user")
            if not user:
                return None
            return auth_mod.AuthCredentials(["authenticated"]), auth_mod.SimpleUser(user)

    @auth_mod.requires("authenticated")
    async def private(request: Any) -> Any:
        return PlainTextResponse(request.user.display_name)

    app = _app(
        [Route("/", private)],
        middleware=[Middleware(AuthenticationMiddleware, backend=HeaderBackend())],
    )
    client = _client(app)
    anonymous = client.get("/").status_code
    named = client.get("/", headers={"x-user": "ada"})
    helpers = [n for n in dir(auth_mod) if any(w in n.lower() for w in ("login", "logout", "hash", "password"))]
    return Observation(
        present=anonymous == 403 and named.text == "ada",
        detail=(
            f"AuthenticationMiddleware + @requires('authenticated'): anonymous -> {anonymous}, "
            f"authenticated -> {named.status_code} {named.text!r}; login/logout/password helpers: {helpers}"
        ),
    )


@probes.register("csrf")
def csrf() -> Observation:
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    async def submit(request: Any) -> Any:
        return PlainTextResponse("accepted")

    response = _client(_app([Route("/", submit, methods=["POST"])])).post(
        "/", data={"a": "1"}, headers={"origin": "https://evil.example"}
    )
    found = _modules_matching("csrf")
    return Observation(
        present=bool(found) or response.status_code == 403,
        detail=f"cross-origin form POST without token -> {response.status_code}; csrf modules: {found}",
    )


@probes.register("sessions")
def sessions() -> Observation:
    sessions_mod = _own_module("starlette.middleware.sessions")
    if sessions_mod is None:
        return Observation(present=False, detail="no module starlette.middleware.sessions")
    from starlette.middleware import Middleware
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    async def write(request: Any) -> Any:
        request.session["n"] = 1
        return PlainTextResponse("set")

    async def read(request: Any) -> Any:
        return PlainTextResponse(str(request.session.get("n")))

    app = _app(
        [Route("/w", write), Route("/r", read)],
        middleware=[Middleware(sessions_mod.SessionMiddleware, secret_key="probe")],
    )
    client = _client(app)
    set_cookie = client.get("/w").headers.get("set-cookie", "")
    again = client.get("/r").text
    return Observation(
        present=again == "1",
        detail=f"SessionMiddleware: wrote n=1, next request read {again!r}; cookie: {set_cookie.split('=')[0]!r}",
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
    from starlette.responses import HTMLResponse
    from starlette.routing import Route

    async def home(request: Any) -> Any:
        return HTMLResponse("<p>hi</p>")

    headers = _client(_app([Route("/", home)])).get("/").headers
    set_headers = [h for h in _SECURITY_HEADERS if h in headers]
    found = [m for m in _modules_matching("secur", "header") if "datastructures" not in m]
    return Observation(
        present=bool(set_headers or found),
        detail=f"default HTML response security headers: {set_headers}; security-header modules: {found}",
    )


@probes.register("i18n")
def i18n() -> Observation:
    found = _modules_matching("i18n", "translat", "locale", "babel")
    return Observation(present=bool(found), detail=f"starlette modules for translation/locales: {found}")


@probes.register("caching")
def caching() -> Observation:
    found = _modules_matching("cache")
    return Observation(present=bool(found), detail=f"starlette modules named like cache: {found}")


@probes.register("sitemaps")
def sitemaps() -> Observation:
    found = _modules_matching("sitemap")
    return Observation(present=bool(found), detail=f"starlette modules named like sitemap: {found}")


@probes.register("syndication")
def syndication() -> Observation:
    found = _modules_matching("feed", "syndicat", "rss", "atom")
    return Observation(present=bool(found), detail=f"starlette modules for RSS/Atom feeds: {found}")


@probes.register("static_files")
def static_files() -> Observation:
    from starlette.routing import Mount
    from starlette.staticfiles import StaticFiles

    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "site.css").write_text("body{}")
        app = _app([Mount("/static", app=StaticFiles(directory=tmp))])
        response = _client(app).get("/static/site.css")
    return Observation(
        present=response.status_code == 200 and response.text == "body{}",
        detail=(
            f"Mount('/static', StaticFiles(directory=...)) GET /static/site.css -> "
            f"{response.status_code} {response.headers.get('content-type')!r}"
        ),
    )


@probes.register("openapi")
def openapi() -> Observation:
    schemas = _own_module("starlette.schemas")
    if schemas is None:
        return Observation(present=False, detail="no module starlette.schemas")
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    async def documented(request: Any) -> Any:
        """
        responses:
          200:
            description: A list.
        """
        return JSONResponse([])

    async def undocumented(request: Any) -> Any:
        return JSONResponse([])

    requires("pyyaml", "yaml")  # the schema is read from YAML docstrings
    generator = schemas.SchemaGenerator({"openapi": "3.0.0", "info": {"title": "Probe", "version": "1"}})
    schema = generator.get_schema(routes=[Route("/doc", documented), Route("/plain", undocumented)])
    paths = sorted(schema.get("paths", {}))
    return Observation(
        present=schema.get("openapi") == "3.0.0" and paths == ["/doc"],
        detail=(
            f"SchemaGenerator.get_schema(): openapi={schema.get('openapi')!r}, paths={paths} "
            "(only the endpoint with a YAML docstring is described)"
        ),
    )


@probes.register("test_client")
def test_client() -> Observation:
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    async def home(request: Any) -> Any:
        return PlainTextResponse("hello")

    client = _client(_app([Route("/", home)]))
    response = client.get("/")
    return Observation(
        present=response.status_code == 200 and response.text == "hello",
        detail=f"{type(client).__module__}.TestClient GET / -> {response.status_code} {response.text!r}",
    )


@probes.register("cli")
def cli() -> Observation:
    scripts, has_main = _no_command()
    return Observation(
        present=bool(scripts or has_main),
        detail=f"starlette console_scripts: {scripts}; starlette.__main__ present: {has_main}",
    )


@probes.register("project_scaffold")
def project_scaffold() -> Observation:
    scripts, has_main = _no_command()
    return Observation(
        present=bool(scripts or has_main),
        detail=f"no command to generate a project: console_scripts {scripts}, starlette.__main__ {has_main}",
    )


@probes.register("type_hints")
def type_hints() -> Observation:
    spec = importlib.util.find_spec("starlette")
    locations = list(spec.submodule_search_locations or []) if spec else []
    marker = any(os.path.isfile(os.path.join(where, "py.typed")) for where in locations)
    return Observation(present=marker, detail=f"starlette/py.typed present: {marker}")
