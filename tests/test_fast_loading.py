"""The fast loading path: taken for valid documents, equal to the checked path, never laxer."""

from __future__ import annotations

import copy
import datetime
import json
import types
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fwcompare
from factories import criteria_doc, framework_doc, rich_criteria, rich_framework_doc, with_change
from fwcompare import DataError
from fwcompare.store.fast_loading import build_framework
from fwcompare.store.loading import _load_framework_checked, load_criteria, load_framework
from fwcompare.store.resources import bundled, parse_document, read_bundled, read_document
from strategies import mutated_documents

ROOT = Path(__file__).resolve().parent.parent
CRITERIA = {c.key: c for c in fwcompare.criteria()}
RICH_CRITERIA = {c.key: c for c in rich_criteria()}
RICH = rich_framework_doc()
SLUGS = sorted(r.name.removesuffix(".toml") for r in bundled().joinpath("frameworks").iterdir())
FLASK_JSON: dict[str, Any] = json.loads(read_bundled("compiled", "frameworks", "flask.json"))


def _structure(obj: object) -> object:
    """*obj* as nested tuples of type names and values: equal only if built alike, in the same order.

    Independent of the model classes' own ``__eq__``, and it tells 1 from 1.0 and True.
    """
    if attrs.has(type(obj)):
        fields = attrs.fields(type(obj))  # type: ignore[arg-type]
        return (type(obj).__name__, tuple((f.name, _structure(getattr(obj, f.name))) for f in fields))
    if isinstance(obj, Mapping):
        return (type(obj).__name__, tuple((k, _structure(v)) for k, v in obj.items()))
    if isinstance(obj, tuple):
        return ("tuple", tuple(_structure(v) for v in obj))
    return (type(obj).__name__, obj)


def assert_same(fast: fwcompare.Framework, slow: fwcompare.Framework) -> None:
    assert fast == slow
    assert _structure(fast) == _structure(slow)


def both(
    doc: object,
    criteria: Mapping[str, fwcompare.Criterion] = CRITERIA,
    file: str = "acme.json",
    slug: str | None = None,
    required: frozenset[str] | None = None,
) -> tuple[fwcompare.Framework | None, fwcompare.Framework | DataError]:
    """What the fast path gives (never an exception), and what the checked path gives or raises."""
    fast = build_framework(doc, file, criteria, slug, required)
    try:
        slow: fwcompare.Framework | DataError = _load_framework_checked(
            doc, file, criteria, slug=slug, required=required
        )
    except DataError as error:
        slow = error
    return fast, slow


def assert_fast(doc: object, criteria: Mapping[str, fwcompare.Criterion] = CRITERIA, **kwargs: Any) -> None:
    """The fast path builds *doc*, and builds it as the checked path does."""
    fast, slow = both(doc, criteria, **kwargs)
    assert not isinstance(slow, DataError), slow
    assert fast is not None, "the fast path gave up on a valid document"
    assert_same(fast, slow)


def assert_agree(doc: object, criteria: Mapping[str, fwcompare.Criterion] = CRITERIA, **kwargs: Any) -> None:
    """The invariant: the fast path gives up or builds what the checked path builds; never accepts more."""
    fast, slow = both(doc, criteria, **kwargs)
    if isinstance(slow, DataError):
        assert fast is None, f"the fast path accepted what the checked path rejects: {slow}"
    elif fast is not None:
        assert_same(fast, slow)


# --- valid documents take the fast path ----------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_bundled_toml_builds_on_the_fast_path(slug: str) -> None:
    file = f"frameworks/{slug}.toml"
    assert_fast(read_document(bundled().joinpath("frameworks", f"{slug}.toml"), file), file=file, slug=slug)


@pytest.mark.parametrize("slug", SLUGS)
def test_compiled_json_builds_on_the_fast_path(slug: str) -> None:
    doc = parse_document(read_bundled("compiled", "frameworks", f"{slug}.json"), f"{slug}.json")
    assert_fast(doc, file=f"frameworks/{slug}.toml", slug=slug)


