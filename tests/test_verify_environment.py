"""verify tells the environment from the framework, and cannot pass by checking nothing."""

from __future__ import annotations

import importlib.util
import json
import os
import stat
import sys
import venv
from pathlib import Path

import pytest

import fwcompare
from fwcompare import CheckStatus
from fwcompare.cli import main
from fwcompare.model.verification import Check, Verification
from fwcompare.ops.verify import _judge
from fwcompare_probes import NeedsPackage, requires
from fwcompare_probes.run import _observe

needs_flask = pytest.mark.skipif(
    importlib.util.find_spec("flask") is None or importlib.util.find_spec("asgiref") is None,
    reason="needs flask[async] (in the test dependency group)",
)

# An import blocker: the listed top-level modules cannot be imported, as if not installed.
BLOCKER = """
import importlib.abc, os, sys

BLOCKED = set(os.environ.get("FWCOMPARE_TEST_BLOCK", "").split(","))


class _Blocker(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


sys.meta_path.insert(0, _Blocker())
"""


def _blocking_python(tmp_path: Path, blocked: list[str]) -> str:
    """An interpreter (this one, wrapped) for which *blocked* modules are not installed."""
    site = tmp_path / "blocker"
    site.mkdir()
    (site / "sitecustomize.py").write_text(BLOCKER, encoding="utf-8")
    wrapper = tmp_path / "python"
    # verify starts the probes isolated (-I), which ignores PYTHONPATH: the wrapper
    # drops that flag so the blocker loads; isolation itself is tested in test_hostile.
    wrapper.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = "-I" ]; then shift; fi\n'
        f'FWCOMPARE_TEST_BLOCK="{",".join(blocked)}" PYTHONPATH="$PYTHONPATH:{site}" exec "{sys.executable}" "$@"\n',
        encoding="utf-8",
    )
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    return str(wrapper)


def _raises(exc: BaseException) -> object:
    def probe() -> None:
        raise exc

    return probe


def test_a_probe_that_needs_a_package_is_reported_as_needing_it() -> None:
    seen = _observe(_raises(NeedsPackage("jinja2", "no module jinja2")), {"flask"})
    assert seen == {"needs": "jinja2", "detail": "no module jinja2"}


def test_a_missing_module_of_another_project_is_the_environment() -> None:
    missing = ModuleNotFoundError("No module named 'multipart'", name="multipart")
    assert _observe(_raises(missing), {"fastapi"})["needs"] == "multipart"
    # A module of the framework itself that is missing is the probe's problem: an error.
    own = ModuleNotFoundError("No module named 'fastapi.cli'", name="fastapi.cli")
    assert "error" in _observe(_raises(own), {"fastapi"})


def test_requires_finds_any_of_the_import_names() -> None:
    requires("pytest")
    requires("python-multipart", "no_such_module_x", "json")
    with pytest.raises(NeedsPackage) as caught:
        requires("no-such-package-x")
    assert caught.value.package == "no-such-package-x"
    assert "no_such_package_x" in str(caught.value)


def test_needing_a_package_is_neither_an_error_nor_a_contradiction() -> None:
    flask = fwcompare.get("flask")
    check = _judge(flask, "templating", str(flask.checked.version), {"needs": "jinja2", "detail": ""})
    assert check.status is CheckStatus.NEEDS_PACKAGE
    assert check.observed == "not installed (needs jinja2)"
    assert not check.status.is_failure
    assert Verification((check,)).ok


@needs_flask
def test_flask_without_its_optional_packages_reports_no_error_and_no_contradiction(tmp_path: Path) -> None:
    # asgiref is Flask's only optional package its probes use (the "async" extra).
    python = _blocking_python(tmp_path, ["asgiref"])
    result = fwcompare.verify(["flask"], python=python)
    assert result.failures == (), str(result)
    assert not result.checked_nothing
    check = next(c for c in result.checks if c.criterion == "async_views")
    assert check.status is CheckStatus.NEEDS_PACKAGE
    assert "needs asgiref" in check.observed
    assert result.count(CheckStatus.CONFIRMED) > 10


def _empty_venv(tmp_path: Path) -> str:
    venv.create(tmp_path / "venv", with_pip=False)
    return str(tmp_path / "venv" / "bin" / "python")


