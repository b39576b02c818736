"""robyn probes of security, built-in features and tooling (the catalogue's groups): auth, CSRF,
sessions, headers, i18n, caching, sitemaps, feeds, static files, OpenAPI, test client, CLI,
scaffolding, type hints."""

from __future__ import annotations

import os
from importlib import metadata
from typing import Any

from fwcompare_probes import Observation, security_headers_among
from fwcompare_probes.robyn._common import (
    _absent,
    _app,
    _client,
    _headers,
    _names,
    _needs_client,
    _NoTestClient,
    _response,
    probes,
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
