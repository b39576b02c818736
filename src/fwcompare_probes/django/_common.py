"""What django's probes share: the probe set and the helpers that build apps and make requests."""

from __future__ import annotations

import sys
import types
from typing import Any

from fwcompare_probes import ProbeSet

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
