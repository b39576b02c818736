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


# --- numbers and versions of any size ----------------------------------------------------------

HUGE = "1" * 4301  # past int()'s 4,300-digit guard


@pytest.mark.parametrize(
    "args",
    [
        ("compare", f"django==1{HUGE}", "flask"),
        ("compare", "django", "flask", "--python", f"3.{HUGE}"),
        ("rank", "--need", "orm", "--min-version", f"django=1{HUGE}"),
        ("releases", f"django==1{HUGE}"),
        ("releases", "django", "--python", f"3.{HUGE}"),
    ],
    ids=["pin", "compare --python", "--min-version", "releases pin", "releases --python"],
)
def test_a_version_of_thousands_of_digits_is_one_short_line(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    status, out, err = run(capsys, "--no-plugins", *args)
    assert (status, out) == (2, "")
    assert err.count("\n") == 1
    assert "not a version" in err or "must be a version" in err
    assert len(err) < 400


def test_a_long_version_is_not_a_version_in_the_api() -> None:
    from packaging.version import InvalidVersion

    from fwcompare.model.facts import MAX_VERSION_LENGTH, parse_version

    assert str(parse_version("1." + "0" * (MAX_VERSION_LENGTH - 2))).startswith("1.0")
    with pytest.raises(InvalidVersion, match="longer than"):
        parse_version("1" * (MAX_VERSION_LENGTH + 1))


@pytest.mark.parametrize(
    ("number", "problem"),
    [
        ("0x" + "f" * 5000, "field 'schema_version': an integer of 20000 bits; at most 64"),
        ("9" * 5000, "not a valid document: an integer of more than 4,300 digits"),
    ],
    ids=["hexadecimal", "decimal"],
)
def test_a_5000_digit_integer_in_user_data_is_a_data_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], number: str, problem: str
) -> None:
    (tmp_path / "acme.toml").write_text(f"schema_version = {number}\n", encoding="utf-8")
    status, out, err = run(capsys, "--no-plugins", "--data-dir", str(tmp_path), "show", "acme")
    assert (status, out) == (2, "")
    assert err.count("\n") == 1
    assert "acme.toml" in err
    assert problem in err


def test_an_integer_nested_deep_in_user_data_is_named_by_its_field(tmp_path: Path) -> None:
    from fwcompare import DataError
    from fwcompare.store.resources import parse_document

    raw = b"[[criterion]]\nkey = 'x'\nsizes = [1, 2, 0x" + b"f" * 40 + b"]\n"
    with pytest.raises(DataError, match=r"field 'criterion\[0\]\.sizes\[2\]': an integer of 160 bits"):
        parse_document(raw, "criteria.toml")
    assert parse_document(b"n = 0x7fffffffffffffff\n", "ok.toml") == {"n": 2**63 - 1}


def test_weights_whose_sum_overflows_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(
        capsys, "--no-plugins", "rank", "--need", "orm:1e308", "--need", "templating:1e308", "--format", "json"
    )
    assert (status, out) == (2, "")
    assert "the weights add up to more than the largest number" in err
    status, out, _ = run(capsys, "--no-plugins", "rank", "--need", "orm:1e308", "--format", "json")
    assert status == 0
    assert "Infinity" not in out


