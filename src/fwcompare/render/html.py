"""HTML renderings for notebooks: comparisons, frameworks and rankings (``_repr_html_``).

Every string taken from data is escaped, and only http(s) addresses become
links: data may come from plugins and user files, and must not be able to
inject markup or script. Colours come from the notebook's own theme (text in
``currentColor``, translucent tints over the inherited background), so the
tables read in light and dark themes alike; every symbol also has a word, so
nothing depends on colour or on the style sheet surviving a sanitiser.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from .._vocab import SupportLevel
from .cells import bounds_dated, marker, measured_note, relations, value_text

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..model.comparison import Comparison
    from ..model.criteria import Criterion
    from ..model.facts import Fact, Source
    from ..model.frameworks import Framework
    from ..model.opinions import Opinion
    from ..model.ranking import NeedResult, Ranking

__all__ = ["comparison_html", "framework_html", "framework_plain", "ranking_html"]

SYMBOL = {
    SupportLevel.BUILT_IN: ("✔", "built in"),
    SupportLevel.PARTIAL: ("◐", "partial"),
    SupportLevel.EXTENSION: ("⊕", "extension"),
    SupportLevel.ABSENT: ("✘", "absent"),
    SupportLevel.UNKNOWN: ("?", "unknown"),
}
"""The symbol and word of each support level."""

# Sticky cells need an opaque background: the notebook's own where it names one
# (JupyterLab, Notebook 7, VS Code). Elsewhere the value is invalid, the cells
# stay transparent, and the table still reads in any theme.
_BACKGROUND = "var(--jp-layout-color0, var(--vscode-editor-background))"

# Tints are translucent so that they darken a light background and lighten a
# dark one alike; text keeps the theme's own colour.
_STYLE = f"""<style>
.fwcompare {{font-size: 0.9em; line-height: 1.35; max-width: 100%}}
.fwcompare .fwc-scroll {{overflow-x: auto; max-width: 100%}}
.fwcompare table.fwc {{border-collapse: separate; border-spacing: 0; margin: 0; table-layout: auto; font-size: 1em}}
.fwcompare table.fwc th, .fwcompare table.fwc td {{padding: 0.3em 0.6em; text-align: left; vertical-align: top;
  border: none; border-bottom: 1px solid color-mix(in srgb, currentColor 18%, transparent); max-width: 18em;
  white-space: normal; overflow-wrap: break-word; color: inherit}}
.fwcompare table.fwc td {{min-width: 7em}}
.fwcompare table.fwc td.fwc-num {{min-width: 0; white-space: nowrap}}
.fwcompare table.fwc td.fwc-notes {{max-width: 44em; min-width: 20em}}
.fwcompare table.fwc thead th {{position: sticky; top: 0; z-index: 2; background: {_BACKGROUND};
  border-bottom: 2px solid color-mix(in srgb, currentColor 45%, transparent)}}
.fwcompare table.fwc tbody th {{font-weight: normal; white-space: nowrap; position: sticky; left: 0; z-index: 1;
  background: {_BACKGROUND}}}
.fwcompare table.fwc tbody th.fwc-group {{font-weight: bold; font-variant: small-caps; padding-top: 0.9em}}
.fwcompare table.fwc tr.fwc-differs th {{font-weight: bold}}
.fwcompare .fwc-diff {{display: inline-block; min-width: 1em}}
.fwcompare td.fwc-built-in, .fwcompare td.fwc-met {{background: rgba(46, 160, 67, 0.16)}}
.fwcompare td.fwc-partial {{background: rgba(210, 153, 34, 0.18)}}
.fwcompare td.fwc-extension {{background: rgba(56, 139, 253, 0.16)}}
.fwcompare td.fwc-absent, .fwcompare td.fwc-unmet {{background: rgba(248, 81, 73, 0.13)}}
.fwcompare td.fwc-unknown {{background: rgba(128, 128, 128, 0.16)}}
.fwcompare .fwc-sym {{font-weight: bold; display: inline-block; min-width: 1.1em}}
.fwcompare .fwc-meta {{opacity: 0.75; font-size: 0.85em}}
.fwcompare a {{color: inherit; text-decoration: underline; text-decoration-style: dotted}}
.fwcompare sup a {{text-decoration: none}}
.fwcompare details {{margin-top: 0.5em}}
.fwcompare details > summary {{cursor: pointer}}
.fwcompare details li {{margin-bottom: 0.3em}}
.fwcompare .fwc-opinions {{border-left: 3px solid color-mix(in srgb, currentColor 35%, transparent);
  padding-left: 0.8em; margin-top: 0.8em}}
