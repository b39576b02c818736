"""Probes for Tornado.

Tornado has no socket-free test client: ``tornado.testing.AsyncHTTPTestCase``
starts the application's HTTPServer on an unused port of 127.0.0.1 in the test
process and fetches from it. The probes drive one such test case by hand
(``setUp``, the request, ``tearDown``) so that the server, client and event
loop are closed before the probe returns. Nothing leaves the machine.
"""

from __future__ import annotations

import functools
import os
import tempfile
from collections.abc import Callable
from typing import Any

from fwcompare_probes import Observation, ProbeSet, security_headers_among
from fwcompare_probes._search import candidates_or_submodules, modules_named, modules_on_disk

probes = ProbeSet("tornado")
_module_probe = functools.partial(candidates_or_submodules, "tornado")


def _serve(make_app: Callable[[], Any], exercise: Callable[[Any], Any]) -> Any:
    """Run *exercise(test_case)* against *make_app()* on tornado's test server."""
    from tornado.testing import AsyncHTTPTestCase

    class _Case(AsyncHTTPTestCase):
        def get_app(self) -> Any:
            return make_app()

        def runTest(self) -> None:  # unittest wants one test method
            pass

    import logging

    # Tornado logs every 4xx/5xx response; keep probe output quiet.
    loggers = [logging.getLogger(n) for n in ("tornado.access", "tornado.general", "tornado.application")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.CRITICAL)
    case = _Case()
    case.setUp()
    try:
        return exercise(case)
    finally:
        case.tearDown()
        for lg, level in zip(loggers, levels):  # noqa: B905 (zip(strict=) is 3.10+; these run on 3.8)
            lg.setLevel(level)


def _fetch(make_app: Callable[[], Any], path: str, **kwargs: Any) -> Any:
    return _serve(make_app, lambda case: case.fetch(path, **kwargs))


def _submodules_named(*words: str) -> list[str]:
    """Names of tornado's own modules whose last part starts with one of *words*."""
    return modules_named(modules_on_disk("tornado"), *words)


@probes.register("interface")
def interface() -> Observation:
    import tornado.httpserver as httpserver
    import tornado.web
    import tornado.wsgi

    tags = []
    # Tornado apps ran under WSGI through WSGIAdapter/WSGIApplication until 6.0.
    wsgi_names = [n for n in ("WSGIAdapter", "WSGIApplication") if hasattr(tornado.wsgi, n)]
    if wsgi_names:
        tags.append("WSGI")
    asgi_modules = _submodules_named("asgi")
    if asgi_modules:
        tags.append("ASGI")
    has_server = hasattr(httpserver, "HTTPServer")
    if has_server:
        tags.append("own-server")
    return Observation(
        present=True,
        detail=(
            f"tornado.wsgi app adapters: {wsgi_names or 'none'} "
            f"(WSGIContainer only hosts other WSGI apps); ASGI modules: {asgi_modules or 'none'}; "
            f"tornado.httpserver.HTTPServer present: {has_server}"
        ),
        value=tuple(tags),
    )


@probes.register("routing")
def routing() -> Observation:
    import tornado.web as web

    class Hello(web.RequestHandler):
        def get(self, name: str) -> None:
            self.write("hello " + name)

    def app_factory() -> Any:
        return web.Application([(r"/hello/(\w+)", Hello)])

    response = _fetch(app_factory, "/hello/ada")
    tags = []
    if response.code == 200 and response.body == b"hello ada":
        tags.append("route-table")
    app = app_factory()
    decorator = [n for n in ("route", "get", "post") if callable(getattr(app, n, None))]
    if decorator:
        tags.append("decorators")
    return Observation(
        present=True,
        detail=(
            f"Application([(r'/hello/(\\w+)', Hello)]) GET /hello/ada -> {response.code} "
            f"{response.body!r}; route decorators on Application: {decorator or 'none'}"
        ),
        value=tuple(tags),
    )


@probes.register("async_views")
def async_views() -> Observation:
    import tornado.web as web

    class Handler(web.RequestHandler):
        async def get(self) -> None:  # a native coroutine, no @gen.coroutine
            self.write("awaited")

    response = _fetch(lambda: web.Application([(r"/", Handler)]), "/")
    return Observation(
        present=response.code == 200 and response.body == b"awaited",
        detail=f"handler with 'async def get' GET / -> {response.code} {response.body!r}",
    )


