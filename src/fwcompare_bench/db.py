"""The database endpoints' SQLite database: built from this script, never shipped as a file.

The schema and the fortunes are TechEmpower's (``World`` and ``Fortune``,
toolset/databases/postgres/create-postgres.sql in TechEmpower/FrameworkBenchmarks,
commit 341964e4, read 2026-12-06): table ``world`` holds ids 1 to 10000 with a
``randomNumber`` from 1 to 10000, table ``fortune`` their twelve messages. The
random numbers come from a seeded generator, so every build is the same
database.

The file is built once per run, before the first server starts (``serve``
calls :func:`path`), at the path ``FWCOMPARE_BENCH_DB`` names, or else beside
this package's copy (``fwcompare bench`` copies the package to the run's
temporary directory, so the database lives and dies with the run; it takes
a file of 112 KiB, built in about 0.15 s).
Nothing writes to it while it is served: the fortunes page adds its row in memory.

The driver-based apps share :func:`world` and :func:`fortunes` (one connection
per thread, the query, the sort); apps with an ORM query through it instead.

PostgreSQL instead (``fwcompare bench --db postgresql://...``): the URL is in
``FWCOMPARE_BENCH_DB_URL``, :func:`prepare` creates the same two tables with the
same rows there (or checks that they hold them), and the apps reach it with
the same code through the driver their ORM documents for PostgreSQL: psycopg 3
for the driver-based apps, Django, SQLAlchemy and Emmett, psycopg2 for pyDAL
(py4web) and Masonite ORM, which support no other (``fwcompare_bench.POSTGRESQL``).
"""

from __future__ import annotations

import os
import random
import sqlite3
import threading
from typing import Any

WORLD_ROWS = 10000
"""Rows in ``world`` (ids 1 to WORLD_ROWS); random numbers are 1 to WORLD_ROWS too."""

FORTUNES = (
    (1, "fortune: No such file or directory"),
    (2, "A computer scientist is someone who fixes things that aren't broken."),
    (3, "After enough decimal places, nobody gives a damn."),
    (4, "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1"),
    (5, "A computer program does what you tell it to do, not what you want it to do."),
    (6, "Emacs is a nice operating system, but I prefer UNIX. \u2014 Tom Christaensen"),
    (7, "Any program that runs right is obsolete."),
    (8, "A list is only as strong as its weakest link. \u2014 Donald Knuth"),
    (9, "Feature: A bug with seniority."),
    (10, "Computers make very fast, very accurate mistakes."),
    (11, '<script>alert("This should not be displayed in a browser alert box.");</script>'),
    (12, "\u30d5\u30ec\u30fc\u30e0\u30ef\u30fc\u30af\u306e\u30d9\u30f3\u30c1\u30de\u30fc\u30af"),
)
"""TechEmpower's twelve fortunes, (id, message)."""

ADDED_FORTUNE = "Additional fortune added at request time."
"""The row the fortunes page adds (id 0) before sorting, as TechEmpower's test does."""

SEED = 28
WORLD_QUERY = 'SELECT id, "randomNumber" FROM world WHERE id = ?'
FORTUNES_QUERY = "SELECT id, message FROM fortune"
TABLES = (
    'CREATE TABLE IF NOT EXISTS world (id INTEGER PRIMARY KEY, "randomNumber" INTEGER NOT NULL)',
    "CREATE TABLE IF NOT EXISTS fortune (id INTEGER PRIMARY KEY, message VARCHAR(2048) NOT NULL)",
)
"""The two tables, as SQLite and PostgreSQL both create them (TechEmpower's columns)."""
ENVIRONMENT = "FWCOMPARE_BENCH_DB"
URL_ENVIRONMENT = "FWCOMPARE_BENCH_DB_URL"
"""Where a PostgreSQL run's URL is (``postgresql://user@host:port/name``); unset for SQLite."""
_FILE = "fwcompare-bench.sqlite3"


def create(target: str) -> None:
    """Write the database to *target*, atomically (a server never sees half a file)."""
    partial = f"{target}.{os.getpid()}.partial"
    if os.path.exists(partial):
        os.remove(partial)
    numbers = random.Random(SEED)
    connection = sqlite3.connect(partial)
    try:
        with connection:
            for statement in TABLES:
                connection.execute(statement)
            connection.executemany(
                "INSERT INTO world VALUES (?, ?)",
                ((i, numbers.randint(1, WORLD_ROWS)) for i in range(1, WORLD_ROWS + 1)),
            )
            connection.executemany("INSERT INTO fortune VALUES (?, ?)", FORTUNES)
    finally:
        connection.close()
    os.replace(partial, target)


def path() -> str:
    """The database file's absolute path, built first if it is not there yet."""
    target = os.environ.get(ENVIRONMENT)
    if not target:
        here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        target = os.environ[ENVIRONMENT] = os.path.join(here, _FILE)
    if not os.path.exists(target):
        create(target)
    return target


def random_id() -> int:
    """A random world id, as each request of the single-query test asks for."""
    return random.randint(1, WORLD_ROWS)


