"""Every code example in the README and docs/ runs."""

from __future__ import annotations

import re
import shlex
import textwrap
from pathlib import Path

import pytest

from fwcompare.cli import main

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
# Hand-written pages only: the build output and the pages generated from the data have no examples.
PAGES = [
    ROOT / "README.md",
    *sorted(p for p in DOCS.rglob("*.md") if not {"_build", "generated"} & set(p.relative_to(DOCS).parts)),
]
# Fenced blocks, also indented ones (inside list items).
BLOCK = re.compile(r"^( *)```(\w+)\n(.*?)^\1```", re.DOTALL | re.MULTILINE)


def _blocks(language: str) -> list[tuple[str, str]]:
    found = []
    for page in PAGES:
        for number, match in enumerate(BLOCK.finditer(page.read_text(encoding="utf-8"))):
            if match.group(2) == language:
                found.append((f"{page.relative_to(ROOT)}#{number}", textwrap.dedent(match.group(3))))
    return found


@pytest.mark.parametrize(("where", "code"), _blocks("python"), ids=[w for w, _ in _blocks("python")])
def test_python_examples_run(where: str, code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("FWCOMPARE_NO_PLUGINS", "1")
    exec(compile(code, where, "exec"), {"__name__": "__docs__"})


def _cli_lines() -> list[tuple[str, str]]:
    lines = []
    for where, code in _blocks("sh"):
        for line in code.splitlines():
            command = line.split("  #")[0].strip()
            if command.startswith("fwcompare "):
                lines.append((where, command))
    return lines


@pytest.mark.parametrize(("where", "command"), _cli_lines(), ids=[c for _, c in _cli_lines()])
def test_cli_examples_run(
    where: str, command: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("FWCOMPARE_NO_PLUGINS", "1")
    args = shlex.split(command)[1:]
    if args and args[0] == "verify":
        pytest.skip("verify runs the probes; tests/test_verify.py covers it")
    if args and args[0] == "update":
        pytest.skip("update reads PyPI; tests/test_update.py replays recorded responses")
    assert main(args) == 0, f"{where}: {command}\n{capsys.readouterr().err}"


def test_the_command_line_how_to_shows_every_command() -> None:
    from fwcompare.cli.parser import SUBCOMMANDS

    page = (DOCS / "how-to" / "cli.md").read_text(encoding="utf-8")
    missing = [name for name in SUBCOMMANDS if not re.search(rf"^fwcompare {name}\b", page, re.MULTILINE)]
    assert missing == []
