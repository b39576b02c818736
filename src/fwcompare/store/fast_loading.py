"""Loading, the fast path: a framework document that is exactly as expected, built quickly.

`_loading.load_framework` tries `build_framework` first. It accepts only what
the checked (slow) path in `_loading` accepts, and then builds an equal object.
For anything else it returns ``None`` at the first doubt, and the slow path
either builds the object or raises the `DataError` that names the file and the
field. So this module never raises for bad data and never words an error: every
message stays in `_loading`.

Doubt means bad data, and also valid but unusual input, left to the slow path
by design: a `Mapping` that is not a dict, a subclass of str, int, list or
date where the parsers give the exact type, an enum member where the data has
its string. Documents from tomllib and json, as the data files are, take this
path whole, opinions, relationships and history included.

What makes it fast: exact type checks (``type(x) is str``), fixed key sets
compared in C (``table.keys() <= ALLOWED``, or a length where every key is
required), enum members by dict lookup, positional constructor calls, and no
reader objects, seen-key sets or path strings. Every rule here mirrors one in
`_loading`; a change to one is a change to both (tests/test_fast_loading.py
compares the two paths on fuzzed documents).
"""

from __future__ import annotations

import datetime
import types
from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from .._version import SCHEMA_VERSION
from .._vocab import (
    Classification,
    OpinionKind,
    OpinionTopic,
    Party,
    RelationKind,
    SupportLevel,
    ValueKind,
    Verdict,
)
from ..model.facts import Extension, Fact, Milestone, Source, parse_version
from ..model.frameworks import CheckedAgainst, FirstRelease, Framework, Relationship
from ..model.opinions import Attribution, Opinion
from .loading import _SLUG, _date, _is_https, _not_covered

if TYPE_CHECKING:
    from packaging.version import Version

    from ..model.criteria import Criterion

__all__ = ["build_framework"]

_E = TypeVar("_E")


class _Unexpected(Exception):
    """Raised inside this module for anything not exactly as expected; never escapes it."""


_ABSENT: Any = object()  # a default that no document value can be (JSON null is None)
_DATE = datetime.date

# Enum members by their data value: a dict lookup, where Enum(value) costs a Python call.
_SUPPORT = {m.value: m for m in SupportLevel}
_PARTY = {m.value: m for m in Party}
_CLASSIFICATION = {m.value: m for m in Classification}
_RELATION = {m.value: m for m in RelationKind}
_VERDICT = {m.value: m for m in Verdict}
_OPINION_KIND = {m.value: m for m in OpinionKind}
_TOPIC = {m.value: m for m in OpinionTopic}
_UNKNOWN = SupportLevel.UNKNOWN
_EXTENSION = SupportLevel.EXTENSION
_NEEDS_NOTE = (SupportLevel.PARTIAL, SupportLevel.UNKNOWN)
_NO_BOUNDS = (SupportLevel.ABSENT, SupportLevel.UNKNOWN)
_NO_SOURCES_NEEDED = (Verdict.SUBJECTIVE, Verdict.UNVERIFIED)

# The fields each table may have (the slow path's `_Doc.done` rejects any other key).
_FRAMEWORK_KEYS = frozenset(
    {
        "schema_version",
        "slug",
        "override",
        "license",
        "license_note",
        "facts",
        "first_release",
        "checked",
        "name",
        "aliases",
        "summary",
        "homepage",
        "repository",
        "pypi",
        "classification",
        "authors",
        "maintainer",
        "sources",
        "built_on",
        "attributions",
        "opinions",
    }
)
_FACT_KEYS = frozenset({"support", "note", "sources", "extensions", "since", "until", "history", "value"})
_EXTENSION_KEYS = frozenset({"name", "party", "pypi", "url"})
_FIRST_RELEASE_KEYS = frozenset({"date", "note", "version", "sources"})
_RELATIONSHIP_KEYS = frozenset({"name", "relation", "slug", "note", "sources"})
_ATTRIBUTION_KEYS = frozenset({"author", "title", "date", "organisation", "publisher", "url"})
_OPINION_KEYS = frozenset({"by", "verdict", "correction", "criteria", "kind", "topic", "claim", "sources"})


def build_framework(
    data: object,
    file: str,
    criteria: Mapping[str, Criterion],
    slug: str | None,
    required: Collection[str] | None,
) -> Framework | None:
    """The framework of *data*, as `_loading.load_framework` builds it; ``None`` if in any doubt."""
    try:
        return _framework(data, file, criteria, slug, required)
    except _Unexpected:  # only this module's own signal: a bug here still raises
        return None


