"""Probes for Falcon (distribution ``falcon``), a WSGI and ASGI API framework.

They run on old releases too: ``falcon.App`` appeared in 3.0 (``falcon.API``
before), ``falcon.asgi`` in 3.0, ``add_static_route`` in 1.4, ``py.typed`` in 4.0.
"""

from __future__ import annotations

import functools
from typing import Any

from fwcompare_probes import Observation, ProbeSet
from fwcompare_probes._search import names_containing, py_typed_in_record, walked_modules

probes = ProbeSet("falcon")

probes.not_probeable = {}


def _wsgi_app() -> Any:
    import falcon

    cls = getattr(falcon, "App", None) or falcon.API
    return cls()


def _asgi_app() -> tuple[Any, str]:
    """falcon.asgi.App(), or the ImportError/AttributeError text before 3.0."""
    try:
        import falcon.asgi
    except ImportError as exc:
        return None, f"import falcon.asgi failed: {exc}"
    return falcon.asgi.App(), ""


def _names(*words: str) -> list[str]:
    """Submodule names and public attribute names of falcon, falcon.App,
    falcon.Request and falcon.Response containing one of *words*
    (case-insensitive), leaving out the HTTP* status constants and errors."""
    import falcon

    found = {n for n in walked_modules("falcon") if any(w in n.lower() for w in words) and ".bench" not in n}
    holders = [falcon, getattr(falcon, "App", None) or falcon.API, falcon.Request, falcon.Response]
    for holder in holders:
        found.update(names_containing(holder, *words, skip=("_", "HTTP")))  # not the HTTP* statuses/errors
    return sorted(found)


def _absent(words: tuple[str, ...], what: str, ignore: tuple[str, ...] = ()) -> Observation:
    found = [n for n in _names(*words) if n not in ignore]
    return Observation(
        present=bool(found),
        detail=f"searched falcon submodules and falcon/App/Request/Response names for "
        f"{words}: {found or 'no such names'} ({what})",
    )


def _set_text(resp: Any, text: str) -> None:
    if hasattr(resp, "text"):
        resp.text = text
    else:  # Falcon < 3.0
        resp.body = text


class _Hello:
    def on_get(self, req: Any, resp: Any) -> None:
        resp.content_type = "text/plain"
        _set_text(resp, "ok")


@probes.register("interface")
def interface() -> Observation:
    from falcon import testing

    tags = []
    app = _wsgi_app()
    app.add_route("/", _Hello())
    wsgi = testing.TestClient(app).simulate_get("/")
    if wsgi.status_code == 200 and wsgi.text == "ok":
        tags.append("WSGI")
    asgi_app, err = _asgi_app()
    if asgi_app is not None:
        asgi_app.add_route("/", _AsyncHello())
        asgi = testing.TestClient(asgi_app).simulate_get("/")
        if asgi.status_code == 200 and asgi.text == "ok":
            tags.append("ASGI")
        asgi_detail = f"falcon.asgi.App -> {asgi.status_code} {asgi.text!r}"
    else:
        asgi_detail = err
    return Observation(
        present=True,
        detail=f"WSGI App via testing.TestClient -> {wsgi.status_code} {wsgi.text!r}; {asgi_detail}",
        value=tuple(tags),
    )


class _AsyncHello:
    async def on_get(self, req: Any, resp: Any) -> None:
        resp.content_type = "text/plain"
        resp.text = "ok"


@probes.register("routing")
def routing() -> Observation:
    from falcon import testing

    app = _wsgi_app()
    app.add_route("/items/{name}", _Named())
    result = testing.TestClient(app).simulate_get("/items/x")
    tags = ["route-table"] if result.status_code == 200 and result.text == "x" else []
    decorators = [n for n in ("route", "get", "post") if hasattr(app, n)]
    if decorators:
        tags.append("decorators")
    return Observation(
        present=True,
        detail=f"app.add_route('/items/{{name}}', resource) -> {result.status_code} {result.text!r}; "
        f"route decorator methods on the app: {decorators or 'none'}",
        value=tuple(tags),
    )


