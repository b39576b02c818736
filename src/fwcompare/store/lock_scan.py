"""A fast reader of the few keys `fwcompare check` needs from a ``uv.lock`` or ``poetry.lock``.

Both are written by tools, in a fixed layout: a ``[[package]]`` header at the
start of a line, then ``name = "..."`` and ``version = "..."`` lines. Parsing
a 2 MB lock file with ``tomllib`` takes most of a second; scanning its lines
for those keys takes a few milliseconds. Anything outside that layout (a
multi-line string, a quoted or dotted key, a string with escapes, a header
line we do not know) makes `scan` answer ``None``, and the caller parses the
whole file with ``tomllib`` instead. The tests check that both readings agree
on every lock file in the fixtures.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["scan"]

_KEY_VALUE = re.compile(r'([A-Za-z0-9_-]+) = (?:"([^"\\]*)"|(\{[^\n]*\})|(.*))$')
_LOCAL_SOURCE = re.compile(r"\{\s*(editable|virtual|path|directory)\s*=")
_WANTED = frozenset({"name", "version", "source", "marker"})


def scan(text: str) -> dict[str, Any] | None:
    """The lock file's ``package`` entries (name, version, source, marker) and its Python keys, or ``None``.

    The answer has the shape ``tomllib`` gives for those keys (a local
    ``source`` is a dict with its kind as key); ``None`` when the text is not
    in the layout the tools write.
    """
    if '"""' in text or "'''" in text:
        return None
    packages: list[dict[str, Any]] = []
    document: dict[str, Any] = {"package": packages}
    table: dict[str, Any] | None = document  # where the keys of the current table go; None: ignored
    for line in text.splitlines():
        if not line or line[0] in " \t#]}":
            continue  # blank, indented (inside an array or inline table), comment, or an array's end
        if line[0] == "[":
            header = line.split("#", 1)[0].strip()
            if header == "[[package]]":
                table = {}
                packages.append(table)
            elif header == "[package.source]" and packages:  # Poetry: where a package comes from
                table = packages[-1].setdefault("source", {})
            elif header == "[metadata]":
                table = document.setdefault("metadata", {})
            elif re.fullmatch(r"\[[A-Za-z0-9_.-]+\]|\[\[[A-Za-z0-9_.-]+\]\]", header):
                table = None  # a sub-table ([package.metadata], [[package.wheels]]...) or one not needed
            else:
                return None
            continue
        match = _KEY_VALUE.match(line)
        if match is None:
            return None
        key, string, inline, other = match.groups()
        if table is None:
            continue
        if packages and table is packages[-1] and key not in _WANTED:
            continue
        if string is not None:
            table[key] = string
        elif inline is not None and key == "source":
            local = _LOCAL_SOURCE.search(inline)
            table[key] = {local.group(1): True} if local else {"registry": True}
        elif other is not None and other.lstrip().startswith(('"', "'")):
            return None  # a string with escapes, or a literal string: leave it to tomllib
    return document
