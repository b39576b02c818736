"""The bundled extensions' statuses, given to bundled frameworks' extensions as they are built.

Kept apart from `extension_health` (which reads the whole health file into
model objects): a first comparison reads only the small compiled table here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from .._vocab import ExtensionStatus

__all__ = ["bundled_health", "bundled_statuses"]


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", str(name)).lower()


_STATUSES: dict[str, dict[str, list[str]]] | None = None


def bundled_statuses() -> dict[str, dict[str, list[str]]]:
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
        _STATUSES = json.loads(raw)["statuses"]
    return _STATUSES


def bundled_health(slug: str) -> Callable[[str], tuple[ExtensionStatus, str] | None] | None:
    """The health of bundled framework *slug*'s extensions, by PyPI name, for the store to give
    each `Extension` as it is built; ``None`` when none of them has health data."""
    statuses = bundled_statuses().get(slug)
    if not statuses:
        return None

    def health(pypi: str) -> tuple[ExtensionStatus, str] | None:
        found = statuses.get(_normalise(pypi))
        return None if found is None else (ExtensionStatus(found[0]), found[1])

    return health
