"""Attributed opinions in Markdown (``compare --format markdown --opinions``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..model.frameworks import Framework

__all__ = ["opinions_markdown"]


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", " ")


def opinions_markdown(frameworks: Iterable[Framework], criteria: Iterable[str] | None = None) -> str:
    """A section per framework with its attributed opinions, each with who said it and the verdict.

    With *criteria*, only the opinions on one of those criteria, and the
    general ones (on no criterion in particular). "" when no opinion is left.
    """
    wanted = None if criteria is None else set(criteria)
    lines: list[str] = []
    for framework in frameworks:
        chosen = [o for o in framework.opinions if wanted is None or not o.criteria or set(o.criteria) & wanted]
        if not chosen:
            continue
        lines += ["", f"### What others said about {_escape(framework.name)}", ""]
        lines.append("Attributed claims, not facts; the verdict is how each reads against official sources.")
        lines.append("")
        for o in chosen:
            by = o.by
            who = _escape(str(by))
            if by.url:
                who = f"[{who}]({by.url})"
            verdict = f"**{o.verdict}**" + (f": {_escape(o.correction)}" if o.correction else "")
            sources = ", ".join(f"[{_escape(s.title)}]({s.url})" for s in o.sources)
            entry = f"- *{o.kind}*: {_escape(o.claim)} (said by {who}). Verdict: {verdict}."
            if sources:
                entry += f" Sources: {sources}."
            lines.append(entry)
    if not lines:
        return ""
    return "## Opinions\n" + "\n".join(lines) + "\n"
