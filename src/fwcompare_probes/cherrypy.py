"""Probes for CherryPy.

A cherrypy.Application is a WSGI callable, so most probes build one and call
it in-process with a WSGI environ: no server is started, no socket opened.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import os
import sys
import tempfile
import warnings
from typing import Any

from fwcompare_probes import Observation, ProbeSet, security_headers_among
from fwcompare_probes._search import module_check, py_typed
from fwcompare_probes._wsgi import wsgi_get

probes = ProbeSet("cherrypy")


def _quiet() -> None:
    import cherrypy

    # Embedded: no autoreloader or signal handlers; no log lines on screen.
    cherrypy.config.update({"environment": "embedded", "log.screen": False})


def _app(root: Any, config: dict[str, Any] | None = None) -> Any:
    import cherrypy

    _quiet()
    return cherrypy.Application(root, "", config or {"/": {}})


def _call(app: Any, path: str, headers: dict[str, str] | None = None) -> tuple[str, dict[str, str], str]:
    """GET *path* from the WSGI *app*; return status, headers and body text."""
    # An HTTP/1.1 request to localhost (wsgiref's defaults say HTTP/1.0 to 127.0.0.1).
    local = {"SERVER_NAME": "localhost", "HTTP_HOST": "localhost", "SERVER_PROTOCOL": "HTTP/1.1"}
    extra = {**local, "REMOTE_ADDR": "127.0.0.1", "wsgi.errors": sys.stderr}
    status, headers_list, body = wsgi_get(app, path, headers=headers, environ=extra)
    header_map: dict[str, str] = {}
    for name, value in headers_list:
        header_map.setdefault(name, value)
    return status, header_map, body.decode("utf-8", "replace")


def _expose(fn: Any) -> Any:
    fn.exposed = True
    return fn


@probes.register("interface")
def interface() -> Observation:
    import cherrypy

    class Root:
        @_expose
        def index(self) -> str:
            return "wsgi"

    status, _, body = _call(_app(Root()), "/")
    wsgi = status.startswith("200") and body == "wsgi"
    # Build (without starting or binding) the HTTP server CherryPy serves with by default.
    server, bind = cherrypy.server.httpserver_from_self()
    server_name = f"{type(server).__module__}.{type(server).__name__}"
    own = hasattr(server, "safe_start") or hasattr(server, "start")
    tags = tuple(t for t, ok in (("WSGI", wsgi), ("own-server", own)) if ok)
    return Observation(
        present=True,
        detail=(
            f"cherrypy.Application called as WSGI app, GET / -> {status} {body!r}; "
            f"cherrypy.server.httpserver_from_self() builds {server_name} for {bind} (not started)"
        ),
        value=tags,
    )


@probes.register("routing")
def routing() -> Observation:
    import cherrypy

    class Leaf:
        @_expose
        def page(self) -> str:
            return "leaf"

    class Root:
        child = Leaf()

    status, _, body = _call(_app(Root()), "/child/page")
    tags = []
    if status.startswith("200") and body == "leaf":
        tags.append("traversal")
    dispatcher = getattr(cherrypy.dispatch, "RoutesDispatcher", None)
    if dispatcher is None:
        routes_detail = "cherrypy.dispatch has no RoutesDispatcher"
    elif importlib.util.find_spec("routes") is None:
        tags.append("route-table")
        routes_detail = "cherrypy.dispatch.RoutesDispatcher present; not exercised (Routes package not installed)"
    else:

        class Controller:
            @_expose
            def show(self) -> str:
                return "mapped"

        table = dispatcher()
        table.connect("show", "/mapped", controller=Controller(), action="show")
        r_status, _, r_body = _call(_app(None, {"/": {"request.dispatch": table}}), "/mapped")
        if r_status.startswith("200") and r_body == "mapped":
            tags.append("route-table")
        routes_detail = f"RoutesDispatcher.connect('/mapped') then GET /mapped -> {r_status} {r_body!r}"
    order = ("route-table", "decorators", "traversal")
    return Observation(
        present=True,
        detail=f"object tree Root.child.page, GET /child/page -> {status} {body!r}; {routes_detail}",
        value=tuple(t for t in order if t in tags),
    )


@probes.register("async_views")
def async_views() -> Observation:
    class Root:
        @_expose
        async def index(self) -> str:
            return "awaited"

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        status, _, body = _call(_app(Root()), "/")
    messages = sorted({str(w.message) for w in caught})
    return Observation(
        present=status.startswith("200") and body == "awaited",
        detail=f"exposed `async def index`, GET / -> {status}; warnings: {messages or 'none'}",
    )


@probes.register("websockets")
def websockets() -> Observation:
    import cherrypy

    names = [n for n in ("websocket", "WebSocket") if hasattr(cherrypy, n)]
    found = module_check("WebSocket support in cherrypy", "cherrypy.websocket", "cherrypy.lib.websocket")
    return Observation(
        present=bool(names) or bool(found.present),
        detail=f"cherrypy WebSocket names: {names or 'none'}; {found.detail}",
    )


@probes.register("background_tasks")
def background_tasks() -> Observation:
    import cherrypy

    ran: list[str] = []

    class Root:
        @_expose
        def index(self) -> str:
            cherrypy.request.hooks.attach("on_end_request", lambda: ran.append("after response"))
            return "scheduled"

    status, _, body = _call(_app(Root()), "/")
    return Observation(
        present=status.startswith("200") and ran == ["after response"],
        detail=(
            f"handler attached an on_end_request hook; GET / -> {status} {body!r}, "
            f"hook ran after the body was consumed and closed: {ran}"
        ),
    )


@probes.register("dependency_injection")
def dependency_injection() -> Observation:
    import cherrypy

    names = [n for n in ("Depends", "Inject", "inject", "Provide") if hasattr(cherrypy, n)]
    return Observation(
        present=bool(names),
        detail=f"cherrypy dependency-injection helpers: {names or 'none'} (checked Depends, Inject, inject, Provide)",
    )


@probes.register("template_autoescape")
def template_autoescape() -> Observation:
    found = module_check("template engine in cherrypy", "cherrypy.templating", "cherrypy.lib.templates")
    return Observation(
        present=found.present,
        detail=f"no template engine, so no autoescaping; {found.detail}",
    )


@probes.register("auth")
def auth() -> Observation:
    import cherrypy

    class Root:
        @_expose
        def index(self) -> str:
            return "secret"

    config = {
        "/": {
            "tools.auth_basic.on": True,
            "tools.auth_basic.realm": "probe",
            "tools.auth_basic.checkpassword": lambda realm, user, password: (user, password) == ("u", "p"),
        }
    }
    app = _app(Root(), config)
    denied, _, _ = _call(app, "/")
    allowed, _, body = _call(app, "/", {"Authorization": "Basic dTpw"})  # u:p
    session_auth = hasattr(cherrypy.tools, "session_auth")
    return Observation(
        present=denied.startswith("401") and allowed.startswith("200"),
        detail=(
            f"tools.auth_basic: no credentials -> {denied}; u:p -> {allowed} {body!r}; "
            f"tools.session_auth present: {session_auth}; no user model or password hashing module"
        ),
    )


@probes.register("csrf")
def csrf() -> Observation:
    import cherrypy

    names = [n for n in dir(cherrypy.tools) if "csrf" in n.lower() or "xsrf" in n.lower()]
    return Observation(present=bool(names), detail=f"cherrypy.tools with csrf/xsrf in the name: {names or 'none'}")


@probes.register("sessions")
def sessions() -> Observation:
    import cherrypy

    class Root:
        @_expose
        def set(self) -> str:
            cherrypy.session["k"] = "v"
            return "set"

        @_expose
        def get(self) -> str:
            return str(cherrypy.session.get("k"))

    # clean_freq 0: no expiry thread left behind.
    app = _app(Root(), {"/": {"tools.sessions.on": True, "tools.sessions.clean_freq": 0}})
    _, headers, _ = _call(app, "/set")
    cookie = headers.get("Set-Cookie", "").split(";")[0]
    status, _, body = _call(app, "/get", {"Cookie": cookie})
    return Observation(
        present=body == "v",
        detail=f"tools.sessions (RAM storage): set k in one request, cookie {cookie.split('=')[0]!r}; "
        f"next request -> {status} {body!r}",
    )


@probes.register("security_headers")
def security_headers() -> Observation:
    class Root:
        @_expose
        def index(self) -> str:
            return "plain"

    _, headers, _ = _call(_app(Root()), "/")
    found = security_headers_among(headers)
    return Observation(
        present=bool(found),
        detail=f"default response headers: {sorted(headers)}; security headers among them: {found or 'none'}",
    )


@probes.register("caching")
def caching() -> Observation:
    import cherrypy
    from cherrypy.lib import caching as cp_caching

    calls: list[int] = []
    store: dict[str, Any] = {}

    class DictCache(cp_caching.Cache):
        """A tiny pluggable backend (MemoryCache would start an expiry thread)."""

        delay = 600
        debug = False
        tot_non_modified = 0

        def _key(self) -> str:
            return str(cherrypy.url(qs=cherrypy.serving.request.query_string))

        def get(self) -> Any:
            return store.get(self._key())

        def put(self, obj: Any, size: int) -> None:
            store[self._key()] = obj

        def delete(self) -> None:
            store.pop(self._key(), None)

        def clear(self) -> None:
            store.clear()

    class Root:
        @_expose
        def index(self) -> str:
            calls.append(1)
            return f"computed {len(calls)}"

    previous = getattr(cherrypy, "_cache", None)
    if previous is not None:
        del cherrypy._cache
    try:
        app = _app(Root(), {"/": {"tools.caching.on": True, "tools.caching.cache_class": DictCache}})
        first = _call(app, "/")
        second = _call(app, "/")
    finally:
        if hasattr(cherrypy, "_cache"):
            del cherrypy._cache
        if previous is not None:
            cherrypy._cache = previous
    return Observation(
        present=second[2] == "computed 1" and len(calls) == 1,
        detail=(
            f"tools.caching with a custom cache_class: GET / twice -> {first[2]!r}, {second[2]!r}; "
            f"handler ran {len(calls)} time(s)"
        ),
    )


@probes.register("static_files")
def static_files() -> Observation:
    with tempfile.TemporaryDirectory() as root:
        with open(os.path.join(root, "site.css"), "w") as handle:
            handle.write("body{}")
        config = {"/static": {"tools.staticdir.on": True, "tools.staticdir.dir": root}}
        status, _, body = _call(_app(None, config), "/static/site.css")
    return Observation(
        present=status.startswith("200") and body == "body{}",
        detail=f"tools.staticdir on /static, GET /static/site.css -> {status} {body!r}",
    )


@probes.register("test_client")
def test_client() -> Observation:
    spec = importlib.util.find_spec("cherrypy.test.helper")
    if spec is None or spec.origin is None:
        return Observation(present=False, detail="cherrypy.test.helper not found")
    with open(spec.origin, encoding="utf-8") as handle:
        source = handle.read()
    defined = "class CPWebCase" in source and "def getPage" in source
    try:
        importlib.import_module("cherrypy.test.helper")
        importable = "imports"
    except ImportError as exc:  # the helper needs pytest, which CherryPy does not install
        importable = f"import fails without test dependencies: {exc}"
    return Observation(
        present=defined,
        detail=(
            f"cherrypy/test/helper.py defines CPWebCase with getPage: {defined}; {importable}; "
            "CPWebCase starts the app on a local HTTP server (not run here)"
        ),
    )


def _cherrypy_scripts() -> list[tuple[str, str]]:
    """Console scripts (name, target) of installed distributions that point into cherrypy."""
    from importlib import metadata

    eps: Any = metadata.entry_points()
    # Python 3.10+ has select(); 3.8 and 3.9 return a dict of groups.
    group = eps.select(group="console_scripts") if hasattr(eps, "select") else eps.get("console_scripts", ())
    return [(e.name, e.value) for e in group if e.value.startswith("cherrypy")]


@probes.register("cli")
def cli() -> Observation:
    scripts = _cherrypy_scripts()
    return Observation(
        present=bool(scripts),
        detail=f"console scripts pointing into cherrypy: {[f'{n} = {v}' for n, v in scripts] or 'none'}",
    )


@probes.register("project_scaffold")
def project_scaffold() -> Observation:
    scripts = [name for name, _ in _cherrypy_scripts()]
    others = [name for name in scripts if name != "cherryd"]
    template = importlib.util.find_spec("cherrypy.scaffold") is not None
    return Observation(
        present=bool(others),
        detail=(
            f"cherrypy console scripts: {scripts or 'none'} (cherryd serves apps, it creates no project); "
            f"example app to copy by hand, cherrypy.scaffold, present: {template}"
        ),
    )


probes.register("type_hints")(functools.partial(py_typed, "cherrypy"))


probes.not_probeable = {}


# The probes that are one call of module_check, by criterion.
probes.register_each(
    module_check,
    {
        "orm": ("ORM in cherrypy", "cherrypy.orm", "cherrypy.db", "cherrypy.lib.db"),
        "migrations": ("migrations in cherrypy", "cherrypy.migrations", "cherrypy.lib.migrations"),
        "admin": ("admin interface in cherrypy", "cherrypy.admin", "cherrypy.lib.admin"),
        "forms": ("form classes in cherrypy", "cherrypy.forms", "cherrypy.lib.forms"),
        "templating": ("template engine in cherrypy", "cherrypy.templating", "cherrypy.lib.templates"),
        "i18n": ("translation support in cherrypy", "cherrypy.i18n", "cherrypy.lib.i18n"),
        "sitemaps": ("sitemap generation in cherrypy", "cherrypy.sitemaps", "cherrypy.lib.sitemap"),
        "syndication": ("feed generation in cherrypy", "cherrypy.feeds", "cherrypy.lib.feeds"),
        "openapi": ("OpenAPI generation in cherrypy", "cherrypy.openapi", "cherrypy.lib.openapi"),
    },
)