class _Named:
    def on_get(self, req: Any, resp: Any, name: str) -> None:
        resp.content_type = "text/plain"
        _set_text(resp, name)


@probes.register("async_views")
def async_views() -> Observation:
    from falcon import testing

    app, err = _asgi_app()
    if app is None:
        return Observation(present=False, detail=err)
    app.add_route("/", _AsyncHello())
    result = testing.TestClient(app).simulate_get("/")
    return Observation(
        present=result.status_code == 200 and result.text == "ok",
        detail=f"falcon.asgi.App with an 'async def on_get' responder -> {result.status_code} {result.text!r}",
    )


@probes.register("websockets")
def websockets() -> Observation:
    import asyncio

    from falcon import testing

    app, err = _asgi_app()
    if app is None:
        return Observation(present=False, detail=err)

    class Echo:
        async def on_websocket(self, req: Any, ws: Any) -> None:
            await ws.accept()
            message = await ws.receive_text()
            await ws.send_text("echo " + message)
            await ws.close()

    app.add_route("/ws", Echo())

    async def run() -> Any:
        async with testing.ASGIConductor(app) as conductor, conductor.simulate_ws("/ws") as ws:
            await ws.send_text("hi")
            return await ws.receive_text()

    # A private loop: asyncio.run() would unset the thread's current loop,
    # which breaks the synchronous TestClient of Falcon 3.x in later probes.
    loop = asyncio.new_event_loop()
    try:
        got = loop.run_until_complete(run())
    finally:
        loop.close()
    return Observation(
        present=got == "echo hi",
        detail=f"on_websocket responder via ASGIConductor.simulate_ws: sent 'hi', received {got!r}",
    )


@probes.register("background_tasks")
def background_tasks() -> Observation:
    from falcon import testing

    app, err = _asgi_app()
    if app is None:
        return Observation(present=False, detail=err)
    ran: list[str] = []

    class Res:
        async def on_get(self, req: Any, resp: Any) -> None:
            async def after() -> None:
                ran.append("after")

            resp.text = "ok"
            resp.schedule(after)

    app.add_route("/", Res())
    result = testing.TestClient(app).simulate_get("/")
    return Observation(
        present=ran == ["after"],
        detail=f"ASGI resp.schedule(coroutine function) -> response {result.status_code}, callback ran: {ran}",
    )


@probes.register("orm")
def orm() -> Observation:
    return _absent(("orm", "model", "sqlalchemy", "database"), "no database layer", ignore=("MediaMalformedError",))


