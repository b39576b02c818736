"""reflex probes of security, built-in features and tooling (the catalogue's groups): auth, CSRF,
sessions, headers, i18n, caching, sitemaps, feeds, static files, OpenAPI, test client, CLI,
scaffolding, type hints."""

# Reflex evaluates the annotations of State classes and event handlers, and the
# probes keep Python 3.8 syntax: typing names.
# ruff: noqa: UP006, UP035, UP045

# No ``from __future__ import annotations``: the framework reads the annotations of the
# handlers defined here at run time (see _common).

import asyncio
import functools
import importlib
import importlib.util
import os
from importlib import metadata
from typing import Any, List, Optional, Tuple

from fwcompare_probes import Observation, security_headers_among
from fwcompare_probes._asgi import asgi_get
from fwcompare_probes._search import py_typed
from fwcompare_probes.reflex._common import (
    _backend,
    _cli,
    _find,
    _modules_matching,
    _new_app,
    _rx,
    _rx_names,
    _state_class,
    _workdir,
    probes,
)


@probes.register("auth")
def auth() -> Observation:
    names = _rx_names("login", "logout", "password", "authenticat")
    modules = _modules_matching("auth", "login", "password")
    return Observation(present=bool(names or modules), detail=f"rx names: {names}; reflex modules: {modules}")


@probes.register("csrf")
def csrf() -> Observation:
    names = _rx_names("csrf") + _modules_matching("csrf")
    middleware = _modules_matching("middleware")
    return Observation(
        present=bool(names), detail=f"csrf names or modules: {names}; reflex middleware modules: {middleware}"
    )


@probes.register("sessions")
def sessions() -> Observation:
    rx = _rx()
    state_cls = _state_class("ProbeSessionState")

    def token(ident: str) -> Any:
        make = getattr(rx, "BaseStateToken", None)
        if make is not None:
            return make(ident=ident, cls=state_cls)
        return f"{ident}_{state_cls.get_full_name()}"

    async def own(root: Any) -> Any:
        return root if isinstance(root, state_cls) else await root.get_state(state_cls)

    async def run(app: Any) -> Tuple[int, int]:
        async with app.modify_state(token("tab-a")) as root:
            (await own(root)).n = 5
        a = await own(await app.state_manager.get_state(token("tab-a")))
        b = await own(await app.state_manager.get_state(token("tab-b")))
        close = getattr(app.state_manager, "close", None)
        if close is not None:
            await close()
        return a.n, b.n

    with _workdir():
        first, other = asyncio.run(run(_new_app()))
    storage = [n for n in ("Cookie", "LocalStorage", "SessionStorage") if hasattr(rx, n)]
    return Observation(
        present=first == 5 and other == 0,
        detail=(
            f"state manager: n=5 set for client token tab-a read back {first}; tab-b has its own state, n={other}; "
            f"browser storage vars: {storage}"
        ),
    )


@probes.register("security_headers")
def security_headers() -> Observation:
    with _workdir():
        asgi = _backend(_new_app())
        messages = asyncio.run(asgi_get(asgi, "/ping"))
    headers = [k.decode("latin-1") for k, _ in (messages[0].get("headers") or [])] if messages else []
    found = security_headers_among(headers)
    return Observation(
        present=bool(found), detail=f"security headers on a backend response: {found} (headers: {headers})"
    )


@probes.register("i18n")
def i18n() -> Observation:
    found = _modules_matching("i18n", "translat", "locale", "babel", "gettext") + _rx_names(
        "translat", "gettext", "i18n"
    )
    return Observation(present=bool(found), detail=f"reflex modules or rx names for translation: {found}")


@probes.register("caching")
def caching() -> Observation:
    found = _modules_matching("cache", "caching") + _rx_names("cache")
    return Observation(
        present=bool(found),
        detail=f"reflex cache modules or rx names: {found} (computed vars' cache=True memoises per state)",
    )


@probes.register("sitemaps")
def sitemaps() -> Observation:
    spec = _find("reflex_base.plugins.sitemap") or _find("reflex.plugins.sitemap")
    if spec is None:
        return Observation(present=False, detail="no sitemap plugin module")
    sitemap = importlib.import_module(spec.name)
    rx = _rx()
    with _workdir():

        def about() -> Any:
            return rx.text("about")

        app = _new_app()
        app.add_page(about, route="/about")
        import inspect

        pages = list(app._unevaluated_pages.values())
        # trailing_slash was added after 0.8.0, whose sitemap_task took the pages only.
        extra = ["preserve"] if len(inspect.signature(sitemap.sitemap_task).parameters) > 1 else []
        path, xml = sitemap.sitemap_task(pages, *extra)
    return Observation(
        present="sitemaps.org" in xml and "/about" in xml,
        detail=f"{spec.name}.sitemap_task for a page /about -> {path}: {' '.join(xml.split())[:160]!r}",
    )


@probes.register("syndication")
def syndication() -> Observation:
    found = _modules_matching("feed", "syndicat", "rss", "atom") + _rx_names("rss", "atom", "syndicat")
    return Observation(present=bool(found), detail=f"reflex modules or rx names for RSS/Atom feeds: {found}")


@probes.register("static_files")
def static_files() -> Observation:
    rx = _rx()
    with _workdir() as tmp:
        os.makedirs(os.path.join(tmp, "assets"))
        with open(os.path.join(tmp, "assets", "site.css"), "w") as f:
            f.write("body{}")
        url = rx.asset("site.css")
        app = _new_app()
        routes = sorted(getattr(r, "path", "") for r in app._api.routes)
    return Observation(
        present=str(url).startswith("/site.css"),
        detail=(
            f"rx.asset('site.css') for assets/site.css -> {url!r} (copied into the front end at build time, "
            f"not built here); backend routes: {routes}"
        ),
    )


@probes.register("openapi")
def openapi() -> Observation:
    with _workdir():
        asgi = _backend(_new_app())
        served = {}
        for path in ("/openapi.json", "/docs"):
            messages = asyncio.run(asgi_get(asgi, path))
            served[path] = messages[0].get("status") if messages else None
    names = _rx_names("openapi", "swagger")
    return Observation(present=200 in served.values() or bool(names), detail=f"backend GET {served}; rx names: {names}")


@probes.register("test_client")
def test_client() -> Observation:
    testing = importlib.import_module("reflex.testing")
    harness = getattr(testing, "AppHarness", None)
    clients = [n for n in dir(testing) if "client" in n.lower()]
    starts = sorted(n for n in dir(harness) if n.startswith("_start")) if harness else []
    return Observation(
        present=bool(clients),
        detail=f"reflex.testing client names: {clients}; AppHarness starts servers: {starts}",
    )


@probes.register("cli")
def cli() -> Observation:
    commands = sorted(_cli().commands)
    scripts = sorted(ep.name for ep in metadata.distribution("reflex").entry_points if ep.group == "console_scripts")
    return Observation(
        present="run" in commands and bool(scripts),
        detail=f"console_scripts {scripts}; reflex commands: {commands}",
    )


@probes.register("project_scaffold")
def project_scaffold() -> Observation:
    init = _cli().commands.get("init")
    options: Optional[List[str]] = sorted(p.name for p in getattr(init, "params", [])) if init else None
    return Observation(
        present=init is not None,
        detail=f"reflex init exists: {init is not None}; its options: {options} (not run: it fetches templates)",
    )


probes.register("type_hints")(functools.partial(py_typed, "reflex"))
