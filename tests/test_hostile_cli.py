"""Hostile input at the command line (issue 27): each case failed before its fix.

Files the command writes survive every failure; versions, numbers and names of
any size end in one clear line, never a traceback.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from fwcompare.cli import main

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX file-size limits, modes and links")
OLD = '{"old": "document"}\n'


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        status = main(list(args))
    except SystemExit as exc:
        status = int(exc.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name != "data.json")


def test_export_to_a_full_disk_keeps_the_old_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "data.json"
    target.write_text(OLD, encoding="utf-8")

    def full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    status, out, err = run(capsys, "export", "-o", str(target))
    assert (status, out) == (2, "")
    assert err.count("\n") == 1
    assert "No space left on device" in err
    assert target.read_text(encoding="utf-8") == OLD
    assert _leftovers(tmp_path) == []


def test_export_killed_mid_write_keeps_the_old_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "data.json"
    target.write_text(OLD, encoding="utf-8")
    seen: list[str] = []

    def killed(descriptor: int) -> None:
        # Half-way through: the new document is written somewhere, but not over the old one.
        seen.append(target.read_text(encoding="utf-8"))
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", killed)
    status, _, _ = run(capsys, "export", "-o", str(target))
    assert status == 130
    assert seen == [OLD]
    assert target.read_text(encoding="utf-8") == OLD
    assert _leftovers(tmp_path) == []


@posix_only
def test_export_over_a_file_size_limit_keeps_the_old_file_and_says_so(tmp_path: Path) -> None:
    target = tmp_path / "data.json"
    target.write_text(OLD, encoding="utf-8")
    limit = 64 * 1024  # the document is far larger
    code = (
        "import resource, sys; "
        f"resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit})); "
        "from fwcompare.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "--no-plugins", "export", "-o", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2, result.stderr  # not killed by SIGXFSZ
    assert result.stderr.count("\n") == 1
    assert "File too large" in result.stderr
    assert target.read_text(encoding="utf-8") == OLD
    assert _leftovers(tmp_path) == []


@posix_only
def test_export_replaces_the_file_whole_keeping_its_mode_and_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "data.json"
    target.write_text(OLD, encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to(target)
    status, out, err = run(capsys, "--no-plugins", "export", "-o", str(link))
    assert (status, out, err) == (0, "", "")
    assert json.loads(target.read_text(encoding="utf-8"))["schema_version"] == 1
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert link.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.json", "link.json"]


def test_export_to_a_directory_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "--no-plugins", "export", "-o", str(tmp_path))
    assert (status, out) == (2, "")
    assert err.count("\n") == 1
    assert "cannot write" in err
    assert list(tmp_path.iterdir()) == []
