"""django probes of security, built-in features and tooling (the catalogue's groups): auth, CSRF,
sessions, headers, i18n, caching, sitemaps, feeds, static files, OpenAPI, test client, CLI,
scaffolding, type hints."""

from __future__ import annotations

import io
import os
import tempfile
from typing import Any

from fwcompare_probes import Observation
from fwcompare_probes.django._common import _client, _ensure_tables, _setup, probes


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
