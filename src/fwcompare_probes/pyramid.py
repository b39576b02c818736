"""Probes for Pyramid.

Pyramid has no test client of its own (its docs use WebTest, a separate
package), so the probes call the WSGI application directly with WebOb's
``Request.blank(...).get_response(app)``; WebOb is a dependency of Pyramid.
"""

from __future__ import annotations

import functools
import gc
import importlib.util
import os
import sys
import tempfile
import warnings
from typing import Any

from fwcompare_probes import Observation, ProbeSet, security_headers_among
from fwcompare_probes._search import candidates_or_submodules, modules_named, modules_on_disk

probes = ProbeSet("pyramid")
_module_probe = functools.partial(candidates_or_submodules, "pyramid")


def _get(app: Any, path: str, **kwargs: Any) -> Any:
    from webob import Request

    return Request.blank(path, **kwargs).get_response(app)


def _config(**settings: Any) -> Any:
    from pyramid.config import Configurator

    return Configurator(settings=settings or None)


def _submodules_named(*words: str) -> list[str]:
    """Pyramid's own modules whose last name part starts with one of *words*."""
    return modules_named(modules_on_disk("pyramid"), *words)


def _console_scripts() -> list[str]:
    from importlib.metadata import distribution

    return sorted(ep.name for ep in distribution("pyramid").entry_points if ep.group == "console_scripts")


@probes.register("interface")
def interface() -> Observation:
    from pyramid.response import Response

    config = _config()
    config.add_route("home", "/")
    config.add_view(lambda request: Response("wsgi"), route_name="home")
    app = config.make_wsgi_app()
    seen: list[str] = []

    def start_response(status: str, headers: Any, exc_info: Any = None) -> Any:
        seen.append(status)
        return lambda data: None

    from webob import Request

    environ = Request.blank("/").environ
    body = b"".join(app(environ, start_response))
    tags = []
    if seen and seen[0].startswith("200") and body == b"wsgi":
        tags.append("WSGI")
    asgi = _submodules_named("asgi")
    if asgi:
        tags.append("ASGI")
    servers = _submodules_named("server", "httpserver")
    if servers:
        tags.append("own-server")
    return Observation(
        present=True,
        detail=(
            f"make_wsgi_app()(environ, start_response) -> {seen[:1]} {body!r}; "
            f"ASGI modules: {asgi or 'none'}; HTTP server modules: {servers or 'none'}"
        ),
        value=tuple(tags),
    )


_DECORATED_SOURCE = """
from pyramid.view import view_config

@view_config(route_name="deco", renderer="string")
def deco(request):
    return "from decorator"
"""


@probes.register("routing")
def routing() -> Observation:
    from pyramid.response import Response

    tags = []
    details = []

    # A route table: patterns declared with add_route, views bound with add_view.
    config = _config()
    config.add_route("hello", "/hello/{name}")
    config.add_view(lambda request: Response("hello " + request.matchdict["name"]), route_name="hello")
    r = _get(config.make_wsgi_app(), "/hello/ada")
    details.append(f"add_route+add_view GET /hello/ada -> {r.status_int} {r.body!r}")
    if r.body == b"hello ada":
        tags.append("route-table")

    # Decorators: @view_config found by config.scan().
    # view_config reads its source line, so the module lives in a real file.
    name = "_fwcompare_pyramid_decorated"
    with tempfile.TemporaryDirectory() as root:
        path = os.path.join(root, name + ".py")
        with open(path, "w") as f:
            f.write(_DECORATED_SOURCE)
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        try:
            spec.loader.exec_module(module)
            config = _config()
            config.add_route("deco", "/deco")
            config.scan(module)
            r = _get(config.make_wsgi_app(), "/deco")
        finally:
            del sys.modules[name]
    details.append(f"@view_config + config.scan GET /deco -> {r.status_int} {r.body!r}")
    if r.body == b"from decorator":
        tags.append("decorators")

    # Traversal: a resource tree and a view registered for a context type.
    # Plain dict subclasses: a subscripted base (dict[str, Any]) needs Python 3.9 at runtime.
    class Page(dict):  # type: ignore[type-arg]
        pass

    class Root(dict):  # type: ignore[type-arg]
        pass

    def root_factory(request: Any) -> Any:
        root = Root()
        root["about"] = Page()
        return root

    config = _config()
    config.set_root_factory(root_factory)
    config.add_view(lambda context, request: Response("page view"), context=Page)
    r = _get(config.make_wsgi_app(), "/about")
    details.append(f"traversal root factory GET /about -> {r.status_int} {r.body!r}")
    if r.body == b"page view":
        tags.append("traversal")
    return Observation(present=True, detail="; ".join(details), value=tuple(tags))


