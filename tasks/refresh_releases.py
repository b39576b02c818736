"""Refresh the bundled release lists and report what came out since the data was checked.

    python tasks/refresh_releases.py [SLUG ...] [--dry-run]

For each bundled framework (or the slugs given): reads its release list from
PyPI and proves it against the registry's second view, as ``fwcompare update``
and ``tasks/update_releases.py`` do; rewrites
``src/fwcompare/data/releases/SLUG.json`` (not with ``--dry-run``) when
proved, and reports what it compared and the releases published after the day
the framework's data was checked (``checked.date`` in its TOML file), newest
last: the releases whose notes a maintainer should read before moving
``checked.version`` on. It also names releases new to the bundled list, and a
newer final release than the one checked. A list refused (the two views
disagree, a response is malformed) or unreachable is named and left as it
was: exit status 1; else 0.

The tests run it on recorded responses (``tests/fixtures/pypi-simple/``,
``tests/fixtures/pypi/``), never on the network.
"""

from __future__ import annotations

import datetime
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import TypedDict

from packaging.version import Version

from fwcompare.ops.registry_http import Transport
from fwcompare.ops.update import read_lists

sys.path.insert(0, str(Path(__file__).resolve().parent))

import update_releases

DATA = update_releases.DATA


class Report(TypedDict):
    """What one framework's refresh found."""

    slug: str
    checked_version: str
    checked_date: str
    since_checked: list[dict[str, object]]
    new_to_list: list[str]
    newer_final: str | None
    compared: str
    error: str | None


def refresh(
    slugs: Sequence[str],
    *,
    transport: Transport | None = None,
    data: Path = DATA,
    write: bool = True,
    today: datetime.date | None = None,
) -> list[Report]:
    """Refresh *slugs* (every bundled framework when empty) and say, for each, what is new."""
    day = today or datetime.date.today()
    read = read_lists(update_releases.targets(list(slugs), data), transport=transport, today=day)
    if write:
        update_releases.write_proved(read, day, data)
    reports = []
    for item in read:
        slug = item.update.slug
        with (data / "frameworks" / f"{slug}.toml").open("rb") as f:
            checked = tomllib.load(f)["checked"]
        checked_date, checked_version = checked["date"], Version(checked["version"])
        items = [] if item.document is None else item.document["releases"]
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
                new_to_list=list(item.update.added),
                newer_final=str(newest) if newest is not None and newest > checked_version else None,
                compared=item.update.compared,
                error=None if item.update.ok else str(item.update),
            )
        )
    return reports


def report_text(reports: list[Report]) -> str:
    """One paragraph per framework: up to date, or the releases to read about."""
    lines = []
    for r in reports:
        if r["error"] is not None:
            lines.append(f"{r['error']}; the bundled list is left as it was")
            continue
        head = f"{r['slug']}: checked against {r['checked_version']} on {r['checked_date']}"
        if not r["since_checked"] and r["newer_final"] is None:
            lines.append(f"{head}: no release since ({r['compared']}).")
            continue
        lines.append(f"{head}: {len(r['since_checked'])} release(s) since ({r['compared']}):")
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
    reports = refresh(slugs, write=not dry_run)
    print(report_text(reports))
    failed = [r["slug"] for r in reports if r["error"] is not None]
    if failed:
        print(f"refresh_releases: not refreshed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
