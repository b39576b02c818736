"""Loading: data documents (parsed TOML or JSON) into model objects.

Every check here raises `DataError` naming the file and the dotted field, so a
broken data file can be fixed without reading this code. This module does not
know where documents come from (`resources` reads files), and reads each
table through `tables.Table`, whose typed readers name the field in every error.

This is the one definition of a valid document, for bundled, plugin and user
files alike. The JSON Schema that ships (``data/schema/``) is tested against the
same table of broken documents (``tests/test_data_rules.py``); the bundled data
is compiled to JSON by ``tasks/compile_data.py``, which loads it here first.
"""

from __future__ import annotations

import datetime
import re
import types
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Literal, TypeVar

from .._version import SCHEMA_VERSION
from .._vocab import (
    Classification,
    ExtensionStatus,
    Measured,
    OpinionKind,
    OpinionTopic,
    Party,
    RelationKind,
    SupportLevel,
    ValueKind,
    Verdict,
)
from ..model.criteria import Criterion
from ..model.facts import Extension, Fact, Milestone, Source, Value, no_data
from ..model.frameworks import CheckedAgainst, FirstRelease, Framework, Relationship, ReleaseData
from ..model.opinions import Attribution, Opinion
from .tables import Table

if TYPE_CHECKING:
    from ..model.extension_health import InstallRun
    from ..model.releases import Release

Health = Callable[[str], "tuple[ExtensionStatus, str, tuple[InstallRun, ...]] | None"]
"""An extension's health by its PyPI name: its status, the note saying why and the recorded runs, or ``None``."""

__all__ = ["load_criteria", "load_framework", "read_sources"]

_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
_KEY = re.compile(r"[a-z][a-z0-9_]*\Z")


def _check_schema(doc: Table) -> None:
    version = doc._get("schema_version", (int,), "an integer", True)
    if version != SCHEMA_VERSION:
        raise doc.error(
            "schema_version",
            f"this fwcompare reads schema version {SCHEMA_VERSION}, the file has {version}",
        )


def load_criteria(data: object, file: str) -> tuple[Criterion, ...]:
    """The criteria of a catalogue document, in its order."""
    doc = Table(data, file)
    _check_schema(doc)
    groups_doc = doc.table("groups")
    assert groups_doc is not None
    groups = {key: groups_doc.text(key) for key in groups_doc.data}
    result: list[Criterion] = []
    seen: set[str] = set()
    for item in doc.tables("criterion", required=True):
        key = item.text("key")
        if not _KEY.match(key):
            raise item.error("key", f"{key!r} is not a key (lower case, digits, underscores)")
        if key in seen:
            raise item.error("key", f"{key!r} is listed twice")
        seen.add(key)
        group = item.text("group")
        if group not in groups:
            raise item.error("group", f"{group!r} is not a key of [groups]")
        kind = item.choice("kind", ValueKind)
        choices = item.texts("choices")
        if kind in (ValueKind.CHOICE, ValueKind.TAGS) and not choices:
            raise item.error("choices", f"is required for kind {str(kind)!r}")
        result.append(
            Criterion(
                key=key,
                label=item.text("label"),
                group=group,
                group_label=groups[group],
                kind=kind,
                description=item.text("description"),
                choices=choices,
            )
        )
        item.done()
    doc.done()
    return tuple(result)


def read_sources(doc: Table, key: str = "sources", *, required: bool = True) -> tuple[Source, ...]:
    """The sources under *key* of *doc* (each an https URL, a title and the day read); at least one if *required*."""
    items = doc.tables(key)
    if required and not items:
        raise doc.error(key, "at least one source is required")
    result = []
    for item in items:
        url = item.url("url")
        assert url is not None
        result.append(Source(url, item.text("title"), item.date("read")))
        item.done()
    return tuple(result)


def _value(doc: Table, criterion: Criterion, key: str = "value") -> Value | None:
    # *key* is "value", or a history entry's "value_before": the same rules.
    if key not in doc.data:
        return None
    kind = criterion.kind
    if kind is ValueKind.SUPPORT:
        raise doc.error(key, f"criterion {criterion.key!r} takes no value")
    if kind is ValueKind.TEXT:
        return doc.text(key)
    if kind is ValueKind.NUMBER:
        number: int | float = doc._get(key, (int, float), "a number", True)
        return number
    if kind is ValueKind.CHOICE:
        value = doc.text(key)
        if value not in criterion.choices:
            raise doc.error(key, f"{value!r} is not one of {', '.join(criterion.choices)}")
        return value
    tags = doc.texts(key, required=True)
    for tag in tags:
        if tag not in criterion.choices:
            raise doc.error(key, f"{tag!r} is not one of {', '.join(criterion.choices)}")
    # A fixed order (the catalogue's) so that equal sets compare and render equal.
    return tuple(c for c in criterion.choices if c in tags)


