"""Renderers render what they are given: labels and release dates come with the objects."""

from __future__ import annotations

from pathlib import Path

from factories import criteria_doc, framework_doc, write_json
from fwcompare import Registry


def test_html_shows_a_private_criterion_by_its_label_from_the_framework_s_own_registry(tmp_path: Path) -> None:
    # Before: the HTML renderer asked the default registry for labels, which does
    # not know a criterion of a registry built on other data, and showed its key.
    catalogue = criteria_doc("runs_on_our_platform")
    catalogue["criterion"][0]["label"] = "Runs on our platform"
    write_json(tmp_path, "criteria.json", catalogue)
    registry = Registry([tmp_path], bundled=False, plugins=False)
    write_json(tmp_path, "acme.json", framework_doc(criteria=registry.criteria()))
    registry.reload()
    html = registry.get("acme")._repr_html_()
    assert "Runs on our platform" in html
    assert ">runs_on_our_platform<" not in html


def test_an_opinion_on_speed_points_to_the_measurements_in_every_format() -> None:
    import json

    import fwcompare

    comparison = fwcompare.compare("django", "flask", criteria=["admin"])
    django = fwcompare.get("django")
    speed = next(o for o in django.opinions if o.measured is fwcompare.Measured.SPEED)
    assert "handles large amounts of traffic" in speed.claim
    from fwcompare.render.opinions_markdown import opinions_markdown
    from fwcompare.render.text import comparison_text

    assert "fwcompare bench --reference" in " ".join(comparison_text(comparison, opinions=True).split())
    assert "not how a deployment scales" in django._repr_html_()
    assert "fwcompare bench \\-\\-reference" in opinions_markdown(comparison.frameworks) or (
        "fwcompare bench --reference" in opinions_markdown(comparison.frameworks)
    )
    document = json.loads(comparison.to_json())
    measured = {o["measured"] for f in document["frameworks"] for o in f["opinions"]}
    assert {"speed", "footprint"} <= measured
