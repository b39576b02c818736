"""Probes for Django: each builds the smallest app for one criterion and reports what it saw.

Settings are configured once per process by `_setup()` (an in-memory SQLite
database, the contrib apps the probes need); every probe mounts its own URLconf
with `override_settings`, so probes do not depend on each other or on order.
They are written to run on old releases too (2.2 onwards): where a capability
is missing, the specific failure is caught and reported as ``present=False``.
"""

from __future__ import annotations

import gc
import io
import os
import sys
import tempfile
import types
import warnings
from typing import Any

from . import Observation, ProbeSet

__all__ = ["probes"]

probes = ProbeSet("django")

# Every criterion has a probe; nothing is left that only documents can settle.
probes.not_probeable = {}

_state: dict[str, bool] = {"configured": False}


def _setup() -> None:
    """Configure Django's settings once per process (a second call is a no-op)."""
    if _state["configured"]:
        return
    import django
    from django.conf import settings

    if not settings.configured:
        settings.configure(
            DEBUG=False,
            SECRET_KEY="fwcompare-probe-not-secret",
            ALLOWED_HOSTS=["testserver"],
            ROOT_URLCONF=_urlconf("empty", []),
            DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
            INSTALLED_APPS=[
                "django.contrib.admin",
                "django.contrib.auth",
                "django.contrib.contenttypes",
                "django.contrib.sessions",
                "django.contrib.messages",
                "django.contrib.staticfiles",
                "django.contrib.sitemaps",
            ],
            MIDDLEWARE=[
                "django.middleware.security.SecurityMiddleware",
                "django.contrib.sessions.middleware.SessionMiddleware",
                "django.middleware.common.CommonMiddleware",
                "django.middleware.csrf.CsrfViewMiddleware",
                "django.contrib.auth.middleware.AuthenticationMiddleware",
                "django.contrib.messages.middleware.MessageMiddleware",
                "django.middleware.clickjacking.XFrameOptionsMiddleware",
            ],
            TEMPLATES=[
                {
                    "BACKEND": "django.template.backends.django.DjangoTemplates",
                    "APP_DIRS": True,
                    "OPTIONS": {
                        "context_processors": [
                            "django.template.context_processors.request",
                            "django.contrib.auth.context_processors.auth",
                            "django.contrib.messages.context_processors.messages",
                        ]
                    },
                }
            ],
            # The fast hasher keeps the auth probe well under a second; hashing itself is
            # not what the probe checks.
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
            STATIC_URL="/static/",
            USE_I18N=True,
            USE_TZ=True,
        )
    django.setup()
    _state["configured"] = True


def _urlconf(name: str, patterns: list[Any]) -> str:
    """Register a module holding *patterns* and return its dotted name for ROOT_URLCONF."""
    module = types.ModuleType(f"_fwcompare_django_urls_{name}")
    module.urlpatterns = patterns  # type: ignore[attr-defined]
    sys.modules[module.__name__] = module
    return module.__name__


def _client(name: str, patterns: list[Any], **kwargs: Any) -> Any:
    """A test client and an `override_settings` that mounts *patterns* as the URLconf."""
    from django.test import Client, override_settings

    return Client(**kwargs), override_settings(ROOT_URLCONF=_urlconf(name, patterns))


def _ensure_tables(*models: Any) -> None:
    """Create the tables of *models* in the in-memory database unless they exist."""
    from django.db import connection

    existing = set(connection.introspection.table_names())
    with connection.schema_editor() as editor:
        for model in models:
            if model._meta.db_table not in existing:
                editor.create_model(model)


def _task_double(x: int) -> int:
    """The function the background_tasks probe enqueues (tasks must be module-level)."""
    return x * 2


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


@probes.register("auth")
def auth() -> Observation:
    _setup()
    from django.contrib.auth.models import Group, Permission, User
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.sessions.models import Session
    from django.http import HttpResponse
    from django.urls import path

    _ensure_tables(ContentType, Permission, Group, User, Session)
    # Reuse the user of an earlier run: deleting it would cascade to admin tables not created here.
    user = User.objects.filter(username="probe").first() or User.objects.create_user("probe", password="s3cret-pw")

    def whoami(request: Any) -> Any:
        return HttpResponse(request.user.username or "anonymous")

    client, urls = _client("auth", [path("", whoami)])
    with urls:
        logged_in = client.login(username="probe", password="s3cret-pw")
        seen = client.get("/").content
    return Observation(
        present=logged_in and seen == b"probe" and user.password.startswith("md5$"),
        detail=f"User.objects.create_user (password stored hashed: {user.password.split('$')[0]}), "
        f"client.login -> {logged_in}, request.user.username in view -> {seen!r}",
    )


