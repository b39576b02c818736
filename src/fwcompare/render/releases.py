"""The text table of ``fwcompare releases`` (the JSON form is the report itself)."""

from __future__ import annotations

from typing import Any

__all__ = ["release_report_text"]

_WORD = {True: "yes", False: "no", None: "unknown"}


def release_report_text(report: list[dict[str, Any]]) -> str:
    """An aligned table: one framework per line, then what the columns mean."""
    python = next((e["python"] for e in report if "python" in e), None)
    head = ["framework", "release", "date", "Requires-Python", "supported", "releases/12 mo", "policy"]
    if python is not None:
        head.insert(4, f"latest admits {python}")
    rows = []
    for e in report:
        row = [
            e["slug"],
            e["release"] or "unknown",
            e["date"] or "",
            e["requires_python"] or ("any" if e["release"] else "unknown"),
            f"{_WORD[e['supported']]} on {e['day']}",
            "unknown" if e["final_releases_last_12_months"] is None else str(e["final_releases_last_12_months"]),
            e["support_policy"],
        ]
        if python is not None:
            row.insert(4, _WORD[e["latest_admits_python"]])
        rows.append(row)
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in [head, *rows]]
    whys = sorted({e["why"] for e in report})
    lines += ["", "Release shown: " + "; ".join(whys) + "."]
    lines.append(
        "supported: whether the project's support policy still gives that release fixes on that day "
        "(unknown where it publishes none); releases/12 mo: final releases in the 12 months before it."
    )
    return "\n".join(lines)
