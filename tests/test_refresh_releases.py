"""tasks/refresh_releases.py on recorded PyPI responses (never the network)."""

from __future__ import annotations

import datetime
import importlib.util
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from fwcompare.ops.registry_http import HttpError, Response

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "fwcompare" / "data"
RECORDED = Path(__file__).parent / "fixtures" / "pypi-simple"  # PyPI's simple index, JSON form, 2026-12-01
PROJECT = Path(__file__).parent / "fixtures" / "pypi" / "flask.project.json"  # its project JSON, 2026-12-06, trimmed


def _task() -> ModuleType:
    path = ROOT / "tasks" / "refresh_releases.py"
    spec = importlib.util.spec_from_file_location("refresh_releases", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["refresh_releases"] = module
    spec.loader.exec_module(module)
    return module


def _recorded(distribution: str) -> dict[str, object]:
    data: dict[str, object] = json.loads((RECORDED / f"{distribution.lower()}.json").read_text(encoding="utf-8"))
    return data


def _replay(url: str, headers: Mapping[str, str], timeout: float) -> Response:
    answers = {
        "https://pypi.org/simple/flask/": (RECORDED / "flask.json").read_bytes(),
        "https://pypi.org/pypi/flask/json": PROJECT.read_bytes(),
    }
    return Response(200, answers[url])


def _data(tmp_path: Path, checked: tuple[str, str] | None = None, drop_last: bool = False) -> Path:
    (tmp_path / "frameworks").mkdir()
    (tmp_path / "releases").mkdir()
    toml = (DATA / "frameworks" / "flask.toml").read_text(encoding="utf-8")
    if checked is not None:
        version, day = checked
        toml = toml.replace(
            '[checked]\nversion = "3.1.3"\ndate = 2026-11-24', f'[checked]\nversion = "{version}"\ndate = {day}'
        )
        assert f'version = "{version}"' in toml
    (tmp_path / "frameworks" / "flask.toml").write_text(toml, encoding="utf-8")
    listed = json.loads((DATA / "releases" / "flask.json").read_text(encoding="utf-8"))
    if drop_last:
        listed["releases"] = listed["releases"][:-1]
    (tmp_path / "releases" / "flask.json").write_text(json.dumps(listed), encoding="utf-8")
    return tmp_path


def test_nothing_new_since_the_data_was_checked(tmp_path: Path) -> None:
    task = _task()
    data = _data(tmp_path)
    [report] = task.refresh(["flask"], transport=_replay, data=data, today=datetime.date(2026, 12, 6))
    assert report["since_checked"] == []
    assert report["newer_final"] is None
    assert task.report_text([report]) == (
        "flask: checked against 3.1.3 on 2026-11-24: no release since (the simple index and the project JSON "
        "agree: 64 versions, 110 files, newest 3.1.3, serial 34432672)."
    )
    # The list generated from the recorded response is the bundled one, byte for byte.
    assert (data / "releases" / "flask.json").read_bytes() == (DATA / "releases" / "flask.json").read_bytes()


def test_releases_since_an_older_check_are_reported(tmp_path: Path) -> None:
    task = _task()
    data = _data(tmp_path, checked=("3.1.2", "2025-09-01"), drop_last=True)
    [report] = task.refresh(["flask"], transport=_replay, data=data, write=False)
    assert [(r["version"], r["date"]) for r in report["since_checked"]] == [("3.1.3", "2026-02-19")]
    assert report["new_to_list"] == ["3.1.3"]
    assert report["newer_final"] == "3.1.3"
    text = task.report_text([report])
    assert "flask: checked against 3.1.2 on 2025-09-01: 1 release(s) since (the simple index and the project" in text
    assert "3.1.3 (2026-02-19)" in text
    assert "re-read its notes" in text
    # --dry-run: the bundled list is left as it was.
    assert len(json.loads((data / "releases" / "flask.json").read_text())["releases"]) == 63


def test_a_failed_fetch_is_reported(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    task = _task()

    def refuse(url: str, headers: Mapping[str, str], timeout: float) -> Response:
        raise HttpError(url, 404, "no network in tests")

    monkeypatch.setattr("fwcompare.ops.registry_http.urllib_transport", refuse)
    assert task.main(["flask", "--dry-run"]) == 1
    out, err = capsys.readouterr()
    assert "flask: unreachable: https://pypi.org/simple/flask/: HTTP 404 no network in tests" in out
    assert "not refreshed: flask" in err


def test_a_stale_index_is_refused_and_the_bundled_list_keeps_its_stamp(tmp_path: Path) -> None:
    task = _task()
    data = _data(tmp_path, drop_last=True)
    stale: dict[str, Any] = _recorded("flask")
    stale["files"] = [f for f in stale["files"] if "3.1.3" not in f["filename"]]
    stale["versions"] = [v for v in stale["versions"] if v != "3.1.3"]

    def transport(url: str, headers: Mapping[str, str], timeout: float) -> Response:
        return Response(200, json.dumps(stale).encode()) if "simple" in url else _replay(url, headers, timeout)

    before = (data / "releases" / "flask.json").read_bytes()
    [report] = task.refresh(["flask"], transport=transport, data=data, today=datetime.date(2026, 12, 6))
    assert report["error"] is not None
    assert "list different versions (only in the JSON: 3.1.3)" in report["error"]
    assert "the bundled list is left as it was" in task.report_text([report])
    assert (data / "releases" / "flask.json").read_bytes() == before


def test_the_fixture_is_a_recording_of_the_simple_index() -> None:
    recorded = _recorded("Flask")
    assert recorded["meta"] == {"api-version": "1.1", "_last-serial": "34432672"}
    files = recorded["files"]
    assert isinstance(files, list)
    assert all("upload-time" in f and "filename" in f for f in files)
