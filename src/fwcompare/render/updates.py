"""``fwcompare update``'s answer: its text (the report's lines) and its JSON document."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..jsontypes import UpdateDict
    from ..model.updates import UpdateReport

__all__ = ["update_json", "update_text", "update_to_dict"]


def update_text(report: UpdateReport, *, width: int = 80, style: Callable[[str, str], str] | None = None) -> str:
    """What ``fwcompare update`` prints: one line per list, then what was written and downloaded.

    *width* and *style* are accepted as every text format takes them; the lines are not wrapped or coloured.
    """
    return str(report)


def update_to_dict(report: UpdateReport) -> UpdateDict:
    """The report as a JSON-safe document (`fwcompare.jsontypes.UpdateDict`)."""
    from .._version import OUTPUT_SCHEMA_VERSION, __version__

    return {
        "fwcompare": __version__,
        "schema_version": OUTPUT_SCHEMA_VERSION,
        "cache_dir": str(report.cache_dir),
        "read_on": report.read_on.isoformat(),
        "lists": [
            {
                "slug": u.slug,
                "distribution": u.distribution,
                "outcome": u.outcome,
                "ok": u.ok,
                "latest": u.latest,
                "added": list(u.added),
                "removed": list(u.removed),
                "compared": u.compared,
                "error": u.error,
            }
            for u in report.lists
        ],
        "requests": report.requests,
        "bytes_downloaded": report.bytes_downloaded,
        "extensions_read": report.extensions_read,
        "extension_errors": list(report.extension_errors),
    }


def update_json(report: UpdateReport, *, indent: int | None = 2) -> str:
    """``update --format json``: `update_to_dict` as JSON."""
    return json.dumps(update_to_dict(report), indent=indent, ensure_ascii=False)
