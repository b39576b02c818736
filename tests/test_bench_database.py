"""The database of a bench run: SQLite by default, or a PostgreSQL the user names (``--db``).

The harness's side runs against the stand-in interpreter (tests/fixtures/bench),
which says a PostgreSQL URL is "PostgreSQL 15.99" without reaching one; the apps'
side (each app served against a real PostgreSQL) is in test_bench_apps.py, when
FWCOMPARE_BENCH_POSTGRESQL names one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import bench_standins
from bench_standins import free_ports
from fwcompare._errors import BenchError, FrameworkNotInstalledError
from fwcompare.cli import main
from fwcompare.model.figures import Figure, Round
from fwcompare.model.measurements import BenchResult, EndpointMeasurement
from fwcompare.ops.bench import bench
from fwcompare.ops.bench_apps import BUNDLED, AppTable
from fwcompare.ops.bench_database import database_url, database_where, local_database, redacted_url
from fwcompare.ops.bench_plan import Environment, choose
from fwcompare.ops.bench_processes import child_environment
from fwcompare_bench import APPS, POSTGRESQL, App, postgresql_label
from fwcompare_bench.db import ENVIRONMENT, URL_ENVIRONMENT

standin_wrk = bench_standins.standin_wrk
standin_python = bench_standins.standin_python

SECRET = "postgresql://bench:s3cret@localhost:5433/benchdb?password=s3cret"
PSYCOPG = "psycopg==3.3.9,psycopg2-binary==2.9.13"


# -- the URL: checked, and its password never shown ----------------------------------------------


def test_a_postgresql_url_is_taken_and_postgres_is_spelt_postgresql() -> None:
    assert database_url(None) == database_url("") == ""
    assert database_url("postgresql://bench@localhost/x") == "postgresql://bench@localhost/x"
    assert database_url("postgres://bench@localhost/x") == "postgresql://bench@localhost/x"


@pytest.mark.parametrize(
    "url",
    [
        "mysql://root@localhost/x",
        "sqlite:///tmp/x.db",
        "localhost:5432",
        "postgresql://a@b/\x1b[2J",
        "postgresql://" + "a" * 1000,
    ],
)
def test_anything_else_is_refused_without_showing_a_password(url: str) -> None:
    with pytest.raises(BenchError, match="--db must be a PostgreSQL URL") as raised:
        database_url(url)
    assert "\x1b" not in str(raised.value)
    with pytest.raises(BenchError) as raised:
        database_url("mysql://root:s3cret@localhost/x")
    assert "s3cret" not in str(raised.value)


def test_the_password_and_the_query_s_values_are_hidden_and_where_names_no_user() -> None:
    assert redacted_url(SECRET) == "postgresql://bench:***@localhost:5433/benchdb?password=***"
    assert redacted_url("postgresql://bench@localhost/x") == "postgresql://bench@localhost/x"
    assert redacted_url("postgresql://a:b@h:port/x") == "postgresql://a:***@h:port/x"  # a port that is no number
    assert database_where(SECRET) == "localhost:5433/benchdb"
    assert database_where("postgresql:///benchdb") == "the local socket/benchdb"


def test_only_a_postgresql_on_this_machine_has_its_cpu_counted() -> None:
    assert local_database("") is None
    assert local_database("postgresql://bench@db.example.org/x") is None
    for url in ("postgresql://bench@localhost/x", "postgresql://bench@127.0.0.1:5433/x", "postgresql:///x"):
        counter = local_database(url)
        assert counter is not None
        assert counter() >= 0.0


def test_the_children_read_the_run_s_database_not_one_the_caller_s_environment_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(URL_ENVIRONMENT, "postgresql://someone@elsewhere/theirs")
    monkeypatch.setenv(ENVIRONMENT, "/tmp/their.sqlite3")
    env = child_environment("/run")
    assert URL_ENVIRONMENT not in env
    assert ENVIRONMENT not in env
    url = "postgresql://bench@localhost/x"
    assert child_environment("/run", url)[URL_ENVIRONMENT] == url


# -- the apps: a driver each, and labels that say it ----------------------------------------------


def test_every_bundled_app_names_its_driver_and_the_label_says_it() -> None:
    assert set(POSTGRESQL) == set(APPS)
    assert {n for n, d in POSTGRESQL.items() if d == "psycopg2"} == {"py4web", "masonite"}
    assert postgresql_label(APPS["flask"].database, "psycopg") == "psycopg 3 (driver)"
    assert postgresql_label(APPS["masonite"].database, "psycopg2") == "Masonite ORM, through psycopg2"


def _environment(*dists: str) -> Environment:
    found = {d: {"name": d, "version": "1", "requires": [], "size": 1} for d in dists}
    return Environment("CPython 3.13.0", {}, found)


def test_an_app_needs_its_driver_only_when_the_run_is_on_postgresql() -> None:
    env = _environment("flask", "gunicorn", "py4web", "psycopg")
    assert env.missing("flask") == []
    assert env.missing("flask", BUNDLED, postgresql=True) == []
    assert env.missing("py4web", BUNDLED, postgresql=True) == ["psycopg2-binary"]
    assert _environment("py4web", "gunicorn", "psycopg2").missing("py4web", BUNDLED, postgresql=True) == []
    assert _environment("flask", "gunicorn").missing("flask", BUNDLED, postgresql=True) == ["psycopg[binary]"]


def test_a_plugin_app_without_a_driver_is_skipped_or_refused_on_postgresql() -> None:
    acme = App("acme", "wsgi", "plugins.app_acme", "gunicorn", "e", "acme-web", "sqlite3 (stdlib driver)")
    table = AppTable({**APPS, "acme": acme}, {}, postgresql=POSTGRESQL)
    env = _environment("flask", "acme-web", "gunicorn", "psycopg")
    plan = choose(None, env, "python", lambda line: None, table=table, postgresql=True)
    assert plan.apps == ("wsgi-floor", "flask")
    assert plan.skipped == ("acme (its app runs on SQLite only)",)
    assert choose(None, env, "python", lambda line: None, table=table).apps == ("wsgi-floor", "flask", "acme")
    with pytest.raises(BenchError, match="acme's benchmark app runs on SQLite only"):
        choose(["acme"], env, "python", lambda line: None, table=table, postgresql=True)


# -- a run: the database in the provenance, the drivers in the labels ----------------------------


def test_a_sqlite_run_names_sqlite_and_its_version(standin_wrk: Path, standin_python: str) -> None:
    result = bench(["flask"], python=standin_python, port=free_ports(2), rounds=1, duration=1, warmup=0, imports=1)
    database = result.provenance.database
    assert database is not None
    assert database.startswith("SQLite 3.")
    assert database.endswith("(a file built for the run)")
    assert result.app("flask").database == "sqlite3 (stdlib driver)"
    assert not result.provenance.database_server


def test_a_postgresql_run_names_it_without_the_password_and_labels_every_driver(
    standin_wrk: Path, standin_python: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FWBENCH_DISTS", "Flask==3.1.2,Jinja2==3.1.6,gunicorn==23.0.0," + PSYCOPG)
    port = free_ports(2)
    settings = ["--rounds", "1", "--duration", "1", "--warmup", "0", "--format", "json", "--quiet"]
    code = main(["bench", "flask", "--python", standin_python, "--db", SECRET, "--port", str(port), *settings])
    out = capsys.readouterr().out
    assert code == 0
    assert "s3cret" not in out
    result = BenchResult.from_dict(__import__("json").loads(out))
    p = result.provenance
    assert p.database == "PostgreSQL 15.99 at localhost:5433/benchdb"
    assert p.database_server
    assert "--db 'postgresql://bench:***@localhost:5433/benchdb?password=***'" in p.command
    assert dict(p.versions)["psycopg"] == "3.3.9"
    assert [a.database for a in result.apps] == ["psycopg 3 (driver)", "psycopg 3 (driver)"]
    assert any(n.startswith("/db and /fortunes read PostgreSQL") for n in p.notes)
    assert any(n.startswith("PostgreSQL ran on this machine, unpinned") for n in p.notes)


def test_a_postgresql_run_without_the_driver_says_what_to_install(standin_wrk: Path, standin_python: str) -> None:
    with pytest.raises(FrameworkNotInstalledError, match=r"psycopg\[binary\] not installed"):
        bench(["flask"], python=standin_python, db="postgresql://bench@localhost/x", rounds=1, duration=1, warmup=0)


@pytest.mark.parametrize(
    ("mode", "message"),
    [
        ("foreign-database", "the PostgreSQL at localhost/x could not be prepared: .*holds other rows"),
        ("bad-database", "described the run's database in an unexpected shape"),
    ],
)
def test_a_database_that_cannot_be_prepared_is_one_error_before_any_server_starts(
    standin_wrk: Path, standin_python: str, monkeypatch: pytest.MonkeyPatch, mode: str, message: str
) -> None:
    monkeypatch.setenv("FWBENCH_DISTS", "Flask==3.1.2,gunicorn==23.0.0," + PSYCOPG)
    monkeypatch.setenv("FWBENCH_PYTHON", mode)
    lines: list[str] = []
    with pytest.raises(BenchError, match=message):
        bench(["flask"], python=standin_python, db="postgresql://bench:pw@localhost/x", progress=lines.append,
              rounds=1, duration=1, warmup=0, imports=1)  # fmt: skip
    assert not any(line.startswith("starting") for line in lines)


# -- flags: a server that waits for PostgreSQL is not starved ------------------------------------


def _result(database: str | None) -> BenchResult:
    from fwcompare.model.measurements import Footprint, FrameworkMeasurement
    from fwcompare.model.provenance import Provenance

    starved = (Round(1000, 10.0, 5.0, 0, (1.0, 2.0, 3.0, 4.0), 2500.0),)  # half of its core
    endpoints = tuple(EndpointMeasurement(e, starved, Figure.of([2.0])) for e in ("plaintext", "db", "fortunes"))
    app = FrameworkMeasurement("flask", "3.1.3", "wsgi", "gunicorn", "Jinja", None, endpoints,
                               Footprint((), 0, Figure.of([1.0]), Figure.of([1.0]), 0))  # fmt: skip
    settings = (("duration_s", 1), ("warmup_s", 0), ("rounds", 1), ("connections", 16), ("threads", 1))
    p = Provenance("2026-12-07T08:00:00+00:00", "c", 2, "cpu", 0, 1, "os", "CPython 3.13.0", (), "wrk", settings,
                   (0, 0), database=database)  # fmt: skip
    return BenchResult(p, (app,))


def test_on_postgresql_only_the_database_endpoints_are_not_flagged_for_waiting() -> None:
    on_sqlite = _result("SQLite 3.40.1 (a file built for the run)").flags()
    assert [f.split(":")[0] for f in on_sqlite] == ["flask plaintext", "flask db", "flask fortunes"]
    on_postgresql = _result("PostgreSQL 15.18 at localhost:5433/benchdb").flags()
    assert [f.split(":")[0] for f in on_postgresql] == ["flask plaintext"]
    assert _result(None).flags() == on_sqlite  # recorded before the database was kept: SQLite


def test_the_database_is_kept_in_the_json_and_shown_in_every_format() -> None:
    result = _result("PostgreSQL 15.18 at localhost:5433/benchdb")
    again = BenchResult.from_dict(result.to_dict())
    assert again.provenance.database == "PostgreSQL 15.18 at localhost:5433/benchdb"
    for text in (result.to_text(width=200), result.to_markdown(), result.to_html()):
        assert "Database of /db and /fortunes: PostgreSQL 15.18 at localhost:5433/benchdb" in text
    assert "Database of" not in _result(None).to_text(width=200)
