"""Plain-text renderings for terminals: the comparison table and a framework's page."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from .cells import LEGEND, bounds_dated, cell, relations
from .lifecycle import GROUP, maintenance_notes, maintenance_rows
from .pins import column_version, pin_sections

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..model.comparison import Comparison
    from ..model.criteria import Criterion
    from ..model.frameworks import Framework
    from ..model.opinions import Opinion

__all__ = ["comparison_text", "framework_text", "opinions_text"]

_MAX_CELL = 30


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_long_words=True) or [""]


def comparison_text(comparison: Comparison, *, opinions: bool = False) -> str:
    """The comparison as an aligned table; differing rows are marked with ``*``."""
    frameworks = comparison.frameworks
    header = ["", *(f.name for f in frameworks)]
    pins = [comparison.pin(f) for f in frameworks] if comparison.pins else [None] * len(frameworks)
    subheader = ["", *(column_version(f, p) for f, p in zip(frameworks, pins, strict=True))]
    body: list[tuple[str, list[str]] | str] = []
    group = None
    for row in comparison.rows:
        if row.criterion.group != group:
            group = row.criterion.group
            body.append(row.criterion.group_label)
        mark = "* " if row.differs else "  "
        body.append((mark + row.criterion.label, [cell(f) for f in row.facts]))
    lifecycles = comparison.lifecycles()
    body.append(GROUP)
    body += [("  " + label, cells) for label, cells in maintenance_rows(lifecycles)]
    widths = [max([len(header[0]), len(subheader[0])] + [len(r[0]) for r in body if isinstance(r, tuple)])]
    for i in range(len(frameworks)):
        natural = max(
            [len(header[i + 1]), len(subheader[i + 1])] + [len(r[1][i]) for r in body if isinstance(r, tuple)]
        )
        widths.append(min(natural, max(_MAX_CELL, len(header[i + 1]))))
    lines = [_join(header, widths), _join(subheader, widths), _join(["-" * w for w in widths], widths, "-+-")]
    for entry in body:
        if isinstance(entry, str):
            lines.append(entry)
            continue
        label, cells = entry
        wrapped = [_wrap(label, widths[0])] + [_wrap(c, w) for c, w in zip(cells, widths[1:], strict=True)]
        for n in range(max(len(w) for w in wrapped)):
            lines.append(_join([w[n] if n < len(w) else "" for w in wrapped], widths))
    related = [relations(f) for f in frameworks if f.built_on]
    if related:
        lines += ["", "Relationships: " + " ".join(related)]
    lines += [""] + [w for n in maintenance_notes(comparison, lifecycles, titles=False) for w in textwrap.wrap(n, 96)]
    for heading, items in pin_sections(comparison):
        lines += ["", f"{heading}:"]
        lines += [w for item in items for w in textwrap.wrap(item, 96, initial_indent="  ", subsequent_indent="    ")]
    lines += ["", f"* = the frameworks differ here. {LEGEND}."]
    lines.append("Notes, sources and version history: fwcompare show NAME (or --format json).")
    if opinions:
        for framework in frameworks:
            if framework.opinions:
                lines += ["", f"What others said about {framework.name} (attributed claims, not facts):"]
                lines += opinions_text(framework.opinions)
    return "\n".join(line.rstrip() for line in lines)


def _join(cells: list[str], widths: list[int], sep: str = " | ") -> str:
    return sep.join(c.ljust(w) for c, w in zip(cells, widths, strict=True))


def opinions_text(opinions: tuple[Opinion, ...], indent: str = "  ") -> list[str]:
    """Attributed opinions, each with who said it and fwcompare's verdict."""
    lines = []
    for o in opinions:
        lines += textwrap.wrap(f"[{o.kind}] {o.claim}", 96, initial_indent=indent, subsequent_indent=indent + "  ")
        lines.append(f"{indent}  said by: {o.by}")
        verdict = f"verdict: {o.verdict}" + (f". {o.correction}" if o.correction else "")
        lines += textwrap.wrap(verdict, 96, initial_indent=indent + "  ", subsequent_indent=indent + "  ")
        lines += [f"{indent}  source: {s.title} <{s.url}>" for s in o.sources]
    return lines


def framework_text(framework: Framework, criteria: Iterable[Criterion] = ()) -> str:
    """Everything fwcompare knows about one framework, for a terminal.

    *criteria* gives the labels of the facts (keys are shown where it has none).
    """
    f = framework
    first = f.first_release
    released = (first.when() or "date unknown") + (f" (version {first.version})" if first.version else "")
    licence = f.license if f.license is not None else "no SPDX identifier"
    lines = [
        f"{f.name} ({f.slug}): {f.classification}",
        *textwrap.wrap(f.summary, 96),
        "",
        f"Homepage:      {f.homepage}",
        f"Repository:    {f.repository}",
        f"PyPI:          {f.pypi}",
        f"Licence:       {licence}" + (f" ({f.license_note})" if f.license_note else ""),
        f"First release: {released}" + (f": {first.note}" if first.note else ""),
        f"Authors:       {', '.join(f.authors)}",
        f"Maintainer:    {f.maintainer}",
    ]
    if f.aliases:
        lines.append(f"Also known as: {', '.join(f.aliases)}")
    for rel in f.built_on:
        lines.append(f"Relation:      {rel.kind} {rel.name}" + (f": {rel.note}" if rel.note else ""))
    lines.append(f"Data checked against {f.checked.version} on {f.checked.date.isoformat()}.")
    lines += [f"  source: {s.title} <{s.url}>" for s in f.sources]
    labels = {c.key: c.label for c in criteria}
    lines += ["", "Facts:"]
    for key, fact in f.facts.items():
        dated = bounds_dated(f, fact)
        lines.append(f"  {labels.get(key, key)}: {cell(fact)}" + (f" [{dated}]" if dated else ""))
        if fact.note:
            lines += textwrap.wrap(fact.note, 96, initial_indent="      ", subsequent_indent="      ")
        for e in fact.extensions:
            lines.append(f"      extension: {e.name} ({e.party}-party)" + (f" <{e.url}>" if e.url else ""))
        for m in fact.history:
            lines.append(f"      {m.version}: {m.note}")
        lines += [f"      source: {s.title} <{s.url}> (read {s.read.isoformat()})" for s in fact.sources]
    if f.opinions:
        lines += ["", "What others said (attributed claims, not facts):", *opinions_text(f.opinions)]
    return "\n".join(lines)
