"""litestar probes of security, built-in features and tooling (the catalogue's groups): auth, CSRF,
sessions, headers, i18n, caching, sitemaps, feeds, static files, OpenAPI, test client, CLI,
scaffolding, type hints."""

# Handler annotations are evaluated at runtime on Python 3.8 (see below), so they
# keep the ``typing`` generics: no ``list[...]``/``collections.abc`` rewrites.
# ruff: noqa: UP006, UP035

# No ``from __future__ import annotations``: the framework reads the annotations of the
# handlers defined here at run time (see _common).

import importlib.util
import os
import tempfile
from typing import List

from fwcompare_probes import Observation
from fwcompare_probes.litestar._common import _client, _module_probe, _submodules_named, probes


@probes.register("auth")
def auth() -> Observation:
    from litestar import get
    from litestar.connection import ASGIConnection
    from litestar.exceptions import NotAuthorizedException
    from litestar.handlers.base import BaseRouteHandler

    def editors_only(connection: ASGIConnection, _: BaseRouteHandler) -> None:
        if connection.headers.get("x-user") != "ada":
            raise NotAuthorizedException()

    @get("/edit", guards=[editors_only], sync_to_thread=False)
    def edit() -> str:
        return "edited"

    with _client(edit) as client:
        anon = client.get("/edit")
        ada = client.get("/edit", headers={"x-user": "ada"})
    backends = [m for m in ("litestar.security.session_auth", "litestar.security.jwt") if importlib.util.find_spec(m)]
    hashing = _submodules_named("password", "hash")
    return Observation(
        present=anon.status_code == 401 and ada.status_code == 200,
        detail=(
            f"guard on /edit: anonymous -> {anon.status_code}, user ada -> {ada.status_code}; "
            f"security backends: {backends}; password hashing modules: {hashing or 'none'}"
        ),
    )


@probes.register("csrf")
def csrf() -> Observation:
    from litestar import post
    from litestar.config.csrf import CSRFConfig

    @post("/form", sync_to_thread=False)
    def form() -> str:
        return "accepted"

    with _client(form, csrf_config=CSRFConfig(secret="s3cret")) as client:
        r = client.post("/form", data={"a": "1"})
    return Observation(
        present=r.status_code == 403,
        detail=f"csrf_config=CSRFConfig(secret=...), POST /form without token -> {r.status_code}",
    )


@probes.register("sessions")
def sessions() -> Observation:
    from litestar import Request, get
    from litestar.middleware.session.server_side import ServerSideSessionConfig

    @get("/write", sync_to_thread=False)
    def write(request: Request) -> str:
        request.set_session({"name": "ada"})
        return "stored"

    @get("/read", sync_to_thread=False)
    def read(request: Request) -> str:
        return "name=" + str(request.session.get("name"))

    config = ServerSideSessionConfig()
    with _client(write, read, middleware=[config.middleware]) as client:
        client.get("/write")
        r = client.get("/read")
    return Observation(
        present=r.text == "name=ada",
        detail=f"ServerSideSessionConfig (memory store): write then read -> {r.text!r}",
    )


@probes.register("security_headers")
def security_headers() -> Observation:
    from litestar import get

    @get("/", sync_to_thread=False)
    def home() -> str:
        return "page"

    with _client(home) as client:
        r = client.get("/")
    wanted = (
        "strict-transport-security",
        "x-frame-options",
        "x-content-type-options",
        "content-security-policy",
        "referrer-policy",
    )
    seen = [h for h in wanted if h in r.headers]
    return Observation(present=bool(seen), detail=f"default response security headers: {seen or 'none'}")


@probes.register("caching")
def caching() -> Observation:
    from litestar import get

    calls: List[int] = []

    @get("/", cache=True, sync_to_thread=False)
    def home() -> str:
        calls.append(1)
        return f"computed {len(calls)}"

    with _client(home) as client:
        first = client.get("/").text
        second = client.get("/").text
    return Observation(
        present=len(calls) == 1 and first == second,
        detail=f"@get(cache=True): two GETs -> {first!r}, {second!r}; handler ran {len(calls)} time(s)",
    )


@probes.register("static_files")
def static_files() -> Observation:
    import litestar.static_files as sf

    with tempfile.TemporaryDirectory() as root:
        with open(os.path.join(root, "site.css"), "w") as f:
            f.write("body{}")
        if hasattr(sf, "create_static_files_router"):  # 2.6+
            how = "create_static_files_router"
            with _client(sf.create_static_files_router(path="/static", directories=[root])) as client:
                r = client.get("/static/site.css")
        else:
            how = "StaticFilesConfig"
            config = [sf.StaticFilesConfig(path="/static", directories=[root])]
            with _client(static_files_config=config) as client:
                r = client.get("/static/site.css")
    return Observation(
        present=r.status_code == 200 and r.text == "body{}",
        detail=f"{how} GET /static/site.css -> {r.status_code} {r.text!r}",
    )


@probes.register("openapi")
def openapi() -> Observation:
    from litestar import get

    @get("/items", sync_to_thread=False)
    def items() -> List[str]:
        return ["a"]

    with _client(items) as client:
        r = client.get("/schema/openapi.json")
    doc = r.json() if r.status_code == 200 else {}
    return Observation(
        present="openapi" in doc and "/items" in doc.get("paths", {}),
        detail=(
            f"GET /schema/openapi.json -> {r.status_code}, openapi={doc.get('openapi')!r}, "
            f"paths={list(doc.get('paths', {}))}"
        ),
    )


@probes.register("test_client")
def test_client() -> Observation:
    from litestar import get

    @get("/", sync_to_thread=False)
    def home() -> str:
        return "ok"

    with _client(home) as client:
        r = client.get("/")
        base = str(client.base_url)
    return Observation(
        present=r.text == "ok",
        detail=(
            f"litestar.testing.TestClient GET / -> {r.status_code} {r.text!r} (in-process ASGI transport, base {base})"
        ),
    )


def _cli_commands() -> List[str]:
    from litestar.cli.main import litestar_group

    return sorted(litestar_group.commands)


@probes.register("cli")
def cli() -> Observation:
    from importlib.metadata import distribution

    scripts = [ep.name for ep in distribution("litestar").entry_points if ep.group == "console_scripts"]
    try:
        commands = _cli_commands()
    except ImportError as exc:  # before 2.2 the CLI needed the litestar[cli] extra
        commands = [f"ImportError: {exc}"]
    return Observation(
        present="litestar" in scripts,
        detail=f"console_scripts: {scripts or 'none'}; litestar group commands: {commands}",
    )


@probes.register("project_scaffold")
def project_scaffold() -> Observation:
    try:
        commands = _cli_commands()
    except ImportError as exc:
        return Observation(present=False, detail=f"litestar CLI not importable: {exc}")
    scaffold = [c for c in commands if c in ("new", "init", "startproject", "create", "scaffold")]
    return Observation(
        present=bool(scaffold),
        detail=f"litestar CLI commands: {commands}; project generators among them: {scaffold or 'none'}",
    )


@probes.register("type_hints")
def type_hints() -> Observation:
    import litestar

    marker = os.path.join(os.path.dirname(litestar.__file__), "py.typed")
    return Observation(present=os.path.exists(marker), detail=f"{marker} exists: {os.path.exists(marker)}")


# The probes that are one call of _module_probe, by criterion.
probes.register_each(
    _module_probe,
    {
        "i18n": ("i18n", ("i18n", "locale", "translation", "gettext", "babel")),
        "sitemaps": ("sitemaps", ("sitemap",)),
        "syndication": ("feeds", ("feed", "syndication", "atom", "rss")),
    },
)