def test_the_bundled_data_has_every_part_the_fast_path_must_handle() -> None:
    frameworks = [fwcompare.get(slug) for slug in SLUGS]
    assert any(f.opinions for f in frameworks)
    assert any(f.built_on for f in frameworks)
    assert any(fact.history for f in frameworks for fact in f.facts.values())
    assert any(fact.extensions for f in frameworks for fact in f.facts.values())
    assert any(fact.since for f in frameworks for fact in f.facts.values())


def test_the_example_plugin_builds_on_the_fast_path() -> None:
    data = ROOT / "examples" / "fwcompare-acme" / "src" / "fwcompare_acme" / "data"
    own = load_criteria(read_document(data / "criteria.toml", "criteria.toml"), "criteria.toml")
    criteria = {**CRITERIA, **{c.key: c for c in own}}
    assert_fast(read_document(data / "acme.toml", "acme.toml"), criteria, file="acme.toml", slug="acme")


@pytest.mark.parametrize("kind", ["support", "text", "choice", "tags", "number"])
def test_factory_documents_build_on_the_fast_path(kind: str) -> None:
    catalogue = criteria_doc("one", "two", kind=kind)
    if kind in ("choice", "tags"):
        for item in catalogue["criterion"]:
            item["choices"] = ["a", "b"]
    own = load_criteria(catalogue, "criteria.json")
    assert_fast(framework_doc(criteria=own), {c.key: c for c in own})
    assert_fast(framework_doc(), slug="acme")
    assert_fast(framework_doc("other-name"), slug="other-name")


def test_the_rich_factory_document_builds_on_the_fast_path() -> None:
    assert_fast(RICH, RICH_CRITERIA, slug="acme")
    framework = build_framework(RICH, "acme.json", RICH_CRITERIA, "acme", None)
    assert framework is not None
    assert framework.facts["interface"].value == ("WSGI", "own-server")
    assert framework.opinions[1].by is framework.opinions[2].by, "one attribution, shared"
    assert list(framework.facts) == list(RICH_CRITERIA)


def test_toml_dates_build_on_the_fast_path() -> None:
    doc = copy.deepcopy(RICH)
    doc["checked"]["date"] = datetime.date(2026, 11, 24)
    doc["facts"]["orm"]["sources"][0]["read"] = datetime.date(2026, 11, 24)
    doc["attributions"]["anon"]["date"] = datetime.date(2020, 1, 1)
    doc["first_release"]["date"] = datetime.date(2019, 1, 1)
    assert_fast(doc, RICH_CRITERIA)


def test_criteria_not_required_are_unknown_on_the_fast_path() -> None:
    doc = framework_doc()
    del doc["facts"]["orm"], doc["facts"]["admin"]
    required = frozenset(CRITERIA) - {"orm", "admin"}
    assert_fast(doc, required=required)
    framework = build_framework(doc, "acme.json", CRITERIA, None, required)
    assert framework is not None
    assert framework.facts["orm"].support is fwcompare.SupportLevel.UNKNOWN
    assert framework.facts["orm"].note == "No data: acme.json does not cover this criterion."


def test_load_framework_takes_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    def never(*args: object, **kwargs: object) -> fwcompare.Framework:
        raise AssertionError("the checked path was taken")

    monkeypatch.setattr("fwcompare.store.loading._load_framework_checked", never)
    assert load_framework(framework_doc(), "acme.json", CRITERIA, slug="acme").slug == "acme"
    with pytest.raises(AssertionError, match="checked path"):
        load_framework(with_change(framework_doc(), "name", 3), "acme.json", CRITERIA)


class _Text(str):
    pass


class _Items(list[str]):
    pass


@pytest.mark.parametrize(
    "unusual",
    [
        pytest.param(lambda doc: types.MappingProxyType(doc), id="a Mapping that is not a dict"),
        pytest.param(lambda doc: with_change(doc, "name", _Text("Acme")), id="a subclass of str"),
        pytest.param(lambda doc: with_change(doc, "authors", _Items(["A. Author"])), id="a subclass of list"),
        pytest.param(lambda doc: with_change(doc, "facts.orm.support", fwcompare.SupportLevel.BUILT_IN), id="a member"),
    ],
)
def test_unusual_but_valid_documents_are_left_to_the_checked_path(unusual: Any) -> None:
    doc = unusual(framework_doc())
    assert build_framework(doc, "acme.json", CRITERIA, None, None) is None
    assert_same(load_framework(doc, "acme.json", CRITERIA), load_framework(framework_doc(), "acme.json", CRITERIA))


