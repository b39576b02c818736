"""Plugins ship benchmark apps: `bench` reads their metadata without running them, copies and serves them.

The example plugin (examples/fwcompare-acme) is installed as the plugin tests
install it (entry points faked); its framework, the fictional Acme Web, is the
stand-in of acme_standin, installed for an interpreter: the stand-in one of
bench_standins for the whole run, a real one (with gunicorn) to serve the app for real.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

import bench_standins
import fwcompare_bench
from acme_standin import ACME, DISTRIBUTION, python_with_acme_web
from bench_standins import free_ports
from fwcompare import PluginData, Registry
from fwcompare._errors import BenchError, FrameworkNotInstalledError
from fwcompare.cli import main
from fwcompare.ops import bench_plan
from fwcompare.ops.bench import bench
from fwcompare.ops.bench_answers import fetch, wrong
from fwcompare.ops.bench_apps import BUNDLED, SOURCE_LIMIT, app_table, read_bench_app
from fwcompare.ops.bench_processes import child_environment, start_server, wait_ready
from fwcompare_bench import ENDPOINTS

standin_wrk = bench_standins.standin_wrk
standin_python = bench_standins.standin_python

EXAMPLE = (ACME / "fwcompare_acme" / "bench_app.py").read_bytes()
WHERE = "the benchmark app of plugin P (m)"
Entries = list[tuple[str, str, str | None, Any]]


@pytest.fixture
def acme_apps(monkeypatch: pytest.MonkeyPatch) -> Entries:
    """The example plugin, as if installed: its data, and (in the returned list) its benchmark app."""
    monkeypatch.syspath_prepend(str(ACME))
    monkeypatch.delenv("FWCOMPARE_NO_PLUGINS", raising=False)
    data = PluginData(data=files("fwcompare_acme") / "data")
    found = [("acme", "fwcompare_acme:plugin", DISTRIBUTION, lambda: data)]
    apps: Entries = [("acme", "fwcompare_acme.bench_app", DISTRIBUTION, None)]
    monkeypatch.setattr("fwcompare.store.entry_points.discover", lambda: list(found))
    monkeypatch.setattr("fwcompare.store.entry_points.discover_bench_apps", lambda: list(apps))
    return apps


def _read(source: str) -> tuple[Any, str, tuple[str, ...], str | None]:
    return read_bench_app(source.encode(), "acme", "plugins.app_acme", WHERE)


def _example(**changes: object) -> str:
    """The example's source with its BENCH_APP changed (None drops a field)."""
    meta = {
        "interface": "wsgi",
        "engine": "e",
        "distribution": "acme-web",
        "database": "d",
        "imports": "acme_web",
        **changes,
    }
    fields = {k: v for k, v in meta.items() if v is not None}
    return f"BENCH_APP = {fields!r}\napp = None\ndef serve(port): pass\n"


# -- reading the metadata: a literal, checked field by field ----------------------------------


