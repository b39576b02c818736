"""Probes for Bottle (distribution ``bottle``), a single-module WSGI framework."""

from __future__ import annotations

import functools
from typing import Any

from fwcompare_probes import Observation, ProbeSet
from fwcompare_probes._search import names_containing, py_typed_in_record
from fwcompare_probes._wsgi import wsgi_get

probes = ProbeSet("bottle")

probes.not_probeable = {}


def _names(*words: str) -> list[str]:
    """Public names of the bottle module and its app/request/response classes
    that contain one of *words* (case-insensitive)."""
    import bottle

    holders = [bottle, bottle.Bottle, bottle.BaseRequest, bottle.BaseResponse]
    return sorted({name for holder in holders for name in names_containing(holder, *words)})


def _absent(words: tuple[str, ...], what: str) -> Observation:
    found = _names(*words)
    return Observation(
        present=bool(found),
        detail=f"searched bottle, Bottle, BaseRequest, BaseResponse for {words}: {found or 'no such names'} ({what})",
    )


@probes.register("interface")
def interface() -> Observation:
    import bottle

    app = bottle.Bottle()

    @app.route("/")
    def index() -> str:
        return "ok"

    status, _, body = wsgi_get(app, "/")
    tags = ("WSGI",) if status.startswith("200") and body == b"ok" else ()
    return Observation(
        present=True,
        detail=f"Bottle() called as a WSGI app (environ, start_response): {status} {body!r}",
        value=tags,
    )


@probes.register("routing")
def routing() -> Observation:
    import bottle

    app = bottle.Bottle()

    @app.route("/deco/<name>")
    def deco(name: str) -> str:
        return "deco " + name

    def explicit(name: str) -> str:
        return "table " + name

    app.route("/table/<name>", "GET", explicit)
    s1, _, b1 = wsgi_get(app, "/deco/x")
    s2, _, b2 = wsgi_get(app, "/table/x")
    tags = []
    if s2.startswith("200") and b2 == b"table x":
        tags.append("route-table")
    if s1.startswith("200") and b1 == b"deco x":
        tags.append("decorators")
    return Observation(
        present=True,
        detail=f"@app.route -> {s1} {b1!r}; app.route(path, 'GET', callback) -> {s2} {b2!r}",
        value=tuple(tags),
    )


@probes.register("async_views")
def async_views() -> Observation:
    import gc
    import warnings

    import bottle

    app = bottle.Bottle()

    @app.route("/")
    async def index() -> str:
        return "async ok"

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        status, _, body = wsgi_get(app, "/")
        gc.collect()
    ok = status.startswith("200") and body == b"async ok"
    return Observation(
        present=ok,
        detail=f"GET of an 'async def' route: {status}, body starts {body[:40]!r}",
    )


@probes.register("dependency_injection")
def dependency_injection() -> Observation:
    import bottle

    class InjectPlugin:
        name = "inject"
        api = 2

        def apply(self, callback: Any, route: Any) -> Any:
            import inspect

            if "dep" not in inspect.signature(route.callback).parameters:
                return callback

            def wrapper(*args: Any, **kwargs: Any) -> Any:
                kwargs["dep"] = "injected"
                return callback(*args, **kwargs)

            return wrapper

    app = bottle.Bottle()
    try:
        app.install(InjectPlugin())
    except (TypeError, AttributeError) as exc:
        return Observation(present=False, detail=f"Bottle.install(plugin) failed: {exc!r}")

    @app.route("/")
    def index(dep: str) -> str:
        return dep

    status, _, body = wsgi_get(app, "/")
    ok = status.startswith("200") and body == b"injected"
    return Observation(
        present=ok,
        detail=f"plugin adding a 'dep' keyword to callbacks that declare it: {status} {body!r} "
        "(plugin mechanism only, no container)",
    )