.fwcompare .fwc-title {{font-size: 1.15em; font-weight: bold}}
</style>"""


def _link(url: str | None, text: str) -> str:
    # Only web addresses become links: a "javascript:" URL from a plugin stays text.
    if url is not None and url.startswith(("https://", "http://")):
        return f'<a href="{escape(url)}" target="_blank" rel="noopener noreferrer">{escape(text)}</a>'
    return escape(text)


def _sources(sources: Iterable[Source]) -> str:
    return ", ".join(f"{_link(s.url, s.title)} (read {s.read.isoformat()})" for s in sources)


def _bounds(fact: Fact) -> str:
    parts = []
    if fact.since is not None:
        parts.append(f"since {fact.since}")
    if fact.until is not None:
        parts.append(f"until {fact.until}")
    return ", ".join(parts)


def _prefix(*parts: str) -> str:
    # Footnote ids must be unique in a notebook holding several tables, and the
    # same for the same table (outputs should not change on every run).
    import zlib

    return f"fwc-{zlib.crc32(' '.join(parts).encode()):08x}"


class _Notes:
    """Footnotes: the notes, extensions and sources of cells, numbered in order."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.items: list[str] = []

    def add(self, heading: str, body: str) -> str:
        """Add a footnote (*body* is HTML, *heading* text); return the superscript link to it."""
        n = len(self.items) + 1
        anchor = f"{self.prefix}-{n}"
        self.items.append(f'<li id="{anchor}"><strong>{escape(heading)}</strong>: {body}</li>')
        return f'<sup><a href="#{anchor}" title="{escape(heading)}: note {n}">{n}</a></sup>'

    def html(self, what: str = "Notes and sources") -> str:
        if not self.items:
            return ""
        return f"<details><summary>{what} ({len(self.items)})</summary><ol>{''.join(self.items)}</ol></details>"


def _fact_note(framework: Framework, fact: Fact) -> str:
    """The footnote of a fact: dated bounds, note, extensions, history, sources ("" when none)."""
    parts = []
    dated = bounds_dated(framework, fact)
    if dated:
        parts.append(escape(dated[:1].upper() + dated[1:]) + ".")
    if fact.note:
        parts.append(escape(fact.note))
    if fact.extensions:
        names = ", ".join(
            f"{_link(e.url, e.name)} ({escape(str(e.party))}-party)"
            + (f"; {escape(e.status_note)}" if e.status_note else "")
            for e in fact.extensions
        )
        parts.append(f"Extensions: {names}.")
    for milestone in fact.history:
        parts.append(f"{escape(str(milestone.version))}: {escape(milestone.note)}")
    if fact.sources:
        parts.append(f"Sources: {_sources(fact.sources)}.")
    return " ".join(parts)


