"""The ``fwcompare`` command's parser: its subcommands, options and their checks."""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Callable
from typing import NoReturn

from .._version import __version__
from .bench import bench_arguments as _bench_arguments

__all__ = ["DATA_PATH_ENV", "EXIT_USAGE", "SUBCOMMANDS", "build_parser"]

EXIT_USAGE = 2
DATA_PATH_ENV = "FWCOMPARE_DATA_PATH"
"""Directories of user data (separated like PATH), as if given with --data-dir."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # argparse would print the whole usage first; one line is clearer.
        from ..render.escape import terminal_safe

        self.exit(EXIT_USAGE, f"{self.prog}: error: {terminal_safe(message)} (see '{self.prog} --help')\n")


def _directory(text: str) -> str:
    if not text:  # "" would be read as the working directory
        raise argparse.ArgumentTypeError("expected a directory, got an empty string")
    return text


def _criteria_list(text: str) -> list[str]:
    keys = [k.strip() for k in text.split(",") if k.strip()]
    if not keys:
        raise argparse.ArgumentTypeError("expected a comma-separated list of criterion keys")
    return keys


class _Formatter(argparse.HelpFormatter):
    # argparse makes a formatter for every option it adds (to check it), and each asks
    # shutil for the terminal's width: importing shutil cost more than a comparison.
    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=_terminal_width() - 2)


@functools.cache
def _terminal_width() -> int:
    # What shutil.get_terminal_size() answers: $COLUMNS, else the terminal's, else 80.
    import os

    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser (also used to generate the CLI reference).

    With *command*, the parser has that subcommand only: what `main` uses when
    the command line starts with one, since each option argparse adds costs
    time (it looks up its messages' translations and checks its formatting).
    """
    parser = _Parser(
        prog="fwcompare",
        description="Sourced, version-aware facts about Python web frameworks, side by side.",
        formatter_class=_Formatter,
    )
    parser.add_argument("--version", action="version", version=f"fwcompare {__version__}")
    parser.add_argument(
        "--data-dir",
        action="append",
        default=[],
        type=_directory,
        metavar="DIR",
        help=f"also read frameworks and criteria from this directory (repeatable; also ${DATA_PATH_ENV})",
    )
    parser.add_argument("--no-plugins", action="store_true", help="do not load plugins (also FWCOMPARE_NO_PLUGINS=1)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True
    for name, (help_, add_arguments) in SUBCOMMANDS.items():
        if command is None or name == command:
            sub = commands.add_parser(name, help=help_, description=_describe(help_), formatter_class=_Formatter)
            add_arguments(sub)
            _output_arguments(sub)
    return parser


def _describe(help_: str) -> str:
    # The one-line help, as the subcommand page's description: "Compare two or more frameworks...".
    return help_[:1].upper() + help_[1:] + "."


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 20:
        raise argparse.ArgumentTypeError(f"expected a number of columns, 20 or more, got {text!r}")
    return value


def _output_arguments(p: argparse.ArgumentParser) -> None:
    group = p.add_argument_group("terminal output")
    group.add_argument(
        "--width",
        type=_positive_int,
        metavar="COLUMNS",
        help="lay text out to this many columns (default: $COLUMNS, else the terminal's width, else 80)",
    )
    group.add_argument(
        "--color",
        dest="color",
        choices=["auto", "always", "never"],
        default="auto",
        metavar="WHEN",
        help="colour the text: auto (default: on a terminal, unless $NO_COLOR is set), always or never",
    )
    group.add_argument(
        "--no-pager",
        dest="pager",
        action="store_false",
        help="do not page long output on a terminal (default: $FWCOMPARE_PAGER, $PAGER or less, as git does)",
    )


def _format_argument(p: argparse.ArgumentParser, *choices: str) -> None:
    described = {"html": "html (a standalone page)"}
    names = [described.get(c, c) for c in choices]
    listed = ", ".join(names[:-1]) + " or " + names[-1]
    p.add_argument(
        "--format", choices=choices, default="text", metavar="FORMAT", help=f"output format: {listed} (default: text)"
    )


def _list_arguments(p: argparse.ArgumentParser) -> None:
    _format_argument(p, "text", "json")


def _show_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", metavar="NAME", help="a framework's name, slug or alias")
    _format_argument(p, "text", "json", "html")


def _export_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--output", "-o", metavar="FILE", help="write the document to FILE instead of standard output")
    p.add_argument("--schema", action="store_true", help="print the document's JSON Schema instead")


def _compare_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "names",
        metavar="NAME",
        nargs="+",
        help="two or more framework names; NAME==VERSION judges it at that release (django==4.2: newest 4.2.x)",
    )
    p.add_argument(
        "--python",
        metavar="VERSION",
        help="judge each framework at the newest release pip would install on this Python (e.g. 3.11)",
    )
    p.add_argument(
        "--as-of",
        metavar="DATE",
        help="judge each framework at its newest release published on or before DATE (YYYY-MM-DD)",
    )
    p.add_argument(
        "--criteria",
        type=_criteria_list,
        metavar="KEY,...",
        help="only these criteria, in this order: keys or labels, e.g. \"async views,orm\" (see 'fwcompare criteria')",
    )
    _format_argument(p, "text", "markdown", "json", "html")
    p.add_argument("--differences", action="store_true", help="only the rows where the frameworks differ")
    p.add_argument(
        "--opinions",
        action="store_true",
        help="also list attributed opinions (text and markdown; with --criteria, those on these criteria)",
    )


