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
