"""Text output fits the terminal it is written to; colour and paging only on a terminal."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path

import pytest

import fwcompare
from fwcompare import _terminal
from fwcompare.cli import main
from fwcompare.render.text import comparison_text, fill, framework_text

ESC = "\x1b["


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("COLUMNS", "NO_COLOR", "PAGER", "FWCOMPARE_PAGER", "LESS"):
        monkeypatch.delenv(name, raising=False)


COMMANDS = [
    ("show", "django"),
    ("show", "litestar"),
    ("list",),
    ("criteria",),
    ("compare", "django", "flask", "fastapi"),
    ("compare", "django", "flask", "fastapi", "--opinions"),
    ("rank", "--need", "admin", "--need", "async views:2", "--need", "orm", "--min-version", "django=4.2"),
    ("releases", "--python", "3.9"),
    ("compare", "django==4.2", "flask==2.3", "fastapi"),
    ("bench", "--reference"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_no_line_is_wider_than_columns(
    command: tuple[str, ...], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    status, out, _ = run(capsys, *command)
    assert status == 0
    widest = max(len(line) for line in out.splitlines())
    assert widest <= 80, [line for line in out.splitlines() if len(line) > 80][:3]
    assert ESC not in out  # a pipe (capsys) gets plain text


@pytest.mark.skipif(importlib.util.find_spec("flask") is None, reason="needs flask (test dependency group)")
def test_verify_fits_80_columns(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    status, out, _ = run(capsys, "verify", "flask")
    assert status == 0
    assert max(len(line) for line in out.splitlines()) <= 80


def test_width_option_wins_over_columns(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    _, out, _ = run(capsys, "show", "django", "--width", "60")
    assert max(len(line) for line in out.splitlines()) <= 60
    _, wide, _ = run(capsys, "show", "django")
    assert max(len(line) for line in wide.splitlines()) > 80  # notes use the width they are given


def test_a_narrow_terminal_gets_the_stacked_layout() -> None:
    comparison = fwcompare.compare("django", "flask", "fastapi", "litestar", "starlette")
    text = comparison_text(comparison, width=60)
    assert max(len(line) for line in text.splitlines()) <= 60
    assert " | " not in text  # no columns: one framework's cell under another's
    assert "\n    Django     " in text
    assert "\n    Flask      " in text
    wide = comparison_text(comparison, width=200)
    assert " | " in wide


def test_fill_keeps_urls_whole_where_they_fit() -> None:
    url = "<https://docs.example.org/a/rather/long/path/to/a/page.html>"
    lines = fill(f"source: A page {url}", 70, "  ", "    ")
    assert lines == ["  source: A page", f"    {url}"]
    assert all(len(line) <= 20 for line in fill(url, 20))


def test_colour_on_request_and_never_in_a_pipe(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _, auto, _ = run(capsys, "compare", "django", "flask")
    assert ESC not in auto
    _, always, _ = run(capsys, "compare", "django", "flask", "--color", "always")
    assert f"{ESC}32m" in always  # built in: green
    assert f"{ESC}33m" in always  # a differing row's mark
    # Colour codes sit outside the padding: the plain text is the same table.
    import re

    assert re.sub(r"\x1b\[[0-9;]*m", "", always) == auto
    _, json_out, _ = run(capsys, "compare", "django", "flask", "--color", "always", "--format", "json")
    assert ESC not in json_out


def test_no_color_and_dumb_terminals(monkeypatch: pytest.MonkeyPatch) -> None:
    tty = io.StringIO()
    monkeypatch.setattr(_terminal, "_isatty", lambda stream: True)
    assert _terminal.use_color("auto", tty)
    monkeypatch.setenv("NO_COLOR", "1")
    assert not _terminal.use_color("auto", tty)
    assert _terminal.use_color("always", tty)  # an explicit request wins over NO_COLOR
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    assert not _terminal.use_color("auto", tty)
    assert not _terminal.use_color("never", tty)


def test_long_output_is_paged_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    text = "\n".join(f"line {n}" for n in range(100)) + "\n"
    assert not _terminal.page(text, io.StringIO())  # not a terminal
    monkeypatch.setattr(_terminal, "_isatty", lambda stream: True)
    monkeypatch.setattr(_terminal, "_rows", lambda stream: 40)
    paged, less = tmp_path / "paged", tmp_path / "less"
    monkeypatch.setenv("PAGER", f'echo "$LESS" > {less}; cat > {paged}')
    stream = io.StringIO()
    assert not _terminal.page("short\n", stream)  # fits the screen
    assert not _terminal.page(text, stream, enabled=False)  # --no-pager
    assert _terminal.page(text, stream)
    assert paged.read_text() == text
    assert less.read_text().strip() == "FRX"  # as git does, unless LESS is set
    assert stream.getvalue() == ""
    monkeypatch.setenv("PAGER", "cat")
    assert not _terminal.page(text, stream)


def test_the_width_comes_from_columns_then_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _terminal.width(None, io.StringIO()) == 80
    monkeypatch.setenv("COLUMNS", "123")
    assert _terminal.width(None, io.StringIO()) == 123
    assert _terminal.width(70, io.StringIO()) == 70


def test_the_api_text_is_unchanged_by_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    flask = fwcompare.get("flask")
    assert framework_text(flask) == framework_text(flask, width=96)
    assert ESC not in str(fwcompare.compare("django", "flask"))


@pytest.mark.parametrize("width", [40, 60, 100, 140])
def test_every_layout_fits_its_width(width: int) -> None:
    names = ["django", "flask", "fastapi", "litestar", "starlette"]
    for n in range(2, len(names) + 1):
        text = comparison_text(fwcompare.compare(*names[:n]), width=width, opinions=True)
        assert max(len(line) for line in text.splitlines()) <= width, (width, n)
    for framework in fwcompare.frameworks():
        page = framework_text(framework, fwcompare.criteria(), width=width)
        assert max(len(line) for line in page.splitlines()) <= width, (width, framework.slug)


def test_a_name_too_long_for_its_column_breaks_at_its_hyphen(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Three frameworks at 80 columns: Flask's cells are 15 wide, "Flask-SQLAlchemy" is 16.
    monkeypatch.setenv("COLUMNS", "80")
    status, out, _ = run(capsys, "compare", "django", "flask", "fastapi", "--criteria", "orm,authentication")
    assert status == 0
    cells = [line.split("|")[2].strip() for line in out.splitlines() if line.count("|") == 3]
    assert "Flask-SQLA" not in out  # it was cut mid-word ("Flask-SQLA" / "lchemy")
    assert cells[cells.index("ext: Flask-") :][:2] == ["ext: Flask-", "SQLAlchemy"]
    # A name that fits a line of its own stays whole.
    assert cells[cells.index("Flask-Login") - 1 :][:2] == ["ext:", "Flask-Login"]


def test_a_label_that_wraps_goes_on_indented_under_its_text(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # At 80 columns the label column is 26 wide: "Final releases in 12 months" is not.
    monkeypatch.setenv("COLUMNS", "80")
    status, out, _ = run(capsys, "compare", "django", "flask", "--criteria", "orm")
    assert status == 0
    labels = [line.split("|")[0].rstrip() for line in out.splitlines() if line.count("|") == 2]
    start = labels.index("  Final releases in 12")
    assert labels[start + 1] == "    months"  # was "months", flush left under the marks
