"""Probes for Microdot (distribution ``microdot``), a small asyncio framework.

Since 2.0 Microdot is a ``microdot`` package with optional modules
(``microdot.session``, ``microdot.websocket``...); 1.x shipped the same
extensions as top-level modules (``microdot_session``...). The behaviour
probes drive the 2.x API; on a 1.x release they report whether the 1.x module
exists. Optional dependencies the probes need: ``jinja2`` (templates) and
``pyjwt`` (sessions, login).
"""

from __future__ import annotations

import asyncio
import importlib
from typing import Any

from fwcompare_probes import Observation, ProbeSet, security_headers_among
from fwcompare_probes._asgi import asgi_get
from fwcompare_probes._search import names_containing

probes = ProbeSet("microdot")
# Every criterion has a probe: absences are checked as missing modules or names.
probes.not_probeable = {}


def _module(name: str) -> Any | None:
    """Import ``microdot.NAME`` (2.x) or ``microdot_NAME`` (1.x); None when neither exists."""
    for candidate in ("microdot." + name, "microdot_" + name):
        try:
            return importlib.import_module(candidate)
        except ImportError as exc:
            # A missing third-party dependency (jwt, jinja2) is an environment problem.
            missing = getattr(exc, "name", None) or ""
            if missing and not missing.startswith("microdot"):
                raise
    return None


def _v2() -> bool:
    """Whether this is the 2.x package layout (``microdot.microdot`` exists)."""
    try:
        importlib.import_module("microdot.microdot")
    except ImportError:
        return False
    return True


def _module_names() -> list[str]:
    """Names of the microdot modules installed (package modules or 1.x top-level files)."""
    import pkgutil

    import microdot

    names: set[str] = set()
    if hasattr(microdot, "__path__"):
        names.update("microdot." + m.name for m in pkgutil.iter_modules(microdot.__path__))
    names.update(m.name for m in pkgutil.iter_modules() if m.name.startswith("microdot_"))
    return sorted(names)


def _absent(words: tuple[str, ...], what: str) -> Observation:
    import microdot

    found = [n for n in _module_names() if any(w in n.rsplit(".", 1)[-1] for w in words)]
    found += names_containing(microdot, *words)
    return Observation(
        present=bool(found),
        detail=f"microdot modules and names containing {words}: {found or 'none'} ({what})",
    )


def _client_get(app: Any, path: str, headers: dict[str, str] | None = None) -> Any:
    from microdot.test_client import TestClient

    return asyncio.run(TestClient(app).get(path, headers=headers))


@probes.register("interface")
def interface() -> Observation:
    tags = []
    notes = []
    if _v2():
        import io
        from wsgiref.util import setup_testing_defaults

        from microdot import Microdot
        from microdot.asgi import Microdot as AsgiMicrodot
        from microdot.wsgi import Microdot as WsgiMicrodot

        wsgi = WsgiMicrodot()
        wsgi.route("/")(lambda request: "wsgi ok")
        environ: dict[str, Any] = {}
        setup_testing_defaults(environ)
        environ["wsgi.input"] = io.BytesIO(b"")
        environ["REMOTE_ADDR"] = "127.0.0.1"
        seen: dict[str, Any] = {}

        def start_response(status: str, headers: Any, exc_info: Any = None) -> None:
            seen["status"] = status

        body = b"".join(wsgi(environ, start_response))
        notes.append(f"microdot.wsgi.Microdot(environ, start_response) -> {seen.get('status')} {body!r}")
        if seen.get("status", "").startswith("200") and body == b"wsgi ok":
            tags.append("WSGI")

        asgi = AsgiMicrodot()
        asgi.route("/")(lambda request: "asgi ok")
        sent = asyncio.run(asgi_get(asgi, "/"))
        status = next((m.get("status") for m in sent if m["type"] == "http.response.start"), None)
        payload = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
        notes.append(f"microdot.asgi.Microdot over ASGI -> {status} {payload!r}")
        if status == 200 and payload == b"asgi ok":
            tags.append("ASGI")
        own = callable(getattr(Microdot, "run", None)) and callable(getattr(Microdot, "start_server", None))
        notes.append(f"Microdot.run/start_server (own asyncio server): {own}")
        if own:
            tags.append("own-server")
    else:
        notes.append("1.x layout: " + ", ".join(_module_names()))
    return Observation(present=True, detail="; ".join(notes), value=tuple(tags))


