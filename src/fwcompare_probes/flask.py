"""Probes for Flask (slug ``flask``).

Each probe builds the smallest Flask app that exercises one criterion, runs it
through Flask's own test client (or a template render, a module lookup) and
reports what it saw. The probes also run on old releases (0.10 onwards), so
that `since` bounds can be checked at the boundary: where a capability is
missing they report ``present=False`` with the failure in ``detail``.
"""

from __future__ import annotations

import importlib.util
import os
import tempfile
import warnings
from typing import Any

from fwcompare_probes import SECURITY_HEADERS, NeedsPackage, Observation, ProbeSet, security_headers_among

probes = ProbeSet("flask")

probes.not_probeable = {
    "dependency_injection": (
        "Flask has no injection mechanism; handlers read request data and "
        "per-request resources from context proxies (request, g, current_app). "
        "The absence of a design is not something a call can demonstrate; "
        "the fact rests on the documentation."
    ),
}


def _app(**kwargs: Any) -> Any:
    """A fresh Flask app in testing mode (exceptions propagate to the caller)."""
    from flask import Flask

    app = Flask("fwcompare_probe", **kwargs)
    app.config["TESTING"] = True
    return app


def _preflight() -> None:
    """a request through Flask's test client"""
    app = _app()
    app.add_url_rule("/", "index", lambda: "ok")
    response = app.test_client().get("/")
    if response.status_code != 200:
        raise RuntimeError(f"GET / through the test client answered {response.status_code}, not 200")


probes.preflight = _preflight


def _module_missing(name: str) -> bool:
    """True when *name* (a dotted module path) cannot be found."""
    try:
        return importlib.util.find_spec(name) is None
    except ModuleNotFoundError:
        return True


def _version() -> str:
    from importlib.metadata import version

    return version("flask")


def _absent_names(modules: tuple[str, ...], attrs: tuple[str, ...]) -> Observation:
    """Look for submodules of flask and attributes of flask / flask.Flask."""
    import flask

    found = [m for m in modules if not _module_missing(m)]
    found += [f"flask.{a}" for a in attrs if hasattr(flask, a)]
    found += [f"flask.Flask.{a}" for a in attrs if hasattr(flask.Flask, a)]
    looked = ", ".join(list(modules) + [f"flask[.Flask].{a}" for a in attrs])
    if found:
        return Observation(present=True, detail=f"found {', '.join(found)} (looked for {looked})")
    return Observation(present=False, detail=f"none of {looked} exists in Flask {_version()}")


def _builtin_commands() -> tuple[list[str] | None, str]:
    """Names of the commands the `flask` command itself defines, or None before 0.11."""
    try:
        from flask.cli import FlaskGroup
    except ImportError as exc:
        return None, f"import flask.cli failed: {exc}"
    return sorted(FlaskGroup().commands), "FlaskGroup().commands"