@probes.register("csrf")
def csrf() -> Observation:
    _setup()
    from django.http import HttpResponse
    from django.urls import path

    def form_post(request: Any) -> Any:
        return HttpResponse("accepted")

    client, urls = _client("csrf", [path("", form_post)], enforce_csrf_checks=True)
    with urls:
        response = client.post("/", {"x": "1"})
    return Observation(
        present=response.status_code == 403,
        detail=f"POST / without a CSRF token (CsrfViewMiddleware) -> {response.status_code}",
    )


@probes.register("sessions")
def sessions() -> Observation:
    _setup()
    from django.contrib.sessions.models import Session
    from django.http import HttpResponse
    from django.urls import path

    _ensure_tables(Session)

    def count(request: Any) -> Any:
        request.session["n"] = request.session.get("n", 0) + 1
        return HttpResponse(str(request.session["n"]))

    client, urls = _client("sessions", [path("", count)])
    with urls:
        seen = [client.get("/").content for _ in range(3)]
    return Observation(
        present=seen == [b"1", b"2", b"3"],
        detail=f"three GETs incrementing request.session['n'] -> {seen}",
    )


@probes.register("security_headers")
def security_headers() -> Observation:
    _setup()
    from django.http import HttpResponse
    from django.test import override_settings
    from django.urls import path

    def page(request: Any) -> Any:
        return HttpResponse("page")

    client, urls = _client("security_headers", [path("", page)])
    wanted = [
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "Strict-Transport-Security",
    ]
    with urls, override_settings(SECURE_HSTS_SECONDS=3600):
        response = client.get("/", secure=True)
    seen = {h: response[h] for h in wanted if response.has_header(h)}
    return Observation(
        present="X-Frame-Options" in seen,
        detail=f"GET https://testserver/ through SecurityMiddleware and XFrameOptionsMiddleware "
        f"(SECURE_HSTS_SECONDS=3600, other settings default) -> {seen}",
    )


@probes.register("i18n")
def i18n() -> Observation:
    _setup()
    import datetime

    from django.utils import formats, translation

    with translation.override("fr"):
        yes = translation.gettext("Yes")
    with translation.override("de"):
        number = formats.number_format(1234.5, decimal_pos=1, use_l10n=True)
        date = formats.date_format(datetime.date(2026, 11, 24), "SHORT_DATE_FORMAT")
    return Observation(
        present=yes == "Oui" and number == "1234,5",
        detail=f"gettext('Yes') in fr -> {yes!r}; number_format(1234.5) in de -> {number!r}; "
        f"date_format(2026-11-24, SHORT_DATE_FORMAT) in de -> {date!r}",
    )


@probes.register("caching")
def caching() -> Observation:
    _setup()
    from django.core.cache import caches
    from django.http import HttpResponse
    from django.urls import path
    from django.views.decorators.cache import cache_page

    cache = caches["default"]
    cache.set("fwcompare-probe", 42, 30)
    low_level = cache.get("fwcompare-probe")
    calls = {"n": 0}

    @cache_page(30)
    def view(request: Any) -> Any:
        calls["n"] += 1
        return HttpResponse(str(calls["n"]))

    client, urls = _client("caching", [path("cached-probe/", view)])
    with urls:
        bodies = [client.get("/cached-probe/").content for _ in range(2)]
    cache.clear()
    return Observation(
        present=low_level == 42 and bodies == [b"1", b"1"],
        detail=f"LocMemCache set/get -> {low_level}; two GETs of a cache_page(30) view -> "
        f"{bodies} (view ran {calls['n']} time)",
    )


@probes.register("sitemaps")
def sitemaps() -> Observation:
    _setup()
    from django.contrib.sitemaps import Sitemap
    from django.contrib.sitemaps.views import sitemap
    from django.urls import path

    class Pages(Sitemap):
        def items(self) -> list[str]:
            return ["/about/"]

        def location(self, item: str) -> str:
            return item

    client, urls = _client("sitemaps", [path("sitemap.xml", sitemap, {"sitemaps": {"pages": Pages}})])
    with urls:
        response = client.get("/sitemap.xml")
    loc = b"<loc>http://testserver/about/</loc>" in response.content
    return Observation(
        present=response.status_code == 200 and loc,
        detail=f"GET /sitemap.xml (django.contrib.sitemaps) -> {response.status_code}, "
        f"{response['Content-Type']}, has <loc>http://testserver/about/</loc>: {loc}",
    )