@probes.register("websockets")
def websockets() -> Observation:
    import tornado.web as web
    import tornado.websocket

    class Echo(tornado.websocket.WebSocketHandler):
        def on_message(self, message: Any) -> None:
            self.write_message("echo:" + message)

    def exercise(case: Any) -> Any:
        import tornado.gen as gen

        url = case.get_url("/ws").replace("http://", "ws://")

        # A generator coroutine rather than `async def`, so the probe also
        # runs on releases before native coroutine support (4.3).
        @gen.coroutine
        def talk() -> Any:
            conn = yield tornado.websocket.websocket_connect(url)
            conn.write_message("hi")
            reply = yield conn.read_message()
            conn.close()
            return reply

        return case.io_loop.run_sync(talk)

    reply = _serve(lambda: web.Application([(r"/ws", Echo)]), exercise)
    return Observation(
        present=reply == "echo:hi",
        detail=f"WebSocketHandler echo via websocket_connect: sent 'hi', got {reply!r}",
    )


@probes.register("background_tasks")
def background_tasks() -> Observation:
    import tornado.ioloop as ioloop
    import tornado.web as web

    ran: list[str] = []

    def later() -> None:  # a plain callback: runs on every release
        ran.append("done")

    class Handler(web.RequestHandler):
        def get(self) -> None:
            ioloop.IOLoop.current().spawn_callback(later)
            self.write("queued")

    def exercise(case: Any) -> Any:
        response = case.fetch("/")
        # Give the loop one more turn so the spawned callback can run.
        case.io_loop.run_sync(lambda: None)
        return response

    response = _serve(lambda: web.Application([(r"/", Handler)]), exercise)
    return Observation(
        present=ran == ["done"],
        detail=(
            f"handler called IOLoop.current().spawn_callback(fn) -> response "
            f"{response.code} {response.body!r}; callback ran: {ran == ['done']} "
            "(an IOLoop primitive; tornado.web has no background-task API)"
        ),
    )


@probes.register("dependency_injection")
def dependency_injection() -> Observation:
    import tornado.web as web

    class Handler(web.RequestHandler):
        def initialize(self, database: str) -> None:
            self.database = database

        def get(self) -> None:
            self.write("db=" + self.database)

    response = _fetch(lambda: web.Application([(r"/", Handler, {"database": "sqlite"})]), "/")
    return Observation(
        present=response.body == b"db=sqlite",
        detail=(
            "URL spec (r'/', Handler, {'database': 'sqlite'}) passed to "
            f"RequestHandler.initialize -> GET / {response.code} {response.body!r}"
        ),
    )


@probes.register("templating")
def templating() -> Observation:
    import tornado.template as template

    out = template.Template("Hi {{ name }}!").generate(name="Ada")
    return Observation(
        present=out == b"Hi Ada!",
        detail=f"tornado.template.Template('Hi {{{{ name }}}}!').generate(name='Ada') -> {out!r}",
        value="tornado.template",
    )


@probes.register("template_autoescape")
def template_autoescape() -> Observation:
    import tornado.template as template

    out = template.Template("{{ x }}").generate(x="<b>")
    return Observation(
        present=out == b"&lt;b&gt;",
        detail=f"Template('{{{{ x }}}}').generate(x='<b>') with default settings -> {out!r}",
    )


@probes.register("auth")
def auth() -> Observation:
    import tornado.auth as tornado_auth
    import tornado.web as web

    class Private(web.RequestHandler):
        def get_current_user(self) -> Any:
            return None

        @web.authenticated
        def get(self) -> None:
            self.write("secret")

    response = _fetch(
        lambda: web.Application([(r"/private", Private)], login_url="/login"),
        "/private",
        follow_redirects=False,
    )
    mixins = [n for n in ("OAuth2Mixin", "GoogleOAuth2Mixin", "FacebookGraphMixin") if hasattr(tornado_auth, n)]
    location = response.headers.get("Location")
    redirected = response.code == 302 and bool(location) and location.startswith("/login")
    password_api = _submodules_named("password", "user")
    return Observation(
        present=redirected,
        detail=(
            f"@authenticated GET /private without a user -> {response.code} Location={location!r}; "
            f"tornado.auth mixins: {mixins}; user/password modules: {password_api or 'none'}"
        ),
    )


@probes.register("csrf")
def csrf() -> Observation:
    import tornado.web as web

    class Form(web.RequestHandler):
        def post(self) -> None:
            self.write("accepted")

    response = _fetch(
        lambda: web.Application([(r"/", Form)], xsrf_cookies=True),
        "/",
        method="POST",
        body="a=1",
    )
    return Observation(
        present=response.code == 403,
        detail=f"Application(xsrf_cookies=True), POST / without _xsrf -> {response.code}",
    )


