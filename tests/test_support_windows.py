"""Support windows as dates, recorded policy searches, and lifecycles given by plugin and user data."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
from packaging.version import Version

import fwcompare
from factories import SOURCE, framework_doc, write_json
from fwcompare import DataError, Registry, SeriesEnd, SupportPolicy, UnknownVersionError
from fwcompare.store.resources import bundled
from fwcompare.store.support import support_policy

ROOT = Path(__file__).resolve().parent.parent
ACME_DATA = ROOT / "examples" / "fwcompare-acme" / "src" / "fwcompare_acme" / "data"
DATA = ROOT / "src" / "fwcompare" / "data"


def _day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def _framework(policy: SupportPolicy, releases: list[tuple[str, str]], read: str = "2026-06-01") -> fwcompare.Framework:
    listed = fwcompare.ReleaseList(
        [fwcompare.Release(Version(v), _day(d)) for v, d in releases],
        source=fwcompare.Source("https://pypi.org/simple/acme/", "acme on PyPI", _day(read)),
        support_policy=policy,
    )
    return attrs.evolve(fwcompare.get("flask"), releases=listed, release_data=listed)


RELEASES = [("1.0", "2024-01-10"), ("1.1", "2025-01-10"), ("2.0", "2026-01-10"), ("2.0.1", "2026-02-10")]


# 1. Support windows as dates


def test_django_answers_from_its_published_end_dates() -> None:
    django = fwcompare.get("django")
    # The issue's check: 5.2's extended support ends in April 2028 (a month, on the download page).
    assert django.is_supported("5.2", on="2028-12-06") is False
    assert django.is_supported("5.2", on="2027-06-01") is True
    window = django.support_window("5.2")
    assert (window.when(), window.end_precision, window.lts) == ("2028-04", "month", True)
    assert window.describe() == "supported until 2028-04"
    assert window.start == _day("2025-04-02")
    assert any(s.url.startswith("https://www.djangoproject.com/download/") for s in window.sources)
    # Non-LTS series have published ends too, past the day the release list was read.
    assert django.is_supported("6.1", on="2027-06-01") is True
    assert django.is_supported("6.1", on="2028-01-01") is False
    assert django.is_supported("6.0", on="2027-04-20") is None  # "April 2027": the month only
    # A day-precise end: 4.2 ended on April 7, 2026.
    assert django.support_window("4.2").when() == "2026-04-07"
    assert django.is_supported("4.2", on="2026-04-07") is False


def test_a_published_end_answers_no_after_it_even_past_the_release_list() -> None:
    ends = (SeriesEnd("2.0", _day("2027-03-31"), quote="2.0 is fixed until 31 March 2027."),)
    acme = _framework(SupportPolicy("latest-series", "Newest series.", series_ends=ends), RELEASES)
    assert acme.is_supported("2.0.1", on="2027-01-01") is True  # its own published end is later
    assert acme.is_supported("2.0.1", on="2027-04-01") is False
    with pytest.raises(UnknownVersionError, match="listed up to 2026-06-01"):
        acme.lifecycle(on="2027-04-01")  # the rule for questions that need later releases stays
    assert acme.is_supported("1.1", on="2027-04-01") is False  # replaced by 2.0 before the list was read
    assert acme.is_supported("2.0", on="2025-06-01") is False  # not released yet


def test_a_month_only_end_says_so() -> None:
    ends = (SeriesEnd("1.1", _day("2026-09-01"), "month"),)
    acme = _framework(SupportPolicy("lts", "LTS.", series_ends=ends), RELEASES)
    window = acme.support_window("1.1")
    assert (window.when(), window.end_precision) == ("2026-09", "month")
    assert acme.is_supported("1.1", on="2026-08-31") is True
    assert acme.is_supported("1.1", on="2026-09-15") is None
    assert acme.is_supported("1.1", on="2026-10-01") is False


@pytest.mark.parametrize(
    ("kind", "extra", "expected"),
    [
        ("latest-release", {}, [("1.0", "2025-01-10"), ("1.1", "2026-01-10"), ("2.0", "until the next release")]),
        ("latest-series", {}, [("1.0", "2025-01-10"), ("1.1", "2026-01-10"), ("2.0", "until the next feature series")]),
        (
            "latest-series",
            {"recent_series": 2},
            [
                ("1.0", "2026-01-10"),
                ("1.1", "until the next feature series"),
                ("2.0", "until 2 newer feature series are out"),
            ],
        ),
        (
            "previous-major",
            {},
            [("1.0", "2025-01-10"), ("1.1", "until the next feature series"), ("2.0", "until the next feature series")],
        ),
        (
            "from-version",
            {"min_version": "1.1"},
            [
                ("1.0", "not supported under the current policy"),
                ("1.1", "no end published"),
                ("2.0", "no end published"),
            ],
        ),
        (
            "unknown",
            {},
            [("1.0", "no end published"), ("1.1", "no end published"), ("2.0", "no end published")],
        ),
    ],
)
def test_each_kind_yields_windows(kind: str, extra: dict[str, Any], expected: list[tuple[str, str]]) -> None:
    acme = _framework(SupportPolicy(kind, "words", **extra), RELEASES)
    windows = acme.support_windows()
    assert [w.series for w in windows] == ["1.0", "1.1", "2.0"]
    assert [w.start for w in windows] == [_day("2024-01-10"), _day("2025-01-10"), _day("2026-01-10")]
    shown = [(w.series, w.when() or w.describe().removeprefix("supported ")) for w in windows]
    assert shown == expected


def test_a_latest_release_policy_ends_each_release_at_the_next() -> None:
    acme = _framework(SupportPolicy("latest-release", "Only the newest."), RELEASES)
    assert acme.is_supported("2.0.0", on="2026-02-09") is True
    assert acme.is_supported("2.0.0", on="2026-02-10") is False  # 2.0.1 came out
    window = acme.support_window("2.0.1")
    assert window.until_next_release
    assert window.end is None
    assert acme.is_supported("2.0.1", on="2026-12-01") is None  # after the list: a newer one may be out


def test_yearly_lts_windows_come_from_months_after_the_first_release() -> None:
    sanic = fwcompare.get("sanic")
    window = sanic.support_window("24.12")
    assert (window.when(), window.lts) == ("2026-12", True)


def test_from_version_supports_every_release_from_it() -> None:
    policy = SupportPolicy("from-version", "From 1.1 on.", min_version="1.1")
    acme = _framework(policy, RELEASES)
    assert acme.is_supported("1.0", on="2026-06-01") is False
    assert acme.is_supported("1.1", on="2026-06-01") is True
    assert acme.is_supported("1.1", on="2026-07-01") is None  # today's words, not a dated promise


def test_a_release_line_that_announced_its_end_is_unsupported_from_that_day() -> None:
    announced = SeriesEnd("1", _day("2025-12-25"), quote="Version 1 is no longer maintained.")
    acme = _framework(SupportPolicy("unknown", "None published.", series_ends=(announced,)), RELEASES)
    assert acme.is_supported("1.1", on="2025-12-24") is None  # the policy publishes nothing else
    assert acme.is_supported("1.1", on="2025-12-25") is False
    assert acme.is_supported("2.0.1", on="2026-05-01") is None
    assert acme.support_window("1.0").when() == "2025-12-25"


# 2. Recorded searches


def test_every_bundled_framework_has_a_policy_entry_and_no_unknown_without_a_search() -> None:
    document = json.loads(DATA.joinpath("support.json").read_text(encoding="utf-8"))
    slugs = {f.slug for f in fwcompare.frameworks()}
    assert slugs <= set(document), sorted(slugs - set(document))
    for slug in slugs:
        policy = support_policy(slug)
        assert policy.searched, f"{slug}: no record of where the policy was looked for"
        urls = [s.url for s in policy.sources] + [s.url for s in policy.searched]
        urls += [s.url for e in policy.series_ends for s in e.sources]
        assert all(url.startswith("https://") for url in urls), slug
        if not policy.known:
            assert policy.search_text().startswith("no policy published at https://"), slug


def test_support_json_validates_against_its_schema() -> None:
    schema = json.loads(DATA.joinpath("schema", "support-1.schema.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    cls(schema).validate(json.loads(DATA.joinpath("support.json").read_text(encoding="utf-8")))


def _policy_problem(entry: dict[str, Any]) -> str:
    from fwcompare.store.support import parse_policy
    from fwcompare.store.tables import Table

    with pytest.raises(DataError) as caught:
        parse_policy(Table(entry, "support.json", None, "acme"))
    return str(caught.value)


def test_a_policy_entry_is_checked_field_by_field() -> None:
    assert "searched" in _policy_problem({"kind": "unknown", "summary": "Nothing."})
    assert "acme.sources" in _policy_problem({"kind": "latest-release", "summary": "Newest."})
    known = {"kind": "latest-release", "summary": "Newest.", "sources": [SOURCE]}
    assert "acme.kind" in _policy_problem({**known, "kind": "forever"})
    assert "series_ends[0].end" in _policy_problem(
        {**known, "series_ends": [{"series": "1.0", "end": "2026-13", "sources": [SOURCE]}]}
    )
    assert "series_ends[0].series" in _policy_problem(
        {**known, "series_ends": [{"series": "1.0.1", "end": "2026-12", "sources": [SOURCE]}]}
    )
    assert "min_version" in _policy_problem({**known, "kind": "from-version"})
    assert "typo" in _policy_problem({**known, "typo": 1})


# 4. Lifecycle in the data format


def _acme_registry(tmp_path: Path, release_file: dict[str, Any] | None) -> Registry:
    (tmp_path / "criteria.toml").write_text(bundled().joinpath("criteria.toml").read_text(encoding="utf-8"))
    write_json(tmp_path, "acme.json", framework_doc())
    if release_file is not None:
        write_json(tmp_path / "releases", "acme.json", release_file)
    return Registry([tmp_path], bundled=False, plugins=False)


def _release_file() -> dict[str, Any]:
    listed: dict[str, Any] = json.loads(ACME_DATA.joinpath("releases", "acme.json").read_text(encoding="utf-8"))
    listed["releases"] = [r for r in listed["releases"] if r["version"] in ("1.0", "2.0")]
    return listed


def test_a_user_directory_gives_a_release_list_and_a_policy(tmp_path: Path) -> None:
    acme = _acme_registry(tmp_path, _release_file()).get("acme")
    assert isinstance(acme.releases, fwcompare.ReleaseList)
    assert acme.releases.source is not None
    assert acme.releases.source.read == _day("2026-11-24")
    assert acme.support_policy.kind == "previous-major"
    assert str(acme.release_on("2026-01-01").version) == "2.0"
    with pytest.raises(UnknownVersionError, match="listed up to 2026-11-24"):
        acme.release_on("2026-12-01")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d.update(source="http://acme.example/"), "source"),
        (lambda d: d.update(fetched="someday"), "fetched"),
        (lambda d: d["releases"][0].update(version="one"), "releases[0].version"),
        (lambda d: d["releases"][0].update(date="2099-01-01"), "releases[0].date"),
        (lambda d: d["releases"][0].update(requires_python=">=>3"), "releases[0].requires_python"),
        (lambda d: d["support_policy"].update(kind="forever"), "support_policy.kind"),
        (lambda d: d.update(extra=1), "extra"),
    ],
)
def test_a_broken_release_file_is_refused_by_file_and_field(tmp_path: Path, change: Any, field: str) -> None:
    document = _release_file()
    change(document)
    with pytest.raises(DataError) as caught:
        _acme_registry(tmp_path, document).get("acme")
    assert "releases/acme.json" in caught.value.file
    assert field in str(caught.value)


def test_the_release_file_schema_accepts_the_example() -> None:
    schema = json.loads(DATA.joinpath("schema", "releases-1.schema.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    cls(schema).validate(json.loads(ACME_DATA.joinpath("releases", "acme.json").read_text(encoding="utf-8")))


@pytest.fixture
def acme_plugin(monkeypatch: pytest.MonkeyPatch) -> Registry:
    from fwcompare import PluginData

    found = [("acme", "fwcompare_acme:plugin", None, lambda: PluginData(data=ACME_DATA))]
    monkeypatch.setattr("fwcompare.store.entry_points.discover", lambda: list(found))
    monkeypatch.delenv("FWCOMPARE_NO_PLUGINS", raising=False)
    return Registry(plugins=True)


def test_the_example_plugin_is_treated_as_a_bundled_framework(acme_plugin: Registry) -> None:
    from fwcompare.ops.export import export
    from fwcompare.ops.releases import release_report

    acme = acme_plugin.get("acme")
    assert acme.support_policy.kind == "previous-major"
    assert acme.is_supported("3.1", on="2027-01-05") is True  # its published end, 2027-03-31
    assert acme.is_supported("3.1", on="2027-04-01") is False
    assert acme.is_supported("1.0", on="2020-12-15") is None  # "December 2020"
    [entry] = release_report(["acme"], registry=acme_plugin, python="3.10")
    assert entry.release == "4.1"
    assert entry.latest_admits_python is False
    assert entry.support_window == "supported until 2026-03-16"  # 4.1, replaced by 4.2
    assert acme.support_window("4.2").describe() == "supported until the next feature series"
    [old] = release_report(["acme==3.1"], registry=acme_plugin)
    assert old.support_ends == "2027-03-31"
    pin = fwcompare.compare("acme", "django", python="3.10", registry=acme_plugin).pins[0]
    assert pin is not None
    assert str(pin.version) == "4.1"
    pin = fwcompare.compare("acme", "django", as_of="2021-01-01", registry=acme_plugin).pins[0]
    assert pin is not None
    assert str(pin.version) == "2.0"
    with pytest.raises(UnknownVersionError, match="Acme Web has releases listed up to 2026-11-24"):
        fwcompare.compare("acme", "django", as_of="2026-12-01", registry=acme_plugin)
    document = export(acme_plugin)
    assert [r["version"] for r in document["releases"]["acme"]][-1] == "4.2"
    support = document["support"]["acme"]
    assert support["policy"]["kind"] == "previous-major"
    assert support["release_list"] is not None
    assert support["release_list"]["read"] == "2026-11-24"
    assert {"series": "3.1", "end": "2027-03-31"}.items() <= next(
        w for w in support["windows"] if w["series"] == "3.1"
    ).items()
    assert support["lifecycle"] is not None
    assert support["lifecycle"]["latest_release"] == {
        "version": "4.2",
        "date": "2026-03-16",
    }


def test_the_cli_refuses_a_day_after_a_data_directory_list_ends(capsys: pytest.CaptureFixture[str]) -> None:
    from fwcompare.cli import main

    data = ["--no-plugins", "--data-dir", str(ACME_DATA)]
    assert main([*data, "compare", "acme", "django", "--as-of", "2026-12-01"]) == 2
    assert "Acme Web has releases listed up to 2026-11-24" in capsys.readouterr().err
    assert main([*data, "releases", "acme==3.1", "--format", "json"]) == 0
    [entry] = json.loads(capsys.readouterr().out)["frameworks"]
    assert (entry["support_policy"], entry["support_ends"]) == ("previous-major", "2027-03-31")
    assert main([*data, "releases", "acme==3.1", "--on", "2026-11-24"]) == 0
    assert "yes on 2026-11-24, until 2027-03-31" in capsys.readouterr().out


def test_a_python_built_plugin_framework_keeps_its_release_list() -> None:
    from fwcompare.store.plugin_objects import checked_objects

    policy = SupportPolicy(
        "latest-release",
        "Only the newest.",
        sources=(fwcompare.Source(SOURCE["url"], SOURCE["title"], _day("2026-11-24")),),
    )
    acme = _framework(policy, RELEASES)
    [checked] = checked_objects([acme], fwcompare.Framework, "acme")
    assert isinstance(checked.releases, fwcompare.ReleaseList)
    assert isinstance(acme.releases, fwcompare.ReleaseList)
    assert checked.releases.source == acme.releases.source
    assert checked.support_policy == policy
    bad = _framework(
        attrs.evolve(policy, sources=(fwcompare.Source("http://x.example/", "x", _day("2026-01-01")),)), RELEASES
    )
    with pytest.warns(fwcompare.PluginWarning, match="support_policy.sources"):
        assert checked_objects([bad], fwcompare.Framework, "acme") == ()


def test_export_carries_every_policy_and_lifecycle() -> None:
    document = fwcompare.export()
    assert set(document["support"]) == {f.slug for f in fwcompare.frameworks()}
    django = document["support"]["django"]
    window = next(w for w in django["windows"] if w["series"] == "5.2")
    assert (window["end"], window["end_precision"], window["text"]) == ("2028-04", "month", "supported until 2028-04")
    assert django["policy"]["quote"].startswith("Under the A.B versioning scheme")


# 5. The how-to's table


def test_the_how_to_table_is_generated_from_the_data() -> None:
    import runpy

    generator = runpy.run_path(str(ROOT / "tasks" / "support_table.py"))
    assert generator["main"](["--check"]) == 0, "run python tasks/support_table.py"
    table = generator["table"]()
    assert "| Django | LTS series and the newest feature series | 5.2: until 2028-04;" in table
    assert "every release: ended 2026-06-07" in table  # Masonite
    assert all(f"| {f.name} |" in table for f in fwcompare.frameworks())


def test_comparisons_show_the_support_window_of_the_release_shown() -> None:
    c = fwcompare.compare("django==4.2", "flask", criteria=["admin"])
    django, flask = c.lifecycles()
    assert django.window is not None
    assert django.window.when() == "2026-04-07"  # the pinned 4.2, not the latest
    assert flask.window is not None
    assert flask.window.until_next_release
    assert "Series support" in str(c)
    markdown = c.to_markdown()
    assert "4.2: supported until 2026-04-07" in markdown
    assert "3.1: supported until the next feature series" in markdown
    document = c.to_dict()["lifecycle"]["django"]
    window = document.get("support_window")
    assert window is not None
    assert (window["series"], window["end"], window["end_precision"]) == ("4.2", "2026-04-07", "day")
