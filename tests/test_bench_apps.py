"""Every benchmark app whose framework is installed serves the five endpoints right.

Each app is started exactly as ``fwcompare bench`` starts it (``python -m
fwcompare_bench.serve NAME PORT``: gunicorn, uvicorn or the framework's own
server) on a free loopback port, asked for each endpoint over HTTP, and
stopped with its whole process group. An app whose framework (or server) is
not installed is skipped, unless FWCOMPARE_REQUIRE_FRAMEWORKS=1 says this is
the environment with every framework (then it fails; the slugs in
FWCOMPARE_VERIFIED_ELSEWHERE are served in environments of their own).

FWCOMPARE_BENCH_PYTHON names another interpreter to serve the apps with (an
environment that cannot run these tests, such as Masonite's, which pins
pytest 7): as bench does, the package is copied to a temporary directory put
on that interpreter's PYTHONPATH, and what is installed is asked of it.

FWCOMPARE_BENCH_POSTGRESQL names a PostgreSQL database (``postgresql://bench@localhost:5433/benchdb``,
started as the benchmark-method page shows): every app is then also served
against it, through its PostgreSQL driver (``fwcompare_bench.POSTGRESQL``).
Without it those cases skip, unless FWCOMPARE_REQUIRE_FRAMEWORKS=1.
"""

from __future__ import annotations

import contextlib
import functools
import html
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

import fwcompare_bench
from fwcompare_bench import (
    ADDONS,
    APPS,
    DRIVER_DISTRIBUTIONS,
    ENDPOINTS,
    GREETING,
    IMPORTS,
    JSON_OBJECT,
    POSTGRESQL,
    ROWS,
)
from fwcompare_bench.db import ADDED_FORTUNE, FORTUNES, URL_ENVIRONMENT, WORLD_ROWS

REQUIRE_ALL = os.environ.get("FWCOMPARE_REQUIRE_FRAMEWORKS") == "1"
VERIFIED_ELSEWHERE = frozenset(filter(None, os.environ.get("FWCOMPARE_VERIFIED_ELSEWHERE", "").split(",")))
# The servers serve.py runs WSGI and ASGI apps on.
SERVERS = {"wsgi": "gunicorn", "asgi": "uvicorn"}
# Seconds a server may take to start listening (Reflex and NiceGUI import a lot),
# and to answer one request.
START_TIMEOUT = 90.0
REQUEST_TIMEOUT = 30.0
# Absolute (not resolved: a venv's python is a link to keep): the apps are served from a
# temporary directory, where a relative path names nothing.
PYTHON = str(Path(os.environ.get("FWCOMPARE_BENCH_PYTHON") or sys.executable).absolute())
POSTGRESQL_URL = os.environ.get("FWCOMPARE_BENCH_POSTGRESQL", "")


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory holding a copy of fwcompare_bench, for PYTHON's PYTHONPATH."""
    root = tmp_path_factory.mktemp("packages")
    shutil.copytree(
        Path(fwcompare_bench.__file__).parent, root / "fwcompare_bench", ignore=shutil.ignore_patterns("__pycache__")
    )
    return root


@functools.cache
def _distributions(packages: Path) -> frozenset[str]:
    """The normalised names of the distributions installed for PYTHON."""
    env = {**os.environ, "PYTHONPATH": str(packages)}
    out = subprocess.run(
        [PYTHON, "-m", "fwcompare_bench.info"], capture_output=True, text=True, check=True, env=env, timeout=120
    ).stdout
    return frozenset(_normalize(d["name"]) for d in json.loads(out.splitlines()[-1])["distributions"])


@functools.cache
def _prepare_postgresql(packages: Path) -> None:
    """Fill (or check) the PostgreSQL tables once, as ``fwcompare bench`` does before any server starts."""
    env = {**os.environ, "PYTHONPATH": str(packages), URL_ENVIRONMENT: POSTGRESQL_URL}
    subprocess.run([PYTHON, "-m", "fwcompare_bench.db"], capture_output=True, check=True, env=env, timeout=120)


def _missing(name: str, packages: Path, database: str = "sqlite") -> list[str]:
    app = APPS[name]
    needed = [d for d in (app.distribution, *ADDONS.get(name, ()), SERVERS.get(app.interface, "")) if d]
    found = _distributions(packages)
    missing = [d for d in needed if _normalize(d) not in found]
    drivers = DRIVER_DISTRIBUTIONS[POSTGRESQL[name]]
    if database == "postgresql" and not any(_normalize(d) in found for d in drivers):
        missing.append(" or ".join(drivers))
    return missing


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@contextlib.contextmanager
def _served(name: str, cwd: Path, packages: Path, database: str = "sqlite") -> Iterator[int]:
    """Run *name*'s server in a process group of its own, in *cwd*; yield its port; stop the group.

    Its standard error goes to a file (a pipe nobody reads could fill and stall it).
    """
    port = _free_port()
    command = [PYTHON, "-m", "fwcompare_bench.serve", name, str(port)]
    # As fwcompare bench runs it: not "in pytest" (NiceGUI's ui.run takes its port from the
    # environment when PYTEST_CURRENT_TEST is set).
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_") and k != URL_ENVIRONMENT}
    env["PYTHONPATH"] = str(packages)
    if database == "postgresql":
        _prepare_postgresql(packages)
        env[URL_ENVIRONMENT] = POSTGRESQL_URL
    log = cwd / "server.log"
    with log.open("w") as err:
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=err, start_new_session=True, cwd=cwd, env=env
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _listening(port):
            if process.poll() is not None:
                pytest.fail(f"{name}'s server exited with {process.returncode}: {log.read_text()[-2000:]}")
            if time.monotonic() > deadline:
                pytest.fail(f"{name}'s server did not listen on {port} within {START_TIMEOUT} s")
            time.sleep(0.05)
        yield port
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # children that outlived their parent