@probes.register("sessions")
def sessions() -> Observation:
    import tornado.web as web

    signed = web.create_signed_value("s3cret", "visitor", "ada")
    back = web.decode_signed_value("s3cret", "visitor", signed)
    tampered = web.decode_signed_value("other", "visitor", signed)
    session_modules = _submodules_named("session")
    return Observation(
        present=back == b"ada" and tampered is None,
        detail=(
            f"create_signed_value/decode_signed_value round trip -> {back!r}; "
            f"wrong secret -> {tampered!r}; session modules: {session_modules or 'none'}"
        ),
    )


@probes.register("security_headers")
def security_headers() -> Observation:
    import tornado.web as web

    class Page(web.RequestHandler):
        def get(self) -> None:
            self.write("page")

    response = _fetch(lambda: web.Application([(r"/", Page)]), "/")
    seen = security_headers_among(response.headers.keys())
    return Observation(
        present=bool(seen),
        detail=f"default Application GET / response security headers: {seen or 'none'}",
    )


@probes.register("i18n")
def i18n() -> Observation:
    import tornado.locale as tornado_locale

    locale = tornado_locale.CSVLocale("es_LA", {"unknown": {"Hello": "Hola"}})
    translated = locale.translate("Hello")
    number = tornado_locale.get("en_US").friendly_number(1234567)
    return Observation(
        present=translated == "Hola",
        detail=(
            f"CSVLocale('es_LA', ...).translate('Hello') -> {translated!r}; "
            f"en_US friendly_number(1234567) -> {number!r}"
        ),
    )


@probes.register("static_files")
def static_files() -> Observation:
    import tornado.web as web

    with tempfile.TemporaryDirectory() as root:
        with open(os.path.join(root, "site.css"), "w") as f:
            f.write("body{}")
        response = _fetch(lambda: web.Application([], static_path=root), "/static/site.css")
    return Observation(
        present=response.code == 200 and response.body == b"body{}",
        detail=f"Application(static_path=tmp) GET /static/site.css -> {response.code} {response.body!r}",
    )


@probes.register("test_client")
def test_client() -> Observation:
    import tornado.web as web

    class Page(web.RequestHandler):
        def get(self) -> None:
            self.write("ok")

    def exercise(case: Any) -> Any:
        return case.fetch("/"), case.get_http_port()

    response, port = _serve(lambda: web.Application([(r"/", Page)]), exercise)
    return Observation(
        present=response.code == 200,
        detail=(
            f"tornado.testing.AsyncHTTPTestCase.fetch('/') -> {response.code} {response.body!r}, "
            f"served by an HTTPServer the test case bound to 127.0.0.1:{port}"
        ),
    )


def _console_scripts() -> list[str]:
    from importlib.metadata import distribution

    return [ep.name for ep in distribution("tornado").entry_points if ep.group == "console_scripts"]


@probes.register("cli")
def cli() -> Observation:
    scripts = _console_scripts()
    return Observation(
        present=bool(scripts),
        detail=f"console_scripts of the tornado distribution: {scripts or 'none'}",
    )


@probes.register("project_scaffold")
def project_scaffold() -> Observation:
    scripts = _console_scripts()
    return Observation(
        present=bool(scripts),
        detail=f"console_scripts of the tornado distribution (no scaffolding command among them): {scripts or 'none'}",
    )


@probes.register("type_hints")
def type_hints() -> Observation:
    import tornado

    marker = os.path.join(os.path.dirname(tornado.__file__), "py.typed")
    return Observation(present=os.path.exists(marker), detail=f"{marker} exists: {os.path.exists(marker)}")


probes.not_probeable = {}


# The probes that are one call of _module_probe, by criterion.
probes.register_each(
    _module_probe,
    {
        "orm": ("ORM", ("tornado.orm", "tornado.db", "tornado.database"), ("orm", "model")),
        "migrations": ("migrations", ("tornado.migrations",), ("migrat",)),
        "admin": ("admin", ("tornado.admin",), ("admin",)),
        "forms": ("forms", ("tornado.forms",), ("form",)),
        "caching": ("cache", ("tornado.cache", "tornado.caching"), ("cache",)),
        "sitemaps": ("sitemaps", ("tornado.sitemaps", "tornado.sitemap"), ("sitemap",)),
        "syndication": ("feeds", ("tornado.feeds", "tornado.syndication"), ("feed", "syndication", "atom", "rss")),
        "openapi": ("OpenAPI", ("tornado.openapi", "tornado.swagger"), ("openapi", "swagger")),
    },
)
