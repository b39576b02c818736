"""Markdown (GitHub flavour) rendering of a comparison."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .cells import LEGEND, bounds_dated, cell, relations
from .escape import markdown_link, markdown_text
from .lifecycle import GROUP, maintenance_notes, maintenance_rows
from .pins import pin_sections

if TYPE_CHECKING:
    from ..model.comparison import Comparison
    from ..model.facts import Fact
    from ..model.frameworks import Framework
    from ..model.pinning import Pin

__all__ = ["comparison_markdown"]


_escape = markdown_text


def comparison_markdown(comparison: Comparison) -> str:
    """A Markdown table, then the notes and sources of every cell."""
    frameworks = comparison.frameworks
    versions = [p.version if p is not None else f.checked.version for f, p in _pinned(comparison)]
    head = (
        "| Criterion | "
        + " | ".join(f"{_escape(f.name)} {v}" for f, v in zip(frameworks, versions, strict=True))
        + " |"
    )
    lines = [head, "|" + "---|" * (len(frameworks) + 1)]
    notes: list[str] = []
    group = None
    for row in comparison.rows:
        if row.criterion.group != group:
            group = row.criterion.group
            lines.append(f"| **{_escape(row.criterion.group_label)}** |" + " |" * len(frameworks))
        label = _escape(row.criterion.label) + (" ≠" if row.differs else "")
        cells = []
        for framework, fact in zip(frameworks, row.facts, strict=True):
            text = _escape(cell(fact))
            if fact.note or fact.sources:
                notes.append(_note(len(notes) + 1, framework, row.criterion.label, fact))
                text += f" [{len(notes)}]"
            cells.append(text)
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    # A list after the table, whose rows are the criteria.
    lifecycles = comparison.lifecycles()
    lines += ["", f"**{GROUP}:**", ""]
    lines += [
        f"- {_escape(label)}: "
        + "; ".join(f"{_escape(f.name)} {_escape(c)}" for f, c in zip(frameworks, cells, strict=True))
        for label, cells in maintenance_rows(lifecycles)
    ]
    related = [_escape(relations(f)) for f in frameworks if f.built_on]
    if related:
        lines += ["", "Relationships: " + " ".join(related)]
    for note in maintenance_notes(comparison, lifecycles):
        lines += ["", _escape(note)]  # a paragraph each
    for heading, items in pin_sections(comparison):
        lines += ["", f"**{_escape(heading)}:**", "", *(f"- {_escape(item)}" for item in items)]
    lines += ["", f"≠ marks rows where the frameworks differ. {LEGEND}.", "", "Notes and sources:", ""]
    lines += notes
    return "\n".join(lines) + "\n"


def _pinned(comparison: Comparison) -> list[tuple[Framework, Pin | None]]:
    return [(f, comparison.pin(f) if comparison.pins else None) for f in comparison.frameworks]


def _note(n: int, framework: Framework, label: str, fact: Fact) -> str:
    links = ", ".join(markdown_link(s.title, s.url) for s in fact.sources)
    parts = [f"{n}. **{_escape(framework.name)}, {_escape(label)}**:"]
    dated = bounds_dated(framework, fact)
    if dated:
        parts.append(f"({_escape(dated[0].upper() + dated[1:])}.)")
    if fact.note:
        parts.append(_escape(fact.note))
    if fact.extensions:
        listed = (
            f"{_escape(e.name)} ({e.party}-party)" + (f"; {_escape(e.status_note)}" if e.status_note else "")
            for e in fact.extensions
        )
        parts.append("Extensions: " + ", ".join(listed) + ".")
    if links:
        parts.append(f"Sources: {links}.")
    return " ".join(parts)
