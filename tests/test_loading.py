"""Loading data files: every broken field is reported with its file and field."""

from __future__ import annotations

from pathlib import Path

import pytest

import fwcompare
from factories import criteria_doc, framework_doc, with_change, write_json
from fwcompare import DataError, Registry


def load(tmp_path: Path, doc: object, name: str = "acme.json") -> fwcompare.Framework:
    write_json(tmp_path, name, doc)
    return Registry([tmp_path]).get("acme")


def test_a_valid_user_framework_loads_beside_the_bundled_ones(tmp_path: Path) -> None:
    framework = load(tmp_path, framework_doc())
    registry = Registry([tmp_path])
    assert framework.slug == "acme"
    assert registry.get("ACME-web") is registry.get("acme")
    assert "django" in registry
    assert fwcompare.compare("acme", "flask", registry=registry).frameworks[0].slug == "acme"


@pytest.mark.parametrize(
    ("path", "value", "field", "problem"),
    [
        ("name", ..., "name", "is required"),
        ("name", 3, "name", "expected a string, got int"),
        ("slug", "Acme!", "slug", "is not a slug"),
        ("homepage", "http://acme.example.org", "homepage", "must be an https URL"),
        ("classification", "huge", "classification", "is not one of"),
        ("schema_version", 2, "schema_version", "reads schema version 1"),
        ("license", ..., "license_note", "is required when there is no SPDX"),
        ("surprise", 1, "surprise", "is not a field of this table"),
        ("checked.version", "not a version", "checked.version", "not a valid version"),
        ("first_release.date", "2020-13-01", "first_release.date", "expected a date"),
        ("sources", [], "sources", "at least one source is required"),
        # A user file may leave out a bundled criterion: it is "no data" there (issue 12).
        ("facts.orm", ..., None, None),
        ("facts.nonsense", {"support": "absent"}, "facts.nonsense", "is not a criterion"),
        ("facts.orm.support", "maybe", "facts.orm.support", "is not one of"),
        ("facts.orm.support", "partial", "facts.orm.note", "is required when support is 'partial'"),
        ("facts.orm.support", "unknown", "facts.orm.note", "is required when support is 'unknown'"),
        ("facts.orm.support", "extension", "facts.orm.extensions", "at least one extension"),
        ("facts.orm.sources", [], "facts.orm.sources", "at least one source"),
        ("facts.orm.sources.0.url", "ftp://x", "facts.orm.sources[0].url", "https"),
        ("facts.orm.sources.0.read", True, "facts.orm.sources[0].read", "expected a date"),
        ("facts.orm.since", "3.0", None, None),
        ("facts.admin.value", "yes", "facts.admin.value", "takes no value"),
        ("facts.interface.value", ["CGI"], "facts.interface.value", "'CGI' is not one of"),
        ("facts.templating.value", 7, "facts.templating.value", "expected a string"),
    ],
)
def test_broken_field_is_named(
    tmp_path: Path, path: str, value: object, field: str | None, problem: str | None
) -> None:
    doc = with_change(framework_doc(), path, value)
    if field is None or problem is None:  # a valid change: loads
        load(tmp_path, doc)
        return
    with pytest.raises(DataError) as info:
        load(tmp_path, doc)
    error = info.value
    assert error.file.endswith("acme.json")
    assert error.field == field
    assert problem in error.problem
    assert f"field {field!r}" in str(error)


def test_since_must_be_before_until(tmp_path: Path) -> None:
    doc = with_change(framework_doc(), "facts.orm.since", "3.0")
    doc = with_change(doc, "facts.orm.until", "2.0")
    with pytest.raises(DataError, match="must be after since"):
        load(tmp_path, doc)


def test_bounds_on_an_absent_fact_are_rejected(tmp_path: Path) -> None:
    doc = with_change(
        framework_doc(),
        "facts.admin",
        {
            "support": "absent",
            "since": "1.0",
            "sources": [{"url": "https://x.org", "title": "t", "read": "2026-11-24"}],
        },
    )
    with pytest.raises(DataError, match="version bounds make no sense"):
        load(tmp_path, doc)