@probes.register("forms")
def forms() -> Observation:
    import falcon
    from falcon import testing

    class Form:
        def on_post(self, req: Any, resp: Any) -> None:
            data = req.get_media() if hasattr(req, "get_media") else req.params
            _set_text(resp, str(dict(data).get("a")))

    app = _wsgi_app()
    if not hasattr(falcon.Request, "get_media"):  # Falcon < 3.0: opt in to form parsing
        app.req_options.auto_parse_form_urlencoded = True
    app.add_route("/", Form())
    result = testing.TestClient(app).simulate_post(
        "/", body="a=1", headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    json_schema = [n for n in _names("validat") if "media" in n.lower()]
    found = [n for n in _names("field", "validat", "widget", "wtform") if n not in json_schema]
    return Observation(
        present=bool(found),
        detail=f"URL-encoded POST parsed -> {result.status_code} {result.text!r}; "
        f"form declaration/validation names: {found or 'none'} "
        f"(media/JSON Schema validation only: {json_schema or 'none'})",
    )


@probes.register("security_headers")
def security_headers() -> Observation:
    from falcon import testing

    app = _wsgi_app()
    app.add_route("/", _Hello())
    result = testing.TestClient(app).simulate_get("/")
    wanted = {
        "strict-transport-security",
        "x-frame-options",
        "x-content-type-options",
        "content-security-policy",
        "referrer-policy",
    }
    got = sorted(k for k in result.headers if k.lower() in wanted)
    return Observation(
        present=bool(got),
        detail=f"headers of a plain response: {sorted(result.headers)}; security headers: {got or 'none'}",
    )


@probes.register("caching")
def caching() -> Observation:
    return _absent(("cache",), "HTTP Cache-Control helpers only", ignore=("cache_control",))


@probes.register("static_files")
def static_files() -> Observation:
    import os
    import tempfile

    from falcon import testing

    app = _wsgi_app()
    if not hasattr(app, "add_static_route"):
        return Observation(present=False, detail=f"{type(app).__name__} has no add_static_route")
    with tempfile.TemporaryDirectory() as root:
        with open(os.path.join(root, "a.css"), "w") as fh:
            fh.write("body{}")
        app.add_static_route("/static", root)
        result = testing.TestClient(app).simulate_get("/static/a.css")
        body, ctype = result.text, result.headers.get("content-type")
    return Observation(
        present=result.status_code == 200 and body == "body{}",
        detail=f"add_static_route('/static', tmp) GET /static/a.css -> {result.status_code} {ctype} {body!r}",
    )


@probes.register("test_client")
def test_client() -> Observation:
    from falcon import testing

    client_cls = getattr(testing, "TestClient", None)
    if client_cls is None:
        return Observation(present=False, detail="falcon.testing has no TestClient")
    app = _wsgi_app()
    app.add_route("/", _Hello())
    result = client_cls(app).simulate_get("/")
    return Observation(
        present=result.status_code == 200 and result.text == "ok",
        detail=f"falcon.testing.TestClient(app).simulate_get('/') -> {result.status_code} {result.text!r}",
    )


@probes.register("cli")
def cli() -> Observation:
    import importlib.metadata

    eps = importlib.metadata.distribution("falcon").entry_points
    scripts = sorted(ep.name for ep in eps if ep.group == "console_scripts")
    tools = [s for s in scripts if s != "falcon-bench"]
    return Observation(
        present=bool(tools),
        detail=f"console scripts of the falcon distribution: {scripts or 'none'} "
        "(route/app inspection only: no server, no custom commands)",
    )


@probes.register("project_scaffold")
def project_scaffold() -> Observation:
    import importlib.metadata

    eps = importlib.metadata.distribution("falcon").entry_points
    scripts = sorted(ep.name for ep in eps if ep.group == "console_scripts")
    scaffold = [s for s in scripts if any(w in s for w in ("new", "init", "create", "start"))]
    return Observation(
        present=bool(scaffold),
        detail=f"console scripts: {scripts or 'none'}; project generators: {scaffold or 'none'}",
    )


probes.register("type_hints")(
    functools.partial(py_typed_in_record, "falcon", "py.typed in the installed distribution's RECORD: {typed}")
)


# The probes that are one call of _absent, by criterion.
probes.register_each(
    _absent,
    {
        "dependency_injection": (("inject", "depend", "provider"), "dependencies are passed to resources by hand"),
        "migrations": (("migrat",), "no migrations"),
        "admin": (("admin",), "no admin"),
        "templating": (("jinja", "mako", "render_template", "templating"), "no template engine"),
        "template_autoescape": (("jinja", "autoescape", "render_template"), "no template engine, nothing to escape"),
        "auth": (("login", "logout", "password", "authenticat"), "auth is left to middleware/hooks"),
        "csrf": (("csrf", "xsrf"), "no CSRF protection"),
        "sessions": (("session",), "only raw cookies"),
        "i18n": (("gettext", "translat", "i18n", "babel"), "no translation support"),
        "sitemaps": (("sitemap",), "no sitemap support"),
        "syndication": (("rss", "atom", "syndicat"), "no feed support"),
        "openapi": (("openapi", "swagger", "apispec"), "no API spec generation"),
    },
)