def _verify_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("names", metavar="NAME", nargs="*", help="frameworks to check (default: all)")
    _format_argument(p, "text", "json")
    p.add_argument(
        "--python",
        metavar="PATH",
        help="check the frameworks installed for this interpreter instead (another virtual environment)",
    )
    p.add_argument(
        "--allow-none",
        action="store_true",
        help="a run that checks nothing (no framework installed) exits 0 instead of 1",
    )
    p.add_argument(
        "--timeout",
        type=_seconds,
        default=60.0,
        metavar="SECONDS",
        help="stop a framework's probes after this long; theirs is then an error (default: 60)",
    )


def _no_arguments(p: argparse.ArgumentParser) -> None:
    pass


def _rank_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("names", metavar="NAME", nargs="*", help="frameworks to rank (default: all)")
    p.add_argument(
        "--need",
        dest="needs",
        action="append",
        required=True,
        type=_need_spec,
        metavar="KEY[:WEIGHT]",
        help="a criterion you need, with an optional weight (default 1); repeat for each need",
    )
    p.add_argument("--builtin-only", action="store_true", help="needs met only through an extension count as unmet")
    p.add_argument(
        "--maintained-only",
        action="store_true",
        help="leave out frameworks with no release in the last 12 months, or whose release judged gets no fixes",
    )
    p.add_argument(
        "--maintained-extensions",
        action="store_true",
        help="a need met only through an unmaintained extension (no release for over three years) counts as unmet",
    )
    p.add_argument(
        "--min-version",
        dest="min_versions",
        action="append",
        default=[],
        type=_min_version_spec,
        metavar="NAME=VERSION",
        help="judge NAME at this release, the oldest you must run on (repeatable)",
    )
    _format_argument(p, "text", "markdown", "json", "html")


def _releases_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "names", metavar="NAME", nargs="*", help="frameworks, or NAME==VERSION for a given release (default: all)"
    )
    p.add_argument(
        "--python", metavar="VERSION", help="show the newest release pip installs on this Python (e.g. 3.11)"
    )
    p.add_argument("--as-of", metavar="DATE", help="show the newest release on or before DATE (YYYY-MM-DD)")
    p.add_argument(
        "--on",
        metavar="DATE",
        help="judge support and the 12-month count on DATE (default: the day the release list was read)",
    )
    _format_argument(p, "text", "json")


def _update_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--offline",
        action="store_true",
        help="do not use the network: say so and exit 2, leaving the cache as it is (for scripts that must not)",
    )
    p.add_argument(
        "--workers",
        type=_workers,
        default=8,
        metavar="N",
        help="frameworks read from PyPI at once (default: 8)",
    )


def _workers(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 32:
        raise argparse.ArgumentTypeError(f"expected a number from 1 to 32, got {text!r}")
    return int(text)


SUBCOMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "list": ("list the frameworks fwcompare knows", _list_arguments),
    "show": ("everything known about one framework, with sources", _show_arguments),
    "compare": ("compare two or more frameworks side by side", _compare_arguments),
    "verify": (
        (
            "check the data against the frameworks installed here (exit status 1 on a contradiction, "
            "a probe error, a framework named but not installed, or nothing checked)"
        ),
        _verify_arguments,
    ),
    "plugins": ("list the plugins found, what each provided, or why it failed", _no_arguments),
    "criteria": ("list the criteria frameworks are compared on", _list_arguments),
    "rank": ("rank frameworks by how well they meet your needs, with the reasons", _rank_arguments),
    "export": ("write the whole dataset (frameworks, criteria, releases) as one JSON document", _export_arguments),
    "releases": (
        "releases and lifecycles: latest, for a Python, on a date, and whether still supported",
        _releases_arguments,
    ),
    "update": (
        (
            "re-read the release lists from PyPI into your cache (the only command that uses the network; "
            "$FWCOMPARE_CACHE_DIR to choose where)"
        ),
        _update_arguments,
    ),
    "bench": (
        "measure the installed frameworks' speed and footprint on this machine (needs wrk)",
        _bench_arguments,
    ),
}


def _need_spec(text: str) -> tuple[str, float]:
    key, sep, weight = text.rpartition(":")
    key = (key if sep else text).strip()
    if not key:
        raise argparse.ArgumentTypeError(f"expected a criterion key, optionally with ':WEIGHT', got {text!r}")
    if not sep:
        return key, 1.0
    try:
        value = float(weight)
    except ValueError:
        value = float("nan")
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"the weight in {text!r} must be a positive number")
    return key, value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, got {text!r}")
    return value


def _min_version_spec(text: str) -> tuple[str, str]:
    name, sep, version = text.partition("=")
    if not sep or not name.strip() or not version.strip():
        raise argparse.ArgumentTypeError(f"expected NAME=VERSION, such as django=4.2, got {text!r}")
    return name.strip(), version.strip()
