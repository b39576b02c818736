"""``fwcompare releases``: the listing's typed rows, aligned as a text table or stamped as a JSON document."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .freshness import releases_read_note
from .text import DEFAULT_WIDTH, fill

if TYPE_CHECKING:
    from ..jsontypes import ReleaseListingDict
    from ..model.release_listing import ReleaseListing, ReleaseRow

__all__ = ["release_report_text", "release_report_to_dict"]

_WORD = {True: "yes", False: "no", None: "unknown"}


def release_report_to_dict(report: ReleaseListing) -> ReleaseListingDict:
    """``releases --format json``: the rows under ``frameworks``, stamped like every JSON document.

    ``python`` is the Python the releases were chosen for (null when none was asked for).
    """
    from .._version import OUTPUT_SCHEMA_VERSION, __version__

    rows: list[Any] = report.to_dicts()
    return {
        "fwcompare": __version__,
        "schema_version": OUTPUT_SCHEMA_VERSION,
        "python": report.python,
        "frameworks": rows,
    }


def release_report_text(
    report: ReleaseListing, *, width: int = DEFAULT_WIDTH, style: Callable[[str, str], str] | None = None
) -> str:
    """An aligned table fitting *width*, one framework per line, then what the columns mean.

    Where the table would be wider, each framework gets a block of its own
    (its name, then one field per line), as the stacked comparison does.
    *style* is accepted as every text format takes it; the table is not coloured.
    """
    python = report.python
    head = ["framework", "release", "date", "Requires-Python", "supported", "releases/12 mo", "policy"]
    if python is not None:
        head.insert(4, f"latest admits {python}")
    rows = []
    for e in report:
        row = [
            e.slug,
            e.release or "none",
            e.date or "",
            e.requires_python or ("any" if e.release else "unknown"),
            f"{_WORD[e.supported]} on {e.day}" + _until(e),
            "unknown" if e.final_releases_last_12_months is None else str(e.final_releases_last_12_months),
            e.support_policy,
        ]
        if python is not None:
            row.insert(4, _WORD[e.latest_admits_python])
        rows.append(row)
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    if sum(widths) + 2 * (len(widths) - 1) <= width:
        lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in [head, *rows]]
    else:
        lines = []
        for row in rows:
            lines.append(row[0])
            for label, value in zip(head[1:], row[1:], strict=True):
                lines += fill(f"{label}: {value}", width, "  ", "    ")
    whys = sorted({e.why for e in report})
    lines.append("")
    lines += fill("Release shown: " + "; ".join(whys) + ".", width)
    lines += fill(
        "supported: whether the project's support policy still gives that release fixes on that day "
        "(unknown where it publishes none); releases/12 mo: final releases in the 12 months before it.",
        width,
    )
    read = releases_read_note((e.slug, _day(e.releases_read)) for e in report)
    lines += fill(read, width) if read else []
    return "\n".join(lines)


def _until(row: ReleaseRow) -> str:
    """ ", until 2028-04", ", ended 2026-04" or ", until the next release": when the series' support ends."""
    ends = row.support_ends
    if ends and ends < row.day[: len(ends)]:
        return f", ended {ends}"
    words = row.support_window
    return f", {words.removeprefix('supported ')}" if words and words != "no end published" else ""


def _day(text: str | None) -> datetime.date | None:
    return None if text is None else datetime.date.fromisoformat(text)