def test_the_example_s_metadata_is_read_from_its_source_without_running_it() -> None:
    app, imports, addons, driver = read_bench_app(EXAMPLE, "acme", "plugins.app_acme", WHERE)
    assert app == fwcompare_bench.App(
        "acme",
        "wsgi",
        "plugins.app_acme",
        "gunicorn",
        "str.format + html.escape (Acme Web has no template engine)",
        "acme-web",
        "sqlite3 (stdlib driver)",
    )
    assert (imports, addons, driver) == ("acme_web", (), "psycopg")
    assert "fwcompare_acme.bench_app" not in sys.modules
    assert importlib.util.find_spec("acme_web") is None  # it could not have run here


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("app = 1\n", "it has no BENCH_APP = {...} at the top level"),
        ("BENCH_APP = dict(interface='wsgi')\napp = 1\n", "BENCH_APP is not a literal"),
        ("BENCH_APP = {'interface': __import__('os').getcwd()}\n", "BENCH_APP is not a literal"),
        ("BENCH_APP = ['wsgi']\napp = 1\n", "BENCH_APP is not a dict"),
        ("BENCH_APP = {\n", "it is not Python source"),
        ("BENCH_APP = {}\0\n", "it is not Python source"),
        (_example(interface="cgi"), "BENCH_APP['interface'] must be wsgi, asgi or own, got 'cgi'"),
        (_example(colour="red"), "BENCH_APP['colour'] is not a field (known: interface, server,"),
        (_example(engine=None), "BENCH_APP['engine'] must be text of 1 to 200 characters, got None"),
        (_example(engine="x" * 201), "BENCH_APP['engine'] must be text of 1 to 200 characters"),
        (_example(engine="Jinja\x1b[2J"), "BENCH_APP['engine'] holds a control character"),
        (_example(database="sqlite\u202e3"), "BENCH_APP['database'] holds a control character"),
        (_example(interface="own"), "BENCH_APP['server'] names an own-server app's server: required for own"),
        (_example(server="gunicorn"), "BENCH_APP['server'] names an own-server app's server"),
        (_example(distribution="acme web"), "BENCH_APP['distribution'] must be a distribution name"),
        (_example(imports="acme_web; import os"), "BENCH_APP['imports'] must be a module's dotted name"),
        (_example(addons="jinja2"), "BENCH_APP['addons'] must be a list of at most 20 distribution names"),
        (_example(addons=["jinja2", 3]), "BENCH_APP['addons'] holds 3, not a distribution name"),
        (_example(addons=["j"] * 21), "BENCH_APP['addons'] must be a list of at most 20"),
        (_example(postgresql="asyncpg"), "BENCH_APP['postgresql'] must be one of psycopg, psycopg2, got 'asyncpg'"),
        (_example(postgresql=["psycopg"]), "BENCH_APP['postgresql'] must be one of psycopg, psycopg2"),
        (
            _example().replace("app = None", "application = None"),
            "'interface'] is 'wsgi', so the module must define 'app'",
        ),
        (
            _example(interface="own", server="Acme server").replace("def serve", "def run"),
            "'interface'] is 'own', so the module must define 'serve'",
        ),
    ],
)
def test_a_bad_bench_app_is_a_clear_error_naming_the_plugin_and_the_field(source: str, message: str) -> None:
    with pytest.raises(BenchError) as caught:
        _read(source)
    assert str(caught.value).startswith(f"{WHERE} is not usable: ")
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_an_own_server_app_and_an_asgi_app_are_read_with_their_servers() -> None:
    app, _, addons, driver = _read(_example(interface="own", server="Acme server", addons=["jinja2"]))
    assert (app.interface, app.server, addons, driver) == ("own", "Acme server", ("jinja2",), None)
    assert _read(_example(interface="asgi"))[0].server == "uvicorn"


def test_an_oversized_source_is_refused_before_it_is_parsed() -> None:
    source = _example() + "#" * SOURCE_LIMIT
    with pytest.raises(BenchError, match="its source is over 256 KiB"):
        _read(source)
    with pytest.raises(BenchError, match="not Python source"):
        _read("BENCH_APP = " + "(" * 100_000)  # nested past the parser's limit


# -- finding the apps: only the provider's, never imported ---------------------------------------


def test_the_table_holds_the_provider_s_app_and_the_bundled_ones(acme_apps: Entries) -> None:
    table = app_table(["acme"], Registry())
    assert table.frameworks()[-1] == "acme"
    assert table["acme"].module == "plugins.app_acme"
    assert table["flask"] == BUNDLED["flask"]
    assert table.addons["acme"] == ()
    assert table.providers == {"acme": DISTRIBUTION}
    assert "fwcompare_acme.bench_app" not in sys.modules


def test_an_app_from_another_distribution_is_ignored(acme_apps: Entries) -> None:
    acme_apps[:] = [("acme", "fwcompare_acme.bench_app", "someone-else 0.1", None)]
    table = app_table(["acme"], Registry())
    assert "acme" not in table.apps
    with pytest.raises(FrameworkNotInstalledError) as caught:
        bench_plan.known(["acme"], table)
    assert str(caught.value).startswith(
        "acme has no benchmark app: neither fwcompare nor the plugin that provides it (fwcompare-acme 1.0.0) "
        "ships one; known: django, flask"
    )
    assert "not installed" not in str(caught.value)