def postgresql() -> str:
    """The PostgreSQL URL of this run, or ``""`` for the bundled SQLite database."""
    return os.environ.get(URL_ENVIRONMENT, "")


def _rest(address: str) -> str:
    """*address* without its scheme: ``user@host:port/name``."""
    return address.partition("://")[2]


def url(scheme: str = "sqlite:///") -> str:
    """The database as a URL for SQLAlchemy (``sqlite:///``; for pyDAL, :func:`pydal_uri`).

    For PostgreSQL, SQLAlchemy's ``postgresql+psycopg://``: the scheme names the
    driver, since a bare ``postgresql://`` means psycopg2 in SQLAlchemy 2.0.
    """
    address = postgresql()
    return "postgresql+psycopg://" + _rest(address) if address else scheme + path()


def parts() -> dict[str, str]:
    """The PostgreSQL URL's parts, for ORMs configured by fields (Django, Masonite ORM): empty ones left out."""
    from urllib.parse import unquote, urlsplit

    split = urlsplit(postgresql())
    found = {
        "host": split.hostname or "",
        "port": str(split.port or ""),
        "user": unquote(split.username or ""),
        "password": unquote(split.password or ""),
        "name": unquote(split.path.lstrip("/")),
    }
    return {key: value for key, value in found.items() if value}


def pydal_uri(module: str = "psycopg2") -> str:
    """The database as a pyDAL URI, through *module* (``psycopg2``, or ``psycopg3`` for emmett-pydal)."""
    address = postgresql()
    return f"postgres:{module}://{_rest(address)}" if address else url("sqlite://")


def prepare() -> str:
    """Build the SQLite file, or fill (or check) the PostgreSQL tables; say which database and version it is.

    PostgreSQL's tables are created where absent and filled where empty; tables
    that hold other rows are left alone and the run refused (a user's database
    is not overwritten). Through psycopg 3, or psycopg2 where it is the only
    driver (Masonite's environment): plain DB-API calls, which both take.
    """
    address = postgresql()
    if not address:
        path()
        return f"SQLite {sqlite3.sqlite_version} (a file built for the run)"
    numbers = random.Random(SEED)
    worlds = [(i, numbers.randint(1, WORLD_ROWS)) for i in range(1, WORLD_ROWS + 1)]
    conn = _driver().connect(address)
    try:
        with conn:  # one transaction (committed at the end): a second run waits on the lock, then only checks
            cursor = conn.cursor()
            cursor.execute("SELECT pg_advisory_xact_lock(28)")
            for statement in TABLES:
                cursor.execute(statement)
            for table, rows, query in (
                ("world", worlds, 'SELECT id, "randomNumber" FROM world ORDER BY id'),
                ("fortune", list(FORTUNES), "SELECT id, message FROM fortune ORDER BY id"),
            ):
                cursor.execute(query)
                held = [tuple(row) for row in cursor.fetchall()]
                if not held:
                    cursor.executemany(f"INSERT INTO {table} VALUES (%s, %s)", rows)
                elif held != rows:
                    raise SystemExit(
                        f"table {table} of the PostgreSQL database holds other rows than fwcompare's: "
                        "give fwcompare bench a database of its own (createdb)"
                    )
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
    finally:
        conn.close()
    return f"PostgreSQL {version}"


def _driver() -> Any:
    """psycopg (3), or psycopg2 where it is the only PostgreSQL driver installed."""
    try:
        import psycopg

        return psycopg
    except ImportError:
        import psycopg2

        return psycopg2


_local = threading.local()


def connection() -> Any:  # sqlite3's, or psycopg's (not imported for SQLite runs)
    """This thread's connection (opened on first use, kept: a connection pool of one per thread)."""
    conn = getattr(_local, "connection", None)
    if conn is None:
        address = postgresql()
        if address:
            import psycopg

            conn = psycopg.connect(address, autocommit=True)
            _local.world = WORLD_QUERY.replace("?", "%s")  # psycopg's placeholder
        else:
            conn = sqlite3.connect(path())
            _local.world = WORLD_QUERY
        _local.connection = conn
    return conn


def world() -> dict[str, int]:
    """One random row of ``world`` through the driver, as the JSON object to send."""
    conn = connection()  # decides the query's placeholder, once per thread
    row = conn.execute(_local.world, (random_id(),)).fetchone()
    return {"id": row[0], "randomNumber": row[1]}


def fortunes() -> list[dict[str, object]]:
    """Every fortune through the driver, plus the added one, sorted by message."""
    rows: list[dict[str, object]] = [{"id": i, "message": m} for i, m in connection().execute(FORTUNES_QUERY)]
    rows.append({"id": 0, "message": ADDED_FORTUNE})
    rows.sort(key=lambda row: str(row["message"]))
    return rows


if __name__ == "__main__":
    # ``python -m fwcompare_bench.db``: prepare the run's database, print what it is (one JSON line).
    import json
    import sys

    print(json.dumps({"database": prepare()}), flush=True)
    sys.exit(0)
