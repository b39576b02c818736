"""`rank --python` and `--as-of`: each framework judged at the release those select, as compare does."""

from __future__ import annotations

import pytest

import fwcompare
from fwcompare.cli import main


def test_rank_for_python_3_11_judges_django_at_5_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rank", "--need", "orm", "--need", "admin", "--python", "3.11"]) == 0
    out = capsys.readouterr().out
    assert "1. Django (at 5.2." in out
    ranking = fwcompare.rank(["orm", "admin"], python="3.11")
    assert str(ranking.entry("django").version).startswith("5.2.")


def test_the_release_is_the_one_compare_judges_at() -> None:
    for python, as_of in (("3.11", None), (None, "2021-08-25"), ("3.8", "2023-01-01")):
        ranking = fwcompare.rank(["async_views"], frameworks=["django", "flask"], python=python, as_of=as_of)
        pins = fwcompare.compare("django", "flask", python=python, as_of=as_of).pins
        assert [str(ranking.entry(s).version) for s in ("django", "flask")] == [str(p.version) for p in pins if p]


def test_a_fact_is_judged_as_it_stood_at_that_release() -> None:
    # Django's async views came in 3.1: on 2020-01-01 (Django 3.0.2) it had none.
    ranking = fwcompare.rank(["async_views"], frameworks=["django"], as_of="2020-01-01")
    assert ranking.entry("django").results[0].status is fwcompare.NeedStatus.UNMET
    now = fwcompare.rank(["async_views"], frameworks=["django"])
    assert now.entry("django").results[0].status is fwcompare.NeedStatus.MET


def test_a_framework_with_no_release_for_that_python_is_left_out() -> None:
    ranking = fwcompare.rank(["orm"], frameworks=["django", "litestar"], python="3.7")
    litestar = fwcompare.get("litestar")
    if any(r.admits("3.7") for r in litestar.releases if r.is_final):
        pytest.skip("Litestar has a release for Python 3.7 in this data")
    assert [e.framework.slug for e in ranking] == ["django"]


def test_a_minimum_version_takes_precedence() -> None:
    ranking = fwcompare.rank(["orm"], frameworks=["django"], python="3.11", min_versions={"django": "4.2"})
    assert str(ranking.entry("django").version) == "4.2"


@pytest.mark.parametrize("args", [["--python", "three"], ["--as-of", "June"]])
def test_bad_python_or_date_exit_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rank", "--need", "orm", *args]) == 2
    assert "Traceback" not in capsys.readouterr().err
