"""Masonite ORM's configuration for the Masonite app, as a project's ``config/database.py`` holds it.

Masonite ORM finds this module through ``DB_CONFIG_PATH`` (set by
``masonite_app``) and reads its ``DB``.
"""

from __future__ import annotations

from masoniteorm.connections import ConnectionResolver

from . import db

DATABASES = {
    "default": "sqlite",
    "sqlite": {"driver": "sqlite", "database": db.path(), "prefix": "", "log_queries": False},
}

DB = ConnectionResolver().set_connection_details(DATABASES)
