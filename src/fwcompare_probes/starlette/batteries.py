"""starlette probes of security, built-in features and tooling (the catalogue's groups): auth,
CSRF, sessions, headers, i18n, caching, sitemaps, feeds, static files, OpenAPI, test client,
CLI, scaffolding, type hints."""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path
from typing import Any

from fwcompare_probes import Observation, requires
from fwcompare_probes._search import py_typed
from fwcompare_probes.starlette._common import (
    _app,
    _client,
    _modules_matching,
    _modules_probe,
    _no_command,
    _own_module,
    probes,
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


probes.register("type_hints")(functools.partial(py_typed, "starlette"))


# The probes that only look for modules named like the feature, by criterion.
probes.register_each(
    _modules_probe,
    {
        "i18n": ("for translation/locales", "i18n", "translat", "locale", "babel"),
        "caching": ("named like cache", "cache"),
        "sitemaps": ("named like sitemap", "sitemap"),
        "syndication": ("for RSS/Atom feeds", "feed", "syndicat", "rss", "atom"),
    },
)