# --- bad documents: every rule, the fast path gives up and the checked path raises --------------

_SOURCE = {"url": "https://example.org/x", "title": "X", "read": "2026-11-24"}

BROKEN: list[dict[str, object]] = [
    # the document and its identity
    {"schema_version": ...},
    {"schema_version": 2},
    {"schema_version": True},
    {"schema_version": 1.0},
    {"schema_version": "1"},
    {"slug": ...},
    {"slug": ""},
    {"slug": "Acme"},
    {"slug": "acme!"},
    {"slug": "acme\n"},
    {"slug": "-acme"},
    {"slug": 3},
    {"override": "yes"},
    {"override": 1},
    {"override": None},
    {"license_note": ...},
    {"license_note": "  "},
    {"license_note": 3},
    {"license_note": "", "license": " "},
    {"license": 3},
    {"license": None},
    {"name": ...},
    {"name": ""},
    {"name": " \t"},
    {"name": 3},
    {"name": None},
    {"name": ["Acme"]},
    {"aliases": "acme"},
    {"aliases": [""]},
    {"aliases": ["  "]},
    {"aliases": [3]},
    {"aliases": None},
    {"summary": ...},
    {"summary": ""},
    {"homepage": ...},
    {"homepage": "http://example.org"},
    {"homepage": "https://"},
    {"homepage": "https://exa mple.org"},
    {"homepage": " https://example.org"},
    {"homepage": "   "},
    {"repository": "ftp://example.org"},
    {"repository": 3},
    {"pypi": ...},
    {"pypi": " "},
    {"classification": ...},
    {"classification": "huge"},
    {"classification": "Micro"},
    {"classification": ["micro"]},
    {"authors": ...},
    {"authors": "A. Author"},
    {"authors": [""]},
    {"authors": [1]},
    {"maintainer": ...},
    {"maintainer": ""},
    {"surprise": 1},
    # sources, here and everywhere
    {"sources": ...},
    {"sources": []},
    {"sources": "https://example.org"},
    {"sources": [{}]},
    {"sources": [3]},
    {"sources.0.url": ...},
    {"sources.0.url": "ftp://example.org"},
    {"sources.0.url": "https://"},
    {"sources.0.url": "https://a b"},
    {"sources.0.url": 3},
    {"sources.0.title": ...},
    {"sources.0.title": ""},
    {"sources.0.title": " "},
    {"sources.0.title": 3},
    {"sources.0.read": ...},
    {"sources.0.read": True},
    {"sources.0.read": 20200101},
    {"sources.0.read": "2020-02-30"},
    {"sources.0.read": "yesterday"},
    {"sources.0.read": datetime.datetime(2020, 1, 1, 12, 0)},
    {"sources.0.read": datetime.time(12, 0)},
    {"sources.0.extra": "x"},
    # first release, checked
    {"first_release": ...},
    {"first_release": "2020-01-01"},
    {"first_release.note": ...},
    {"first_release.note": "  "},
    {"first_release.note": 3},
    {"first_release.date": "2020-13-01"},
    {"first_release.date": datetime.datetime(2020, 1, 1)},
    {"first_release.date": None},
    {"first_release.version": 3},
    {"first_release.sources": ...},
    {"first_release.sources": []},
    {"first_release.sources.0.read": "2020-1-1x"},
    {"first_release.extra": 1},
    {"checked": ...},
    {"checked": []},
    {"checked.version": ...},
    {"checked.version": "not a version"},
    {"checked.version": "1" * 5000},
    {"checked.version": 2},
    {"checked.date": ...},
    {"checked.date": "2026-11-31"},
    {"checked.extra": 1},
    # facts
    {"facts": ...},
    {"facts": []},
    {"facts.routing": ...},
    {"facts.routing": "built-in"},
    {"facts.routing": []},
    {"facts.nonsense": {"support": "absent", "sources": [_SOURCE]}},
    {"facts.routing.support": ...},
    {"facts.routing.support": "maybe"},
    {"facts.routing.support": "Built-in"},
    {"facts.routing.support": 3},
    {"facts.routing.support": "partial"},
    {"facts.routing.support": "unknown"},
    {"facts.routing.support": "extension"},
    {"facts.websockets.note": " "},
    {"facts.admin.note": ...},
    {"facts.routing.note": 3},
    {"facts.routing.note": None},
    {"facts.routing.sources": ...},
    {"facts.routing.sources": []},
    {"facts.routing.sources": None},
    {"facts.admin.sources": None},
    {"facts.admin.sources": "none"},
    {"facts.routing.sources.0.url": "http://example.org"},
    {"facts.routing.extra": 1},
    {"facts.orm.extensions": ...},
    {"facts.orm.extensions": []},
    {"facts.orm.extensions": "SQLAlchemy"},
    {"facts.orm.extensions": [3]},
    {"facts.orm.extensions.0.name": ...},
    {"facts.orm.extensions.0.name": " "},
    {"facts.orm.extensions.0.party": ...},
    {"facts.orm.extensions.0.party": "fourth"},
    {"facts.orm.extensions.0.pypi": 3},
    {"facts.orm.extensions.0.pypi": None},
    {"facts.orm.extensions.0.url": "http://www.sqlalchemy.org/"},
    {"facts.orm.extensions.0.url": 3},
    {"facts.orm.extensions.0.extra": 1},
    {"facts.routing.extensions": [{"name": "x", "party": "third"}], "facts.routing.extensions.0.party": "Third"},
    {"facts.async_views.since": 2},
    {"facts.async_views.since": "two"},
    {"facts.async_views.since": None},
    {"facts.async_views.until": "2.0"},
    {"facts.async_views.until": "1.0"},
    {"facts.async_views.until": "1" * 5000},
    {"facts.async_views.support": "absent"},
    {"facts.async_views.support": "unknown"},
    {"facts.sitemaps.until": "1.0"},
    {"facts.admin.since": "1.0"},
    {"facts.async_views.history": "2.1"},
    {"facts.async_views.history": [3]},
    {"facts.async_views.history": None},
    {"facts.async_views.history.0.version": ...},
    {"facts.async_views.history.0.version": "x.y"},
    {"facts.async_views.history.0.version": 2.1},
    {"facts.async_views.history.0.note": ...},
    {"facts.async_views.history.0.note": ""},
    {"facts.async_views.history.0.extra": 1},
    # values, per kind of criterion
    {"facts.admin.value": "yes"},
    {"facts.admin.value": []},  # what a tags value may be
    {"facts.async_views.value": None},
    {"facts.orm.value": ""},
    {"facts.orm.value": 7},
    {"facts.orm.value": None},
    {"facts.orm.value": ["SQLAlchemy"]},
    {"facts.interface.value": "WSGI"},
    {"facts.interface.value": ["CGI"]},
    {"facts.interface.value": ["wsgi"]},
    {"facts.interface.value": [""]},
    {"facts.interface.value": [3]},
    {"facts.interface.value": None},
    {"facts.hosting.value": "nowhere"},
    {"facts.hosting.value": ""},
    {"facts.hosting.value": ["cloud"]},
    {"facts.speed_score.value": True},
    {"facts.speed_score.value": "3.5"},
    {"facts.speed_score.value": None},
    {"facts.speed_score.value": [1]},
    # relationships
    {"built_on": "Werkzeug"},
    {"built_on": [3]},
    {"built_on": None},
    {"built_on.0.name": ...},
    {"built_on.0.relation": ...},
    {"built_on.0.relation": "inspired-by"},
    {"built_on.0.slug": 3},
    {"built_on.0.note": 3},
    {"built_on.0.sources": ...},
    {"built_on.0.sources": []},
    {"built_on.0.extra": 1},
    # attributions and opinions
    {"attributions": []},
    {"attributions": None},
    {"attributions.anon": "Anonymous"},
    {"attributions.anon.author": ...},
    {"attributions.anon.author": ""},
    {"attributions.anon.title": ...},
    {"attributions.anon.date": ...},
    {"attributions.anon.date": "2020"},
    {"attributions.anon.organisation": 3},
    {"attributions.anon.publisher": None},
    {"attributions.anon.url": "http://example.org"},
    {"attributions.anon.extra": 1},
    {"attributions.unused": {"author": "X"}},
    {"opinions": "many"},
    {"opinions": [3]},
    {"opinions": None},
    {"opinions.0.by": ...},
    {"opinions.0.by": "nobody"},
    {"opinions.0.by": ""},
    {"opinions.0.kind": "neutral"},
    {"opinions.0.topic": "weather"},
    {"opinions.0.claim": ...},
    {"opinions.0.claim": " "},
    {"opinions.0.verdict": ...},
    {"opinions.0.verdict": "true"},
    {"opinions.0.correction": ...},
    {"opinions.0.correction": " "},
    {"opinions.1.verdict": "outdated"},
    {"opinions.1.verdict": "partly-accurate"},
    {"opinions.1.verdict": "accurate"},
    {"opinions.0.sources": ...},
    {"opinions.0.sources": []},
    {"opinions.0.criteria": "async_views"},
    {"opinions.0.criteria": ["nosuch"]},
    {"opinions.0.criteria": [""]},
    {"opinions.0.extra": 1},
]


