"""Django: a single-file project (settings.configure), views and models as in the tutorial.

The models are unmanaged (``managed = False``: Django neither creates nor
migrates their tables, which ``fwcompare_bench.db`` builds) and belong to the
app label ``fwcompare_bench``, installed for them.
"""

from __future__ import annotations

import django
from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import path

from . import GREETING, JSON_OBJECT, ROWS, db
from ._common import TEMPLATES

if db.postgresql():  # Django's PostgreSQL backend: psycopg 3 where installed, else psycopg2
    _parts = db.parts()
    DATABASE = {"ENGINE": "django.db.backends.postgresql", "NAME": _parts.pop("name", "")}
    DATABASE.update((key.upper(), value) for key, value in _parts.items())
else:
    DATABASE = {"ENGINE": "django.db.backends.sqlite3", "NAME": db.path()}

settings.configure(
    DEBUG=False,
    SECRET_KEY="fwcompare-bench",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    # The middleware of a new project (startproject), without sessions, auth and
    # messages, which this app has no use for and which need a database.
    MIDDLEWARE=[
        "django.middleware.security.SecurityMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ],
    TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [TEMPLATES]}],
    INSTALLED_APPS=["fwcompare_bench"],
    # CONN_MAX_AGE=None keeps the connection open across requests (Django's
    # "persistent connections"), as every other app keeps its own.
    DATABASES={"default": {**DATABASE, "CONN_MAX_AGE": None}},
)
django.setup()

from django.db import models  # noqa: E402 (after setup, as models need the app registry)


class World(models.Model):
    randomNumber = models.IntegerField()

    class Meta:
        app_label = "fwcompare_bench"
        db_table = "world"
        managed = False


class Fortune(models.Model):
    message = models.CharField(max_length=2048)

    class Meta:
        app_label = "fwcompare_bench"
        db_table = "fortune"
        managed = False


def plaintext(request):  # type: ignore[no-untyped-def]
    return HttpResponse(GREETING, content_type="text/plain")


def json_view(request):  # type: ignore[no-untyped-def]
    return JsonResponse(JSON_OBJECT)


def html_view(request):  # type: ignore[no-untyped-def]
    return render(request, "fortunes.django", {"rows": ROWS})


def db_view(request):  # type: ignore[no-untyped-def]
    world = World.objects.get(id=db.random_id())
    return JsonResponse({"id": world.id, "randomNumber": world.randomNumber})


def fortunes_view(request):  # type: ignore[no-untyped-def]
    fortunes = list(Fortune.objects.all())
    fortunes.append(Fortune(id=0, message=db.ADDED_FORTUNE))
    fortunes.sort(key=lambda fortune: fortune.message)
    return render(request, "fortunes.django", {"rows": fortunes})


urlpatterns = [
    path("plaintext", plaintext),
    path("json", json_view),
    path("html", html_view),
    path("db", db_view),
    path("fortunes", fortunes_view),
]

from django.core.wsgi import get_wsgi_application  # noqa: E402

app = get_wsgi_application()
