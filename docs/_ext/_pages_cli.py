"""The command-line reference, from the argument parser."""

from __future__ import annotations

import argparse

from _pages_markdown import code, table, text


def cli_page(parser: argparse.ArgumentParser) -> str:
    lines = [
        "# The command line",
        "",
        "Generated from the argument parser (`fwcompare.cli.build_parser()`), so it lists exactly",
        "what the installed command accepts. `python -m fwcompare` is the same command. A user error",
        "(an unknown name, a bad option) prints one line and exits with status 2.",
        "",
        "```text",
        parser.format_usage().strip(),
        "```",
        "",
        text(parser.description or ""),
        "",
        "## Options for every command",
        "",
    ]
    subcommands: argparse._SubParsersAction[argparse.ArgumentParser] | None = None
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            subcommands = action
    lines += _arguments_table(parser, skip=(argparse._SubParsersAction,))
    if subcommands is None:
        return "\n".join(lines)
    helps = {a.dest: a.help or "" for a in subcommands._choices_actions}
    lines += ["## Commands", ""]
    lines += table(
        ("Command", "What it does"),
        [(f"[{code(n)}](#fwcompare-{n})", text(helps.get(n, ""))) for n in subcommands.choices],
    )
    for name, sub in subcommands.choices.items():
        what = helps.get(name, "")
        lines += [f"(fwcompare-{name})=", f"### `fwcompare {name}`", "", text(what[:1].upper() + what[1:]) + ".", ""]
        lines += ["```text", sub.format_usage().strip(), "```", ""]
        lines += _arguments_table(sub)
    return "\n".join(lines)


def _arguments_table(parser: argparse.ArgumentParser, skip: tuple[type, ...] = ()) -> list[str]:
    rows = []
    for action in parser._actions:
        if isinstance(action, skip) or action.help == argparse.SUPPRESS:
            continue
        if action.option_strings:
            name = ", ".join(action.option_strings)
            if action.nargs != 0:
                metavar = action.metavar or (action.dest.upper() if not action.choices else None)
                name += f" {metavar}" if metavar else " {" + ",".join(map(str, action.choices or ())) + "}"
        else:
            name = str(action.metavar or action.dest)
            if action.nargs in ("*", "?"):
                name = f"[{name} ...]" if action.nargs == "*" else f"[{name}]"
            elif action.nargs == "+":
                name = f"{name} ..."
        help_text = action.help or ""
        if "%(" in help_text:
            help_text = help_text % {**vars(action), "prog": parser.prog}
        notes = []
        if action.choices and "{" not in name:
            notes.append("one of " + ", ".join(code(c) for c in action.choices))
        if action.required and action.option_strings:
            notes.append("required")
        if isinstance(action, argparse._AppendAction) and "repeat" not in help_text:
            notes.append("repeatable")
        described = text(help_text) + (f" ({'; '.join(notes)})" if notes else "")
        rows.append((code(name), described))
    return table(("Argument", "Meaning"), rows) if rows else []
