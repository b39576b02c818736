"""Markdown for the generated pages: text from the data escaped, links, tables."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import fwcompare

_SPECIAL = re.compile(r"([\\*_\[\]<>|#{}~$!&])")


def text(value: str) -> str:
    """*value* as Markdown text: special characters escaped, `code` spans kept."""
    value = " ".join(value.split())
    parts = value.split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: no code spans at all
        return _SPECIAL.sub(r"\\\1", value).replace("`", "\\`")
    return "".join(f"`{part}`" if i % 2 else _SPECIAL.sub(r"\\\1", part) for i, part in enumerate(parts))


def code(value: object) -> str:
    """*value* as a code span."""
    value = str(value)
    fence = "``" if "`" in value else "`"
    return f"{fence}{value}{fence}" if fence == "`" else f"{fence} {value} {fence}"


def cell(value: str) -> str:
    """Markdown for a table cell: no line breaks, no pipe that would end the cell."""
    return value.replace("\n", " ").replace("|", "\\|")


def link(title: str, url: str) -> str:
    return f"[{text(title)}](<{url}>)"


def sources(items: Iterable[fwcompare.Source]) -> str:
    """Sources as links, each with the date it was read."""
    return "; ".join(f"{link(s.title, s.url)} (read {s.read.isoformat()})" for s in items)


def criterion_ref(criterion: fwcompare.Criterion) -> str:
    """A link to the criterion's entry on the criteria page (a role: its text is not Markdown)."""
    title = re.sub(r"[`<>]", "", " ".join(criterion.label.split()))
    return f"{{ref}}`{title} <criterion-{criterion.key}>`"


def table(head: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return [*lines, ""]


def bounds(fact: fwcompare.Fact) -> str:
    """A fact's version bounds in words: "since 2.0", "until 3.0", "from 1.0 until 3.0"."""
    if fact.since is not None and fact.until is not None:
        return f"from {fact.since} until {fact.until}"
    if fact.since is not None:
        return f"since {fact.since}"
    if fact.until is not None:
        return f"until {fact.until}"
    return ""
