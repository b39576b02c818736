"""fwcompare's benchmarks: each figure beside its budget.

    python benchmarks/run.py [--quick] [--scale N ...] [--formats json|toml ...]

Run from a checkout with fwcompare installed in the interpreter that runs this
(``pip install -e .``). Every figure is a median over fresh processes or
repeated runs, and figures that have a baseline are measured alternately with
it in the same run and quoted as a ratio: the machines this runs on are noisy.
Timing never goes in the test suite; this is where it lives.

Fresh processes run with Python's bytecode cache on (PYTHONDONTWRITEBYTECODE is
dropped from their environment) after one warm-up run, as for an installed
package, whose modules pip compiles at install: otherwise fwcompare's modules
would be compiled from source in every process while attrs' would not.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import fwcompare

PY = sys.executable
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
RESULTS: list[tuple[str, str, str, bool]] = []


def report(name: str, figure: str, budget: str, ok: bool) -> None:
    RESULTS.append((name, figure, budget, ok))
    print(f"{'ok  ' if ok else 'OVER'} {name}: {figure} (budget: {budget})", flush=True)


def _run(code: str, env: dict[str, str] | None = None) -> str:
    environment = dict(ENV, **(env or {}))
    return subprocess.run([PY, "-c", code], capture_output=True, text=True, check=True, env=environment).stdout


def warm_up() -> None:
    """One run of each measured command, so that every module's bytecode is cached."""
    _run("import fwcompare; fwcompare.compare('django', 'flask')")  # the CLI run below warms the rest
    subprocess.run([PY, "-m", "fwcompare", "compare", "django", "flask"], check=True, capture_output=True, env=ENV)


def import_cost(runs: int) -> None:
    """`import fwcompare` on top of `import attrs`, against `import attrs` itself (-X importtime, cumulative)."""
    ours: list[float] = []
    theirs: list[float] = []
    for _ in range(runs):
        result = subprocess.run(
            [PY, "-X", "importtime", "-c", "import attrs; import fwcompare"],
            capture_output=True,
            text=True,
            check=True,
            env=ENV,
        )
        for line in result.stderr.splitlines():
            parts = [p.strip() for p in line.split("|")]
            if len(parts) == 3 and parts[2] in ("fwcompare", "attrs"):
                (ours if parts[2] == "fwcompare" else theirs).append(int(parts[1]) / 1000)
    median, attrs_ms = statistics.median(ours), statistics.median(theirs)
    report(
        "import fwcompare beyond import attrs",
        f"{median:.2f} ms; import attrs {attrs_ms:.2f} ms (medians of {runs})",
        "no dearer than import attrs",
        median <= attrs_ms,
    )


# After `import attrs`: what a user's first call costs, fwcompare's import included (seconds, printed).
FIRST_COMPARE = (
    "import attrs, time; t = time.perf_counter(); import fwcompare; fwcompare.compare('django', 'flask'); "
    "print(time.perf_counter() - t)"
)


def cli_command() -> list[str]:
    """The installed `fwcompare` command beside this interpreter, else ``python -m fwcompare`` (runpy adds work)."""
    script = Path(PY).with_name("fwcompare")
    return [str(script)] if script.exists() else [PY, "-m", "fwcompare"]


# What any typed answer costs before a file is read: the stdlib and packaging modules the
# model uses and the model's own modules (13 attrs classes, 11 enums), after `import attrs`.
MODEL_IMPORTS = (
    "import json, datetime, packaging.version; import fwcompare.model.facts, fwcompare.model.frameworks, "
    "fwcompare.model.criteria, fwcompare.model.opinions, fwcompare.model.comparison"
)
MODEL_ALONE = f"import attrs, time; t = time.perf_counter(); {MODEL_IMPORTS}; print(time.perf_counter() - t)"


