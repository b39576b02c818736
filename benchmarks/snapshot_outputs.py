"""Dump the CLI's outputs on the bundled data into a directory, to diff two trees.

    python benchmarks/snapshot_outputs.py OUTDIR [--src SRC]

Each command's output goes to one file named for it (stdout, then the exit
status). Run it from the tree before a change and after, then
``diff -r BEFORE AFTER``: a refactoring of the renderers should leave it empty.
Plugins are off and colour is off, so the files depend on the bundled data only.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

CASES: dict[str, list[str]] = {
    "compare-text-80": ["compare", "django", "flask", "--width", "80"],
    "compare-text-96": ["compare", "django", "flask", "--width", "96"],
    "compare-markdown": ["compare", "django", "flask", "--format", "markdown"],
    "compare-json": ["compare", "django", "flask", "--format", "json"],
    "compare-html": ["compare", "django", "flask", "--format", "html"],
    "compare-opinions-markdown": ["compare", "django", "flask", "--opinions", "--format", "markdown"],
    "compare-opinions-text": ["compare", "django", "flask", "--opinions", "--width", "80"],
    "compare-python-3.11": ["compare", "django", "flask", "--python", "3.11", "--width", "80"],
    "compare-python-3.11-json": ["compare", "django", "flask", "--python", "3.11", "--format", "json"],
    "compare-pins": ["compare", "django==4.2", "flask==2.3", "--width", "80"],
    "compare-pins-json": ["compare", "django==4.2", "flask==2.3", "--format", "json"],
    "compare-pins-markdown": ["compare", "django==4.2", "flask==2.3", "--format", "markdown"],
    "compare-differences": ["compare", "django", "flask", "fastapi", "--differences", "--width", "80"],
    "show-text": ["show", "flask", "--width", "80"],
    "show-json": ["show", "flask", "--format", "json"],
    "show-html": ["show", "flask", "--format", "html"],
    "list-text": ["list", "--width", "80"],
    "list-json": ["list", "--format", "json"],
    "criteria-text": ["criteria", "--width", "80"],
    "criteria-json": ["criteria", "--format", "json"],
    "rank-text": ["rank", "--need", "orm", "--need", "admin", "--width", "80"],
    "rank-markdown": ["rank", "--need", "orm", "--need", "admin", "--format", "markdown"],
    "rank-json": ["rank", "--need", "orm", "--need", "admin", "--format", "json"],
    "rank-html": ["rank", "--need", "orm", "--need", "admin", "--format", "html"],
    "releases-text": ["releases", "django", "flask", "--width", "80"],
    "releases-json": ["releases", "django", "flask", "--format", "json"],
    "releases-all-text": ["releases", "--width", "80"],
    "bench-reference-text": ["bench", "--reference", "--width", "80"],
    "bench-reference-markdown": ["bench", "--reference", "--format", "markdown"],
    "bench-reference-json": ["bench", "--reference", "--format", "json"],
    "export": ["export"],
}

# What the Python API prints where the CLI does not reach: notebook hooks, to_* methods.
API = r"""
import sys, fwcompare
reg = fwcompare.Registry(plugins=False)
c = fwcompare.compare("django", "flask", registry=reg)
r = fwcompare.rank(["orm", "admin"], registry=reg)
f = reg.get("flask")
parts = {
    "api-compare-str": str(c), "api-compare-md": c.to_markdown(), "api-compare-json": c.to_json(),
    "api-compare-html": c.to_html(), "api-compare-repr-html": c._repr_html_(),
    "api-rank-str": str(r), "api-rank-md": r.to_markdown(), "api-rank-json": r.to_json(),
    "api-rank-repr-html": r._repr_html_(),
    "api-fw-str": str(f), "api-fw-html": f.to_html(), "api-fw-repr-html": f._repr_html_(),
}
for name, text in parts.items():
    sys.stdout.write("=== " + name + "\n" + text + "\n")
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--src", type=Path, default=Path(__file__).resolve().parent.parent / "src")
    args = parser.parse_args()
    args.outdir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PYTHONPATH=str(args.src), FWCOMPARE_NO_PLUGINS="1", NO_COLOR="1", COLUMNS="80")
    env.pop("FWCOMPARE_DATA_PATH", None)
    for name, argv in CASES.items():
        done = subprocess.run(
            [sys.executable, "-m", "fwcompare", "--no-plugins", *argv], capture_output=True, text=True, env=env
        )
        (args.outdir / name).write_text(f"{done.stdout}\n--- exit {done.returncode}\n{done.stderr}", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", API], capture_output=True, text=True, env=env)
    (args.outdir / "api").write_text(f"{done.stdout}\n--- exit {done.returncode}\n{done.stderr}", encoding="utf-8")


if __name__ == "__main__":
    main()