def _support(fact: Fact) -> str:
    """The visible content of a fact's cell: symbol, word or value, version bounds."""
    symbol, word = SYMBOL[fact.support]
    parts = [f'<span class="fwc-sym" title="{word}">{symbol}</span>']
    value = value_text(fact)
    if fact.support is SupportLevel.EXTENSION and fact.extensions:
        # The first extension names it; the footnote lists them all.
        more = len(fact.extensions) - 1
        first = fact.extensions[0]
        shown = escape(first.name + (f" (+{more})" if more else ""))
        if marker(first):
            # A visible mark, with the reason and the date on hover (and in the footnote).
            title, mark = escape(first.status_note), escape(marker(first).strip())
            shown += f' <span class="fwc-health" title="{title}">{mark}</span>'
        parts.append(shown)
    elif value and fact.support is SupportLevel.BUILT_IN:
        parts.append(escape(value))
    elif value:
        parts.append(f"{word}: {escape(value)}")
    else:
        parts.append(word)
    limits = _bounds(fact)
    if limits:
        parts.append(f'<span class="fwc-meta">{escape(limits)}</span>')
    return " ".join(parts)


def _fact_cell(framework: Framework, label: str, fact: Fact, notes: _Notes) -> str:
    content = _support(fact)
    body = _fact_note(framework, fact)
    if body:
        content += notes.add(f"{framework.name}, {label}", body)
    title = f' title="{escape(fact.note)}"' if fact.note else ""
    return f'<td class="fwc-{fact.support.value}"{title}>{content}</td>'


def _legend(extra: str = "") -> str:
    symbols = "; ".join(f"{s} {w}" for s, w in SYMBOL.values())
    return (
        f'<p class="fwc-meta">{escape(symbols)}{extra}; "since 3.1": from release 3.1 on. '
        "A number links to the cell's notes and sources; hover a cell for its note.</p>"
    )


def _opinion(opinion: Opinion) -> str:
    by = opinion.by
    said = _link(by.url, f"{by.author}" + (f" ({by.organisation})" if by.organisation else ""))
    where = f", “{escape(by.title)}”" + (f", {escape(by.publisher)}" if by.publisher else "")
    verdict = f"<strong>Verdict: {escape(str(opinion.verdict))}.</strong>"
    if opinion.correction:
        verdict += " " + escape(opinion.correction)
    sources = f" Sources: {_sources(opinion.sources)}." if opinion.sources else ""
    if opinion.measured is not None:
        sources += f' <span class="fwc-meta">{escape(measured_note(opinion))}</span>'
    return (
        f"<li>[{escape(str(opinion.kind))}, {escape(str(opinion.topic))}] {escape(opinion.claim)} "
        f'<span class="fwc-meta">Said by {said}{where}, {by.date.isoformat()}.</span> {verdict}{sources}</li>'
    )


def _opinions(frameworks: Iterable[Framework]) -> str:
    blocks = []
    count = 0
    for framework in frameworks:
        if framework.opinions:
            count += len(framework.opinions)
            items = "".join(_opinion(o) for o in framework.opinions)
            blocks.append(f"<p><strong>About {escape(framework.name)}</strong></p><ul>{items}</ul>")
    if not blocks:
        return ""
    return (
        f'<details class="fwc-opinions"><summary>What others said: {count} attributed claims, '
        "not facts, each with fwcompare's verdict</summary>"
        f"{''.join(blocks)}</details>"
    )


def _group_row(criterion: Criterion, columns: int) -> str:
    return f'<tr><th class="fwc-group" colspan="{columns}">{escape(criterion.group_label)}</th></tr>'


