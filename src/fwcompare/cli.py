"""The ``fwcompare`` command.

User errors (unknown names, bad options, bad data, an interpreter ``verify``
cannot use, a stdout that cannot be written: full, closed, or in an encoding
that cannot carry the output) print one message to stderr and exit with
status 2; they never show a traceback. Ctrl-C and SIGTERM exit with status 130.
Text from data is written with its control characters escaped
(`fwcompare.render.escape.terminal_safe`), errors and warnings too.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import NoReturn

from ._errors import FwcompareError, PluginWarning
from ._version import __version__
from .ops.compare import compare
from .registry import Registry, default_registry

__all__ = ["main"]

EXIT_USAGE = 2
DATA_PATH_ENV = "FWCOMPARE_DATA_PATH"
"""Directories of user data (separated like PATH), as if given with --data-dir."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # argparse would print the whole usage first; one line is clearer.
        from .render.escape import terminal_safe

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
    for name, (help_, add_arguments) in _SUBCOMMANDS.items():
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


def _width(args: argparse.Namespace) -> int:
    from . import _terminal

    return _terminal.width(getattr(args, "width", None))


def _style(args: argparse.Namespace) -> Callable[[str, str], str]:
    from . import _terminal

    if getattr(args, "format", "text") != "text":
        return _terminal.plain
    return _terminal.style_for(_terminal.use_color(getattr(args, "color", "auto")))


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
    p.add_argument("names", metavar="NAME", nargs="+", help="two or more framework names")
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
        "--min-version",
        dest="min_versions",
        action="append",
        default=[],
        type=_min_version_spec,
        metavar="NAME=VERSION",
        help="judge NAME at this release, the oldest you must run on (repeatable)",
    )
    _format_argument(p, "text", "markdown", "json", "html")


_SUBCOMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
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

        from .render.json import framework_list_to_dict

        return json.dumps(framework_list_to_dict(fws), indent=2, ensure_ascii=False)
    from .render.text import fill

    slug_width = max(len(f.slug) for f in fws)
    style = _style(args)
    lines = []
    for f in fws:
        text = f"{f.slug.ljust(slug_width)}  {f.name} {f.checked.version} ({f.classification}): {f.summary}"
        wrapped = fill(text, _width(args), "", " " * (slug_width + 4))
        wrapped[0] = style(f.slug.ljust(slug_width), "heading") + wrapped[0][slug_width:]
        lines += wrapped
    return "\n".join(lines)


def _cmd_show(args: argparse.Namespace) -> str:
    registry = _registry(args)
    framework = registry.get(args.name)
    if args.format == "json":
        import json

        return json.dumps(framework.to_dict(), indent=2, ensure_ascii=False)
    if args.format == "html":
        return framework.to_html(standalone=True)
    from .render.text import framework_text

    return framework_text(framework, registry.criteria(), width=_width(args), style=_style(args))


def _cmd_compare(args: argparse.Namespace) -> str:
    if len(args.names) < 2:
        raise _UsageError("compare needs at least two frameworks, e.g. 'fwcompare compare django flask'")
    comparison = compare(*args.names, criteria=args.criteria, registry=_registry(args))
    if args.differences:
        comparison = comparison.differences()
    if args.format == "json":
        return comparison.to_json()
    if args.format == "html":
        return comparison.to_html(standalone=True)
    # --opinions narrowed by --criteria: the opinions on those criteria, and the general ones.
    on = [row.criterion.key for row in comparison] if args.criteria else None
    if args.format == "markdown":
        from .render.markdown import comparison_markdown

        markdown = comparison_markdown(comparison)
        if args.opinions:
            from .render.opinions_markdown import opinions_markdown

            markdown = markdown.rstrip("\n") + "\n\n" + opinions_markdown(comparison.frameworks, on)
        return markdown
    from .render.text import comparison_text

    return comparison_text(
        comparison, opinions=args.opinions, opinion_criteria=on, width=_width(args), style=_style(args)
    )


def _cmd_criteria(args: argparse.Namespace) -> str:
    items = _registry(args).criteria()
    if args.format == "json":
        import json

        from .render.json import criteria_to_dict

        return json.dumps(criteria_to_dict(items), indent=2, ensure_ascii=False)
    from .render.text import fill

    key_width = max(len(c.key) for c in items)
    lines = []
    for c in items:
        lines += fill(f"{c.key.ljust(key_width)}  {c.group_label}: {c.label} ({c.kind})", _width(args), "", " " * 4)
    return "\n".join(lines)


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

    def __init__(self, output: str, message: str = "") -> None:
        self.output = output
        self.message = message


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
    result = verify(names, python=args.python, registry=registry, timeout=args.timeout)
    if args.format == "json":
        import json

        output = json.dumps(result.to_dict(), indent=2, ensure_ascii=False)
    else:
        from .render.verification import verification_text

        output = verification_text(result, width=_width(args), style=_style(args))
    where = f"for {args.python}" if args.python else "in this environment"
    missing = [name for name in result.not_installed if names is not None]
    if missing:
        raise _Failed(
            output,
            f"not installed {where}: {', '.join(missing)} (named on the command line; "
            "install it, or point --python at an environment that has it)",
        )
    if result.checked_nothing and not args.allow_none:
        raise _Failed(output, f"nothing was checked: no framework with probes is installed {where} (see --allow-none)")
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
    )
    if args.format == "json":
        return ranking.to_json()
    if args.format == "markdown":
        return ranking.to_markdown()
    if args.format == "html":
        return ranking.to_html(standalone=True)
    from .render.ranking import ranking_text

    return ranking_text(ranking, width=_width(args), style=_style(args))


