"""Probes for Masonite (distribution ``masonite``), a full-stack WSGI framework.

A Masonite application is a generated project (``project start`` downloads the
project template from GitHub), whose ``wsgi.py`` module the framework imports
by name (``from wsgi import application``) wherever it needs the app. The
probes write a minimal ``wsgi`` module of their own into a temporary
directory: an ``Application`` with Masonite's foundation ``Kernel``, an empty
configuration and the framework and route providers. That is enough to send
WSGI requests to routes (routing, views, dependency injection); features that
need a full project configuration (sessions, CSRF, static files, cache and
queue drivers, authentication) are checked on their own classes.

Masonite 4.20 pins old releases (pendulum 2, cleo 0.8, watchdog 4, pytest 7),
so it installs on Python 3.11 but not on 3.12 or later, and not beside Robyn.
"""

from __future__ import annotations

import importlib
import importlib.util
import io
import os
import pkgutil
import sys
import tempfile
from importlib import metadata
from typing import Any

from fwcompare_probes import Observation, ProbeSet, security_headers_among

probes = ProbeSet("masonite")
# Every criterion has a probe: absences are checked as missing modules and names.
probes.not_probeable = {}

_WSGI = """
import os
from masonite.configuration import Configuration
from masonite.foundation import Application, Kernel
from masonite.providers import FrameworkProvider, RouteProvider

application = Application(os.path.dirname(os.path.abspath(__file__)))
application.register_providers(Kernel)
application.bind("config", Configuration(application))
application.bind("controllers.location", "controllers")
application.add_providers(FrameworkProvider, RouteProvider)
"""


def _application() -> Any:
    """The probe's own ``wsgi.application`` (created once per process)."""
    if "wsgi" in sys.modules and getattr(sys.modules["wsgi"], "_fwcompare_probe", False):
        return sys.modules["wsgi"].application
    root = tempfile.mkdtemp(prefix="fwcompare-masonite-")
    with open(os.path.join(root, "wsgi.py"), "w", encoding="utf-8") as fh:
        fh.write(_WSGI)
    sys.path.insert(0, root)
    module = importlib.import_module("wsgi")
    module._fwcompare_probe = True  # type: ignore[attr-defined]
    return module.application


def _call(application: Any, path: str, method: str = "GET") -> tuple[str, list[tuple[str, str]], bytes]:
    """One WSGI request to *application*: (status, headers, body)."""
    seen: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        seen["status"], seen["headers"] = status, headers

    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "probe.local",
        "SERVER_PORT": "80",
        "HTTP_HOST": "probe.local",
        "REMOTE_ADDR": "127.0.0.1",
        "CONTENT_LENGTH": "0",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
    }
    body = b"".join(application(environ, start_response))
    return seen.get("status", ""), list(seen.get("headers", [])), body


def _routes(*routes: Any) -> Any:
    application = _application()
    application.make("router").add(list(routes))
    return application


def _names(*words: str) -> list[str]:
    """Module names of masonite containing one of *words* (case-insensitive)."""
    import masonite

    return sorted(
        m.name
        for m in pkgutil.walk_packages(masonite.__path__, "masonite.", onerror=lambda name: None)
        if ".stubs" not in m.name and any(w in m.name.rsplit(".", 1)[-1].lower() for w in words)
    )


def _absent(words: tuple[str, ...], what: str, ignore: tuple[str, ...] = ()) -> Observation:
    found = [n for n in _names(*words) if n not in ignore]
    return Observation(
        present=bool(found),
        detail=f"searched masonite's modules for {words}: {found or 'no such modules'} ({what})",
    )


def _has(module: str, *attributes: str) -> tuple[bool, str]:
    try:
        mod = importlib.import_module(module)
    except ImportError as exc:
        return False, f"import {module} -> {exc}"
    missing = [a for a in attributes if not hasattr(mod, a)]
    return not missing, f"{module}: {', '.join(attributes)} present: {not missing}"


