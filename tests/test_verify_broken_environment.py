"""verify tells a broken environment (the framework does not import, its test client fails) from wrong data.

The frameworks here are stand-ins: a fake ``flask`` package and its metadata on a temporary
path ahead of the real one, so that no network and no second environment are needed.
"""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest

import fwcompare
from fwcompare import CheckStatus
from fwcompare.cli import main
from fwcompare.ops.verify import _report_problem

# Flask 2.2.5's own words when Werkzeug 3 is installed: its test client reads werkzeug.__version__.
CLIENT_FAILS = """
class _Client:
    def __init__(self, app):
        import types
        werkzeug = types.ModuleType("werkzeug")
        self.agent = f"werkzeug/{werkzeug.__version__}"


class Flask:
    def __init__(self, name, **kwargs):
        self.config = {}

    def add_url_rule(self, *args, **kwargs):
        pass

    def test_client(self):
        return _Client(self)
"""
IMPORT_FAILS = "raise ImportError(\"cannot import name 'url_quote' from 'werkzeug.urls'\")\n"


def _python_with_fake_flask(tmp_path: Path, source: str) -> str:
    """This interpreter, wrapped, seeing a fake Flask 2.2.5 (package *source*) before the real one."""
    site = tmp_path / "site"
    (site / "flask").mkdir(parents=True)
    (site / "flask" / "__init__.py").write_text(source, encoding="utf-8")
    info = site / "Flask-2.2.5.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: Flask\nVersion: 2.2.5\nRequires-Dist: Werkzeug>=2.2.2\n"
        "Requires-Dist: no-such-package-fwcompare>=1\n"
        'Requires-Dist: asgiref>=3.2; extra == "async"\n',
        encoding="utf-8",
    )
    (info / "RECORD").write_text("flask/__init__.py,,\n", encoding="utf-8")
    wrapper = tmp_path / "python"
    # verify starts the probes isolated (-I), which ignores PYTHONPATH: the wrapper drops that flag.
    wrapper.write_text(
        f'#!/bin/sh\nif [ "$1" = "-I" ]; then shift; fi\nPYTHONPATH="{site}" exec "{sys.executable}" "$@"\n',
        encoding="utf-8",
    )
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    return str(wrapper)


@pytest.mark.parametrize(
    ("source", "step", "error"),
    [
        (IMPORT_FAILS, "import flask failed", "ImportError: cannot import name 'url_quote' from 'werkzeug.urls'"),
        (
            CLIENT_FAILS,
            "a request through Flask's test client failed",
            "AttributeError: module 'werkzeug' has no attribute '__version__'",
        ),
    ],
)
def test_a_broken_environment_is_one_finding_not_probe_errors(
    tmp_path: Path, source: str, step: str, error: str
) -> None:
    result = fwcompare.verify(["flask"], python=_python_with_fake_flask(tmp_path, source))
    (check,) = result.checks  # one finding for the framework, no probe errors
    assert check.status is CheckStatus.ENVIRONMENT
    assert check.version == "2.2.5"
    assert step in check.observed
    assert error in check.observed
    assert "flask/__init__.py, line" in check.observed  # where it was raised
    from importlib.metadata import version

    # The versions installed: the framework's, and its required dependencies' (extras left out).
    assert f"Installed: Flask 2.2.5, Werkzeug {version('werkzeug')}, no-such-package-fwcompare not installed." in (
        check.observed
    )
    assert "asgiref" not in check.observed
    assert result.failures == ()  # not the data's fault
    assert result.broken_environments == (check,)
    assert result.summary().startswith("BROKEN ENVIRONMENT: no framework checked, 1 in a broken environment")


def test_the_cli_fails_on_a_broken_environment_and_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    python = _python_with_fake_flask(tmp_path, CLIENT_FAILS)
    assert main(["verify", "flask", "--python", python]) == 1
    captured = capsys.readouterr()
    assert "is broken for flask" in captured.err
    assert "Traceback" not in captured.err
    assert not [line for line in captured.out.splitlines() if line.startswith("  error")]  # no probe errors
    out = " ".join(captured.out.split())
    assert "environment Flask 2.2.5 does not work in this environment" in out


def test_an_environment_report_is_checked_like_the_rest() -> None:
    good = b'{"installed": "2.2.5", "observations": {}, "not_probeable": {}, '
    fine = good + b'"environment": {"step": "s", "error": "e", "where": "", "versions": {"Flask": "2.2.5"}}}\n'
    assert _report_problem(fine) is None
    assert _report_problem(good + b'"environment": {"step": "s"}}\n') is not None
    assert _report_problem(good + b'"environment": {"step": 1, "error": "e", "where": "", "versions": {}}}\n')
    assert _report_problem(good + b'"other": 1}\n') is not None
