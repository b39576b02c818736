"""Probes for Robyn (distribution ``robyn``), a framework with a Rust runtime.

Robyn's server, router, WebSockets and static files live in its Rust extension
(``robyn.robyn``); an app is no WSGI or ASGI callable. Requests are driven
through Robyn's own in-process ``robyn.testing.TestClient`` (0.83 and later),
which runs the Python handlers and middlewares without a server. What only the
Rust server does (WebSocket traffic, directory serving, const-route caching)
is checked as the registration the app records, without opening a socket.
Templates need ``jinja2`` (the ``robyn[templating]`` extra).
"""

from __future__ import annotations

import functools
import os
import pkgutil
from importlib import metadata
from typing import TYPE_CHECKING, Any

from fwcompare_probes import Observation, ProbeSet, security_headers_among

if TYPE_CHECKING:
    from fwcompare_probes import ProbeFn

probes = ProbeSet("robyn")
# Every criterion has a probe: absences are checked as missing modules and names.
probes.not_probeable = {}


def _app() -> Any:
    import logging

    from robyn import Robyn

    # Robyn logs every route at INFO and calls logging.basicConfig itself.
    logging.getLogger("robyn").setLevel(logging.WARNING)
    return Robyn(__file__)


class _NoTestClient(Exception):
    """The installed Robyn predates robyn.testing (0.83)."""


def _client(app: Any) -> Any:
    try:
        from robyn.testing import TestClient
    except ImportError as exc:
        raise _NoTestClient(f"from robyn.testing import TestClient -> {exc}") from exc
    return TestClient(app)


def _needs_client(fn: ProbeFn) -> ProbeFn:
    """Report, instead of failing, when the release has no in-process client."""

    @functools.wraps(fn)
    def wrapper() -> Observation:
        try:
            return fn()
        except _NoTestClient as exc:
            return Observation(present=None, detail=f"not observable in-process before 0.83: {exc}")

    return wrapper


def _response(text: str) -> Any:
    # A Response object, not a bare string: the TestClient returns bare
    # strings early, before global headers and after-request middlewares.
    from robyn import Headers, Response

    return Response(status_code=200, headers=Headers({}), description=text)


def _headers(response: Any) -> dict[str, list[str]]:
    raw = response.headers.get_headers() if hasattr(response.headers, "get_headers") else {}
    return {str(k).lower(): list(v) for k, v in raw.items()}


def _names(*words: str) -> list[str]:
    """Module names of robyn, and public names of robyn and Robyn, containing one of *words*."""
    import robyn

    found = {
        m.name
        for m in pkgutil.walk_packages(robyn.__path__, "robyn.")
        if ".scaffold" not in m.name and any(w in m.name.rsplit(".", 1)[-1].lower() for w in words)
    }
    for holder in (robyn, robyn.Robyn):
        for name in dir(holder):
            if not name.startswith("_") and any(w in name.lower() for w in words):
                found.add(name)
    return sorted(found)


def _absent(words: tuple[str, ...], what: str, ignore: tuple[str, ...] = ()) -> Observation:
    found = [n for n in _names(*words) if n not in ignore]
    return Observation(
        present=bool(found),
        detail=f"searched robyn modules and robyn/Robyn names for {words}: {found or 'no such names'} ({what})",
    )


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

    from robyn.templating import JinjaTemplate

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


@probes.register("auth")
@_needs_client
def auth() -> Observation:
    try:
        from robyn.authentication import AuthenticationHandler, BearerGetter
    except ImportError as exc:
        return Observation(present=False, detail=f"from robyn.authentication import ... -> {exc}")

    class Handler(AuthenticationHandler):
        def authenticate(self, request: Any) -> Any:
            from robyn.robyn import Identity

            token = self.token_getter.get_token(request)
            return Identity(claims={"user": "ada"}) if token == "good" else None

    app = _app()
    app.configure_authentication(Handler(token_getter=BearerGetter()))

    @app.get("/private", auth_required=True)
    def private(request: Any) -> Any:
        return _response("user=" + request.identity.claims["user"])

    client = _client(app)
    anonymous = client.get("/private")
    signed_in = client.get("/private", headers={"authorization": "Bearer good"})
    store = _names("password", "login", "signup", "usermodel")
    return Observation(
        present=anonymous.status_code == 401 and signed_in.text == "user=ada",
        detail=f"auth_required route: no token -> {anonymous.status_code}, Bearer token -> "
        f"{signed_in.status_code} {signed_in.text!r}; user store/password/login names: {store or 'none'} (partial)",
    )


@probes.register("csrf")
def csrf() -> Observation:
    return _absent(("csrf", "xsrf", "forgery"), "no CSRF protection")


@probes.register("sessions")
@_needs_client
def sessions() -> Observation:
    app = _app()
    if not hasattr(app, "configure_sessions"):
        return Observation(present=False, detail="Robyn.configure_sessions does not exist")
    app.configure_sessions(secret_key="fwcompare-probe-secret-key")

    @app.get("/set")
    def set_value(request: Any) -> Any:
        request.session["word"] = "kept"
        return _response("set")

    @app.get("/get")
    def get_value(request: Any) -> Any:
        return _response(str(request.session.get("word")))

    # The TestClient keeps headers but drops Response.cookies, where the session
    # middleware writes its cookie: an after-request hook registered after it
    # reads the cookie from the response object.
    seen: list[str] = []

    @app.after_request()
    def capture(request: Any, response: Any) -> Any:
        cookie = response.cookies.get("session") if hasattr(response, "cookies") else None
        if cookie is not None:
            seen.append(getattr(cookie, "value", str(cookie)))
        return response

    client = _client(app)
    client.get("/set")
    cookie = "session=" + seen[0] if seen else ""
    second = client.get("/get", headers={"cookie": cookie})
    return Observation(
        present=(second.status_code, second.text) == (200, "kept"),
        detail=f"configure_sessions(); value set in one request (session cookie written: {bool(seen)}), read back "
        f"with that cookie -> {second.status_code} {second.text!r}",
    )


