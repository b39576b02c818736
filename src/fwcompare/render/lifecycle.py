"""The "Maintenance" group every format shows: figures computed from the release lists, sourced.

Renders what the comparison computes (`Comparison.lifecycles`); plain text,
each format escapes and lays it out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from ..jsontypes import LifecycleDict, PolicyKind, SourceDict, SupportPolicyDict, SupportWindowDict
    from ..model.comparison import Comparison
    from ..model.facts import Source
    from ..model.lifecycle import Lifecycle, SupportPolicy
    from ..model.windows import SupportWindow

__all__ = ["GROUP", "lifecycle_to_dict", "maintenance_notes", "maintenance_rows", "policy_to_dict", "window_to_dict"]

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
        "support_policy": policy_to_dict(figures.policy),
        "latest_supported": figures.latest_supported,
        "judged": None if figures.judged is None else str(figures.judged),
        "judged_supported": figures.judged_supported,
        "support_window": None if figures.window is None else window_to_dict(figures.window),
        "sources": _sources(figures.sources),
    }


def _sources(sources: tuple[Source, ...]) -> list[SourceDict]:
    from .json_pieces import source_to_dict

    return [source_to_dict(s) for s in sources]


def policy_to_dict(policy: SupportPolicy) -> SupportPolicyDict:
    """A support policy as a JSON-safe dict: the project's words, published ends, where it was looked for."""
    return {
        "kind": cast("PolicyKind", policy.kind),
        "summary": policy.summary,
        "lts": [
            {
                "series": s.series,
                "ends": None if s.ends is None else s.ends.strftime("%Y-%m"),
                "at_least": None if s.at_least is None else s.at_least.isoformat(),
            }
            for s in policy.lts
        ],
        "quote": policy.quote,
        "series_ends": [
            {
                "series": e.series,
                "end": e.when(),
                "precision": e.precision,
                "quote": e.quote,
                "sources": _sources(e.sources),
            }
            for e in policy.series_ends
        ],
        "searched": [
            {"url": s.url, "title": s.title, "read": s.read.isoformat(), "found": s.found} for s in policy.searched
        ],
        "sources": _sources(policy.sources),
    }


def window_to_dict(window: SupportWindow) -> SupportWindowDict:
    """A series' support window as a JSON-safe dict (``end`` as precise as it is known)."""
    return {
        "series": window.series,
        "start": window.start.isoformat(),
        "end": window.when(),
        "end_precision": window.end_precision,
        "until_next_release": window.until_next_release,
        "at_least": window.at_least,
        "lts": window.lts,
        "outside_policy": window.outside_policy,
        "text": window.describe(),
    }
