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
"""

from __future__ import annotations

import os
import random
import sqlite3
import threading

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
ENVIRONMENT = "FWCOMPARE_BENCH_DB"
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
            connection.execute('CREATE TABLE world (id INTEGER PRIMARY KEY, "randomNumber" INTEGER NOT NULL)')
            connection.execute("CREATE TABLE fortune (id INTEGER PRIMARY KEY, message VARCHAR(2048) NOT NULL)")
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


def url(scheme: str = "sqlite:///") -> str:
    """The database as a URL for SQLAlchemy (``sqlite:///``) or pyDAL (``sqlite://``)."""
    return scheme + path()


_local = threading.local()


def connection() -> sqlite3.Connection:
    """This thread's connection (opened on first use, kept: a connection pool of one per thread)."""
    conn = getattr(_local, "connection", None)
    if conn is None:
        conn = _local.connection = sqlite3.connect(path())
    return conn


def world() -> dict[str, int]:
    """One random row of ``world`` through the driver, as the JSON object to send."""
    row = connection().execute(WORLD_QUERY, (random_id(),)).fetchone()
    return {"id": row[0], "randomNumber": row[1]}


def fortunes() -> list[dict[str, object]]:
    """Every fortune through the driver, plus the added one, sorted by message."""
    rows: list[dict[str, object]] = [{"id": i, "message": m} for i, m in connection().execute(FORTUNES_QUERY)]
    rows.append({"id": 0, "message": ADDED_FORTUNE})
    rows.sort(key=lambda row: str(row["message"]))
    return rows
