"""Verification against the real, installed frameworks."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import tomllib
from collections.abc import Mapping
from importlib.resources import files
from pathlib import Path

import pytest

import fwcompare
from factories import write_json
from fwcompare import CheckStatus, Registry
from fwcompare.cli import main

# Set in the environment that has every bundled framework installed (see
# .ci/run and the README): a framework missing there is then a failure.
REQUIRE_ALL = os.environ.get("FWCOMPARE_REQUIRE_FRAMEWORKS") == "1"
# Slugs (comma-separated) that cannot share that environment and are verified
# in one of their own: Masonite 4.20 installs on Python 3.11 only, and Emmett's
# emmett-pydal overwrites the pydal package py4web imports.
VERIFIED_ELSEWHERE = frozenset(filter(None, os.environ.get("FWCOMPARE_VERIFIED_ELSEWHERE", "").split(",")))


def _installed(distribution: str) -> bool:
    from importlib.metadata import PackageNotFoundError, version

    try:
        version(distribution)
    except PackageNotFoundError:
        return False
    return True


needs_flask = pytest.mark.skipif(
    importlib.util.find_spec("flask") is None or importlib.util.find_spec("asgiref") is None,
    reason="needs flask[async] (in the test dependency group)",
)


def _bundled_doc(slug: str) -> dict[str, object]:
    raw = files("fwcompare").joinpath("data", "frameworks", f"{slug}.toml").read_text(encoding="utf-8")
    doc = tomllib.loads(raw)
    result: dict[str, object] = json.loads(json.dumps(doc, default=str))  # dates as strings, as in JSON files
    return result


def _registry_with(tmp_path: Path, slug: str, fact_key: str, fact: Mapping[str, object]) -> Registry:
    """A registry whose only framework is a bundled one with one fact replaced."""
    catalogue = files("fwcompare").joinpath("data", "criteria.toml").read_text(encoding="utf-8")
    (tmp_path / "criteria.toml").write_text(catalogue, encoding="utf-8")
    doc = _bundled_doc(slug)
    facts = doc["facts"]
    assert isinstance(facts, dict)
    facts[fact_key] = fact
    write_json(tmp_path, f"{slug}.json", doc)
    return Registry([tmp_path], bundled=False)


WRONG_SOURCE = [{"url": "https://example.org/wrong", "title": "A deliberately wrong fact", "read": "2026-11-24"}]


@needs_flask
def test_a_wrong_fact_is_contradicted_with_the_observation(tmp_path: Path) -> None:
    registry = _registry_with(tmp_path, "flask", "async_views", {"support": "absent", "sources": WRONG_SOURCE})
    result = fwcompare.verify(["flask"], registry=registry)
    (check,) = [c for c in result.checks if c.criterion == "async_views"]
    assert check.status is CheckStatus.CONTRADICTED
    assert check.expected.startswith("absent at ")
    assert "200" in check.observed  # what the probe saw: the async view answered
    assert not result.ok
    assert result.failures == (check,)
    assert "contradicted" in str(result)


@needs_flask
def test_a_wrong_version_bound_is_contradicted(tmp_path: Path) -> None:
    # Claim async views arrived in a release after the installed one.
    wrong = {"support": "built-in", "since": "99.0", "sources": WRONG_SOURCE}
    registry = _registry_with(tmp_path, "flask", "async_views", wrong)
    (check,) = [c for c in fwcompare.verify(["flask"], registry=registry).checks if c.criterion == "async_views"]
    assert check.status is CheckStatus.CONTRADICTED
    assert "(before 99.0)" in check.expected


@needs_flask
def test_a_wrong_value_is_contradicted(tmp_path: Path) -> None:
    wrong = {"support": "built-in", "value": ["ASGI"], "sources": WRONG_SOURCE}
    registry = _registry_with(tmp_path, "flask", "interface", wrong)
    (check,) = [c for c in fwcompare.verify(["flask"], registry=registry).checks if c.criterion == "interface"]
    assert check.status is CheckStatus.CONTRADICTED
    assert "data has ('ASGI',)" in check.observed


def test_a_framework_that_is_not_installed_is_skipped(tmp_path: Path) -> None:
    python = tmp_path / "venv"
    import venv

    venv.create(python, with_pip=False)
    interpreter = str(python / "bin" / "python")
    # attrs is all the probes package needs; the fresh venv does not even have that,
    # but the framework check comes first and the runner says "not installed".
    result = fwcompare.verify(["flask"], python=interpreter)
    statuses = {c.status for c in result.checks}
    assert statuses == {CheckStatus.NOT_INSTALLED}
    assert result.ok


def test_a_missing_interpreter_is_an_error_not_a_crash(tmp_path: Path) -> None:
    with pytest.raises(fwcompare.InterpreterError, match="not an executable file"):
        fwcompare.verify(["flask"], python=str(tmp_path / "no-python"))


def test_every_bundled_framework_has_probes_covering_every_criterion() -> None:
    keys = {c.key for c in fwcompare.criteria()}
    for framework in fwcompare.frameworks():
        # Probe modules import their framework only inside the probes: importable anywhere.
        module = importlib.import_module(f"fwcompare_probes.{framework.slug}")
        probes = module.probes
        assert probes.slug == framework.slug
        probed, excused = set(probes.probes), set(probes.not_probeable)
        assert not probed & excused, f"{framework.slug}: both probed and excused: {probed & excused}"
        assert probed | excused == keys, f"{framework.slug}: {keys - probed - excused} neither probed nor excused"
        for key, reason in probes.not_probeable.items():
            assert len(reason) > 20, f"{framework.slug}.{key}: give the reason"


def test_bundled_data_agrees_with_the_installed_frameworks() -> None:
    """The real check: every installed bundled framework confirms its probed facts."""
    installed = [f.slug for f in fwcompare.frameworks() if _installed(f.pypi)]
    if REQUIRE_ALL:
        missing = sorted(
            f.slug for f in fwcompare.frameworks() if f.slug not in installed and f.slug not in VERIFIED_ELSEWHERE
        )
        assert not missing, f"FWCOMPARE_REQUIRE_FRAMEWORKS=1 but not installed: {missing}"
    if not installed:
        pytest.skip("no bundled framework is installed here (see README: verifying the data)")
    result = fwcompare.verify(installed)
    assert result.failures == (), str(result)
    assert result.count(CheckStatus.CONFIRMED) > 0


def test_cli_verify_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", "nosuch"]) == 2
    assert "unknown framework 'nosuch'" in capsys.readouterr().err
    assert main(["verify", "flask", "--python", str(tmp_path / "nope")]) == 2
    if shutil.which("true") is not None:
        # An interpreter that prints nothing is not a Python: a usage error, before any probe.
        assert main(["verify", "flask", "--python", shutil.which("true") or "", "--format", "json"]) == 2
        assert "is not a Python interpreter" in capsys.readouterr().err


@needs_flask
def test_cli_verify_flask_confirms(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", "flask"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("flask ")
    assert "contradicted" not in out
    assert out.splitlines()[-1].startswith("OK: ")


def test_probes_that_are_a_package_are_copied_and_run() -> None:
    # Django's probes are a package (fwcompare_probes/django/): copied with its
    # submodules, they run (or report Django not installed), never "no probes" or an error.
    result = fwcompare.verify(["django"])
    statuses = {c.status for c in result.checks}
    assert statuses <= {CheckStatus.CONFIRMED, CheckStatus.NOT_INSTALLED, CheckStatus.NEEDS_PACKAGE}, statuses
    assert not [c for c in result.checks if "no probes" in c.observed]


@pytest.mark.skipif(_installed("bottle"), reason="needs an environment without Bottle")
def test_verify_json_ok_is_false_when_the_run_fails(capsys: pytest.CaptureFixture[str]) -> None:
    # Bottle is named but not installed: exit status 1, and the document must say so too.
    status = main(["--no-plugins", "verify", "bottle", "--format", "json"])
    captured = capsys.readouterr()
    assert status == 1
    assert json.loads(captured.out)["ok"] is False
    assert "not installed in this environment: bottle" in captured.err


@needs_flask
def test_verify_json_ok_is_true_when_the_run_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--no-plugins", "verify", "flask", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True
