"""Every JSON output validates against its shipped schema, and the schemas match the TypedDicts."""

from __future__ import annotations

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


def _validate(name: str, document: object) -> None:
    schema = output_schema(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(document)


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
