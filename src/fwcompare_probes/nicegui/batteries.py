"""nicegui probes of security, built-in features and tooling (the catalogue's groups): auth, CSRF,
sessions, headers, i18n, caching, sitemaps, feeds, static files, OpenAPI, test client, CLI,
scaffolding, type hints."""

# FastAPI evaluates the annotations of page functions, and annotations here are
# evaluated on the oldest Pythons too: keep typing names (List, Optional).
# ruff: noqa: UP006, UP035, UP045

# No ``from __future__ import annotations``: the framework reads the annotations of the
# handlers defined here at run time (see _common).

import functools
import importlib
import importlib.util
import tempfile
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from fwcompare_probes import Observation, security_headers_among
from fwcompare_probes._search import py_typed
from fwcompare_probes.nicegui._common import (
    _has_module,
    _modules_matching,
    _nicegui,
    _scripts,
    _simulate,
    _ui_names,
    probes,
)


@probes.register("auth")
def auth() -> Observation:
    found = _modules_matching("auth", "login", "password", "user") + _ui_names("login", "password", "authenticat")
    found = [n for n in found if not n.startswith("nicegui.testing")]
    return Observation(present=bool(found), detail=f"nicegui modules or ui/app names for users/login: {found}")


@probes.register("csrf")
def csrf() -> Observation:
    async def body(user: Any, nicegui: Any) -> int:
        @nicegui.app.post("/submit")
        def submit() -> Dict[str, str]:
            return {"status": "accepted"}

        response = await user.http_client.post("/submit", data={"a": "1"}, headers={"origin": "https://evil.example"})
        return int(response.status_code)

    status = _simulate(body)
    found = _modules_matching("csrf") + _ui_names("csrf")
    return Observation(
        present=bool(found) or status == 403,
        detail=f"cross-origin form POST to an @app.post route -> {status}; csrf names: {found}",
    )


@probes.register("sessions")
def sessions() -> Observation:
    nicegui = _nicegui()
    if not hasattr(nicegui.app, "storage"):
        return Observation(present=False, detail="nicegui.app has no storage")
    if not _has_module("testing/user_simulation.py"):
        storage = importlib.import_module("nicegui.storage")
        kinds = [k for k in ("browser", "user", "general") if hasattr(storage.Storage, k)]
        return Observation(
            present="browser" in kinds or "user" in kinds,
            detail=f"no user simulation in this release to drive it; app.storage has {kinds}",
        )

    async def body(user: Any, nicegui: Any) -> str:
        ui, app = nicegui.ui, nicegui.app

        @ui.page("/w")
        def write() -> None:
            app.storage.user["n"] = 1
            ui.label("written")

        @ui.page("/r")
        def read() -> None:
            ui.label(f"read {app.storage.user.get('n')}")

        await user.open("/w")
        await user.should_see("written")
        await user.open("/r")
        await user.should_see("read 1")
        return ",".join(sorted(user.http_client.cookies.keys()))

    cookies = _simulate(body)
    return Observation(
        present=True,
        detail=f"app.storage.user['n'] = 1 on one page was read back on the next ('read 1'); cookies: {cookies}",
    )


@probes.register("security_headers")
def security_headers() -> Observation:
    async def body(user: Any, nicegui: Any) -> Dict[str, str]:
        response = await user.http_client.get("/")
        return dict(response.headers)

    headers = _simulate(body)
    found = security_headers_among(headers)
    return Observation(
        present=bool(found),
        detail=f"security headers on a page: {found}; cache-control: {headers.get('cache-control')!r}",
    )


@probes.register("i18n")
def i18n() -> Observation:
    nicegui = _nicegui()
    language = importlib.import_module("nicegui.language")
    import typing

    codes = typing.get_args(language.Language)
    import inspect

    run = inspect.signature(nicegui.ui.run)
    gettext = _modules_matching("i18n", "gettext", "babel") + _ui_names("gettext", "translate")
    return Observation(
        present="language" in run.parameters and "de" in codes,
        detail=(
            f"ui.run(language=...) accepts {len(codes)} Quasar language codes (de among them: {'de' in codes}); "
            f"names for translating the app's own text: {gettext}"
        ),
    )


