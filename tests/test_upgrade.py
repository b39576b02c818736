"""The upgrade view: `Framework.changes`, `fwcompare.upgrade` and `compare NAME==A NAME==B`."""

from __future__ import annotations

import datetime
import json
from types import SimpleNamespace
from typing import Any, cast

import attrs
import jsonschema
import pytest

import fwcompare
from fwcompare.cli import main
from fwcompare.schemas import output_schema


def test_framework_changes_are_typed_and_ordered_by_criterion() -> None:
    changes = fwcompare.get("django").changes("4.2", "5.2")
    assert [(c.criterion.key, str(c.version)) for c in changes] == [("async_views", "5.0"), ("async_views", "5.1")]
    assert all(isinstance(c, fwcompare.Change) for c in changes)
    assert fwcompare.get("django").changes("5.2", "5.2") == ()


def test_framework_changes_default_to_the_version_checked_and_refuse_going_back() -> None:
    django = fwcompare.get("django")
    assert {str(c.version) for c in django.changes("4.2")} >= {"5.0", "6.0"}
    with pytest.raises(ValueError, match="older"):
        django.changes("5.2", "4.2")
    with pytest.raises(fwcompare.UnknownVersionError):
        django.changes("4.9")


def test_a_bound_shows_as_gained_with_the_levels_before_and_after() -> None:
    (tasks,) = [c for c in fwcompare.get("django").changes("5.2", "6.0") if c.criterion.key == "background_tasks"][:1]
    assert tasks.before is fwcompare.SupportLevel.ABSENT
    assert tasks.after is fwcompare.SupportLevel.PARTIAL


def test_upgrade_carries_python_support_and_sources() -> None:
    view = fwcompare.upgrade("django", "4.2", "5.2", on="2026-11-24")
    assert view.requires_python == (">=3.8", ">=3.10")
    assert view.support_start.supported is False
    assert view.support_end.supported is True
    assert all(view.sources(c) for c in view.changes)
    assert view.changes == fwcompare.get("django").changes("4.2", "5.2")


def test_compare_the_api_still_refuses_one_framework_twice_and_says_what_to_use() -> None:
    with pytest.raises(fwcompare.ComparisonError, match="upgrade"):
        fwcompare.compare("django==4.2", "django==5.2")


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_compare_two_releases_of_one_framework_on_the_command_line(
    fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["compare", "django==4.2", "django==5.2", "--format", fmt]) == 0
    out = capsys.readouterr().out
    if fmt == "json":
        document = json.loads(out)
        jsonschema.Draft202012Validator(output_schema("upgrade")).validate(document)
        assert [c["version"] for c in document["changes"]] == ["5.0", "5.1"]
        assert document["changes"][0]["sources"]
        assert document["requires_python"] == {"from": ">=3.8", "to": ">=3.10"}
    else:
        assert "4.2.30" in out
        assert "5.2.20" in out
        assert (">=3.8 → >=3.10" if fmt == "text" else "&gt;=3.8 → &gt;=3.10") in out
        assert "Session backends gain an async API" in out


def test_flask_2_2_to_the_newest_shows_the_3_1_session_settings(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", "flask==2.2", "flask", "--width", "200"]) == 0
    out = capsys.readouterr().out
    assert "Flask 2.2.5 → 3.1.3" in out
    assert "Sessions: New session settings: SESSION_COOKIE_PARTITIONED" in out
    assert "unsupported since 2023-04-25, when 2.3.0 came out" in out


def test_the_view_says_when_nothing_is_recorded(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", "flask==3.1.0", "flask==3.1.3"]) == 0
    assert "no recorded change between these releases" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args",
    [
        ["compare", "flask", "flask"],
        ["compare", "flask", "flask==2.2"],
        ["compare", "django==5.2", "django==4.2"],
        ["compare", "django==4.2", "django==5.2", "--criteria", "orm"],
    ],
)
def test_upgrade_view_usage_errors_exit_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_the_view_as_a_complete_html_page(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", "django==4.2", "django==5.2", "--format", "html"]) == 0
    page = capsys.readouterr().out
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>Django 4.2.30 → 5.2.20 · fwcompare</title>" in page
    assert "<dt>Requires-Python</dt><dd>&gt;=3.8 → &gt;=3.10</dd>" in page
    assert "Session backends gain an async API. (5.1)" in page
    assert '<a href="https://docs.djangoproject.com/en/stable/topics/async/"' in page
    view = fwcompare.upgrade("django", "4.2", "5.2", on="2026-11-24")
    assert view.to_html(standalone=True) == view.to_format("html", standalone=True)
    assert view._repr_html_().startswith('<section class="fwc-upgrade">')  # a notebook shows the fragment


def test_the_html_view_escapes_everything() -> None:
    view = fwcompare.upgrade("django", "4.2", "5.2", on="2026-11-24")
    hostile = fwcompare.Source("javascript:alert(1)", "<b>bold</b>", datetime.date(2026, 1, 1))
    fact = SimpleNamespace(sources=(hostile,))
    framework = SimpleNamespace(name="<i>Evil</i>", slug="evil", facts={view.changes[0].criterion.key: fact})
    change = attrs.evolve(view.changes[0], note="<script>alert(1)</script>")
    evil = attrs.evolve(view, framework=cast(Any, framework), changes=(change,))
    page = evil.to_html(standalone=True)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<i>" not in page
    assert "<b>" not in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page  # the source's title, as text
    assert 'href="javascript' not in page  # only web addresses become links
