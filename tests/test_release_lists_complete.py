"""The bundled release lists are complete up to the day they were read, by the registry's second view.

A stamp is not evidence: Bottle's list once said "read 2026-12-01" without the
0.13.5 uploaded on 2026-11-28. ``tests/fixtures/pypi/installable-uploads.json``
is PyPI's project JSON of every bundled framework, recorded by
``tasks/record_installable_uploads.py`` (reduced to each version's first
installable upload), and every final release it shows uploaded on or before a
list's read day must be in that list.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from packaging.version import InvalidVersion, Version

FIXTURE = Path(__file__).parent / "fixtures" / "pypi" / "installable-uploads.json"
RELEASES = Path(__file__).resolve().parent.parent / "src" / "fwcompare" / "data" / "releases"
RECORDED = json.loads(FIXTURE.read_text(encoding="utf-8"))


def test_every_bundled_framework_was_recorded() -> None:
    assert sorted(RECORDED["projects"]) == sorted(p.stem for p in RELEASES.glob("*.json"))


@pytest.mark.parametrize("slug", sorted(RECORDED["projects"]))
def test_a_bundled_list_holds_every_final_release_uploaded_before_it_was_read(slug: str) -> None:
    bundled = json.loads((RELEASES / f"{slug}.json").read_text(encoding="utf-8"))
    recorded = RECORDED["projects"][slug]
    assert bundled["distribution"] == recorded["distribution"]
    # The second view was recorded on or after the list was read, so it shows all the list should.
    assert bundled["fetched"] <= RECORDED["recorded"]
    listed = {Version(r["version"]) for r in bundled["releases"]}
    missing = [
        version
        for version, seen in recorded["versions"].items()
        if _final(version) and seen["first_upload"] <= bundled["fetched"] and Version(version) not in listed
    ]
    assert missing == [], f"{slug}: uploaded on or before {bundled['fetched']} but not listed"


def _final(version: str) -> bool:
    # A version of before PEP 440 ("2.0.0-final", CherryPy 2005) is one pip cannot ask for: never listed.
    try:
        return not Version(version).is_prerelease
    except InvalidVersion:
        return False
