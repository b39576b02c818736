"""The budget figures of two source trees, measured alternately in one run.

    git worktree add /tmp/before REV
    python benchmarks/before_after.py /tmp/before/src [--runs N] [--scale N]

The machines this runs on drift: the same parse of 10,000 files has taken
470 ms and 690 ms on one machine within an hour. Figures taken by
`run.py` at different times cannot say what a change did; these are taken
turn about, before and after, in fresh processes (Python's bytecode cache on,
each tree warmed first), so that drift reaches both alike. The "after" tree is
this checkout's ``src``. Each tree is put first on ``PYTHONPATH``; both must
be importable by the interpreter that runs this (attrs and packaging).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import run  # the figures' own definitions: what a first compare is, the generated frameworks

AFTER = Path(__file__).resolve().parent.parent / "src"

_SCALE = r"""
import gc, statistics, sys, time, tracemalloc
from pathlib import Path
import fwcompare
directory = Path(sys.argv[1])
registry = fwcompare.Registry([directory], plugins=False)
start = time.perf_counter(); registry.frameworks(); load = time.perf_counter() - start
gc.collect()  # what the load left to the collector is not charged to rank
needs = ["async_views", "websockets", "openapi"]
fwcompare.rank(needs, registry=registry)
ranks = []
for _ in range(5):
    start = time.perf_counter(); fwcompare.rank(needs, registry=registry); ranks.append(time.perf_counter() - start)
gc.collect()
tracemalloc.start(); fwcompare.Registry([directory], plugins=False).frameworks()
peak = tracemalloc.get_traced_memory()[1]
print(load, statistics.median(ranks), peak)
"""


def _environment(tree: Path) -> dict[str, str]:
    return dict(run.ENV, PYTHONPATH=str(tree))


def _python(code: str, tree: Path, *args: str) -> str:
    return subprocess.run(
        [run.PY, "-c", code, *args], capture_output=True, text=True, check=True, env=_environment(tree)
    ).stdout


def _cli_ratio(tree: Path) -> float:
    # The command run.py times; with the tree first on PYTHONPATH, its
    # `from fwcompare.cli import main` imports that tree.
    command = run.cli_command()
    start = time.perf_counter()
    subprocess.run([run.PY, "-c", "import attrs"], check=True, capture_output=True, env=run.ENV)
    middle = time.perf_counter()
    subprocess.run([*command, "compare", "django", "flask"], check=True, capture_output=True, env=_environment(tree))
    return (time.perf_counter() - middle) / (middle - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before", type=Path, help="the src folder of the tree to compare with")
    parser.add_argument("--runs", type=int, default=21, help="fresh processes per tree for the start-up figures")
    parser.add_argument("--scale", type=int, default=10_000, help="generated frameworks for the load figures")
    args = parser.parse_args()
    trees = {"before": args.before.resolve(), "after": AFTER}
    for tree in trees.values():  # every module's bytecode cached, in both trees
        _python(run.FIRST_COMPARE, tree)
        _cli_ratio(tree)
    first: dict[str, list[float]] = {name: [] for name in trees}
    cli: dict[str, list[float]] = {name: [] for name in trees}
    for _ in range(args.runs):
        for name, tree in trees.items():
            first[name].append(float(_python(run.FIRST_COMPARE, tree)) * 1000)
            cli[name].append(_cli_ratio(tree))
    rows = [
        ("import fwcompare + first compare, beyond import attrs (ms)", first, "15"),
        ("fwcompare compare django flask / import attrs (x)", cli, "1.5"),
    ]
    scale: dict[str, list[list[float]]] = {name: [] for name in trees}
    with tempfile.TemporaryDirectory(prefix="fwcompare-bench-") as tmp:
        directory = Path(tmp) / f"json-{args.scale}"
        run._generate(directory, args.scale, "json")
        for _ in range(3):
            for name, tree in trees.items():
                scale[name].append([float(x) for x in _python(_SCALE, tree, str(directory)).split()])
    for column, label, budget in (
        (0, f"load {args.scale:,} JSON frameworks (ms)", f"{2500 * args.scale / 10_000:.0f}"),
        (1, f"rank 3 needs over {args.scale:,} (ms)", "100"),
        (2, f"peak memory loading {args.scale:,} (MB)", "150"),
    ):
        scale_unit = 1 / 2**20 if column == 2 else 1000
        figures = {name: [r[column] * scale_unit for r in scale[name]] for name in trees}
        rows.append((label, figures, budget))
    print(f"Python {sys.version.split()[0]}; medians; before {trees['before']}, after {AFTER}")
    for label, figures, budget in rows:
        before, after = (statistics.median(figures[name]) for name in trees)
        print(f"{label}: {before:.2f} -> {after:.2f} ({after / before:.2f}x; budget {budget})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
