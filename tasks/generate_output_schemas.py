"""Write the JSON Schemas of fwcompare's JSON output from the TypedDicts in ``fwcompare.jsontypes``.

    python tasks/generate_output_schemas.py          # write src/fwcompare/data/schema/output/*.schema.json
    python tasks/generate_output_schemas.py --check  # exit 1 if a shipped schema is out of date

The TypedDicts are the one description of the output; the schemas are generated
from them, and a test checks that the shipped files match.
"""

from __future__ import annotations

import json
import sys
import types
import typing
from pathlib import Path
from typing import Annotated, Any, Literal, NotRequired, get_args, get_origin, get_type_hints, is_typeddict

from fwcompare import jsontypes
from fwcompare._version import OUTPUT_SCHEMA_VERSION

OUT = Path(__file__).resolve().parent.parent / "src" / "fwcompare" / "data" / "schema" / "output"

DOCUMENTS: dict[str, tuple[type, str]] = {
    "compare": (jsontypes.ComparisonDict, "fwcompare compare --format json, Comparison.to_dict()"),
    "show": (jsontypes.ShowDict, "fwcompare show --format json, Framework.to_dict()"),
    "rank": (jsontypes.RankingDict, "fwcompare rank --format json, Ranking.to_dict()"),
    "verify": (jsontypes.VerificationDict, "fwcompare verify --format json, Verification.to_dict()"),
    "list": (jsontypes.FrameworkListDict, "fwcompare list --format json"),
    "criteria": (jsontypes.CriteriaDict, "fwcompare criteria --format json"),
    "export": (jsontypes.ExportDict, "fwcompare export, fwcompare.export()"),
    "check": (jsontypes.StackCheckDict, "fwcompare check --format json, StackCheck.to_dict()"),
    "upgrade": (jsontypes.UpgradeViewDict, "fwcompare compare NAME==A NAME==B --format json, Upgrade.to_dict()"),
    "releases": (jsontypes.ReleaseListingDict, "fwcompare releases --format json, ReleaseListing.to_dict()"),
    "update": (jsontypes.UpdateDict, "fwcompare update --format json, UpdateReport.to_dict()"),
    "bench": (jsontypes.BenchDict, "fwcompare bench --format json, BenchResult.to_format('dict')"),
}

# The forms of text the TypedDicts mark with Annotated[str, FORM] (fwcompare._jsontypes_text).
# "format" says what is meant; validators need not check it, so the pattern is what refuses a wrong form.
_DAY = "[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
FORMS: dict[str, dict[str, str]] = {
    "date": {"format": "date", "pattern": f"^{_DAY}$"},
    "date-time": {
        "format": "date-time",
        "pattern": f"^{_DAY}T[0-9]{{2}}:[0-9]{{2}}:[0-9]{{2}}(\\.[0-9]+)?(Z|[+-][0-9]{{2}}:[0-9]{{2}})$",
    },
    "month-or-date": {"pattern": "^[0-9]{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?$"},
    "partial-date": {"pattern": "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"},
    "https-url": {"format": "uri", "pattern": "^https://[^\\s]+$"},
}


def _schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    if is_typeddict(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}  # placeholder against recursion
            # jsontypes' names resolve annotations of the shapes it re-exports from private modules.
            # With extras: NotRequired (the annotations are strings, so __required_keys__ cannot tell)
            # and the Annotated forms of text.
            hints = get_type_hints(tp, localns=vars(jsontypes), include_extras=True)
            optional = {key for key, value in hints.items() if get_origin(value) is NotRequired}
            properties = {key: _schema(value, defs) for key, value in hints.items()}
            if "schema_version" in properties:
                properties["schema_version"] = {"const": OUTPUT_SCHEMA_VERSION}
            definition: dict[str, Any] = {
                "type": "object",
                # Keys are added in minor releases: readers must accept more.
                "additionalProperties": True,
                "required": [key for key in hints if key not in optional],
                "properties": properties,
            }
            doc = (tp.__doc__ or "").strip().splitlines()
            if doc:
                definition = {"description": doc[0], **definition}
            defs[name] = definition
        return {"$ref": f"#/$defs/{name}"}
    origin = get_origin(tp)
    args = get_args(tp)
    if origin is NotRequired:
        return _schema(args[0], defs)
    if origin is Annotated:
        base, form = args[0], tp.__metadata__[0]
        if base is not str or form not in FORMS:
            raise TypeError(f"no JSON Schema for {tp!r}")
        return {"type": "string", **FORMS[form]}
    if tp is str:
        return {"type": "string"}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is float:
        return {"type": "number"}
    if tp is type(None):
        return {"type": "null"}
    if origin is Literal:
        return {"enum": list(args)}
    if origin in (types.UnionType, typing.Union):
        return {"anyOf": [_schema(a, defs) for a in args]}
    if origin is list:
        return {"type": "array", "items": _schema(args[0], defs)}
    if origin is dict:
        return {"type": "object", "additionalProperties": _schema(args[1], defs)}
    raise TypeError(f"no JSON Schema for {tp!r}")


def schema(name: str) -> dict[str, Any]:
    """The JSON Schema of the document *name* (a key of `DOCUMENTS`)."""
    tp, used_by = DOCUMENTS[name]
    defs: dict[str, Any] = {}
    _schema(tp, defs)
    top = defs.pop(tp.__name__)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:fwcompare:schema:output:{name}:{OUTPUT_SCHEMA_VERSION}",
        "title": f"fwcompare {name} output, schema version {OUTPUT_SCHEMA_VERSION}",
        "description": f"The JSON of {used_by}; generated from fwcompare.jsontypes.{tp.__name__}.",
        **{k: v for k, v in top.items() if k != "description"},
        "$defs": dict(sorted(defs.items())),
    }


def render(name: str) -> str:
    """The schema file's text."""
    return json.dumps(schema(name), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    OUT.mkdir(parents=True, exist_ok=True)
    for name in DOCUMENTS:
        path = OUT / f"{name}.schema.json"
        text = render(name)
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(path.name)
        else:
            path.write_text(text, encoding="utf-8")
    if stale:
        print(f"out of date (run tasks/generate_output_schemas.py): {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