@probes.register("routing")
def routing() -> Observation:
    from microdot import Microdot

    app = Microdot()

    @app.route("/deco/<name>")
    async def deco(request: Any, name: str) -> str:
        return "deco " + name

    table = [n for n in ("add_url_rule", "add_route", "url_rule") if hasattr(app, n)]
    tags = []
    if _v2():
        res = _client_get(app, "/deco/x")
        if res.status_code == 200 and res.text == "deco x":
            tags.append("decorators")
        detail = f"@app.route('/deco/<name>') -> {res.status_code} {res.text!r}"
    else:
        detail = "1.x: not driven"
    return Observation(
        present=True,
        detail=f"{detail}; non-decorator route registration methods: {table or 'none'}",
        value=tuple(tags),
    )


@probes.register("async_views")
def async_views() -> Observation:
    if not _v2():
        return Observation(present=False, detail="1.x layout: async handlers need microdot_asyncio")
    from microdot import Microdot

    app = Microdot()

    @app.route("/")
    async def index(request: Any) -> str:
        await asyncio.sleep(0)
        return "async ok"

    res = _client_get(app, "/")
    return Observation(
        present=res.status_code == 200 and res.text == "async ok",
        detail=f"GET of an 'async def' handler through TestClient: {res.status_code} {res.text!r}",
    )


@probes.register("websockets")
def websockets() -> Observation:
    mod = _module("websocket")
    if mod is None:
        return Observation(present=False, detail="no microdot.websocket / microdot_websocket module")
    if not _v2():
        return Observation(present=True, detail=f"{mod.__name__} module exists (1.x, not driven)")
    from microdot import Microdot
    from microdot.test_client import TestClient

    app = Microdot()

    @app.route("/ws")
    @mod.with_websocket
    async def echo(request: Any, ws: Any) -> None:
        data = await ws.receive()
        await ws.send("echo " + data)

    got: list[Any] = []

    async def client() -> Any:
        # The test client's protocol: an async generator yields what the
        # client sends and is sent back what the server answered.
        answer = yield "hi"
        got.append(answer)

    async def run() -> None:
        await TestClient(app).websocket("/ws", client)

    asyncio.run(run())
    return Observation(
        present="echo hi" in got,
        detail=f"@with_websocket echo route via TestClient.websocket: client received {got}",
    )


def _jinja_render(mod: Any, root: str, filename: str, **context: Any) -> str:
    """Render *filename* from *root* with the Jinja adapter: Template (2.x) or render_template (1.x)."""
    if hasattr(mod, "Template"):
        mod.Template.initialize(root)
        return str(mod.Template(filename).render(**context))
    mod.init_templates(root)
    return str(mod.render_template(filename, **context))


@probes.register("templating")
def templating() -> Observation:
    import os
    import tempfile

    mod = _module("jinja")
    if mod is None:
        return Observation(present=False, detail="no microdot.jinja / microdot_jinja module")
    with tempfile.TemporaryDirectory() as root:
        with open(os.path.join(root, "t.txt"), "w") as fh:
            fh.write("Hello {{ name }}!")
        out = _jinja_render(mod, root, "t.txt", name="World")
    others = [n for n in _module_names() if n.rsplit(".", 1)[-1].replace("microdot_", "") == "utemplate"]
    return Observation(
        present=out == "Hello World!",
        detail=f"{mod.__name__} renders t.txt with name='World' -> {out!r}; uTemplate adapter: {others}",
    )


