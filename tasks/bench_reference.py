"""The bundled reference benchmark: every bundled framework's latest release, measured here.

    python tasks/bench_reference.py [--python PY] [--venv DIR] [--rounds N] [--duration S]

Creates a fresh virtual environment with *PY* (default: the newest CPython on
this machine, 3.13), installs the latest release of each of the 13 bundled
frameworks, the servers (``fwcompare[bench]``: gunicorn, uvicorn[standard])
and the add-ons the minimal apps use (``fwcompare_bench.ADDONS``: Jinja2,
aiohttp-jinja2, pyramid_jinja2, SQLModel), runs ``fwcompare.bench`` over all of them with the default
settings, and writes the dated result to
``src/fwcompare/data/bench/reference.json`` (what ``fwcompare bench
--reference`` shows), its charts and tables into
``docs/explanation/`` (``--docs-only`` rewrites those from the bundled run).
Needs ``wrk`` (apt-get install wrk). Slow (about 15 minutes on 2 cores,
installation included): not part of the test suite.
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from fwcompare.model.measurements import BenchResult
from fwcompare.ops.bench import DEFAULTS, bench, load_reference
from fwcompare.render.bench import svg_chart
from fwcompare_bench import ADDONS

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "src" / "fwcompare" / "data" / "bench" / "reference.json"
DOCS = ROOT / "docs" / "explanation"  # bench-reference-<endpoint>.svg and the tables of benchmark-method.md
START, END = "<!-- reference:start", "<!-- reference:end -->"
NEWEST_PYTHON = "/root/.pyenv/versions/3.13.0/bin/python"

FRAMEWORKS = [
    "aiohttp", "bottle", "cherrypy", "django", "falcon", "fastapi", "flask",
    "litestar", "pyramid", "quart", "sanic", "starlette", "tornado",
]  # fmt: skip
# The servers, and what each app needs besides its framework (its template engine, its ORM): one table.
EXTRAS = ["gunicorn", "uvicorn[standard]", *sorted({d for name in FRAMEWORKS for d in ADDONS.get(name, ())})]


def _install(python: str, venv: Path) -> str:
    subprocess.run([python, "-m", "venv", str(venv)], check=True)
    target = str(venv / "bin" / "python")
    quiet = ["-q", "--disable-pip-version-check"]
    subprocess.run([target, "-m", "pip", "install", *quiet, "--upgrade", "pip"], check=True)
    subprocess.run([target, "-m", "pip", "install", *quiet, *FRAMEWORKS, *EXTRAS], check=True)
    return target


def _docs(result: BenchResult) -> None:
    """Draw the docs' charts and write the run's tables into the method page, between the markers."""
    for endpoint in dict.fromkeys(e.endpoint for a in result.apps for e in a.endpoints):
        path = DOCS / f"bench-reference-{endpoint}.svg"
        path.write_text(svg_chart(result, endpoint) + "\n", encoding="utf-8")
    page = DOCS / "benchmark-method.md"
    text = page.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    marker, tail = rest.split(END, 1)
    first = marker.split("\n", 1)[0]
    page.write_text(f"{head}{START}{first}\n{result.to_markdown()}{END}{tail}", encoding="utf-8")
    print(f"wrote the charts and tables into {DOCS}", file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=NEWEST_PYTHON if Path(NEWEST_PYTHON).exists() else sys.executable)
    parser.add_argument("--venv", type=Path, help="reuse this environment instead of a fresh one")
    parser.add_argument("--rounds", type=int, default=DEFAULTS["rounds"])
    parser.add_argument("--duration", type=int, default=DEFAULTS["duration"])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--docs-only", action="store_true", help="only rewrite the docs from the bundled run")
    args = parser.parse_args()
    if args.docs_only:
        _docs(load_reference())
        return 0
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="fwcompare-bench-reference-") as scratch:
        if args.venv:
            target = str(args.venv / "bin" / "python")
        else:
            print(f"installing the latest releases into a fresh environment ({args.python})", file=sys.stderr)
            target = _install(args.python, Path(scratch) / "venv")
        installed = time.monotonic()
        command = "python tasks/bench_reference.py " + shlex.join(sys.argv[1:])
        result = bench(
            FRAMEWORKS,
            python=target,
            rounds=args.rounds,
            duration=args.duration,
            command=command.strip(),
            progress=lambda line: print(f"[{time.monotonic() - started:6.0f} s] {line}", file=sys.stderr),
        )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(result.to_json(indent=1) + "\n", encoding="utf-8")
    _docs(result)
    print(result.to_text(120))
    print(
        f"\ninstall {installed - started:.0f} s, benchmark {time.monotonic() - installed:.0f} s; wrote {args.output}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
