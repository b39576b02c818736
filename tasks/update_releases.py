"""Regenerate the bundled release lists from the package registry.

    python tasks/update_releases.py [SLUG ...]

Runs what ``fwcompare update`` runs (`fwcompare.ops.update.read_lists`): for
each bundled framework, reads every file of its distribution from PyPI's
simple index (the JSON form of PEP 691, with the upload times of PEP 700),
proves the list against the project JSON (the same versions, files, newest
release and serial), and writes ``src/fwcompare/data/releases/SLUG.json``:
each release's version, the date of its first upload, the ``Requires-Python``
of its files, and whether it was yanked. A list the two views disagree on is
refused and left as it was (exit status 1): a stamp is written only on a
list proved complete. Those lists are generated, never edited by hand: the
data lint checks every version bound against them, and they give a bound its date.

The simple index lists every release, whatever Python asks; ``pip index
versions`` under an old interpreter hides releases that need a newer one.
"""

from __future__ import annotations

import datetime
import json
import sys
import tomllib
from pathlib import Path

from fwcompare.ops.pypi_views import SIMPLE_URL, distribution_name
from fwcompare.ops.update import ListRead, Target, read_lists

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "fwcompare" / "data"


def targets(slugs: list[str], data: Path = DATA) -> list[Target]:
    """The bundled frameworks named (all when none is), each with its PyPI name and its list as bundled."""
    names = slugs or sorted(p.stem for p in (data / "frameworks").glob("*.toml"))
    found = []
    for slug in names:
        with (data / "frameworks" / f"{slug}.toml").open("rb") as f:
            distribution = tomllib.load(f)["pypi"]
        path = data / "releases" / f"{slug}.json"
        previous = json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
        found.append(Target(slug, distribution, previous))
    return found


def write_list(
    slug: str, distribution: str, items: list[dict[str, object]], fetched: datetime.date, data: Path = DATA
) -> Path:
    """Write the release list of *slug* to ``data/releases/SLUG.json``, one release a line."""
    out = {
        "distribution": distribution,
        "source": SIMPLE_URL.format(distribution_name(distribution)),
        "fetched": fetched.isoformat(),
        "releases": items,
    }
    path = data / "releases" / f"{slug}.json"
    # One release a line: readable, and a diff shows exactly which releases changed.
    lines = ",\n".join("  " + json.dumps(r) for r in items)
    head = json.dumps({k: v for k, v in out.items() if k != "releases"}, indent=1)[:-2]
    path.write_text(f'{head},\n "releases": [\n{lines}\n ]\n}}\n', encoding="utf-8")
    return path


def write_proved(read: list[ListRead], fetched: datetime.date, data: Path = DATA) -> list[Path]:
    """Write every list that was proved; the paths written."""
    written = []
    for item in read:
        if item.document is not None:
            document = item.document
            written.append(write_list(item.update.slug, document["distribution"], document["releases"], fetched, data))
    return written


def main(argv: list[str]) -> int:
    today = datetime.date.today()
    read = read_lists(targets(argv), today=today)
    write_proved(read, today)
    for item in read:
        print(item.update)
    return 1 if any(not item.update.ok for item in read) else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
