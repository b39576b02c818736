"""The "Maintenance" group every format shows: figures computed from the release lists, sourced.

Renders what the comparison computes (`Comparison.lifecycles`); plain text,
each format escapes and lays it out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..jsontypes import LifecycleDict
    from ..model.comparison import Comparison
    from ..model.lifecycle import Lifecycle

__all__ = ["GROUP", "lifecycle_to_dict", "maintenance_notes", "maintenance_rows"]

GROUP = "Maintenance"


def maintenance_rows(lifecycles: tuple[Lifecycle, ...]) -> list[tuple[str, list[str]]]:
    """(label, one text per framework) rows, in the order the first lifecycle gives them."""
    labels: list[str] = []
    cells: list[dict[str, str]] = []
    for figures in lifecycles:
        row = dict(figures.rows())
        cells.append(row)
        labels += [label for label in row if label not in labels]
    return [(label, [row.get(label, "") for row in cells]) for label in labels]


def maintenance_notes(comparison: Comparison, lifecycles: tuple[Lifecycle, ...], *, titles: bool = True) -> list[str]:
    """When the figures were computed for, and each framework's support policy in full, with sources.

    Without *titles*, sources are given by their URLs alone (the terminal table).
    """
    days = sorted({f.computed_for for f in lifecycles})
    lines = [
        "Maintenance figures computed for "
        + ", ".join(d.isoformat() for d in days)
        + " from the release lists on PyPI; support policies as the projects state them."
    ]
    for framework, figures in zip(comparison.frameworks, lifecycles, strict=True):
        if titles:
            sources = "; ".join(f"{s.title} <{s.url}> (read {s.read.isoformat()})" for s in figures.sources)
        else:
            sources = " ".join(s.url for s in figures.sources)
        lines.append(f"{framework.name}: {figures.policy_text()}" + (f" Sources: {sources}." if sources else ""))
    return lines


def lifecycle_to_dict(figures: Lifecycle) -> LifecycleDict:
    """One framework's maintenance figures as a JSON-safe dict."""
    latest = figures.latest
    return {
        "computed_for": figures.computed_for.isoformat(),
        "latest_release": None if latest is None else {"version": str(latest.version), "date": latest.date.isoformat()},
        "final_releases_last_12_months": figures.releases_last_year,
        "requires_python": figures.requires_python,
        "maintained": figures.maintained,
        "support_policy": {
            "kind": figures.policy.kind,
            "summary": figures.policy.summary,
            "lts": [
                {
                    "series": s.series,
                    "ends": None if s.ends is None else s.ends.strftime("%Y-%m"),
                    "at_least": None if s.at_least is None else s.at_least.isoformat(),
                }
                for s in figures.policy.lts
            ],
        },
        "latest_supported": figures.latest_supported,
        "judged": None if figures.judged is None else str(figures.judged),
        "judged_supported": figures.judged_supported,
        "sources": [{"url": s.url, "title": s.title, "read": s.read.isoformat()} for s in figures.sources],
    }
