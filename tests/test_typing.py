"""The public API type-checks from a user's script under mypy --strict, and the script runs."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

SCRIPT = Path(__file__).parent / "typing" / "user_script.py"


def test_user_script_passes_mypy_strict() -> None:
    from mypy import api

    # No project config: check the script exactly as a user's project would.
    stdout, stderr, status = api.run(["--strict", "--no-incremental", "--config-file", "/dev/null", str(SCRIPT)])
    assert status == 0, stdout + stderr


def test_user_script_runs(capsys: pytest.CaptureFixture[str]) -> None:
    runpy.run_path(str(SCRIPT), run_name="__main__")
    assert "Flask: async views built-in since 2.0" in capsys.readouterr().out