@probes.register("security_headers")
@_needs_client
def security_headers() -> Observation:
    app = _app()

    @app.get("/")
    def home(request: Any) -> Any:
        return _response("<p>hi</p>")

    response = _client(app).get("/")
    found = security_headers_among(_headers(response))
    return Observation(
        present=bool(found),
        detail=f"headers of a response: {sorted(_headers(response))}; security headers: {found or 'none'}",
    )


@probes.register("i18n")
def i18n() -> Observation:
    return _absent(("gettext", "translat", "i18n", "babel", "locale"), "no translation support")


@probes.register("caching")
def caching() -> Observation:
    import inspect

    from robyn import Robyn

    const = "const" in inspect.signature(Robyn.get).parameters
    cache = _names("cache")
    return Observation(
        present=const,
        detail=f"Robyn.get(..., const=...) parameter: {const} (const routes are computed once and served by "
        f"the Rust server, not exercised in-process); cache API names: {cache or 'none'} (partial)",
    )


@probes.register("sitemaps")
def sitemaps() -> Observation:
    return _absent(("sitemap",), "no sitemap support")


@probes.register("syndication")
def syndication() -> Observation:
    return _absent(("rss", "atom", "syndicat", "feed"), "no feed support")


@probes.register("static_files")
def static_files() -> Observation:
    import tempfile

    app = _app()
    with tempfile.TemporaryDirectory() as root:
        app.serve_directory(route="/static", directory_path=root)
        directories = [(d.route, d.directory_path) for d in app.directories]
    return Observation(
        present=bool(directories) and directories[0][0] == "/static",
        detail=f"app.serve_directory('/static', tmp) recorded for the Rust server (actix-files): {directories} "
        "(served by the Rust server only; not requested in-process)",
    )


@probes.register("openapi")
def openapi() -> Observation:
    import importlib.util
    import json

    if importlib.util.find_spec("robyn.openapi") is None:
        return Observation(present=False, detail="no robyn.openapi module")
    app = _app()

    @app.get("/items/:item_id")
    def item(request: Any) -> Any:
        return "item"

    try:
        client = _client(app)
    except _NoTestClient as exc:
        return Observation(
            present=True,
            detail=f"robyn.openapi present; /openapi.json not requested in-process before 0.83 ({exc})",
        )
    app._add_openapi_routes()  # what app.start() does before serving
    client = _client(app)
    response = client.get("/openapi.json")
    try:
        document = json.loads(response.text)
    except ValueError:
        document = {}
    paths = sorted(document.get("paths", {}))
    return Observation(
        present=response.status_code == 200 and any(p.startswith("/items/") for p in paths),
        detail=f"GET /openapi.json -> {response.status_code}, openapi {document.get('openapi')}, paths {paths}",
    )


@probes.register("test_client")
def test_client() -> Observation:
    try:
        client = _client(_app())
    except _NoTestClient as exc:
        return Observation(present=False, detail=str(exc))
    app = client.app

    @app.get("/")
    def home(request: Any) -> Any:
        return "tested"

    response = _client(app).get("/")
    return Observation(
        present=(response.status_code, response.text) == (200, "tested"),
        detail=f"{type(client).__module__}.TestClient GET / -> {response.status_code} {response.text!r}, "
        "no server started",
    )


def _help() -> tuple[int, str]:
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "robyn", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ, ROBYN_CLI="1"),
    )
    return proc.returncode, proc.stdout + proc.stderr


@probes.register("cli")
def cli() -> Observation:
    code, text = _help()
    scripts = sorted(ep.name for ep in metadata.distribution("robyn").entry_points if ep.group == "console_scripts")
    flags = [f for f in ("--dev", "--processes", "--workers", "--create") if f in text]
    return Observation(
        present=code == 0 and "--dev" in text,
        detail=f"python -m robyn --help -> exit {code}, flags {flags}; console scripts: {scripts}",
    )


@probes.register("project_scaffold")
def project_scaffold() -> Observation:
    code, text = _help()
    import robyn

    scaffold = os.path.isdir(os.path.join(os.path.dirname(robyn.__file__), "scaffold"))
    import re

    # --create since 0.28.3; 0.28.0 to 0.28.2 took a bare 'create' argument.
    create = re.search(r"(^|[\s\[{,])(--)?create([\s\]},]|$)", text, re.M) is not None
    return Observation(
        present=create,
        detail=f"python -m robyn --help -> exit {code}, offers create/--create: {create}; "
        f"scaffold templates shipped: {scaffold}",
    )


@probes.register("type_hints")
def type_hints() -> Observation:
    files = metadata.distribution("robyn").files or []
    typed = [str(f) for f in files if f.name == "py.typed"]
    stubs = [str(f) for f in files if str(f).endswith(".pyi")]
    return Observation(
        present=bool(typed),
        detail=f"py.typed in the installed distribution's RECORD: {typed or 'none'}; stubs: {stubs}",
    )
