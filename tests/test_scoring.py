"""The scoring rule is defined once: the scorer, the legend, the JSON credit map and the docs read it."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from types import ModuleType

import pytest

import fwcompare

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _scoring() -> ModuleType:
    # The module as it is now: other tests re-import fwcompare's modules afresh.
    return importlib.import_module("fwcompare._scoring")


def test_the_legend_names_every_credit_the_scorer_gives() -> None:
    # The corrected phrase: the legend once said an extension earns 0.5, though an
    # unmaintained one earned 0.25 and a broken one nothing.
    legend = _scoring().scoring_text()
    assert legend == (
        "each need earns its weight times: built in 1, partial (built in with limits) 0.75, "
        "through an extension 0.5 (an unmaintained one 0.25, a broken one 0), unmet or unknown 0; "
        "ties go to the framework that meets more needs itself, then by name"
    )
    ranking = fwcompare.rank(["orm", "admin"], frameworks=["django", "flask"])
    for text in (str(ranking), ranking.to_markdown(), ranking.to_html()):
        assert legend in " ".join(text.split())


def test_the_json_credit_map_has_every_credit() -> None:
    credit = {
        "met": 1.0,
        "partial": 0.75,
        "extension": 0.5,
        "extension-unmaintained": 0.25,
        "extension-broken": 0.0,
        "unmet": 0.0,
        "unknown": 0.0,
    }
    assert fwcompare.rank(["orm"], frameworks=["django", "flask"]).to_dict()["credit"] == credit
    assert fwcompare.export()["credit"] == credit


def test_the_scorer_gives_the_shares_of_the_definition() -> None:
    scoring = _scoring()
    ranking = fwcompare.rank(["orm", "websockets", "admin"], frameworks=["flask"])
    # Flask: Flask-SQLAlchemy, flask-sock and Flask-Admin work with Flask's current release (bundled
    # health data); none is unmaintained on evidence, so each earns the full extension credit.
    shares = {r.criterion.key: r.credit for r in ranking.entry("flask").results}
    assert shares == dict.fromkeys(("orm", "websockets", "admin"), scoring.credit("extension"))
    assert {s: s.credit for s in fwcompare.NeedStatus} == {s: scoring.credit(s.value) for s in fwcompare.NeedStatus}


def test_changing_a_credit_changes_the_legend_the_json_and_the_docs(monkeypatch: pytest.MonkeyPatch) -> None:
    scoring = _scoring()
    changed = tuple(
        rule._replace(share=0.125) if rule.key == "extension-unmaintained" else rule for rule in scoring.CREDITS
    )
    monkeypatch.setattr(scoring, "CREDITS", changed)
    ranking = fwcompare.rank(["orm"], frameworks=["django", "flask"])
    assert "an unmaintained one 0.125," in " ".join(str(ranking).split())
    assert "an unmaintained one 0.125," in ranking.to_markdown()
    assert json.loads(ranking.to_json())["credit"]["extension-unmaintained"] == 0.125
    assert fwcompare.export()["credit"]["extension-unmaintained"] == 0.125
    # The docs page says {{ scoring }}, which docs/conf.py fills with scoring_text().
    assert "an unmaintained one 0.125," in scoring.scoring_text()


def test_the_docs_page_on_ranking_takes_the_rule_from_the_definition() -> None:
    page = (DOCS / "how-to" / "rank.md").read_text(encoding="utf-8")
    assert "{{ scoring }}" in page
    conf = (DOCS / "conf.py").read_text(encoding="utf-8")
    assert 'myst_substitutions = {"scoring": scoring_text()}' in conf
    # No share written out by hand next to it.
    assert "0.75" not in page
    assert "0.5" not in page


def test_an_unknown_credit_is_a_lookup_error() -> None:
    with pytest.raises(LookupError, match="no credit 'extension-dead'"):
        _scoring().credit("extension-dead")