def _cmd_export(args: argparse.Namespace) -> str:
    import json

    if args.schema:
        from .schemas import output_schema

        return json.dumps(output_schema("export"), indent=2, ensure_ascii=False)
    from .ops.export import export

    document = json.dumps(export(_registry(args)), indent=2, ensure_ascii=False)
    if args.output is None:
        return document
    from pathlib import Path

    try:
        Path(args.output).write_text(document + "\n", encoding="utf-8")
    except OSError as exc:
        raise _UsageError(f"cannot write {args.output!r}: {exc.strerror or exc}") from None
    return ""


_COMMANDS = {
    "list": _cmd_list,
    "show": _cmd_show,
    "compare": _cmd_compare,
    "criteria": _cmd_criteria,
    "verify": _cmd_verify,
    "plugins": _cmd_plugins,
    "rank": _cmd_rank,
    "export": _cmd_export,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv* (default: ``sys.argv[1:]``); return the exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    # A command line that starts with its command needs that subcommand's parser only;
    # anything else (help, an option first, a typo) gets the whole parser and its messages.
    parser = build_parser(argv[0] if argv and argv[0] in _SUBCOMMANDS else None)
    args = parser.parse_args(argv)
    status, message = 0, ""
    import warnings

    recorded: list[warnings.WarningMessage] = []
    try:
        with _terminate_as_interrupt(), warnings.catch_warnings(record=True) as recorded:
            warnings.simplefilter("always", PluginWarning)
            output = _COMMANDS[args.command](args)
    except (FwcompareError, _UsageError) as exc:
        _say("error", exc)
        return EXIT_USAGE
    except _Failed as failed:
        output, status, message = failed.output, 1, failed.message
    except KeyboardInterrupt:
        # Ctrl-C or SIGTERM: verify has killed its probes and removed its files by now.
        _say("error", "interrupted")
        return EXIT_INTERRUPTED
    finally:
        # A broken plugin is worth a line on stderr, not a warning's file and line number.
        for warning in recorded:
            _say("warning", warning.message)
    written = _write(output, args)
    if message:
        _say("error", message)
    return written or status


EXIT_INTERRUPTED = 130
"""The exit status after Ctrl-C or SIGTERM (128 + SIGINT, as shells report it)."""


def _say(kind: str, message: object) -> None:
    """One line on stderr; it may quote data (names, file names), so controls are escaped."""
    from .render.escape import terminal_safe

    print(f"fwcompare: {kind}: {terminal_safe(str(message))}", file=sys.stderr)


def _write(output: str, args: argparse.Namespace) -> int | None:
    """Write *output* to stdout (or the pager); `EXIT_USAGE` when stdout cannot take it.

    This is the one place where text reaches the terminal: controls from data are
    escaped here, then the styles the renderers marked become colour codes.
    """
    from . import _terminal
    from .render.escape import terminal_safe

    if not output:
        return None
    text = _terminal.finish(terminal_safe(output.rstrip("\n")) + "\n")
    stdout = sys.stdout
    if stdout is None:  # started with stdout closed (`fwcompare list >&-`)
        _say("error", "cannot write the output: stdout is closed")
        return EXIT_USAGE
    try:
        if _terminal.page(text, enabled=getattr(args, "pager", True)):
            return None
        stdout.write(text)
        stdout.flush()
        return None
    except BrokenPipeError:
        # The reader went away (`fwcompare list | head`): not an error of ours.
        _discard_stdout()
        return None
    except UnicodeEncodeError as exc:
        bad = exc.object[exc.start : exc.end]
        problem = f"its encoding ({exc.encoding}) has no {bad!r}; set PYTHONIOENCODING=utf-8"
    except (OSError, ValueError) as exc:  # a full device (ENOSPC), a closed file (EBADF, ValueError)
        problem = getattr(exc, "strerror", None) or str(exc)
    _discard_stdout()
    _say("error", f"cannot write the output to stdout: {problem}")
    return EXIT_USAGE


def _discard_stdout() -> None:
    # What is still buffered would fail again when Python flushes at exit: send it nowhere.
    import contextlib
    import os

    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM raises KeyboardInterrupt while a command runs, so cleanup runs as on Ctrl-C."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
