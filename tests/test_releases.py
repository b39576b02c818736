"""Releases: the public release lists, resolving versions, and failing on made-up ones."""

from __future__ import annotations

import datetime
import pickle
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet
from packaging.version import Version

import fwcompare
from factories import framework_doc, write_json
from fwcompare import Registry, Release, UnknownVersionError
from fwcompare.cli import main
from fwcompare.store.resources import bundled

DATA = bundled()


def test_a_release_is_typed() -> None:
    release = fwcompare.get("flask").release("2.0.1")
    assert release == Release(Version("2.0.1"), datetime.date(2021, 5, 21), ">=3.6", False)
    assert isinstance(release.version, Version)
    assert isinstance(release.requires_python, SpecifierSet)
    assert release.requires_python == SpecifierSet(">=3.6")
    assert release.admits("3.6")
    assert not release.admits("3.5")
    assert release.is_final


def test_releases_are_oldest_first_and_latest_is_the_newest_final() -> None:
    for framework in fwcompare.frameworks():
        listed = framework.releases
        assert listed, framework.slug
        assert [r.version for r in listed] == sorted(r.version for r in listed)
        latest = framework.latest_release
        assert latest is not None
        assert not latest.version.is_prerelease
        assert not latest.yanked
        assert all(r.version <= latest.version for r in listed if r.is_final)
    aiohttp = fwcompare.get("aiohttp")
    # aiohttp's newest version on PyPI is the yanked 4.0.0a1: never "the latest release".
    assert aiohttp.releases[-1].version == Version("4.0.0a1")
    assert aiohttp.releases[-1].yanked
    assert aiohttp.latest_release is not None
    assert aiohttp.latest_release.version < Version("4")


def test_a_series_means_its_newest_final_release_and_an_exact_version_itself() -> None:
    django = fwcompare.get("django")
    assert django.release("4.2").version == Version("4.2.30")
    assert django.release("4.2.1").version == Version("4.2.1")
    assert django.release(Version("4.2")).version == Version("4.2")  # a Version object is exact
    assert django.release("5.0a1").version == Version("5.0a1")
    assert fwcompare.get("flask").release("2.3").version == Version("2.3.3")


def test_the_release_pip_would_choose_for_a_python() -> None:
    django = fwcompare.get("django")
    assert django.release_for_python("3.11").version.release[:2] == (5, 2)
    assert django.release_for_python("3.13") == django.latest_release
    # Releases without Requires-Python admit every Python, as pip installs them anywhere.
    assert fwcompare.get("bottle").release_for_python("2.7") == fwcompare.get("bottle").latest_release
    # A framework whose every release needs Python 3.10 or later has none for 3.9.
    import attrs

    recent = attrs.evolve(django, releases=tuple(r for r in django.releases if r.version >= Version("5.0")))
    with pytest.raises(UnknownVersionError, match=r"Django has no final release for Python 3.9; the nearest is 6"):
        recent.release_for_python("3.9")


def test_the_newest_release_on_a_date() -> None:
    assert fwcompare.get("django").release_on("2021-08-25").version == Version("3.2.6")
    assert fwcompare.get("flask").release_on(datetime.date(2021, 8, 25)).version == Version("2.0.1")
    with pytest.raises(UnknownVersionError, match="has no final release on or before 2000-01-01"):
        fwcompare.get("flask").release_on("2000-01-01")


@pytest.mark.parametrize("version", ["4.2.99", "9.9", "99.0"])
def test_supports_refuses_a_version_that_was_never_released(version: str) -> None:
    with pytest.raises(UnknownVersionError) as caught:
        fwcompare.get("django").supports("async_views", version)
    error = caught.value
    assert isinstance(error, LookupError)
    assert error.framework == "Django"
    assert error.version == version
    assert error.nearest  # real releases, to choose from
    assert all(fwcompare.get("django").release(Version(v)).version == Version(v) for v in error.nearest)
    assert "nearest" in str(error)


def test_the_nearest_releases_surround_the_version() -> None:
    with pytest.raises(UnknownVersionError) as caught:
        fwcompare.get("django").supports("async_views", "4.2.99")
    assert caught.value.nearest == ("4.2.30", "5.0")
    assert str(caught.value) == "Django has no release 4.2.99; the nearest are 4.2.30 and 5.0"


def test_supports_still_judges_real_releases() -> None:
    django = fwcompare.get("django")
    assert django.supports("async_views", "3.1") is True
    assert django.supports("async_views", "3.0") is False
    assert django.supports("async_views", "4.2") is True


def test_unknown_version_error_survives_pickle() -> None:
    error = UnknownVersionError("Django", "9.9", ("6.1.3",), None)
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.framework, copy.version, copy.nearest, copy.problem) == ("Django", "9.9", ("6.1.3",), None)
    assert str(copy) == str(error) == "Django has no release 9.9; the nearest is 6.1.3"


def test_frameworks_with_their_releases_pickle() -> None:
    django = fwcompare.get("django")
    copy = pickle.loads(pickle.dumps(django.releases))
    assert tuple(copy) == tuple(django.releases)


def test_rank_refuses_a_minimum_version_that_was_never_released() -> None:
    with pytest.raises(UnknownVersionError, match=r"Django has no release 99.0; the nearest is"):
        fwcompare.rank(["admin"], frameworks=["django", "flask"], min_versions={"django": "99.0"})


def test_cli_refuses_a_minimum_version_that_was_never_released(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--no-plugins", "rank", "django", "flask", "--need", "admin", "--min-version", "django=99.0"]) == 2
    err = capsys.readouterr().err
    latest = fwcompare.get("django").latest_release
    assert latest is not None
    assert f"Django has no release 99.0; the nearest is {latest.version}" in err
    assert "Traceback" not in err


def _user_flask(tmp_path: Path) -> Registry:
    # A user's own "flask", with no release list: async views since 2.0.
    (tmp_path / "criteria.toml").write_text(DATA.joinpath("criteria.toml").read_text(encoding="utf-8"))
    doc = framework_doc("flask")
    doc["facts"]["async_views"]["since"] = "2.0"
    write_json(tmp_path, "flask.json", doc)
    return Registry([tmp_path], bundled=False, plugins=False)


def test_a_user_override_shows_no_real_release_dates(tmp_path: Path) -> None:
    registry = _user_flask(tmp_path)
    flask = registry.get("flask")
    assert flask.releases == ()
    from fwcompare.render.text import framework_text

    text = framework_text(flask, registry.criteria())
    assert "since 2.0" in text
    assert "May 2021" not in text  # real Flask 2.0's date: not this framework's
    other = registry.get("flask")
    comparison = fwcompare.compare(other, fwcompare.get("django"))
    assert "May 2021" not in comparison.to_markdown()
    assert "May 2021" not in comparison._repr_html_()
    # The bundled Flask still dates its bound.
    assert "May 2021" in fwcompare.compare("flask", "django", criteria=["async_views"]).to_markdown()


def test_a_framework_without_releases_accepts_any_version_but_cannot_be_pinned(tmp_path: Path) -> None:
    flask = _user_flask(tmp_path).get("flask")
    assert flask.supports("async_views", "9.9") is True
    assert flask.latest_release is None
    with pytest.raises(UnknownVersionError, match="has no release list"):
        flask.release("2.0")


def test_the_new_names_are_public_and_documented() -> None:
    for name in ("Release", "UnknownVersionError"):
        assert name in fwcompare.__all__
        assert getattr(fwcompare, name).__doc__
    for method in ("release", "release_for_python", "release_on", "latest_release"):
        assert getattr(fwcompare.Framework, method).__doc__
