"""blacksheep probes of security, built-in features and tooling (the catalogue's groups): auth,
CSRF, sessions, headers, i18n, caching, sitemaps, feeds, static files, OpenAPI, test client,
CLI, scaffolding, type hints."""

from __future__ import annotations

import asyncio
import importlib
import importlib.util
from importlib import metadata
from typing import Any

from fwcompare_probes import Observation, security_headers_among
from fwcompare_probes.blacksheep._common import _absent, _app, _names, _run, probes


@probes.register("auth")
def auth() -> Observation:
    mods = [
        m
        for m in ("jwt", "oidc", "cookie", "apikey", "basic")
        if importlib.util.find_spec("blacksheep.server.authentication." + m) is not None
    ]
    app = _app()
    has_use = hasattr(app, "use_authentication") and hasattr(app, "use_authorization")
    store = _names("password", "usermodel", "login", "signup")
    return Observation(
        present=bool(mods) and has_use,
        detail=f"authentication handler modules: {mods}; app.use_authentication/use_authorization: {has_use}; "
        f"user store/password/login names: {store or 'none'} (partial)",
    )


@probes.register("csrf")
def csrf() -> Observation:
    try:
        from blacksheep.server.csrf import use_anti_forgery
    except ImportError as exc:
        return Observation(present=False, detail=f"from blacksheep.server.csrf import use_anti_forgery -> {exc}")
    from blacksheep.server.rendering.jinja2 import JinjaRenderer
    from blacksheep.server.responses import text
    from blacksheep.settings.html import html_settings
    from jinja2 import DictLoader

    # Anti-forgery sets up the HTML renderer, whose default loads templates from an
    # "app" package: give it one of its own, so the probe needs no project layout
    # (and no other probe to have run first).
    html_settings.use(JinjaRenderer(loader=DictLoader({})))
    app = _app()
    use_anti_forgery(app)

    @app.router.post("/")
    async def home() -> Any:
        return text("accepted")

    from blacksheep.contents import FormContent

    ((status, _, body),) = _run(app, ("post", "/", {"content": FormContent([("a", "1")])}))
    return Observation(
        present=status in (400, 401, 403),
        detail=f"use_anti_forgery(app); POST without a token -> {status} {body[:80]!r}",
    )


@probes.register("sessions")
def sessions() -> Observation:
    from blacksheep.messages import Request
    from blacksheep.server.responses import text

    app = _app()
    app.use_sessions("fwcompare-probe-secret-key")

    async def set_value(request):  # type: ignore[no-untyped-def]
        request.session["word"] = "kept"
        return text("set")

    async def get_value(request):  # type: ignore[no-untyped-def]
        return text(str(request.session.get("word")))

    set_value.__annotations__ = get_value.__annotations__ = {"request": Request}
    app.router.add_get("/set", set_value)
    app.router.add_get("/get", get_value)

    from blacksheep.testing import TestClient

    async def go() -> tuple[int, str]:
        await app.start()
        client = TestClient(app)
        first = await client.get("/set")
        cookie = first.headers.get_first(b"set-cookie").decode().split(";", 1)[0]
        second = await client.get("/get", headers={"cookie": cookie})
        body = await second.text()
        await app.stop()
        return second.status, body

    status, body = asyncio.run(go())
    return Observation(
        present=(status, body) == (200, "kept"),
        detail=f"app.use_sessions(key): value set in one request, read back with its cookie -> {status} {body!r}",
    )


@probes.register("security_headers")
def security_headers() -> Observation:
    from blacksheep.server.responses import text

    try:
        from blacksheep.server.security.hsts import HSTSMiddleware
    except ImportError as exc:
        hsts: Any = f"ImportError: {exc}"
    else:
        hsts = HSTSMiddleware
    plain = _app()
    guarded = _app()
    for app in (plain, guarded):

        async def home() -> Any:
            return text("hi")

        app.router.add_get("/", home)
    if not isinstance(hsts, str):
        guarded.middlewares.append(hsts())
    ((_, by_default, _),) = _run(plain, ("get", "/", {}))
    ((_, with_mw, _),) = _run(guarded, ("get", "/", {}))
    default = security_headers_among(by_default)
    opted = security_headers_among(with_mw)
    return Observation(
        present=bool(opted),
        detail=f"security headers by default: {default or 'none'}; with HSTSMiddleware "
        f"({hsts if isinstance(hsts, str) else 'present'}): {opted or 'none'} (partial: opt-in, HSTS only)",
    )


