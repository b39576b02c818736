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
import sys
from collections.abc import Iterator, Sequence

from .._errors import FwcompareError, PluginWarning
from .commands import COMMANDS, Failed, UsageError
from .parser import EXIT_USAGE, build_parser, command_of, merge_global_options

__all__ = ["build_parser", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv* (default: ``sys.argv[1:]``); return the exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    # A command line that names its command (after global options such as --no-plugins)
    # needs that subcommand's parser only; anything else (help, a typo) gets the whole
    # parser and its messages. Building every subparser costs more than a comparison.
    parser = build_parser(command_of(argv))
    args = merge_global_options(parser.parse_args(argv))
    status, message = 0, ""
    import warnings

    recorded: list[warnings.WarningMessage] = []
    try:
        with _terminate_as_interrupt(), warnings.catch_warnings(record=True) as recorded:
            warnings.simplefilter("always", PluginWarning)
            output = COMMANDS[args.command](args)
    except (FwcompareError, UsageError) as exc:
        _say("error", exc)
        return EXIT_USAGE
    except Failed as failed:
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
    """One line on stderr; it may quote data (names, file names), so controls are escaped and long words cut."""
    from .._errors import shorten_words
    from ..render.escape import terminal_safe

    print(f"fwcompare: {kind}: {terminal_safe(shorten_words(str(message)))}", file=sys.stderr)


def _write(output: str, args: argparse.Namespace) -> int | None:
    """Write *output* to stdout (or the pager); `EXIT_USAGE` when stdout cannot take it.

    This is the one place where text reaches the terminal: controls from data are
    escaped here, then the styles the renderers marked become colour codes.
    """
    from .. import _terminal
    from ..render.escape import terminal_safe

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