class _Greeter:
    word = "injected"


def _controller() -> Any:
    """The probes' controller class. Masonite finds a controller by its module
    and top-level class name, so the class is published as the module global
    ``ProbeController`` (created on first use: masonite is imported lazily)."""
    existing = globals().get("ProbeController")
    if existing is not None:
        return existing
    from masonite.controllers import Controller

    class _ProbeController(Controller):
        def plain(self) -> str:
            return "ok"

        async def coroutine(self) -> str:
            return "async ok"

        def injected(self, greeter):  # type: ignore[no-untyped-def]
            return greeter.word

        def html(self) -> str:
            return "<p>hi</p>"

    # Masonite resolves parameters by their annotations at run time: a real
    # class, not the string that postponed annotations leave.
    _ProbeController.injected.__annotations__ = {"greeter": _Greeter}
    _ProbeController.__name__ = _ProbeController.__qualname__ = "ProbeController"
    for name in ("plain", "coroutine", "injected", "html"):
        getattr(_ProbeController, name).__qualname__ = f"ProbeController.{name}"
    globals()["ProbeController"] = _ProbeController
    return _ProbeController


def _get(path: str, method_name: str) -> tuple[str, list[tuple[str, str]], bytes]:
    from masonite.routes import Route

    _application()  # the wsgi module must exist before a route is built
    controller = _controller()
    application = _routes(Route.get(path, getattr(controller, method_name)))
    return _call(application, path)


@probes.register("interface")
def interface() -> Observation:
    import inspect

    from masonite.foundation.response_handler import response_handler

    status, _, body = _get("/interface", "plain")
    params = list(inspect.signature(response_handler).parameters)
    tags = ["WSGI"] if (status.startswith("200"), body) == (True, b"ok") else []
    return Observation(
        present=True,
        detail=f"response_handler{tuple(params)}: one WSGI GET through Application.__call__ -> {status} {body!r}; "
        "no ASGI entry point or server of its own (python craft serve runs a development WSGI server)",
        value=tuple(tags),
    )


@probes.register("routing")
def routing() -> Observation:
    import masonite.routes as routes_module

    status, _, body = _get("/routing", "plain")
    application = _application()
    decorators = [n for n in ("route", "get", "post") if callable(getattr(application, n, None))]
    tags = ["route-table"] if (status.startswith("200"), body) == (True, b"ok") else []
    return Observation(
        present=True,
        detail=f"router.add([Route.get('/routing', Controller.method)]) -> {status} {body!r}; "
        f"route decorators on the application: {decorators or 'none'}; "
        f"routes API: {sorted(n for n in dir(routes_module) if not n.startswith('_'))}",
        value=tuple(tags),
    )


@probes.register("async_views")
def async_views() -> Observation:
    try:
        status, _, body = _get("/async", "coroutine")
    except Exception as exc:
        status, body = f"{type(exc).__name__}: {exc}", b""
    return Observation(
        present=status.startswith("200") and body == b"async ok",
        detail=f"'async def' controller method -> {status} {body[:80]!r} (the coroutine it returns is never "
        "awaited; the probe's minimal app has no exception handler to render the failure)",
    )


@probes.register("websockets")
def websockets() -> Observation:
    found = _names("websocket")
    drivers = _names("pusher")
    return Observation(
        present=bool(found),
        detail=f"websocket modules in masonite: {found or 'none'}; broadcasting drivers (to a hosted service): "
        f"{drivers or _names('broadcast')}",
    )


@probes.register("background_tasks")
def background_tasks() -> Observation:
    from masonite.drivers.queue.AsyncDriver import AsyncDriver

    ok, detail = _has("masonite.drivers.queue.AsyncDriver", "AsyncDriver")
    return Observation(
        present=ok and hasattr(AsyncDriver, "push"),
        detail=f"{detail}; AsyncDriver.push (runs queued jobs in threads or processes, no broker): "
        f"{hasattr(AsyncDriver, 'push')}",
    )


