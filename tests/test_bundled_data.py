"""The bundled data: complete, sourced, and honest about the 2021 article."""

from __future__ import annotations

import pytest

import fwcompare
from fwcompare import SupportLevel, Verdict

OFFICIAL = {
    "django": ("djangoproject.com", "github.com/django/", "pypi.org/project/django"),
    "flask": ("palletsprojects.com", "github.com/pallets/", "pypi.org/project/flask"),
}


@pytest.mark.parametrize("slug", sorted(OFFICIAL))
def test_every_fact_has_an_official_https_source_or_is_an_explained_unknown(slug: str) -> None:
    framework = fwcompare.get(slug)
    for key, fact in framework.facts.items():
        if fact.support is SupportLevel.UNKNOWN:
            assert fact.note.strip(), f"{slug}.{key}: unknown without a reason"
            continue
        assert fact.sources, f"{slug}.{key}: no source"
        for source in fact.sources:
            assert source.url.startswith("https://")
        official = [s for s in fact.sources if any(d in s.url.lower() for d in OFFICIAL[slug])]
        extension_docs = fact.support is SupportLevel.EXTENSION
        assert official or extension_docs, f"{slug}.{key}: no official source ({[s.url for s in fact.sources]})"


@pytest.mark.parametrize("slug", sorted(OFFICIAL))
def test_facts_with_bounds_lie_within_the_checked_version(slug: str) -> None:
    framework = fwcompare.get(slug)
    for key, fact in framework.facts.items():
        if fact.since is not None:
            assert fact.since <= framework.checked.version, f"{slug}.{key}"
        for milestone in fact.history:
            assert fact.since is None or milestone.version >= fact.since, f"{slug}.{key}"


def _article_opinions(slug: str) -> list[fwcompare.Opinion]:
    return [o for o in fwcompare.get(slug).opinions if o.by.organisation == "Jelvix"]


@pytest.mark.parametrize("slug", sorted(OFFICIAL))
def test_the_article_is_attributed_exactly(slug: str) -> None:
    opinions = _article_opinions(slug)
    assert opinions
    for opinion in opinions:
        assert opinion.by.author == "Sasha Andrieiev"
        assert opinion.by.title == "What's the Difference Between Django and Flask"
        assert opinion.by.publisher == "Medium"
        assert opinion.by.date.isoformat() == "2021-08-25"
        if opinion.verdict.needs_correction:
            assert opinion.correction
        if opinion.verdict not in (Verdict.SUBJECTIVE, Verdict.UNVERIFIED):
            assert opinion.sources


def test_the_article_claim_that_flask_lacks_async_is_corrected() -> None:
    (claim,) = [o for o in _article_opinions("flask") if "async_views" in o.criteria]
    assert claim.kind is fwcompare.OpinionKind.CON
    # Flask 2.0 shipped in May 2021, before the article (August 2021).
    assert claim.verdict is Verdict.WRONG
    assert "2.0" in claim.correction
    assert any("palletsprojects.com" in s.url for s in claim.sources)


@pytest.mark.parametrize(
    ("slug", "criteria"),
    [
        # Flask: micro, Jinja2 by default, autoescaping, easy, flexible, testing, async, "lack of opportunities"
        ("flask", {"templating", "template_autoescape", "test_client", "async_views"}),
        # Django: admin, ORM, project structure, RSS, sitemaps, security, routing
        ("django", {"admin", "orm", "project_scaffold", "syndication", "sitemaps", "csrf", "routing"}),
    ],
)
def test_the_article_claims_are_tied_to_the_criteria_they_concern(slug: str, criteria: set[str]) -> None:
    covered = {key for o in _article_opinions(slug) for key in o.criteria}
    assert criteria <= covered, criteria - covered


@pytest.mark.parametrize(
    ("slug", "topics"),
    [
        ("flask", {"architecture", "learning-curve", "flexibility", "testing", "async", "features"}),
        ("django", {"community", "features", "security", "scalability", "adoption", "architecture", "learning-curve"}),
    ],
)
def test_the_article_claims_cover_its_topics(slug: str, topics: set[str]) -> None:
    covered = {str(o.topic) for o in _article_opinions(slug)}
    assert topics <= covered, topics - covered


def test_django_first_release_was_in_2005() -> None:
    date = fwcompare.get("django").first_release.date
    assert date is not None
    assert date.year == 2005
