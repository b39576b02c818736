"""HTML rendering of a comparison, for notebooks (`_repr_html_`).

Every string taken from data is escaped: data may come from plugins and user
files, and must not be able to inject markup. Colours come from the notebook's
own theme (``currentColor``, inherited backgrounds), so the table reads in
light and dark themes alike.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from .._vocab import SupportLevel
from .cells import bounds, value_text

if TYPE_CHECKING:
    from .._comparison import Comparison
    from .._facts import Fact

__all__ = ["comparison_html"]

_SYMBOL = {
    SupportLevel.BUILT_IN: ("✔", "built in"),
    SupportLevel.PARTIAL: ("◐", "partial"),
    SupportLevel.EXTENSION: ("⊕", "through an extension"),
    SupportLevel.ABSENT: ("✘", "absent"),
    SupportLevel.UNKNOWN: ("?", "unknown"),
}

_STYLE = """<style>
table.fwcompare {border-collapse: collapse; font-size: 0.9em}
table.fwcompare th, table.fwcompare td {padding: 0.25em 0.6em; text-align: left; vertical-align: top;
  border-bottom: 1px solid color-mix(in srgb, currentColor 20%, transparent)}
table.fwcompare th.group {padding-top: 0.8em; font-variant: small-caps}
table.fwcompare tr.differs td:first-child::before {content: "≠ "; font-weight: bold}
table.fwcompare .sym {font-weight: bold; margin-right: 0.3em}
table.fwcompare .meta {opacity: 0.7; font-size: 0.85em}
table.fwcompare sup a {text-decoration: none}
</style>"""


def _cell(fact: Fact, refs: list[str]) -> str:
    symbol, word = _SYMBOL[fact.support]
    parts = [f'<span class="sym" title="{word}">{symbol}</span>']
    value = value_text(fact)
    if fact.support is SupportLevel.EXTENSION and fact.extensions:
        value = ", ".join(e.name for e in fact.extensions)
    if value:
        parts.append(escape(value))
    elif fact.support is not SupportLevel.BUILT_IN:
        parts.append(word)
    limits = bounds(fact)
    if limits:
        parts.append(f'<span class="meta">{escape(limits)}</span>')
    for source in fact.sources:
        refs.append(f'<li><a href="{escape(source.url)}">{escape(source.title)}</a></li>')
        parts.append(f'<sup><a href="{escape(source.url)}" title="{escape(source.title)}">[{len(refs)}]</a></sup>')
    title = f' title="{escape(fact.note)}"' if fact.note else ""
    return f"<td{title}>{' '.join(parts)}</td>"


def comparison_html(comparison: Comparison) -> str:
    """An HTML table: frameworks as columns, criteria grouped, sources linked."""
    frameworks = comparison.frameworks
    head = "".join(
        f'<th>{escape(f.name)}<br><span class="meta">{escape(str(f.checked.version))}</span></th>' for f in frameworks
    )
    rows: list[str] = []
    refs: list[str] = []
    group = None
    for row in comparison.rows:
        if row.criterion.group != group:
            group = row.criterion.group
            rows.append(
                f'<tr><th class="group" colspan="{len(frameworks) + 1}">{escape(row.criterion.group_label)}</th></tr>'
            )
        cls = ' class="differs"' if row.differs else ""
        label = f'<td title="{escape(row.criterion.description)}">{escape(row.criterion.label)}</td>'
        rows.append(f"<tr{cls}>{label}{''.join(_cell(f, refs) for f in row.facts)}</tr>")
    legend = " ".join(f"{s} {w}" for s, w in _SYMBOL.values())
    return (
        f'{_STYLE}<table class="fwcompare"><thead><tr><th></th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
        f'<p class="meta">{escape(legend)}; ≠ the frameworks differ; hover a cell for its note.</p>'
        f"<details><summary>Sources</summary><ol>{''.join(refs)}</ol></details>"
    )
