"""Renderings of a ranking: plain text, Markdown and JSON-safe dicts (HTML is in ``html``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .._vocab import NeedStatus
from .escape import markdown_text

if TYPE_CHECKING:
    from ..jsontypes import RankingDict
    from ..model.ranking import NeedResult, Ranking

__all__ = ["ranking_markdown", "ranking_text", "ranking_to_dict", "score_text", "scoring"]


def scoring(ranking: Ranking) -> str:
    """How the scores were computed (the one scoring rule, in words): without the extension
    credits when every need was built-in only."""
    from .._scoring import scoring_text

    return scoring_text(builtin_only=all(n.builtin_only for n in ranking.needs))


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


def ranking_text(ranking: Ranking, *, width: int = 96, style: Callable[[str, str], str] | None = None) -> str:
    """The ranking for a terminal: one block per framework, a line per need with its reason.

    Lines are wrapped to *width*; *style* (``style(text, role)``) colours the
    statuses on a terminal.
    """
    from .text import fill

    style = style or (lambda text, role: text)
    needs = ", ".join(_need_label(ranking, i) for i in range(len(ranking.needs)))
    lines = fill(f"Needs: {needs}.", width, "", "  ")
    lines += fill(f"Score: {scoring(ranking)}.", width, "", "  ")
    status_width = max(len(str(s)) for s in NeedStatus)
    indent = " " * (3 + status_width + 2)
    for entry in ranking:
        f = entry.framework
        version = f"at {entry.version}" if entry.version != f.checked.version else f"checked: {entry.version}"
        head = f"{entry.position}. {f.name} ({version}): {score_text(entry.score)} of {score_text(entry.max_score)}"
        lines += ["", *(style(line, "heading") for line in fill(head, width, "", "   "))]
        for result in entry.results:
            status = str(result.status).ljust(status_width)
            text = f"   {status}  {result.criterion.label}: {result.reason}"
            wrapped = fill(text, width, "", indent)
            role = _STATUS_ROLE[result.status]
            wrapped[0] = "   " + style(status, role) + wrapped[0][3 + status_width :]
            lines += wrapped
    lines += ["", *fill("Notes and sources of every fact: fwcompare show NAME (or --format json).", width)]
    return "\n".join(lines)


_STATUS_ROLE = {
    NeedStatus.MET: "built-in",
    NeedStatus.PARTIAL: "partial",
    NeedStatus.EXTENSION: "extension",
    NeedStatus.UNMET: "absent",
    NeedStatus.UNKNOWN: "unknown",
}

_md = markdown_text


def _md_cell(result: NeedResult) -> str:
    # The reason names the status ("built in", "through an extension: ...", "absent").
    return _md(result.reason)


def ranking_markdown(ranking: Ranking) -> str:
    """A Markdown table: one row per framework, one column per need."""
    head = ["#", "Framework", "Score"] + [_md(_need_label(ranking, i)) for i in range(len(ranking.needs))]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    notes: list[str] = []
    for entry in ranking:
        cells = [str(entry.position), _md(f"{entry.framework.name} {entry.version}"), score_text(entry.score)]
        for r in entry.results:
            text = _md_cell(r)
            if r.fact.note and r.status in (NeedStatus.PARTIAL, NeedStatus.UNKNOWN):
                # The reason says "see the note": the note is below, numbered.
                notes.append(f"{entry.framework.name}, {r.criterion.label}: {_md(r.fact.note)}")
                text += f" [{len(notes)}]"
            cells.append(text)
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", f"Out of {score_text(ranking.max_score)}: {scoring(ranking)}."]
    if notes:
        lines += ["", "Notes:", ""]
        lines += [f"{n}. {note}" for n, note in enumerate(notes, 1)]
    return "\n".join(lines) + "\n"


def ranking_to_dict(ranking: Ranking) -> RankingDict:
    """The ranking as a JSON-safe dict (see `Ranking.to_dict`)."""
    from .._scoring import credit_map
    from .._version import OUTPUT_SCHEMA_VERSION, __version__
    from .json import fact_to_dict

    return {
        "fwcompare": __version__,
        "schema_version": OUTPUT_SCHEMA_VERSION,
        "needs": [
            {"criterion": n.criterion, "label": c.label, "weight": n.weight, "builtin_only": bool(n.builtin_only)}
            for n, c in zip(ranking.needs, ranking.criteria, strict=True)
        ],
        "credit": credit_map(),
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
                        "status": r.status.value,
                        "support": r.support.value,
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