@probes.register("dependency_injection")
def dependency_injection() -> Observation:
    _application().bind(_Greeter, _Greeter())
    status, _, body = _get("/injected", "injected")
    return Observation(
        present=status.startswith("200") and body == b"injected",
        detail=f"container.bind(Greeter, Greeter()); controller method (greeter: Greeter) -> {status} {body!r}",
    )


@probes.register("orm")
def orm() -> Observation:
    ok, detail = _has("masoniteorm.models", "Model")
    provider, pdetail = _has("masonite.providers", "ORMProvider")
    dist = metadata.version("masonite-orm") if ok else None
    return Observation(
        present=ok and provider,
        detail=f"{detail} (masonite-orm {dist}, a dependency of masonite); {pdetail}",
        value="Masonite ORM" if ok else None,
    )


@probes.register("migrations")
def migrations() -> Observation:
    ok, detail = _has("masoniteorm.migrations", "Migration")
    schema, sdetail = _has("masoniteorm.schema", "Schema")
    return Observation(present=ok and schema, detail=f"{detail}; {sdetail}")


@probes.register("admin")
def admin() -> Observation:
    return _absent(("admin", "dashboard"), "no admin interface")


@probes.register("forms")
def forms() -> Observation:
    from masonite.validation import Validator, required

    errors = Validator().validate({"name": ""}, required(["name"]))
    rendering = _names("form", "widget")
    return Observation(
        present=errors.has("name"),
        detail=f"Validator().validate({{'name': ''}}, required(['name'])) -> {errors.all()}; form rendering "
        f"modules: {rendering or 'none'} (partial: validation only)",
    )


def _view(template: str, **context: Any) -> tuple[str, Any]:
    from masonite.views import View

    application = _application()
    root = tempfile.mkdtemp(prefix="fwcompare-masonite-views-")
    for name in ("page.html", "page.txt"):
        with open(os.path.join(root, name), "w", encoding="utf-8") as fh:
            fh.write(template)
    from jinja2 import FileSystemLoader

    view = View(application)
    view.add_location(root, loader=FileSystemLoader)
    rendered = view.render("page", context).get_content()
    return rendered, view


@probes.register("templating")
def templating() -> Observation:
    rendered, view = _view("<p>{{ word }}</p>", word="hello")
    return Observation(
        present=rendered == "<p>hello</p>",
        detail=f"View.render(template, {{'word': 'hello'}}) -> {rendered!r}; environment from "
        f"{type(view.env).__module__}",
        value="Jinja2" if type(view.env).__module__.startswith("jinja2") else type(view.env).__module__,
    )


@probes.register("template_autoescape")
def template_autoescape() -> Observation:
    rendered, view = _view("<p>{{ word }}</p>", word="<b>x</b>")
    txt = view.env.autoescape("page.txt") if callable(view.env.autoescape) else view.env.autoescape
    return Observation(
        present="&lt;b&gt;" in rendered,
        detail=f"View.render of a .html template with '<b>x</b>' -> {rendered!r}; autoescape for a .txt name: {txt}",
    )


@probes.register("auth")
def auth() -> Observation:
    ok, detail = _has("masonite.authentication", "Auth", "Authenticates")
    hashing, hdetail = _has("masonite.hashing", "Hash")
    command, cdetail = _has("masonite.commands", "AuthCommand")
    return Observation(
        present=ok and hashing and command,
        detail=f"{detail}; {hdetail}; {cdetail} (craft auth scaffolds login, register and password reset)",
    )


@probes.register("csrf")
def csrf() -> Observation:
    ok, detail = _has("masonite.middleware", "VerifyCsrfToken")
    from masonite.middleware import VerifyCsrfToken

    checks = hasattr(VerifyCsrfToken, "verify_token")
    return Observation(present=ok and checks, detail=f"{detail}; VerifyCsrfToken.verify_token: {checks}")