def _get(port: int, endpoint: str) -> tuple[int, str, str]:
    """(status, content type, body) of GET /*endpoint*."""
    url = f"http://127.0.0.1:{port}/{endpoint}"
    try:
        with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read().decode(errors="replace")


def _check_html(body: str) -> None:
    assert "<script>alert" not in body, "the row with markup came out unescaped"
    assert "&lt;script&gt;alert(" in body
    text = html.unescape(body)
    for row in ROWS:
        assert f"{row['id']}" in text
        assert str(row["message"]) in text


_CELLS = re.compile(r"<tr>\s*<td>\s*(\d+)\s*</td>\s*<td>(.*?)</td>\s*</tr>", re.DOTALL)


def _check_fortunes(body: str) -> None:
    """TechEmpower's fortunes test: every row, plus the added one, sorted by message, escaped."""
    assert "<script>alert" not in body, "the fortune with markup came out unescaped"
    rows = [(int(i), html.unescape(m).strip()) for i, m in _CELLS.findall(body)]
    expected = sorted([*FORTUNES, (0, ADDED_FORTUNE)], key=lambda row: row[1])
    assert rows == expected


def _check_db(body: str) -> None:
    row = json.loads(body)
    assert set(row) == {"id", "randomNumber"}
    assert all(type(v) is int and 1 <= v <= WORLD_ROWS for v in row.values()), row


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
@pytest.mark.parametrize("name", sorted(APPS))
def test_the_app_serves_its_five_endpoints(name: str, database: str, tmp_path: Path, packages: Path) -> None:
    if database == "postgresql" and not POSTGRESQL_URL:
        if REQUIRE_ALL and name not in VERIFIED_ELSEWHERE:
            pytest.fail("FWCOMPARE_REQUIRE_FRAMEWORKS=1 but FWCOMPARE_BENCH_POSTGRESQL names no database")
        pytest.skip("no PostgreSQL to serve from: FWCOMPARE_BENCH_POSTGRESQL is not set")
    missing = _missing(name, packages, database)
    if missing:
        if REQUIRE_ALL and name not in VERIFIED_ELSEWHERE:
            pytest.fail(f"FWCOMPARE_REQUIRE_FRAMEWORKS=1 but {name} needs {missing}, not installed")
        pytest.skip(f"{name} needs {missing}, not installed here")
    with _served(name, tmp_path, packages, database) as port:
        status, kind, body = _get(port, "plaintext")
        assert (status, body) == (200, GREETING)
        assert kind.startswith("text/plain")
        status, kind, body = _get(port, "json")
        assert status == 200
        assert kind.startswith("application/json")
        assert json.loads(body) == JSON_OBJECT
        status, kind, body = _get(port, "html")
        assert status == 200, body[:500]
        assert kind.startswith("text/html")
        _check_html(body)
        ids = set()
        for _ in range(5):
            status, kind, body = _get(port, "db")
            assert status == 200, body[:500]
            assert kind.startswith("application/json")
            _check_db(body)
            ids.add(json.loads(body)["id"])
        assert len(ids) > 1, "five queries asked for the same id: not random"
        status, kind, body = _get(port, "fortunes")
        assert status == 200, body[:500]
        assert kind.startswith("text/html")
        _check_fortunes(body)
    assert not _listening(port)


def test_every_app_names_its_server_interface_engine_database_and_first_import() -> None:
    assert ENDPOINTS[:3] == ("plaintext", "json", "html")
    for name, app in APPS.items():
        assert app.name == name
        assert app.interface in {"wsgi", "asgi", "own"}
        assert app.server
        assert app.engine
        assert app.database
        if not name.endswith("-floor"):
            assert app.distribution
            assert name in IMPORTS
    assert set(ADDONS) <= set(APPS)


def test_the_database_is_techempowers_schema_built_the_same_every_time(tmp_path: Path) -> None:
    import sqlite3

    from fwcompare_bench import db

    first, second = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    db.create(str(first))
    db.create(str(second))
    with contextlib.closing(sqlite3.connect(first)) as a, contextlib.closing(sqlite3.connect(second)) as b:
        worlds = a.execute('SELECT id, "randomNumber" FROM world ORDER BY id').fetchall()
        assert worlds == b.execute('SELECT id, "randomNumber" FROM world ORDER BY id').fetchall()
        assert [i for i, _ in worlds] == list(range(1, WORLD_ROWS + 1))
        assert {n for _, n in worlds} <= set(range(1, WORLD_ROWS + 1))
        assert len({n for _, n in worlds}) > WORLD_ROWS // 2  # random, not constant
        assert a.execute(db.FORTUNES_QUERY + " ORDER BY id").fetchall() == list(FORTUNES)
    assert len(FORTUNES) == 12
    assert not list(tmp_path.glob("*.partial"))


def test_the_driver_helpers_answer_one_world_row_and_thirteen_sorted_fortunes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fwcompare_bench import db

    target = tmp_path / "bench.sqlite3"
    monkeypatch.setenv(db.ENVIRONMENT, str(target))
    assert db.path() == str(target)
    assert target.exists()
    _check_db(json.dumps(db.world()))
    rows = db.fortunes()
    assert [r["message"] for r in rows] == sorted(m for _, m in [*FORTUNES, (0, ADDED_FORTUNE)])
    assert {"id": 0, "message": ADDED_FORTUNE} in rows
