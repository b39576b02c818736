"""The ``fwcompare`` command's parser: its subcommands, options and their checks."""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from .._version import __version__

__all__ = [
    "DATA_PATH_ENV",
    "EXIT_USAGE",
    "GLOBAL_OPTIONS",
    "SUBCOMMANDS",
    "build_parser",
    "command_of",
    "merge_global_options",
]

EXIT_USAGE = 2
DATA_PATH_ENV = "FWCOMPARE_DATA_PATH"
"""Directories of user data (separated like PATH), as if given with --data-dir."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # argparse would print the whole usage first; one line is clearer.
        from .._errors import shorten_words
        from ..render.escape import terminal_safe

        message = terminal_safe(shorten_words(message))
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


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
    _global_arguments(parser, "")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True
    for name, (help_, add_arguments) in SUBCOMMANDS.items():
        if command is None or name == command:
            sub = commands.add_parser(name, help=help_, description=_describe(help_), formatter_class=_Formatter)
            add_arguments(sub)
            _output_arguments(sub)
            _global_arguments(sub.add_argument_group("data (also before the command)"), "command_")
    return parser


def _global_arguments(p: argparse.ArgumentParser | argparse._ArgumentGroup, prefix: str) -> None:
    # Given after the command too ("compare django flask --no-plugins"). There they land
    # under their own names (*prefix*), unset unless given, and `merge_global_options`
    # adds them to those given before: a subparser's values would replace the others.
    p.add_argument(
        "--data-dir",
        dest=f"{prefix}data_dir",
        action="append",
        type=_directory,
        metavar="DIR",
        help=f"also read frameworks and criteria from this directory (repeatable; also ${DATA_PATH_ENV})",
        default=argparse.SUPPRESS if prefix else [],
    )
    p.add_argument(
        "--no-plugins",
        dest=f"{prefix}no_plugins",
        action="store_true",
        help="do not load plugins (also FWCOMPARE_NO_PLUGINS=1)",
        default=argparse.SUPPRESS if prefix else False,
    )


def merge_global_options(args: argparse.Namespace) -> argparse.Namespace:
    """*args* with the global options given after the command added to those given before."""
    args.data_dir = [*args.data_dir, *vars(args).pop("command_data_dir", [])]
    args.no_plugins = args.no_plugins or vars(args).pop("command_no_plugins", False)
    return args


GLOBAL_OPTIONS = {"--data-dir": True, "--no-plugins": False}
"""The options `build_parser` gives before the command, each with whether it takes a value."""


def command_of(argv: Sequence[str]) -> str | None:
    """The subcommand *argv* names after any global options, or ``None`` (help, a typo, no command).

    >>> command_of(["--no-plugins", "--data-dir", "mine", "compare", "django", "flask"])
    'compare'
    >>> command_of(["--help"]) is None
    True
    """
    index = 0
    while index < len(argv):
        option, equals, _ = argv[index].partition("=")
        if option not in GLOBAL_OPTIONS:
            break
        index += 2 if GLOBAL_OPTIONS[option] and not equals else 1
    if index < len(argv) and argv[index] in SUBCOMMANDS:
        return argv[index]
    return None


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


def _release_arguments(p: argparse.ArgumentParser) -> None:
    # compare and rank judge each framework at the release these select, in the same words.
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


def _format_argument(p: argparse.ArgumentParser, kind: str) -> None:
    # The choices are the documents the table of formats writes for this kind of answer, registered ones too.
    from .._formats import formats

    choices = formats(kind, documents=True)
    described = {"html": "html (a standalone page)"}
    names = [described.get(c, c) for c in choices]
    listed = ", ".join(names[:-1]) + " or " + names[-1]
    p.add_argument(
        "--format", choices=choices, default="text", metavar="FORMAT", help=f"output format: {listed} (default: text)"
    )


def _list_arguments(p: argparse.ArgumentParser) -> None:
    _format_argument(p, "framework-list")


def _criteria_arguments(p: argparse.ArgumentParser) -> None:
    _format_argument(p, "criteria")


def _show_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", metavar="NAME", help="a framework's name, slug or alias")
    _format_argument(p, "framework")


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
    _release_arguments(p)
    p.add_argument(
        "--criteria",
        type=_criteria_list,
        metavar="KEY,...",
        help="only these criteria, in this order: keys or labels, e.g. \"async views,orm\" (see 'fwcompare criteria')",
    )
    _format_argument(p, "comparison")
    p.add_argument("--differences", action="store_true", help="only the rows where the frameworks differ")
    p.add_argument(
        "--opinions",
        action="store_true",
        help="also list attributed opinions (text and markdown; with --criteria, those on these criteria)",
    )


def _verify_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("names", metavar="NAME", nargs="*", help="frameworks to check (default: all)")
    _format_argument(p, "verification")
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


def _bench_arguments(p: argparse.ArgumentParser) -> None:
    # Imported only when bench's parser is built: the other commands never load bench.
    from .bench import bench_arguments

    bench_arguments(p)


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
    _release_arguments(p)
    _format_argument(p, "ranking")


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
    _format_argument(p, "releases")


def _check_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "paths",
        metavar="PATH",
        nargs="*",
        help=(
            "requirements files, pip freeze output, pyproject.toml, pylock.toml, uv.lock, poetry.lock, or "
            "directories (default: the current directory: its lock file, else requirements*.txt, and pyproject.toml)"
        ),
    )
    p.add_argument("--installed", action="store_true", help="check what is installed in this environment instead")
    p.add_argument("--on", metavar="DATE", help="judge support on DATE (YYYY-MM-DD; default: today)")
    p.add_argument(
        "--within",
        type=_days,
        default=180,
        metavar="DAYS",
        help="an end of support this many days after the day judged is a finding (default: 180)",
    )
    p.add_argument(
        "--fail-on",
        type=_fail_on,
        metavar="KIND,...",
        help=(
            "which findings exit with status 1: unsupported, ends-within, broken-extension, python-mismatch "
            "(default: all; 'none' never fails)"
        ),
    )
    _format_argument(p, "check")


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a number of days, 0 or more, got {text!r}")
    return value


def _fail_on(text: str) -> list[str]:
    kinds = [k.strip() for k in text.split(",") if k.strip()]
    if kinds == ["none"]:
        return []
    known = ("unsupported", "ends-within", "broken-extension", "python-mismatch")
    for kind in kinds:
        if kind not in known:
            raise argparse.ArgumentTypeError(f"unknown finding {kind!r}: expected {', '.join(known)} or none")
    if not kinds:
        raise argparse.ArgumentTypeError("expected a comma-separated list of findings")
    return kinds


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
    _format_argument(p, "update")


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
    "criteria": ("list the criteria frameworks are compared on", _criteria_arguments),
    "rank": ("rank frameworks by how well they meet your needs, with the reasons", _rank_arguments),
    "export": ("write the whole dataset (frameworks, criteria, releases) as one JSON document", _export_arguments),
    "releases": (
        "releases and lifecycles: latest, for a Python, on a date, and whether still supported",
        _releases_arguments,
    ),
    "check": (
        (
            "check a project's frameworks and extensions: support, Python, extension health, the release to "
            "move to and what it changes (exit status 1 on a finding)"
        ),
        _check_arguments,
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
