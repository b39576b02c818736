"""Compile the bundled TOML data into JSON, the form the package reads at run time.

    python tasks/compile_data.py          write src/fwcompare/data/compiled/
    python tasks/compile_data.py --check  exit 1 if the compiled files are out of date

The TOML files are the source: people edit them. Parsing TOML costs about 35
times what parsing the same data as JSON does, so the package reads this
generated JSON instead, and only the files it needs: ``index.json`` (every
framework's slug, name and aliases), ``criteria.json``, and one file per
framework asked for. A test keeps the compiled files in sync with the TOML.
Every file is loaded and checked by the real loader before anything is written.
"""

from __future__ import annotations

import datetime
import json
import sys
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "fwcompare" / "data"
COMPILED = DATA / "compiled"


def _json_safe(value: object) -> object:
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(f"cannot compile {type(value).__name__}")


def _dump(document: object) -> str:
    return json.dumps(document, default=_json_safe, ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n"


def compile_all() -> dict[str, str]:
    """Every compiled file's relative path and text, checked by the real loader first."""
    sys.path.insert(0, str(ROOT / "src"))
    from fwcompare.store.assembly import assemble, bundled_source

    # Load and check the TOML sources themselves, not what was compiled before.
    state = assemble([bundled_source(compiled=False)], [], strict=True)
    frameworks = sorted((make() for make in state.makers.values()), key=lambda f: f.name.casefold())
    out: dict[str, str] = {}
    criteria = tomllib.loads((DATA / "criteria.toml").read_text(encoding="utf-8"))
    out["criteria.json"] = _dump(criteria)
    index: dict[str, Any] = {
        "schema_version": 1,
        "generated_by": "tasks/compile_data.py from src/fwcompare/data/frameworks/*.toml: do not edit",
        "frameworks": [{"slug": f.slug, "name": f.name, "aliases": list(f.aliases)} for f in frameworks],
    }
    out["index.json"] = json.dumps(index, ensure_ascii=False, indent=1) + "\n"
    for framework in frameworks:
        source = DATA / "frameworks" / f"{framework.slug}.toml"
        out[f"frameworks/{framework.slug}.json"] = _dump(tomllib.loads(source.read_text(encoding="utf-8")))
    out["extension-statuses.json"] = _extension_statuses()
    return out


def _extension_statuses() -> str:
    """Each bundled extension's status next to each framework naming it, from data/extensions.json.

    Decided by the model's own rule (`ExtensionHealth.status_for`), here, so that
    a first comparison reads a small table instead of building every health record.
    """
    from fwcompare.store.extension_health import statuses_by_distribution, statuses_from_health

    health = json.loads((DATA / "extensions.json").read_text(encoding="utf-8"))
    document = {
        "generated_by": "tasks/compile_data.py from src/fwcompare/data/extensions.json: do not edit",
        "statuses": statuses_from_health(health),
        "by_distribution": statuses_by_distribution(health),
    }
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def main(argv: list[str]) -> int:
    wanted = compile_all()
    existing = {str(p.relative_to(COMPILED)): p.read_text(encoding="utf-8") for p in COMPILED.rglob("*.json")}
    if "--check" in argv:
        stale = sorted(set(wanted) ^ set(existing) | {k for k in wanted if existing.get(k) != wanted[k]})
        for name in stale:
            print(f"out of date: src/fwcompare/data/compiled/{name}")
        return 1 if stale else 0
    for name in set(existing) - set(wanted):
        (COMPILED / name).unlink()
    for name, text in wanted.items():
        path = COMPILED / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    print(f"compiled {len(wanted)} files into {COMPILED.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