def first_compare(runs: int) -> None:
    figures, model = [], []
    for _ in range(runs):  # alternately: the model's share is read against the figure it is part of
        figures.append(float(_run(FIRST_COMPARE)) * 1000)
        model.append(float(_run(MODEL_ALONE)) * 1000)
    median = statistics.median(figures)
    report(
        "import fwcompare + first compare('django', 'flask'), beyond import attrs",
        f"{median:.2f} ms (median of {runs})",
        "15 ms",
        median <= 15,
    )
    # Shown, not judged: the part of the figure that no loading or rendering change can reach.
    print(f"     (of which importing the model and the modules it uses: {statistics.median(model):.2f} ms)")


def warm(repeat: int) -> None:
    import fwcompare

    fwcompare.compare("django", "flask")
    number = 200_000
    get = min(timeit.repeat(lambda: fwcompare.get("flask"), number=number, repeat=repeat)) / number * 1e6
    report("warm get('flask')", f"{get:.3f} µs (best of {repeat} x {number})", "1 µs", get <= 1)
    number = 5_000
    times = timeit.repeat(lambda: fwcompare.compare("django", "flask"), number=number, repeat=repeat)
    compare = min(times) / number * 1e6
    report("warm compare('django', 'flask')", f"{compare:.1f} µs (best of {repeat} x {number})", "50 µs", compare <= 50)


def _generate(directory: Path, count: int, suffix: str) -> None:
    """*count* frameworks, each with a fact for every criterion, in the bundled schema."""
    import fwcompare

    criteria = fwcompare.criteria()
    directory.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        slug = f"gen{i:06d}"
        facts = {}
        for j, c in enumerate(criteria):
            fact: dict[str, object] = {
                "support": ["built-in", "partial", "extension", "absent"][(i + j) % 4],
                "sources": [
                    {
                        "url": f"https://gen.example/{slug}/{c.key}",
                        "title": f"{slug} docs: {c.key}",
                        "read": "2026-11-24",
                    }
                ],
            }
            if fact["support"] == "partial":
                fact["note"] = "Generated: partial."
            if fact["support"] == "extension":
                fact["extensions"] = [{"name": f"{slug}-{c.key}", "party": "third"}]
            if fact["support"] in ("built-in", "partial") and (i + j) % 3 == 0:
                fact["since"] = f"{1 + j % 5}.{i % 10}"
            kind = str(c.kind)
            if kind in ("text",):
                fact["value"] = f"value {j}"
            elif kind in ("choice",):
                fact["value"] = c.choices[0]
            elif kind == "tags":
                fact["value"] = [c.choices[(i + j) % len(c.choices)]]
            facts[c.key] = fact
        doc = {
            "schema_version": 1,
            "name": f"Generated {i}",
            "slug": slug,
            "summary": "A generated framework for the scale benchmark.",
            "homepage": f"https://gen.example/{slug}",
            "repository": f"https://gen.example/{slug}/code",
            "pypi": slug,
            "license": "MIT",
            "classification": "micro",
            "authors": ["Generator"],
            "maintainer": "Generator",
            "first_release": {
                "date": "2020-01-01",
                "version": "1.0",
                "sources": [{"url": "https://gen.example/", "title": "Generated", "read": "2026-11-24"}],
            },
            "checked": {"version": "9.9", "date": "2026-11-24"},
            "sources": [{"url": f"https://gen.example/{slug}", "title": "Generated", "read": "2026-11-24"}],
            "facts": facts,
        }
        path = directory / f"{slug}.{suffix}"
        if suffix == "json":
            path.write_text(json.dumps(doc), encoding="utf-8")
        else:
            path.write_text(_to_toml(doc), encoding="utf-8")


