"""Regenerate the bundled release lists from the package registry.

    python tasks/update_releases.py [SLUG ...]

For each bundled framework, asks PyPI's simple index (the JSON form of PEP 691,
with the upload times of PEP 700) for every file of its distribution and writes
``src/fwcompare/data/releases/SLUG.json``: each release's version, the date of
its first upload, the ``Requires-Python`` of its files, and whether it was
yanked. Those lists are generated, never edited by hand: the data lint checks
every version bound against them, and they give a bound its date.

The simple index lists every release, whatever Python asks; ``pip index
versions`` under an old interpreter hides releases that need a newer one.
"""

from __future__ import annotations

import datetime
import json
import sys
import tomllib
import urllib.request
from pathlib import Path
from typing import TypedDict

from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "fwcompare" / "data"
INDEX = "https://pypi.org/simple/{}/"


def fetch(distribution: str) -> dict[str, object]:
    request = urllib.request.Request(
        INDEX.format(distribution.lower()), headers={"Accept": "application/vnd.pypi.simple.v1+json"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        data: dict[str, object] = json.load(response)
    return data


class _Release(TypedDict):
    date: str
    requires_python: set[str]
    yanked: bool


def releases(index: dict[str, object]) -> list[dict[str, object]]:
    from packaging.utils import parse_sdist_filename, parse_wheel_filename
    from packaging.version import InvalidVersion

    by_version: dict[Version, _Release] = {}
    files = index["files"]
    assert isinstance(files, list)
    for file in files:
        name = file["filename"]
        try:
            if name.endswith(".whl"):
                version = parse_wheel_filename(name)[1]
            elif name.endswith((".tar.gz", ".zip")):
                version = parse_sdist_filename(name)[1]
            else:  # eggs and .exe installers of the 2000s, which pip cannot install: a release with
                # an sdist is dated by it; one with nothing else (CherryPy 2.1.0, Falcon 0.0.1) is left out
                continue
        except (ValueError, InvalidVersion):
            continue
        uploaded = file.get("upload-time")
        if not uploaded:
            continue
        day = datetime.datetime.fromisoformat(uploaded.replace("Z", "+00:00")).date().isoformat()
        entry = by_version.setdefault(version, {"date": day, "requires_python": set(), "yanked": True})
        entry["date"] = min(entry["date"], day)
        if file.get("requires-python"):
            entry["requires_python"].add(file["requires-python"])
        entry["yanked"] = entry["yanked"] and bool(file.get("yanked"))
    return [
        {
            "version": str(v),
            "date": e["date"],
            "requires_python": sorted(e["requires_python"])[0] if e["requires_python"] else None,
            "yanked": e["yanked"],
        }
        for v, e in sorted(by_version.items())
    ]


def write_list(
    slug: str, distribution: str, items: list[dict[str, object]], fetched: datetime.date, data: Path = DATA
) -> Path:
    """Write the release list of *slug* to ``data/releases/SLUG.json``, one release a line."""
    out = {
        "distribution": distribution,
        "source": INDEX.format(distribution.lower()),
        "fetched": fetched.isoformat(),
        "releases": items,
    }
    path = data / "releases" / f"{slug}.json"
    # One release a line: readable, and a diff shows exactly which releases changed.
    lines = ",\n".join("  " + json.dumps(r) for r in items)
    head = json.dumps({k: v for k, v in out.items() if k != "releases"}, indent=1)[:-2]
    path.write_text(f'{head},\n "releases": [\n{lines}\n ]\n}}\n', encoding="utf-8")
    return path


def main(argv: list[str]) -> int:
    slugs = argv or sorted(p.stem for p in (DATA / "frameworks").glob("*.toml"))
    for slug in slugs:
        with (DATA / "frameworks" / f"{slug}.toml").open("rb") as f:
            distribution = tomllib.load(f)["pypi"]
        items = releases(fetch(distribution))
        path = write_list(slug, distribution, items, datetime.date.today())
        final = [r for r in items if not Version(str(r["version"])).is_prerelease] or items
        print(
            f"{slug}: {len(items)} releases, latest {final[-1]['version']} ({final[-1]['date']})",
            f"-> {path.relative_to(ROOT)}",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
