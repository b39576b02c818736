"""django probes of foundations, data and templates (the catalogue's groups): serving, routing,
async, WebSockets, background work, injection, ORM, migrations, admin, forms, templates."""

from __future__ import annotations

import gc
import io
import warnings
from typing import Any

from fwcompare_probes import Observation
from fwcompare_probes.django._common import _client, _setup, _task_double, _urlconf, probes


@probes.register("interface")
def interface() -> Observation:
    _setup()
    from django.http import HttpResponse
    from django.test import override_settings
    from django.urls import path

    def view(request: Any) -> Any:
        return HttpResponse("ok")

    tags: list[str] = []
    notes: list[str] = []
    with override_settings(ROOT_URLCONF=_urlconf("interface", [path("", view)])):
        from django.core.wsgi import get_wsgi_application

        statuses: list[str] = []
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": "/",
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.url_scheme": "http",
        }
        body = b"".join(get_wsgi_application()(environ, lambda s, h, e=None: statuses.append(s)))
        notes.append(f"WSGI get_wsgi_application()(environ) -> {statuses[0]!r} {body!r}")
        if statuses and statuses[0].startswith("200"):
            tags.append("WSGI")
        try:
            from django.core.asgi import get_asgi_application
        except ImportError as exc:
            notes.append(f"ASGI: {exc}")
        else:
            status, body = _asgi_get(get_asgi_application())
            notes.append(f"ASGI get_asgi_application()(http scope) -> {status} {body!r}")
            if status == 200:
                tags.append("ASGI")
    return Observation(present=True, detail="; ".join(notes), value=tuple(tags))


def _asgi_get(app: Any, scope_type: str = "http") -> tuple[int, bytes]:
    """Send one GET / to an ASGI *app* and return (status, body).

    Run through asgiref's async_to_sync so that Django's sync_to_async calls come back to
    this thread and no worker thread outlives the call.
    """
    import asyncio

    from asgiref.sync import async_to_sync

    sent: list[dict[str, Any]] = []
    received = {"n": 0}

    async def receive() -> dict[str, Any]:
        received["n"] += 1
        if received["n"] == 1:
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.Future()  # no disconnect: the handler cancels this wait when done
        return {}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": scope_type,
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/",
        "raw_path": b"/",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 1),
        "server": ("testserver", 80),
    }

    async def run() -> None:
        await app(scope, receive, send)

    async_to_sync(run)()
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, body


@probes.register("routing")
def routing() -> Observation:
    _setup()
    from django.http import HttpResponse
    from django.test import override_settings
    from django.urls import path, resolve

    def article(request: Any, pk: int) -> Any:
        return HttpResponse(str(pk))

    with override_settings(ROOT_URLCONF=_urlconf("routing", [path("articles/<int:pk>/", article)])):
        match = resolve("/articles/7/")
    tags = ("route-table",) if match.func is article and match.kwargs == {"pk": 7} else ()
    return Observation(
        present=True,
        detail=(
            f"resolve('/articles/7/') against urlpatterns=[path('articles/<int:pk>/', view)] -> "
            f"{match.func.__name__}, kwargs={match.kwargs}; django.urls has no route decorator"
        ),
        value=tags,
    )


@probes.register("async_views")
def async_views() -> Observation:
    _setup()
    import asyncio

    from django.http import HttpResponse
    from django.urls import path

    async def view(request: Any) -> Any:
        await asyncio.sleep(0)
        return HttpResponse("awaited")

    client, urls = _client("async_views", [path("", view)])
    failure = ""
    with urls, warnings.catch_warnings():
        # Releases without async views leave the coroutine unawaited and warn about it;
        # collect it here so the warning does not surface in a later probe.
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            response = client.get("/")
        except (ValueError, TypeError, AttributeError) as exc:
            failure = repr(exc)
        gc.collect()
    if failure:
        return Observation(present=False, detail=f"GET / (async def view) raised {failure}")
    return Observation(
        present=response.status_code == 200 and response.content == b"awaited",
        detail=f"test client GET / (async def view) -> {response.status_code} {response.content!r}",
    )


@probes.register("websockets")
def websockets() -> Observation:
    _setup()
    try:
        from django.core.asgi import get_asgi_application
    except ImportError as exc:
        return Observation(present=False, detail=f"no ASGI handler: {exc}")
    try:
        _asgi_get(get_asgi_application(), scope_type="websocket")
    except ValueError as exc:
        return Observation(present=False, detail=f"ASGI handler called with a websocket scope raised {exc!r}")
    return Observation(present=True, detail="ASGI handler accepted a websocket scope")


@probes.register("background_tasks")
def background_tasks() -> Observation:
    _setup()
    import pkgutil

    try:
        import django.tasks
        import django.tasks.backends
        from django.tasks import task
    except ImportError as exc:
        return Observation(present=False, detail=f"import django.tasks failed: {exc}")
    backends = sorted(m.name for m in pkgutil.iter_modules(django.tasks.backends.__path__) if m.name != "base")
    result = task(_task_double).enqueue(21)
    return Observation(
        present=True,
        detail=(
            f"django.tasks.backends modules: {backends}; task(fn).enqueue(21) with the default "
            f"backend -> {type(result).__name__} status={result.status}, "
            f"return_value={result.return_value} (ran at once, in this thread)"
        ),
    )