def comparison_html(comparison: Comparison) -> str:
    """An HTML table: frameworks as columns, criteria grouped, notes and sources as footnotes.

    Rows where the frameworks differ are marked with ≠; attributed opinions
    follow the table, apart from the facts.
    """
    frameworks = comparison.frameworks
    notes = _Notes(_prefix("comparison", *(f.slug for f in frameworks), *(c.key for c in comparison.criteria)))
    from .pins import column_version, pin_sections

    head = "".join(
        f'<th>{escape(f.name)}<br><span class="fwc-meta">'
        f"{escape(column_version(f, comparison.pin(f) if comparison.pins else None))}</span></th>"
        for f in frameworks
    )
    pinned = "".join(
        f"<p><strong>{escape(heading)}:</strong></p><ul>{''.join(f'<li>{escape(i)}</li>' for i in items)}</ul>"
        for heading, items in pin_sections(comparison)
    )
    rows: list[str] = []
    group = None
    for row in comparison.rows:
        criterion = row.criterion
        if criterion.group != group:
            group = criterion.group
            rows.append(_group_row(criterion, len(frameworks) + 1))
        mark = (
            '<span class="fwc-diff" title="the frameworks differ here">≠</span>'
            if row.differs
            else ('<span class="fwc-diff"></span>')
        )
        label = f'<th scope="row" title="{escape(criterion.description)}">{mark}{escape(criterion.label)}</th>'
        cells = "".join(
            _fact_cell(f, criterion.label, fact, notes) for f, fact in zip(frameworks, row.facts, strict=True)
        )
        css = ' class="fwc-differs"' if row.differs else ""
        rows.append(f"<tr{css}>{label}{cells}</tr>")
    from .lifecycle import GROUP, maintenance_notes, maintenance_rows

    lifecycles = comparison.lifecycles()
    # A list apart from the table: the table's rows are the criteria.
    names = [escape(f.name) for f in frameworks]
    items = "".join(
        f"<li>{escape(label)}: " + "; ".join(f"{n} {escape(c)}" for n, c in zip(names, cells, strict=True)) + "</li>"
        for label, cells in maintenance_rows(lifecycles)
    )
    notes_ = "".join(f"<p>{escape(n)}</p>" for n in maintenance_notes(comparison, lifecycles))
    maintenance = f'<div class="fwc-maintenance"><p><strong>{GROUP}</strong></p><ul>{items}</ul>{notes_}</div>'
    related = [escape(relations(f)) for f in frameworks if f.built_on]
    relationships = f"<p>Relationships: {' '.join(related)}</p>" if related else ""
    return (
        f'{_STYLE}<div class="fwcompare">'
        f'<div class="fwc-scroll"><table class="fwc"><thead><tr><th>Criterion</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
        f"{relationships}{maintenance}{pinned}{_legend('; ≠ the frameworks differ')}{notes.html()}"
        f"{_opinions(frameworks)}</div>"
    )


def _criteria_of(framework: Framework) -> list[tuple[str, Criterion | None]]:
    """Each fact's key and criterion, in the order of the catalogue the framework came with.

    Facts on criteria the framework's catalogue lacks (a framework built by
    hand) come last, under their keys.
    """
    known = framework.criteria
    order = {key: n for n, key in enumerate(known)}
    keys = sorted(framework.facts, key=lambda k: (order.get(k, len(order)), k))
    return [(k, known.get(k)) for k in keys]


def framework_html(framework: Framework) -> str:
    """Everything known about one framework: identity, facts grouped with notes and sources, opinions."""
    f = framework
    first = f.first_release
    released = first.when() or "date unknown"
    if first.version:
        released += f" (version {first.version})"
    if first.note:
        released += f": {first.note}"
    licence = f.license if f.license is not None else "no SPDX identifier"
    if f.license_note:
        licence += f" ({f.license_note})"
    identity = [
        ("Homepage", _link(f.homepage, f.homepage)),
        ("Repository", _link(f.repository, f.repository)),
        ("PyPI", escape(f.pypi)),
        ("Licence", escape(licence)),
        ("First release", escape(released)),
        ("Authors", escape(", ".join(f.authors))),
        ("Maintainer", escape(f.maintainer)),
    ]
    if f.aliases:
        identity.append(("Also known as", escape(", ".join(f.aliases))))
    if f.built_on:
        identity.append(("Relations", escape(relations(f))))
    identity.append(("Sources", _sources(f.sources)))
    about = "".join(f'<tr><th scope="row">{k}</th><td>{v}</td></tr>' for k, v in identity)
    rows: list[str] = []
    group = None
    for key, criterion in _criteria_of(f):
        fact = f.facts[key]
        if criterion is not None and criterion.group != group:
            group = criterion.group
            rows.append(_group_row(criterion, 3))
        label = criterion.label if criterion is not None else key
        title = f' title="{escape(criterion.description)}"' if criterion is not None else ""
        rows.append(
            f'<tr><th scope="row"{title}>{escape(label)}</th>'
            f'<td class="fwc-{fact.support.value}">{_support(fact)}</td>'
            f'<td class="fwc-notes">{_fact_note(f, fact)}</td></tr>'
        )
    return (
        f'{_STYLE}<div class="fwcompare">'
        f'<div><span class="fwc-title">{escape(f.name)}</span> '
        f'<span class="fwc-meta">{escape(str(f.classification))}; data checked against '
        f"{escape(str(f.checked.version))} on {f.checked.date.isoformat()}</span></div>"
        f"<p>{escape(f.summary)}</p>"
        f'<details><summary>About {escape(f.name)}</summary><table class="fwc"><tbody>{about}</tbody></table></details>'
        f'<div class="fwc-scroll"><table class="fwc"><thead><tr><th scope="col">Criterion</th>'
        f'<th scope="col">Support</th><th scope="col">Notes and sources</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
        f"{_legend()}{_opinions([f])}</div>"
    )


