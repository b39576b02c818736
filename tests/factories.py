"""Builders of valid data documents, for tests that break them one field at a time."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import fwcompare

SOURCE = {"url": "https://example.org/docs", "title": "Example documentation", "read": "2026-11-24"}


def criteria_doc(*keys: str, kind: str = "support") -> dict[str, Any]:
    """A criteria catalogue with one group and the given keys."""
    return {
        "schema_version": 1,
        "groups": {"custom": "Custom"},
        "criterion": [
            {"key": k, "label": k.replace("_", " ").title(), "group": "custom", "kind": kind, "description": k}
            for k in keys
        ],
    }


def fact_doc(criterion: fwcompare.Criterion) -> dict[str, Any]:
    """A valid built-in fact for *criterion*, with a value where its kind needs one."""
    doc: dict[str, Any] = {"support": "built-in", "sources": [dict(SOURCE)]}
    kind = criterion.kind
    if kind is fwcompare.ValueKind.TEXT:
        doc["value"] = "Something"
    elif kind is fwcompare.ValueKind.CHOICE:
        doc["value"] = criterion.choices[0]
    elif kind is fwcompare.ValueKind.TAGS:
        doc["value"] = [criterion.choices[0]]
    elif kind is fwcompare.ValueKind.NUMBER:
        doc["value"] = 1
    return doc


def framework_doc(slug: str = "acme", criteria: tuple[fwcompare.Criterion, ...] | None = None) -> dict[str, Any]:
    """A valid framework document covering *criteria* (default: the bundled catalogue)."""
    if criteria is None:
        criteria = fwcompare.criteria()
    return {
        "schema_version": 1,
        "name": slug.title(),
        "slug": slug,
        "aliases": [f"{slug}-web"],
        "summary": f"The {slug} framework, for tests.",
        "homepage": f"https://{slug}.example.org/",
        "repository": f"https://example.org/{slug}",
        "pypi": slug,
        "license": "MIT",
        "classification": "micro",
        "authors": ["A. Author"],
        "maintainer": "The maintainers",
        "first_release": {"date": "2020-01-01", "version": "0.1", "sources": [dict(SOURCE)]},
        "checked": {"version": "2.0", "date": "2026-11-24"},
        "sources": [dict(SOURCE)],
        "facts": {c.key: fact_doc(c) for c in criteria},
    }


def write_json(directory: Path, name: str, doc: object) -> Path:
    """Write *doc* as JSON to *directory*/*name* and return the path."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def with_change(doc: dict[str, Any], path: str, value: object) -> dict[str, Any]:
    """A deep copy of *doc* with the dotted *path* set to *value* (or deleted for ...)."""
    result = copy.deepcopy(doc)
    *parents, last = path.split(".")
    target: Any = result
    for part in parents:
        target = target[int(part)] if isinstance(target, list) else target[part]
    if value is ...:
        del target[last]
    elif isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value
    return result


def rich_criteria() -> tuple[fwcompare.Criterion, ...]:
    """The bundled catalogue, and two criteria of the kinds it lacks: a number and a choice."""
    number, choice = fwcompare.ValueKind.NUMBER, fwcompare.ValueKind.CHOICE
    return (
        *fwcompare.criteria(),
        fwcompare.Criterion("speed_score", "Speed score", "custom", "Custom", number, "For tests."),
        fwcompare.Criterion("hosting", "Hosting", "custom", "Custom", choice, "For tests.", ("cloud", "on-site")),
    )


def rich_framework_doc(slug: str = "acme") -> dict[str, Any]:
    """A valid document for `rich_criteria` with every optional part the format has, some blank.

    Relationships, attributions and opinions, extensions, version bounds and
    history, a value of every kind, unknown facts with and without sources, and
    no licence (a note instead).
    """
    doc = framework_doc(slug, rich_criteria())
    del doc["license"]
    doc["license_note"] = "Proprietary."
    doc["override"] = False
    doc["first_release"] = {"note": "Not recorded.", "version": " ", "sources": [dict(SOURCE)]}
    doc["built_on"] = [
        {"name": "Werkzeug", "relation": "built-on", "slug": "", "note": "Requests.", "sources": [dict(SOURCE)]},
        {"name": "Other", "relation": "fork-of", "slug": "other", "sources": [dict(SOURCE)]},
    ]
    doc["attributions"] = {
        "someone-2021": {
            "author": "A. Someone",
            "title": "An article",
            "date": "2021-08-25",
            "organisation": "Org",
            "publisher": "Medium",
            "url": "https://example.org/article",
        },
        "anon": {"author": "Anonymous", "title": "A post", "date": "2020-01-01", "url": " "},
    }
    doc["opinions"] = [
        {
            "by": "someone-2021",
            "kind": "con",
            "topic": "async",
            "claim": "No async views.",
            "verdict": "wrong",
            "correction": "Since 2.0.",
            "criteria": ["async_views", "websockets"],
            "sources": [dict(SOURCE)],
        },
        {"by": "anon", "kind": "pro", "topic": "learning-curve", "claim": "Easy.", "verdict": "subjective"},
        {"by": "anon", "kind": "assessment", "topic": "performance", "claim": "Fast.", "verdict": "unverified"},
    ]
    facts = doc["facts"]
    facts["orm"] = {
        "support": "extension",
        "value": "SQLAlchemy",
        "sources": [dict(SOURCE), {"url": "https://example.org/orm", "title": "ORM", "read": "2025-01-02"}],
        "extensions": [
            {"name": "SQLAlchemy", "party": "third", "pypi": "SQLAlchemy", "url": "https://www.sqlalchemy.org/"},
            {"name": "Own ORM", "party": "first", "pypi": " ", "url": ""},
        ],
    }
    facts["async_views"] = {
        "support": "built-in",
        "note": "From 2.0 until 3.0.",
        "since": "2.0",
        "until": "3.0",
        "history": [{"version": "2.1", "note": "Async error handlers."}],
        "sources": [dict(SOURCE)],
    }
    facts["websockets"] = {"support": "partial", "note": "Through a helper.", "since": "1.0", "sources": [dict(SOURCE)]}
    facts["admin"] = {"support": "unknown", "note": "Not documented."}
    facts["csrf"] = {"support": "unknown", "note": "Unclear.", "sources": []}
    facts["sitemaps"] = {"support": "absent", "note": "  ", "sources": [dict(SOURCE)]}
    facts["interface"]["value"] = ["own-server", "WSGI", "WSGI"]  # catalogue order, once each, when loaded
    facts["routing"]["value"] = []
    facts["speed_score"]["value"] = 3.5
    facts["hosting"]["value"] = "on-site"
    return doc
