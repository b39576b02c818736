"""Record the registry's second view of every bundled release list, for the completeness test.

For each bundled framework, PyPI's project JSON (``https://pypi.org/pypi/NAME/json``)
reduced to what completeness needs: per version, the first upload of a file pip
can install (a wheel or an sdist: egg-only releases are not listed, see
``fwcompare.store.releases``) and whether every such file is yanked. The result,
``tests/fixtures/pypi/installable-uploads.json``, is replayed by
``tests/test_release_lists_complete.py``: every final release uploaded on or
before a bundled list's read day must be in that list.

Uses the network; run by hand after refreshing the bundled lists:

    python tasks/record_installable_uploads.py tests/fixtures/pypi/installable-uploads.json
"""

from __future__ import annotations

import datetime
import json
import sys
import urllib.request
from pathlib import Path
from typing import Any

RELEASES = Path(__file__).resolve().parent.parent / "src" / "fwcompare" / "data" / "releases"


def _project(distribution: str) -> dict[str, Any]:
    request = urllib.request.Request(
        f"https://pypi.org/pypi/{distribution}/json", headers={"User-Agent": "fwcompare-maintainer-task"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        project: dict[str, Any] = json.load(response)
    return project


def record() -> dict[str, Any]:
    """The reduced second view of every bundled list, keyed by slug."""
    projects: dict[str, Any] = {}
    for path in sorted(RELEASES.glob("*.json")):
        distribution = json.loads(path.read_text(encoding="utf-8"))["distribution"]
        project = _project(distribution)
        versions = {}
        for version, files in project["releases"].items():
            usable = [f for f in files if f.get("packagetype") in ("sdist", "bdist_wheel")]
            if usable:
                versions[version] = {
                    "first_upload": min(f["upload_time_iso_8601"][:10] for f in usable),
                    "yanked": all(f.get("yanked", False) for f in usable),
                }
        projects[path.stem] = {
            "distribution": distribution,
            "last_serial": project.get("last_serial"),
            "versions": versions,
        }
        print(path.stem, len(versions), file=sys.stderr)
    return {
        "recorded": datetime.date.today().isoformat(),
        "source": "https://pypi.org/pypi/NAME/json",
        "projects": projects,
    }


if __name__ == "__main__":
    Path(sys.argv[1]).write_text(json.dumps(record(), indent=0, sort_keys=True) + "\n", encoding="utf-8")
