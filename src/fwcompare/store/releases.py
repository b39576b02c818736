"""Release lists: every release of a bundled framework, with its date.

Generated from the package registry by ``tasks/update_releases.py`` (never
edited by hand) and bundled as ``data/releases/SLUG.json``. They date version
bounds ("since 2.0, May 2021") and let the data lint reject a bound naming a
release that never existed. Read on first use, one framework at a time.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import attrs

from ..model.facts import VersionLike, parse_version

if TYPE_CHECKING:
    import datetime

    from packaging.version import Version

__all__ = ["Release", "release", "releases"]


@attrs.frozen
class Release:
    """One release of a framework on PyPI."""

    version: Version
    date: datetime.date
    requires_python: str | None = None
    yanked: bool = False


@functools.cache
def releases(slug: str) -> tuple[Release, ...]:
    """Every release of bundled framework *slug*, oldest first; empty when no list is bundled."""
    import datetime
    import json

    from .resources import read_bundled

    try:
        data = json.loads(read_bundled("releases", f"{slug}.json"))
    except OSError:  # no list is bundled for it (a plugin's framework, say)
        return ()
    return tuple(
        Release(
            version=parse_version(item["version"]),
            date=datetime.date.fromisoformat(item["date"]),
            requires_python=item["requires_python"],
            yanked=item["yanked"],
        )
        for item in data["releases"]
    )


def release(slug: str, version: VersionLike) -> Release | None:
    """The release of *slug* equal to *version* ("2.0" matches 2.0.0), or ``None``."""
    wanted = parse_version(version)
    for item in releases(slug):
        if item.version == wanted:
            return item
    return None