def test_file_name_must_match_slug(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="does not match the file name"):
        load(tmp_path, framework_doc(), name="other.json")


def test_toml_syntax_error_gives_the_line(tmp_path: Path) -> None:
    (tmp_path / "acme.toml").write_text('schema_version = 1\nname = "Acme\n', encoding="utf-8")
    with pytest.raises(DataError) as info:
        Registry([tmp_path]).get("acme")
    assert info.value.line == 2
    assert "acme.toml, line 2" in str(info.value)
    assert "not valid TOML" in str(info.value)


def test_json_syntax_error_gives_the_line(tmp_path: Path) -> None:
    (tmp_path / "acme.json").write_text('{\n"name": }', encoding="utf-8")
    with pytest.raises(DataError) as info:
        Registry([tmp_path]).frameworks()
    assert info.value.line == 2


def test_not_utf8(tmp_path: Path) -> None:
    (tmp_path / "acme.toml").write_bytes(b"name = '\xff'")
    with pytest.raises(DataError, match="not UTF-8"):
        Registry([tmp_path]).frameworks()


def test_top_level_not_a_table(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="expected a table, got a list"):
        load(tmp_path, [1, 2])


def test_duplicate_alias_across_frameworks_is_reported(tmp_path: Path) -> None:
    doc = framework_doc()
    doc["aliases"] = ["Flask"]
    with pytest.raises(DataError, match="already a name of Flask"):
        load(tmp_path, doc)


def test_a_bundled_slug_cannot_be_redefined_silently(tmp_path: Path) -> None:
    doc = framework_doc("flask")
    write_json(tmp_path, "flask.json", doc)
    with pytest.raises(DataError, match=r"already defined by frameworks/flask\.toml"):
        Registry([tmp_path]).frameworks()


def test_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="is not a directory"):
        Registry([tmp_path / "nope"]).frameworks()


def test_custom_criteria_from_a_user_directory(tmp_path: Path) -> None:
    write_json(tmp_path, "criteria.json", criteria_doc("runs_on_our_platform"))
    registry = Registry([tmp_path])
    criterion = registry.criterion("runs_on_our_platform")
    doc = framework_doc(criteria=registry.criteria())
    write_json(tmp_path, "acme.json", doc)
    registry = Registry([tmp_path])
    assert registry.criteria()[-1].key == criterion.key  # added after the bundled criteria
    assert registry.get("acme").supports("runs_on_our_platform") is True
    # Bundled frameworks do not cover the new criterion: unknown, with the reason.
    flask_fact = registry.get("flask").fact("runs_on_our_platform")
    assert flask_fact.support is fwcompare.SupportLevel.UNKNOWN
    assert "does not cover" in flask_fact.note
    row = fwcompare.compare("acme", "flask", registry=registry).row("runs_on_our_platform")
    assert row.differs


def test_registry_without_bundled_data_needs_a_catalogue(tmp_path: Path) -> None:
    write_json(tmp_path, "acme.json", framework_doc())
    with pytest.raises(DataError, match="no criteria catalogue"):
        Registry([tmp_path], bundled=False).frameworks()


def test_failed_load_leaves_nothing_behind_and_is_retried(tmp_path: Path) -> None:
    path = write_json(tmp_path, "acme.json", with_change(framework_doc(), "name", ...))
    registry = Registry([tmp_path])
    with pytest.raises(DataError):
        registry.frameworks()
    assert registry._state is None
    write_json(tmp_path, path.name, framework_doc())
    assert registry.get("acme").name == "Acme"


def test_user_registry_does_not_change_the_default(tmp_path: Path) -> None:
    write_json(tmp_path, "acme.json", framework_doc())
    Registry([tmp_path]).get("acme")
    with pytest.raises(fwcompare.UnknownFrameworkError):
        fwcompare.get("acme")