@probes.register("forms")
def forms() -> Observation:
    import bottle

    app = bottle.Bottle()

    @app.route("/", method="POST")
    def index() -> Any:
        return bottle.request.forms.get("a", "")

    status, _, body = wsgi_get(
        app, "/", "POST", body=b"a=1", headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    found = _names("field", "validat", "widget")
    found = [n for n in found if n not in ("get_header",)]
    return Observation(
        present=bool(found),
        detail=f"request.forms parses a POST body: {status} {body!r}; "
        f"form declaration/validation names: {found or 'none'}",
    )


@probes.register("templating")
def templating() -> Observation:
    import bottle

    out = bottle.template("Hello {{name}}!", name="World")
    adapters = [
        n for n in ("SimpleTemplate", "Jinja2Template", "MakoTemplate", "CheetahTemplate") if hasattr(bottle, n)
    ]
    return Observation(
        present=out == "Hello World!",
        detail=f"template('Hello {{{{name}}}}!', name='World') -> {out!r}; adapter classes: {adapters}",
    )


@probes.register("template_autoescape")
def template_autoescape() -> Observation:
    import bottle

    out = bottle.template("{{x}}|{{!x}}", x="<b>")
    escaped, raw = out.split("|")
    return Observation(
        present=escaped == "&lt;b&gt;" and raw == "<b>",
        detail=f"SimpleTemplate '{{{{x}}}}|{{{{!x}}}}' with x='<b>' -> {out!r}",
    )


@probes.register("auth")
def auth() -> Observation:
    import bottle

    found = _names("login", "logout", "user", "password", "account")
    basic = [n for n in ("auth_basic", "parse_auth") if hasattr(bottle, n)]
    return Observation(
        present=bool(found),
        detail=f"user/login/password names in bottle: {found or 'none'}; "
        f"HTTP Basic helpers only: {basic or 'none'} (login and a user store come from plugins, none part of Bottle)",
    )


@probes.register("sessions")
def sessions() -> Observation:
    import bottle

    app = bottle.Bottle()

    @app.route("/set")
    def set_() -> str:
        bottle.response.set_cookie("k", "v", secret="s3cret")
        return "set"

    @app.route("/get")
    def get_() -> Any:
        return bottle.request.get_cookie("k", secret="s3cret") or "missing"

    _, headers, _ = wsgi_get(app, "/set")
    cookie = next((v for k, v in headers if k.lower() == "set-cookie"), "")
    pair = cookie.split(";", 1)[0]
    _, _, body = wsgi_get(app, "/get", headers={"Cookie": pair})
    session_names = _names("session")
    ok = body == b"v"
    return Observation(
        present=ok,
        detail=f"signed cookie set_cookie(secret=)/get_cookie(secret=) round trip -> {body!r}; "
        f"session objects: {session_names or 'none'} (partial: signed cookies only)",
    )


@probes.register("security_headers")
def security_headers() -> Observation:
    import bottle

    app = bottle.Bottle()

    @app.route("/")
    def index() -> str:
        return "<p>hi</p>"

    _, headers, _ = wsgi_get(app, "/")
    wanted = {
        "strict-transport-security",
        "x-frame-options",
        "x-content-type-options",
        "content-security-policy",
        "referrer-policy",
    }
    got = sorted(k for k, _ in headers if k.lower() in wanted)
    return Observation(
        present=bool(got),
        detail=f"headers of a plain HTML response: {[k for k, _ in headers]}; security headers: {got or 'none'}",
    )


@probes.register("caching")
def caching() -> Observation:
    found = [n for n in _names("cache") if n not in ("cached_property", "lazy_attribute")]
    return Observation(
        present=bool(found),
        detail=f"cache API names in bottle (ignoring cached_property helpers): {found or 'none'}",
    )


@probes.register("static_files")
def static_files() -> Observation:
    import os
    import tempfile

    import bottle

    app = bottle.Bottle()
    with tempfile.TemporaryDirectory() as root:
        with open(os.path.join(root, "a.css"), "w") as fh:
            fh.write("body{}")

        @app.route("/static/<path:path>")
        def static(path: str) -> Any:
            return bottle.static_file(path, root=root)

        status, headers, body = wsgi_get(app, "/static/a.css")
        bad, _, _ = wsgi_get(app, "/static/../x")
    ctype = next((v for k, v in headers if k.lower() == "content-type"), "")
    return Observation(
        present=status.startswith("200") and body == b"body{}",
        detail=f"static_file('a.css', root=tmp) -> {status} {ctype} {body!r}; '../x' -> {bad}",
    )


def _cli_help() -> tuple[int, str]:
    """Run ``python -m bottle --help`` (0.12 only builds its CLI under __main__)."""
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "bottle", "--help"],
        capture_output=True,
        text=True,
        timeout=20,
    )
    return proc.returncode, proc.stdout + proc.stderr


@probes.register("cli")
def cli() -> Observation:
    import importlib.metadata

    code, text = _cli_help()
    runs = code == 0 and "--server" in text and "--bind" in text
    try:
        eps = importlib.metadata.distribution("bottle").entry_points
        scripts = sorted(ep.name for ep in eps if ep.group == "console_scripts")
    except importlib.metadata.PackageNotFoundError:
        scripts = []
    return Observation(
        present=runs,
        detail=f"python -m bottle --help -> exit {code}, server options listed: {runs}; "
        f"console scripts: {scripts or 'none'}; it starts a server, no custom commands",
    )


@probes.register("project_scaffold")
def project_scaffold() -> Observation:
    import re

    code, text = _cli_help()
    options = sorted(set(re.findall(r"--[a-z][a-z-]*", text)))
    scaffold = [o for o in options if any(w in o for w in ("new", "init", "create", "start"))]
    return Observation(
        present=bool(scaffold),
        detail=f"python -m bottle --help (exit {code}) options: {options}; "
        f"project generation options: {scaffold or 'none'}",
    )


probes.register("type_hints")(
    functools.partial(
        py_typed_in_record, "bottle", "py.typed in the installed distribution's RECORD: {typed} ({files} files)"
    )
)


# The probes that are one call of _absent, by criterion.
probes.register_each(
    _absent,
    {
        "websockets": (("websocket",), "WebSockets need gevent-websocket"),
        "background_tasks": (("background", "task", "schedule", "defer"), "no after-response API"),
        "orm": (("sqlalchemy", "database", "model", "sql"), "ORMs come from plugins"),
        "migrations": (("migrat",), "no migrations"),
        "admin": (("admin",), "no admin"),
        "csrf": (("csrf", "xsrf"), "no CSRF protection"),
        "i18n": (("gettext", "translat", "locale", "i18n", "babel"), "no translation support"),
        "sitemaps": (("sitemap",), "no sitemap support"),
        "syndication": (("feed", "rss", "atom", "syndicat"), "no feed support"),
        "openapi": (("openapi", "swagger", "schema"), "no OpenAPI generation"),
        "test_client": (("testclient", "test_client", "testapp", "client"), "tests use WebTest"),
    },
)