def _to_toml(doc: dict[str, object]) -> str:
    # Just enough TOML for the generated documents (no TOML writer in the standard library).
    def value(v: object) -> str:
        if isinstance(v, str):
            return json.dumps(v)
        if isinstance(v, list):
            if v and isinstance(v[0], dict):
                return "[" + ", ".join(value(x) for x in v) + "]"
            return "[" + ", ".join(value(x) for x in v) + "]"
        if isinstance(v, dict):
            return "{" + ", ".join(f"{k} = {value(x)}" for k, x in v.items()) + "}"
        return json.dumps(v)

    lines = [f"{k} = {value(v)}" for k, v in doc.items() if k != "facts"]
    facts = doc["facts"]
    assert isinstance(facts, dict)
    for key, fact in facts.items():
        lines.append(f"\n[facts.{key}]")
        lines += [f"{k} = {value(v)}" for k, v in fact.items()]
    return "\n".join(lines) + "\n"


def _parse_only(directory: Path) -> float:
    import tomllib

    start = time.perf_counter()
    for path in sorted(directory.iterdir()):
        raw = path.read_bytes()
        if path.suffix == ".json":
            json.loads(raw)
        else:
            tomllib.loads(raw.decode())
    return time.perf_counter() - start


def _load(directory: Path) -> tuple[float, fwcompare.Registry]:
    import fwcompare

    registry = fwcompare.Registry([directory], plugins=False)
    start = time.perf_counter()
    registry.frameworks()
    return time.perf_counter() - start, registry


def _median(fn: Callable[[], float], runs: int) -> float:
    return statistics.median(fn() for _ in range(runs))


def scale(sizes: list[int], runs: int, formats: list[str]) -> None:
    with tempfile.TemporaryDirectory(prefix="fwcompare-bench-") as tmp:
        for suffix in formats:
            directories = {size: Path(tmp) / f"{suffix}-{size}" for size in sorted(sizes)}
            for size, directory in directories.items():
                _generate(directory, size, suffix)
            # Each round loads every size in turn, so that the ratios between sizes compare
            # loads taken a moment apart: drift over the minutes of a run cancels out.
            loads: dict[int, list[float]] = {size: [] for size in directories}
            parses: dict[int, list[float]] = {size: [] for size in directories}
            for _ in range(runs):
                for size, directory in directories.items():
                    loads[size].append(_load(directory)[0])
                    parses[size].append(_parse_only(directory))
            for size in directories:
                load, parse = statistics.median(loads[size]), statistics.median(parses[size])
                budget = 2.5 * size / 10_000 if suffix == "json" else None
                report(
                    f"{suffix}: load {size:,} frameworks",
                    f"{load * 1000:.0f} ms; parse alone {parse * 1000:.0f} ms",
                    "none (TOML is for hand-written files)" if budget is None else f"{budget * 1000:.0f} ms",
                    budget is None or load <= budget,
                )
            for small, big in itertools.pairwise(directories):
                ratio = statistics.median(b / a for a, b in zip(loads[small], loads[big], strict=True))
                limit = 1.1 * big / small
                report(
                    f"{suffix}: linearity {big:,} vs {small:,}",
                    f"{ratio:.2f}x (median of {runs} rounds)",
                    f"{limit:.1f}x",
                    ratio <= limit,
                )
        biggest = max(sizes)
        directory = Path(tmp) / f"json-{biggest}"
        if not directory.exists():
            _generate(directory, biggest, "json")
        gc.collect()
        tracemalloc.start()
        _, registry = _load(directory)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        gc.collect()  # what the earlier loads left behind, so it is not charged to rank
        report(
            f"peak memory loading {biggest:,} frameworks (json)",
            f"{peak / 2**20:.0f} MB",
            "150 MB",
            peak <= 150 * 2**20,
        )
        import fwcompare

        rank = getattr(fwcompare, "rank", None)  # an older fwcompare may not have it
        if rank is None:
            report(f"rank 3 needs over {biggest:,}", "not measured: rank() is not in this version", "100 ms", False)
            return
        registry.frameworks()
        needs = ["async_views", "websockets", "openapi"]
        # The first call after a large load also pays the cyclic collector's deferred
        # pass over everything loaded (loads keep it waiting): shown, not judged.
        first = _timed(lambda: rank(needs, registry=registry))
        print(f"     (first rank call after the load: {first * 1000:.0f} ms)")
        took = _median(lambda: _timed(lambda: rank(needs, registry=registry)), max(runs, 5))
        report(f"rank 3 needs over {biggest:,} frameworks", f"{took * 1000:.1f} ms (median)", "100 ms", took <= 0.1)


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def cli_vs_attrs(runs: int) -> None:
    """`fwcompare compare django flask` against `python -c "import attrs"`, alternately."""
    fw = [*cli_command(), "compare", "django", "flask"]
    base = [PY, "-c", "import attrs"]
    # The CLI's imports alone, with no data read: argparse, the model, and the release and lifecycle classes.
    cli_imports = "import fwcompare.model.lifecycle, fwcompare.model.releases"
    imports = [PY, "-c", f"import attrs, argparse; {MODEL_IMPORTS}; {cli_imports}"]
    ratios, floor = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(base, check=True, capture_output=True, env=ENV)
        t1 = time.perf_counter()
        subprocess.run(fw, check=True, capture_output=True, env=ENV)
        t2 = time.perf_counter()
        subprocess.run(imports, check=True, capture_output=True, env=ENV)
        t3 = time.perf_counter()
        ratios.append((t2 - t1) / (t1 - t0))
        floor.append((t3 - t2) / (t1 - t0))
    median = statistics.median(ratios)
    report(
        "fwcompare compare django flask / python -c 'import attrs'",
        f"{median:.2f}x (median of {runs} alternating pairs)",
        "1.5x",
        median <= 1.5,
    )
    print(f"     (a process that only imports what it needs, reading no data: {statistics.median(floor):.2f}x)")


