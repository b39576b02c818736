"""Masonite ORM's configuration for the Masonite app, as a project's ``config/database.py`` holds it.

Masonite ORM finds this module through ``DB_CONFIG_PATH`` (set by
``masonite_app``) and reads its ``DB``.
"""

from __future__ import annotations

from masoniteorm.connections import ConnectionResolver

from . import db

if db.postgresql():  # Masonite ORM's postgres driver: psycopg2, its only one
    _parts = db.parts()
    _parts["database"] = _parts.pop("name", "")
    DATABASES = {
        "default": "postgres",
        "postgres": {"driver": "postgres", **_parts, "prefix": "", "log_queries": False},
    }
else:
    DATABASES = {
        "default": "sqlite",
        "sqlite": {"driver": "sqlite", "database": db.path(), "prefix": "", "log_queries": False},
    }

DB = ConnectionResolver().set_connection_details(DATABASES)