def test_a_named_framework_that_is_not_installed_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    python = _empty_venv(tmp_path)
    assert main(["verify", "flask", "django", "--python", python]) == 1
    captured = capsys.readouterr()
    assert "not installed for" in captured.err
    assert "flask, django" in captured.err
    assert "NOTHING CHECKED: no framework checked, 2 not installed (flask, django)" in " ".join(captured.out.split())


def test_a_run_that_checked_nothing_fails_unless_allowed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    python = _empty_venv(tmp_path)
    result = Verification((Check("flask", "orm", CheckStatus.NOT_INSTALLED, "-", "flask is not installed"),))
    assert result.ok
    assert result.checked_nothing
    assert result.not_installed == ("flask",)
    # Every framework (none named): nothing installed is a failure, unless --allow-none.
    env = dict(os.environ)
    assert main(["verify", "--python", python, "--format", "json"]) == 1
    captured = capsys.readouterr()
    assert "nothing was checked" in captured.err
    data = json.loads(captured.out)
    assert data["checked_nothing"] is True
    assert all(not f["installed"] for f in data["frameworks"])
    assert main(["verify", "--python", python, "--allow-none"]) == 0
    assert env == dict(os.environ)


@needs_flask
def test_the_summary_counts_frameworks_and_checks(capsys: pytest.CaptureFixture[str]) -> None:
    result = fwcompare.verify(["flask"])
    summary = result.summary()
    assert summary.startswith(f"OK: 1 framework checked (flask {result.frameworks[0].version}); ")
    assert f"{len(result.checks)} checks: " in summary


def test_an_error_raised_from_a_missing_module_is_the_environment() -> None:
    def probe() -> None:
        try:
            import no_such_engine_x  # type: ignore[import-not-found]  # noqa: F401
        except ModuleNotFoundError as error:
            raise ImportError("no_such_engine_x must be installed to use Templates") from error

    seen = _observe(probe, {"starlette"})
    assert seen["needs"] == "no_such_engine_x"
    assert "must be installed" in str(seen["detail"])
    # An error with no missing module behind it stays an error.
    assert "error" in _observe(_raises(ImportError("cannot import name 'x'")), {"starlette"})


@pytest.mark.parametrize(
    ("slug", "blocked", "needing"),
    [
        # Litestar lists three engines; with only Jinja2 the list cannot be checked (was "contradicted").
        ("litestar", ["mako", "minijinja"], {"templating": "mako"}),
        ("starlette", ["multipart", "python_multipart"], {"forms": "python-multipart"}),
        # connexion's FlaskApp raises a ModuleNotFoundError naming no module without the 'flask' extra (was "error").
        ("connexion", ["a2wsgi"], {"static_files": "a2wsgi"}),
        ("reflex", ["alembic"], {"migrations": "alembic"}),
        # Jinja2 is Robyn's "templating" extra (was "contradicted": absent).
        ("robyn", ["jinja2"], {"templating": "jinja2", "template_autoescape": "jinja2"}),
        # Without the engines or Beaker TurboGears answers 404 (was "contradicted").
        (
            "turbogears",
            ["kajiki", "beaker"],
            {"templating": "Kajiki", "template_autoescape": "Kajiki", "sessions": "Beaker", "caching": "Beaker"},
        ),
    ],
)
def test_a_framework_without_its_optional_packages_needs_them_and_fails_nothing(
    tmp_path: Path, slug: str, blocked: list[str], needing: dict[str, str]
) -> None:
    distribution = fwcompare.get(slug).pypi
    if not _has(distribution):
        pytest.skip(f"{distribution} is not installed here (the frameworks dependency group has it)")
    result = fwcompare.verify([slug], python=_blocking_python(tmp_path, blocked))
    assert result.failures == (), str(result)
    statuses = {c.criterion: c for c in result.checks if c.criterion in needing}
    for criterion, package in needing.items():
        assert statuses[criterion].status is CheckStatus.NEEDS_PACKAGE, statuses[criterion]
        assert f"needs {package.lower()}" in statuses[criterion].observed.lower()


def _has(distribution: str) -> bool:
    from importlib.metadata import PackageNotFoundError, version

    try:
        version(distribution)
    except PackageNotFoundError:
        return False
    return True
