"""Probes for TurboGears (distribution ``TurboGears2``, package ``tg``), a WSGI framework.

Apps are built with the full-stack configurator and called in-process as WSGI
callables (no test client: TurboGears has none of its own). Optional
dependencies the probes need: ``beaker`` (sessions, caching), ``jinja2`` and
``kajiki`` (templates).
"""

from __future__ import annotations

import functools
from typing import Any

from fwcompare_probes import Observation, ProbeSet, requires, security_headers_among
from fwcompare_probes._search import modules_with_word, names_containing, py_typed_in_record, walked_modules
from fwcompare_probes._wsgi import wsgi_get

probes = ProbeSet("turbogears")
# Every criterion has a probe: absences are checked as missing modules or names.
probes.not_probeable = {}


def _make(root: Any, **options: Any) -> Any:
    """A WSGI app of the full-stack configurator around *root*, without the transaction manager."""
    import logging

    from tg import FullStackApplicationConfigurator

    # The configurator logs missing optional packages (backlash, transaction): not our concern.
    logging.getLogger("tg").setLevel(logging.CRITICAL)
    config = FullStackApplicationConfigurator()
    blueprint = {"root_controller": root, "tm.enabled": False, "trace_errors.enable": False}
    blueprint.update(options)
    config.update_blueprint(blueprint)
    return config.make_wsgi_app()


def _module_names() -> list[str]:
    return walked_modules("tg")


def _absent(words: tuple[str, ...], what: str) -> Observation:
    import tg

    found = modules_with_word(_module_names(), *words)
    found += names_containing(tg, *words)
    return Observation(
        present=bool(found),
        detail=f"tg modules and top-level names containing {words}: {found or 'none'} ({what})",
    )


@probes.register("interface")
def interface() -> Observation:
    from tg import TGController, expose

    class Root(TGController):
        @expose()
        def index(self) -> str:
            return "wsgi ok"

    status, _, body = wsgi_get(_make(Root()), "/")
    return Observation(
        present=True,
        detail=f"make_wsgi_app() called as WSGI (environ, start_response): {status} {body!r}",
        value=("WSGI",) if status.startswith("200") and body == b"wsgi ok" else (),
    )


@probes.register("routing")
def routing() -> Observation:
    from tg import TGController, expose

    class Pages(TGController):
        @expose()
        def show(self, name: str = "") -> str:
            return "show " + name

    class Root(TGController):
        pages = Pages()

    status, _, body = wsgi_get(_make(Root()), "/pages/show/x")
    tables = [n for n in ("add_route", "add_url_rule", "connect", "url_map") if hasattr(Root, n)]
    ok = status.startswith("200") and body == b"show x"
    return Observation(
        present=True,
        detail=f"/pages/show/x walked Root.pages.show(name) -> {status} {body!r}; route table APIs: {tables or 'none'}",
        value=("traversal",) if ok else (),
    )


@probes.register("async_views")
def async_views() -> Observation:
    import gc
    import warnings

    from tg import TGController, expose

    class Root(TGController):
        @expose()
        async def index(self) -> str:
            return "async ok"

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            status, _, body = wsgi_get(_make(Root()), "/")
            outcome = f"{status} {body[:60]!r}"
            ok = status.startswith("200") and body == b"async ok"
        except TypeError as exc:
            outcome, ok = f"TypeError: {exc}", False
        gc.collect()
    return Observation(present=ok, detail=f"GET of an 'async def' controller method: {outcome}")


@probes.register("orm")
def orm() -> Observation:
    import importlib

    found = []
    for name in ("tg.configurator.components.sqlalchemy", "tg.configurator.components.ming"):
        try:
            mod = importlib.import_module(name)
        except ImportError:
            continue
        found += [n for n in dir(mod) if n.endswith("ConfigurationComponent") and n != "ConfigurationComponent"]
    return Observation(
        present=bool(found),
        detail=f"database integration components in tg: {sorted(set(found)) or 'none'}",
    )


@probes.register("forms")
def forms() -> Observation:
    # "form" alone would match format helpers (use_custom_format): look for widget libraries.
    return _absent(("widget", "tw2", "tosca", "forms"), "forms come from ToscaWidgets2 through tgext.tw2")


def _templates(root_dir: str) -> Any:
    from tg import TGController, expose

    class Root(TGController):
        @expose("jinja:t.jinja")
        def jinja(self) -> dict[str, str]:
            return {"x": "<b>"}

        @expose("kajiki:t.xhtml")
        def kajiki(self) -> dict[str, str]:
            return {"x": "<b>"}

    return _make(
        Root(),
        renderers=["jinja", "kajiki"],
        default_renderer="kajiki",
        paths={"templates": [root_dir]},
    )