@probes.register("i18n")
def i18n() -> Observation:
    return _absent(("gettext", "translat", "i18n", "babel", "locale"), "no translation support")


@probes.register("caching")
def caching() -> Observation:
    # blacksheep.server.headers.cache and cache_control only write Cache-Control headers.
    return _absent(("cache",), "no cache API", ignore=("blacksheep.server.headers.cache",))


@probes.register("sitemaps")
def sitemaps() -> Observation:
    return _absent(("sitemap",), "no sitemap support")


@probes.register("syndication")
def syndication() -> Observation:
    return _absent(("rss", "atom", "syndicat", "feed"), "no feed support")


@probes.register("static_files")
def static_files() -> Observation:
    import os
    import tempfile

    with tempfile.TemporaryDirectory() as root:
        with open(os.path.join(root, "a.css"), "w") as fh:
            fh.write("body{}")
        app = _app()
        app.serve_files(root, root_path="static")
        ((status, headers, body),) = _run(app, ("get", "/static/a.css", {}))
    return Observation(
        present=(status, body) == (200, "body{}"),
        detail=f"app.serve_files(tmp, root_path='static') GET /static/a.css -> {status} "
        f"{headers.get('content-type')} {body!r}",
    )


@probes.register("openapi")
def openapi() -> Observation:
    import json

    from blacksheep.server.openapi.v3 import OpenAPIHandler
    from blacksheep.server.responses import text
    from openapidocs.v3 import Info

    app = _app()
    docs = OpenAPIHandler(info=Info(title="Probe", version="0.0.1"))
    docs.bind_app(app)

    @app.router.get("/items/{item_id}")
    async def item(item_id: int) -> Any:
        return text(str(item_id))

    ((status, _, body),) = _run(app, ("get", "/openapi.json", {}))
    try:
        paths = sorted(json.loads(body).get("paths", {}))
        version = json.loads(body).get("openapi")
    except ValueError:
        paths, version = [], None
    return Observation(
        present=status == 200 and "/items/{item_id}" in paths,
        detail=f"OpenAPIHandler.bind_app(app) GET /openapi.json -> {status}, openapi {version}, paths {paths}",
    )


@probes.register("test_client")
def test_client() -> Observation:
    try:
        from blacksheep.testing import TestClient
    except ImportError as exc:  # before 1.0.7
        return Observation(present=False, detail=f"from blacksheep.testing import TestClient -> {exc}")
    from blacksheep.server.responses import text

    app = _app()

    @app.router.get("/")
    async def home() -> Any:
        return text("tested")

    ((status, _, body),) = _run(app, ("get", "/", {}))
    return Observation(
        present=(status, body) == (200, "tested"),
        detail=f"{TestClient.__module__}.TestClient GET / -> {status} {body!r}, no server started",
    )


def _scripts() -> list[str]:
    dist = metadata.distribution("blacksheep")
    return sorted(ep.name for ep in dist.entry_points if ep.group == "console_scripts")


@probes.register("cli")
def cli() -> Observation:
    scripts = _scripts()
    main = importlib.util.find_spec("blacksheep.__main__") is not None
    return Observation(
        present=bool(scripts) or main,
        detail=f"console scripts of the blacksheep distribution: {scripts or 'none'}; "
        f"blacksheep.__main__: {main} (the blacksheep command comes from blacksheep-cli, "
        f"installed: {importlib.util.find_spec('blacksheep_cli') is not None})",
    )


@probes.register("project_scaffold")
def project_scaffold() -> Observation:
    scripts = _scripts()
    found = _names("scaffold", "template_project", "startproject")
    return Observation(
        present=bool(scripts) or bool(found),
        detail=f"console scripts of blacksheep: {scripts or 'none'}; scaffolding names: {found or 'none'} "
        "(projects are created by the separate blacksheep-cli)",
    )


@probes.register("type_hints")
def type_hints() -> Observation:
    files = metadata.distribution("blacksheep").files or []
    typed = [str(f) for f in files if f.name == "py.typed"]
    stubs = len([f for f in files if str(f).endswith(".pyi")])
    return Observation(
        present=bool(typed),
        detail=f"py.typed in the installed distribution's RECORD: {typed or 'none'}; .pyi files: {stubs}",
    )