@probes.register("template_autoescape")
def template_autoescape() -> Observation:
    import os
    import tempfile

    mod = _module("jinja")
    if mod is None:
        return Observation(present=False, detail="no Jinja adapter")
    with tempfile.TemporaryDirectory() as root:
        for name in ("t.html", "t.txt"):
            with open(os.path.join(root, name), "w") as fh:
                fh.write("{{ x }}")
        html = _jinja_render(mod, root, "t.html", x="<b>")
        txt = _jinja_render(mod, root, "t.txt", x="<b>")
    return Observation(
        present=html == "&lt;b&gt;",
        detail=f"Jinja adapter, x='<b>': t.html -> {html!r}, t.txt -> {txt!r}",
    )


@probes.register("auth")
def auth() -> Observation:
    login = _module("login")
    basic = _module("auth")
    if login is None:
        return Observation(present=False, detail=f"no microdot.login module; auth module: {basic is not None}")
    from microdot import Microdot
    from microdot.session import Session

    class User:
        id = 42

    app = Microdot()
    Session(app, secret_key="top-secret")
    manager = login.Login()

    @manager.user_loader
    async def load(user_id: Any) -> Any:
        return User() if int(user_id) == 42 else None

    @app.route("/login")
    async def do_login(request: Any) -> Any:
        return await manager.login_user(request, User())

    @app.route("/secret")
    @manager
    async def secret(request: Any) -> str:
        return f"user {request.g.current_user.id}"

    async def run() -> tuple[Any, Any, Any]:
        from microdot.test_client import TestClient

        client = TestClient(app)
        before = await client.get("/secret")
        await client.get("/login")
        after = await client.get("/secret")
        return before, after, client

    before, after, _ = asyncio.run(run())
    stores = [n for n in dir(login) if any(w in n.lower() for w in ("password", "hash", "usermodel"))]
    return Observation(
        present=before.status_code == 302 and after.text == "user 42",
        detail=f"@login route: before login_user -> {before.status_code}, after -> {after.status_code} "
        f"{after.text!r}; password/user store names in microdot.login: {stores or 'none'} "
        f"(auth module: {basic is not None}; partial: no user store or hashing)",
    )


@probes.register("csrf")
def csrf() -> Observation:
    mod = _module("csrf")
    if mod is None:
        return Observation(present=False, detail="no microdot.csrf module")
    from microdot import Microdot

    app = Microdot()
    mod.CSRF(app)

    @app.post("/submit")
    async def submit(request: Any) -> str:
        return "accepted"

    async def run() -> tuple[Any, Any]:
        from microdot.test_client import TestClient

        client = TestClient(app)
        cross = await client.post("/submit", headers={"Sec-Fetch-Site": "cross-site"}, body="x")
        same = await client.post("/submit", headers={"Sec-Fetch-Site": "same-origin"}, body="x")
        return cross, same

    cross, same = asyncio.run(run())
    return Observation(
        present=cross.status_code == 403 and same.status_code == 200,
        detail=f"POST with Sec-Fetch-Site cross-site -> {cross.status_code}, same-origin -> {same.status_code}",
    )


@probes.register("sessions")
def sessions() -> Observation:
    mod = _module("session")
    if mod is None:
        return Observation(present=False, detail="no microdot.session / microdot_session module")
    if not _v2():
        return Observation(present=True, detail=f"{mod.__name__} module exists (1.x, not driven)")
    from microdot import Microdot

    app = Microdot()
    mod.Session(app, secret_key="top-secret")

    @app.route("/set")
    @mod.with_session
    async def set_(request: Any, session: Any) -> str:
        session["k"] = "v"
        session.save()
        return "set"

    @app.route("/get")
    @mod.with_session
    async def get_(request: Any, session: Any) -> str:
        return str(session.get("k"))

    async def run() -> tuple[Any, Any]:
        from microdot.test_client import TestClient

        client = TestClient(app)
        first = await client.get("/set")
        second = await client.get("/get")
        return first, second

    _, second = asyncio.run(run())
    return Observation(
        present=second.text == "v",
        detail=f"session['k'] = 'v' then read on the next request (test client keeps cookies) -> {second.text!r}",
    )


