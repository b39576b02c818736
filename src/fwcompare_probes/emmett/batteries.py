"""emmett probes of security, built-in features and tooling (the catalogue's groups): auth, CSRF,
sessions, headers, i18n, caching, sitemaps, feeds, static files, OpenAPI, test client, CLI,
scaffolding, type hints."""

from __future__ import annotations

import re
from importlib import metadata

from fwcompare_probes import Observation, security_headers_among
from fwcompare_probes.emmett._common import _absent, _app, _asgi, _form_app, _token, probes


@probes.register("auth")
def auth() -> Observation:
    from emmett.tools.auth import Auth, AuthUser

    fields = sorted(n for n in ("email", "password", "first_name") if hasattr(AuthUser, n))
    routes = sorted(n for n in ("login", "logout", "registration", "password_reset") if n in str(Auth.__dict__))
    return Observation(
        present=bool(fields) and "password" in fields,
        detail=f"emmett.tools.auth: AuthUser model fields {fields}; Auth module names mentioning {routes} "
        "(the module creates user tables and login, logout, registration and password routes)",
    )


@probes.register("csrf")
def csrf() -> Observation:
    client = _form_app().test_client()
    page = client.get("/").data
    token = _token(page)
    without = client.post("/", data={"name": "ada"}).data
    with_token = client.post("/", data={"name": "ada", "_csrf_token": token}).data
    return Observation(
        present=bool(token) and "accepted" not in without and with_token == "accepted ada",
        detail=f"form token rendered: {bool(token)}; POST without it -> accepted: {'accepted' in without}; "
        f"with it -> {with_token!r}",
    )


@probes.register("sessions")
def sessions() -> Observation:
    from emmett import session
    from emmett.sessions import SessionManager

    app = _app()
    app.pipeline = [SessionManager.cookies("fwcompare-probe-secret-key")]

    @app.route("/set")
    async def set_value() -> str:
        session.word = "kept"
        return "set"

    @app.route("/get")
    async def get_value() -> str:
        return str(session.word)

    client = app.test_client()
    client.get("/set")
    response = client.get("/get")
    return Observation(
        present=(response.status, response.data) == (200, "kept"),
        detail=f"SessionManager.cookies pipe: value set in one request, read in the next (client keeps cookies) "
        f"-> {response.status} {response.data!r}",
    )


@probes.register("security_headers")
def security_headers() -> Observation:
    app = _app({"templates/page.html": "<p>hi</p>"})

    @app.route("/", template="page.html")
    async def index() -> dict[str, str]:
        return {}

    response = app.test_client().get("/")
    names = [h[0] if isinstance(h, tuple) else h for h in response.headers]
    found = security_headers_among(names)
    return Observation(
        present=bool(found),
        detail=f"headers of an HTML response ({response.status}): {names}; security headers: {found or 'none'}",
    )


@probes.register("i18n")
def i18n() -> Observation:
    from emmett import T

    app = _app({"languages/it.json": '{"Hello": "Ciao"}'})
    # Observed with 2.8.2: Accept-Language picks a translation only among app.languages.
    app.languages = ["en", "it"]

    @app.route("/")
    async def index() -> str:
        return str(T("Hello"))

    client = app.test_client()
    italian = client.get("/", headers=[("Accept-Language", "it")]).data
    english = client.get("/", headers=[("Accept-Language", "en")]).data
    return Observation(
        present=(italian, english) == ("Ciao", "Hello"),
        detail=f"T('Hello') with languages/it.json: Accept-Language it -> {italian!r}, en -> {english!r}",
    )


@probes.register("caching")
def caching() -> Observation:
    from emmett.cache import Cache, RamCache

    calls: list[int] = []

    def compute() -> str:
        calls.append(1)
        return "value"

    cache = Cache(ram=RamCache())
    first, second = cache("key", compute, 300), cache("key", compute, 300)
    backends = [n for n in ("RamCache", "DiskCache", "RedisCache") if n in _cache_names()]
    return Observation(
        present=(first, second, len(calls)) == ("value", "value", 1),
        detail=f"Cache(ram=RamCache())('key', fn, 300) twice -> {first!r}, {second!r}, fn called {len(calls)} "
        f"time(s); backends: {backends}",
    )


def _cache_names() -> list[str]:
    import emmett.cache

    return [n for n in dir(emmett.cache) if n.endswith("Cache")]


@probes.register("sitemaps")
def sitemaps() -> Observation:
    return _absent(("sitemap",), "no sitemap support")


@probes.register("syndication")
def syndication() -> Observation:
    return _absent(("rss", "atom", "syndicat", "feed"), "no feed support")


@probes.register("static_files")
def static_files() -> Observation:
    # Through ASGI with a URL prefix: with emmett-core 1.4.6 the ASGI handler
    # checks static files only behind a prefix (the RSGI one always does), and
    # the RSGI test client fails on static responses.
    app = _app({"static/a.css": "body{}"}, url_prefix="/site")
    status, headers, body = _asgi(app, "/site/static/a.css")
    ctype = next((v.decode() for k, v in headers if k.lower() == b"content-type"), None)
    return Observation(
        present=(status, body) == (200, b"body{}"),
        detail=f"App(url_prefix='/site') with static/a.css: ASGI GET /site/static/a.css -> {status} {ctype} {body!r}",
    )


@probes.register("openapi")
def openapi() -> Observation:
    return _absent(("openapi", "swagger"), "OpenAPI comes from the Emmett-REST extension")


@probes.register("test_client")
def test_client() -> Observation:
    app = _app()

    @app.route("/")
    async def index() -> str:
        return "tested"

    client = app.test_client()
    response = client.get("/")
    return Observation(
        present=(response.status, response.data) == (200, "tested"),
        detail=f"app.test_client() ({type(client).__module__}) GET / -> {response.status} {response.data!r}, "
        "no server started",
    )


def _help() -> tuple[int, str]:
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "emmett", "--help"], capture_output=True, text=True, timeout=60)
    return proc.returncode, proc.stdout + proc.stderr


@probes.register("cli")
def cli() -> Observation:
    code, text = _help()
    commands = [c for c in ("develop", "serve", "shell", "routes") if re.search(rf"^\s+{c}\b", text, re.M)]
    scripts = sorted(ep.name for ep in metadata.distribution("emmett").entry_points if ep.group == "console_scripts")
    return Observation(
        present=code == 0 and "develop" in commands,
        detail=f"python -m emmett --help -> exit {code}, commands {commands}; console scripts: {scripts}",
    )


@probes.register("project_scaffold")
def project_scaffold() -> Observation:
    code, text = _help()
    found = [c for c in ("new", "init", "create", "startproject", "scaffold") if re.search(rf"^\s+{c}\b", text, re.M)]
    return Observation(
        present=bool(found),
        detail=f"python -m emmett --help -> exit {code}; project-generation commands: {found or 'none'}",
    )


@probes.register("type_hints")
def type_hints() -> Observation:
    files = metadata.distribution("emmett").files or []
    typed = [str(f) for f in files if f.name == "py.typed"]
    try:
        core = [str(f) for f in metadata.distribution("emmett-core").files or [] if f.name == "py.typed"]
    except metadata.PackageNotFoundError:
        core = []
    return Observation(
        present=bool(typed),
        detail=f"py.typed in the emmett distribution's RECORD: {typed or 'none'} "
        f"(in emmett-core, a separate distribution: {core or 'none'})",
    )
