"""A first release dated to a year or a month, where that is all the sources show."""

from __future__ import annotations

import datetime
import json
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest

import fwcompare
from factories import framework_doc, write_json
from fwcompare import DataError, Registry
from fwcompare.store.resources import bundled


def _validator() -> jsonschema.protocols.Validator:
    schema = json.loads(files("fwcompare").joinpath("data", "schema", "framework-1.schema.json").read_text("utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _load(tmp_path: Path, date: object) -> fwcompare.FirstRelease:
    (tmp_path / "criteria.toml").write_text(bundled().joinpath("criteria.toml").read_text(encoding="utf-8"))
    doc = framework_doc("acme")
    doc["first_release"]["date"] = date
    write_json(tmp_path, "acme.json", doc)
    return Registry([tmp_path], bundled=False, plugins=False).get("acme").first_release


@pytest.mark.parametrize(
    ("written", "day", "precision"),
    [("2009", datetime.date(2009, 1, 1), "year"), ("2002-07", datetime.date(2002, 7, 1), "month")],
)
def test_a_year_or_a_month(tmp_path: Path, written: str, day: datetime.date, precision: str) -> None:
    first = _load(tmp_path, written)
    assert (first.date, first.precision, first.when()) == (day, precision, written)
    doc = framework_doc("acme")
    doc["first_release"]["date"] = written
    assert _validator().is_valid(doc)


@pytest.mark.parametrize("written", ["2009-13", "209", "2009-7", "20091"])
def test_broken_partial_dates_are_rejected_by_both(tmp_path: Path, written: str) -> None:
    with pytest.raises(DataError) as caught:
        _load(tmp_path, written)
    assert caught.value.field == "first_release.date"
    doc = framework_doc("acme")
    doc["first_release"]["date"] = written
    assert not _validator().is_valid(doc)


def test_tornado_and_cherrypy_are_dated_to_their_year() -> None:
    tornado = fwcompare.get("tornado").first_release
    assert (tornado.when(), tornado.precision, tornado.version) == ("2009", "year", "0.1")
    assert fwcompare.get("cherrypy").first_release.when() == "2002"
    assert fwcompare.get("django").first_release.when() == "2005-07-15"


def test_every_format_shows_the_date_as_known(capsys: pytest.CaptureFixture[str]) -> None:
    from fwcompare.cli import main
    from fwcompare.render.json import framework_to_dict

    document = framework_to_dict(fwcompare.get("tornado"))
    assert document["first_release"]["date"] == "2009"
    assert document["first_release"]["precision"] == "year"
    assert main(["--no-plugins", "show", "tornado"]) == 0
    assert "First release: 2009 (version 0.1)" in capsys.readouterr().out
    assert "2009-01-01" not in fwcompare.get("tornado")._repr_html_()