def global_option_first(runs: int) -> None:
    """`fwcompare --no-plugins compare django flask` against `... compare django flask --no-plugins`, alternately.

    The same work: only where the option stands differs (a global option before
    the command used to build every subparser and import bench).
    """
    option_first = [*cli_command(), "--no-plugins", "compare", "django", "flask"]
    option_last = [*cli_command(), "compare", "django", "flask", "--no-plugins"]
    ratios = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(option_last, check=True, capture_output=True, env=ENV)
        t1 = time.perf_counter()
        subprocess.run(option_first, check=True, capture_output=True, env=ENV)
        t2 = time.perf_counter()
        ratios.append((t2 - t1) / (t1 - t0))
    median = statistics.median(ratios)
    report(
        "fwcompare --no-plugins compare django flask / fwcompare compare django flask --no-plugins",
        f"{median:.2f}x (median of {runs} alternating pairs)",
        "1.05x (no dearer, within noise)",
        median <= 1.05,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer runs and a smaller scale")
    parser.add_argument("--scale", type=int, nargs="*", help="framework counts for the scale figures")
    parser.add_argument(
        "--formats", nargs="*", choices=["json", "toml"], default=["json", "toml"], help="data formats to scale"
    )
    args = parser.parse_args()
    runs = 5 if args.quick else 21
    sizes = args.scale or ([100, 1_000] if args.quick else [1_000, 10_000])
    print(f"Python {sys.version.split()[0]} on {os.cpu_count()} cores; {runs} runs per figure")
    warm_up()
    import_cost(runs)
    first_compare(runs)
    warm(5)
    cli_vs_attrs(runs)
    from check import check_vs_compare  # benchmarks/check.py, beside this file

    check_vs_compare(runs, report)
    global_option_first(runs)
    scale(sizes, 3 if not args.quick else 1, args.formats)
    over = [r for r in RESULTS if not r[3]]
    print(f"\n{len(RESULTS) - len(over)} of {len(RESULTS)} figures within budget")
    return 1 if over else 0


if __name__ == "__main__":
    raise SystemExit(main())