@probes.register("dependency_injection")
def dependency_injection() -> Observation:
    _setup()
    from django.http import HttpResponse
    from django.urls import path

    def view(request: Any, db_session: Any) -> Any:
        return HttpResponse(repr(db_session))

    client, urls = _client("di", [path("", view)])
    with urls:
        try:
            response = client.get("/")
        except TypeError as exc:
            return Observation(
                present=False,
                detail=f"view(request, db_session) with no URL parameter: GET / raised {exc!r}",
            )
    return Observation(present=True, detail=f"GET / -> {response.status_code}: db_session was supplied")


@probes.register("orm")
def orm() -> Observation:
    _setup()
    from django.apps.registry import Apps
    from django.db import connection, models

    class Meta:
        app_label = "fwcompare_probe"
        apps = Apps()  # a private registry, so repeated runs do not re-register the model

    thing: Any = type(
        "Thing",
        (models.Model,),
        {"name": models.CharField(max_length=20), "Meta": Meta, "__module__": __name__},
    )
    with connection.schema_editor() as editor:
        editor.create_model(thing)
    try:
        thing.objects.create(name="a")
        thing.objects.create(name="b")
        names = list(thing.objects.filter(name__gt="a").values_list("name", flat=True))
    finally:
        with connection.schema_editor() as editor:
            editor.delete_model(thing)
    return Observation(
        present=names == ["b"],
        detail=f"django.db.models.Model on SQLite: create x2, filter(name__gt='a') -> {names}",
        value="Django ORM" if names == ["b"] else None,
    )


@probes.register("migrations")
def migrations() -> Observation:
    _setup()
    try:
        from django.db import models
        from django.db.migrations.autodetector import MigrationAutodetector
        from django.db.migrations.graph import MigrationGraph
        from django.db.migrations.questioner import MigrationQuestioner
        from django.db.migrations.state import ModelState, ProjectState
    except ImportError as exc:
        return Observation(present=False, detail=f"no django.db.migrations: {exc}")
    after = ProjectState()
    after.add_model(
        ModelState(
            "probeapp",
            "Thing",
            [("id", models.AutoField(primary_key=True)), ("name", models.CharField(max_length=9))],
        )
    )
    # specified_apps: like `makemigrations probeapp`, make an initial migration for the app.
    questioner = MigrationQuestioner(specified_apps={"probeapp"})
    changes = MigrationAutodetector(ProjectState(), after, questioner).changes(graph=MigrationGraph())
    ops = [type(op).__name__ for m in changes.get("probeapp", []) for op in m.operations]
    return Observation(
        present=ops == ["CreateModel"],
        detail=f"MigrationAutodetector(empty -> model Thing).changes() -> operations {ops}",
    )


@probes.register("admin")
def admin() -> Observation:
    _setup()
    from django.contrib import admin as django_admin
    from django.urls import path

    client, urls = _client("admin", [path("admin/", django_admin.site.urls)])
    with urls:
        response = client.get("/admin/login/")
    found = b'id="login-form"' in response.content
    return Observation(
        present=response.status_code == 200 and found,
        detail=f"GET /admin/login/ (django.contrib.admin) -> {response.status_code}, login form: {found}",
    )


@probes.register("forms")
def forms() -> Observation:
    _setup()
    from django import forms as django_forms

    class Signup(django_forms.Form):
        name = django_forms.CharField(max_length=5)
        email = django_forms.EmailField()

    bound = Signup(data={"name": "toolong", "email": "nope"})
    valid = bound.is_valid()
    html = str(Signup())
    inputs = html.count("<input")
    return Observation(
        present=not valid and set(bound.errors) == {"name", "email"} and inputs == 2,
        detail=f"Form(data=invalid).is_valid() -> {valid}, errors on {sorted(bound.errors)}; "
        f"str(Form()) has {inputs} <input> tags",
    )


@probes.register("templating")
def templating() -> Observation:
    _setup()
    import importlib.util

    from django.template import engines

    out = engines["django"].from_string("{% for x in xs %}{{ x|upper }}{% endfor %}").render({"xs": ["a", "b"]})
    jinja2_backend = importlib.util.find_spec("django.template.backends.jinja2") is not None
    names = ["Django template language"] + (["Jinja2"] if jinja2_backend else [])
    return Observation(
        present=out == "AB",
        detail=f"engines['django'] render of a for loop with |upper -> {out!r}; "
        f"django.template.backends.jinja2 present: {jinja2_backend}",
        value=", ".join(names),
    )


@probes.register("template_autoescape")
def template_autoescape() -> Observation:
    _setup()
    from django.template import engines

    dtl = engines["django"].from_string("{{ v }}").render({"v": "<b>"})
    notes = [f"DjangoTemplates '{{{{ v }}}}' with v='<b>' -> {dtl!r}"]
    try:
        import jinja2  # noqa: F401  (optional: only to check Django's Jinja2 backend default)
    except ImportError:
        notes.append("Jinja2 not installed: Django's Jinja2 backend not exercised")
    else:
        from django.template.backends.jinja2 import Jinja2

        engine = Jinja2({"NAME": "j", "DIRS": [], "APP_DIRS": False, "OPTIONS": {}})
        j2 = engine.from_string("{{ v }}").render({"v": "<b>"})
        notes.append(f"Django's Jinja2 backend, default options -> {j2!r}")
    return Observation(present=dtl == "&lt;b&gt;", detail="; ".join(notes))
