"""`fwcompare.Upgrade` (the upgrade view) as text, Markdown, HTML and a JSON-safe dict."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from .._version import OUTPUT_SCHEMA_VERSION, __version__
from .check_json import release_or_none, support_to_dict
from .json_pieces import change_to_dict, source_to_dict

if TYPE_CHECKING:
    from ..jsontypes import UpgradeViewDict
    from ..model.upgrade import Upgrade

__all__ = ["upgrade_html", "upgrade_markdown", "upgrade_text", "upgrade_to_dict"]


def _lines(view: Upgrade) -> tuple[str, list[tuple[str, str]], list[tuple[str, list[str]]]]:
    """The heading, (label, text) lines and the changes with their sources: what every format shows."""
    name = view.framework.name
    heading = f"{name} {view.start.version} → {view.end.version}"
    before, after = view.requires_python
    python = "unchanged" if before == after else f"{before or 'any'} → {after or 'any'}"
    on = view.on.isoformat()
    lines = [
        ("Releases", f"{view.start.version} ({view.start.date.isoformat()}) → {view.end.version} ({view.end.date})"),
        ("Requires-Python", f"{before or 'any'}" if before == after else python),
        (f"Support on {on}", f"{view.start.version}: {view.support_start.describe()}"),
        ("", f"{view.end.version}: {view.support_end.describe()}"),
    ]
    changes = []
    for change in view.changes:
        sources = "; ".join(f"{s.title} <{s.url}>" for s in view.sources(change))
        changes.append((str(change), [f"sources of the fact: {sources}"] if sources else []))
    if not changes:
        changes.append(("no recorded change between these releases", []))
    changes.append((f"{view.unchanged} facts record no change at all: assumed unchanged", []))
    return heading, lines, changes


def upgrade_text(view: Upgrade, width: int = 80) -> str:
    """Plain text, each line at most *width* columns."""
    width = max(width, 40)
    heading, lines, changes = _lines(view)
    out = [heading, "=" * min(len(heading), width)]
    label_width = max(len(label) for label, _ in lines) + 2
    for label, text in lines:
        lead = f"{label}:".ljust(label_width) if label else " " * label_width
        out += textwrap.wrap(text, width, initial_indent=lead, subsequent_indent=" " * label_width) or [lead]
    out += ["", "What changes:"]
    for text, notes in changes:
        out += textwrap.wrap(text, width, initial_indent="  - ", subsequent_indent="    ", break_on_hyphens=False)
        for note in notes:
            out += textwrap.wrap(note, width, initial_indent="    ", subsequent_indent="      ", break_on_hyphens=False)
    return "\n".join(out)


def upgrade_markdown(view: Upgrade) -> str:
    """Markdown: the releases, Requires-Python and support, then the changes with their sources."""
    from .escape import markdown_text as md

    heading, lines, changes = _lines(view)
    out = [f"## {md(heading)}", ""]
    out += [f"- **{md(label)}**: {md(text)}" if label else f"- {md(text)}" for label, text in lines]
    out += ["", "**What changes**", ""]
    for text, notes in changes:
        out.append(f"- {md(text)}")
        out += [f"  - {md(note)}" for note in notes]
    return "\n".join(out) + "\n"


_STYLE = """<style>
.fwc-upgrade dl {display: grid; grid-template-columns: max-content auto; gap: 0.2em 1em}
.fwc-upgrade dt {font-weight: bold}
.fwc-upgrade dd {margin: 0}
.fwc-upgrade .fwc-sources {font-size: 0.9em; opacity: 0.85}
</style>"""


def upgrade_html(view: Upgrade, *, standalone: bool = False) -> str:
    """An HTML fragment (its own styles), or with *standalone* a complete page: every string escaped.

    Sources link only to web addresses (see `fwcompare.render.html`); the
    rest of the text is the same as the text and Markdown formats show.
    """
    from html import escape

    from .html import _sources

    heading, lines, _ = _lines(view)
    out = ['<section class="fwc-upgrade">', _STYLE]
    if not standalone:  # a page has the heading as its title already
        out.append(f"<h2>{escape(heading)}</h2>")
    out.append("<dl>")
    for label, text in lines:
        out.append(f"<dt>{escape(label)}</dt><dd>{escape(text)}</dd>")
    out += ["</dl>", "<h3>What changes</h3>", "<ul>"]
    for change in view.changes:
        sources = _sources(view.sources(change))
        note = f'<br><span class="fwc-sources">Sources of the fact: {sources}</span>' if sources else ""
        out.append(f"<li>{escape(str(change))}{note}</li>")
    if not view.changes:
        out.append("<li>no recorded change between these releases</li>")
    out.append(f"<li>{view.unchanged} facts record no change at all: assumed unchanged</li>")
    out += ["</ul>", "</section>"]
    fragment = "\n".join(out)
    if not standalone:
        return fragment
    from .page import html_page

    return html_page(heading, fragment)


def upgrade_to_dict(view: Upgrade) -> UpgradeViewDict:
    """A JSON-safe dict of the upgrade view."""
    start, end = release_or_none(view.start), release_or_none(view.end)
    support_start, support_end = support_to_dict(view.support_start), support_to_dict(view.support_end)
    # Neither is None for a release or a status given: the helpers pass None through for the check's fields.
    assert start is not None
    assert end is not None
    assert support_start is not None
    assert support_end is not None
    before, after = view.requires_python
    return {
        "fwcompare": __version__,
        "schema_version": OUTPUT_SCHEMA_VERSION,
        "framework": view.framework.name,
        "slug": view.framework.slug,
        "on": view.on.isoformat(),
        "from_release": start,
        "to_release": end,
        "requires_python": {"from": before, "to": after},
        "support": {"from": support_start, "to": support_end},
        "changes": [
            {**change_to_dict(c), "sources": [source_to_dict(s) for s in view.sources(c)]} for c in view.changes
        ],
        "assumed_unchanged": view.unchanged,
    }
