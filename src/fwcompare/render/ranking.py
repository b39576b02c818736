"""Renderings of a ranking: plain text, Markdown and JSON-safe dicts (HTML is in ``html``)."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

from ..model.ranking import NeedStatus
from .escape import markdown_text

if TYPE_CHECKING:
    from ..model.ranking import NeedResult, Ranking

__all__ = ["SCORING", "ranking_markdown", "ranking_text", "ranking_to_dict", "score_text"]

SCORING = (
    "each need earns its weight times: built in 1, partial (built in with limits) 0.75, "
    "through an extension 0.5, unmet or unknown 0; ties go to the framework that meets more needs "
    "itself, then by name"
)


def score_text(value: float) -> str:
    """A score without trailing zeros: 3, 2.5, 1.75."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _need_label(ranking: Ranking, index: int) -> str:
    need, criterion = ranking.needs[index], ranking.criteria[index]
    extras = []
    if need.weight != 1:
        extras.append(f"weight {score_text(need.weight)}")
    if need.builtin_only:
        extras.append("built in only")
    return criterion.label + (f" ({', '.join(extras)})" if extras else "")


def ranking_text(ranking: Ranking) -> str:
    """The ranking for a terminal: one block per framework, a line per need with its reason."""
    needs = ", ".join(_need_label(ranking, i) for i in range(len(ranking.needs)))
    lines = textwrap.wrap(f"Needs: {needs}.", 96)
    lines += textwrap.wrap(f"Score: {SCORING}.", 96)
    width = max(len(str(s)) for s in NeedStatus)
    for entry in ranking:
        f = entry.framework
        version = f"at {entry.version}" if entry.version != f.checked.version else f"checked: {entry.version}"
        lines += [
            "",
            f"{entry.position}. {f.name} ({version}): {score_text(entry.score)} of {score_text(entry.max_score)}",
        ]
        for result in entry.results:
            lines.append(f"   {str(result.status).ljust(width)}  {result.criterion.label}: {result.reason}")
    lines += ["", "Notes and sources of every fact: fwcompare show NAME (or --format json)."]
    return "\n".join(lines)


_md = markdown_text


def _md_cell(result: NeedResult) -> str:
    # The reason names the status ("built in", "through an extension: ...", "absent").
    return _md(result.reason)


def ranking_markdown(ranking: Ranking) -> str:
    """A Markdown table: one row per framework, one column per need."""
    head = ["#", "Framework", "Score"] + [_md(_need_label(ranking, i)) for i in range(len(ranking.needs))]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for entry in ranking:
        cells = [str(entry.position), _md(f"{entry.framework.name} {entry.version}"), score_text(entry.score)]
        cells += [_md_cell(r) for r in entry.results]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", f"Out of {score_text(ranking.max_score)}: {SCORING}."]
    return "\n".join(lines) + "\n"


def ranking_to_dict(ranking: Ranking) -> dict[str, Any]:
    """The ranking as a JSON-safe dict (see `Ranking.to_dict`)."""
    from .._version import __version__
    from .json import fact_to_dict

    return {
        "fwcompare": __version__,
        "needs": [
            {"criterion": n.criterion, "label": c.label, "weight": n.weight, "builtin_only": bool(n.builtin_only)}
            for n, c in zip(ranking.needs, ranking.criteria, strict=True)
        ],
        "credit": {str(status): status.credit for status in NeedStatus},
        "max_score": ranking.max_score,
        "ranking": [
            {
                "position": entry.position,
                "slug": entry.framework.slug,
                "name": entry.framework.name,
                "version": str(entry.version),
                "checked_version": str(entry.framework.checked.version),
                "score": entry.score,
                "builtin_count": entry.builtin_count,
                "results": [
                    {
                        "criterion": r.criterion.key,
                        "status": str(r.status),
                        "support": str(r.support),
                        "credit": r.credit,
                        "reason": r.reason,
                        "fact": fact_to_dict(r.fact),
                    }
                    for r in entry.results
                ],
            }
            for entry in ranking
        ],
    }
