"""The JSON Schemas of fwcompare's JSON output, shipped in the package.

One schema per document (``compare``, ``show``, ``rank``, ``verify``,
``list``, ``criteria``, ``export``), in
``fwcompare/data/schema/output/NAME.schema.json``, generated from the
TypedDicts of `fwcompare.jsontypes` (``tasks/generate_output_schemas.py``).
Every document carries ``schema_version``; within one, keys are only added,
so the schemas allow properties they do not list.

>>> from fwcompare.schemas import OUTPUTS, output_schema
>>> output_schema("compare")["$id"]
'urn:fwcompare:schema:output:compare:1'
>>> "rank" in OUTPUTS
True
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["OUTPUTS", "output_schema"]

OUTPUTS = (
    "compare", "show", "rank", "verify", "list", "criteria", "export", "check", "upgrade",
    "releases", "update", "bench",
)  # fmt: skip
"""The names of the documents that have a schema."""


def output_schema(name: str) -> dict[str, Any]:
    """The JSON Schema (a dict) of output document *name*; `ValueError` for an unknown name."""
    if name not in OUTPUTS:
        raise ValueError(f"no output schema named {name!r}; the schemas are {', '.join(OUTPUTS)}")
    from .store.resources import read_bundled

    schema: dict[str, Any] = json.loads(read_bundled("schema", "output", f"{name}.schema.json"))
    return schema
