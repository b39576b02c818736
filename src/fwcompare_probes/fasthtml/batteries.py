"""fasthtml probes of security, built-in features and tooling (the catalogue's groups): auth, CSRF,
sessions, headers, i18n, caching, sitemaps, feeds, static files, OpenAPI, test client, CLI,
scaffolding, type hints."""

# ruff: noqa: UP006, UP035

# No ``from __future__ import annotations``: the framework reads the annotations of the
# handlers defined here at run time (see _common).

import importlib
import importlib.util
import os
import tempfile
from pathlib import Path
from typing import Any, List, Tuple

from fwcompare_probes import Observation, security_headers_among
from fwcompare_probes.fasthtml._common import _SECRET, _app, _client, _modules_matching, _public_names, _scripts, probes


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
