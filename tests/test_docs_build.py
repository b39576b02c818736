"""The documentation site builds with -n -W, and its reference pages come from the code and data."""

from __future__ import annotations

import html
import importlib
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import attrs
import pytest

import fwcompare
from fwcompare.cli import build_parser

pytest.importorskip("sphinx", reason="Sphinx is not installed: install the 'docs' dependency group (in 'dev')")

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def _text(page: Path) -> str:
    """A built HTML page as plain text: tags dropped, entities decoded, whitespace collapsed."""
    body = re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8"))
    return " ".join(html.unescape(body).split())


def _plain(markdown: str) -> str:
    return " ".join(markdown.replace("`", "").split())


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built as the README says, warnings (and broken references) as errors."""
    out = tmp_path_factory.mktemp("html")
    command = [sys.executable, "-m", "sphinx", "-n", "-W", "--keep-going", "-q", "-b", "html", str(DOCS), str(out)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, f"the docs build failed:\n{done.stdout}\n{done.stderr}"
    assert "WARNING" not in done.stderr, done.stderr
    return out


@pytest.fixture(scope="module")
def pages() -> Iterator[ModuleType]:
    """The docs' page generator, docs/_ext/fwcompare_pages.py (its helpers beside it)."""
    sys.path.insert(0, str(DOCS / "_ext"))
    try:
        yield importlib.import_module("fwcompare_pages")
    finally:
        sys.path.remove(str(DOCS / "_ext"))


def test_the_criteria_page_has_every_criterion_description(site: Path) -> None:
    text = _text(site / "reference" / "generated" / "criteria.html")
    for criterion in fwcompare.Registry(plugins=False).criteria():
        assert _plain(criterion.description) in text, criterion.key
        assert f'id="criterion-{criterion.key.replace("_", "-")}"' in (
            site / "reference" / "generated" / "criteria.html"
        ).read_text(encoding="utf-8")


def test_every_bundled_framework_has_a_page_with_its_sources(site: Path) -> None:
    for framework in fwcompare.Registry(plugins=False).frameworks():
        page = site / "reference" / "generated" / "frameworks" / f"{framework.slug}.html"
        built = page.read_text(encoding="utf-8")
        assert framework.summary in _text(page)
        for fact in framework.facts.values():
            for source in fact.sources:
                assert html.escape(source.url) in built, f"{framework.slug}.{fact.criterion}: {source.url}"


def test_the_cli_page_lists_every_command_and_option(site: Path) -> None:
    text = _text(site / "reference" / "generated" / "cli.html")
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command")
    assert commands.choices
    for name, sub in dict(commands.choices).items():
        assert f"fwcompare {name}" in text
        for action in sub._actions:
            for option in action.option_strings:
                assert option in text, f"fwcompare {name} {option}"


def test_the_api_reference_documents_every_public_name(site: Path) -> None:
    built = (site / "reference" / "api.html").read_text(encoding="utf-8")
    missing = [name for name in fwcompare.__all__ if f'id="fwcompare.{name}"' not in built]
    assert not missing, f"not in docs/reference/api.md: {missing}"


def test_the_article_page_has_every_claim_attributed_to_it(site: Path) -> None:
    text = _text(site / "reference" / "generated" / "article-2021.html")
    for slug in ("django", "flask"):
        for opinion in fwcompare.get(slug).opinions:
            if opinion.by.organisation == "Jelvix":
                assert _plain(opinion.claim) in text


def test_the_changelog_is_included(site: Path) -> None:
    first = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8").splitlines()[0].lstrip("# ")
    assert first in _text(site / "changelog.html")


def test_changing_a_criterion_description_changes_the_page(pages: ModuleType) -> None:
    registry = fwcompare.Registry(plugins=False)
    changed = attrs.evolve(registry.criteria()[0], description="A description written by this test.")

    class Changed:
        def criteria(self) -> tuple[fwcompare.Criterion, ...]:
            return (changed, *registry.criteria()[1:])

        def frameworks(self) -> tuple[fwcompare.Framework, ...]:
            return registry.frameworks()

    before = pages.criteria_page(registry)
    after = pages.criteria_page(Changed())
    assert pages.text(registry.criteria()[0].description) in before
    assert "A description written by this test." in after
    assert "A description written by this test." not in before


def test_markdown_text_from_the_data_is_escaped(pages: ModuleType) -> None:
    assert pages.text("a *b* [c](d) <e> `f_g` h_i") == r"a \*b\* \[c\](d) \<e\> `f_g` h\_i"
    assert pages.text("one ` unpaired") == r"one \` unpaired"


def test_the_ranking_page_gives_the_scoring_rule_the_scorer_uses(site: Path) -> None:
    import html

    from fwcompare._scoring import scoring_text

    built = html.unescape((site / "how-to" / "rank.html").read_text(encoding="utf-8"))
    assert scoring_text() in " ".join(built.split())
