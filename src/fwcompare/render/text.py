"""Plain-text renderings for terminals: the comparison table and a framework's page.

Every function takes the *width* to fit (no line is longer, URLs included:
one longer than a line is cut) and an optional *style* function
(``style(text, role)``, see ``fwcompare._terminal``) that the command line
passes to colour a terminal; without it the text is plain. Alignment is
computed on the plain text, and styles are applied to padded cells, so
coloured output lines up like plain output.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import TYPE_CHECKING

from .cells import LEGEND, bounds_dated, cell, extension_line, measured_note, relations
from .lifecycle import GROUP, maintenance_notes, maintenance_rows
from .pins import column_version, pin_sections

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..model.comparison import Comparison
    from ..model.criteria import Criterion
    from ..model.facts import Fact
    from ..model.frameworks import Framework
    from ..model.opinions import Opinion

__all__ = ["DEFAULT_WIDTH", "comparison_text", "fill", "framework_text", "opinions_text"]

DEFAULT_WIDTH = 96
"""The width when none is given (the API's ``str()``); the CLI passes the terminal's."""

_MIN_CELL = 12
"""Narrower framework columns than this and the comparison is stacked instead."""

Style = Callable[[str, str], str]


def _plain(text: str, role: str) -> str:
    return text


def fill(text: str, width: int, indent: str = "", subsequent: str | None = None) -> list[str]:
    """*text* wrapped to *width*: words kept whole where they fit, longer ones (URLs) cut.

    A word longer than the space left starts a new line rather than being split.
    """
    subsequent = indent if subsequent is None else subsequent
    width = max(width, len(subsequent) + 8, len(indent) + 8)
    lines = textwrap.wrap(
        text,
        width,
        initial_indent=indent,
        subsequent_indent=subsequent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [indent.rstrip()]
    out: list[str] = []
    for line in lines:
        while len(line) > width:
            out.append(line[:width])
            line = subsequent + line[width:]
        out.append(line)
    return out


def _wrap_cell(text: str, width: int, subsequent: str = "") -> list[str]:
    # Words whole where each fits the column ("ext:" / "Flask-Login"); where one does
    # not, the cell breaks at hyphens ("ext: Flask-" / "SQLAlchemy"), and cuts a word
    # only when a part without a hyphen is still too long.
    lines = textwrap.wrap(
        text, width, subsequent_indent=subsequent, break_long_words=False, break_on_hyphens=False
    ) or [""]
    if all(len(line) <= width for line in lines):
        return lines
    return textwrap.wrap(text, width, subsequent_indent=subsequent, break_long_words=True, break_on_hyphens=True)


def _support_role(fact: Fact) -> str:
    return str(fact.support)


def _widths(natural: list[int], budget: int) -> list[int]:
    """Share *budget* among columns: each gets its natural width, up to an even share."""
    widths = [0] * len(natural)
    left = list(range(len(natural)))
    while left:
        share = budget // len(left)
        fits = [i for i in left if natural[i] <= share]
        if not fits:
            for n, i in enumerate(left):
                widths[i] = share + (1 if n < budget - share * len(left) else 0)
            break
        for i in fits:
            widths[i] = natural[i]
            budget -= natural[i]
            left.remove(i)
    return widths


def comparison_text(
    comparison: Comparison,
    *,
    opinions: bool = False,
    opinion_criteria: Iterable[str] | None = None,
    width: int = DEFAULT_WIDTH,
    style: Style | None = None,
) -> str:
    """The comparison as an aligned table fitting *width*; differing rows are marked with ``*``.

    When the frameworks' columns would be narrower than about 12 characters,
    each row is stacked instead: the criterion, then one line per framework.
    With *opinions*, attributed opinions follow (only those on
    *opinion_criteria* when given, plus general ones).
    """
    style = style or _plain
    frameworks = comparison.frameworks
    labels = [("* " if row.differs else "  ") + row.criterion.label for row in comparison.rows]
    lifecycles = comparison.lifecycles()
    maintenance = maintenance_rows(lifecycles)
    every_label = labels + ["  " + label for label, _ in maintenance]
    label_width = min(max([len(label) for label in every_label] + [0]), max(14, width // 3))
    sep = 3
    budget = width - label_width - sep * len(frameworks)
    if budget // max(len(frameworks), 1) >= _MIN_CELL:
        lines = _table(comparison, labels, label_width, budget, style, maintenance)
    else:
        lines = _stacked(comparison, width, style, maintenance)
    related = [relations(f) for f in frameworks if f.built_on]
    if related:
        lines += ["", *fill("Relationships: " + " ".join(related), width)]
    lines.append("")
    for note in maintenance_notes(comparison, lifecycles, titles=False):
        lines += fill(note, width)
    for heading, items in pin_sections(comparison):
        lines += ["", f"{heading}:"]
        lines += [line for item in items for line in fill(item, width, "  ", "    ")]
    lines.append("")
    lines += fill(f"* = the frameworks differ here. {LEGEND}.", width)
    lines += fill("Notes, sources and version history: fwcompare show NAME (or --format json).", width)
    from .freshness import read_day, releases_read_note

    read = releases_read_note((f.slug, read_day(f.releases)) for f in frameworks)
    lines += fill(read, width) if read else []
    if opinions:
        wanted = None if opinion_criteria is None else set(opinion_criteria)
        for framework in frameworks:
            chosen = tuple(
                o for o in framework.opinions if wanted is None or not o.criteria or set(o.criteria) & wanted
            )
            if chosen:
                lines += ["", *fill(f"What others said about {framework.name} (attributed claims, not facts):", width)]
                lines += opinions_text(chosen, width=width)
    return "\n".join(line.rstrip() for line in lines)


def _versions(comparison: Comparison) -> list[str]:
    """Each column's release: "at 4.2.30 (pinned)", or "checked: 6.1.3" when not pinned."""
    frameworks = comparison.frameworks
    pins = [comparison.pin(f) for f in frameworks] if comparison.pins else [None] * len(frameworks)
    return [column_version(f, p) for f, p in zip(frameworks, pins, strict=True)]


def _table(
    comparison: Comparison,
    labels: list[str],
    label_width: int,
    budget: int,
    style: Style,
    maintenance: list[tuple[str, list[str]]],
) -> list[str]:
    frameworks = comparison.frameworks
    cells = [[cell(f) for f in row.facts] for row in comparison.rows]
    header = [f.name for f in frameworks]
    subheader = _versions(comparison)
    every = cells + [figures for _, figures in maintenance]
    natural = [max([len(header[i]), len(subheader[i])] + [len(c[i]) for c in every]) for i in range(len(frameworks))]
    widths = [label_width, *_widths(natural, budget)]

    def join(parts: list[str], roles: list[str], joint: str = " | ") -> str:
        padded = [style(p.ljust(w), r) for p, w, r in zip(parts, widths, roles, strict=True)]
        return joint.join(padded)

    def block(parts: list[str], roles: list[str]) -> list[str]:
        # A label that wraps goes on indented under its own text, past the "* " mark.
        wrapped = [
            _wrap_cell(p, w, "    " if n == 0 else "") for n, (p, w) in enumerate(zip(parts, widths, strict=True))
        ]
        return [join([w[n] if n < len(w) else "" for w in wrapped], roles) for n in range(max(len(w) for w in wrapped))]

    heading = ["heading"] * len(widths)
    lines = block(["", *header], heading)
    lines += block(["", *subheader], ["dim"] * len(widths))
    lines.append("-+-".join("-" * w for w in widths))
    group = None
    for row, label, row_cells in zip(comparison.rows, labels, cells, strict=True):
        if row.criterion.group != group:
            group = row.criterion.group
            lines.append(style(row.criterion.group_label, "group"))
        roles = ["differs" if row.differs else "", *(_support_role(f) for f in row.facts)]
        lines += block([label, *row_cells], roles)
    if maintenance:
        lines.append(style(GROUP, "group"))
        for label, figures in maintenance:
            lines += block(["  " + label, *figures], [""] * len(widths))
    return lines


def _stacked(comparison: Comparison, width: int, style: Style, maintenance: list[tuple[str, list[str]]]) -> list[str]:
    frameworks = comparison.frameworks
    names = [f.name for f in frameworks]
    name_width = min(max(len(n) for n in names), max(8, width // 3))
    judged = ", ".join(f"{f.name} {v}" for f, v in zip(frameworks, _versions(comparison), strict=True))
    lines = fill(f"Compared: {judged}", width)
    lines = [style(line, "heading") for line in lines]
    group = None
    for row in comparison.rows:
        if row.criterion.group != group:
            group = row.criterion.group
            lines += ["", style(row.criterion.group_label, "group")]
        mark = "* " if row.differs else "  "
        for line in fill(mark + row.criterion.label, width, subsequent="    "):
            lines.append(style(line, "differs") if row.differs else line)
        for name, fact in zip(names, row.facts, strict=True):
            indent = "    " + name.ljust(name_width) + "  "
            text = cell(fact)
            if len(indent) + 8 > width or len(name) > name_width:
                wrapped = fill(name, width, "    ", "    ") + fill(text, width, "      ")
            else:
                wrapped = fill(text, width, indent, " " * len(indent))
            role = _support_role(fact)
            for line in wrapped:
                head, tail = line[: len(indent)], line[len(indent) :]
                lines.append(head + style(tail, role) if line.startswith(indent) else line)
    if maintenance:
        lines += ["", style(GROUP, "group")]
        for label, figures in maintenance:
            lines += fill("  " + label, width, subsequent="    ")
            for name, text in zip(names, figures, strict=True):
                indent = "    " + name.ljust(name_width) + "  "
                lines += fill(text, width, indent, " " * len(indent))
    return lines


def opinions_text(opinions: tuple[Opinion, ...], indent: str = "  ", *, width: int = DEFAULT_WIDTH) -> list[str]:
    """Attributed opinions, each with who said it and fwcompare's verdict, wrapped to *width*."""
    lines = []
    deeper = indent + "  "
    for o in opinions:
        lines += fill(f"[{o.kind}] {o.claim}", width, indent, deeper)
        lines += fill(f"said by: {o.by}", width, deeper, deeper + "  ")
        verdict = f"verdict: {o.verdict}" + (f". {o.correction}" if o.correction else "")
        lines += fill(verdict, width, deeper, deeper)
        if o.measured is not None:
            lines += fill(measured_note(o), width, deeper, deeper)
        for s in o.sources:
            lines += fill(f"source: {s.title} <{s.url}>", width, deeper, deeper + "  ")
    return lines


def framework_text(
    framework: Framework,
    criteria: Iterable[Criterion] = (),
    *,
    width: int = DEFAULT_WIDTH,
    style: Style | None = None,
) -> str:
    """Everything fwcompare knows about one framework, for a terminal of *width* columns.

    *criteria* gives the labels of the facts (keys are shown where it has none).
    """
    style = style or _plain
    f = framework
    first = f.first_release
    released = (first.when() or "date unknown") + (f" (version {first.version})" if first.version else "")
    licence = f.license if f.license is not None else "no SPDX identifier"
    field = " " * 15
    lines = [
        *(style(line, "heading") for line in fill(f"{f.name} ({f.slug}): {f.classification}", width)),
        *fill(f.summary, width),
        "",
    ]
    rows = [
        ("Homepage:", f.homepage),
        ("Repository:", f.repository),
        ("PyPI:", f.pypi),
        ("Licence:", licence + (f" ({f.license_note})" if f.license_note else "")),
        ("First release:", released + (f": {first.note}" if first.note else "")),
        ("Authors:", ", ".join(f.authors)),
        ("Maintainer:", f.maintainer),
    ]
    if f.aliases:
        rows.append(("Also known as:", ", ".join(f.aliases)))
    for rel in f.built_on:
        rows.append(("Relation:", f"{rel.kind} {rel.name}" + (f": {rel.note}" if rel.note else "")))
    for name, value in rows:
        lines += fill(value, width, name.ljust(15), field)
    lines += fill(f"Data checked against {f.checked.version} on {f.checked.date.isoformat()}.", width)
    for s in f.sources:
        lines += fill(f"source: {s.title} <{s.url}>", width, "  ", "    ")
    labels = {c.key: c.label for c in criteria}
    lines += ["", style("Facts:", "heading")]
    for key, fact in f.facts.items():
        dated = bounds_dated(f, fact)
        text = cell(fact) + (f" [{dated}]" if dated else "")
        label = f"  {labels.get(key, key)}: "
        head = fill(label + text, width, "", "      ")
        first_line = head[0]
        if first_line.startswith(label):
            head[0] = style(label, "heading") + style(first_line[len(label) :], _support_role(fact))
        lines += head
        if fact.note:
            lines += fill(fact.note, width, "      ")
        for e in fact.extensions:
            lines += fill(f"extension: {extension_line(e)}", width, "      ", " " * 8)
        for m in fact.history:
            lines += fill(f"{m.version}: {m.note}", width, "      ", " " * 8)
        for s in fact.sources:
            lines += fill(f"source: {s.title} <{s.url}> (read {s.read.isoformat()})", width, "      ", " " * 8)
    if f.opinions:
        lines += ["", *fill("What others said (attributed claims, not facts):", width)]
        lines += opinions_text(f.opinions, width=width)
    return "\n".join(lines)
