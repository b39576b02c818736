"""The ``fwcompare`` command.

User errors (unknown names, bad options, bad data) print one message to stderr
and exit with status 2; they never show a traceback.
"""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from . import compare
from ._errors import FwcompareError, PluginWarning
from ._version import __version__
from .registry import Registry, default_registry

__all__ = ["main"]

EXIT_USAGE = 2
DATA_PATH_ENV = "FWCOMPARE_DATA_PATH"
"""Directories of user data (separated like PATH), as if given with --data-dir."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # argparse would print the whole usage first; one line is clearer.
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


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
        metavar="DIR",
        help=f"also read frameworks and criteria from this directory (repeatable; also ${DATA_PATH_ENV})",
    )
    parser.add_argument("--no-plugins", action="store_true", help="do not load plugins (also FWCOMPARE_NO_PLUGINS=1)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True
    for name, (help_, add_arguments) in _SUBCOMMANDS.items():
        if command is None or name == command:
            add_arguments(commands.add_parser(name, help=help_, formatter_class=_Formatter))
    return parser


def _list_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=["text", "json"], default="text", help="output format (default: text)")


def _show_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", metavar="NAME", help="a framework's name, slug or alias")
    p.add_argument("--format", choices=["text", "json"], default="text", help="output format (default: text)")


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
        help="only these criteria, in this order (see 'fwcompare criteria')",
    )
    p.add_argument(
        "--format", choices=["text", "markdown", "json"], default="text", help="output format (default: text)"
    )
    p.add_argument("--differences", action="store_true", help="only the rows where the frameworks differ")
    p.add_argument("--opinions", action="store_true", help="also list attributed opinions (text format)")


def _verify_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("names", metavar="NAME", nargs="*", help="frameworks to check (default: all)")
    p.add_argument("--format", choices=["text", "json"], default="text", help="output format (default: text)")
    p.add_argument(
        "--python",
        metavar="PATH",
        help="check the frameworks installed for this interpreter instead (another virtual environment)",
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
        "--min-version",
        dest="min_versions",
        action="append",
        default=[],
        type=_min_version_spec,
        metavar="NAME=VERSION",
        help="judge NAME at this release, the oldest you must run on (repeatable)",
    )
    p.add_argument(
        "--format", choices=["text", "markdown", "json"], default="text", help="output format (default: text)"
    )


def _releases_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "names", metavar="NAME", nargs="*", help="frameworks, or NAME==VERSION for a given release (default: all)"
    )
    p.add_argument(
        "--python", metavar="VERSION", help="show the newest release pip installs on this Python (e.g. 3.11)"
    )
    p.add_argument("--as-of", metavar="DATE", help="show the newest release on or before DATE (YYYY-MM-DD)")
    p.add_argument(
        "--on", metavar="DATE", help="judge support and the 12-month count on DATE (default: the data's date)"
    )
    p.add_argument("--format", choices=["text", "json"], default="text", help="output format (default: text)")


_SUBCOMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "list": ("list the frameworks fwcompare knows", _list_arguments),
    "show": ("everything known about one framework, with sources", _show_arguments),
    "compare": ("compare two or more frameworks side by side", _compare_arguments),
    "verify": (
        "check the data against the frameworks installed here (exit status 1 on a contradiction)",
        _verify_arguments,
    ),
    "plugins": ("list the plugins found, what each provided, or why it failed", _no_arguments),
    "criteria": ("list the criteria frameworks are compared on", _list_arguments),
    "rank": ("rank frameworks by how well they meet your needs, with the reasons", _rank_arguments),
    "releases": (
        "releases and lifecycles: latest, for a Python, on a date, and whether still supported",
        _releases_arguments,
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


def _min_version_spec(text: str) -> tuple[str, str]:
    name, sep, version = text.partition("=")
    if not sep or not name.strip() or not version.strip():
        raise argparse.ArgumentTypeError(f"expected NAME=VERSION, such as django=4.2, got {text!r}")
    return name.strip(), version.strip()


def _registry(args: argparse.Namespace) -> Registry:
    import os

    paths = [p for p in os.environ.get(DATA_PATH_ENV, "").split(os.pathsep) if p] + list(args.data_dir)
    if not paths and not args.no_plugins:
        return default_registry()
    return Registry(paths, plugins=False if args.no_plugins else None)


def _cmd_list(args: argparse.Namespace) -> str:
    fws = _registry(args).frameworks()
    if args.format == "json":
        import json

        from .render.json import framework_to_dict

        return json.dumps([framework_to_dict(f, facts=False) for f in fws], indent=2, ensure_ascii=False)
    width = max(len(f.slug) for f in fws)
    return "\n".join(
        f"{f.slug.ljust(width)}  {f.name} {f.checked.version} ({f.classification}): {f.summary}" for f in fws
    )


def _cmd_show(args: argparse.Namespace) -> str:
    registry = _registry(args)
    framework = registry.get(args.name)
    if args.format == "json":
        import json

        from .render.json import framework_to_dict

        return json.dumps(framework_to_dict(framework), indent=2, ensure_ascii=False)
    from .render.text import framework_text

    return framework_text(framework, registry.criteria())


def _cmd_compare(args: argparse.Namespace) -> str:
    if len(args.names) < 2:
        raise _UsageError("compare needs at least two frameworks, e.g. 'fwcompare compare django flask'")
    comparison = compare(
        *args.names, criteria=args.criteria, registry=_registry(args), python=args.python, as_of=args.as_of
    )
    if args.differences:
        import attrs

        comparison = attrs.evolve(comparison, rows=comparison.differences())
    if args.format == "json":
        return comparison.to_json()
    if args.format == "markdown":
        return comparison.to_markdown()
    from .render.text import comparison_text

    return comparison_text(comparison, opinions=args.opinions)


def _cmd_criteria(args: argparse.Namespace) -> str:
    items = _registry(args).criteria()
    if args.format == "json":
        import json

        from .render.json import criterion_to_dict

        return json.dumps([criterion_to_dict(c) for c in items], indent=2, ensure_ascii=False)
    width = max(len(c.key) for c in items)
    return "\n".join(f"{c.key.ljust(width)}  {c.group_label}: {c.label} ({c.kind})" for c in items)


def _cmd_plugins(args: argparse.Namespace) -> str:
    registry = _registry(args)
    infos = registry.plugins()
    if not infos:
        from .store.plugins import ENTRY_POINT_GROUP, autoload_enabled

        if args.no_plugins or not autoload_enabled():
            return "Plugins are turned off (--no-plugins or FWCOMPARE_NO_PLUGINS=1)."
        return f"No plugins installed (entry-point group {ENTRY_POINT_GROUP!r})."
    lines = []
    for info in infos:
        where = f"{info.value}" + (f" from {info.distribution}" if info.distribution else "")
        if info.error is not None:
            lines.append(f"{info.name}: FAILED ({where}): {info.error}")
            continue
        provided = ", ".join(info.frameworks) or "no frameworks"
        lines.append(f"{info.name}: loaded ({where}): frameworks {provided}")
        if info.criteria:
            lines.append(f"  criteria: {', '.join(info.criteria)}")
        if info.skipped:
            lines.append(f"  skipped (names already taken): {', '.join(info.skipped)}")
    return "\n".join(lines)


class _UsageError(Exception):
    pass


class _Failed(Exception):
    """The command ran, and its answer is a failure (exit status 1)."""

    def __init__(self, output: str) -> None:
        self.output = output


def _cmd_verify(args: argparse.Namespace) -> str:
    from .ops.verify import verify

    registry = _registry(args)
    names = args.names or None
    if names is not None:
        for name in names:
            registry.get(name)  # an unknown name is a user error, before any probe runs
    if args.python is not None:
        import os

        if not os.access(args.python, os.X_OK):
            raise _UsageError(f"--python {args.python!r} is not an executable interpreter")
    print("fwcompare: running the probes (this takes a few seconds per framework)...", file=sys.stderr)
    result = verify(names, python=args.python, registry=registry)
    if args.format == "json":
        import json

        output = json.dumps(result.to_dict(), indent=2, ensure_ascii=False)
    else:
        output = str(result)
    if not result.ok:
        raise _Failed(output)
    return output


def _cmd_rank(args: argparse.Namespace) -> str:
    from .model.ranking import Need
    from .ops.rank import rank

    needs = [Need(key, weight=weight) for key, weight in args.needs]
    ranking = rank(
        needs,
        frameworks=args.names or None,
        builtin_only=args.builtin_only,
        min_versions=dict(args.min_versions),
        registry=_registry(args),
        maintained_only=args.maintained_only,
    )
    if args.format == "json":
        return ranking.to_json()
    if args.format == "markdown":
        return ranking.to_markdown()
    return str(ranking)


def _cmd_releases(args: argparse.Namespace) -> str:
    import datetime

    from .ops.releases import release_report

    try:
        on = None if args.on is None else datetime.date.fromisoformat(args.on)
    except ValueError:
        raise _UsageError(f"--on must be a date (YYYY-MM-DD), got {args.on!r}") from None
    report = release_report(args.names, registry=_registry(args), python=args.python, as_of=args.as_of, on=on)
    if args.format == "json":
        import json

        return json.dumps(report, indent=2, ensure_ascii=False)
    from .render.releases import release_report_text

    return release_report_text(report)


_COMMANDS = {
    "list": _cmd_list,
    "show": _cmd_show,
    "compare": _cmd_compare,
    "criteria": _cmd_criteria,
    "verify": _cmd_verify,
    "plugins": _cmd_plugins,
    "rank": _cmd_rank,
    "releases": _cmd_releases,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv* (default: ``sys.argv[1:]``); return the exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    # A command line that starts with its command needs that subcommand's parser only;
    # anything else (help, an option first, a typo) gets the whole parser and its messages.
    parser = build_parser(argv[0] if argv and argv[0] in _SUBCOMMANDS else None)
    args = parser.parse_args(argv)
    status = 0
    import warnings

    recorded: list[warnings.WarningMessage] = []
    try:
        with warnings.catch_warnings(record=True) as recorded:
            warnings.simplefilter("always", PluginWarning)
            output = _COMMANDS[args.command](args)
    except (FwcompareError, _UsageError) as exc:
        print(f"fwcompare: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except _Failed as failed:
        output, status = failed.output, 1
    finally:
        # A broken plugin is worth a line on stderr, not a warning's file and line number.
        for warning in recorded:
            print(f"fwcompare: warning: {warning.message}", file=sys.stderr)
    try:
        sys.stdout.write(output.rstrip("\n") + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`fwcompare list | head`): not an error of ours.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return status