@probes.register("security_headers")
def security_headers() -> Observation:
    from microdot import Microdot

    app = Microdot()

    @app.route("/")
    async def index(request: Any) -> Any:
        return "<p>hi</p>", 200, {"Content-Type": "text/html"}

    res = _client_get(app, "/")
    names = list(res.headers.keys()) if hasattr(res.headers, "keys") else list(res.headers)
    got = security_headers_among(names)
    return Observation(present=bool(got), detail=f"response headers: {names}; security headers: {got or 'none'}")


@probes.register("static_files")
def static_files() -> Observation:
    import os
    import tempfile

    from microdot import Microdot, send_file

    app = Microdot()
    with tempfile.TemporaryDirectory() as root:
        with open(os.path.join(root, "a.css"), "w") as fh:
            fh.write("body{}")

        @app.route("/a.css")
        async def css(request: Any) -> Any:
            return send_file(os.path.join(root, "a.css"))

        res = _client_get(app, "/a.css")
        unrouted = _client_get(app, "/static/a.css")
    auto = [n for n in dir(app) if "static" in n.lower() and not n.startswith("_")]
    return Observation(
        present=res.status_code == 200 and res.text == "body{}",
        detail=f"send_file() from an app route -> {res.status_code} {res.headers.get('Content-Type')} {res.text!r}; "
        f"/static/a.css without a route -> {unrouted.status_code}; static helpers on the app: {auto or 'none'} "
        "(partial: no static route)",
    )


@probes.register("test_client")
def test_client() -> Observation:
    mod = _module("test_client")
    if mod is None:
        return Observation(present=False, detail="no microdot.test_client / microdot_test_client module")
    if not _v2():
        return Observation(present=True, detail=f"{mod.__name__} module exists (1.x, not driven)")
    from microdot import Microdot

    app = Microdot()
    app.route("/")(lambda request: "hello")
    res = _client_get(app, "/")
    return Observation(
        present=res.status_code == 200 and res.text == "hello",
        detail=f"await TestClient(app).get('/') -> {res.status_code} {res.text!r}",
    )


def _scripts() -> tuple[list[str], bool]:
    import importlib.metadata
    import importlib.util

    eps = importlib.metadata.distribution("microdot").entry_points
    scripts = sorted(ep.name for ep in eps if ep.group == "console_scripts")
    try:
        has_main = importlib.util.find_spec("microdot.__main__") is not None
    except ImportError:
        has_main = False
    return scripts, has_main


@probes.register("cli")
def cli() -> Observation:
    scripts, has_main = _scripts()
    return Observation(
        present=bool(scripts) or has_main,
        detail=f"console scripts of the distribution: {scripts or 'none'}; microdot.__main__: {has_main}",
    )


@probes.register("project_scaffold")
def project_scaffold() -> Observation:
    scripts, has_main = _scripts()
    return Observation(
        present=bool(scripts) or has_main,
        detail=f"no command to generate a project: console scripts {scripts or 'none'}, __main__ {has_main}",
    )


@probes.register("type_hints")
def type_hints() -> Observation:
    import importlib.metadata

    files = importlib.metadata.distribution("microdot").files or []
    typed = [str(f) for f in files if f.name == "py.typed"]
    stubs = len([f for f in files if str(f).endswith(".pyi")])
    return Observation(
        present=bool(typed),
        detail=f"py.typed in the installed distribution: {typed or 'none'}; .pyi files: {stubs}",
    )


# The probes that are one call of _absent, by criterion.
probes.register_each(
    _absent,
    {
        "background_tasks": (("background", "task", "defer"), "no after-response API"),
        "dependency_injection": (("inject", "depend", "provide"), "handlers get the request only"),
        "orm": (("sql", "orm", "model", "database", "db"), "no database layer"),
        "migrations": (("migrat",), "no migrations"),
        "admin": (("admin",), "no admin"),
        "forms": (("form", "field", "validat", "widget"), "request.form parses, nothing declares forms"),
        "i18n": (("gettext", "translat", "locale", "i18n", "babel"), "no translation support"),
        "caching": (("cache",), "no cache API"),
        "sitemaps": (("sitemap",), "no sitemaps"),
        "syndication": (("feed", "rss", "atom", "syndicat"), "no feeds"),
        "openapi": (("openapi", "swagger", "schema"), "no OpenAPI"),
    },
)