def _history(doc: Table, criterion: Criterion, support: SupportLevel) -> tuple[Milestone, ...]:
    history = []
    previous: Milestone | None = None  # the last entry that records a level
    for item in doc.tables("history"):
        before = item.choice("support_before", SupportLevel, required=False) if "support_before" in item.data else None
        value_before = _value(item, criterion, "value_before")
        if before is None and value_before is not None:
            raise item.error("value_before", "needs support_before: the level that applied with that value")
        if before is not None and support is SupportLevel.UNKNOWN:
            raise item.error("support_before", "makes no sense when the fact's support is 'unknown'")
        milestone = Milestone(
            version=item.version("version", required=True),
            note=item.text("note"),
            support_before=before,
            value_before=value_before,
        )
        if before is not None:
            if previous is not None and not previous.version < milestone.version:
                raise item.error(
                    "version", f"entries with support_before must be in version order, after {previous.version}"
                )
            previous = milestone
        history.append(milestone)
        item.done()
    return tuple(history)


def _fact(doc: Table, criterion: Criterion, health: Health | None = None) -> Fact:
    # Most facts have no bounds, extensions or history: an absent field is its
    # default, so the reader is asked only for the fields the table has (a load
    # of 10,000 frameworks reads a quarter of a million facts).
    data = doc.data
    support = doc.choice("support", SupportLevel)
    note = doc.text("note", required=False)
    if support in (SupportLevel.PARTIAL, SupportLevel.UNKNOWN) and not note.strip():
        raise doc.error(
            "note",
            f"is required when support is {str(support)!r}: "
            + ("say what is missing" if support is SupportLevel.PARTIAL else "say why"),
        )
    sources = read_sources(doc, required=support is not SupportLevel.UNKNOWN)
    extensions = _extensions(doc, health) if "extensions" in data else ()
    if support is SupportLevel.EXTENSION and not extensions:
        raise doc.error("extensions", "at least one extension is required when support is 'extension'")
    since = doc.version("since") if "since" in data else None
    until = doc.version("until") if "until" in data else None
    if (since is not None or until is not None) and support in (SupportLevel.ABSENT, SupportLevel.UNKNOWN):
        raise doc.error(
            "since" if since is not None else "until", f"version bounds make no sense when support is {str(support)!r}"
        )
    if since is not None and until is not None and not since < until:
        raise doc.error("until", f"must be after since ({since}), got {until}")
    history = _history(doc, criterion, support) if "history" in data else ()
    value = _value(doc, criterion) if "value" in data else None
    doc.done()
    return Fact(criterion.key, support, sources, value, since, until, note, extensions, history)


def _extensions(doc: Table, health: Health | None) -> tuple[Extension, ...]:
    extensions = []
    for item in doc.tables("extensions"):
        pypi = item.optional_text("pypi")
        # The extension's health next to this framework, where the data source has it.
        found = None if health is None or pypi is None else health(pypi)
        extensions.append(
            Extension(
                name=item.text("name"),
                party=item.choice("party", Party),
                pypi=pypi,
                url=item.url("url", required=False),
                status=None if found is None else found[0],
                status_note="" if found is None else found[1],
                runs=() if found is None else found[2],
            )
        )
        item.done()
    return tuple(extensions)


def _opinions(doc: Table, criteria_keys: Mapping[str, Criterion]) -> tuple[Opinion, ...]:
    attributions: dict[str, Attribution] = {}
    table = doc.table("attributions", required=False)
    if table is not None:
        for key in table.data:
            item = table.table(key)
            assert item is not None
            attributions[key] = Attribution(
                author=item.text("author"),
                title=item.text("title"),
                date=item.date("date"),
                organisation=item.text("organisation", required=False),
                publisher=item.text("publisher", required=False),
                url=item.url("url", required=False),
            )
            item.done()
    result = []
    for item in doc.tables("opinions"):
        by = item.text("by")
        if by not in attributions:
            raise item.error("by", f"{by!r} is not a key of [attributions]")
        verdict = item.choice("verdict", Verdict)
        correction = item.text("correction", required=False)
        if verdict.needs_correction and not correction.strip():
            raise item.error("correction", f"is required when the verdict is {str(verdict)!r}")
        related = item.texts("criteria")
        for i, key in enumerate(related):
            if key not in criteria_keys:
                raise item.error(f"criteria[{i}]", f"{key!r} is not a criterion")
        needs_sources = verdict not in (Verdict.SUBJECTIVE, Verdict.UNVERIFIED)
        result.append(
            Opinion(
                by=attributions[by],
                kind=item.choice("kind", OpinionKind),
                topic=item.choice("topic", OpinionTopic),
                claim=item.text("claim"),
                verdict=verdict,
                correction=correction,
                criteria=related,
                sources=read_sources(item, required=needs_sources),
                measured=item.choice("measured", Measured) if "measured" in item.data else None,
            )
        )
        item.done()
    return tuple(result)