def _id(changes: dict[str, object]) -> str:
    return ",".join(f"{path}={'(deleted)' if value is ... else repr(value)[:30]}" for path, value in changes.items())


def _broken(changes: dict[str, object]) -> dict[str, Any]:
    doc = RICH
    for path, value in changes.items():
        doc = with_change(doc, path, value)
    return doc


@pytest.mark.parametrize("changes", BROKEN, ids=_id)
def test_every_rule_is_kept_by_the_fast_path(changes: dict[str, object]) -> None:
    fast, slow = both(_broken(changes), RICH_CRITERIA)
    assert isinstance(slow, DataError), "not broken: the table is wrong"
    assert fast is None


@pytest.mark.parametrize(
    ("slug", "required"),
    [
        ("other", None),  # the file name says otherwise
        (None, frozenset(RICH_CRITERIA)),  # the default: every criterion required
    ],
)
def test_arguments_are_kept_by_the_fast_path(slug: str | None, required: frozenset[str] | None) -> None:
    doc = copy.deepcopy(RICH)
    del doc["facts"]["orm"]
    fast, slow = both(doc, RICH_CRITERIA, slug=slug, required=required)
    assert isinstance(slow, DataError)
    assert fast is None


@pytest.mark.parametrize("doc", [[RICH], None, "acme", 1, b"{}"], ids=["list", "None", "str", "int", "bytes"])
def test_a_document_that_is_not_a_table(doc: object) -> None:
    fast, slow = both(doc)
    assert isinstance(slow, DataError)
    assert fast is None


