"""The fwcompare command: output, and one clear message with status 2 on user errors."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

import pytest

import fwcompare
from fwcompare.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        status = main(list(args))
    except SystemExit as exc:  # argparse exits for --help, --version and bad options
        status = int(exc.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def test_compare_prints_a_side_by_side_table(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "compare", "django", "flask")
    assert status == 0
    assert err == ""
    assert out.splitlines()[0].split("|")[1].strip() == "Django"
    assert "Async views" in out


def test_compare_json_is_valid_and_has_sources(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "compare", "django", "flask", "--format", "json")
    assert status == 0
    data = json.loads(out)
    assert all(
        fact["sources"] for row in data["rows"] for fact in row["facts"].values() if fact["support"] != "unknown"
    )


def test_compare_markdown_with_criteria(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "compare", "flask", "django", "--criteria", "orm,admin", "--format", "markdown")
    assert status == 0
    rows = [line for line in out.splitlines() if line.startswith("| ") and not line.startswith("| **")]
    assert [r.split("|")[1].strip().rstrip(" ≠") for r in rows[1:]] == ["ORM", "Admin interface"]


def test_compare_differences_and_opinions(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "compare", "django", "flask", "--differences", "--opinions")
    assert status == 0
    assert "What others said about Flask" in out
    table = out.split("\n\n")[0]
    shown = {c.label for c in fwcompare.criteria() if f"* {c.label} " in table}
    assert shown == {r.criterion.label for r in fwcompare.compare("django", "flask").differences()}
    assert "\n  " + fwcompare.compare("django", "flask").common()[0].criterion.label not in table


def test_list_and_show(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "list")
    assert status == 0
    # One entry per framework; a summary too long for the width continues on indented lines.
    assert [line.split()[0] for line in out.splitlines() if not line.startswith(" ")] == [
        f.slug for f in fwcompare.frameworks()
    ]
    status, out, _ = run(capsys, "show", "FLASK")
    assert status == 0
    assert out.startswith("Flask (flask): micro")
    assert "source: " in out
    status, out, _ = run(capsys, "show", "flask", "--format", "json")
    assert json.loads(out)["facts"]["async_views"]["since"] == "2.0"


def test_criteria_command(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "criteria")
    assert status == 0
    assert [line.split()[0] for line in out.splitlines()] == [c.key for c in fwcompare.criteria()]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--version")
    assert status == 0
    assert out.strip() == f"fwcompare {fwcompare.__version__}"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["compare", "django", "nosuch"], "unknown framework 'nosuch'"),
        (["compare", "django", "flaks"], "did you mean 'flask'"),
        (["compare", "django"], "at least two frameworks"),
        (["compare", "django", "django"], "named twice"),
        (["compare", "django", "flask", "--criteria", "nope"], "unknown criterion 'nope'"),
        (["compare", "django", "flask", "--criteria", ","], "comma-separated list"),
        (["compare", "django", "flask", "--format", "pdf"], "invalid choice: 'pdf'"),
        (["show", "nosuch"], "unknown framework"),
        (["frobnicate"], "invalid choice"),
        ([], "required"),
    ],
)
def test_user_errors_exit_2_with_one_message(capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    status, out, err = run(capsys, *args)
    assert status == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_python_dash_m_runs_the_cli_without_traceback() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "fwcompare", "compare", "django", "nosuch"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert result.stderr.startswith("fwcompare: error: unknown framework 'nosuch'")
    assert "Traceback" not in result.stderr
    ok = subprocess.run([sys.executable, "-m", "fwcompare", "list"], capture_output=True, text=True, check=False)
    assert ok.returncode == 0
    assert "django" in ok.stdout


def _subcommand_helps(parser: argparse.ArgumentParser) -> dict[str, str]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {name: sub.format_help() for name, sub in action.choices.items()}


def test_a_command_line_that_starts_with_its_command_gets_the_same_subparser(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # main() builds only the subcommand asked for (it is faster); help and errors must not change.
    from fwcompare.cli import build_parser

    monkeypatch.setenv("COLUMNS", "100")
    full = _subcommand_helps(build_parser())
    assert list(full) == [
        "list",
        "show",
        "compare",
        "verify",
        "plugins",
        "criteria",
        "rank",
        "export",
        "releases",
        "check",
        "update",
        "bench",
    ]
    for name, text in full.items():
        assert _subcommand_helps(build_parser(name)) == {name: text}


@pytest.mark.parametrize(
    "argv",
    [
        ["compare", "django", "flask"],
        ["--no-plugins", "compare", "django", "flask"],
        ["--data-dir", "DIR", "--no-plugins", "compare", "django", "flask"],
        ["--data-dir=DIR", "compare", "django", "flask"],
    ],
)
def test_global_options_before_the_command_keep_the_fast_path(monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> None:
    from fwcompare import cli

    built: list[str | None] = []

    def recording(command: str | None = None) -> argparse.ArgumentParser:
        built.append(command)
        raise SystemExit(0)  # the parser is all this test is about

    monkeypatch.setattr(cli, "build_parser", recording)
    with pytest.raises(SystemExit):
        cli.main(argv)
    assert built == ["compare"]


@pytest.mark.parametrize("argv", [[], ["--help"], ["--no-plugins"], ["--data-dir"], ["--no-plugins", "nope"]])
def test_a_command_line_without_a_command_gets_the_whole_parser(argv: list[str]) -> None:
    from fwcompare.cli.parser import command_of

    assert command_of(argv) is None


def test_the_fast_path_knows_every_global_option() -> None:
    from fwcompare.cli.parser import GLOBAL_OPTIONS, build_parser

    parser = build_parser("list")
    taken = {
        option: action.nargs != 0
        for action in parser._actions
        if not isinstance(action, argparse._SubParsersAction | argparse._HelpAction | argparse._VersionAction)
        for option in action.option_strings
    }
    assert taken == GLOBAL_OPTIONS


def test_global_options_before_the_command_import_no_bench_machinery() -> None:
    code = (
        "import io, json, sys, contextlib; from fwcompare.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()): status = main(sys.argv[1:])\n"
        "print(json.dumps([status, sorted(m for m in sys.modules if m.startswith('fwcompare'))]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "--no-plugins", "compare", "django", "flask"],
        capture_output=True,
        text=True,
        check=True,
    )
    status, modules = json.loads(result.stdout)
    assert status == 0
    assert "fwcompare.ops.compare" in modules
    assert [m for m in modules if "bench" in m] == []


def test_global_options_also_work_after_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    acme = "examples/fwcompare-acme/src/fwcompare_acme/data"
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    assert main(["compare", "django", "flask", "--no-plugins", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["schema_version"] == 1
    # Given on both sides, the directories add up (neither side's list replaces the other's).
    status = main(["--data-dir", str(root / acme), "compare", "acme", "flask", "--data-dir", str(root / "nowhere")])
    assert status == 2
    assert "nowhere: is not a directory" in capsys.readouterr().err
    status = main(["--data-dir", str(root / "nowhere"), "compare", "acme", "flask", "--data-dir", str(root / acme)])
    assert status == 2
    assert "nowhere: is not a directory" in capsys.readouterr().err
    assert main(["--no-plugins", "compare", "acme", "flask", "--data-dir", str(root / acme)]) == 0
    assert "Acme Web" in capsys.readouterr().out


def test_help_is_as_wide_as_columns_says(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from fwcompare.cli import parser as _cli

    for columns in ("60", "140"):
        monkeypatch.setenv("COLUMNS", columns)
        _cli._terminal_width.cache_clear()
        status, out, _ = run(capsys, "compare", "--help")
        assert status == 0
        assert max(len(line) for line in out.splitlines()) <= int(columns) - 2
    _cli._terminal_width.cache_clear()
    status, out, _ = run(capsys, "--help")
    assert status == 0
    assert "compare" in out
    assert "rank" in out
