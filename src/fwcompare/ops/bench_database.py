"""The database of a benchmark run: the PostgreSQL URL checked, the database prepared and described.

``/db`` and ``/fortunes`` read SQLite, built for the run inside its temporary
directory, or a PostgreSQL the user started (``fwcompare bench --db URL``).
The URL is the user's, so it is checked before use, and its password is never
printed or recorded (`redacted_url`, `database_where`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

from .._errors import BenchError, shorten
from .bench_plan import run_json
from .bench_processes import cpu_seconds, named_processes

__all__ = ["database_url", "database_where", "local_database", "prepare_database", "redacted_url"]

_URL_LIMIT = 1000


def database_url(url: str | None) -> str:
    """The PostgreSQL URL of a run (``""``: the bundled SQLite database); `BenchError` if it is not one.

    ``postgresql://`` or ``postgres://`` (spelt ``postgresql://`` after), as libpq reads it;
    what is missing (host, port, user) libpq takes from its defaults and ``PG*`` variables.
    """
    if url is None or url == "":
        return ""
    if (
        not isinstance(url, str)
        or len(url) > _URL_LIMIT
        or not url.isprintable()
        or not url.startswith(("postgresql://", "postgres://"))
    ):
        raise BenchError(
            "--db must be a PostgreSQL URL (postgresql://user@host:port/name), "
            f"got {shorten(redacted_url(str(url)), 60)!r}"
        )
    return "postgresql://" + url.partition("://")[2]


def redacted_url(url: str) -> str:
    """*url* with its password (and its query's values) hidden: what may be printed or recorded.

    >>> redacted_url("postgresql://bench:secret@localhost:5433/benchdb?sslmode=require")
    'postgresql://bench:***@localhost:5433/benchdb?sslmode=***'
    """
    from urllib.parse import urlsplit, urlunsplit

    try:
        split = urlsplit(url)
        netloc = split.netloc
        if split.password is not None:
            user, _, host = netloc.rpartition("@")
            netloc = f"{user.partition(':')[0]}:***@{host}"
        query = "&".join(f"{part.partition('=')[0]}=***" for part in split.query.split("&") if part)
        return urlunsplit((split.scheme, netloc, split.path, query, ""))
    except ValueError:  # a port that is not a number, a bracket left open
        return url.partition("://")[0] + "://***"


def database_where(url: str) -> str:
    """Where a run's PostgreSQL is, for the provenance: ``localhost:5433/benchdb``, no user, no password."""
    from urllib.parse import unquote, urlsplit

    try:
        split = urlsplit(url)
        host = split.hostname or "the local socket"
        port = f":{split.port}" if split.port else ""
    except ValueError:
        return "an unreadable address"
    return f"{host}{port}/{unquote(split.path.lstrip('/')) or '(the default database)'}"


def prepare_database(python: str, env: Mapping[str, str], root: str, url: str) -> str:
    """Build (SQLite) or fill and check (PostgreSQL) the run's database; what it is, for the provenance."""
    try:
        said = run_json(python, ["-m", "fwcompare_bench.db"], env, root)
    except BenchError as exc:  # PostgreSQL not reachable, tables holding other rows, no driver
        where = f"the PostgreSQL at {database_where(url)}" if url else "the SQLite database"
        raise BenchError(f"{where} could not be prepared: {shorten(str(exc), 300)}") from None
    what = said.get("database") if isinstance(said, dict) else None
    if not isinstance(what, str) or not what.isprintable() or not 0 < len(what) <= 200:
        raise BenchError(f"{python} described the run's database in an unexpected shape")
    return f"{what} at {database_where(url)}" if url else what


def local_database(url: str) -> Callable[[], float] | None:
    """CPU seconds used so far by a PostgreSQL on this machine (its processes are named ``postgres``).

    None for SQLite (it runs inside the servers) and for a database on another host.
    """
    from urllib.parse import urlsplit

    if not url or not os.path.exists("/proc"):
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if host not in (None, "", "localhost", "127.0.0.1", "::1"):
        return None
    return lambda: cpu_seconds(named_processes("postgres"))