@probes.register("async_views")
def async_views() -> Observation:
    async def view(request: Any) -> Any:
        from pyramid.response import Response

        return Response("awaited")

    config = _config()
    config.add_route("home", "/")
    config.add_view(view, route_name="home")
    app = config.make_wsgi_app()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # the coroutine is never awaited
        try:
            r = _get(app, "/")
            outcome = f"{r.status_int} {r.body[:60]!r}"
            present = r.body == b"awaited"
        except ValueError as exc:  # Pyramid cannot turn a coroutine into a response
            outcome = f"ValueError: {str(exc)[:120]}"
            present = False
        gc.collect()
    return Observation(present=present, detail=f"'async def' view GET / -> {outcome}")


@probes.register("websockets")
def websockets() -> Observation:
    config = _config()
    methods = [n for n in dir(config) if "websocket" in n.lower()]
    mods = _submodules_named("websocket")
    return Observation(
        present=bool(methods or mods),
        detail=f"Configurator websocket methods: {methods or 'none'}; websocket modules: {mods or 'none'}",
    )


@probes.register("background_tasks")
def background_tasks() -> Observation:
    from pyramid.response import Response

    order: list[str] = []

    def view(request: Any) -> Any:
        request.add_finished_callback(lambda req: order.append("finished callback"))
        return Response("ok")

    config = _config()
    config.add_route("home", "/")
    config.add_view(view, route_name="home")
    _get(config.make_wsgi_app(), "/")
    order.append("response returned to the server")
    after = order.index("finished callback") > order.index("response returned to the server")
    task_api = _submodules_named("task", "background")
    return Observation(
        present=after or bool(task_api),
        detail=(
            f"request.add_finished_callback: order {order} (callbacks run inside the request); "
            f"task modules: {task_api or 'none'}"
        ),
    )


@probes.register("dependency_injection")
def dependency_injection() -> Observation:
    from pyramid.response import Response

    def view(request: Any, db: Any) -> Any:  # a declared dependency
        # Pyramid calls two-argument views as (context, request).
        return Response("db=" + (db if isinstance(db, str) else "<" + type(db).__name__ + ">"))

    config = _config()
    config.add_route("home", "/")
    config.add_request_method(lambda request: "sqlite", "db", reify=True)
    try:
        config.add_view(view, route_name="home")
        r = _get(config.make_wsgi_app(), "/")
        outcome = f"{r.status_int} {r.body[:60]!r}"
        present = r.body == b"db=sqlite"
    except Exception as exc:  # Pyramid's view mapper rejects or mis-calls the signature
        outcome = f"{type(exc).__name__}: {str(exc)[:120]}"
        present = False
    return Observation(
        present=present,
        detail=f"view(request, db) with request.db provided by add_request_method -> {outcome}",
    )


def _render_without_addons() -> list[str]:
    from pyramid.renderers import render

    config = _config()
    config.commit()
    config.begin()
    outcomes = []
    try:
        for ext in (".jinja2", ".pt", ".mako"):
            try:
                render("page" + ext, {"x": "<b>"})
                outcomes.append(f"{ext}: rendered")
            except ValueError as exc:
                outcomes.append(f"{ext}: {exc}")
    finally:
        config.end()
    return outcomes


