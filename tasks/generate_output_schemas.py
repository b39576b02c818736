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
from typing import Any, Literal, NotRequired, get_args, get_origin, get_type_hints, is_typeddict

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
}


def _schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    if is_typeddict(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}  # placeholder against recursion
            # jsontypes' names resolve annotations of the shapes it re-exports from private modules.
            hints = get_type_hints(tp, localns=vars(jsontypes))
            # NotRequired keys (the annotations are strings, so __required_keys__ cannot tell).
            extras = get_type_hints(tp, localns=vars(jsontypes), include_extras=True)
            optional = {key for key, value in extras.items() if get_origin(value) is NotRequired}
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