def test_a_plugin_release_with_a_bad_requires_python_is_refused_by_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import datetime

    import attrs
    from packaging.version import Version

    import fwcompare
    from fwcompare import PluginData, PluginWarning, Registry, Release

    found: list[object] = []
    monkeypatch.setattr("fwcompare.store.entry_points.discover", lambda: list(found))
    monkeypatch.delenv("FWCOMPARE_NO_PLUGINS", raising=False)
    flask = fwcompare.get("flask")
    good = Release(version=Version("1.0"), date=datetime.date(2026, 1, 2), requires_python_text=">=3.9")
    twins = []
    for slug, requires in (("bad-twin", "not a specifier"), ("huge-twin", f">=3.{HUGE}"), ("twin", ">=3.9")):
        release = attrs.evolve(good, requires_python_text=requires)
        twins.append(attrs.evolve(flask, slug=slug, name=slug.title(), aliases=(), releases=(release,)))
    found.append(("twins", "twins:plugin", None, lambda: PluginData(frameworks=twins)))
    registry = Registry()
    with pytest.warns(PluginWarning) as caught:
        comparison = fwcompare.compare("twin", "flask", python="3.11", registry=registry)
    assert str(comparison.pins[0].release.version) == "1.0"  # type: ignore[union-attr]
    messages = [str(w.message) for w in caught]
    assert any(
        "plugin 'twins': framework 'bad-twin': field releases[0].requires_python_text: "
        "not a Requires-Python specifier such as '>=3.9': 'not a specifier'" in m
        for m in messages
    )
    assert any("framework 'huge-twin'" in m for m in messages)
    assert "bad-twin" not in registry
    assert "huge-twin" not in registry


# --- messages ---------------------------------------------------------------------------------


@pytest.mark.parametrize("operator", ["===", "~=", ">=", "!=", "<"])
def test_a_requirement_range_is_not_an_unknown_framework(capsys: pytest.CaptureFixture[str], operator: str) -> None:
    for command in (("compare", f"django{operator}4.2", "flask"), ("releases", f"django{operator}4.2")):
        status, out, err = run(capsys, "--no-plugins", *command)
        assert (status, out) == (2, "")
        assert f"'django{operator}4.2': {operator} is not a pin" in err
        assert "django==4.2" in err
        assert "unknown framework" not in err


def test_a_pin_still_pins(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--no-plugins", "compare", "django==4.2", "flask", "--format", "json")
    assert status == 0
    assert '"4.2.' in out


LONG = "x" * 10_000


@pytest.mark.parametrize(
    "args",
    [
        ("show", LONG),
        ("compare", LONG, "flask"),
        ("compare", f"django=={LONG}", "flask"),
        (LONG,),
        ("rank", "--need", LONG),
        ("rank", "--need", f"orm:{LONG}"),
        ("rank", "--need", "orm", "--min-version", f"django={LONG}"),
        ("releases", LONG),
        ("compare", "django", "flask", "--python", LONG),
        ("compare", "django", "flask", "--as-of", LONG),
        ("verify", LONG),
        ("--data-dir", LONG, "list"),
        ("export", "-o", f"/nonexistent/{LONG}"),
    ],
    ids=lambda a: " ".join(x[:12] for x in a),
)
def test_a_10000_character_argument_makes_a_short_error_line(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    status, out, err = run(capsys, "--no-plugins", *args)
    assert (status, out) == (2, "")
    assert err.count("\n") == 1
    assert len(err) < 500
    assert "…" in err


@pytest.mark.parametrize("day", ["20200101", "2020-W01-3", "2020-1-1"])
def test_dates_are_yyyy_mm_dd_only(capsys: pytest.CaptureFixture[str], day: str) -> None:
    for args in (
        ("compare", "django", "flask", "--as-of", day),
        ("releases", "django", "--as-of", day),
        ("releases", "django", "--on", day),
    ):
        status, out, err = run(capsys, "--no-plugins", *args)
        assert (status, out) == (2, "")
        assert "must be a date (YYYY-MM-DD)" in err
    import fwcompare

    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        fwcompare.get("flask").release_on(day)


@posix_only
def test_export_to_a_device_writes_in_place(capsys: pytest.CaptureFixture[str]) -> None:
    # /dev/null cannot be renamed over: it is written as it is, and stays a device.
    status, out, err = run(capsys, "--no-plugins", "export", "-o", os.devnull)
    assert (status, out, err) == (0, "", "")
    assert stat.S_ISCHR(Path(os.devnull).stat().st_mode)


def test_export_to_a_new_file_creates_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "new.json"
    status, out, err = run(capsys, "--no-plugins", "export", "-o", str(target))
    assert (status, out, err) == (0, "", "")
    assert json.loads(target.read_text(encoding="utf-8"))["schema_version"] == 1
    assert [p.name for p in tmp_path.iterdir()] == ["new.json"]
