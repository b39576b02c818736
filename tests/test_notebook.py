"""The docs' notebook runs in a real Jupyter kernel and shows the HTML tables; Comparison.to_pandas()."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

import fwcompare
from fwcompare import NeedStatus

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "docs" / "notebooks").glob("*.ipynb"))
KERNEL = "fwcompare-tests"


@pytest.fixture
def kernel_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A kernel spec that runs ipykernel under this interpreter, in directories of the test's own."""
    spec = tmp_path / "jupyter" / "kernels" / KERNEL
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    spec.joinpath("kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": "fwcompare tests", "language": "python"}), encoding="utf-8"
    )
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")  # jupyter_core warns without it
    monkeypatch.setenv("FWCOMPARE_NO_PLUGINS", "1")
    return KERNEL


def _read(path: Path) -> Any:
    import nbformat

    return nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]


def _run(path: Path, kernel: str) -> Any:
    from nbclient import NotebookClient

    notebook = _read(path)
    client = NotebookClient(
        notebook, kernel_name=kernel, timeout=300, resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()
    return notebook


def _html_outputs(cell: Any) -> list[str]:
    return [str(o["data"]["text/html"]) for o in cell.get("outputs", []) if "text/html" in o.get("data", {})]


def test_there_is_a_notebook() -> None:
    assert [p.name for p in NOTEBOOKS] == ["django-or-flask.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_the_notebook_is_stored_without_outputs(path: Path) -> None:
    import nbformat

    notebook = _read(path)
    nbformat.validate(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], "commit the notebook cleared: the tests run it"
            assert cell.execution_count is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_the_notebook_runs_in_a_real_kernel_and_shows_html_tables(path: Path, kernel_env: str) -> None:
    notebook = _run(path, kernel_env)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    for cell in code:
        errors = [o for o in cell.outputs if o["output_type"] == "error"]
        assert not errors, f"{cell.source!r} failed: {errors}"
    displayed = {cell.source.splitlines()[-1]: _html_outputs(cell) for cell in code}
    tables = [html for outputs in displayed.values() for html in outputs if '<table class="fwc">' in html]
    # compare twice, rank three times, one framework, and the DataFrame's own table.
    assert len(tables) >= 6
    first = displayed["comparison"][0]
    assert "Django" in first
    assert "Flask" in first
    assert "attributed claims, not facts" in first
    outputs = next(c.outputs for c in code if c.source.endswith("comparison"))
    plain = outputs[0]["data"]["text/plain"]
    assert "* = the frameworks differ here" in plain, "the plain-text fallback is the text table"
    ranked = displayed[")"]  # the ranking with minimum versions ends with a lone ")"
    assert "absent in 3.0: built in only since 3.1" in ranked[0]
    assert "absent in 1.1: built in only since 2.0" in ranked[0]
    frame = displayed['frame.loc[["async_views", "websockets", "openapi", "admin", "orm", "migrations"]]']
    assert "async_views" in frame[0]
    assert "dataframe" in frame[0]
    shown = displayed["differences"][0]
    assert '<table class="fwc">' in shown, "differences() displays as a table"
    assert "Async views" not in shown, "only the differing rows"
    ranked_frame = displayed["needs.to_pandas().head()"][0]
    assert "dataframe" in ranked_frame
    assert "max_score" in ranked_frame
    printed = "".join(
        o.get("text", "") for c in code for o in c.outputs if o["output_type"] == "stream" and o["name"] == "stdout"
    )
    assert "Best fit: " in printed
    assert "correction: " in printed
    assert "django-or-flask.html: " in printed
    assert "starts '<!DOCTYPE html>'" in printed


def test_what_the_notebook_says_holds_for_the_data() -> None:
    # The notebook's closing words, checked against the same data it shows.
    data = fwcompare.rank(["admin", "orm", "migrations", "forms", "auth"])
    assert data.best.framework.slug == "django"
    api = fwcompare.rank(["async views", "websockets", "openapi"])
    assert all(r.status is NeedStatus.MET for r in api.best.results)
    for name in ("django", "flask"):
        entry = api.entry(name)
        assert NeedStatus.EXTENSION in [r.status for r in entry.results]
        assert entry.position > api.best.position
    old = fwcompare.rank(
        ["async views"], frameworks=["django", "flask"], min_versions={"django": "3.0", "flask": "1.1"}
    )
    assert [e.results[0].status for e in old] == [NeedStatus.UNMET, NeedStatus.UNMET]


# Comparison.to_pandas


def test_to_pandas_has_criteria_as_index_and_frameworks_as_columns() -> None:
    comparison = fwcompare.compare("django", "flask", "fastapi")
    frame = comparison.to_pandas()
    assert list(frame.index) == [c.key for c in comparison.criteria]
    assert frame.index.name == "criterion"
    assert list(frame.columns) == ["django", "flask", "fastapi"]
    assert frame.columns.name == "framework"
    for row in comparison.rows:
        for framework, fact in zip(comparison.frameworks, row.facts, strict=True):
            assert frame.loc[row.criterion.key, framework.slug] == fact.support.value
    text = comparison.to_pandas(values="text")
    assert text.loc["admin", "flask"] == "ext: Flask-Admin"
    assert text.loc["async_views", "flask"] == "yes (2.0+)"
    with pytest.raises(ValueError, match="values must be"):
        comparison.to_pandas(values="html")  # type: ignore[arg-type]


def test_ranking_to_pandas_has_a_row_per_framework_best_first() -> None:
    ranking = fwcompare.rank(["admin", "async views"], frameworks=["django", "flask", "fastapi"])
    frame = ranking.to_pandas()
    assert list(frame.index) == [e.framework.slug for e in ranking]
    assert frame.index.name == "framework"
    assert list(frame.columns) == ["position", "score", "max_score", "version", "admin", "async_views"]
    assert frame.loc["flask", "admin"] == "extension"
    assert frame.loc["django", "position"] == 1
    assert frame.loc["flask", "score"] == ranking.entry("flask").score
    text = ranking.to_pandas(values="text")
    assert text.loc["flask", "admin"] == "through an extension: Flask-Admin"
    with pytest.raises(ValueError, match="values must be"):
        ranking.to_pandas(values="support")  # type: ignore[arg-type]


def test_to_pandas_without_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # what an environment without pandas gives
    with pytest.raises(ImportError, match=r"fwcompare\[pandas\]"):
        fwcompare.compare("django", "flask").to_pandas()


def test_pandas_is_imported_only_by_to_pandas() -> None:
    probe = textwrap.dedent(
        """
        import sys
        import fwcompare
        comparison = fwcompare.compare("django", "flask")
        comparison._repr_mimebundle_()
        fwcompare.rank(["admin"])._repr_html_()
        assert "pandas" not in sys.modules, "pandas imported too early"
        comparison.to_pandas()
        assert "pandas" in sys.modules
        """
    )
    subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True)
