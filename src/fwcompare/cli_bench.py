"""The ``fwcompare bench`` subcommand, to be hooked into the CLI's parser.

    add_bench_parser(subparsers)        # in build_parser, with the other subcommands
    args = parser.parse_args(argv)
    sys.exit(run_bench(args))          # when args.command == "bench"

A benchmark that cannot run (no ``wrk``, a framework not installed, a port in
use, a server that does not start) prints one line to stderr and exits with
status 2, never a traceback; Ctrl-C exits with 130. No server outlives it.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import time
from typing import Any

__all__ = ["add_bench_parser", "run_bench"]

EXIT_ERROR = 2
EXIT_INTERRUPTED = 130


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("expected a whole number of at least 1")
    return value


def add_bench_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``bench`` to *subparsers* (what ``ArgumentParser.add_subparsers()`` returned)."""
    from .ops.bench import DEFAULTS

    parser: argparse.ArgumentParser = subparsers.add_parser(
        "bench",
        help="measure the installed frameworks' speed and footprint (needs wrk)",
        description=(
            "Measure the frameworks installed in this (or another) environment side by side: requests/s, "
            "latency, server CPU time per request and its multiple of a bare WSGI/ASGI floor, and footprint. "
            "Measurements, not facts: each comes with its spread and provenance."
        ),
    )
    parser.add_argument("names", nargs="*", metavar="NAME", help="framework slugs (default: every one installed)")
    parser.add_argument("--python", metavar="PY", help="the interpreter whose environment to measure")
    parser.add_argument("--rounds", type=_positive, default=DEFAULTS["rounds"], help="rounds (default: %(default)s)")
    parser.add_argument(
        "--duration", type=_positive, default=DEFAULTS["duration"], help="seconds per load (default: %(default)s)"
    )
    parser.add_argument(
        "--warmup", type=int, default=DEFAULTS["warmup"], help="seconds of discarded warm-up (default: %(default)s)"
    )
    parser.add_argument(
        "--connections", type=_positive, default=DEFAULTS["connections"], help="wrk connections (default: %(default)s)"
    )
    parser.add_argument("--port", type=_positive, help="first loopback port to use (default: free ports)")
    parser.add_argument("--reference", action="store_true", help="show the bundled reference run instead")
    parser.add_argument("--format", choices=("text", "markdown", "json", "html"), default="text")
    parser.add_argument("--width", type=_positive, help="columns of the text table (default: the terminal's)")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    return parser


def _progress(quiet: bool) -> Any:
    if quiet:
        return None
    started = time.monotonic()
    tty = sys.stderr.isatty()

    def show(line: str) -> None:
        text = f"[{time.monotonic() - started:5.0f} s] {line}"
        if tty:
            sys.stderr.write("\r\x1b[K" + text[:200])
        else:
            sys.stderr.write(text + "\n")
        sys.stderr.flush()

    return show


def run_bench(args: argparse.Namespace) -> int:
    """Run ``fwcompare bench`` with parsed *args*; the exit status."""
    from .ops.bench import bench
    from .ops.bench_errors import BenchError

    progress = None if args.reference else _progress(args.quiet)
    try:
        result = bench(
            args.names or None,
            python=args.python,
            rounds=args.rounds,
            duration=args.duration,
            warmup=args.warmup,
            connections=args.connections,
            port=args.port,
            reference=args.reference,
            command="fwcompare " + shlex.join(sys.argv[1:]),
            progress=progress,
        )
    except BenchError as exc:
        _clear(progress)
        print(f"fwcompare bench: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        _clear(progress)
        print("fwcompare bench: interrupted; every server was stopped", file=sys.stderr)
        return EXIT_INTERRUPTED
    _clear(progress)
    if args.format == "json":
        print(result.to_json())
    elif args.format == "markdown":
        print(result.to_markdown(), end="")
    elif args.format == "html":
        print(result.to_html())
    else:
        import shutil

        print(result.to_text(args.width or shutil.get_terminal_size().columns))
    return 0


def _clear(progress: Any) -> None:
    if progress is not None and sys.stderr.isatty():
        sys.stderr.write("\r\x1b[K")
        sys.stderr.flush()


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry point until ``bench`` is hooked into ``fwcompare``'s parser."""
    parser = argparse.ArgumentParser(prog="fwcompare")
    add_bench_parser(parser.add_subparsers(dest="command", required=True))
    return run_bench(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
