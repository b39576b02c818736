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