def test_an_app_for_a_bundled_framework_is_ignored(acme_apps: Entries) -> None:
    acme_apps.append(("flask", "fwcompare_acme.bench_app", DISTRIBUTION, None))
    assert app_table(["flask"], Registry())["flask"] == BUNDLED["flask"]


def test_an_app_that_cannot_be_found_is_a_clear_error_when_asked_for(acme_apps: Entries) -> None:
    acme_apps[:] = [("acme", "fwcompare_acme.no_such_app", DISTRIBUTION, None)]
    table = app_table(None, Registry())
    assert table.broken == {
        "acme": "the benchmark app of plugin fwcompare-acme 1.0.0 (fwcompare_acme.no_such_app) cannot be found: "
        "no such Python module"
    }
    with pytest.raises(BenchError, match=r"\(fwcompare_acme.no_such_app\) cannot be found"):
        bench_plan.known(["acme"], table)
    assert bench_plan.known(["flask"], table) == ["flask"]


def test_without_plugins_only_the_bundled_apps_are_known(acme_apps: Entries, monkeypatch: pytest.MonkeyPatch) -> None:
    assert app_table(["acme"], Registry(plugins=False)).apps == BUNDLED.apps
    monkeypatch.setenv("FWCOMPARE_NO_PLUGINS", "1")
    assert app_table(["acme"], None) is BUNDLED