def _render_here() -> tuple[str, bytes, str, bytes]:
    import os
    import tempfile

    with tempfile.TemporaryDirectory() as root:
        with open(os.path.join(root, "t.jinja"), "w") as fh:
            fh.write("<p>{{ x }}</p>")
        with open(os.path.join(root, "t.xhtml"), "w") as fh:
            fh.write("<p>${x}</p>")
        app = _templates(root)
        s1, _, b1 = wsgi_get(app, "/jinja")
        s2, _, b2 = wsgi_get(app, "/kajiki")
    return s1, b1, s2, b2


_RENDERED: list[tuple[str, bytes, str, bytes]] = []


def _render_both() -> tuple[str, bytes, str, bytes]:
    """Render the two templates in a fresh interpreter, once.

    TurboGears resolves @expose templates at configuration milestones kept in
    process-wide state: in a process that already built another app, the
    template actions answer 404. A subprocess starts clean.
    """
    if not _RENDERED:
        import json
        import os
        import subprocess
        import sys

        here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        code = (
            "import json; from fwcompare_probes.turbogears import _render_here as r; "
            "s1, b1, s2, b2 = r(); print(json.dumps([s1, b1.decode(), s2, b2.decode()]))"
        )
        env = dict(os.environ, PYTHONPATH=here + os.pathsep + os.environ.get("PYTHONPATH", ""))
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
        lines = proc.stdout.strip().splitlines()
        if proc.returncode != 0 or not lines:
            raise RuntimeError(f"template subprocess failed: {proc.stderr[-500:]}")
        s1, b1, s2, b2 = json.loads(lines[-1])
        _RENDERED.append((s1, b1.encode(), s2, b2.encode()))
    return _RENDERED[0]


def _requires_template_engines() -> None:
    # Without the engine's library, TurboGears answers 404 for the template: not the framework's doing.
    requires("Jinja2", "jinja2")
    requires("Kajiki", "kajiki")


@probes.register("templating")
def templating() -> Observation:
    import tg.renderers as renderers

    _requires_template_engines()
    s1, b1, s2, b2 = _render_both()
    engines = sorted(m for m in dir(renderers) if not m.startswith("_"))
    return Observation(
        present=s1.startswith("200") and s2.startswith("200") and b"<p>" in b1 and b"<p>" in b2,
        detail=f"@expose('jinja:t.jinja') -> {s1} {b1!r}; @expose('kajiki:t.xhtml') -> {s2} {b2!r}; "
        f"tg.renderers: {engines}",
    )


@probes.register("template_autoescape")
def template_autoescape() -> Observation:
    _requires_template_engines()
    _, b1, _, b2 = _render_both()
    ok = b"&lt;b&gt;" in b1 and b"&lt;b&gt;" in b2
    return Observation(
        present=ok,
        detail=f"x='<b>': Jinja2 t.jinja -> {b1!r}; Kajiki t.xhtml -> {b2!r}",
    )


@probes.register("auth")
def auth() -> Observation:
    import importlib

    try:
        component = importlib.import_module("tg.configurator.components.auth")
    except ImportError:
        component = None
    import tg.predicates as predicates

    names = [n for n in ("not_anonymous", "has_permission", "in_group") if hasattr(predicates, n)]
    stores = [n for n in _module_names() if any(w in n for w in ("user", "password", "account"))]
    has_component = component is not None and hasattr(component, "SimpleAuthenticationConfigurationComponent")
    return Observation(
        present=has_component and bool(names),
        detail=f"repoze.who-based SimpleAuthenticationConfigurationComponent: {has_component}; predicates: {names}; "
        f"user model/password modules in tg: {stores or 'none'} (partial: models come from the quickstart)",
    )


@probes.register("sessions")
def sessions() -> Observation:
    requires("Beaker", "beaker")
    import tg
    from tg import TGController, expose

    class Root(TGController):
        @expose()
        def put(self) -> str:
            tg.session["k"] = "v"
            tg.session.save()
            return "set"

        @expose()
        def read(self) -> str:
            return str(tg.session.get("k"))

    app = _make(
        Root(),
        **{"session.enabled": True, "session.type": "cookie", "session.validate_key": "probe-secret"},
    )
    _, headers, _ = wsgi_get(app, "/put")
    cookie = next((v for k, v in headers if k.lower() == "set-cookie"), "")
    pair = cookie.strip().split(";", 1)[0]
    _, _, body = wsgi_get(app, "/read", headers={"Cookie": pair})
    return Observation(
        present=body == b"v",
        detail=f"tg.session['k'] = 'v' (Beaker cookie session), read back with the cookie -> {body!r}",
    )


