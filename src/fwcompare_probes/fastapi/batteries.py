"""fastapi probes of security, built-in features and tooling (the catalogue's groups): auth, CSRF,
sessions, headers, i18n, caching, sitemaps, feeds, static files, OpenAPI, test client, CLI,
scaffolding, type hints."""

# FastAPI evaluates the annotations of path operations when they are declared, and
# the probes run on Python 3.8: keep typing.Dict/List/Optional. Depends() and
# Form() defaults are how FastAPI declares parameters.
# ruff: noqa: UP006, UP035, UP045

# No ``from __future__ import annotations``: the framework reads the annotations of the
# handlers defined here at run time (see _common).

import functools
import importlib
import importlib.util
import inspect
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any, Dict, Optional

from fwcompare_probes import Observation, requires
from fwcompare_probes._search import py_typed
from fwcompare_probes.fastapi._common import _client, _modules_matching, _modules_probe, probes


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


probes.register("type_hints")(functools.partial(py_typed, "fastapi"))


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
