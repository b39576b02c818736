"""Comparisons pinned to a release, a Python or a date: every cell judged at that release."""

from __future__ import annotations

import json

import pytest
from packaging.version import Version

import fwcompare
from fwcompare import ComparisonError, SupportLevel, UnknownVersionError
from fwcompare.cli import main


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    assert main(["--no-plugins", "compare", *args, "--format", "json"]) == 0
    result: dict[str, object] = json.loads(capsys.readouterr().out)
    return result


def _fact(document: dict[str, object], key: str, slug: str) -> dict[str, object]:
    rows = document["rows"]
    assert isinstance(rows, list)
    row = next(r for r in rows if r["criterion"] == key)
    fact: dict[str, object] = row["facts"][slug]
    return fact


def test_a_pinned_framework_is_judged_at_its_release() -> None:
    c = fwcompare.compare("django==4.2", "flask==2.3")
    django, flask = c.pins
    assert django is not None
    assert flask is not None
    assert django.version.release[:2] == (4, 2)
    assert django.reason == "pinned"
    assert flask.version == Version("2.3.3")
    tasks = c.row("background_tasks").facts[0]
    assert tasks.support is SupportLevel.ABSENT  # Django's Tasks framework came in 6.0
    assert "since 6.0" in tasks.note
    # A fact that applied at 4.2 stays as it is.
    assert c.row("admin").facts[0] == fwcompare.get("django").fact("admin")
    # The unpinned comparison still describes the version checked.
    assert fwcompare.compare("django", "flask").row("background_tasks").facts[0].support is SupportLevel.PARTIAL


def test_framework_objects_take_a_python_or_a_date() -> None:
    django, flask = fwcompare.get("django"), fwcompare.get("flask")
    c = fwcompare.compare(django, flask, python="3.11")
    assert c.pins[0] is not None
    assert c.pins[0].version.release[:2] == (5, 2)
    assert c.pins[0].reason == "python"
    c = fwcompare.compare(django, flask, as_of="2021-08-25")
    assert [str(p.version) for p in c.pins if p] == ["3.2.6", "2.0.1"]
    assert c.row("async_views").facts[1].support is SupportLevel.BUILT_IN  # Flask 2.0 has async views


def test_python_and_date_together_take_the_newest_for_that_python_then() -> None:
    c = fwcompare.compare("django", "flask", python="3.6", as_of="2021-08-25")
    assert [str(p.version) for p in c.pins if p] == ["3.2.6", "2.0.1"]
    assert c.pins[0] is not None
    assert c.pins[0].reason == "python+date"


def test_what_upgrading_brings_comes_from_the_bounds_and_the_history() -> None:
    c = fwcompare.compare("django==4.2", "flask==2.3", criteria=["background_tasks", "admin"])
    django_changes, flask_changes = c.upgrades()
    first = django_changes[0]
    assert first.criterion.key == "background_tasks"
    assert first.version == Version("6.0")
    assert (first.before, first.after) == (SupportLevel.ABSENT, SupportLevel.PARTIAL)
    assert [str(ch.version) for ch in django_changes] == ["6.0", "6.1"]  # the 6.1 history entry
    assert flask_changes == ()
    assumed = c.assumed_unchanged()
    assert assumed[0] == (
        "Django: 1 of 2 facts record no version bound and no history; "
        f"they are assumed unchanged between {c.pins[0].version if c.pins[0] else ''} "
        f"and {fwcompare.get('django').checked.version}."
    )


def test_every_format_carries_the_pin() -> None:
    c = fwcompare.compare("django==4.2", "flask", criteria=["background_tasks"])
    pin = c.pins[0]
    assert pin is not None
    text = str(c)
    assert f"at {pin.version} (pinned)" in text
    assert f"Upgrading Django from {pin.version}" in text
    assert "assumed unchanged" not in text  # the only fact compared records its change
    markdown = c.to_markdown()
    assert f"| Django {pin.version} |" in markdown
    assert "**Judged at:**" in markdown
    html = c._repr_html_()
    assert f"at {pin.version} (pinned)" in html
    assert "Upgrading Django" in html
    document = c.to_dict()
    assert document["judged_at"]["django"]["version"] == str(pin.version)
    assert document["judged_at"]["django"]["reason"] == "pinned"
    assert document["upgrades"]["django"]["changes"][0]["criterion"] == "background_tasks"
    # Flask is not pinned: judged at the version checked, and says so.
    assert document["judged_at"]["flask"]["reason"] == "checked"