@probes.register("security_headers")
def security_headers() -> Observation:
    from tg import TGController, expose

    class Root(TGController):
        @expose()
        def index(self) -> str:
            return "<p>hi</p>"

    _, headers, _ = wsgi_get(_make(Root()), "/")
    got = security_headers_among(k for k, _ in headers)
    return Observation(
        present=bool(got), detail=f"response headers: {[k for k, _ in headers]}; security headers: {got or 'none'}"
    )


@probes.register("i18n")
def i18n() -> Observation:
    import tg.i18n as i18n

    names = [n for n in ("ugettext", "lazy_ugettext", "set_request_lang", "get_lang") if hasattr(i18n, n)]
    from tg import TGController, expose

    class Root(TGController):
        @expose()
        def index(self) -> str:
            return str(i18n.ugettext("Hello"))

    status, _, body = wsgi_get(_make(Root(), **{"i18n.enabled": True}), "/", headers={"Accept-Language": "fr"})
    return Observation(
        present=len(names) >= 3 and status.startswith("200"),
        detail=f"tg.i18n names: {names}; ugettext('Hello') in a request (no catalogue) -> {status} {body!r}",
    )


@probes.register("caching")
def caching() -> Observation:
    requires("Beaker", "beaker")
    import itertools

    from tg import TGController, cached, expose

    counter = itertools.count()

    class Root(TGController):
        @cached()
        @expose()
        def index(self) -> str:
            return f"n={next(counter)}"

    app = _make(Root(), **{"cache.enabled": True})
    _, _, first = wsgi_get(app, "/")
    _, _, second = wsgi_get(app, "/")
    return Observation(
        present=first == second == b"n=0",
        detail=f"@cached controller called twice -> {first!r}, {second!r} (Beaker cache)",
    )


@probes.register("static_files")
def static_files() -> Observation:
    import os
    import tempfile

    from tg import TGController

    class Root(TGController):
        pass

    with tempfile.TemporaryDirectory() as root:
        with open(os.path.join(root, "a.css"), "w") as fh:
            fh.write("body{}")
        app = _make(Root(), serve_static=True, paths={"static_files": root})
        status, headers, body = wsgi_get(app, "/a.css")
    ctype = next((v for k, v in headers if k.lower() == "content-type"), "")
    return Observation(
        present=status.startswith("200") and body == b"body{}",
        detail=f"serve_static with paths.static_files=tmp: /a.css -> {status} {ctype} {body!r}",
    )


def _scripts() -> list[str]:
    import importlib.metadata

    eps = importlib.metadata.distribution("TurboGears2").entry_points
    return sorted(ep.name for ep in eps if ep.group == "console_scripts")


@probes.register("cli")
def cli() -> Observation:
    import importlib.util

    scripts = _scripts()
    has_main = importlib.util.find_spec("tg.__main__") is not None
    return Observation(
        present=bool(scripts) or has_main,
        detail=f"console scripts of TurboGears2: {scripts or 'none'}; tg.__main__: {has_main} (gearbox is separate)",
    )


@probes.register("project_scaffold")
def project_scaffold() -> Observation:
    scripts = _scripts()
    quickstart = [n for n in _module_names() if "quickstart" in n or "scaffold" in n]
    return Observation(
        present=bool(scripts) or bool(quickstart),
        detail=f"console scripts: {scripts or 'none'}; quickstart/scaffold modules in tg: {quickstart or 'none'}",
    )


probes.register("type_hints")(functools.partial(py_typed_in_record, "TurboGears2"))


# The probes that are one call of _absent, by criterion.
probes.register_each(
    _absent,
    {
        "websockets": (("websocket",), "no WebSocket support"),
        "background_tasks": (("background", "task", "defer"), "no after-response API"),
        "dependency_injection": (("inject", "depend", "provide"), "request-local objects instead"),
        "migrations": (("migrat", "alembic"), "migrations come from tg.devtools"),
        "admin": (("admin",), "admin comes from tgext.admin"),
        "csrf": (("csrf", "xsrf"), "no CSRF protection"),
        "sitemaps": (("sitemap",), "no sitemaps"),
        "syndication": (("feed", "rss", "atom", "syndicat"), "no feeds"),
        "openapi": (("openapi", "swagger", "apispec"), "OpenAPI comes from tgext.apispec"),
        "test_client": (("testclient", "test_client", "testapp"), "tests use WebTest"),
    },
)