@probes.register("interface")
def interface() -> Observation:
    import inspect

    from werkzeug.test import EnvironBuilder

    app = _app()

    @app.route("/")
    def index() -> str:
        return "wsgi-ok"

    environ = EnvironBuilder(path="/").get_environ()
    statuses: list[str] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        statuses.append(status)

    result = app(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    wsgi = bool(statuses) and statuses[0].startswith("200") and body == b"wsgi-ok"
    asgi = inspect.iscoroutinefunction(type(app).__call__) or hasattr(app, "asgi_app")
    tags = tuple(tag for tag, seen in (("WSGI", wsgi), ("ASGI", asgi)) if seen)
    return Observation(
        present=True,
        detail=(
            f"app(environ, start_response) -> {statuses[:1]} {body!r}; Flask.__call__ is a coroutine function: {asgi}"
        ),
        value=tags,
    )


@probes.register("routing")
def routing() -> Observation:
    app = _app()

    @app.route("/decorated")
    def decorated() -> str:
        return "decorated"

    def central() -> str:
        return "central"

    app.add_url_rule("/central", "central", central)
    client = app.test_client()
    deco = client.get("/decorated")
    table = client.get("/central")
    tags: list[str] = []
    if table.status_code == 200 and table.data == b"central":
        tags.append("route-table")
    if deco.status_code == 200 and deco.data == b"decorated":
        tags.append("decorators")
    shortcuts = all(hasattr(app, m) for m in ("get", "post", "put", "delete", "patch"))
    return Observation(
        present=True,
        detail=(
            f"@app.route -> {deco.status_code}, app.add_url_rule -> {table.status_code}; "
            f"app.get/post/put/delete/patch shortcuts present: {shortcuts}"
        ),
        value=tuple(tags),
    )


@probes.register("async_views")
def async_views() -> Observation:
    app = _app()

    @app.route("/")
    async def view() -> str:
        return "async-ok"

    client = app.test_client()
    try:
        with warnings.catch_warnings():
            # Before 2.0 the coroutine is never awaited; keep that warning quiet.
            warnings.simplefilter("ignore", RuntimeWarning)
            resp = client.get("/")
    except RuntimeError as exc:
        if "async" in str(exc) and "extra" in str(exc):
            # Flask knows async views; running one needs asgiref (the "async" extra).
            raise NeedsPackage("asgiref", str(exc)) from exc
        raise
    except (TypeError, ValueError) as exc:
        return Observation(present=False, detail=f"GET on an async def view raised {type(exc).__name__}: {exc}")
    ok = resp.status_code == 200 and resp.data == b"async-ok"
    return Observation(present=ok, detail=f"GET on an async def view -> {resp.status_code} {resp.data!r}")


@probes.register("background_tasks")
def background_tasks() -> Observation:
    from flask import make_response

    app = _app()
    ran: list[str] = []

    @app.route("/")
    def view() -> Any:
        resp = make_response("done")
        resp.call_on_close(lambda: ran.append("after"))
        return resp

    resp = app.test_client().get("/")
    before_close = list(ran)
    resp.close()
    return Observation(
        present=ran == ["after"],
        detail=(
            "response.call_on_close(fn) in a view; "
            f"fn calls before close: {len(before_close)}, after close: {len(ran)}. "
            "No task API: this hook runs in the same worker once the response is closed."
        ),
    )


@probes.register("migrations")
def migrations() -> Observation:
    obs = _absent_names(("flask.migrations", "flask.migrate"), ("Migrate", "migrate"))
    names, how = _builtin_commands()
    if names is not None and ("db" in names or "migrate" in names):
        return Observation(present=True, detail=f"{how} -> {names}")
    return Observation(present=obs.present, detail=f"{obs.detail}; {how} -> {names}")


@probes.register("templating")
def templating() -> Observation:
    import jinja2
    from flask import render_template_string

    app = _app()
    with app.app_context():
        out = render_template_string("{{ a }}+{{ b }}", a=1, b=2)
    is_jinja = isinstance(app.jinja_env, jinja2.Environment)
    return Observation(
        present=is_jinja and out == "1+2",
        detail=(
            f"type(app.jinja_env) = {type(app.jinja_env).__module__}.{type(app.jinja_env).__name__}"
            f" (a jinja2.Environment: {is_jinja}); render_template_string -> {out!r}"
        ),
        value="Jinja" if is_jinja else None,
    )


@probes.register("template_autoescape")
def template_autoescape() -> Observation:
    from flask import render_template, render_template_string

    exts = (".html", ".htm", ".xml", ".xhtml", ".svg", ".txt", ".jinja")
    with tempfile.TemporaryDirectory() as tmp:
        for ext in exts:
            with open(os.path.join(tmp, "t" + ext), "w") as fh:
                fh.write("{{ x }}")
        app = _app(template_folder=tmp)
        escaped: list[str] = []
        with app.app_context():
            for ext in exts:
                if render_template("t" + ext, x="<b>") == "&lt;b&gt;":
                    escaped.append(ext)
            string_out = render_template_string("{{ x }}", x="<b>")
    if string_out == "&lt;b&gt;":
        escaped.append("render_template_string")
    return Observation(
        present=".html" in escaped,
        detail=(
            f"rendered '{{{{ x }}}}' with x='<b>' from t{{{', '.join(exts)}}} and from a string; "
            f"escaped: {', '.join(escaped) or 'none'}"
        ),
        value=tuple(escaped),
    )


@probes.register("csrf")
def csrf() -> Observation:
    app = _app()

    @app.route("/form", methods=["POST"])
    def form() -> str:
        return "accepted"

    resp = app.test_client().post("/form", data={"field": "value"})
    protected = resp.status_code in (400, 403)
    return Observation(
        present=protected,
        detail=f"POST without any token to a default app -> {resp.status_code} {resp.data[:40]!r}",
    )


@probes.register("sessions")
def sessions() -> Observation:
    from flask import session

    app = _app()
    app.secret_key = "fwcompare-probe"

    @app.route("/set")
    def set_value() -> str:
        session["n"] = 42
        return "set"

    @app.route("/get")
    def get_value() -> str:
        return str(session.get("n"))

    client = app.test_client()
    first = client.get("/set")
    cookie = first.headers.get("Set-Cookie", "")
    second = client.get("/get")
    ok = second.data == b"42" and cookie.startswith("session=")
    return Observation(
        present=ok,
        detail=(
            f"session['n'] = 42 -> Set-Cookie {cookie.split(';')[0][:40]!r}...; "
            f"next request reads {second.data!r}; interface {type(app.session_interface).__name__}"
        ),
    )


@probes.register("security_headers")
def security_headers() -> Observation:
    app = _app()

    @app.route("/")
    def index() -> str:
        return "ok"

    resp = app.test_client().get("/")
    found = security_headers_among(resp.headers.keys())
    return Observation(
        present=bool(found),
        detail=f"GET / on a default app: security headers set: {found or 'none'} "
        f"(looked for {', '.join(SECURITY_HEADERS)})",
    )


@probes.register("i18n")
def i18n() -> Observation:
    obs = _absent_names(("flask.i18n", "flask.babel"), ("gettext", "ngettext", "Babel"))
    app = _app()
    jinja_i18n = "jinja2.ext.InternationalizationExtension" in app.jinja_env.extensions
    gettext_global = "gettext" in app.jinja_env.globals or "_" in app.jinja_env.globals
    present = bool(obs.present) or jinja_i18n or gettext_global
    return Observation(
        present=present,
        detail=f"{obs.detail}; Jinja i18n extension loaded: {jinja_i18n}; gettext/_ template globals: {gettext_global}",
    )


@probes.register("sitemaps")
def sitemaps() -> Observation:
    obs = _absent_names(("flask.sitemap", "flask.sitemaps"), ("Sitemap", "sitemap"))
    resp = _app().test_client().get("/sitemap.xml")
    return Observation(
        present=bool(obs.present) or resp.status_code == 200,
        detail=f"{obs.detail}; GET /sitemap.xml on a default app -> {resp.status_code}",
    )


@probes.register("static_files")
def static_files() -> Observation:
    with tempfile.TemporaryDirectory() as tmp:
        folder = os.path.join(tmp, "static")  # the folder's name gives the URL prefix
        os.mkdir(folder)
        with open(os.path.join(folder, "hello.txt"), "w") as fh:
            fh.write("static-ok")
        app = _app(static_folder=folder)
        resp = app.test_client().get("/static/hello.txt")
        try:
            body = resp.data
        finally:
            resp.close()
    ok = resp.status_code == 200 and body == b"static-ok"
    return Observation(
        present=ok, detail=f"GET /static/hello.txt (default static route) -> {resp.status_code} {body!r}"
    )


@probes.register("openapi")
def openapi() -> Observation:
    obs = _absent_names(("flask.openapi",), ("openapi", "OpenAPI"))
    client = _app().test_client()
    codes = {path: client.get(path).status_code for path in ("/openapi.json", "/docs")}
    return Observation(
        present=bool(obs.present) or 200 in codes.values(),
        detail=f"{obs.detail}; GET on a default app: {codes}",
    )


@probes.register("test_client")
def test_client() -> Observation:
    app = _app()

    @app.route("/")
    def index() -> str:
        return "client-ok"

    client = app.test_client()
    resp = client.get("/")
    runner = hasattr(app, "test_cli_runner")
    return Observation(
        present=resp.status_code == 200 and resp.data == b"client-ok",
        detail=(
            f"app.test_client() -> {type(client).__name__}; GET / -> {resp.status_code} {resp.data!r}; "
            f"app.test_cli_runner available: {runner}"
        ),
    )


@probes.register("cli")
def cli() -> Observation:
    names, how = _builtin_commands()
    if names is None:
        return Observation(present=False, detail=how)
    detail = f"{how} -> {names}"
    app = _app()
    if hasattr(app, "test_cli_runner"):

        @app.cli.command("probe-hello")
        def hello() -> None:
            print("hello from a custom command")

        result = app.test_cli_runner().invoke(args=["probe-hello"])
        detail += f"; custom command via app.test_cli_runner() -> exit {result.exit_code} {result.output.strip()!r}"
    return Observation(present="run" in names, detail=detail)


@probes.register("project_scaffold")
def project_scaffold() -> Observation:
    names, how = _builtin_commands()
    if names is None:
        return Observation(present=False, detail=f"no flask command at all: {how}")
    scaffolders = [n for n in names if n in ("new", "init", "create", "startproject", "startapp", "scaffold")]
    return Observation(
        present=bool(scaffolders), detail=f"{how} -> {names}; project generators among them: {scaffolders or 'none'}"
    )


@probes.register("type_hints")
def type_hints() -> Observation:
    import flask

    marker = os.path.join(os.path.dirname(flask.__file__), "py.typed")
    has_marker = os.path.isfile(marker)
    annotated = bool(getattr(flask.Flask.__init__, "__annotations__", None))
    return Observation(
        present=has_marker,
        detail=f"flask/py.typed exists: {has_marker}; Flask.__init__ has annotations: {annotated} (Flask {_version()})",
    )


# The probes that are one call of _absent_names, by criterion.
probes.register_each(
    _absent_names,
    {
        "websockets": (("flask.websocket", "flask.websockets"), ("websocket", "websocket_route")),
        "orm": (("flask.orm", "flask.db", "flask.models"), ("Model", "SQLAlchemy", "db")),
        "admin": (("flask.admin",), ("Admin", "admin")),
        "forms": (("flask.forms", "flask.wtf"), ("Form", "FlaskForm", "forms")),
        "auth": (("flask.auth", "flask.login"), ("login_user", "logout_user", "login_required", "current_user")),
        "caching": (("flask.cache", "flask.caching"), ("Cache", "cache")),
        "syndication": (("flask.feeds", "flask.syndication", "flask.atom"), ("AtomFeed", "Feed", "feeds")),
    },
)
