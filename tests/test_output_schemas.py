"""Every JSON output validates against its shipped schema, and the schemas match the TypedDicts."""

from __future__ import annotations

import functools
import importlib.util
import json
import runpy
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import fwcompare
from fwcompare.cli import main
from fwcompare.schemas import OUTPUTS, output_schema

ROOT = Path(__file__).resolve().parent.parent


def _cli_json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    status = main([*args, "--format", "json"]) if args[0] != "export" else main(list(args))
    out = capsys.readouterr().out
    assert status in (0, 1), out
    return json.loads(out)


@functools.cache
def _validator(name: str) -> jsonschema.Draft202012Validator:
    schema = output_schema(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER  # dates checked as dates, not only by pattern
    return jsonschema.Draft202012Validator(schema, format_checker=checker)


def _validate(name: str, document: object) -> None:
    _validator(name).validate(document)


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("compare", ("compare", "django", "flask", "fastapi")),
        ("compare", ("compare", "django", "flask", "--differences", "--criteria", "admin,orm,async views")),
        ("show", ("show", "django")),
        ("show", ("show", "litestar")),
        ("rank", ("rank", "--need", "admin", "--need", "async_views:2", "--min-version", "django=4.2")),
        ("rank", ("rank", "flask", "quart", "--need", "orm", "--builtin-only")),
        ("list", ("list",)),
        ("criteria", ("criteria",)),
        ("export", ("export",)),
        ("check", ("check", str(ROOT / "tests/fixtures/projects/flask22/requirements.txt"), "--on", "2026-12-01")),
        ("check", ("check", str(ROOT / "tests/fixtures/projects/formats/uv.lock"))),
        ("upgrade", ("compare", "django==4.2", "django==5.2")),
        ("releases", ("releases",)),
        ("releases", ("releases", "django==4.2", "flask", "--python", "3.8", "--on", "2024-01-01")),
    ],
)
def test_every_cli_json_output_validates(name: str, args: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    document = _cli_json(capsys, *args)
    assert document["schema_version"] == 1
    _validate(name, document)


def test_the_api_dicts_validate_too() -> None:
    _validate("compare", fwcompare.compare("django", "flask").to_dict())
    _validate("show", fwcompare.get("flask").to_dict())
    _validate("rank", fwcompare.rank(["admin", "orm"]).to_dict())
    _validate("export", fwcompare.export())
    _validate("check", fwcompare.check(ROOT / "tests/fixtures/projects/formats/pyproject.toml").to_dict())
    _validate("verify", fwcompare.Verification(()).to_dict())
    _validate("upgrade", fwcompare.upgrade("flask", "2.2", "3.1").to_dict())
    from fwcompare.ops.releases import release_report

    _validate("releases", release_report(["django", "flask"], registry=fwcompare.default_registry()).to_dict())


def test_bench_json_validates_without_wrk() -> None:
    from fwcompare.ops.bench import load_reference

    result = load_reference()
    document = json.loads(result.to_json())
    assert (document["fwcompare"], document["schema_version"]) == (fwcompare.__version__, 1)
    assert fwcompare.BenchResult.from_dict(document) == result, "the stamp does not stop reading it back"
    _validate("bench", document)


def _update_report() -> fwcompare.UpdateReport:
    import datetime

    lists = (
        fwcompare.ListUpdate("flask", "Flask", "updated", "3.1.3", ("3.1.3",), (), "the two views agree"),
        fwcompare.ListUpdate("bottle", "bottle", "unreachable", error="no answer after 3 tries"),
    )
    return fwcompare.UpdateReport(Path("/cache"), datetime.date(2026, 12, 6), lists, 4, 120_000, 2, ("x: gone",))


def test_update_json_validates() -> None:
    document = json.loads(_update_report().to_format("json"))
    assert document == _update_report().to_dict()
    assert [(u["slug"], u["ok"]) for u in document["lists"]] == [("flask", True), ("bottle", False)]
    _validate("update", document)


def test_update_offers_json(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import fwcompare.ops.update

    monkeypatch.setattr(fwcompare.ops.update, "update", lambda **kwargs: _update_report())
    assert main(["--no-plugins", "update", "--format", "json"]) == 1  # a list not updated fails the run
    captured = capsys.readouterr()
    _validate("update", json.loads(captured.out))
    assert "1 list(s) not updated" in captured.err


def test_verify_json_validates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import venv

    venv.create(tmp_path / "venv", with_pip=False)
    document = _cli_json(capsys, "verify", "--python", str(tmp_path / "venv" / "bin" / "python"), "--allow-none")
    _validate("verify", document)
    assert document["checked_nothing"] is True


@pytest.mark.skipif(importlib.util.find_spec("flask") is None, reason="needs flask (test dependency group)")
def test_verify_json_of_a_real_run_validates(capsys: pytest.CaptureFixture[str]) -> None:
    document = _cli_json(capsys, "verify", "flask")
    _validate("verify", document)
    assert document["frameworks"][0]["installed"] is True


def test_a_document_that_breaks_the_contract_is_rejected() -> None:
    document = fwcompare.compare("django", "flask").to_dict()
    broken = json.loads(json.dumps(document))
    broken["rows"][0]["facts"]["flask"]["support"] = "sort of"
    with pytest.raises(jsonschema.ValidationError):
        _validate("compare", broken)
    del broken["rows"]
    with pytest.raises(jsonschema.ValidationError):
        _validate("compare", broken)


def test_the_shipped_schemas_are_generated_from_the_typeddicts() -> None:
    generator = runpy.run_path(str(ROOT / "tasks" / "generate_output_schemas.py"))
    assert set(generator["DOCUMENTS"]) == set(OUTPUTS)
    for name in OUTPUTS:
        assert output_schema(name) == json.loads(generator["render"](name)), f"{name}: run the generator"


def test_export_schema_is_printed_on_request(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--schema"]) == 0
    assert json.loads(capsys.readouterr().out) == output_schema("export")


def test_export_writes_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "fwcompare.json"
    assert main(["export", "--output", str(target)]) == 0
    assert capsys.readouterr().out == ""
    document = json.loads(target.read_text(encoding="utf-8"))
    _validate("export", document)
    assert {f["slug"] for f in document["frameworks"]} == {f.slug for f in fwcompare.frameworks()}
    assert document["releases"]["django"], "the bundled release list is exported"


@functools.cache
def _documents() -> dict[str, Any]:
    """One real document of each kind, with as many vocabularies and dates filled in as the data gives."""
    import datetime

    from fwcompare._formats import render
    from fwcompare.ops.bench import load_reference
    from fwcompare.ops.releases import release_report

    registry = fwcompare.default_registry()
    verification = fwcompare.Verification(()).to_dict()
    verification["checks"] = [
        {"framework": "flask", "criterion": "orm", "status": "confirmed", "version": "3.1.3", "expected": "absent",
         "observed": "no ORM"},
    ]  # fmt: skip
    on = datetime.date(2026, 12, 1)
    return {
        "compare": fwcompare.compare("django==4.2", "flask", "litestar").to_dict(),
        "show": fwcompare.get("flask").to_dict(),
        "rank": fwcompare.rank(["admin", "orm", "async_views"]).to_dict(),
        "verify": verification,
        "list": json.loads(render("framework-list", registry.frameworks(), "json")),
        "criteria": json.loads(render("criteria", registry.criteria(), "json")),
        "export": _two_frameworks(fwcompare.export()),
        "check": fwcompare.check(ROOT / "tests/fixtures/projects/flask22/requirements.txt", on=on).to_dict(),
        "upgrade": fwcompare.upgrade("django", "4.2", "5.2", on=on).to_dict(),
        "releases": release_report(["django", "flask"], registry=registry, python="3.11").to_dict(),
        "update": _update_report().to_dict(),
        "bench": json.loads(load_reference().to_json()),
    }


_JSON_TYPES = {str: "string", dict: "object", list: "array", bool: "boolean", int: "integer", float: "number"}


def _two_frameworks(export: Any) -> Any:
    # The whole dataset is validated above; one framework of it holds every field, at a fraction of the cost.
    keep = ("flask",)
    export["frameworks"] = [f for f in export["frameworks"] if f["slug"] in keep]
    export["releases"] = {slug: export["releases"][slug] for slug in keep}
    export["support"] = {slug: export["support"][slug] for slug in keep}
    return export


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _pinned_leaves(schema: dict[str, Any], node: dict[str, Any], value: object, path: tuple[Any, ...]) -> Any:
    """Every place in *value* whose schema pins a vocabulary (enum) or a form (pattern): (path, "enum" | "pattern")."""
    node = _resolve(schema, node)
    if "anyOf" in node:
        # The branch of this JSON type (the unions are of types: X or null, text or number or list...).
        for branch in node["anyOf"]:
            if _resolve(schema, branch).get("type", "string") == _JSON_TYPES.get(type(value)):
                yield from _pinned_leaves(schema, branch, value, path)
                return
    if "enum" in node and isinstance(value, str):
        yield path, "enum"
    elif "pattern" in node and isinstance(value, str):
        yield path, "pattern"
    elif isinstance(value, dict):
        for key, item in value.items():
            sub = node.get("properties", {}).get(key, node.get("additionalProperties"))
            if isinstance(sub, dict):
                yield from _pinned_leaves(schema, sub, item, (*path, key))
    elif isinstance(value, list) and isinstance(node.get("items"), dict):
        for index, item in enumerate(value):
            yield from _pinned_leaves(schema, node["items"], item, (*path, index))


def _set(document: Any, path: tuple[Any, ...], value: object) -> Any:
    changed = json.loads(json.dumps(document))
    target = changed
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return changed


@pytest.mark.parametrize("name", OUTPUTS)
def test_every_schema_refuses_a_wrong_vocabulary_and_a_wrong_date(name: str) -> None:
    document = _documents()[name]
    _validate(name, document)
    schema = output_schema(name)
    # Each field once (the first place it is filled in): a word outside its vocabulary, text that is no date or URL.
    seen: dict[tuple[Any, ...], tuple[tuple[Any, ...], str]] = {}
    for path, pinned in _pinned_leaves(schema, schema, document, ()):
        seen.setdefault(tuple(p for p in path if not isinstance(p, int)), (path, pinned))
    assert seen, f"{name}: no vocabulary or form pinned"
    for path, pinned in seen.values():
        for wrong in ("meh",) if pinned == "enum" else ("yesterday", "2026-13-01", "http://example.org/"):
            if wrong.startswith("http") and not str(path[-1]).endswith(("url", "homepage", "repository")):
                continue
            assert not _validator(name).is_valid(_set(document, path, wrong)), (path, wrong)


@pytest.mark.parametrize(
    ("name", "path", "wrong"),
    [
        ("show", ("opinions", 0, "verdict"), "meh"),
        ("show", ("sources", 0, "read"), "yesterday"),
        ("show", ("checked", "date"), "2026-02-30x"),
        ("compare", ("lifecycle", "django", "support_policy", "kind"), "whenever"),
        ("releases", ("frameworks", 0, "day"), "yesterday"),
        ("releases", ("frameworks", 0, "support_policy"), "whenever"),
        ("check", ("findings", 0, "kind"), "meh"),
        ("update", ("read_on",), "2026-12-6"),
        ("bench", ("provenance", "date"), "yesterday"),
        ("verify", ("checks", 0, "status"), "meh"),
    ],
)
def test_named_wrong_values_are_refused(name: str, path: tuple[Any, ...], wrong: str) -> None:
    document = _documents()[name]
    _validate(name, document)
    with pytest.raises(jsonschema.ValidationError):
        _validate(name, _set(document, path, wrong))


def test_the_vocabularies_are_the_enums_they_mirror() -> None:
    from typing import get_args

    from fwcompare import jsontypes
    from fwcompare.model.lifecycle import POLICY_KINDS
    from fwcompare.model.stack_check import FINDING_KINDS

    pairs = [
        (jsontypes.SupportText, fwcompare.SupportLevel),
        (jsontypes.ClassificationText, fwcompare.Classification),
        (jsontypes.ValueKindText, fwcompare.ValueKind),
        (jsontypes.VerdictText, fwcompare.Verdict),
        (jsontypes.OpinionKindText, fwcompare.OpinionKind),
        (jsontypes.OpinionTopicText, fwcompare.OpinionTopic),
        (jsontypes.RelationText, fwcompare.RelationKind),
        (jsontypes.ExtensionStatusText, fwcompare.ExtensionStatus),
    ]
    for literal, enum in pairs:
        assert set(get_args(literal)) == {str(member) for member in enum}, enum.__name__
    assert get_args(jsontypes.PolicyKind) == POLICY_KINDS
    assert get_args(jsontypes.FindingKind) == FINDING_KINDS