@probes.register("caching")
def caching() -> Observation:
    found = _modules_matching("cache", "caching") + [n for n in _ui_names("cache") if "control" not in n]
    return Observation(present=bool(found), detail=f"nicegui cache modules or ui/app names: {found}")


@probes.register("sitemaps")
def sitemaps() -> Observation:
    found = _modules_matching("sitemap") + _ui_names("sitemap")
    return Observation(present=bool(found), detail=f"nicegui modules or names like sitemap: {found}")


@probes.register("syndication")
def syndication() -> Observation:
    found = _modules_matching("feed", "syndicat", "rss", "atom") + _ui_names("rss", "atom", "syndicat")
    return Observation(present=bool(found), detail=f"nicegui modules or names for RSS/Atom feeds: {found}")


@probes.register("static_files")
def static_files() -> Observation:
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "site.css").write_text("body{}")

        async def body(user: Any, nicegui: Any) -> Tuple[int, str]:
            nicegui.app.add_static_files("/static", tmp)
            response = await user.http_client.get("/static/site.css")
            return int(response.status_code), response.text

        status, text = _simulate(body)
    return Observation(
        present=status == 200 and text == "body{}",
        detail=f"app.add_static_files('/static', DIR) GET /static/site.css -> {status} {text!r}",
    )


@probes.register("openapi")
def openapi() -> Observation:
    async def body(user: Any, nicegui: Any) -> Tuple[List[str], Optional[str]]:
        from nicegui import core

        @nicegui.app.get("/api/items")
        def items() -> List[int]:
            return [1]

        core.app.openapi_schema = None
        schema = core.app.openapi()
        return sorted(schema.get("paths", {})), core.app.openapi_url

    paths, url = _simulate(body)
    import inspect

    switch = "fastapi_docs" in inspect.signature(_nicegui().ui.run).parameters
    return Observation(
        present="/api/items" in paths,
        detail=(
            f"app.openapi() (FastAPI's) describes {paths}; served at {url!r} by default; "
            f"ui.run(fastapi_docs=...) exists: {switch}"
        ),
    )


@probes.register("test_client")
def test_client() -> Observation:
    _nicegui()
    if not _has_module("testing/user.py"):
        return Observation(present=False, detail="no nicegui/testing/user.py (the user fixture)")
    if not _has_module("testing/user_simulation.py"):
        return Observation(
            present=True,
            detail="nicegui/testing/user.py (the user fixture) exists; no user_simulation (3.4+) to drive it here",
        )

    async def body(user: Any, nicegui: Any) -> str:
        ui = nicegui.ui
        clicked: List[str] = []

        @ui.page("/")
        def page() -> None:
            def click() -> None:
                clicked.append("x")
                ui.label("clicked")

            ui.button("Click me", on_click=click)

        await user.open("/")
        user.find("Click me").click()
        await user.should_see("clicked")
        return f"{type(user).__module__}.{type(user).__name__} clicked {clicked}"

    seen = _simulate(body)
    return Observation(present=True, detail=f"{seen}; no browser or server started")


@probes.register("cli")
def cli() -> Observation:
    scripts = _scripts()
    has_main = importlib.util.find_spec("nicegui.__main__") is not None
    return Observation(
        present=bool(scripts or has_main),
        detail=f"nicegui console_scripts: {scripts}; nicegui.__main__: {has_main}",
    )


@probes.register("project_scaffold")
def project_scaffold() -> Observation:
    scripts = _scripts()
    makers = [s for s in scripts if any(w in s for w in ("new", "init", "create", "start", "template"))]
    return Observation(
        present=bool(makers), detail=f"console_scripts that could create a project: {makers} (all: {scripts})"
    )


probes.register("type_hints")(functools.partial(py_typed, "nicegui"))
