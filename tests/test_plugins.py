"""Extension points: plugins (in-process fakes and real installed packages) and user data."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

import pytest

import fwcompare
from factories import criteria_doc, framework_doc, write_json
from fwcompare import PluginData, PluginError, PluginWarning, Registry
from fwcompare.cli import main

ROOT = Path(__file__).resolve().parent.parent
ACME_DATA = ROOT / "examples" / "fwcompare-acme" / "src" / "fwcompare_acme" / "data"

EntryPoint = tuple[str, str, "str | None", Callable[[], object]]


@pytest.fixture
def entry_points(monkeypatch: pytest.MonkeyPatch) -> list[EntryPoint]:
    """Fake installed plugins: append (name, value, distribution, load) tuples."""
    found: list[EntryPoint] = []
    monkeypatch.setattr("fwcompare.store.entry_points.discover", lambda: list(found))
    monkeypatch.delenv("FWCOMPARE_NO_PLUGINS", raising=False)
    return found


def _acme() -> PluginData:
    from pathlib import Path

    return PluginData(data=Path(ACME_DATA))


def _broken() -> PluginData:
    raise ImportError("broken on purpose")


def test_a_data_plugin_adds_a_framework_and_a_criterion(entry_points: list[EntryPoint]) -> None:
    entry_points.append(("acme", "fwcompare_acme:plugin", "fwcompare-acme 1.0.0", lambda: _acme))
    registry = Registry()
    acme = registry.get("Acme Web")
    assert acme.slug == "acme"
    assert registry.criteria()[-1].key == "runs_on_acme_cloud"
    assert registry.origin("acme") == "plugin acme"
    row = fwcompare.compare("acme", "django", registry=registry).row("runs_on_acme_cloud")
    assert [f.support for f in row.facts] == [fwcompare.SupportLevel.BUILT_IN, fwcompare.SupportLevel.UNKNOWN]
    (info,) = registry.plugins()
    assert info.loaded
    assert info.frameworks == ("acme",)
    assert info.criteria == ("runs_on_acme_cloud",)
    assert info.distribution == "fwcompare-acme 1.0.0"


def test_a_python_object_plugin(entry_points: list[EntryPoint]) -> None:
    flask = fwcompare.get("flask")
    import attrs

    twin = attrs.evolve(flask, slug="flask-twin", name="Flask Twin", aliases=())
    entry_points.append(("twin", "twin:plugin", None, lambda: PluginData(frameworks=[twin])))
    assert Registry().get("flask-twin").facts is flask.facts


def test_a_broken_plugin_warns_by_name_and_the_rest_loads(entry_points: list[EntryPoint]) -> None:
    entry_points.append(("acme", "fwcompare_acme:plugin", None, lambda: _acme))
    entry_points.append(("broken", "fwcompare_broken:plugin", None, _broken))
    registry = Registry()
    with pytest.warns(PluginWarning, match=r"plugin 'broken' \(fwcompare_broken:plugin\) failed to load: ImportError"):
        assert registry.get("acme").name == "Acme Web"
    assert "django" in registry
    broken = {p.name: p for p in registry.plugins()}["broken"]
    assert not broken.loaded
    assert broken.error == "ImportError: broken on purpose"


def test_a_plugin_with_bad_data_contributes_nothing(entry_points: list[EntryPoint], tmp_path: Path) -> None:
    write_json(tmp_path, "criteria.json", criteria_doc("half_loaded"))
    write_json(tmp_path, "bad.json", {"schema_version": 1, "slug": "bad"})
    entry_points.append(("bad", "bad:plugin", None, lambda: PluginData(data=tmp_path)))
    registry = Registry()
    with pytest.warns(PluginWarning, match="plugin 'bad'.*bad.json"):
        keys = [c.key for c in registry.criteria()]
    assert "half_loaded" not in keys, "nothing half-loaded is left behind"
    assert "bad" not in registry


def test_strict_mode_makes_a_broken_plugin_an_error(entry_points: list[EntryPoint]) -> None:
    entry_points.append(("broken", "fwcompare_broken:plugin", None, _broken))
    registry = Registry(strict=True)
    with pytest.raises(PluginError, match="plugin 'broken'"):
        registry.frameworks()
    assert registry._state is None


def test_a_plugin_cannot_silently_replace_a_bundled_framework(entry_points: list[EntryPoint], tmp_path: Path) -> None:
    write_json(tmp_path, "flask.json", framework_doc("flask"))
    entry_points.append(("impostor", "impostor:plugin", None, lambda: PluginData(data=tmp_path)))
    registry = Registry()
    with pytest.warns(
        PluginWarning, match=r"plugin 'impostor': framework 'flask' is already defined by frameworks/flask\.toml"
    ):
        assert registry.get("flask").summary == fwcompare.get("flask").summary
    (info,) = registry.plugins()
    assert info.skipped == ("flask",)
    assert info.frameworks == ()


def test_an_explicit_override_replaces_it(entry_points: list[EntryPoint], tmp_path: Path) -> None:
    write_json(tmp_path, "flask.json", framework_doc("flask"))
    data = PluginData(data=tmp_path, overrides={"flask"})
    entry_points.append(("fix", "fix:plugin", None, lambda: data))
    registry = Registry()
    assert registry.get("flask").summary == "The flask framework, for tests."
    assert registry.get("flask-web").slug == "flask"
    assert registry.origin("flask") == "plugin fix"
    assert len(registry) == len(fwcompare.frameworks())


def test_a_plugin_criterion_clash_is_refused(entry_points: list[EntryPoint], tmp_path: Path) -> None:
    write_json(tmp_path, "criteria.json", criteria_doc("orm"))
    entry_points.append(("clash", "clash:plugin", None, lambda: PluginData(data=tmp_path)))
    registry = Registry()
    with pytest.warns(PluginWarning, match="criterion 'orm' is already defined by bundled"):
        assert registry.criterion("orm").group == "data"


def test_autoloading_can_be_turned_off(entry_points: list[EntryPoint], monkeypatch: pytest.MonkeyPatch) -> None:
    entry_points.append(("acme", "fwcompare_acme:plugin", None, lambda: _acme))
    monkeypatch.setenv("FWCOMPARE_NO_PLUGINS", "1")
    assert "acme" not in Registry()
    assert "acme" in Registry(plugins=True)
    monkeypatch.delenv("FWCOMPARE_NO_PLUGINS")
    assert "acme" not in Registry(plugins=False)


def test_reload_discovers_again(entry_points: list[EntryPoint]) -> None:
    registry = Registry()
    assert "acme" not in registry
    entry_points.append(("acme", "fwcompare_acme:plugin", None, lambda: _acme))
    assert "acme" not in registry, "cached until reload"
    registry.reload()
    assert "acme" in registry


def test_user_data_directory_with_a_framework_and_a_criterion_through_api_and_cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    registry = Registry([ACME_DATA], plugins=False)
    assert registry.get("acme-web").fact("runs_on_acme_cloud").value == "supported"
    assert main(["--data-dir", str(ACME_DATA), "compare", "acme", "flask", "--criteria", "runs_on_acme_cloud"]) == 0
    out = capsys.readouterr().out
    assert "Runs on Acme Cloud" in out
    assert "supported" in out
    monkeypatch.setenv("FWCOMPARE_DATA_PATH", str(ACME_DATA))
    assert main(["show", "acme"]) == 0
    assert "Runs on Acme Cloud: supported" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--data-dir", "/no/such/dir", "list"], "/no/such/dir: is not a directory"),
        (["--data-dir", "EMPTY", "compare", "acme", "flask"], "has no data files"),
    ],
)
def test_user_data_errors_exit_2(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    args = [str(tmp_path) if a == "EMPTY" else a for a in args]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_user_data_file_that_does_not_parse_names_file_and_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "acme.toml").write_text('schema_version = 1\nname = "Acme\n', encoding="utf-8")
    assert main(["--data-dir", str(tmp_path), "list"]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path}{os.sep}acme.toml, line 2: not valid TOML" in err


def test_user_override_of_a_bundled_framework_must_be_explicit(tmp_path: Path) -> None:
    doc = framework_doc("flask")
    write_json(tmp_path, "flask.json", doc)
    with pytest.raises(fwcompare.DataError, match="set override = true"):
        Registry([tmp_path], plugins=False).frameworks()
    doc["override"] = True
    write_json(tmp_path, "flask.json", doc)
    assert Registry([tmp_path], plugins=False).get("flask").summary == "The flask framework, for tests."


# --- The real thing: plugin packages installed into a fresh virtual environment --------------


@pytest.fixture(scope="module")
def plugin_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with fwcompare and both example plugins installed as a user would."""
    where = tmp_path_factory.mktemp("plugin-venv")
    venv.create(where, with_pip=True)
    python = where / "bin" / "python"
    packages = [str(ROOT), str(ROOT / "examples" / "fwcompare-acme"), str(ROOT / "examples" / "fwcompare-broken")]
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", *packages],
        check=True,
        capture_output=True,
    )
    return where


