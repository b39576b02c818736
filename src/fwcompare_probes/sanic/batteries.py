"""sanic probes of security, built-in features and tooling (the catalogue's groups): auth, CSRF,
sessions, headers, i18n, caching, sitemaps, feeds, static files, OpenAPI, test client, CLI,
scaffolding, type hints."""

from __future__ import annotations

import functools
from typing import Any

from fwcompare_probes import Observation
from fwcompare_probes._search import py_typed_in_record
from fwcompare_probes.sanic._common import _absent, _app, _get, _needs_asgi, probes


@probes.register("auth")
def auth() -> Observation:
    return _absent(
        ("login", "logout", "password", "authenticat"), "auth is left to the application", ignore=("credentials",)
    )


@probes.register("security_headers")
@_needs_asgi
def security_headers() -> Observation:
    from sanic import response

    app = _app()

    @app.get("/")
    async def index(request: Any) -> Any:
        return response.html("<p>hi</p>")

    ((status, headers, _),) = _get(app, "/")
    names = [k.decode().lower() if isinstance(k, bytes) else k.lower() for k, _ in headers]
    wanted = {
        "strict-transport-security",
        "x-frame-options",
        "x-content-type-options",
        "content-security-policy",
        "referrer-policy",
    }
    got = sorted(n for n in names if n in wanted)
    return Observation(
        present=bool(got),
        detail=f"headers of an HTML response ({status}): {names}; security headers: {got or 'none'}",
    )


@probes.register("caching")
def caching() -> Observation:
    return _absent(("cache",), "no cache API", ignore=("is_cacheable",))


@probes.register("static_files")
@_needs_asgi
def static_files() -> Observation:
    import os
    import tempfile

    app = _app()
    with tempfile.TemporaryDirectory() as root:
        with open(os.path.join(root, "a.css"), "w") as fh:
            fh.write("body{}")
        app.static("/static", root)
        ((status, headers, body),) = _get(app, "/static/a.css")
    ctype = next(
        (
            v.decode() if isinstance(v, bytes) else v
            for k, v in headers
            if (k.decode() if isinstance(k, bytes) else k).lower() == "content-type"
        ),
        None,
    )
    return Observation(
        present=status == 200 and body == b"body{}",
        detail=f"app.static('/static', tmp) GET /static/a.css -> {status} {ctype} {body!r}",
    )


@probes.register("test_client")
def test_client() -> Observation:
    import importlib.util

    app = _app()
    try:
        client = app.test_client
    except ImportError as exc:
        return Observation(
            present=False,
            detail=f"app.test_client -> {type(exc).__name__}: {exc} "
            f"(sanic-testing installed: {importlib.util.find_spec('sanic_testing') is not None})",
        )
    module = type(client).__module__
    return Observation(
        present=not module.startswith("sanic_testing"),
        detail=f"app.test_client -> {type(client).__name__} from {module} "
        "(a client from sanic_testing is the extension, not Sanic itself)",
    )


@probes.register("cli")
def cli() -> Observation:
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "sanic", "--help"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    text = proc.stdout + proc.stderr
    runs = proc.returncode == 0 and "--port" in text
    commands = [c for c in ("exec", "inspect", "--dev", "--simple") if c in text]
    app = _app()
    return Observation(
        present=runs,
        detail=f"python -m sanic --help -> exit {proc.returncode}; mentions {commands}; "
        f"Sanic.command (custom commands) present: {hasattr(app, 'command')}",
    )


@probes.register("project_scaffold")
def project_scaffold() -> Observation:
    import re
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "sanic", "help", "--full"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    text = proc.stdout + proc.stderr
    if proc.returncode != 0:  # before the 'help' action existed
        proc = subprocess.run([sys.executable, "-m", "sanic", "--help"], capture_output=True, text=True, timeout=30)
        text = proc.stdout + proc.stderr
    options = sorted(set(re.findall(r"--[a-z][a-z-]*", text)))
    scaffold = [o for o in options if any(w in o for w in ("new", "init", "create", "startproject"))]
    return Observation(
        present=bool(scaffold),
        detail=f"sanic CLI options ({len(options)}): project generation options: {scaffold or 'none'}",
    )


probes.register("type_hints")(
    functools.partial(py_typed_in_record, "sanic", "py.typed in the installed distribution's RECORD: {typed}")
)


# The probes that are one call of _absent, by criterion.
probes.register_each(
    _absent,
    {
        "csrf": (("csrf", "xsrf"), "no CSRF protection"),
        "sessions": (("session",), "only cookies"),
        "i18n": (("gettext", "translat", "i18n", "babel"), "no translation support"),
        "sitemaps": (("sitemap",), "no sitemap support"),
        "syndication": (("rss", "atom", "syndicat"), "no feed support"),
        "openapi": (("openapi", "swagger"), "OpenAPI comes from Sanic Extensions"),
    },
)