# --- fuzzed: the two paths agree on every document ----------------------------------------------

_HALF = frozenset(list(CRITERIA)[::2])
_CASES = st.one_of(
    mutated_documents().map(lambda doc: (doc, CRITERIA)),
    mutated_documents(RICH).map(lambda doc: (doc, RICH_CRITERIA)),
    mutated_documents(FLASK_JSON).map(lambda doc: (doc, CRITERIA)),
)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    case=_CASES,
    slug=st.sampled_from([None, "acme", "flask"]),
    required=st.sampled_from([None, _HALF]),
)
def test_mutated_documents_the_fast_path_agrees(
    case: tuple[dict[str, Any], Mapping[str, fwcompare.Criterion]], slug: str | None, required: frozenset[str] | None
) -> None:
    doc, criteria = case
    assert_agree(doc, criteria, slug=slug, required=required)


@pytest.mark.parametrize(
    ("doc", "criteria", "slug"),
    [(framework_doc(), CRITERIA, "acme"), (RICH, RICH_CRITERIA, "acme"), (FLASK_JSON, CRITERIA, "flask")],
    ids=["factory", "rich", "flask"],
)
def test_the_fuzzed_documents_start_from_the_fast_path(
    doc: dict[str, Any], criteria: Mapping[str, fwcompare.Criterion], slug: str
) -> None:
    # Else the fuzzing above would pass with a fast path that always gives up.
    assert_fast(doc, criteria, slug=slug)
    assert_fast(doc, criteria, required=_HALF)