def load_framework(
    data: object,
    file: str,
    criteria: Mapping[str, Criterion],
    *,
    slug: str | None = None,
    required: Collection[str] | None = None,
    releases: Sequence[Release] = (),
    release_data: ReleaseData | None = None,
    health: Health | None = None,
) -> Framework:
    """The framework of a document, checked against the criteria catalogue.

    *slug*, when given, is what the file name says the slug is; the document
    must agree with it. Every criterion in *required* (default: all of
    *criteria*) must have a fact; the others, added by other data sources,
    are unknown when the document does not cover them. What the data source
    knows beside the document fills the framework's typed fields as it is
    built: its *releases* and *release_data* (source, support policy), and
    *health*, which gives an extension's status and note by its PyPI name.
    """
    doc = Table(data, file)
    _check_schema(doc)
    doc_slug = doc.text("slug")
    if not _SLUG.match(doc_slug):
        raise doc.error("slug", f"{doc_slug!r} is not a slug (lower case, digits, hyphens)")
    if slug is not None and doc_slug != slug:
        raise doc.error("slug", f"{doc_slug!r} does not match the file name ({slug!r})")
    # Read by the registry: this file deliberately replaces a framework of the same slug.
    doc._get("override", (bool,), "true or false", False)
    license_ = doc.optional_text("license")
    license_note = doc.text("license_note", required=False)
    if license_ is None and not license_note.strip():
        raise doc.error("license_note", "is required when there is no SPDX 'license'")

    facts_doc = doc.table("facts")
    assert facts_doc is not None
    facts: dict[str, Fact] = {}
    for key, criterion in criteria.items():
        fact_doc = facts_doc.table(key, required=False)
        if fact_doc is not None:
            facts[key] = _fact(fact_doc, criterion, health)
        elif required is None or key in required:
            raise facts_doc.error(key, "is missing: every criterion needs a fact (support = 'unknown' with a note)")
        else:
            facts[key] = _not_covered(key, file)
    extra = sorted(set(facts_doc.data) - set(criteria))
    if extra:
        raise facts_doc.error(extra[0], "is not a criterion of the catalogue")

    first = doc.table("first_release")
    checked = doc.table("checked")
    assert first is not None
    assert checked is not None
    framework = Framework(
        name=doc.text("name"),
        slug=doc_slug,
        aliases=doc.texts("aliases"),
        summary=doc.text("summary"),
        homepage=_required_url(doc, "homepage"),
        repository=_required_url(doc, "repository"),
        pypi=doc.text("pypi"),
        license=license_,
        license_note=license_note,
        classification=doc.choice("classification", Classification),
        authors=doc.texts("authors", required=True),
        maintainer=doc.text("maintainer"),
        first_release=_done(
            first,
            lambda: _first_release(first),
        ),
        checked=_done(
            checked,
            lambda: CheckedAgainst(version=checked.version("version", required=True), date=checked.date("date")),
        ),
        sources=read_sources(doc),
        built_on=tuple(_relationship(item) for item in doc.tables("built_on")),
        facts=types.MappingProxyType(facts),
        opinions=_opinions(doc, criteria),
        # One read-only view shared by every framework of a load, not a copy each.
        criteria=criteria if isinstance(criteria, types.MappingProxyType) else types.MappingProxyType(dict(criteria)),
        releases=releases,
        release_data=release_data,
    )
    doc.done()
    return framework


def _not_covered(key: str, file: str) -> Fact:
    """The unknown fact of a criterion another source added, which *file* does not cover."""
    return no_data(key, f"No data: {file} does not cover this criterion.")


def _first_release(doc: Table) -> FirstRelease:
    # The date may be unknown (never guessed): then the note must say why. Where the
    # sources give only a year or a month, it is "YYYY" or "YYYY-MM".
    date: datetime.date | None = None
    precision: Literal["day", "month", "year"] = "day"
    raw = doc.data.get("date")
    if isinstance(raw, str) and _PARTIAL_DATE.fullmatch(raw):
        doc._seen.add("date")
        year, _, month = raw.partition("-")
        if month and not 1 <= int(month) <= 12:
            raise doc.error("date", f"expected a month 01 to 12, got {raw!r}")
        date = datetime.date(int(year), int(month or 1), 1)
        precision = "month" if month else "year"
    elif "date" in doc.data:
        date = doc.date("date")
    note = doc.text("note", required=False)
    if date is None and not note.strip():
        raise doc.error("note", "is required when the date is not given: say why it is unknown")
    return FirstRelease(
        date=date, version=doc.optional_text("version"), note=note, sources=read_sources(doc), precision=precision
    )


_PARTIAL_DATE = re.compile(r"[0-9]{4}(-[0-9]{2})?")


def _required_url(doc: Table, key: str) -> str:
    url = doc.url(key)
    assert url is not None
    return url


_T = TypeVar("_T")


def _done(doc: Table, build: Callable[[], _T]) -> _T:
    result = build()
    doc.done()
    return result


def _relationship(doc: Table) -> Relationship:
    return _done(
        doc,
        lambda: Relationship(
            name=doc.text("name"),
            kind=doc.choice("relation", RelationKind),
            slug=doc.optional_text("slug"),
            note=doc.text("note", required=False),
            sources=read_sources(doc),
        ),
    )
