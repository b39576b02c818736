"""Django: a single-file project (settings.configure), views as in the tutorial."""

from __future__ import annotations

import django
from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import path

from . import GREETING, JSON_OBJECT, ROWS
from ._common import TEMPLATES

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
)
django.setup()


def plaintext(request):  # type: ignore[no-untyped-def]
    return HttpResponse(GREETING, content_type="text/plain")


def json_view(request):  # type: ignore[no-untyped-def]
    return JsonResponse(JSON_OBJECT)


def html_view(request):  # type: ignore[no-untyped-def]
    return render(request, "fortunes.django", {"rows": ROWS})


urlpatterns = [
    path("plaintext", plaintext),
    path("json", json_view),
    path("html", html_view),
]

from django.core.wsgi import get_wsgi_application  # noqa: E402

app = get_wsgi_application()