def test_the_cli_says_a_bad_plugin_app_in_one_line_and_exits_2(
    acme_apps: Entries, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad_app"
    bad.mkdir()
    (bad / "acme_bench.py").write_text("BENCH_APP = {'interface': 'cgi'}\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(bad))
    acme_apps[:] = [("acme", "acme_bench", DISTRIBUTION, None)]
    monkeypatch.setattr("fwcompare.registry.default_registry", Registry)
    assert main(["bench", "acme", "--python", str(tmp_path / "nothing here")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert "the benchmark app of plugin fwcompare-acme 1.0.0 (acme_bench) is not usable" in err
    assert "Traceback" not in err


# -- the run: copied into the run's fwcompare_bench, served, measured --------------------------


def test_the_bundled_package_leaves_the_plugins_name_free() -> None:
    assert not (Path(fwcompare_bench.__file__).parent / fwcompare_bench.PLUGINS).exists()


def test_an_app_in_a_package_is_copied_whole_with_the_table_the_child_reads(
    acme_apps: Entries, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "src" / "acme_bench"
    (package / "templates").mkdir(parents=True)
    (package / "__init__.py").write_text(_example(interface="own", server="Acme server"), encoding="utf-8")
    (package / "templates" / "page.html").write_text("<table>{rows}</table>", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path / "src"))
    acme_apps[:] = [("acme", "acme_bench", DISTRIBUTION, None)]
    copied = tmp_path / "run" / "fwcompare_bench"
    bench_plan.copy_tree(files("fwcompare_bench"), str(copied))
    app_table(["acme"], Registry()).copy_plugins(str(copied))
    assert (copied / "plugins" / "app_acme" / "templates" / "page.html").is_file()
    assert "BENCH_APP" in (copied / "plugins" / "app_acme" / "__init__.py").read_text(encoding="utf-8")
    # What the measured interpreter reads (fwcompare_bench.find), there.
    code = "from fwcompare_bench import find; app, first = find('acme'); print(app.module, app.interface, first)"
    env = child_environment(str(copied.parent))
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, timeout=60)
    assert done.stdout.split() == ["plugins.app_acme", "own", "acme_web"]
    assert "acme_bench" not in sys.modules


def test_fwcompare_bench_acme_measures_the_plugin_s_app_with_the_wsgi_floor(
    acme_apps: Entries, standin_wrk: Path, standin_python: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The stand-in interpreter serves a plugin's WSGI app itself (on wsgiref), acme_web installed for it.
    python = python_with_acme_web(tmp_path, base=standin_python)
    monkeypatch.setenv("FWBENCH_DISTS", "acme-web==4.2,gunicorn==23.0.0")
    lines: list[str] = []
    result = bench(
        ["acme"], python=python, rounds=1, duration=1, warmup=0, imports=1, registry=Registry(), progress=lines.append
    )
    assert [a.name for a in result.apps] == ["wsgi-floor", "acme"]
    acme = result.app("acme")
    assert (acme.floor, acme.version, acme.interface) == ("wsgi-floor", "4.2", "wsgi")
    assert acme.server == "gunicorn 23.0.0, 1 sync worker"
    assert acme.template_engine == "str.format + html.escape (Acme Web has no template engine)"
    assert acme.database == "sqlite3 (stdlib driver)"
    assert acme.footprint.distributions == ("acme-web 4.2",)
    assert all(e.cost_multiple is not None for e in acme.endpoints)
    assert dict(result.provenance.versions)["acme-web"] == "4.2"
    assert "starting acme on 127.0.0.1:" in " ".join(lines)
    assert "fwcompare_acme.bench_app" not in sys.modules
    # Every installed framework with an app: the plugin's too.
    everything = bench(python=python, rounds=1, duration=1, warmup=0, imports=1, registry=Registry())
    assert [a.name for a in everything.apps] == ["wsgi-floor", "acme"]


def test_the_cli_runs_fwcompare_bench_acme_and_no_plugins_leaves_it_out(
    acme_apps: Entries,
    standin_wrk: Path,
    standin_python: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    python = python_with_acme_web(tmp_path, base=standin_python)
    monkeypatch.setenv("FWBENCH_DISTS", "acme-web==4.2,gunicorn==23.0.0")
    monkeypatch.setattr("fwcompare.registry.default_registry", Registry)
    argv = ["bench", "acme", "--python", python, "--rounds", "1", "--duration", "1", "--warmup", "0"]
    assert main([*argv, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(a["name"], a["floor"]) for a in data["apps"]] == [("wsgi-floor", None), ("acme", "wsgi-floor")]
    assert main(["--no-plugins", *argv]) == 2
    assert "fwcompare has no benchmark app for 'acme'; known: django" in capsys.readouterr().err


def test_a_broken_plugin_app_is_skipped_when_nothing_was_asked_for(
    acme_apps: Entries, standin_wrk: Path, standin_python: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    acme_apps[:] = [("acme", "fwcompare_acme.no_such_app", DISTRIBUTION, None)]
    monkeypatch.setenv("FWBENCH_DISTS", "Flask==3.1.2,Jinja2==3.1.6,gunicorn==23.0.0,acme-web==4.2")
    result = bench(python=standin_python, rounds=1, duration=1, warmup=0, imports=1, registry=Registry())
    assert [a.name for a in result.apps] == ["wsgi-floor", "flask"]
    assert any(
        n.startswith("skipped acme (the benchmark app of plugin fwcompare-acme") for n in result.provenance.notes
    )


@pytest.mark.skipif(importlib.util.find_spec("gunicorn") is None, reason="gunicorn is not installed")
def test_the_example_app_served_on_gunicorn_answers_every_endpoint_right(acme_apps: Entries, tmp_path: Path) -> None:
    root = tmp_path / "run"
    bench_plan.copy_tree(files("fwcompare_bench"), str(root / "fwcompare_bench"))
    app_table(["acme"], Registry()).copy_plugins(str(root / "fwcompare_bench"))
    python = python_with_acme_web(tmp_path)
    port = free_ports(1)
    server = start_server(python, child_environment(str(root)), "acme", port, None, cwd=str(root))
    try:
        wait_ready(server)  # bench's own check of the five answers
        for endpoint in ENDPOINTS:
            kind, body = fetch(f"http://127.0.0.1:{port}/{endpoint}", 30.0)
            assert wrong(endpoint, kind, body) is None, (endpoint, kind, body[:200])
        # serve.py replaced itself with gunicorn, as for every WSGI app.
        assert b"gunicorn" in Path(f"/proc/{server.process.pid}/cmdline").read_bytes()
    finally:
        server.stop()
