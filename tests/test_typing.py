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


def test_a_misspelt_public_name_is_a_type_error(tmp_path: Path) -> None:
    from mypy import api

    script = tmp_path / "typo.py"
    script.write_text(
        "import fwcompare\n"
        "fwcompare.comapre('django', 'flask')\n"
        "ranking = fwcompare.rank(['admin'])\n"
        "reveal_type(ranking[0:2])\n"
        "reveal_type(fwcompare.compare('django', 'flask').differences())\n",
        encoding="utf-8",
    )
    stdout, _, status = api.run(["--strict", "--no-incremental", "--config-file", "/dev/null", str(script)])
    assert status == 1
    assert 'Module has no attribute "comapre"; maybe "compare"?' in stdout
    assert 'Revealed type is "tuple[fwcompare.model.ranking.RankedFramework, ...]"' in stdout
    assert 'Revealed type is "fwcompare.model.comparison.Comparison"' in stdout
    assert stdout.count("error:") == 1
