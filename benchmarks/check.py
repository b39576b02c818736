"""`fwcompare check` on a 500-package uv.lock, against `fwcompare compare django flask`, as processes.

    python benchmarks/check.py [--runs N]

Also run by ``benchmarks/run.py``. The lock file is written here: 500
``[[package]]`` entries in uv's layout (a source, dependencies, an sdist with
its hash), among them Django 4.2, Flask 2.2 with three extensions, FastAPI
0.99 and Starlette, so that four frameworks and their extensions are judged.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

PY = sys.executable
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
BUDGET = 1.5
HASH = "0" * 64

STACK = [
    ("django", "4.2.30"),
    ("flask", "2.2.5"),
    ("flask-login", "0.6.2"),
    ("flask-sqlalchemy", "3.0.5"),
    ("flask-wtf", "1.1.1"),
    ("fastapi", "0.99.1"),
    ("starlette", "0.27.0"),
    ("channels", "4.1.0"),
    ("sqlalchemy", "2.0.36"),
    ("alembic", "1.13.3"),
]


def write_lock(path: Path, count: int = 500) -> None:
    """A uv.lock of *count* packages, the stack above first."""
    packages = STACK + [(f"package-{i:03d}", f"1.0.{i}") for i in range(count - len(STACK))]
    lines = ["version = 1", "revision = 2", 'requires-python = ">=3.11"', ""]
    for name, version in packages:
        lines += [
            "[[package]]",
            f'name = "{name}"',
            f'version = "{version}"',
            'source = { registry = "https://pypi.org/simple" }',
            "dependencies = [",
            '    { name = "package-000" },',
            "]",
            f'sdist = {{ url = "https://files.example/{name}-{version}.tar.gz", hash = "sha256:{HASH}", size = 1 }}',
            "",
        ]
    path.write_text("\n".join(lines), encoding="utf-8")


def cli_command() -> list[str]:
    script = Path(PY).with_name("fwcompare")
    return [str(script)] if script.exists() else [PY, "-m", "fwcompare"]


def _seconds(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=False, capture_output=True, env=ENV)
    return time.perf_counter() - start


def check_vs_compare(runs: int, report: Callable[[str, str, str, bool], None]) -> None:
    """The ratio of the two processes' times, measured alternately (median of *runs* pairs)."""
    with tempfile.TemporaryDirectory() as directory:
        lock = Path(directory) / "uv.lock"
        write_lock(lock)
        check = [*cli_command(), "check", str(lock), "--on", "2026-11-20", "--fail-on", "none"]
        compare = [*cli_command(), "compare", "django", "flask"]
        _seconds(check)  # warm-up: every module's bytecode cached
        _seconds(compare)
        ratios, checks, compares = [], [], []
        for _ in range(runs):
            a, b = _seconds(check), _seconds(compare)
            checks.append(a)
            compares.append(b)
            ratios.append(a / b)
    median = statistics.median(ratios)
    report(
        "fwcompare check (500-package uv.lock) / fwcompare compare django flask",
        f"{median:.2f}x (median of {runs} alternating pairs; check {statistics.median(checks) * 1000:.0f} ms, "
        f"compare {statistics.median(compares) * 1000:.0f} ms)",
        f"{BUDGET}x",
        median <= BUDGET,
    )


def _print(name: str, figure: str, budget: str, ok: bool) -> None:
    print(f"{'ok  ' if ok else 'OVER'} {name}: {figure} (budget: {budget})", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    results: list[bool] = []

    def report(name: str, figure: str, budget: str, ok: bool) -> None:
        results.append(ok)
        _print(name, figure, budget, ok)

    check_vs_compare(args.runs, report)
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
