"""The rules of the data format: one loader decides, and the shipped JSON Schema agrees with it.

Every broken document below is rejected by `load_framework` with a `DataError`
naming the file and the field, and by ``data/schema/framework-1.schema.json``,
except the few rules that a JSON Schema cannot state (they need the criteria
catalogue, or compare two fields): those are listed in ``BEYOND_THE_SCHEMA``
with the reason, and the loader alone enforces them.
"""

from __future__ import annotations

import copy
import datetime
import json
import types
from typing import Any

import jsonschema
import pytest

import fwcompare
from factories import framework_doc, rich_criteria, rich_framework_doc, with_change
from fwcompare import DataError
from fwcompare.store.loading import load_criteria, load_framework
from fwcompare.store.resources import bundled, read_document

CRITERIA = {c.key: c for c in fwcompare.criteria()}
RICH_CRITERIA = {c.key: c for c in rich_criteria()}
RICH = rich_framework_doc()
SCHEMA: dict[str, Any] = json.loads(bundled().joinpath("schema", "framework-1.schema.json").read_text(encoding="utf-8"))
SLUGS = sorted(r.name.removesuffix(".toml") for r in bundled().joinpath("frameworks").iterdir())


def _validator() -> jsonschema.protocols.Validator:
    cls = jsonschema.validators.validator_for(SCHEMA)
    cls.check_schema(SCHEMA)
    return cls(SCHEMA, format_checker=cls.FORMAT_CHECKER)


VALIDATOR = _validator()


def _as_json(doc: object) -> Any:
    """A document as its JSON twin is: TOML dates as ISO strings."""
    return json.loads(
        json.dumps(doc, default=lambda d: d.isoformat() if isinstance(d, (datetime.date, datetime.time)) else str(d))
    )


def schema_accepts(doc: object) -> bool:
    return bool(VALIDATOR.is_valid(_as_json(doc)))


# --- valid documents: both accept ----------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_every_bundled_file_is_accepted_by_the_loader_and_the_schema(slug: str) -> None:
    file = f"frameworks/{slug}.toml"
    doc = read_document(bundled().joinpath("frameworks", f"{slug}.toml"), file)
    assert load_framework(doc, file, CRITERIA, slug=slug).slug == slug
    assert schema_accepts(doc)


def test_the_factory_documents_are_accepted_by_both() -> None:
    assert load_framework(RICH, "acme.json", RICH_CRITERIA, slug="acme").slug == "acme"
    assert schema_accepts(RICH)
    assert schema_accepts(framework_doc())


class _Text(str):
    pass


@pytest.mark.parametrize(
    "unusual",
    [
        pytest.param(lambda doc: types.MappingProxyType(doc), id="a Mapping that is not a dict"),
        pytest.param(lambda doc: with_change(doc, "name", _Text("Acme")), id="a subclass of str"),
        pytest.param(lambda doc: with_change(doc, "facts.orm.support", fwcompare.SupportLevel.BUILT_IN), id="a member"),
    ],
)
def test_unusual_but_valid_python_documents_load_as_the_plain_ones(unusual: Any) -> None:
    doc = unusual(framework_doc())
    assert load_framework(doc, "acme.json", CRITERIA) == load_framework(framework_doc(), "acme.json", CRITERIA)


def test_toml_dates_and_their_iso_strings_load_alike() -> None:
    doc = copy.deepcopy(RICH)
    doc["checked"]["date"] = datetime.date(2026, 11, 24)
    assert load_framework(doc, "acme.json", RICH_CRITERIA) == load_framework(RICH, "acme.json", RICH_CRITERIA)


# --- broken documents: both reject, and the loader names the field --------------------------------

_SOURCE = {"url": "https://example.org/x", "title": "X", "read": "2026-11-24"}

BROKEN: list[dict[str, object]] = [  # changes to the rich factory document, each breaking one rule
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
    # the four that the loaders accepted and the schema refused (issue 12)
    {"checked.date": "20261124"},
    {"checked.date": "2026-W48-2"},
    {"homepage": "https://exa\tmple.org"},
    {"homepage": "https://example.org/\nnext"},
    {"homepage": "https://example.org/\n"},
    {"homepage": "https:///no-host"},
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
    {"opinions.0.measured": "fast"},
    {"opinions.0.measured": 1},
]