@probes.register("templating")
def templating() -> Observation:
    outcomes = _render_without_addons()
    return Observation(
        present=any(o.endswith("rendered") for o in outcomes),
        detail="render() with a plain Configurator (no add-ons included): " + "; ".join(outcomes),
    )


@probes.register("template_autoescape")
def template_autoescape() -> Observation:
    outcomes = _render_without_addons()
    return Observation(
        present=any(o.endswith("rendered") for o in outcomes),
        detail="no template engine in Pyramid itself to escape with: " + "; ".join(outcomes),
    )


@probes.register("auth")
def auth() -> Observation:
    from pyramid.response import Response

    class Policy:
        def identity(self, request: Any) -> Any:
            return request.headers.get("X-User")

        def authenticated_userid(self, request: Any) -> Any:
            return self.identity(request)

        def permits(self, request: Any, context: Any, permission: str) -> Any:
            from pyramid.security import Allowed, Denied

            return Allowed("ok") if self.identity(request) == "ada" else Denied("no")

        def remember(self, request: Any, userid: Any, **kw: Any) -> list[Any]:
            return []

        def forget(self, request: Any, **kw: Any) -> list[Any]:
            return []

    config = _config()
    if not hasattr(config, "set_security_policy"):  # Pyramid 1.x
        from pyramid.authentication import RemoteUserAuthenticationPolicy
        from pyramid.authorization import ACLAuthorizationPolicy

        config.set_authentication_policy(RemoteUserAuthenticationPolicy(environ_key="HTTP_X_USER"))
        config.set_authorization_policy(ACLAuthorizationPolicy())
        config.set_root_factory(lambda request: type("R", (), {"__acl__": [("Allow", "ada", "edit")]})())
        how = "1.x authentication + ACL authorization policies"
    else:
        config.set_security_policy(Policy())
        how = "set_security_policy"
    config.add_route("edit", "/edit")
    config.add_view(lambda request: Response("edited"), route_name="edit", permission="edit")
    app = config.make_wsgi_app()
    anon = _get(app, "/edit")
    ada = _get(app, "/edit", headers={"X-User": "ada"})
    hashing = _submodules_named("password", "hash")
    return Observation(
        present=anon.status_int == 403 and ada.status_int == 200,
        detail=(
            f"{how}, view permission='edit': anonymous -> {anon.status_int}, "
            f"user ada -> {ada.status_int}; password/hash modules: {hashing or 'none'}"
        ),
    )


@probes.register("csrf")
def csrf() -> Observation:
    from pyramid.response import Response
    from pyramid.session import SignedCookieSessionFactory

    config = _config()
    config.set_session_factory(SignedCookieSessionFactory("s3cret"))
    config.set_default_csrf_options(require_csrf=True)
    config.add_route("form", "/form")
    config.add_view(lambda request: Response("accepted"), route_name="form", request_method="POST")
    r = _get(config.make_wsgi_app(), "/form", method="POST", POST={"a": "1"})
    return Observation(
        present=r.status_int == 400,
        detail=f"set_default_csrf_options(require_csrf=True), POST /form without token -> {r.status_int}",
    )


@probes.register("sessions")
def sessions() -> Observation:
    from pyramid.response import Response
    from pyramid.session import SignedCookieSessionFactory

    def write(request: Any) -> Any:
        request.session["name"] = "ada"
        return Response("stored")

    def read(request: Any) -> Any:
        return Response("name=" + str(request.session.get("name")))

    config = _config()
    config.set_session_factory(SignedCookieSessionFactory("s3cret"))
    config.add_route("write", "/write")
    config.add_route("read", "/read")
    config.add_view(write, route_name="write")
    config.add_view(read, route_name="read")
    app = config.make_wsgi_app()
    first = _get(app, "/write")
    cookie = first.headers.get("Set-Cookie", "").split(";", 1)[0]
    second = _get(app, "/read", headers={"Cookie": cookie})
    return Observation(
        present=second.body == b"name=ada",
        detail=f"SignedCookieSessionFactory: write sets {cookie[:30]!r}...; read back -> {second.body!r}",
    )


