"""One resolver of criterion names for every API and the command line."""

from __future__ import annotations

import pytest

import fwcompare
from fwcompare import UnknownCriterionError
from fwcompare.cli import main

SPELLINGS = ["async_views", "async views", "Async views", "ASYNC-VIEWS", " async  views "]


@pytest.mark.parametrize("name", SPELLINGS)
def test_every_api_takes_key_label_and_spaced_spellings(name: str) -> None:
    comparison = fwcompare.compare("django", "flask", criteria=[name, "Template engine"])
    assert [c.key for c in comparison.criteria] == ["async_views", "templating"]
    assert comparison.row(name).criterion.key == "async_views"
    assert fwcompare.get("flask").fact(name).criterion == "async_views"
    ranking = fwcompare.rank([name, "admin interface"])
    assert ranking[0].result(name).criterion.key == "async_views"
    assert fwcompare.default_registry().criterion(name).key == "async_views"


def test_labels_that_differ_from_keys_resolve_everywhere() -> None:
    assert fwcompare.get("django").fact("template engine").criterion == "templating"
    assert fwcompare.rank(["Server interface"]).needs[0].criterion == "interface"
    assert fwcompare.compare("django", "flask").row("schema migrations").criterion.key == "migrations"


def test_the_cli_takes_labels_in_criteria(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", "django", "flask", "--criteria", "async views,Template engine"]) == 0
    out = capsys.readouterr().out
    assert "Async views" in out
    assert "Template engine" in out


def test_a_name_close_to_one_suggests_it() -> None:
    with pytest.raises(UnknownCriterionError) as caught:
        fwcompare.compare("django", "flask", criteria=["templates"])
    assert caught.value.suggestions == ("templating",)


@pytest.mark.parametrize(
    "call",
    [
        lambda: fwcompare.compare("django", "flask", criteria=["performance"]),
        lambda: fwcompare.rank(["performance"]),
        lambda: fwcompare.get("flask").fact("performance"),
    ],
)
def test_a_name_close_to_none_lists_the_groups_not_a_wrong_guess(call: object) -> None:
    with pytest.raises(UnknownCriterionError) as caught:
        call()  # type: ignore[operator]
    assert caught.value.suggestions == ()
    message = str(caught.value)
    assert "interface" not in message
    assert "Foundations" in message
    assert "fwcompare criteria" in message


def test_the_cli_error_for_an_unknown_need(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rank", "--need", "performance"]) == 2
    err = capsys.readouterr().err
    assert "grouped as Foundations" in err
    assert "'fwcompare criteria'" in err