_CATALOGUE = "what each criterion's value may be (its kind and choices) is the catalogue's to say"
BEYOND_THE_SCHEMA = {
    # The rules a JSON Schema of one file cannot state, with the reason; the loader enforces them alone.
    "schema_version=1.0": "JSON has one number type: 1.0 is 1",
    "checked.version='11111111111111111111111111111": "a version of the right shape whose digits exceed int()",
    "facts.async_views.until='11111111111111111111111111111": "a version of the right shape whose digits exceed int()",
    "facts.routing=(deleted)": "which criteria a file must cover is the catalogue's to say",
    "facts.nonsense={'support': 'absent', 'sources": "which criteria exist is the catalogue's to say",
    "facts.async_views.until='2.0'": "compares two fields: until after since",
    "facts.async_views.until='1.0'": "compares two fields: until after since",
    "facts.admin.value='yes'": _CATALOGUE,
    "facts.admin.value=[]": _CATALOGUE,
    "facts.orm.value=''": _CATALOGUE,
    "facts.orm.value=7": _CATALOGUE,
    "facts.orm.value=['SQLAlchemy']": _CATALOGUE,
    "facts.interface.value='WSGI'": _CATALOGUE,
    "facts.interface.value=['CGI']": _CATALOGUE,
    "facts.interface.value=['wsgi']": _CATALOGUE,
    "facts.interface.value=['']": _CATALOGUE,
    "facts.hosting.value='nowhere'": _CATALOGUE,
    "facts.hosting.value=''": _CATALOGUE,
    "facts.hosting.value=['cloud']": _CATALOGUE,
    "facts.speed_score.value='3.5'": _CATALOGUE,
    "opinions.0.by='nobody'": "a cross-reference to a key of [attributions]",
    "opinions.0.criteria=['nosuch']": "which criteria exist is the catalogue's to say",
}


def _id(changes: dict[str, object]) -> str:
    return ",".join(f"{path}={'(deleted)' if value is ... else repr(value)[:30]}" for path, value in changes.items())


def _broken(changes: dict[str, object]) -> dict[str, Any]:
    doc = RICH
    for path, value in changes.items():
        doc = with_change(doc, path, value)
    return doc


def _field_of(path: str) -> str:
    """The dotted field the loader names for a change at *path* ("opinions.0.x" -> "opinions[0].x")."""
    parts: list[str] = []
    for part in path.split("."):
        if part.isdigit():
            parts[-1] += f"[{part}]"
        else:
            parts.append(part)
    return ".".join(parts)


@pytest.mark.parametrize("changes", BROKEN, ids=_id)
def test_every_broken_document_is_rejected_by_the_loader_naming_the_field(changes: dict[str, object]) -> None:
    with pytest.raises(DataError) as caught:
        load_framework(_broken(changes), "acme.json", RICH_CRITERIA)
    error = caught.value
    assert error.file == "acme.json"
    changed = _field_of(next(iter(changes)))
    # The loader names the changed field, a field beside it that the change makes
    # required (a note for "partial"), or the table or list that holds it.
    table = changed.rpartition(".")[0]
    assert error.field, error
    assert error.field.startswith(table) or changed.startswith(error.field), error


@pytest.mark.parametrize("changes", BROKEN, ids=_id)
def test_every_broken_document_is_rejected_by_the_schema(changes: dict[str, object]) -> None:
    if _id(changes) in BEYOND_THE_SCHEMA:
        assert schema_accepts(_broken(changes)), "the schema states it now: take it off BEYOND_THE_SCHEMA"
        return
    assert not schema_accepts(_broken(changes))


@pytest.mark.parametrize("doc", [[RICH], None, "acme", 1], ids=["list", "None", "str", "int"])
def test_a_document_that_is_not_a_table_is_rejected_by_both(doc: object) -> None:
    with pytest.raises(DataError):
        load_framework(doc, "acme.json", CRITERIA)
    assert not schema_accepts(doc)


def test_a_missing_fact_is_rejected_unless_another_source_added_the_criterion() -> None:
    doc = copy.deepcopy(RICH)
    del doc["facts"]["orm"]
    with pytest.raises(DataError, match="orm"):
        load_framework(doc, "acme.json", RICH_CRITERIA)
    framework = load_framework(doc, "acme.json", RICH_CRITERIA, required=frozenset(RICH_CRITERIA) - {"orm"})
    assert framework.facts["orm"].support is fwcompare.SupportLevel.UNKNOWN


def test_the_example_plugin_loads() -> None:
    from pathlib import Path

    data = Path(__file__).resolve().parent.parent / "examples" / "fwcompare-acme" / "src" / "fwcompare_acme" / "data"
    own = load_criteria(read_document(data / "criteria.toml", "criteria.toml"), "criteria.toml")
    criteria = {**CRITERIA, **{c.key: c for c in own}}
    assert load_framework(read_document(data / "acme.toml", "acme.toml"), "acme.toml", criteria).slug == "acme"
