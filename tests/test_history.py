"""History entries that record the support level (and value) before a change: format, model, verify."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from packaging.version import Version

import fwcompare
from factories import framework_doc, write_json
from fwcompare import DataError, Registry, SupportLevel
from fwcompare.ops.verify import _judge
from fwcompare.store.resources import bundled

DATA = files("fwcompare").joinpath("data")


def _validator() -> jsonschema.protocols.Validator:
    schema = json.loads(DATA.joinpath("schema", "framework-1.schema.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _doc(history: list[dict[str, Any]], support: str = "extension") -> dict[str, Any]:
    doc = framework_doc("acme")
    fact: dict[str, Any] = doc["facts"]["test_client"]
    fact["support"] = support
    if support == "extension":
        fact["extensions"] = [{"name": "acme-testing", "party": "first"}]
    if support == "unknown":
        fact["note"] = "Not established."
    fact["history"] = history
    return doc


def _load(tmp_path: Path, doc: dict[str, Any]) -> fwcompare.Framework:
    (tmp_path / "criteria.toml").write_text(bundled().joinpath("criteria.toml").read_text(encoding="utf-8"))
    write_json(tmp_path, "acme.json", doc)
    return Registry([tmp_path], bundled=False, plugins=False).get("acme")


def test_a_history_entry_records_the_level_before_a_change(tmp_path: Path) -> None:
    doc = _doc([{"version": "2.0", "note": "Moved out to acme-testing.", "support_before": "built-in"}])
    _validator().validate(doc)
    fact = _load(tmp_path, doc).fact("test_client")
    assert fact.history[0].support_before is SupportLevel.BUILT_IN
    assert fact.support_at("1.9") is SupportLevel.BUILT_IN
    assert fact.support_at("2.0") is SupportLevel.EXTENSION
    assert fact.support is SupportLevel.EXTENSION  # the level checked stays the fact's own


def test_values_before_a_change(tmp_path: Path) -> None:
    doc = framework_doc("acme")
    doc["facts"]["routing"]["value"] = ["route-table"]
    doc["facts"]["routing"]["history"] = [
        {
            "version": "1.0",
            "note": "Decorators removed.",
            "support_before": "built-in",
            "value_before": ["decorators", "route-table"],
        }
    ]
    _validator().validate(doc)
    fact = _load(tmp_path, doc).fact("routing")
    assert fact.value_at("0.9") == ("route-table", "decorators")  # in catalogue order
    assert fact.value_at("1.0") == ("route-table",)


@pytest.mark.parametrize(
    ("history", "support", "field", "problem"),
    [
        ([{"version": "2.0", "note": "x", "value_before": "y"}], "built-in", "value_before", "takes no value"),
        ([{"version": "2.0", "note": "x", "support_before": "sometimes"}], "extension", "support_before", "one of"),
        ([{"version": "2.0", "note": "x", "support_before": "built-in"}], "unknown", "support_before", "unknown"),
        (
            [
                {"version": "2.0", "note": "x", "support_before": "built-in"},
                {"version": "1.0", "note": "y", "support_before": "absent"},
            ],
            "extension",
            "version",
            "version order",
        ),
    ],
)
def test_broken_history_entries_are_rejected(
    tmp_path: Path, history: list[dict[str, Any]], support: str, field: str, problem: str
) -> None:
    with pytest.raises(DataError) as caught:
        _load(tmp_path, _doc(history, support))
    assert caught.value.field.endswith(field)
    assert problem in caught.value.problem


def test_a_value_before_needs_support_before(tmp_path: Path) -> None:
    doc = framework_doc("acme")
    doc["facts"]["routing"]["history"] = [{"version": "1.0", "note": "x", "value_before": ["decorators"]}]
    with pytest.raises(DataError, match="needs support_before"):
        _load(tmp_path, doc)


def test_the_schema_rejects_a_value_before_without_support_before() -> None:
    doc = _doc([{"version": "2.0", "note": "x", "value_before": "y"}], "built-in")
    assert not _validator().is_valid(doc)
    assert _validator().is_valid(_doc([{"version": "2.0", "note": "x"}]))  # old entries stay valid


def test_the_bundled_moves_and_removals() -> None:
    sanic = fwcompare.get("sanic").fact("test_client")
    assert sanic.support_at("20.12") is SupportLevel.BUILT_IN
    assert sanic.support_at("21.3") is SupportLevel.EXTENSION
    assert sanic.support_at("0.3.1") is SupportLevel.PARTIAL
    pyramid = fwcompare.get("pyramid").fact("project_scaffold")
    assert pyramid.support_at("1.10.8") is SupportLevel.BUILT_IN
    assert pyramid.support_at("2.0") is SupportLevel.EXTENSION
    routing = fwcompare.get("starlette").fact("routing")
    assert routing.value_at("0.30.0") == ("route-table", "decorators")
    assert routing.value_at("1.0.0") == ("route-table",)
    assert routing.support_at("0.1.2") is SupportLevel.ABSENT  # no router before 0.1.3


def test_a_pinned_comparison_shows_the_level_of_that_release() -> None:
    c = fwcompare.compare("sanic==20.12", "starlette==0.30", criteria=["test_client", "routing"])
    assert c.row("test_client").facts[0].support is SupportLevel.BUILT_IN
    assert c.row("routing").facts[1].value == ("route-table", "decorators")
    changes = c.upgrades()[0]
    assert [(ch.criterion.key, ch.version, ch.before, ch.after) for ch in changes] == [
        ("test_client", Version("21.3"), SupportLevel.BUILT_IN, SupportLevel.EXTENSION)
    ]


def test_verify_at_an_older_release_does_not_contradict() -> None:
    # What a probe of Sanic 20.12 would see: a test client in Sanic itself.
    sanic = fwcompare.get("sanic")
    check = _judge(sanic, "test_client", "20.12.7", {"present": True, "detail": "app.test_client works"})
    assert check.status is fwcompare.CheckStatus.CONFIRMED
    assert "until 21.3" in check.expected
    # ...and at 21.3, where the same observation contradicts the data.
    check = _judge(sanic, "test_client", "21.3.0", {"present": True, "detail": "app.test_client works"})
    assert check.status is fwcompare.CheckStatus.CONTRADICTED
    # Starlette 0.30 still had the decorators: the value recorded for it is checked.
    starlette = fwcompare.get("starlette")
    seen = {"present": True, "value": ["route-table", "decorators"], "detail": "both"}
    assert _judge(starlette, "routing", "0.30.0", seen).status is fwcompare.CheckStatus.CONFIRMED
    seen = {"present": True, "value": ["route-table"], "detail": "no decorators"}
    assert _judge(starlette, "routing", "0.30.0", seen).status is fwcompare.CheckStatus.CONTRADICTED


def _lint_user(tmp_path: Path, note: str, since: str | None = None) -> list[str]:
    # A user "flask" reuses nothing of Flask's but its release list, for the lint's sake.
    from fwcompare.ops.lint import lint

    (tmp_path / "criteria.toml").write_text(bundled().joinpath("criteria.toml").read_text(encoding="utf-8"))
    doc = framework_doc("flask")
    doc["checked"]["version"] = str(fwcompare.get("flask").checked.version)
    doc["facts"]["type_hints"]["note"] = note
    if since is not None:
        doc["facts"]["type_hints"]["since"] = since
    write_json(tmp_path, "flask.json", doc)
    import fwcompare.store.releases as releases

    registry = Registry([tmp_path], bundled=False, plugins=False)
    assert releases.releases("flask")  # the lint reads the bundled list by slug
    return [str(p) for p in lint(registry)]


def test_the_lint_flags_a_note_that_dates_the_capability_without_a_bound(tmp_path: Path) -> None:
    problems = _lint_user(tmp_path, "Ships py.typed (added in 2.0.0).")
    assert problems == [
        (
            "flask: facts.type_hints.note: names 2.0.0 ('added in 2.0.0') but the fact has no bound or "
            "history entry for it: add since/until or a history entry, or reword"
        )
    ]


def test_the_lint_accepts_the_note_once_the_bound_is_there(tmp_path: Path) -> None:
    assert _lint_user(tmp_path, "Ships py.typed (added in 2.0.0).", since="2.0.0") == []
    # Versions of other things, or versions that were never releases, are not the lint's business.
    assert _lint_user(tmp_path, "Needs Jinja, whose autoescape arrived in 9.9.9.") == []


def test_the_two_notes_the_issue_found_now_have_their_bounds() -> None:
    assert fwcompare.get("fastapi").fact("type_hints").since == Version("0.20.1")
    assert fwcompare.get("quart").fact("websockets").since == Version("0.4.0")
    assert fwcompare.get("fastapi").supports("type_hints", "0.20.0") is False