@probes.register("sessions")
def sessions() -> Observation:
    ok, detail = _has("masonite.middleware", "SessionMiddleware")
    drivers, ddetail = _has("masonite.drivers.session", "CookieDriver", "RedisDriver")
    return Observation(present=ok and drivers, detail=f"{detail}; {ddetail}")


@probes.register("security_headers")
def security_headers() -> Observation:
    status, headers, _ = _get("/headers", "html")
    names = [name for name, _ in headers]
    found = security_headers_among(names)
    modules = _names("secure", "securityheader")
    return Observation(
        present=bool(found) or bool(modules),
        detail=f"headers of an HTML response ({status}): {names}; security headers: {found or 'none'}; "
        f"security-header modules: {modules or 'none'}",
    )


@probes.register("i18n")
def i18n() -> Observation:
    return _absent(("gettext", "translat", "i18n", "babel", "locale", "lang"), "no translation support")


@probes.register("caching")
def caching() -> Observation:
    ok, detail = _has("masonite.cache", "Cache")
    drivers = _names("filedriver", "redisdriver", "memcachedriver")
    return Observation(present=ok and bool(drivers), detail=f"{detail}; cache drivers: {drivers}")


@probes.register("sitemaps")
def sitemaps() -> Observation:
    return _absent(("sitemap",), "no sitemap support")


@probes.register("syndication")
def syndication() -> Observation:
    return _absent(("rss", "atom", "syndicat", "feed"), "no feed support")


@probes.register("static_files")
def static_files() -> Observation:
    ok, detail = _has("masonite.providers", "WhitenoiseProvider")
    whitenoise = importlib.util.find_spec("whitenoise") is not None
    return Observation(
        present=ok and whitenoise,
        detail=f"{detail}; whitenoise installed with masonite: {whitenoise} (serves the STATICFILES directories)",
    )


@probes.register("openapi")
def openapi() -> Observation:
    return _absent(("openapi", "swagger"), "no OpenAPI generation")


@probes.register("test_client")
def test_client() -> Observation:
    ok, detail = _has("masonite.tests", "TestCase")
    from masonite.tests import TestCase

    methods = [m for m in ("get", "post", "withCookies") if hasattr(TestCase, m)]
    return Observation(
        present=ok and "get" in methods,
        detail=f"{detail}; TestCase request methods: {methods} (they call the project's wsgi application in-process)",
    )


def _project(*args: str) -> tuple[int, str]:
    import subprocess

    proc = subprocess.run(
        [sys.executable, "-c", "from masonite.commands.Entry import application; application.run()", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )
    return proc.returncode, proc.stdout + proc.stderr


@probes.register("cli")
def cli() -> Observation:
    scripts = sorted(ep.name for ep in metadata.distribution("masonite").entry_points if ep.group == "console_scripts")
    kernel = importlib.import_module("masonite.foundation.Kernel")
    registered = [
        c for c in ("ServeCommand", "TinkerCommand", "MakeControllerCommand", "QueueWorkCommand") if hasattr(kernel, c)
    ]
    return Observation(
        present=bool(registered),
        detail=f"console scripts: {scripts}; commands the foundation Kernel registers for a project's craft: "
        f"{registered or 'none'}",
    )


@probes.register("project_scaffold")
def project_scaffold() -> Observation:
    import re

    code, text = _project()
    start = re.search(r"^\s+start\s", text, re.M) is not None
    return Observation(
        present=code == 0 and start,
        detail=f"project (no arguments) -> exit {code}, lists a 'start' command: {start} (it downloads the project "
        "template from GitHub, so it is not run here)",
    )


@probes.register("type_hints")
def type_hints() -> Observation:
    files = metadata.distribution("masonite").files or []
    typed = [str(f) for f in files if f.name == "py.typed"]
    return Observation(
        present=bool(typed),
        detail=f"py.typed in the installed distribution's RECORD: {typed or 'none'}",
    )