# --- one field: each returns the value the slow path would, or raises _Unexpected ------------


def _table(value: object, keys: frozenset[str]) -> dict[str, Any]:
    if type(value) is not dict or not value.keys() <= keys:
        raise _Unexpected
    return value


def _list(value: object) -> list[Any]:
    """An optional list of tables: absent is empty."""
    if value is _ABSENT:
        return []
    if type(value) is not list:
        raise _Unexpected
    return value


def _text(value: object) -> str:
    """A required, non-blank string (`_Doc.text`)."""
    if type(value) is not str or not value.strip():
        raise _Unexpected
    return value


def _text_or_empty(value: object) -> str:
    """An optional string, "" when absent, blank allowed (`_Doc.text(required=False)`)."""
    if value is _ABSENT:
        return ""
    if type(value) is not str:
        raise _Unexpected
    return value


def _optional_text(value: object) -> str | None:
    """An optional string, None when absent or blank (`_Doc.optional_text`)."""
    if value is _ABSENT:
        return None
    if type(value) is not str:
        raise _Unexpected
    return value if value.strip() else None


def _texts(value: object) -> tuple[str, ...]:
    """A list of non-blank strings (`_Doc.texts`); the caller handles absence."""
    if type(value) is not list:
        raise _Unexpected
    for item in value:
        if type(item) is not str or not item.strip():
            raise _Unexpected
    return tuple(value)


def _url(value: object) -> str:
    if type(value) is not str or not _is_https(value):  # https:// and more: never blank
        raise _Unexpected
    return value


def _optional_url(value: object) -> str | None:
    url = _optional_text(value)
    if url is not None and not _is_https(url):
        raise _Unexpected
    return url


def _day(value: object) -> datetime.date:
    """A date: a TOML date (not a datetime) or a JSON YYYY-MM-DD string (`_Doc.date`)."""
    if type(value) is str:
        try:
            return _date(value)
        except ValueError:
            raise _Unexpected from None
    if type(value) is not _DATE:  # a datetime.datetime is a date too, and is refused
        raise _Unexpected
    return value


def _version(value: object) -> Version:
    if type(value) is not str:
        raise _Unexpected
    try:
        return parse_version(value)
    except ValueError:  # InvalidVersion, or digits past int()'s limit
        raise _Unexpected from None


def _choice(members: dict[str, _E], value: object) -> _E:
    if type(value) is not str:  # a list would not even hash
        raise _Unexpected
    member = members.get(value)
    if member is None:
        raise _Unexpected
    return member


# --- the hot part: facts and their sources, a few dozen per framework -------------------------


def _sources(items: object, required: bool) -> tuple[Source, ...]:
    """`_loading._sources`: *items* is the raw value, _ABSENT when the key is missing."""
    if type(items) is not list:
        if items is _ABSENT and not required:
            return ()
        raise _Unexpected
    if required and not items:
        raise _Unexpected
    result = []
    for item in items:
        # Three required keys, all found below, and three keys in all: no unknown key.
        if type(item) is not dict or len(item) != 3:
            raise _Unexpected
        url = item.get("url")
        title = item.get("title")
        read = item.get("read")
        # `_is_https`, inline: this runs for every source.
        if (
            type(url) is not str
            or not url.startswith("https://")
            or len(url) <= 8
            or " " in url
            or type(title) is not str
            or not title.strip()
        ):
            raise _Unexpected
        if type(read) is str:
            try:
                read = _date(read)
            except ValueError:
                raise _Unexpected from None
        elif type(read) is not _DATE:
            raise _Unexpected
        result.append(Source(url, title, read))
    return tuple(result)


def _fact(doc: object, criterion: Criterion) -> Fact:
    """`_loading._fact`."""
    if type(doc) is not dict or not doc.keys() <= _FACT_KEYS:
        raise _Unexpected
    get = doc.get
    level = get("support")
    if type(level) is not str:
        raise _Unexpected
    support = _SUPPORT.get(level)
    if support is None:
        raise _Unexpected
    note = get("note", "")
    if type(note) is not str or (support in _NEEDS_NOTE and not note.strip()):
        raise _Unexpected
    sources = _sources(get("sources", _ABSENT), support is not _UNKNOWN)

    items = get("extensions", _ABSENT)
    extensions = () if items is _ABSENT else _extensions(items)
    if support is _EXTENSION and not extensions:
        raise _Unexpected

    since = get("since", _ABSENT)
    until = get("until", _ABSENT)
    if since is _ABSENT and until is _ABSENT:
        since = until = None
    else:
        if support in _NO_BOUNDS:
            raise _Unexpected
        since = None if since is _ABSENT else _version(since)
        until = None if until is _ABSENT else _version(until)
        if since is not None and until is not None and not since < until:
            raise _Unexpected

    items = get("history", _ABSENT)
    history = () if items is _ABSENT else tuple([_milestone(item, criterion, support) for item in _list(items)])
    _levels_in_order(history)
    value = get("value", _ABSENT)
    value = None if value is _ABSENT else _value(value, criterion)
    return Fact(criterion.key, support, sources, value, since, until, note, extensions, history)


