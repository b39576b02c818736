"""The data format, field by field, from the JSON Schemas shipped in the package."""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib.resources import files
from typing import Any

from _pages_markdown import code, table, text


def schema_page() -> str:
    directory = files("fwcompare").joinpath("data", "schema")
    schemas = sorted((p for p in directory.iterdir() if p.name.endswith(".schema.json")), key=lambda p: p.name)
    lines = [
        "# The data format, field by field",
        "",
        "Generated from the JSON Schemas shipped in the package",
        f"({', '.join(code('fwcompare/data/schema/' + p.name) for p in schemas)}), which editors and CI",
        "can validate data files against. {doc}`/data-format` explains the format with examples; some",
        "rules need the criteria catalogue (a value's type by the criterion's kind, which keys exist)",
        "and are checked by fwcompare's loader rather than the schema.",
        "",
    ]
    for path in schemas:
        schema = json.loads(path.read_text(encoding="utf-8"))
        lines += _SchemaWriter(path.name.split("-")[0], schema).lines()
    return "\n".join(lines)


class _SchemaWriter:
    """One schema as Markdown: the top-level table, then each definition."""

    def __init__(self, prefix: str, schema: dict[str, Any]) -> None:
        self.prefix = prefix
        self.schema = schema
        self.defs: dict[str, Any] = schema.get("$defs", {})

    def label(self, name: str) -> str:
        return f"schema-{self.prefix}-{name}"

    def lines(self) -> list[str]:
        s = self.schema
        lines = [f"## {text(s.get('title', self.prefix))}", ""]
        if "description" in s:
            lines += [text(s["description"]), ""]
        lines += [f"Identifier: {code(s.get('$id', ''))}.", ""]
        lines += [f"({self.label('top')})=", "### The file", ""]
        lines += self.object_lines(s)
        scalars = {n: d for n, d in self.defs.items() if not self.is_object(d)}
        if scalars:
            lines += [f"({self.label('values')})=", "### Values", ""]
            rows = []
            for name, definition in scalars.items():
                described = self.describe(definition)
                if "description" in definition:
                    described += f". {text(definition['description'])}"
                rows.append((code(name), described))
            lines += table(("Name", "What it is"), rows)
        for name, definition in self.defs.items():
            if self.is_object(definition):
                lines += [f"({self.label(name)})=", f"### {code(name)}", ""]
                if "description" in definition:
                    lines += [text(definition["description"]), ""]
                lines += self.object_lines(definition)
        return lines

    @staticmethod
    def is_object(schema: object) -> bool:
        return isinstance(schema, dict) and schema.get("type") == "object" and "properties" in schema

    def object_lines(self, schema: dict[str, Any], path: str = "") -> list[str]:
        """A table of the fields, the rules between them, then each table nested inline."""
        required = set(schema.get("required", ()))
        rows = []
        nested: list[tuple[str, str, dict[str, Any]]] = []
        for name, prop in schema.get("properties", {}).items():
            inner = f"{path}.{name}" if path else name
            if self.is_object(prop):
                nested.append((inner, f"[{inner}]", prop))
                described = f"table: {{ref}}`[{inner}] <{self.label(inner)}>`"
            elif prop.get("type") == "array" and self.is_object(prop.get("items")):
                nested.append((inner, f"[[{inner}]]", prop["items"]))
                described = f"list of tables: {{ref}}`[[{inner}]] <{self.label(inner)}>`"
                if prop.get("minItems"):
                    described += f", at least {prop['minItems']}"
            else:
                described = self.describe(prop)
            if "description" in prop:
                described += f". {text(prop['description'])}"
            rows.append((code(name), "yes" if name in required else "", described))
        lines = table(("Field", "Required", "Type and constraints"), rows)
        if schema.get("additionalProperties") is False:
            lines += ["No other fields are allowed.", ""]
        rules = list(self.rules(schema))
        if rules:
            lines += ["Rules:", ""] + [f"- {rule}" for rule in rules] + [""]
        for inner, heading, child in nested:
            lines += [f"({self.label(inner)})=", f"#### {code(heading)}", ""]
            lines += self.object_lines(child, inner)
        return lines

    def describe(self, s: dict[str, Any]) -> str:
        parts: list[str] = []
        if "$ref" in s:
            name = s["$ref"].rsplit("/", 1)[-1]
            parts.append(f"{{ref}}`{name} <{self.label(name if self.is_object(self.defs[name]) else 'values')}>`")
        if "const" in s:
            parts.append(f"always {code(json.dumps(s['const']))}")
        if "enum" in s:
            parts.append("one of " + ", ".join(code(v) for v in s["enum"]))
        if "oneOf" in s:
            parts.append(" or ".join(self.describe(option) for option in s["oneOf"]))
        kind = s.get("type")
        if kind == "array":
            items = s.get("items", {})
            noun = "list" + (" of unique values" if s.get("uniqueItems") else "")
            parts.append(f"{noun}, each {self.describe(items)}" if items else noun)
        elif kind == "object":
            value = s.get("additionalProperties")
            keys = s.get("propertyNames", {}).get("pattern")
            noun = "table" + (f" whose keys match {code(keys)}" if keys else "")
            parts.append(f"{noun}, each value {self.describe(value)}" if isinstance(value, dict) else noun)
        elif kind == "string":
            parts.append("date" if s.get("format") == "date" else "string")
            if "pattern" in s:
                parts[-1] += f" matching {code(s['pattern'])}"
        elif kind is not None:
            parts.append(str(kind))
        if s.get("minLength"):
            parts.append(f"at least {s['minLength']} character{'s' if s['minLength'] > 1 else ''}")
        if s.get("minItems"):
            parts.append(f"at least {s['minItems']} item{'s' if s['minItems'] > 1 else ''}")
        return ", ".join(parts)

    def rules(self, schema: dict[str, Any]) -> Iterator[str]:
        if "anyOf" in schema:
            yield " or ".join(self.requirement(alt, given=False) for alt in schema["anyOf"]) + " is given (or both)."
        for rule in schema.get("allOf", ()):
            if "if" in rule and "then" in rule:
                yield f"when {self.condition(rule['if'])}: {self.requirement(rule['then'])}."
        if "if" in schema and "then" in schema:
            yield f"when {self.condition(schema['if'])}: {self.requirement(schema['then'])}."

    def condition(self, s: dict[str, Any]) -> str:
        said = []
        for name, prop in s.get("properties", {}).items():
            if "enum" in prop:
                said.append(f"{code(name)} is " + " or ".join(code(v) for v in prop["enum"]))
            elif "const" in prop:
                said.append(f"{code(name)} is {code(prop['const'])}")
            elif "const" in prop.get("not", {}):
                said.append(f"{code(name)} is not {code(prop['not']['const'])}")
        return " and ".join(said)

    def requirement(self, s: dict[str, Any], *, given: bool = True) -> str:
        said = []
        for name in s.get("required", ()):
            constraint = self.describe(s.get("properties", {}).get(name, {}))
            said.append(code(name) + (" is given" if given else "") + (f" ({constraint})" if constraint else ""))
        for name, prop in s.get("properties", {}).items():
            if name not in s.get("required", ()) and prop.get("minItems"):
                said.append(f"{code(name)} has at least {prop['minItems']} item{'s' if prop['minItems'] > 1 else ''}")
        forbidden = s.get("not", {}).get("anyOf", ())
        if forbidden:
            names = [code(n) for alt in forbidden for n in alt.get("required", ())]
            said.append("neither " + " nor ".join(names) + " is given")
        return " and ".join(said)
