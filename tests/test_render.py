"""Renderings of a comparison: text, Markdown, HTML, JSON."""

from __future__ import annotations

import html.parser
import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

import fwcompare
from factories import framework_doc, with_change, write_json
from fwcompare import Registry
from fwcompare.render.markdown import _escape


def test_text_table_has_a_row_per_criterion_and_marks_differences() -> None:
    comparison = fwcompare.compare("django", "flask")
    text = str(comparison)
    lines = text.splitlines()
    assert "Django" in lines[0]
    assert "Flask" in lines[0]
    for row in comparison.rows:
        line = next(line for line in lines if line[2:].startswith(row.criterion.label))
        assert line.startswith("* ") == row.differs
    assert "Admin interface" in text


def test_markdown_table_is_well_formed() -> None:
    comparison = fwcompare.compare("django", "flask")
    md = comparison.to_markdown()
    table = [line for line in md.splitlines() if line.startswith("|")]
    columns = {line.count(" | ") + line.count("|") - line.count(" | ") for line in table}
    assert table[0].startswith("| Criterion | Django ")
    assert len(columns) == 1, "every table line has the same number of cells"
    assert "Sources: [" in md
    assert "https://" in md
    # A bound is dated from the release list, month capitalised: Flask 2.0 came out in May 2021.
    assert "**Flask, Async views**: (Since 2.0, May 2021.)" in md


@given(st.text())
def test_markdown_escape_never_leaves_a_bare_pipe_or_newline(text: str) -> None:
    escaped = _escape(text)
    assert "\n" not in escaped
    stripped = escaped.replace("\\\\", "").replace("\\|", "")
    assert "|" not in stripped


def _hostile(tmp_path: Path) -> Registry:
    doc = framework_doc("evil")
    doc["name"] = "<script>alert(1)</script>"
    doc = with_change(doc, "facts.templating.value", "<img src=x onerror=alert(1)>|")
    doc = with_change(doc, "facts.orm.note", '"><b>bold</b>')
    write_json(tmp_path, "evil.json", doc)
    return Registry([tmp_path])


class _Collector(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)


def test_html_escapes_every_value_from_data(tmp_path: Path) -> None:
    registry = _hostile(tmp_path)
    page = fwcompare.compare("evil", "flask", registry=registry)._repr_html_()
    collector = _Collector()
    collector.feed(page)
    assert "script" not in collector.tags - {"style"}
    assert "img" not in collector.tags
    assert "b" not in collector.tags
    assert "&lt;script&gt;" in page


def test_markdown_escapes_pipes_from_data(tmp_path: Path) -> None:
    registry = _hostile(tmp_path)
    md = fwcompare.compare("evil", "flask", registry=registry).to_markdown()
    row = next(line for line in md.splitlines() if line.startswith("| Template engine"))
    assert row.count(" | ") == 2


def test_json_carries_every_fact_with_sources_and_bounds() -> None:
    comparison = fwcompare.compare("django", "flask")
    data = json.loads(comparison.to_json())
    assert data["schema_version"] == 1
    assert [f["slug"] for f in data["frameworks"]] == ["django", "flask"]
    assert len(data["rows"]) == len(comparison.rows)
    for row, original in zip(data["rows"], comparison.rows, strict=True):
        assert row["criterion"] == original.criterion.key
        assert row["differs"] == original.differs
        for slug, fact in zip(("django", "flask"), original.facts, strict=True):
            out = row["facts"][slug]
            assert out["support"] == str(fact.support)
            assert out["since"] == (None if fact.since is None else str(fact.since))
            assert [s["url"] for s in out["sources"]] == [s.url for s in fact.sources]
            if fact.support is not fwcompare.SupportLevel.UNKNOWN:
                assert out["sources"], f"{slug}.{original.criterion.key} has no source"
    flask_async = data["rows"][[r["criterion"] for r in data["rows"]].index("async_views")]["facts"]["flask"]
    assert flask_async["since"] == "2.0"
    opinions = data["frameworks"][1]["opinions"]
    assert opinions, "attributed opinions travel with the framework"
    assert all(o["by"]["author"] for o in opinions)


def test_html_has_a_column_per_framework_and_links_sources() -> None:
    page = fwcompare.compare("django", "flask", criteria=["async_views", "orm"])._repr_html_()
    assert page.count("<tr") == 1 + 2 + 2  # the head, two group headers, two rows
    assert page.count("<th>") == 1 + 2  # an empty corner and one column per framework
    assert 'href="https://' in page
