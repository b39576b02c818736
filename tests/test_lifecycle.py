"""Lifecycles: maintenance figures from the release lists, and support policies from the projects' words."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import attrs
import pytest
from packaging.version import Version

import fwcompare
from factories import framework_doc, write_json
from fwcompare import Registry, UnknownVersionError
from fwcompare.store.resources import bundled
from fwcompare.store.support import support_policy

DAY = "2026-12-01"


def test_django_lts_support_from_its_roadmap() -> None:
    django = fwcompare.get("django")
    assert django.support_policy.kind == "lts"
    assert django.is_supported("4.2", on=DAY) is False  # 4.2's support ended in April 2026
    assert django.is_supported("5.2", on=DAY) is True  # 5.2: at least three years from April 2025
    assert django.is_supported("6.1", on=DAY) is True  # the newest feature series
    assert django.is_supported("6.0", on=DAY) is True  # the one before it
    assert django.is_supported("5.1", on=DAY) is False
    # The download page gives the day 4.2's support ended (April 7, 2026)...
    assert django.is_supported("4.2", on="2026-04-07") is False
    assert django.is_supported("4.2", on="2026-04-06") is True
    # ...and only the month for 5.2's (April 2028): within it, no answer.
    assert django.is_supported("5.2", on="2028-04-15") is None
    assert django.is_supported("5.2", on="2028-03-31") is True
    assert django.is_supported("5.2", on="2028-05-01") is False
    with pytest.raises(UnknownVersionError):
        django.is_supported("4.9", on=DAY)


def test_the_other_policies() -> None:
    sanic = fwcompare.get("sanic")
    assert sanic.is_supported("24.12", on="2026-11-24") is True  # December LTS: 24 months
    assert sanic.is_supported("23.12", on="2026-11-24") is False
    assert sanic.is_supported("24.12", on="2026-12-15") is None  # the month its 24 months end
    fastapi = fwcompare.get("fastapi")
    latest = fastapi.latest_release
    assert latest is not None
    assert fastapi.is_supported(latest.version, on="2026-11-24") is True
    assert fastapi.is_supported("0.100.0", on="2026-11-24") is False
    flask = fwcompare.get("flask")
    assert flask.is_supported("3.1.0", on="2026-11-24") is True  # in the current feature series
    assert flask.is_supported("3.0", on="2026-11-24") is False
    assert fwcompare.get("connexion").is_supported("3.3", on="2026-11-24") is None  # no published policy
    # A release is not supported before it came out.
    assert flask.is_supported("3.1", on="2021-08-25") is False


def test_every_policy_in_the_bundled_file_is_sourced() -> None:
    for framework in fwcompare.frameworks():
        policy = support_policy(framework.slug)
        assert policy.known == bool(policy.sources), framework.slug
        for source in policy.sources:
            assert source.url.startswith("https://")
    assert fwcompare.get("starlette").support_policy.kind == "unknown"


def test_lifecycle_figures_come_from_the_release_list() -> None:
    django = fwcompare.get("django")
    figures = django.lifecycle()
    assert figures.computed_for == django.checked.date
    assert figures.latest == django.latest_release
    assert figures.requires_python == ">=3.12"
    day = figures.computed_for
    expected = [r for r in django.releases if r.is_final and day.replace(year=day.year - 1) < r.date <= day]
    assert figures.releases_last_year == len(expected)
    assert figures.maintained is True
    assert any(s.url == "https://pypi.org/simple/django/" for s in figures.sources)
    cherrypy = fwcompare.get("cherrypy").lifecycle()
    assert cherrypy.releases_last_year == 0  # 18.10.0 came out in June 2024
    assert cherrypy.maintained is False
    old = django.lifecycle(on="2021-08-25")
    assert old.latest is not None
    assert old.latest.version == Version("3.2.6")


def test_the_maintenance_group_is_in_every_format() -> None:
    c = fwcompare.compare("django", "flask", criteria=["admin"])
    latest = fwcompare.get("django").latest_release
    assert latest is not None
    shown = f"{latest.version} ({latest.date.isoformat()})"
    assert "Maintenance" in str(c)
    assert shown in str(c)
    assert shown in c.to_markdown()
    assert shown in c._repr_html_()
    document = c.to_dict()
    latest_release = document["lifecycle"]["django"]["latest_release"]
    assert latest_release is not None
    assert latest_release["version"] == str(latest.version)
    assert document["lifecycle"]["django"]["support_policy"]["lts"][0] == {
        "series": "4.2",
        "ends": "2026-04",
        "at_least": None,
    }
    assert document["lifecycle"]["flask"]["computed_for"] == fwcompare.get("flask").checked.date.isoformat()
    assert "computed for" in str(c)


def test_pandas_carries_the_maintenance_figures() -> None:
    pytest.importorskip("pandas")
    frame = fwcompare.compare("django", "flask", criteria=["admin"]).to_pandas()
    assert frame.attrs["maintenance"]["flask"]["Support policy"] == "latest feature series only"
    assert frame.attrs["lifecycle"]["django"]["final_releases_last_12_months"] > 0


def test_a_pinned_comparison_says_whether_the_release_judged_is_supported() -> None:
    c = fwcompare.compare("django==4.2", "flask==3.1", criteria=["admin"])
    django, flask = c.lifecycles()
    assert django.judged_supported is False
    assert flask.judged_supported is True
    assert "Release judged still supported" in str(c)
    # As of a date, the figures are that day's.
    old = fwcompare.compare("django", "flask", as_of="2021-08-25", criteria=["admin"]).lifecycles()
    assert [f.computed_for for f in old] == [datetime.date(2021, 8, 25)] * 2


def test_a_framework_without_release_list_has_unknown_figures(tmp_path: Path) -> None:
    (tmp_path / "criteria.toml").write_text(bundled().joinpath("criteria.toml").read_text(encoding="utf-8"))
    write_json(tmp_path, "acme.json", framework_doc())
    acme = Registry([tmp_path], bundled=False, plugins=False).get("acme")
    figures = acme.lifecycle()
    assert figures.latest is None
    assert figures.maintained is None
    assert figures.policy.kind == "unknown"
    assert dict(figures.rows())["Latest release"] == "unknown (no release list)"
    assert acme.is_supported is not None
    with pytest.raises(UnknownVersionError, match="no release list"):
        acme.is_supported("1.0")


def test_a_policy_can_be_given_with_the_release_list() -> None:
    # The typed field release_data (a ReleaseData) gives the framework its policy; once it was
    # any attribute support_policy of the release list, read back with getattr.
    class Given:
        source = None
        support_policy = fwcompare.SupportPolicy("latest-release", "Only the newest.")

    flask = fwcompare.get("flask")
    custom = attrs.evolve(flask, release_data=Given())
    assert custom.support_policy.kind == "latest-release"
    assert custom.is_supported("3.1.2") is False


def test_rank_can_leave_out_frameworks_that_are_not_maintained() -> None:
    everyone = {e.framework.slug for e in fwcompare.rank(["admin"])}
    maintained = {e.framework.slug for e in fwcompare.rank(["admin"], maintained_only=True)}
    # no release in the 12 months before the data's date (Connexion: 3.3.0 of 2025-10-13;
    # Bottle is in since 0.13.5 of 2026-11-28, after 17 months without a release), and
    # Masonite, whose package announced its end on 2026-06-07 (its latest release is unsupported)
    assert everyone - maintained == {"cherrypy", "connexion", "masonite"}
    # Judged at Django 4.2, whose support has ended: left out.
    ranking = fwcompare.rank(
        ["admin"], frameworks=["django", "flask"], min_versions={"django": "4.2"}, maintained_only=True
    )
    assert [e.framework.slug for e in ranking] == ["flask"]
    with pytest.raises(fwcompare.RankError, match="maintained"):
        fwcompare.rank(["admin"], frameworks=["connexion", "cherrypy"], maintained_only=True)


def test_cli_rank_maintained_only(capsys: pytest.CaptureFixture[str]) -> None:
    from fwcompare.cli import main

    assert main(["--no-plugins", "rank", "--need", "admin", "--maintained-only", "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert '"cherrypy"' not in out
    assert '"django"' in out


def _releases_json(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, object]]:
    import json

    from fwcompare.cli import main

    assert main(["--no-plugins", "releases", *args, "--format", "json"]) == 0
    report: list[dict[str, object]] = json.loads(capsys.readouterr().out)["frameworks"]
    return report


def test_cli_releases_answers_the_lifecycle_questions(capsys: pytest.CaptureFixture[str]) -> None:
    every = _releases_json(capsys)
    assert len(every) == len(fwcompare.frameworks())
    django = next(e for e in every if e["slug"] == "django")
    latest = fwcompare.get("django").latest_release
    assert latest is not None
    assert (django["release"], django["date"]) == (str(latest.version), latest.date.isoformat())
    # Judged, by default, on the day the release list was read.
    figures = fwcompare.get("django").lifecycle(on=datetime.date.fromisoformat(str(django["day"])))
    assert django["final_releases_last_12_months"] == figures.releases_last_year
    for_39 = _releases_json(capsys, "--python", "3.9")
    assert next(e for e in for_39 if e["slug"] == "django")["latest_admits_python"] is False
    assert next(e for e in for_39 if e["slug"] == "flask")["latest_admits_python"] is True
    for_311 = _releases_json(capsys, "django", "--python", "3.11")
    assert str(for_311[0]["release"]).startswith("5.2.")
    supported = _releases_json(capsys, "django==4.2", "django==5.2", "--on", "2026-12-01")
    assert [e["supported"] for e in supported] == [False, True]


def test_cli_releases_text_and_errors(capsys: pytest.CaptureFixture[str]) -> None:
    from fwcompare.cli import main

    assert main(["--no-plugins", "releases", "flask", "--as-of", "2021-08-25"]) == 0
    out = capsys.readouterr().out
    assert "2.0.1" in out
    assert "the newest final release on 2021-08-25" in out
    assert main(["--no-plugins", "releases", "django==9.9"]) == 2
    assert "Django has no release 9.9" in capsys.readouterr().err
    assert main(["--no-plugins", "releases", "--on", "someday"]) == 2


class _ListedOn(tuple):  # type: ignore[type-arg]
    """A release list that says when it was read, as a bundled one does (its source)."""

    source: fwcompare.Source
    support_policy: fwcompare.SupportPolicy

    def __new__(cls, releases: tuple[fwcompare.Release, ...], read: str, policy: fwcompare.SupportPolicy) -> _ListedOn:
        listed = super().__new__(cls, releases)
        listed.source = fwcompare.Source(
            "https://pypi.org/simple/acme/", "acme on PyPI", datetime.date.fromisoformat(read)
        )
        listed.support_policy = policy
        return listed


def _release(version: str, day: str) -> fwcompare.Release:
    return fwcompare.Release(Version(version), datetime.date.fromisoformat(day))


def _acme(policy: fwcompare.SupportPolicy) -> fwcompare.Framework:
    releases = (_release("1.0", "2024-01-10"), _release("1.1", "2025-01-10"), _release("2.0", "2026-01-10"))
    flask = fwcompare.get("flask")
    listed = _ListedOn(releases, "2026-06-01", policy)
    # The list, and what is known of it (its source, the policy) as the typed field release_data.
    return attrs.evolve(flask, releases=listed, release_data=listed)


def test_a_day_after_the_release_list_was_read_is_not_guessed() -> None:
    acme = _acme(fwcompare.SupportPolicy("latest-release", "Only the newest."))
    # On the day the list was read, and before: answered from the list.
    assert str(acme.release_on("2026-06-01").version) == "2.0"
    assert acme.lifecycle(on="2026-06-01").releases_last_year == 1
    assert acme.is_supported("2.0", on="2026-06-01") is True
    # After it: a newer release may have come out since. It was "2.0, supported, 0 in 12 months".
    with pytest.raises(UnknownVersionError, match=r"listed up to 2026-06-01.*by 2027-06-01 is not known"):
        acme.release_on("2027-06-01")
    with pytest.raises(UnknownVersionError, match="listed up to 2026-06-01"):
        acme.lifecycle(on="2027-06-01")
    assert acme.is_supported("2.0", on="2027-06-01") is None
    # A release already replaced by the day the list was read stays unsupported.
    assert acme.is_supported("1.1", on="2027-06-01") is False


def test_lts_dates_still_answer_after_the_release_list_was_read() -> None:
    policy = fwcompare.SupportPolicy(
        "lts", "LTS.", lts=(fwcompare.LtsSeries("1.1", at_least=datetime.date(2028, 1, 1)),), recent_series=1
    )
    acme = _acme(policy)
    assert acme.is_supported("1.1", on="2027-06-01") is True  # its support is guaranteed by date
    assert acme.is_supported("1.0", on="2027-06-01") is False
    assert acme.is_supported("2.0", on="2027-06-01") is None  # newest on the day read; not known after
    assert acme.is_supported("2.0", on="2026-06-01") is True


def test_compare_as_of_a_day_after_the_release_list_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    from fwcompare.cli import main

    with pytest.raises(
        UnknownVersionError, match=r"Django has releases listed up to .*: what it released by 2099-01-01"
    ):
        fwcompare.compare("django", "flask", as_of="2099-01-01")
    assert main(["--no-plugins", "compare", "django", "flask", "--as-of", "2099-01-01"]) == 2
    assert "is not known" in capsys.readouterr().err
    # fwcompare releases: each framework's answer; the count of the year before is unknown.
    assert main(["--no-plugins", "releases", "django==5.2", "--on", "2099-01-01", "--format", "json"]) == 0
    [entry] = json.loads(capsys.readouterr().out)["frameworks"]
    assert entry["release"] is not None
    assert entry["final_releases_last_12_months"] is None


def test_every_bundled_release_list_was_read_on_or_after_its_data_was_checked() -> None:
    # Otherwise the default figures (for the day the data was checked) would not be known.
    for framework in fwcompare.frameworks():
        source = getattr(framework.releases, "source", None)
        if source is not None:
            assert framework.checked.date <= source.read, framework.slug