def test_pandas_carries_the_pin() -> None:
    pytest.importorskip("pandas")
    frame = fwcompare.compare("django==4.2", "flask", criteria=["background_tasks"]).to_pandas()
    assert frame.loc["background_tasks", "django"] == "absent"
    assert frame.attrs["judged_at"]["django"].startswith("4.2.")
    assert frame.attrs["pinned"] is True


def test_an_unpinned_comparison_is_unchanged() -> None:
    c = fwcompare.compare("django", "flask")
    assert c.pins == ()
    assert c.upgrades() == ((), ())
    assert c.to_dict()["judged_at"] == {}
    assert "Judged at" not in str(c)


def test_a_pin_that_names_no_release_fails() -> None:
    with pytest.raises(
        UnknownVersionError, match=r"Django has no release 4\.2\.99; the nearest are 4\.2\.\d+ and 5\.0"
    ):
        fwcompare.compare("django==4.2.99", "flask")
    with pytest.raises(ComparisonError, match="NAME==VERSION"):
        fwcompare.compare("django==", "flask")
    with pytest.raises(ComparisonError, match="as_of must be a date"):
        fwcompare.compare("django", "flask", as_of="2021-13-01")
    with pytest.raises(ComparisonError, match="python must be a version"):
        fwcompare.compare("django", "flask", python="three")
    with pytest.raises(UnknownVersionError, match="no final release on or before 2000-01-01"):
        fwcompare.compare("django", "flask", as_of="2000-01-01")


def test_cli_pinned(capsys: pytest.CaptureFixture[str]) -> None:
    document = _json(capsys, "django==4.2", "flask==2.3")
    assert str(document["judged_at"]["django"]["version"]).startswith("4.2.")  # type: ignore[index]
    assert _fact(document, "background_tasks", "django")["support"] == "absent"
    document = _json(capsys, "django", "flask", "--python", "3.11")
    assert str(document["judged_at"]["django"]["version"]).startswith("5.2.")  # type: ignore[index]
    document = _json(capsys, "django", "flask", "--as-of", "2021-08-25")
    assert document["judged_at"]["flask"]["version"] == "2.0.1"  # type: ignore[index]
    assert _fact(document, "async_views", "flask")["support"] == "built-in"


def test_cli_pin_errors_are_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--no-plugins", "compare", "django==99.0", "flask"]) == 2
    err = capsys.readouterr().err
    assert "Django has no release 99.0; the nearest is" in err
    assert "Traceback" not in err


def test_differences_keep_the_pin(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--no-plugins", "compare", "django==4.2", "flask", "--differences"]) == 0
    assert "(pinned)" in capsys.readouterr().out


def test_a_framework_object_with_its_own_release_list_can_be_pinned() -> None:
    import datetime

    import attrs

    flask = fwcompare.get("flask")
    mine = attrs.evolve(flask, releases=(fwcompare.Release(Version("2.0.1"), datetime.date(2021, 5, 21), ">=3.6"),))
    c = fwcompare.compare(mine, "django", as_of="2021-08-25")
    assert c.pins[0] is not None
    assert c.pins[0].version == Version("2.0.1")
    with pytest.raises(UnknownVersionError, match=r"the nearest is 2\.0\.1"):
        mine.release("2.3")


def test_a_framework_without_release_list_is_judged_at_the_version_checked() -> None:
    import attrs

    bare = attrs.evolve(fwcompare.get("flask"), releases=())
    c = fwcompare.compare(bare, "django", python="3.11")
    assert c.pins[0] is None
    assert c.to_dict()["judged_at"]["flask"]["reason"] == "checked"
