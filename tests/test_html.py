"""The HTML tables for notebooks: structure, escaping, the display protocol, and a real browser's rendering."""

from __future__ import annotations

import html.parser
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import attrs
import pytest

import fwcompare
from factories import framework_doc, with_change, write_json
from fwcompare import Registry
from fwcompare.render.text import comparison_text


class _Page(html.parser.HTMLParser):
    """What a browser would build: tags with their attributes, text per table cell, links and ids."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.links: list[str] = []
        self.ids: list[str] = []
        self.rows: list[list[tuple[str, dict[str, str | None], str]]] = []
        self._cell: tuple[str, dict[str, str | None], list[str]] | None = None
        self.text: list[str] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))
        if found.get("id"):
            self.ids.append(str(found["id"]))
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th"):
            self._cell = (tag, found, [])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            name, found, text = self._cell
            self.rows[-1].append((name, found, "".join(text).strip()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell[2].append(data)


def _table_rows(page: _Page) -> list[list[tuple[str, dict[str, str | None], str]]]:
    return [row for row in page.rows if row]


def test_comparison_has_a_column_per_framework_and_a_row_per_criterion() -> None:
    comparison = fwcompare.compare("django", "flask")
    page = _Page(comparison._repr_html_())
    rows = _table_rows(page)
    head, body = rows[0], rows[1:]
    assert [text.split("checked")[0] for _, _, text in head] == ["Criterion", "Django", "Flask"]
    groups = [r for r in body if len(r) == 1]
    criteria = [r for r in body if len(r) == 3]
    assert len(groups) == len({c.group for c in comparison.criteria})
    assert len(criteria) == len(comparison.rows)
    for row, cells in zip(comparison.rows, criteria, strict=True):
        label = cells[0][2]
        assert label.lstrip("≠") == row.criterion.label
        assert label.startswith("≠") == row.differs
        for fact, (tag, found, text) in zip(row.facts, cells[1:], strict=True):
            assert tag == "td"
            assert found["class"] == f"fwc-{fact.support.value}"
            symbol = {"built-in": "✔", "partial": "◐", "extension": "⊕", "absent": "✘", "unknown": "?"}
            assert text.startswith(symbol[fact.support.value])
            if fact.since is not None:
                assert f"since {fact.since}" in text


def test_every_source_is_a_link_and_every_footnote_resolves() -> None:
    comparison = fwcompare.compare("django", "flask")
    page = _Page(comparison._repr_html_())
    urls = {s.url for row in comparison.rows for fact in row.facts for s in fact.sources}
    assert urls <= set(page.links)
    anchors = [link[1:] for link in page.links if link.startswith("#")]
    assert anchors, "cells link to their notes"
    assert set(anchors) <= set(page.ids)
    assert len(page.ids) == len(set(page.ids))
    flask_async = comparison.row("async_views").facts[1]
    assert flask_async.note[:40] in "".join(page.text)


def test_opinions_are_shown_apart_from_the_facts() -> None:
    markup = fwcompare.compare("django", "flask")._repr_html_()
    table, after = markup.split("</table>", 1)
    flask = fwcompare.get("flask")
    assert flask.opinions
    for opinion in flask.opinions:
        claim = _Page(f"<p>{opinion.claim}</p>").text[0][:30]
        assert claim not in "".join(_Page(table).text)
    assert "attributed claims, not facts" in after
    assert "Verdict:" in after
    assert f"About {flask.name}" in after


def test_the_html_is_the_same_each_time_and_ids_differ_between_tables() -> None:
    one = fwcompare.compare("django", "flask")
    assert one._repr_html_() == fwcompare.compare("django", "flask")._repr_html_()
    other = fwcompare.compare("django", "flask", criteria=["orm", "admin"])
    assert not set(_Page(one._repr_html_()).ids) & set(_Page(other._repr_html_()).ids)


def _hostile(tmp_path: Path) -> Registry:
    doc = framework_doc("evil")
    doc["name"] = "<script>alert(1)</script>"
    doc["summary"] = "<iframe src=x></iframe>"
    doc = with_change(doc, "facts.templating.value", "<img src=x onerror=alert(1)>")
    doc = with_change(doc, "facts.orm.note", '"><b>bold</b>')
    doc = with_change(doc, "facts.admin", {"support": "extension", "sources": doc["facts"]["admin"]["sources"]})
    doc["facts"]["admin"]["extensions"] = [
        {"name": "<svg onload=alert(1)>", "party": "third", "url": 'https://x.example/"><b>x</b>'}
    ]
    doc["facts"]["admin"]["sources"][0]["title"] = "<u>title</u>"
    write_json(tmp_path, "evil.json", doc)
    return Registry([tmp_path], plugins=False)


@pytest.mark.parametrize("what", ["comparison", "framework", "ranking"])
def test_values_from_data_cannot_inject_markup(tmp_path: Path, what: str) -> None:
    registry = _hostile(tmp_path)
    evil = registry.get("evil")
    if what == "comparison":
        markup = fwcompare.compare("evil", "flask", registry=registry)._repr_html_()
    elif what == "framework":
        markup = evil._repr_html_()
    else:
        markup = fwcompare.rank(["templating", "orm", "admin"], registry=registry, frameworks=["evil"])._repr_html_()
    page = _Page(markup)
    for tag in ("script", "img", "iframe", "b", "u", "svg"):
        assert tag not in page.tags, f"{tag} was injected"
    assert page.tags["style"] == 1
    text = "".join(page.text)
    assert "<script>alert(1)</script>" in text
    assert "<img src=x onerror=alert(1)>" in text


def test_only_web_addresses_become_links() -> None:
    flask = fwcompare.get("flask")
    fact = flask.fact("admin")
    bad_source = attrs.evolve(fact.sources[0], url="javascript:alert(1)", title="Bad source")
    bad_extension = attrs.evolve(fact.extensions[0], url="javascript:alert(2)")
    changed = attrs.evolve(fact, sources=(bad_source,), extensions=(bad_extension,))
    framework = attrs.evolve(flask, facts={**flask.facts, "admin": changed})
    for markup in (framework._repr_html_(), fwcompare.compare(framework, "django")._repr_html_()):
        page = _Page(markup)
        assert not [link for link in page.links if not link.startswith(("https://", "http://", "#"))]
        assert "Bad source" in "".join(page.text)


def test_framework_page_lists_every_fact_grouped() -> None:
    flask = fwcompare.get("flask")
    page = _Page(flask._repr_html_())
    facts = [r for r in _table_rows(page) if len(r) == 3 and r[1][0] == "td"]
    labels = {c.key: c.label for c in fwcompare.criteria()}
    assert [r[0][2] for r in facts] == [labels[k] for k in labels if k in flask.facts]
    assert flask.summary in "".join(page.text)
    assert "not facts" in "".join(page.text)


def test_the_display_protocol_offers_html_and_plain_text() -> None:
    comparison = fwcompare.compare("django", "flask", criteria=["orm", "admin"])
    bundle = comparison._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/plain"}
    assert bundle["text/html"] == comparison._repr_html_()
    assert bundle["text/plain"] == comparison_text(comparison)
    flask = fwcompare.get("flask")
    framework_bundle = flask._repr_mimebundle_()
    assert framework_bundle["text/html"] == flask._repr_html_()
    assert "Admin interface: ext: Flask-Admin" in framework_bundle["text/plain"]
    ranking = fwcompare.rank(["admin"], frameworks=["django", "flask"])
    assert set(ranking._repr_mimebundle_()) == {"text/html", "text/plain"}


def test_ranking_has_a_row_per_framework_in_order() -> None:
    ranking = fwcompare.rank(["async_views", "websockets", "openapi"])
    rows = _table_rows(_Page(ranking._repr_html_()))
    head, body = rows[0], rows[1:]
    assert [t for _, _, t in head[:3]] == ["#", "Framework", "Score"]
    assert len(body) == len(ranking)
    for entry, cells in zip(ranking, body, strict=True):
        assert cells[0][2] == str(entry.position)
        assert cells[1][2].startswith(entry.framework.name)
        for result, (_, found, text) in zip(entry.results, cells[3:], strict=True):
            assert found["class"] == f"fwc-{result.status.value}"
            assert result.reason in text


def test_large_comparisons_scroll_sideways_with_the_criteria_in_view() -> None:
    comparison = fwcompare.compare(*fwcompare.frameworks())
    markup = comparison._repr_html_()
    assert '<div class="fwc-scroll">' in markup
    assert "overflow-x: auto" in markup
    assert "position: sticky" in markup
    page = _Page(markup)
    # Each source is listed once per cell, not repeated in the table: the notes are footnotes.
    assert page.tags["sup"] <= len(comparison.rows) * len(comparison.frameworks)


# A real browser: headless Chromium renders the table, and the screenshot is checked.


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


_THEMES = {
    "light": "body {background: #ffffff; color: #1a1a1a; font-family: sans-serif}",
    "dark": "body {background: #1e1e1e; color: #e0e0e0; font-family: sans-serif; color-scheme: dark}",
}


def _screenshot(tmp_path: Path, markup: str, theme: str) -> Path:
    chromium = _chromium()
    if chromium is None:
        pytest.skip("Debian's chromium package is not installed (apt-get install chromium): no browser to render with")
    page = tmp_path / f"{theme}.html"
    page.write_text(
        f'<!doctype html><html><head><meta charset="utf-8"><style>{_THEMES[theme]}</style></head>'
        f"<body>{markup}</body></html>",
        encoding="utf-8",
    )
    png = tmp_path / f"{theme}.png"
    profile = tmp_path / f"profile-{theme}"
    profile.mkdir()
    command = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        f"--screenshot={png}",
        "--window-size=1000,900",
        page.as_uri(),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert png.is_file(), f"chromium wrote no screenshot (status {result.returncode}): {result.stderr[-2000:]}"
    return png


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_chromium_renders_the_table_legibly_in_light_and_dark_themes(tmp_path: Path, theme: str) -> None:
    from PIL import Image

    markup = fwcompare.compare("django", "flask")._repr_html_()
    png = _screenshot(tmp_path, markup, theme)
    with Image.open(png) as image:
        rgb = image.convert("RGB")
    assert rgb.size == (1000, 900)
    total = rgb.size[0] * rgb.size[1]
    colours = rgb.getcolors(maxcolors=total)
    assert colours is not None
    counts: Counter[tuple[int, ...]] = Counter()
    for n, colour in colours:
        assert isinstance(colour, tuple)
        counts[colour] = n
    background, most = counts.most_common(1)[0]
    # Not blank: no colour covers almost everything, and text and tints make many colours.
    assert most / total < 0.85, f"{most / total:.0%} of the screenshot is {background}"
    assert len(counts) > 200
    assert background == ((255, 255, 255) if theme == "light" else (30, 30, 30)), "the page's own background shows"

    def luminance(p: tuple[int, ...]) -> float:
        return 0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2]

    # Text takes the theme's colour: dark on light, light on dark.
    if theme == "light":
        text = sum(n for p, n in counts.items() if luminance(p) < 80)
    else:
        text = sum(n for p, n in counts.items() if luminance(p) > 170)
    assert text > 2000, f"too little {theme}-theme text drawn: {text} pixels"
    # The built-in cells' green tint is drawn over the background.
    green = sum(n for (r, g, b), n in counts.items() if g > r + 12 and g > b + 8)
    assert green > 5000, f"no green tint for built-in cells: {green} pixels"


def test_importing_fwcompare_imports_no_renderer_html_or_pandas() -> None:
    import json
    import sys

    probe = (
        "import json, sys; before = set(sys.modules); import fwcompare; "
        "print(json.dumps(sorted(set(sys.modules) - before)))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    imported = json.loads(result.stdout)
    for module in ("html", "pandas", "fwcompare.render.html", "fwcompare.render.ranking", "fwcompare.render"):
        assert module not in imported
