"""fwcompare.rank(): scores, per-need reasons, ties, minimum versions, errors, renderings and the CLI."""

from __future__ import annotations

import json
import math
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

import fwcompare
from factories import SOURCE, criteria_doc, framework_doc, write_json
from fwcompare import Need, NeedStatus, RankError, Registry, SupportLevel
from fwcompare.cli import main

NEEDS = ("async_views", "admin", "orm", "websockets")


def _fact(support: str = "built-in", **extra: Any) -> dict[str, Any]:
    fact: dict[str, Any] = {"support": support, "sources": [dict(SOURCE)], **extra}
    if support == "extension" and "extensions" not in extra:
        fact["extensions"] = [{"name": "Ext-Pack", "party": "third"}]
    if support in ("partial", "unknown") and "note" not in extra:
        fact["note"] = f"A {support} fact, for tests."
    return fact


def _framework(slug: str, checked: str = "4.0", **facts: dict[str, Any]) -> dict[str, Any]:
    doc = framework_doc(slug, criteria=())
    doc["checked"]["version"] = checked
    doc["facts"] = {key: facts.get(key, _fact()) for key in NEEDS}
    return doc


@pytest.fixture(scope="module")
def rank_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Frameworks made for ranking: every outcome, a version bound each way, and ties."""
    root = tmp_path_factory.mktemp("rankdata")
    write_json(root, "criteria.json", criteria_doc(*NEEDS))
    ext = _fact("extension")
    docs = [
        _framework("allin"),
        _framework("exty", async_views=ext, admin=ext, orm=ext, websockets=ext),
        _framework("partly", async_views=_fact("partial")),
        _framework("unsure", orm=_fact("unknown", sources=[])),
        _framework("late", async_views=_fact(since="3.1")),
        _framework("gone", websockets=_fact(until="3.0")),
        # Two needs absent, two through extensions.
        _framework("mixed", async_views=_fact("absent"), admin=_fact("absent"), orm=ext, websockets=ext),
        _framework("alfa", async_views=_fact("absent"), admin=_fact("absent")),
        _framework("bravo", async_views=_fact("absent"), admin=_fact("absent")),
    ]
    for doc in docs:
        write_json(root, f"{doc['slug']}.json", doc)
    return root


@pytest.fixture(scope="module")
def registry(rank_data: Path) -> Registry:
    return Registry([rank_data], bundled=False, plugins=False)


def test_scores_earn_the_documented_credit(registry: Registry) -> None:
    ranking = fwcompare.rank(["async_views"], registry=registry, frameworks=["allin", "partly", "exty", "mixed"])
    scores = {e.framework.slug: e.score for e in ranking}
    assert scores == {"allin": 1.0, "partly": 0.75, "exty": 0.5, "mixed": 0.0}
    assert [e.framework.slug for e in ranking] == ["allin", "partly", "exty", "mixed"]
    assert {s: s.credit for s in NeedStatus} == {
        NeedStatus.MET: 1.0,
        NeedStatus.PARTIAL: 0.75,
        NeedStatus.EXTENSION: 0.5,
        NeedStatus.UNMET: 0.0,
        NeedStatus.UNKNOWN: 0.0,
    }


def test_every_need_has_a_status_a_reason_and_the_deciding_fact(registry: Registry) -> None:
    ranking = fwcompare.rank(NEEDS, registry=registry)
    for entry in ranking:
        assert [r.criterion.key for r in entry.results] == list(NEEDS)
        for result in entry.results:
            assert result.fact is entry.framework.fact(result.criterion.key)
            assert result.reason
    exty = ranking.entry("exty").result("admin")
    assert exty.status is NeedStatus.EXTENSION
    assert exty.reason == "through an extension: Ext-Pack"
    assert exty.fact.extensions[0].name == "Ext-Pack"
    assert ranking.entry("partly").result("async_views").status is NeedStatus.PARTIAL
    unsure = ranking.entry("unsure").result("orm")
    assert unsure.status is NeedStatus.UNKNOWN
    assert unsure.credit == 0
    assert ranking.entry("mixed").result("admin").reason == "absent"
    assert ranking.entry("allin").result("orm").status is NeedStatus.MET


def test_a_need_counts_by_its_weight(registry: Registry) -> None:
    ranking = fwcompare.rank({"admin": 3, "async_views": 1}, registry=registry, frameworks=["exty", "partly"])
    assert ranking.max_score == 4
    assert ranking.entry("exty").score == 3 * 0.5 + 0.5
    assert ranking.entry("partly").score == 3 * 1 + 0.75


def test_builtin_only_turns_extensions_into_unmet(registry: Registry) -> None:
    ranking = fwcompare.rank(["admin"], registry=registry, frameworks=["exty"], builtin_only=True)
    result = ranking[0].result("admin")
    assert result.status is NeedStatus.UNMET
    assert result.support is SupportLevel.EXTENSION
    assert result.credit == 0
    assert "Ext-Pack" in result.reason
    assert "built-in only" in result.reason
    # A need's own setting wins over the ranking's.
    mixed = fwcompare.rank(
        [Need("admin", builtin_only=False), "orm"], registry=registry, frameworks=["exty"], builtin_only=True
    )
    assert [r.status for r in mixed[0].results] == [NeedStatus.EXTENSION, NeedStatus.UNMET]
    assert [n.builtin_only for n in mixed.needs] == [False, True]


def test_ties_go_to_more_needs_met_built_in_then_to_the_name(registry: Registry) -> None:
    for order in (["exty", "bravo", "alfa"], ["alfa", "exty", "bravo"], ["bravo", "alfa", "exty"]):
        ranking = fwcompare.rank(NEEDS, registry=registry, frameworks=order)
        # All score 2 of 4: alfa and bravo meet two needs themselves, exty all four through extensions.
        assert [(e.framework.slug, e.score, e.builtin_count) for e in ranking] == [
            ("alfa", 2.0, 2),
            ("bravo", 2.0, 2),
            ("exty", 2.0, 0),
        ]
        assert [e.position for e in ranking] == [1, 2, 3]


def test_a_minimum_version_must_be_covered_by_the_bounds(registry: Registry) -> None:
    # "late" has async views built in since 3.1; its data was checked against 4.0.
    now = fwcompare.rank(["async_views"], registry=registry, frameworks=["late"])[0]
    assert now.results[0].status is NeedStatus.MET
    assert now.results[0].reason == "built in since 3.1"
    assert str(now.version) == "4.0"
    at_31 = fwcompare.rank(["async_views"], registry=registry, frameworks=["late"], min_versions={"late": "3.1"})[0]
    assert at_31.results[0].status is NeedStatus.MET
    at_30 = fwcompare.rank(["async_views"], registry=registry, frameworks=["late"], min_versions={"Late": "3.0"})[0]
    result = at_30.results[0]
    assert result.status is NeedStatus.UNMET
    assert result.support is SupportLevel.ABSENT
    assert result.reason == "absent in 3.0: built in only since 3.1"
    assert str(at_30.version) == "3.0"
    assert str(result.version) == "3.0"


def test_a_need_removed_before_the_checked_version_is_unmet_at_any_minimum(registry: Registry) -> None:
    # "gone" had websockets until 3.0 and was checked against 4.0.
    for minimum in (None, {"gone": "2.0"}):
        result = fwcompare.rank(["websockets"], registry=registry, frameworks=["gone"], min_versions=minimum)[0]
        assert result.results[0].status is NeedStatus.UNMET
        assert result.results[0].reason == "absent from 3.0 on: built in only before 3.0"


@pytest.mark.parametrize("spelling", ["async_views", "Async Views", "async-views", "ASYNC_VIEWS", " async  views "])
def test_needs_are_criterion_keys_in_any_spelling(registry: Registry, spelling: str) -> None:
    ranking = fwcompare.rank([spelling], registry=registry, frameworks=["allin"])
    assert ranking.needs[0].criterion == "async_views"
    assert ranking.criteria[0].key == "async_views"


def test_a_lone_string_is_one_need(registry: Registry) -> None:
    ranking = fwcompare.rank("admin", registry=registry, frameworks=["allin"])
    assert [n.criterion for n in ranking.needs] == ["admin"]


def test_an_unknown_need_names_the_closest_keys(registry: Registry) -> None:
    with pytest.raises(fwcompare.UnknownCriterionError) as caught:
        fwcompare.rank(["asnyc views"], registry=registry)
    assert caught.value.suggestions == ("async_views",)
    assert "did you mean 'async_views'" in str(caught.value)


@pytest.mark.parametrize("weight", [0, -1, math.nan, math.inf, True, "2"])
def test_a_weight_must_be_a_positive_number(weight: Any) -> None:
    with pytest.raises(RankError, match="positive number"):
        Need("admin", weight=weight)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"needs": []}, "at least one need"),
        ({"needs": ["admin", "Admin"]}, "given twice"),
        ({"needs": ["admin"], "frameworks": ["allin", "Allin"]}, "named twice"),
        ({"needs": ["admin"], "frameworks": []}, "no frameworks"),
        ({"needs": ["admin"], "frameworks": ["allin"], "min_versions": {"late": "1.0"}}, "not among"),
        ({"needs": ["admin"], "min_versions": {"late": "soon"}}, "not a version"),
    ],
)
def test_bad_requests_raise_rank_error(registry: Registry, kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(RankError, match=message):
        fwcompare.rank(registry=registry, **kwargs)
    assert issubclass(RankError, ValueError)
    assert issubclass(RankError, fwcompare.FwcompareError)


def test_an_unknown_framework_is_reported(registry: Registry) -> None:
    with pytest.raises(fwcompare.UnknownFrameworkError):
        fwcompare.rank(["admin"], registry=registry, frameworks=["alpha"])
    with pytest.raises(fwcompare.UnknownFrameworkError):
        fwcompare.rank(["admin"], registry=registry, min_versions={"nope": "1.0"})


def test_the_ranking_is_a_read_only_sequence(registry: Registry) -> None:
    ranking = fwcompare.rank(NEEDS, registry=registry)
    assert len(ranking) == len(registry.frameworks())
    assert list(ranking) == list(ranking.entries)
    assert ranking[0] is ranking.best
    assert ranking.best.framework.slug == "allin"
    assert ranking.entry("ALLIN") is ranking.best
    with pytest.raises(fwcompare.UnknownFrameworkError):
        ranking.entry("allinn")
    with pytest.raises(fwcompare.UnknownCriterionError):
        ranking.best.result("forms")
    assert ranking.entry("unsure").with_status(NeedStatus.UNKNOWN)[0].criterion.key == "orm"
    with pytest.raises(AttributeError):
        ranking.entries = ()  # type: ignore[misc]
    assert "allin 4" in repr(ranking)


def test_renderings_carry_every_reason(registry: Registry) -> None:
    ranking = fwcompare.rank(["admin", "async_views"], registry=registry, frameworks=["exty", "late", "allin"])
    text = str(ranking)
    assert "1. Allin" in text
    assert "through an extension: Ext-Pack" in text
    assert "built in since 3.1" in text
    md = ranking.to_markdown()
    table = [line for line in md.splitlines() if line.startswith("|")]
    assert len(table) == 2 + 3
    assert {line.count(" | ") for line in table[2:]} == {4}
    assert table[0] == "| # | Framework | Score | Admin | Async Views |"
    data = json.loads(ranking.to_json())
    assert [r["slug"] for r in data["ranking"]] == [e.framework.slug for e in ranking]
    exty = data["ranking"][[r["slug"] for r in data["ranking"]].index("exty")]
    assert exty["results"][0]["status"] == "extension"
    assert exty["results"][0]["fact"]["extensions"][0]["name"] == "Ext-Pack"
    assert data["credit"]["extension"] == 0.5
    assert data["needs"][0] == {"criterion": "admin", "label": "Admin", "weight": 1.0, "builtin_only": False}
    bundle = ranking._repr_mimebundle_()
    assert bundle["text/plain"] == text
    assert "<table" in bundle["text/html"]


def test_rank_reads_no_file_once_the_data_is_loaded(rank_data: Path) -> None:
    # rank is a pure function over the model: no I/O, no import of anything new.
    probe = textwrap.dedent(
        """
        import json, sys
        import fwcompare
        registry = fwcompare.Registry([sys.argv[1]], bundled=False, plugins=False)
        registry.frameworks()
        registry.get("late").supports("async_views", "1.0")  # packaging, imported on first use
        rank = fwcompare.rank  # the module itself may be imported on first use
        opened = []
        sys.addaudithook(lambda event, args: opened.append(args[0]) if event == "open" else None)
        before = set(sys.modules)
        ranking = rank({"async views": 2, "admin": 1}, min_versions={"late": "3.0"}, registry=registry)
        assert ranking.best.framework.slug == "allin"
        print(json.dumps({"opened": [str(p) for p in opened], "modules": sorted(set(sys.modules) - before)}))
        """
    )
    result = subprocess.run([sys.executable, "-c", probe, str(rank_data)], capture_output=True, text=True, check=True)
    report = json.loads(result.stdout)
    assert report == {"opened": [], "modules": []}


# The bundled data: what the issue asks rank to get right.


def test_frameworks_with_everything_built_in_come_before_those_needing_extensions() -> None:
    needs = ["async_views", "websockets", "openapi"]
    ranking = fwcompare.rank(needs)
    statuses = [(e.framework.slug, [r.status for r in e.results]) for e in ranking]
    all_builtin = [n for n, (_, s) in enumerate(statuses) if all(x is NeedStatus.MET for x in s)]
    with_extension = [n for n, (_, s) in enumerate(statuses) if NeedStatus.EXTENSION in s]
    assert all_builtin, "some bundled framework has all three built in"
    assert with_extension, "some bundled framework needs an extension"
    assert max(all_builtin) < min(with_extension), statuses
    for entry in ranking:
        for result in entry.results:
            if result.status is NeedStatus.EXTENSION:
                names = [e.name for e in result.fact.extensions]
                assert names
                assert names[0] in result.reason


def test_django_comes_first_for_admin_orm_and_migrations() -> None:
    ranking = fwcompare.rank(["admin", "orm", "migrations"])
    assert ranking.best.framework.slug == "django"
    assert [r.status for r in ranking.best.results] == [NeedStatus.MET] * 3
    assert ranking.best.score == ranking.max_score
    assert ranking.best.score > ranking[1].score


def test_flask_meets_async_views_only_from_2_0() -> None:
    ranking = fwcompare.rank(["async views"], frameworks=["flask"], min_versions={"flask": "1.1"})
    assert ranking.best.results[0].status is NeedStatus.UNMET
    assert ranking.best.results[0].reason == "absent in 1.1: built in only since 2.0"


# The command line.


def test_cli_rank_prints_the_ranking(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rank", "--need", "async_views", "--need", "admin:2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Needs: Async views, Admin interface (weight 2).")
    assert "1. Django" in out


def test_cli_rank_formats_and_options(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["rank", "django", "flask", "--need", "async views", "--builtin-only", "--min-version", "flask=1.1"]
    assert main([*args, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["slug"] for r in data["ranking"]] == ["django", "flask"]
    assert data["ranking"][1]["version"] == "1.1"
    assert data["needs"][0]["builtin_only"] is True
    assert main([*args, "--format", "markdown"]) == 0
    assert capsys.readouterr().out.startswith("| # | Framework | Score | Async views (built in only) |\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--need", "asnyc_views"], "did you mean 'async_views'"),
        (["--need", "admin:0"], "positive number"),
        (["--need", "admin:lots"], "positive number"),
        (["--need", ":2"], "criterion key"),
        (["--need", "admin", "--min-version", "django"], "NAME=VERSION"),
        (["--need", "admin", "--min-version", "django=soon"], "not a version"),
        (["--need", "admin", "--min-version", "djang=4.2"], "unknown framework 'djang'"),
        (["flsk", "--need", "admin"], "unknown framework 'flsk'"),
        (["--need", "admin", "--need", "Admin"], "given twice"),
        ([], "--need"),
    ],
)
def test_cli_rank_user_errors_are_one_line_and_exit_2(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        status = main(["rank", *args])
    except SystemExit as exit_:  # argparse's own errors
        status = exit_.code  # type: ignore[assignment]
    captured = capsys.readouterr()
    assert status == 2
    assert captured.out == ""
    assert captured.err.count("\n") == 1, captured.err
    assert message in captured.err
    assert "Traceback" not in captured.err


def test_cli_rank_help_lists_the_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["rank", "--help"])
    out = capsys.readouterr().out
    for option in ("--need KEY[:WEIGHT]", "--builtin-only", "--min-version NAME=VERSION", "--format"):
        assert option in out