_STATUS_SYMBOL = {
    "met": "✔",
    "partial": "◐",
    "extension": "⊕",
    "unmet": "✘",
    "unknown": "?",
}


def _result_cell(result: NeedResult, framework: Framework, notes: _Notes) -> str:
    status = str(result.status)
    content = f'<span class="fwc-sym" title="{status}">{_STATUS_SYMBOL[status]}</span> {escape(result.reason)}'
    body = _fact_note(framework, result.fact)
    if body:
        content += notes.add(f"{framework.name}, {result.criterion.label}", body)
    title = f' title="{escape(result.fact.note)}"' if result.fact.note else ""
    return f'<td class="fwc-{status}"{title}>{content}</td>'


def ranking_html(ranking: Ranking) -> str:
    """A table: one row per framework, best first, one column per need with its status and reason."""
    from .ranking import score_text, scoring

    notes = _Notes(_prefix("ranking", *(c.key for c in ranking.criteria), *(e.framework.slug for e in ranking)))
    head = ""
    for need, criterion in zip(ranking.needs, ranking.criteria, strict=True):
        extras = []
        if need.weight != 1:
            extras.append(f"weight {score_text(need.weight)}")
        if need.builtin_only:
            extras.append("built in only")
        meta = f'<br><span class="fwc-meta">{escape(", ".join(extras))}</span>' if extras else ""
        head += f'<th scope="col" title="{escape(criterion.description)}">{escape(criterion.label)}{meta}</th>'
    rows = []
    for entry in ranking:
        f = entry.framework
        version = f"at {entry.version}" if entry.version != f.checked.version else f"checked: {entry.version}"
        cells = "".join(_result_cell(r, f, notes) for r in entry.results)
        rows.append(
            f'<tr><td class="fwc-num">{entry.position}</td><th scope="row">{escape(f.name)}<br>'
            f'<span class="fwc-meta">{escape(version)}</span></th>'
            f'<td class="fwc-num"><strong>{score_text(entry.score)}</strong> / {score_text(entry.max_score)}</td>'
            f"{cells}</tr>"
        )
    symbols = "; ".join(f"{s} {w}" for w, s in _STATUS_SYMBOL.items())
    return (
        f'{_STYLE}<div class="fwcompare"><div class="fwc-scroll"><table class="fwc"><thead><tr>'
        f'<th scope="col">#</th><th scope="col">Framework</th><th scope="col">Score</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
        f'<p class="fwc-meta">{escape(symbols)}. Score: {escape(scoring(ranking))}.</p>{notes.html()}</div>'
    )


def framework_plain(framework: Framework) -> str:
    """The text page of a framework, with criterion labels where the default registry has them."""
    from .text import framework_text

    return framework_text(framework, [c for _, c in _criteria_of(framework) if c is not None])
