"""Probes for FastHTML: each builds the smallest app and looks at what happens.

FastHTML's own dependencies are enough (Starlette, httpx2 for the test
clients, itsdangerous for sessions, python-multipart for forms, oauthlib).
Every app is given a ``secret_key``: without one FastHTML writes a ``.sesskey``
file into the working directory.

FastHTML reads handler annotations at run time to bind parameters, so this
module does not use ``from __future__ import annotations`` and keeps ``typing``
names (Python 3.8 syntax, like every probe).
"""

# ruff: noqa: UP006, UP035

import asyncio
import importlib
import importlib.util
import inspect
import json
import os
import tempfile
import warnings
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, Dict, List, Tuple

from fwcompare_probes import Observation, ProbeSet, security_headers_among
from fwcompare_probes._asgi import asgi_get, loop_running
from fwcompare_probes._search import modules_with_word, walked_modules

probes = ProbeSet("fasthtml")
# Every criterion has a probe: absences are checked as missing modules or behaviour.
probes.not_probeable = {}

_SECRET = "fwcompare-probe"


def _app(**kwargs: Any) -> Any:
    from fasthtml.core import FastHTML

    kwargs.setdefault("secret_key", _SECRET)
    return FastHTML(**kwargs)


def _client(app: Any) -> Any:
    from starlette.testclient import TestClient

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return TestClient(app)


def _modules_matching(*words: str) -> List[str]:
    """FastHTML's modules whose own name has a word starting with one of *words*."""
    return modules_with_word(walked_modules("fasthtml"), *words)


def _public_names(*words: str) -> List[str]:
    """Names fasthtml.common exports from FastHTML or Starlette containing one of *words*.

    fasthtml.common also re-exports fastcore's general utilities (``atomic_save``,
    memoising decorators): those are not web-framework features, so they are left out.
    """
    import fasthtml.common as common

    found = []
    for name in dir(common):
        if name.startswith("_") or not any(w in name.lower() for w in words):
            continue
        module = getattr(getattr(common, name), "__module__", None) or ""
        if module.split(".")[0] in ("fasthtml", "starlette"):
            found.append(name)
    return sorted(found)


def _scripts() -> List[str]:
    dist = metadata.distribution("python-fasthtml")
    return sorted(ep.name for ep in dist.entry_points if ep.group == "console_scripts")


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


@probes.register("migrations")
def migrations() -> Observation:
    found = _modules_matching("migrat")
    return Observation(present=bool(found), detail=f"fasthtml modules named like migrat*: {found}")


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


@probes.register("auth")
def auth() -> Observation:
    from fasthtml.common import Beforeware, RedirectResponse

    def before(req, sess) -> Any:  # type: ignore[no-untyped-def]
        auth = req.scope["auth"] = sess.get("auth", None)
        if not auth:
            return RedirectResponse("/login", status_code=303)
        return None

    app = _app(before=Beforeware(before, skip=["/login"]))

    @app.get("/login")
    def login(sess) -> str:  # type: ignore[no-untyped-def]
        sess["auth"] = "ada"
        return "logged in"

    @app.get("/")
    def index(auth) -> str:  # type: ignore[no-untyped-def]
        return f"hello {auth}"

    client = _client(app)
    anonymous = client.get("/", follow_redirects=False)
    client.get("/login")
    named = client.get("/")
    oauth = importlib.util.find_spec("fasthtml.oauth") is not None
    helpers = _public_names("password", "hash_pw", "usermodel")
    return Observation(
        present=anonymous.status_code == 303 and named.text == "hello ada" and oauth,
        detail=(
            f"Beforeware: anonymous GET / -> {anonymous.status_code} to {anonymous.headers.get('location')!r}; "
            f"after login -> {named.text!r}; fasthtml.oauth present: {oauth}; "
            f"user-store/password names: {helpers}"
        ),
    )


@probes.register("csrf")
def csrf() -> Observation:
    app = _app()

    @app.post("/")
    def submit() -> str:
        return "accepted"

    response = _client(app).post("/", data={"a": "1"}, headers={"origin": "https://evil.example"})
    found = _modules_matching("csrf") + _public_names("csrf")
    return Observation(
        present=bool(found) or response.status_code == 403,
        detail=(
            f"cross-origin form POST without a token -> {response.status_code} {response.text!r}; csrf names: {found}"
        ),
    )


@probes.register("sessions")
def sessions() -> Observation:
    app = _app()

    @app.get("/w")
    def write(session) -> str:  # type: ignore[no-untyped-def]
        session["n"] = 1
        return "set"

    @app.get("/r")
    def read(sess) -> str:  # type: ignore[no-untyped-def]
        return str(sess.get("n"))

    client = _client(app)
    cookie = client.get("/w").headers.get("set-cookie", "")
    again = client.get("/r").text
    return Observation(
        present=again == "1",
        detail=f"session['n'] = 1, next request read {again!r}; cookie {cookie.split('=')[0]!r}, "
        f"samesite=lax in it: {'samesite=lax' in cookie.lower()}",
    )


