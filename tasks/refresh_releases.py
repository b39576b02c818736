"""Refresh the bundled release lists and report what came out since the data was checked.

    python tasks/refresh_releases.py [SLUG ...] [--dry-run]

For each bundled framework (or the slugs given): fetches its release list from
PyPI's simple index (as ``tasks/update_releases.py`` does), rewrites
``src/fwcompare/data/releases/SLUG.json`` (not with ``--dry-run``), and
reports the releases published after the day the framework's data was checked
(``checked.date`` in its TOML file), newest last: the releases whose notes a
maintainer should read before moving ``checked.version`` on. It also names
releases new to the bundled list, and a newer final release than the one
checked. Exit status 0 either way; 1 when a fetch fails.

The tests run it on recorded responses (``tests/fixtures/pypi-simple/``),
never on the network.
"""

from __future__ import annotations

import datetime
import json
import sys
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypedDict

from packaging.version import Version

sys.path.insert(0, str(Path(__file__).resolve().parent))

import update_releases

DATA = update_releases.DATA

Fetch = Callable[[str], dict[str, object]]


class Report(TypedDict):
    """What one framework's refresh found."""

    slug: str
    checked_version: str
    checked_date: str
    since_checked: list[dict[str, object]]
    new_to_list: list[str]
    newer_final: str | None


def refresh(
    slugs: Sequence[str],
    *,
    fetch: Fetch | None = None,
    data: Path = DATA,
    write: bool = True,
    today: datetime.date | None = None,
) -> list[Report]:
    """Refresh *slugs* (every bundled framework when empty) and say, for each, what is new."""
    if fetch is None:
        fetch = update_releases.fetch  # looked up here, so that a test can replace it
    names = list(slugs) or sorted(p.stem for p in (data / "frameworks").glob("*.toml"))
    reports = []
    for slug in names:
        with (data / "frameworks" / f"{slug}.toml").open("rb") as f:
            document = tomllib.load(f)
        checked = document["checked"]
        checked_date = checked["date"]
        checked_version = Version(checked["version"])
        items = update_releases.releases(fetch(document["pypi"]))
        old_path = data / "releases" / f"{slug}.json"
        old = json.loads(old_path.read_text(encoding="utf-8"))["releases"] if old_path.exists() else []
        known = {Version(str(r["version"])) for r in old}
        since = [r for r in items if datetime.date.fromisoformat(str(r["date"])) > checked_date]
        finals = [
            Version(str(r["version"]))
            for r in items
            if not Version(str(r["version"])).is_prerelease and not r["yanked"]
        ]
        newest = max(finals) if finals else None
        reports.append(
            Report(
                slug=slug,
                checked_version=str(checked_version),
                checked_date=checked_date.isoformat(),
                since_checked=sorted(since, key=lambda r: (str(r["date"]), Version(str(r["version"])))),
                new_to_list=[str(r["version"]) for r in items if Version(str(r["version"])) not in known],
                newer_final=str(newest) if newest is not None and newest > checked_version else None,
            )
        )
        if write:
            update_releases.write_list(slug, document["pypi"], items, today or datetime.date.today(), data)
    return reports


def report_text(reports: list[Report]) -> str:
    """One paragraph per framework: up to date, or the releases to read about."""
    lines = []
    for r in reports:
        head = f"{r['slug']}: checked against {r['checked_version']} on {r['checked_date']}"
        if not r["since_checked"] and r["newer_final"] is None:
            lines.append(f"{head}: no release since.")
            continue
        lines.append(f"{head}: {len(r['since_checked'])} release(s) since:")
        lines += [
            f"  {item['version']} ({item['date']})" + (" yanked" if item["yanked"] else "")
            for item in r["since_checked"]
        ]
        if r["newer_final"] is not None:
            lines.append(f"  newer final release than the one checked: {r['newer_final']}: re-read its notes")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    dry_run = "--dry-run" in argv
    slugs = [a for a in argv if a != "--dry-run"]
    try:
        reports = refresh(slugs, write=not dry_run)
    except OSError as exc:
        print(f"refresh_releases: cannot fetch: {exc}", file=sys.stderr)
        return 1
    print(report_text(reports))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
