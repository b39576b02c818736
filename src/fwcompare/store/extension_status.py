"""The bundled extensions' statuses, attached to bundled frameworks as they are built.

Kept apart from `extension_health` (which reads the whole health file into
model objects): a first comparison reads only the small compiled table here.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .._vocab import ExtensionStatus

__all__ = ["attach_statuses", "bundled_statuses"]


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


def attach_statuses(framework: Any) -> None:
    """Give the extensions of a bundled *framework* (new, not yet shared) their health status."""
    statuses = bundled_statuses().get(framework.slug)
    if not statuses:
        return
    for fact in framework.facts.values():
        for extension in fact.extensions:
            found = None if extension.pypi is None else statuses.get(_normalise(extension.pypi))
            if found is not None:
                # Set as attrs' own __init__ does: the object was just built for this framework.
                object.__setattr__(extension, "status", ExtensionStatus(found[0]))
                object.__setattr__(extension, "status_note", found[1])