def _extensions(items: object) -> tuple[Extension, ...]:
    if type(items) is not list:
        raise _Unexpected
    result = []
    for item in items:
        get = _table(item, _EXTENSION_KEYS).get
        name = get("name")
        party = get("party")
        if type(name) is not str or not name.strip() or type(party) is not str:
            raise _Unexpected
        party = _PARTY.get(party)
        if party is None:
            raise _Unexpected
        pypi = get("pypi", _ABSENT)
        url = get("url", _ABSENT)
        # Mostly absent: no call then.
        if pypi is not _ABSENT or url is not _ABSENT:
            pypi, url = _optional_text(pypi), _optional_url(url)
        else:
            pypi = url = None
        result.append(Extension(name, party, pypi, url))
    return tuple(result)


_MILESTONE_KEYS = frozenset({"version", "note", "support_before", "value_before"})


def _milestone(item: object, criterion: Criterion, support: SupportLevel) -> Milestone:
    """`_loading._history`, one entry: two required keys, two optional ones."""
    if type(item) is not dict or not item.keys() <= _MILESTONE_KEYS:
        raise _Unexpected
    version, note = _version(item.get("version")), _text(item.get("note"))
    if len(item) == 2:
        return Milestone(version, note)
    before = item.get("support_before", _ABSENT)
    if before is _ABSENT or type(before) is not str or before not in _SUPPORT or support is _UNKNOWN:
        raise _Unexpected  # the checked path names what is wrong
    value = item.get("value_before", _ABSENT)
    return Milestone(version, note, _SUPPORT[before], None if value is _ABSENT else _value(value, criterion))


def _levels_in_order(history: tuple[Milestone, ...]) -> None:
    from itertools import pairwise

    versions = [m.version for m in history if m.support_before is not None]
    if any(not a < b for a, b in pairwise(versions)):
        raise _Unexpected


def _value(value: object, criterion: Criterion) -> str | int | float | tuple[str, ...]:
    """`_loading._value`, for a value that is present; the same kind tests, in the same order."""
    kind = criterion.kind
    if kind is ValueKind.SUPPORT:
        raise _Unexpected
    if kind is ValueKind.TEXT:
        return _text(value)
    if kind is ValueKind.NUMBER:
        if type(value) is not int and type(value) is not float:  # bool is not a number here
            raise _Unexpected
        return value
    choices = criterion.choices
    if kind is ValueKind.CHOICE:
        choice = _text(value)
        if choice not in choices:
            raise _Unexpected
        return choice
    tags = _texts(value)
    for tag in tags:
        if tag not in choices:
            raise _Unexpected
    # The catalogue's order, as the slow path gives it.
    return tuple(c for c in choices if c in tags)


# --- the rest of a framework: once per document -----------------------------------------------


def _framework(
    data: object,
    file: str,
    criteria: Mapping[str, Criterion],
    slug: str | None,
    required: Collection[str] | None,
) -> Framework:
    doc = _table(data, _FRAMEWORK_KEYS)
    get = doc.get
    version = get("schema_version")
    if type(version) is not int or version != SCHEMA_VERSION:
        raise _Unexpected
    doc_slug = get("slug")
    if type(doc_slug) is not str or not _SLUG.match(doc_slug) or (slug is not None and doc_slug != slug):
        raise _Unexpected
    override = get("override", _ABSENT)
    if override is not _ABSENT and type(override) is not bool:
        raise _Unexpected
    license_ = _optional_text(get("license", _ABSENT))
    license_note = _text_or_empty(get("license_note", _ABSENT))
    if license_ is None and not license_note.strip():
        raise _Unexpected

    facts_doc = get("facts")
    # Every key a criterion's: the slow path rejects the others.
    if type(facts_doc) is not dict or not facts_doc.keys() <= criteria.keys():
        raise _Unexpected
    facts: dict[str, Fact] = {}
    fact = _fact
    absent = _ABSENT
    for key, criterion in criteria.items():
        fact_doc = facts_doc.get(key, absent)
        if fact_doc is not absent:
            facts[key] = fact(fact_doc, criterion)
        elif required is None or key in required:
            raise _Unexpected
        else:
            facts[key] = _not_covered(key, file)

    aliases = get("aliases", _ABSENT)
    return Framework(
        _text(get("name")),
        doc_slug,
        _text(get("summary")),
        _url(get("homepage")),
        _url(get("repository")),
        _text(get("pypi")),
        _choice(_CLASSIFICATION, get("classification")),
        _texts(get("authors")),  # required, and may be empty (as in the slow path)
        _text(get("maintainer")),
        _first_release(get("first_release")),
        _checked(get("checked")),
        _sources(get("sources", _ABSENT), True),
        types.MappingProxyType(facts),
        () if aliases is _ABSENT else _texts(aliases),
        license_,
        license_note,
        tuple(_relationship(item) for item in _list(get("built_on", _ABSENT))),
        _opinions(get("attributions", _ABSENT), get("opinions", _ABSENT), criteria),
    )