@probes.register("security_headers")
def security_headers() -> Observation:
    from pyramid.response import Response

    config = _config()
    config.add_route("home", "/")
    config.add_view(lambda request: Response("page"), route_name="home")
    r = _get(config.make_wsgi_app(), "/")
    seen = security_headers_among(r.headers.keys())
    return Observation(present=bool(seen), detail=f"default response security headers: {seen or 'none'}")


@probes.register("i18n")
def i18n() -> Observation:
    import gettext

    from pyramid.i18n import Localizer, TranslationString

    class Spanish(gettext.NullTranslations):
        def gettext(self, message: str) -> str:
            return {"Hello": "Hola"}.get(message, message)

        def ugettext(self, message: str) -> str:  # the name older Pyramid calls
            return self.gettext(message)

    localizer = Localizer("es", Spanish())
    translated = localizer.translate(TranslationString("Hello"))
    formatting = [n for n in dir(localizer) if n.startswith("format")]
    return Observation(
        present=translated == "Hola",
        detail=(
            f"Localizer('es', catalogue).translate(TranslationString('Hello')) -> {translated!r}; "
            f"locale formatting methods on Localizer: {formatting or 'none'}"
        ),
    )


@probes.register("static_files")
def static_files() -> Observation:
    with tempfile.TemporaryDirectory() as root:
        with open(os.path.join(root, "site.css"), "w") as f:
            f.write("body{}")
        config = _config()
        config.add_static_view("static", root)
        r = _get(config.make_wsgi_app(), "/static/site.css")
        body = r.body
    return Observation(
        present=r.status_int == 200 and body == b"body{}",
        detail=f"add_static_view('static', tmp) GET /static/site.css -> {r.status_int} {body!r}",
    )


@probes.register("test_client")
def test_client() -> Observation:
    import pyramid.testing

    clients = [n for n in dir(pyramid.testing) if n in ("TestApp", "TestClient", "Client")]
    helpers = [n for n in ("DummyRequest", "setUp", "testConfig") if hasattr(pyramid.testing, n)]
    return Observation(
        present=bool(clients),
        detail=f"pyramid.testing app clients: {clients or 'none'}; unit-test helpers: {helpers}",
    )


@probes.register("cli")
def cli() -> Observation:
    scripts = _console_scripts()
    return Observation(
        present="pserve" in scripts,
        detail=f"console_scripts of the pyramid distribution: {scripts or 'none'}",
    )


@probes.register("project_scaffold")
def project_scaffold() -> Observation:
    scripts = _console_scripts()
    scaffolds = importlib.util.find_spec("pyramid.scaffolds") is not None
    return Observation(
        present="pcreate" in scripts or scaffolds,
        detail=f"pcreate among console_scripts: {'pcreate' in scripts}; pyramid.scaffolds present: {scaffolds}",
    )


@probes.register("type_hints")
def type_hints() -> Observation:
    import pyramid

    marker = os.path.join(os.path.dirname(pyramid.__file__), "py.typed")
    return Observation(present=os.path.exists(marker), detail=f"{marker} exists: {os.path.exists(marker)}")


probes.not_probeable = {}


# The probes that are one call of _module_probe, by criterion.
probes.register_each(
    _module_probe,
    {
        "orm": ("ORM", ("pyramid.orm", "pyramid.models", "pyramid.db"), ("orm", "model", "sqlalchemy")),
        "migrations": ("migrations", ("pyramid.migrations",), ("migrat",)),
        "admin": ("admin", ("pyramid.admin",), ("admin",)),
        "forms": ("forms", ("pyramid.forms",), ("form",)),
        "caching": ("cache", ("pyramid.cache", "pyramid.caching"), ("cach",)),
        "sitemaps": ("sitemaps", ("pyramid.sitemaps", "pyramid.sitemap"), ("sitemap",)),
        "syndication": ("feeds", ("pyramid.feeds", "pyramid.syndication"), ("feed", "syndication", "atom", "rss")),
        "openapi": ("OpenAPI", ("pyramid.openapi", "pyramid.swagger"), ("openapi", "swagger")),
    },
)
