"""Plugins ship probes: `verify` copies and runs them as it runs the bundled ones.

The framework checked is faked where it is checked: an interpreter (this one,
wrapped) for which a tiny ``acme_web`` package and its metadata are installed.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

import fwcompare
from acme_standin import ACME, DISTRIBUTION, python_with_acme_web
from factories import framework_doc, write_json
from fwcompare import CheckStatus, PluginData, Registry
from fwcompare.cli import main
from fwcompare.ops.verify import NO_PROBES


@pytest.fixture
def acme_plugin(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str | None, Any]]:
    """The example plugin, as if installed: its data, and (in the returned list) its probes."""
    from importlib.resources import files

    monkeypatch.syspath_prepend(str(ACME))
    monkeypatch.delenv("FWCOMPARE_NO_PLUGINS", raising=False)
    data = PluginData(data=files("fwcompare_acme") / "data")
    found = [("acme", "fwcompare_acme:plugin", DISTRIBUTION, lambda: data)]
    probes: list[tuple[str, str, str | None, Any]] = [("acme", "fwcompare_acme.probes", DISTRIBUTION, None)]
    monkeypatch.setattr("fwcompare.store.entry_points.discover", lambda: list(found))
    monkeypatch.setattr("fwcompare.store.entry_points.discover_probes", lambda: list(probes))
    return probes


def test_the_example_plugin_s_probe_runs_under_verify(acme_plugin: list[Any], tmp_path: Path) -> None:
    result = fwcompare.verify(["acme"], python=python_with_acme_web(tmp_path), registry=Registry())
    checks = {c.criterion: c for c in result.checks}
    assert checks["interface"].status is CheckStatus.CONFIRMED, checks["interface"]
    assert "GET / -> 200 OK b'hello from acme'" in checks["interface"].observed
    assert checks["runs_on_acme_cloud"].status is CheckStatus.NOT_PROBEABLE
    assert "only a deployment to Acme Cloud" in checks["runs_on_acme_cloud"].observed
    assert result.ok
    assert not result.checked_nothing
    assert result.frameworks[0].version == "4.2"


def test_the_plugin_s_probe_module_is_copied_never_imported(acme_plugin: list[Any], tmp_path: Path) -> None:
    fwcompare.verify(["acme"], python=python_with_acme_web(tmp_path), registry=Registry())
    assert "fwcompare_acme.probes" not in sys.modules


def test_a_plugin_framework_without_probes_is_no_probes_not_not_installed(
    acme_plugin: list[Any], tmp_path: Path
) -> None:
    acme_plugin.clear()
    result = fwcompare.verify(["acme"], python=python_with_acme_web(tmp_path), registry=Registry())
    assert {c.status for c in result.checks} == {CheckStatus.NOT_PROBEABLE}
    assert {c.observed for c in result.checks} == {NO_PROBES}
    assert result.not_installed == ()
    assert result.frameworks[0].installed
    assert result.ok


def test_probes_from_another_distribution_are_not_run(acme_plugin: list[Any], tmp_path: Path) -> None:
    acme_plugin[:] = [("acme", "fwcompare_acme.probes", "someone-else 0.1", None)]
    result = fwcompare.verify(["acme"], python=python_with_acme_web(tmp_path), registry=Registry())
    assert {c.observed for c in result.checks} == {NO_PROBES}


def test_probes_that_cannot_be_found_are_the_framework_s_error(acme_plugin: list[Any], tmp_path: Path) -> None:
    acme_plugin[:] = [("acme", "fwcompare_acme.no_such_probes", DISTRIBUTION, None)]
    result = fwcompare.verify(["acme"], python=python_with_acme_web(tmp_path), registry=Registry())
    assert {c.status for c in result.checks} == {CheckStatus.ERROR}
    assert "the probes of plugin fwcompare-acme 1.0.0 (fwcompare_acme.no_such_probes) cannot be copied" in (
        result.checks[0].observed
    )


def test_a_framework_without_probes_does_not_fail_the_run_by_itself(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("flask")
    data = tmp_path / "data"
    data.mkdir()
    doc = framework_doc("acme")
    doc["pypi"] = "acme-web"
    write_json(data, "acme.json", doc)
    python = python_with_acme_web(tmp_path)
    status = main(["--no-plugins", "--data-dir", str(data), "verify", "acme", "flask", "--python", python])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert "not installed" not in captured.out + captured.err
    assert "no probes" in captured.out


def test_probes_in_a_package_are_copied_whole(
    acme_plugin: list[Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "src" / "acme_checks"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("from .web import probes\n", encoding="utf-8")
    example = (ACME / "fwcompare_acme" / "probes.py").read_text(encoding="utf-8")
    (package / "web.py").write_text(example, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path / "src"))
    acme_plugin[:] = [("acme", "acme_checks", DISTRIBUTION, None)]
    result = fwcompare.verify(["acme"], python=python_with_acme_web(tmp_path), registry=Registry())
    assert next(c for c in result.checks if c.criterion == "interface").status is CheckStatus.CONFIRMED