@probes.register("syndication")
def syndication() -> Observation:
    _setup()
    from django.contrib.syndication.views import Feed
    from django.urls import path

    class News(Feed):
        title = "News"
        link = "/news/"
        description = "Probe feed"

        def items(self) -> list[str]:
            return ["first"]

        def item_title(self, item: str) -> str:
            return item

        def item_description(self, item: str) -> str:
            return item

        def item_link(self, item: str) -> str:
            return f"/news/{item}/"

    client, urls = _client("syndication", [path("feed/", News())])
    with urls:
        response = client.get("/feed/")
    rss = b"<rss" in response.content and b"<title>first</title>" in response.content
    return Observation(
        present=response.status_code == 200 and rss,
        detail=f"GET /feed/ (django.contrib.syndication Feed) -> {response.status_code}, "
        f"{response['Content-Type']}, RSS with the item: {rss}",
    )


@probes.register("static_files")
def static_files() -> Observation:
    _setup()
    from django.contrib.staticfiles.views import serve
    from django.http import Http404
    from django.test import RequestFactory, override_settings

    request = RequestFactory().get("/static/admin/css/base.css")
    with override_settings(DEBUG=True):
        response = serve(request, "admin/css/base.css")
        body = b"".join(response)
        response.close()
    try:
        serve(request, "admin/css/base.css")
        production = "served"
    except Http404 as exc:
        production = f"Http404({exc})"
    return Observation(
        present=response.status_code == 200 and len(body) > 0,
        detail=f"staticfiles serve('admin/css/base.css'): DEBUG=True -> {response.status_code} "
        f"({len(body)} bytes); DEBUG=False -> {production}",
    )


@probes.register("openapi")
def openapi() -> Observation:
    import django

    package_dir = os.path.dirname(django.__file__)
    hits: list[str] = []
    scanned = 0
    for root, _dirs, files in os.walk(package_dir):
        for name in files:
            if name.endswith(".py"):
                scanned += 1
                with open(os.path.join(root, name), "rb") as f:
                    text = f.read().lower()
                if b"openapi" in text or b"swagger" in text:
                    hits.append(os.path.relpath(os.path.join(root, name), package_dir))
    return Observation(
        present=bool(hits),
        detail=f"searched {scanned} .py files of the django package for 'openapi'/'swagger': {hits or 'no match'}",
    )


@probes.register("test_client")
def test_client() -> Observation:
    _setup()
    from django.http import JsonResponse
    from django.urls import path

    def echo(request: Any) -> Any:
        return JsonResponse({"q": request.GET.get("q")})

    client, urls = _client("test_client", [path("echo/", echo)])
    with urls:
        response = client.get("/echo/", {"q": "hi"})
    return Observation(
        present=response.status_code == 200 and response.json() == {"q": "hi"},
        detail=f"django.test.Client().get('/echo/', {{'q': 'hi'}}) -> {response.status_code} {response.content!r}",
    )


@probes.register("cli")
def cli() -> Observation:
    _setup()
    from django.core.management import call_command, get_commands

    commands = get_commands()
    wanted = ["runserver", "startproject", "startapp", "shell", "migrate"]
    present = [c for c in wanted if c in commands]
    out = io.StringIO()
    call_command("diffsettings", stdout=out)
    return Observation(
        present=present == wanted and "SECRET_KEY" in out.getvalue(),
        detail=f"get_commands() has {present} of {wanted} ({len(commands)} commands); "
        f"call_command('diffsettings') printed {len(out.getvalue().splitlines())} lines",
    )


@probes.register("project_scaffold")
def project_scaffold() -> Observation:
    _setup()
    from django.core.management import call_command

    with tempfile.TemporaryDirectory() as tmp:
        call_command("startproject", "probesite", tmp, stdout=io.StringIO())
        made = sorted(os.path.relpath(os.path.join(root, f), tmp) for root, _dirs, files in os.walk(tmp) for f in files)
    return Observation(
        present="manage.py" in made and os.path.join("probesite", "settings.py") in made,
        detail=f"call_command('startproject', 'probesite', dir) created {made}",
    )


@probes.register("type_hints")
def type_hints() -> Observation:
    import django

    package_dir = os.path.dirname(django.__file__)
    marker = os.path.isfile(os.path.join(package_dir, "py.typed"))
    stubs = sum(f.endswith(".pyi") for _root, _dirs, files in os.walk(package_dir) for f in files)
    return Observation(
        present=marker,
        detail=f"{package_dir}/py.typed exists: {marker}; .pyi files in the package: {stubs}",
    )
