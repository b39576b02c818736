"""Probes for Connexion (distribution ``connexion``), a specification-first API framework.

Each probe builds an app from a small OpenAPI 3 document given as a dict,
with a resolver that maps operationIds to local functions, and drives it
through ``app.test_client()`` (Starlette's TestClient, 3.x). Optional
dependencies the probes need: the ``flask`` and ``swagger-ui`` extras
(``connexion[flask,swagger-ui]``).
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

from fwcompare_probes import Observation, ProbeSet, requires, security_headers_among
from fwcompare_probes._search import modules_with_word, names_containing, walked_modules

if TYPE_CHECKING:
    from collections.abc import Callable

probes = ProbeSet("connexion")
# Every criterion has a probe: absences are checked as missing modules or names.
probes.not_probeable = {}


def _spec(paths: dict[str, Any], components: dict[str, Any] | None = None) -> dict[str, Any]:
    spec: dict[str, Any] = {"openapi": "3.0.0", "info": {"title": "probe", "version": "1"}, "paths": paths}
    if components:
        spec["components"] = components
    return spec


def _get(op: str, **extra: Any) -> dict[str, Any]:
    operation = {"operationId": op, "responses": {"200": {"description": "ok"}}}
    operation.update(extra)
    return {"get": operation}


def _app(spec: dict[str, Any], handlers: dict[str, Callable[..., Any]], kind: str = "AsyncApp") -> Any:
    import connexion
    from connexion.resolver import Resolver

    app = getattr(connexion, kind)(__name__)
    app.add_api(spec, resolver=Resolver(lambda name: handlers[name]))
    return app


def _client(app: Any) -> Any:
    with warnings.catch_warnings():
        # Starlette 1.2+ warns when its TestClient falls back from httpx2 to httpx.
        warnings.simplefilter("ignore", DeprecationWarning)
        return app.test_client()


def _module_names() -> list[str]:
    return walked_modules("connexion")


def _absent(words: tuple[str, ...], what: str) -> Observation:
    import connexion

    found = modules_with_word(_module_names(), *words)
    for holder in (connexion, connexion.AsyncApp):
        found += names_containing(holder, *words)
    return Observation(
        present=bool(found),
        detail=f"connexion modules and names (module, AsyncApp) containing {words}: {found or 'none'} ({what})",
    )


@probes.register("interface")
def interface() -> Observation:
    import asyncio

    from fwcompare_probes._asgi import asgi_get

    app = _app(_spec({"/": _get("hello")}), {"hello": lambda: "asgi ok"})
    sent = asyncio.run(asgi_get(app, "/"))
    status = next((m.get("status") for m in sent if m["type"] == "http.response.start"), None)
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    wsgi_call = "TypeError"
    try:
        app({}, lambda *a: None)
        wsgi_call = "accepted"
    except TypeError as exc:
        wsgi_call = f"TypeError: {exc}"
    tags = ("ASGI",) if status == 200 and b"asgi ok" in body else ()
    return Observation(
        present=True,
        detail=f"AsyncApp driven over ASGI -> {status} {body!r}; called as WSGI (environ, start_response): {wsgi_call}",
        value=tags,
    )


@probes.register("routing")
def routing() -> Observation:
    app = _app(
        _spec(
            {
                "/spec/{name}": _get(
                    "by_spec",
                    parameters=[{"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}],
                )
            }
        ),
        {"by_spec": lambda name: "spec " + name},
    )

    from starlette.responses import PlainTextResponse

    # AsyncApp routes outside the spec are Starlette endpoints: they take the
    # request and return a response (the docstring's bare `def index():
    # return "Hello World"` fails with a TypeError there).
    @app.route("/deco")
    async def deco(request: Any) -> Any:
        return PlainTextResponse("deco")

    client = _client(app)
    r1 = client.get("/spec/x")
    r2 = client.get("/deco")
    tags = []
    if r1.status_code == 200 and "spec x" in r1.text:
        tags.append("route-table")
    if r2.status_code == 200 and "deco" in r2.text:
        tags.append("decorators")
    return Observation(
        present=True,
        detail=f"operationId from the OpenAPI paths -> {r1.status_code} {r1.text!r}; "
        f"@app.route('/deco') -> {r2.status_code} {r2.text!r}",
        value=tuple(tags),
    )


@probes.register("async_views")
def async_views() -> Observation:
    import asyncio

    async def hello() -> str:
        await asyncio.sleep(0)
        return "async ok"

    res = _client(_app(_spec({"/": _get("hello")}), {"hello": hello})).get("/")
    return Observation(
        present=res.status_code == 200 and "async ok" in res.text,
        detail=f"AsyncApp operation handled by an 'async def' function: {res.status_code} {res.text!r}",
    )


@probes.register("forms")
def forms() -> Observation:
    form_body = {
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {
                    "type": "object",
                    "properties": {"age": {"type": "integer"}},
                    "required": ["age"],
                }
            }
        }
    }
    paths = {
        "/f": {"post": {"operationId": "submit", "requestBody": form_body, "responses": {"200": {"description": "ok"}}}}
    }

    def submit(body: Any) -> str:
        return f"age={body.get('age')!r}"

    client = _client(_app(_spec(paths), {"submit": submit}))
    good = client.post("/f", data={"age": "7"})
    bad = client.post("/f", data={"age": "seven"})
    renderers = [n for n in _module_names() if any(w in n for w in ("widget", "render", "forms"))]
    return Observation(
        present=good.status_code == 200 and bad.status_code == 400,
        detail=f"form field validated against the spec: age=7 -> {good.status_code} {good.text!r}, "
        f"age=seven -> {bad.status_code}; form rendering modules: {renderers or 'none'} (partial)",
    )


def _basic_info(username: str, password: str, required_scopes: Any = None) -> Any:
    """The HTTP Basic validation function of the auth probe (found by its dotted name)."""
    return {"sub": username} if password == "secret" else None


@probes.register("auth")
def auth() -> Observation:
    import base64

    components = {
        "securitySchemes": {"basic": {"type": "http", "scheme": "basic", "x-basicInfoFunc": __name__ + "._basic_info"}}
    }
    spec = _spec({"/me": _get("me", security=[{"basic": []}])}, components)
    client = _client(_app(spec, {"me": lambda user: f"user {user}"}))
    anonymous = client.get("/me")
    token = base64.b64encode(b"ann:secret").decode()
    logged = client.get("/me", headers={"Authorization": "Basic " + token})
    stores = [n for n in _module_names() if any(w in n for w in ("user", "login", "password"))]
    return Observation(
        present=anonymous.status_code == 401 and logged.status_code == 200,
        detail=f"HTTP Basic scheme with an x-basicInfoFunc: no credentials -> {anonymous.status_code}, "
        f"valid -> {logged.status_code} {logged.text!r}; user store/login modules: {stores or 'none'} (partial)",
    )


@probes.register("security_headers")
def security_headers() -> Observation:
    res = _client(_app(_spec({"/": _get("hello")}), {"hello": lambda: "hi"})).get("/")
    got = security_headers_among(res.headers.keys())
    return Observation(
        present=bool(got), detail=f"response headers: {list(res.headers.keys())}; security headers: {got or 'none'}"
    )


@probes.register("static_files")
def static_files() -> Observation:
    import os
    import tempfile

    import connexion

    # FlaskApp needs the 'flask' extra; without it connexion raises a ModuleNotFoundError naming no module.
    requires("a2wsgi")
    requires("Flask", "flask")

    with tempfile.TemporaryDirectory() as root:
        os.mkdir(os.path.join(root, "static"))
        with open(os.path.join(root, "static", "a.css"), "w") as fh:
            fh.write("body{}")
        flask_app = connexion.FlaskApp(
            __name__, specification_dir=root, server_args={"static_folder": os.path.join(root, "static")}
        )
        flask_res = _client(flask_app).get("/static/a.css")
        async_app = connexion.AsyncApp(__name__, specification_dir=root)
        async_res = _client(async_app).get("/static/a.css")
    static_api = [n for n in dir(connexion.AsyncApp) if "static" in n.lower() and not n.startswith("_")]
    return Observation(
        present=flask_res.status_code == 200 and flask_res.text == "body{}",
        detail=f"FlaskApp (Flask's static folder) /static/a.css -> {flask_res.status_code} {flask_res.text!r}; "
        f"AsyncApp -> {async_res.status_code}; static API on AsyncApp: {static_api or 'none'} (partial)",
    )


@probes.register("openapi")
def openapi() -> Observation:
    client = _client(_app(_spec({"/hello": _get("hello")}), {"hello": lambda: "hi"}))
    spec = client.get("/openapi.json")
    ui = client.get("/ui/")
    served = spec.status_code == 200 and "/hello" in spec.json().get("paths", {})
    return Observation(
        present=served,
        detail=f"the hand-written spec served at /openapi.json -> {spec.status_code} (paths: "
        f"{sorted(spec.json().get('paths', {})) if spec.status_code == 200 else '-'}); Swagger UI /ui/ -> "
        f"{ui.status_code}; partial: written by hand, not generated from code",
    )


@probes.register("test_client")
def test_client() -> Observation:
    app = _app(_spec({"/": _get("hello")}), {"hello": lambda: "hello"})
    if not hasattr(app, "test_client"):
        return Observation(present=False, detail="the app has no test_client()")
    res = _client(app).get("/")
    return Observation(
        present=res.status_code == 200 and "hello" in res.text,
        detail=f"app.test_client().get('/') -> {res.status_code} {res.text!r} ({type(_client(app)).__module__})",
    )


def _run_help() -> tuple[int, str]:
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "connexion", "run", "--help"], capture_output=True, text=True, timeout=60
    )
    return proc.returncode, proc.stdout + proc.stderr


@probes.register("cli")
def cli() -> Observation:
    import importlib.metadata

    code, text = _run_help()
    eps = importlib.metadata.distribution("connexion").entry_points
    scripts = sorted(ep.name for ep in eps if ep.group == "console_scripts")
    ok = code == 0 and "--stub" in text and "--mock" in text
    return Observation(
        present=ok,
        detail=f"python -m connexion run --help -> exit {code}, --stub and --mock listed: {ok}; "
        f"console scripts: {scripts}",
    )


@probes.register("project_scaffold")
def project_scaffold() -> Observation:
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "connexion", "--help"], capture_output=True, text=True, timeout=60)
    text = proc.stdout + proc.stderr
    words = [w for w in ("new", "init", "create", "startproject", "scaffold") if f" {w}" in text]
    return Observation(
        present=bool(words),
        detail=f"python -m connexion --help (exit {proc.returncode}): project commands {words or 'none'}; "
        f"first line: {text.strip().splitlines()[0] if text.strip() else ''!r}",
    )


@probes.register("type_hints")
def type_hints() -> Observation:
    import importlib.metadata

    files = importlib.metadata.distribution("connexion").files or []
    typed = [str(f) for f in files if f.name == "py.typed"]
    classifiers = importlib.metadata.metadata("connexion").get_all("Classifier") or []
    return Observation(
        present=bool(typed),
        detail=f"py.typed in the installed distribution: {typed or 'none'} ({len(files)} files); "
        f"'Typing :: Typed' classifier: {'Typing :: Typed' in classifiers}",
    )


# The probes that are one call of _absent, by criterion.
probes.register_each(
    _absent,
    {
        "websockets": (("websocket",), "HTTP operations only"),
        "background_tasks": (("background", "task", "defer"), "no after-response API"),
        "dependency_injection": (("inject", "depend", "provide"), "parameters are bound from the spec by name"),
        "orm": (("sql", "orm", "model", "database"), "no database layer"),
        "migrations": (("migrat",), "no migrations"),
        "admin": (("admin",), "no admin"),
        "templating": (("template", "render_template", "jinja"), "Jinja2 only fills the spec's arguments"),
        "template_autoescape": (("template", "escape"), "no template engine of its own"),
        "csrf": (("csrf", "xsrf"), "no CSRF protection"),
        "sessions": (("session",), "no sessions of its own"),
        "i18n": (("gettext", "translat", "locale", "i18n", "babel"), "no translation support"),
        "caching": (("cache",), "no cache API"),
        "sitemaps": (("sitemap",), "no sitemaps"),
        "syndication": (("feed", "rss", "atom", "syndicat"), "no feeds"),
    },
)