def _first_release(value: object) -> FirstRelease:
    doc = _table(value, _FIRST_RELEASE_KEYS)
    get = doc.get
    date = get("date", _ABSENT)
    if type(date) is str and len(date) in (4, 7):
        return _first_release_partial(doc)
    date = None if date is _ABSENT else _day(date)
    note = _text_or_empty(get("note", _ABSENT))
    if date is None and not note.strip():
        raise _Unexpected
    return FirstRelease(date, _sources(get("sources", _ABSENT), True), _optional_text(get("version", _ABSENT)), note)


def _first_release_partial(doc: dict[str, object]) -> FirstRelease:
    """A first release dated to a year or a month ("2009", "2002-07"): `_loading._first_release`."""
    import re

    date = doc["date"]
    assert isinstance(date, str)
    if not re.fullmatch(r"[0-9]{4}(-(0[1-9]|1[0-2]))?", date):
        raise _Unexpected
    year, _, month = date.partition("-")
    return FirstRelease(
        datetime.date(int(year), int(month or 1), 1),
        _sources(doc.get("sources", _ABSENT), True),
        _optional_text(doc.get("version", _ABSENT)),
        _text_or_empty(doc.get("note", _ABSENT)),
        "month" if month else "year",
    )


def _checked(value: object) -> CheckedAgainst:
    # Two required keys, and two keys in all.
    if type(value) is not dict or len(value) != 2:
        raise _Unexpected
    return CheckedAgainst(_version(value.get("version")), _day(value.get("date")))


def _relationship(item: object) -> Relationship:
    doc = _table(item, _RELATIONSHIP_KEYS)
    get = doc.get
    return Relationship(
        _text(get("name")),
        _choice(_RELATION, get("relation")),
        _sources(get("sources", _ABSENT), True),
        _optional_text(get("slug", _ABSENT)),
        _text_or_empty(get("note", _ABSENT)),
    )


def _opinions(attributions_doc: object, items: object, criteria: Mapping[str, Criterion]) -> tuple[Opinion, ...]:
    attributions: dict[str, Attribution] = {}
    if attributions_doc is not _ABSENT:
        if type(attributions_doc) is not dict:
            raise _Unexpected
        # Any keys: the slow path never checks this table's key set, only that each is a table.
        for key, item in attributions_doc.items():
            get = _table(item, _ATTRIBUTION_KEYS).get
            attributions[key] = Attribution(
                _text(get("author")),
                _text(get("title")),
                _day(get("date")),
                _text_or_empty(get("organisation", _ABSENT)),
                _text_or_empty(get("publisher", _ABSENT)),
                _optional_url(get("url", _ABSENT)),
            )
    result = []
    for item in _list(items):
        get = _table(item, _OPINION_KEYS).get
        by = attributions.get(_text(get("by")))
        if by is None:
            raise _Unexpected
        verdict = _choice(_VERDICT, get("verdict"))
        correction = _text_or_empty(get("correction", _ABSENT))
        if verdict.needs_correction and not correction.strip():
            raise _Unexpected
        related = get("criteria", _ABSENT)
        related = () if related is _ABSENT else _texts(related)
        for key in related:
            if key not in criteria:
                raise _Unexpected
        result.append(
            Opinion(
                by,
                _choice(_OPINION_KIND, get("kind")),
                _choice(_TOPIC, get("topic")),
                _text(get("claim")),
                verdict,
                correction,
                related,
                _sources(get("sources", _ABSENT), verdict not in _NO_SOURCES_NEEDED),
            )
        )
    return tuple(result)
