"""The bundled reference benchmark: every bundled framework's latest release, measured here.

    python tasks/bench_reference.py [--envs DIR] [--rounds N] [--duration S] [--force]

Installs the latest release of all 24 bundled frameworks into three fresh
virtual environments, because three of them cannot share one:

- *main* (the newest CPython here, 3.13): 22 frameworks, from the
  ``frameworks`` dependency group (what ``tests/test_bench_apps.py`` serves
  every app from: the frameworks, their bench apps' add-ons, gunicorn), plus
  ``uvicorn[standard]`` (uvloop and httptools, as uvicorn's docs advise for
  production);
- *emmett* (the same CPython): Emmett, whose ``emmett-pydal`` replaces
  py4web's ``pydal`` (group ``frameworks-emmett``);
- *masonite* (CPython 3.11): Masonite 4.20, which installs on Python 3.11 only
  and not beside Robyn (group ``frameworks-masonite``);

then runs ``fwcompare.bench`` over all 24 with the default settings, Emmett and
Masonite on their own interpreters (``pythons=``; the floors run on *main*),
and writes the dated result to ``src/fwcompare/data/bench/reference.json``
(what ``fwcompare bench --reference`` shows), its charts and tables into
``docs/explanation/`` (``--docs-only`` rewrites those from the bundled run).
``--envs DIR`` keeps the environments in DIR (``main``, ``emmett``,
``masonite``) and reuses those already there; ``--install-only`` only
installs them (then run again when the machine is quiet).

Needs ``wrk`` (apt-get install wrk) and a quiet machine: the run refuses to
start while other processes use more than a quarter of a core (``--force``
records that it ran anyway). Slow (82 minutes on 2 cores on 2026-12-07, 6 rounds,
installation apart): not part of the test suite.
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
from fwcompare_bench import APPS

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "src" / "fwcompare" / "data" / "bench" / "reference.json"
DOCS = ROOT / "docs" / "explanation"  # bench-reference-<endpoint>.svg and the tables of benchmark-method.md
START, END = "<!-- reference:start", "<!-- reference:end -->"


def _pyenv(series: str) -> str:
    """The newest pyenv CPython of *series* (``3.13``), else ``python<series>`` on PATH."""
    versions = Path.home() / ".pyenv" / "versions"
    found = sorted(versions.glob(f"{series}.*/bin/python"), key=lambda p: [int(x) for x in p.parts[-3].split(".")])
    return str(found[-1]) if found else f"python{series}"


FRAMEWORKS = [n for n in APPS if not n.endswith("-floor")]  # all 24, in the apps' order
ENVIRONMENTS = {
    "main": ("3.13", ["--group", "frameworks", "uvicorn[standard]"]),
    "emmett": ("3.13", ["--group", "frameworks-emmett"]),
    "masonite": ("3.11", ["--group", "frameworks-masonite"]),
}
"""Each environment: its Python series and what pip installs into it (groups of pyproject.toml)."""


def _install(envs: Path) -> dict[str, str]:
    """Each environment's interpreter: created and installed unless DIR/NAME already has one."""
    pythons = {}
    for name, (series, wanted) in ENVIRONMENTS.items():
        venv = envs / name
        target = venv / "bin" / "python"
        if not target.exists():
            print(f"installing the latest releases into {venv} ({_pyenv(series)})", file=sys.stderr)
            subprocess.run([_pyenv(series), "-m", "venv", str(venv)], check=True)
            quiet = ["-q", "--disable-pip-version-check"]
            subprocess.run([str(target), "-m", "pip", "install", *quiet, "--upgrade", "pip"], check=True)
            subprocess.run([str(target), "-m", "pip", "install", *quiet, *wanted], check=True, cwd=ROOT)
        pythons[name] = str(target)
    return pythons


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
    parser.add_argument("--envs", type=Path, help="keep the environments here, and reuse those already there")
    parser.add_argument("--rounds", type=int, default=DEFAULTS["rounds"])
    parser.add_argument("--duration", type=int, default=DEFAULTS["duration"])
    parser.add_argument("--force", action="store_true", help="run even on a busy machine (recorded in the result)")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--docs-only", action="store_true", help="only rewrite the docs from the bundled run")
    parser.add_argument("--install-only", action="store_true", help="only install the environments into --envs")
    args = parser.parse_args()
    if args.docs_only:
        _docs(load_reference())
        return 0
    if args.install_only:
        if not args.envs:
            parser.error("--install-only needs --envs DIR")
        _install(args.envs)
        return 0
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="fwcompare-bench-reference-") as scratch:
        pythons = _install(args.envs or Path(scratch))
        installed = time.monotonic()
        command = "python tasks/bench_reference.py " + shlex.join(sys.argv[1:])
        result = bench(
            FRAMEWORKS,
            python=pythons["main"],
            pythons={"emmett": pythons["emmett"], "masonite": pythons["masonite"]},
            rounds=args.rounds,
            duration=args.duration,
            force=args.force,
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
