"""The JSON Schema of the data files, and the data lint, on the bundled data and on broken examples."""

from __future__ import annotations

import copy
import datetime
import json
import tomllib
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import fwcompare
from factories import framework_doc, with_change, write_json
from fwcompare import Registry
from fwcompare.ops.lint import lint
from fwcompare.store.releases import release, releases

DATA = files("fwcompare").joinpath("data")


def _schema(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(DATA.joinpath("schema", f"{name}-1.schema.json").read_text(encoding="utf-8"))
    return schema


def _as_json(doc: object) -> dict[str, Any]:
    """A TOML document as its JSON twin would be: dates as ISO strings."""
    result: dict[str, Any] = json.loads(
        json.dumps(doc, default=lambda d: d.isoformat() if isinstance(d, datetime.date) else d)
    )
    return result


def _validator(name: str) -> jsonschema.protocols.Validator:
    schema = _schema(name)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _bundled_framework_files() -> list[str]:
    return sorted(r.name for r in DATA.joinpath("frameworks").iterdir() if r.name.endswith(".toml"))


@pytest.mark.parametrize("name", _bundled_framework_files())
def test_every_bundled_framework_file_validates(name: str) -> None:
    doc = tomllib.loads(DATA.joinpath("frameworks", name).read_text(encoding="utf-8"))
    errors = sorted(_validator("framework").iter_errors(_as_json(doc)), key=str)
    assert not errors, "\n".join(f"{name}: {'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors)


def test_the_criteria_catalogue_validates() -> None:
    doc = tomllib.loads(DATA.joinpath("criteria.toml").read_text(encoding="utf-8"))
    _validator("criteria").validate(_as_json(doc))


def test_the_generated_test_document_validates() -> None:
    _validator("framework").validate(framework_doc())


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("homepage", "http://insecure.example.org"),
        ("facts.orm.support", "maybe"),
        ("facts.orm.support", "partial"),  # without a note
        ("facts.orm.sources", []),
        ("facts.orm.surprise", 1),
        ("classification", "huge"),
        ("first_release.sources", []),
        ("schema_version", 2),
        ("license", ...),  # and no license_note
    ],
)
def test_broken_examples_fail_the_schema(path: str, value: object) -> None:
    doc = with_change(framework_doc(), path, value)
    assert list(_validator("framework").iter_errors(doc)), f"{path}={value!r} should not validate"


def test_broken_extension_fact_fails_the_schema() -> None:
    doc = framework_doc()
    doc["facts"]["orm"] = {"support": "extension", "sources": copy.deepcopy(doc["sources"])}
    assert list(_validator("framework").iter_errors(doc))


def test_bundled_data_passes_the_lint() -> None:
    problems = lint()
    assert problems == (), "\n".join(map(str, problems))


def test_release_lists_date_the_bounds() -> None:
    flask_2 = release("flask", "2.0")
    assert flask_2 is not None
    assert flask_2.date == datetime.date(2021, 5, 11)
    assert release("flask", "2.0.99") is None
    assert releases("no-such-framework") == ()
    for framework in fwcompare.frameworks():
        listed = releases(framework.slug)
        assert [r.version for r in listed] == sorted(r.version for r in listed)


def _lint_user(tmp_path: Path, doc: dict[str, Any]) -> list[str]:
    # The user framework reuses Flask's release list by taking its slug's place.
    (tmp_path / "criteria.toml").write_text(DATA.joinpath("criteria.toml").read_text(encoding="utf-8"))
    write_json(tmp_path, "flask.json", doc)
    return [str(p) for p in lint(Registry([tmp_path], bundled=False))]


def test_lint_rejects_a_bound_that_was_never_released(tmp_path: Path) -> None:
    doc = framework_doc("flask")
    doc["checked"]["version"] = "3.1.3"
    doc["facts"]["orm"]["since"] = "1.5"
    assert _lint_user(tmp_path, doc) == ["flask: facts.orm.since: 1.5 is not a release on PyPI"]


def test_lint_rejects_a_checked_version_that_is_not_the_latest(tmp_path: Path) -> None:
    doc = framework_doc("flask")
    doc["checked"]["version"] = "2.0"
    assert _lint_user(tmp_path, doc) == [
        f"flask: checked.version: 2.0 is not the latest release ({fwcompare.get('flask').checked.version})"
    ]


def test_lint_rejects_an_unknown_relationship_slug(tmp_path: Path) -> None:
    doc = framework_doc("flask")
    doc["checked"]["version"] = "3.1.3"
    doc["built_on"] = [{"name": "Nothing", "relation": "built-on", "slug": "nothing", "sources": doc["sources"]}]
    assert _lint_user(tmp_path, doc) == ["flask: built_on[0].slug: 'nothing' is not a framework"]


def test_lint_reports_a_framework_without_release_list(tmp_path: Path) -> None:
    (tmp_path / "criteria.toml").write_text(DATA.joinpath("criteria.toml").read_text(encoding="utf-8"))
    write_json(tmp_path, "acme.json", framework_doc())
    assert [str(p) for p in lint(Registry([tmp_path], bundled=False))] == [
        "acme: releases: no bundled release list (tasks/update_releases.py)"
    ]


def test_the_compiled_data_is_in_sync_with_the_toml_sources() -> None:
    """The package reads data/compiled/ (JSON); it must say exactly what the TOML says."""
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "tasks" / "compile_data.py"
    spec = importlib.util.spec_from_file_location("compile_data", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    wanted: dict[str, str] = module.compile_all()
    compiled = DATA.joinpath("compiled")
    for name, text in wanted.items():
        assert compiled.joinpath(*name.split("/")).read_text(encoding="utf-8") == text, (
            f"{name} is out of date: run python tasks/compile_data.py"
        )
    listed = {r.name for r in compiled.joinpath("frameworks").iterdir()}
    assert listed == {n.split("/")[1] for n in wanted if n.startswith("frameworks/")}
