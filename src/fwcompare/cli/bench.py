"""``fwcompare bench``: its options, and the run that prints the measurements.

A benchmark that cannot run (no ``wrk``, a framework not installed, a port in
use, a server that does not start) is a `BenchError`: one line on stderr and
exit status 2, as every user error. Ctrl-C or SIGTERM exits with 130; no
server outlives the run (`fwcompare.ops.bench` stops every one it started).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

from .._errors import shorten

__all__ = ["bench_arguments", "cmd_bench"]


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {shorten(text, 20)!r}")
    return value


def _not_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number of seconds, 0 or more, got {shorten(text, 20)!r}")
    return value


def _framework_interpreter(text: str) -> tuple[str, str]:
    name, sep, python = text.partition("=")
    if not sep or not name.strip() or not python.strip():
        raise argparse.ArgumentTypeError(f"expected NAME=PY, got {shorten(text, 60)!r}")
    return name.strip(), python.strip()


def _levels(text: str) -> tuple[int, ...]:
    """``16,64,256``: distinct whole numbers within the limits of connections, at most `PROFILE_LEVELS`."""
    from ..ops.bench_plan import LIMITS, PROFILE_LEVELS

    least, most = LIMITS["connections"]
    words = text.split(",")
    if not all(w.isascii() and w.isdigit() and len(w) <= 6 for w in words):
        raise argparse.ArgumentTypeError(
            f"expected whole numbers separated by commas (16,64,256), got {shorten(text, 40)!r}"
        )
    levels = tuple(int(w) for w in words)
    for c in levels:
        if not least <= c <= most:
            raise argparse.ArgumentTypeError(f"connections must be a whole number from {least} to {most}, got {c}")
    if len(levels) > PROFILE_LEVELS or len(set(levels)) < len(levels):
        raise argparse.ArgumentTypeError(
            f"expected at most {PROFILE_LEVELS} distinct levels of connections, got {shorten(text, 40)!r}"
        )
    return levels


def bench_arguments(p: argparse.ArgumentParser) -> None:
    """The options of ``fwcompare bench`` (``--width``, ``--color`` are added with every command's)."""
    from .._formats import formats
    from ..ops.bench import DEFAULTS  # the standard library and the model: cheap

    p.add_argument("names", nargs="*", metavar="NAME", help="frameworks to measure (default: every one installed)")
    p.add_argument("--python", metavar="PY", help="measure the environment of this interpreter instead")
    p.add_argument(
        "--python-for",
        action="append",
        type=_framework_interpreter,
        default=[],
        metavar="NAME=PY",
        help="run framework NAME on interpreter PY (one that cannot be installed beside the others); repeatable",
    )
    p.add_argument("--rounds", type=_positive, default=DEFAULTS["rounds"], help="rounds (default: %(default)s)")
    p.add_argument(
        "--duration", type=_positive, default=DEFAULTS["duration"], help="seconds per load (default: %(default)s)"
    )
    p.add_argument(
        "--warmup",
        type=_not_negative,
        default=DEFAULTS["warmup"],
        help="seconds of warm-up, discarded (default: %(default)s)",
    )
    p.add_argument(
        "--connections",
        type=_levels,
        default=str(DEFAULTS["connections"]),
        metavar="N[,N...]",
        help=(
            "wrk connections (default: %(default)s); several (16,64,256) add a concurrency profile: "
            "after the main rounds at the first, every app and endpoint at each further one"
        ),
    )
    p.add_argument("--port", type=_positive, help="first loopback port to use (default: free ports)")
    p.add_argument(
        "--db",
        metavar="URL",
        help=(
            "run /db and /fortunes against this PostgreSQL (postgresql://user@host:port/name), which you "
            "started, instead of the bundled SQLite; it needs psycopg (and psycopg2 for py4web and Masonite) "
            "in the measured environment"
        ),
    )
    p.add_argument("--reference", action="store_true", help="show the bundled reference run instead of measuring")
    p.add_argument(
        "--force",
        action="store_true",
        help="run even when other processes use more than a quarter of a core (recorded in the result)",
    )
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    p.add_argument(
        "--format",
        choices=formats("bench", documents=True),
        default="text",
        metavar="FORMAT",
        help="output format: text, markdown, json or html (a standalone page) (default: text)",
    )


def _progress(quiet: bool) -> Callable[[str], None] | None:
    if quiet:
        return None
    started = time.monotonic()
    tty = sys.stderr.isatty()

    def show(line: str) -> None:
        from ..render.escape import terminal_safe

        text = terminal_safe(f"[{time.monotonic() - started:5.0f} s] {line}")
        # On a terminal one line, rewritten in place; in a log, one line per step.
        sys.stderr.write("\r\x1b[K" + text[:200] if tty else text + "\n")
        sys.stderr.flush()

    return show


def _command(args: argparse.Namespace) -> str:
    """The command line that repeats this run, every setting spelled out (what the provenance records)."""
    import shlex  # here, not at the top: the parser imports this module for every command

    words = ["fwcompare", "bench", *args.names]
    if args.python:
        words += ["--python", args.python]
    for name, python in args.python_for:
        words += ["--python-for", f"{name}={python}"]
    for option in ("rounds", "duration", "warmup"):
        words += [f"--{option}", str(getattr(args, option))]
    words += ["--connections", ",".join(str(c) for c in args.connections)]
    if args.db:
        from ..ops.bench_database import redacted_url

        words += ["--db", redacted_url(args.db)]  # never the password
    if args.force:
        words.append("--force")
    return shlex.join(words)


def cmd_bench(args: argparse.Namespace) -> str:
    """Run the benchmark (or read the reference run) and return its rendering."""
    from ..ops.bench import bench
    from ..registry import Registry
    from .output import output

    progress = None if args.reference else _progress(args.quiet)
    try:
        result = bench(
            args.names or None,
            python=args.python,
            pythons=dict(args.python_for) or None,
            rounds=args.rounds,
            duration=args.duration,
            warmup=args.warmup,
            connections=args.connections,
            port=args.port,
            reference=args.reference,
            force=args.force,
            db=args.db,
            command=_command(args),
            progress=progress,
            # Plugins may ship apps of their frameworks: --no-plugins leaves them out too.
            registry=Registry(plugins=False) if args.no_plugins else None,
        )
    finally:
        if progress is not None and sys.stderr.isatty():
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
    return output("bench", result, args)  # html: a complete page (render.bench.page)
