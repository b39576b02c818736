"""Attributed opinions in Markdown (``compare --format markdown --opinions``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .cells import measured_note
from .escape import markdown_link, markdown_text

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..model.frameworks import Framework

__all__ = ["opinions_markdown"]


# The one Markdown escaper (HTML, link syntax, newlines from data): data is untrusted.
_escape = markdown_text


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
            who = markdown_link(str(by), by.url) if by.url else _escape(str(by))
            verdict = f"**{o.verdict}**" + (f": {_escape(o.correction)}" if o.correction else "")
            sources = ", ".join(markdown_link(s.title, s.url) for s in o.sources)
            entry = f"- *{o.kind}*: {_escape(o.claim)} (said by {who}). Verdict: {verdict}."
            if sources:
                entry += f" Sources: {sources}."
            if o.measured is not None:
                entry += f" {_escape(measured_note(o))}"
            lines.append(entry)
    if not lines:
        return ""
    return "## Opinions\n" + "\n".join(lines) + "\n"