def _run(venv_dir: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("FWCOMPARE_", "PYTHON"))}
    environment.update(env or {})
    return subprocess.run(list(args), capture_output=True, text=True, env=environment, check=False, cwd=venv_dir)


def test_installed_plugin_works_through_api(plugin_venv: Path) -> None:
    code = (
        "import fwcompare; acme = fwcompare.get('acme'); "
        "print(acme.name, fwcompare.compare('acme', 'flask').row('runs_on_acme_cloud').facts[0].value)"
    )
    result = _run(plugin_venv, str(plugin_venv / "bin" / "python"), "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Acme Web supported"
    assert "PluginWarning: fwcompare plugin 'broken'" in result.stderr


def test_installed_plugin_ships_its_bench_app(plugin_venv: Path) -> None:
    # The example's real entry points: its benchmark app is found (and read, not imported).
    code = (
        "import sys; from fwcompare.ops.bench_apps import app_table; table = app_table(['acme'], None); "
        "print(table['acme'].module, table['acme'].interface, table.plugins['acme'].plugin, "
        "'fwcompare_acme.bench_app' in sys.modules)"
    )
    result = _run(plugin_venv, str(plugin_venv / "bin" / "python"), "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "plugins.app_acme wsgi fwcompare-acme 1.0.0 False"


def test_installed_plugin_works_through_cli(plugin_venv: Path) -> None:
    cli = str(plugin_venv / "bin" / "fwcompare")
    result = _run(plugin_venv, cli, "compare", "acme", "flask")
    assert result.returncode == 0, result.stderr
    assert "Acme Web" in result.stdout
    assert "Runs on Acme Cloud" in result.stdout
    assert "fwcompare: warning: fwcompare plugin 'broken'" in result.stderr
    listing = _run(plugin_venv, cli, "plugins")
    assert "acme: loaded (fwcompare_acme:plugin from fwcompare-acme 1.0.0): frameworks acme" in listing.stdout
    assert "broken: FAILED (fwcompare_broken:plugin from fwcompare-broken 0.0.1): ImportError" in listing.stdout
    off = _run(plugin_venv, cli, "show", "acme", env={"FWCOMPARE_NO_PLUGINS": "1"})
    assert off.returncode == 2
    assert "unknown framework 'acme'" in off.stderr
    assert "warning" not in off.stderr


def test_installed_package_data_is_read_as_resources(plugin_venv: Path) -> None:
    # The bundled data comes from the installed package (not this checkout).
    code = "import fwcompare, importlib.resources as r; print(r.files('fwcompare'))"
    result = _run(plugin_venv, str(plugin_venv / "bin" / "python"), "-c", code)
    assert "site-packages" in result.stdout
    assert files("fwcompare") is not None
    assert sys.version_info >= (3, 11)


def test_installed_plugin_ships_a_probe_that_verify_runs(plugin_venv: Path) -> None:
    # Acme Web is fictional: install a stand-in (a module and its metadata) where the plugin is.
    site = next((plugin_venv / "lib").glob("python*/site-packages"))
    (site / "acme_web.py").write_text(
        "def App():\n"
        "    def app(environ, start_response):\n"
        "        start_response('200 OK', [('Content-Type', 'text/plain')])\n"
        "        return [b'hi']\n"
        "    return app\n",
        encoding="utf-8",
    )
    dist_info = site / "acme_web-4.2.dist-info"
    dist_info.mkdir(exist_ok=True)
    (dist_info / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-web\nVersion: 4.2\n", encoding="utf-8")
    (dist_info / "RECORD").write_text("acme_web.py,,\n", encoding="utf-8")
    result = _run(plugin_venv, str(plugin_venv / "bin" / "fwcompare"), "verify", "acme")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[0] == "acme 4.2"
    assert "confirmed     interface: expected built-in at 4.2" in result.stdout
    assert "not installed" not in result.stdout