@probes.register("security_headers")
def security_headers() -> Observation:
    from fasthtml.common import P

    app = _app()

    @app.get("/")
    def index() -> Any:
        return P("hi")

    headers = _client(app).get("/").headers
    set_headers = security_headers_among(headers.keys())
    middleware = _public_names("secur", "hsts", "csp")
    return Observation(
        present=bool(set_headers or middleware),
        detail=f"security headers on a default page: {set_headers}; security-header names: {middleware}",
    )


@probes.register("i18n")
def i18n() -> Observation:
    found = _modules_matching("i18n", "translat", "locale", "babel") + _public_names("gettext", "translat")
    return Observation(present=bool(found), detail=f"fasthtml modules or names for translation: {found}")


@probes.register("caching")
def caching() -> Observation:
    found = _modules_matching("cache") + [n for n in _public_names("cache") if not n.startswith("Static")]
    return Observation(
        present=bool(found),
        detail=f"fasthtml cache modules or names (other than StaticNoCache-style static file classes): {found}",
    )


@probes.register("sitemaps")
def sitemaps() -> Observation:
    xtend = importlib.import_module("fasthtml.xtend")
    make = getattr(xtend, "sitemap_xml", None)
    if make is None:
        found = _modules_matching("sitemap") + _public_names("sitemap")
        return Observation(present=bool(found), detail=f"no fasthtml.xtend.sitemap_xml; names like sitemap: {found}")
    app = _app()
    make(app, ["/", {"loc": "/about", "priority": 0.5}], loc_base="https://example.org")
    response = _client(app).get("/sitemap.xml")
    text = response.text
    kind = response.headers.get("content-type")
    page = text.lstrip().lower().startswith("<!doctype html")
    return Observation(
        present=response.status_code == 200 and "sitemaps.org" in text and "https://example.org/about" in text,
        detail=(
            f"sitemap_xml(app, urls) then GET /sitemap.xml -> {response.status_code} {kind!r}, "
            f"urlset with the listed URLs: {'https://example.org/about' in text}; wrapped in an HTML page: {page}"
        ),
    )


@probes.register("syndication")
def syndication() -> Observation:
    found = _modules_matching("feed", "syndicat", "rss", "atom") + _public_names("rss", "atom", "syndicat")
    return Observation(present=bool(found), detail=f"fasthtml modules or names for RSS/Atom feeds: {found}")


@probes.register("static_files")
def static_files() -> Observation:
    from fasthtml.fastapp import fast_app

    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "site.css").write_text("body{}")
        app, _ = fast_app(static_path=tmp, secret_key=_SECRET)
        response = _client(app).get("/site.css")
    return Observation(
        present=response.status_code == 200 and response.text == "body{}",
        detail=(
            f"fast_app(static_path=DIR) GET /site.css -> {response.status_code} "
            f"{response.headers.get('content-type')!r}"
        ),
    )


@probes.register("openapi")
def openapi() -> Observation:
    app = _app()
    served = {path: _client(app).get(path).status_code for path in ("/openapi.json", "/docs")}
    found = _modules_matching("openapi", "schema", "swagger") + _public_names("openapi", "swagger")
    return Observation(
        present=bool(found) or 200 in served.values(),
        detail=f"GET {served}; fasthtml openapi/schema modules or names: {found}",
    )


@probes.register("test_client")
def test_client() -> Observation:
    from fasthtml.core import Client

    app = _app()

    @app.get("/")
    def index() -> str:
        return "hello"

    response = Client(app).get("/")
    return Observation(
        present=response.status_code == 200 and response.text == "hello",
        detail=f"fasthtml.core.Client GET / -> {response.status_code} {response.text!r}",
    )


@probes.register("cli")
def cli() -> Observation:
    scripts = _scripts()
    has_main = importlib.util.find_spec("fasthtml.__main__") is not None
    runs_app = [s for s in scripts if "railway" not in s]
    return Observation(
        present=bool(scripts or has_main),
        detail=f"python-fasthtml console_scripts: {scripts} (not Railway deployment: {runs_app}); "
        f"fasthtml.__main__: {has_main}",
    )


@probes.register("project_scaffold")
def project_scaffold() -> Observation:
    scripts = _scripts()
    makers = [s for s in scripts if any(w in s for w in ("new", "init", "create", "start"))]
    return Observation(
        present=bool(makers),
        detail=f"console_scripts that could create a project: {makers} (all scripts: {scripts})",
    )


@probes.register("type_hints")
def type_hints() -> Observation:
    spec = importlib.util.find_spec("fasthtml")
    locations: Tuple[str, ...] = tuple(spec.submodule_search_locations or ()) if spec else ()
    marker = any(os.path.isfile(os.path.join(where, "py.typed")) for where in locations)
    stubs: List[str] = []
    for where in locations:
        stubs += sorted(name for name in os.listdir(where) if name.endswith(".pyi"))
    return Observation(present=marker, detail=f"fasthtml/py.typed present: {marker}; .pyi stubs: {stubs}")
