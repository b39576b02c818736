"""The bundled extensions' statuses, given to frameworks' extensions as the store builds them.

Kept apart from `extension_health` (which reads the whole health file into
model objects): a first comparison reads only the small compiled table here.
"""

from __future__ import annotations

import datetime
import json
import re
from typing import TYPE_CHECKING, Any

from .._vocab import ExtensionStatus

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..model.extension_health import InstallRun

__all__ = ["bundled_health", "bundled_statuses", "distribution_health", "run_from_dict"]

Found = tuple[ExtensionStatus, str, "tuple[InstallRun, ...]"]


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", str(name)).lower()


_STATUSES: dict[str, dict[str, list[Any]]] | None = None
_BY_DISTRIBUTION: dict[str, list[str]] = {}


def bundled_statuses() -> dict[str, dict[str, list[Any]]]:
    """The compiled statuses of the bundled extensions (see `statuses_from_health`), read once per process.

    Generated data, trusted like the rest of the bundled data: the first
    bundled framework built reads this small table, never the whole health file.
    """
    global _STATUSES
    if _STATUSES is None:
        from .resources import read_bundled

        try:
            raw = read_bundled("compiled", "extension-statuses.json")
        except FileNotFoundError:
            # Only while tasks/compile_data.py builds the TOML sources, before it writes
            # this file (the compiled data is kept in sync by a test, so a release has it).
            return {}
        document = json.loads(raw)
        _BY_DISTRIBUTION.update(document.get("by_distribution", {}))
        _STATUSES = document["statuses"]
    return _STATUSES


def bundled_health(slug: str | None) -> Callable[[str], Found | None]:
    """The health of a framework's extensions by PyPI name, for the store to give each `Extension`
    as it is built: for bundled framework *slug*, the status recorded with that framework (and its
    runs); for any other extension the bundled index knows by its PyPI name (a user's file, a
    plugin, a bundled fact naming a package checked only with other frameworks), the package's
    own status, whose note says which frameworks it was run with. *slug* ``None``: the latter only.
    """
    every = bundled_statuses()
    statuses = every.get(slug, {}) if slug is not None else {}

    def health(pypi: str) -> Found | None:
        key = _normalise(pypi)
        found = statuses.get(key)
        if found is not None:
            runs = _runs(found[2]) if len(found) > 2 and found[2] else ()
            return ExtensionStatus(found[0]), found[1], runs
        general = _BY_DISTRIBUTION.get(key)
        return None if general is None else (ExtensionStatus(general[0]), general[1], ())

    return health


def distribution_health() -> Callable[[str], Found | None]:
    """The health the bundled index knows of a package by its PyPI name, for a user's or plugin's framework."""
    return bundled_health(None)


def _runs(raw: list[dict[str, Any]]) -> tuple[InstallRun, ...]:
    return tuple(run_from_dict(r, datetime.date.fromisoformat(r["date"])) for r in raw)


def run_from_dict(r: dict[str, Any], checked: datetime.date) -> InstallRun:
    """One recorded run (a dict of the health file) as an `InstallRun`."""
    from ..model.extension_health import Failure, InstallRun

    failure = r.get("failure")
    return InstallRun(
        framework=str(r["framework"]),
        python=str(r["python"]),
        date=datetime.date.fromisoformat(str(r["date"])) if r.get("date") else checked,
        framework_version=r.get("framework_version"),
        extension_version=r.get("extension_version"),
        installs=bool(r["installs"]),
        latest_installs=bool(r["latest_installs"]),
        imports=r.get("imports"),
        works=r.get("works"),
        error=r.get("error"),
        current=bool(r.get("current", True)),
        imported=tuple(r.get("imported", ())),
        smoke=r.get("smoke"),
        observed=r.get("observed"),
        no_smoke=r.get("no_smoke"),
        failure=None if failure is None else Failure(failure),
        failure_subject=r.get("failure_subject"),
        workaround=r.get("workaround"),
        works_with_workaround=r.get("works_with_workaround"),
        pinned=bool(r.get("pinned", False)),
        admits=r.get("admits"),
        requirement=r.get("requirement"),
    )
