"""Reading data documents: bundled package data and TOML/JSON files.

Bundled files are read through `importlib.resources` as traversables, never as
string paths, so that a zipped install works.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ._errors import DataError

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = ["bundled", "parse_document", "read_document"]

_LINE = re.compile(r"\(at line (\d+), column \d+\)")


def bundled() -> Traversable:
    """The folder of bundled data inside the installed package."""
    from importlib.resources import files

    return files(__package__ or "fwcompare").joinpath("data")


def parse_document(raw: bytes, name: str) -> Any:
    """Parse the bytes of a data file (TOML, or JSON when *name* ends in .json)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(name, "", f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    if name.endswith(".json"):
        import json

        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise DataError(name, "", f"not valid JSON: {exc.msg}", line=exc.lineno) from None
        except RecursionError:
            raise DataError(name, "", "not valid JSON: nested too deeply") from None
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _LINE.search(message)
        problem = _LINE.sub("", message).strip()
        line = int(match.group(1)) if match else None
        raise DataError(name, "", f"not valid TOML: {problem}", line=line) from None
    except RecursionError:
        raise DataError(name, "", "not valid TOML: nested too deeply") from None


def read_document(resource: Traversable, name: str) -> Any:
    """Read and parse *resource*; *name* is how errors refer to it."""
    try:
        raw = resource.read_bytes()
    except OSError as exc:
        raise DataError(name, "", f"cannot be read: {exc.strerror or exc}") from None
    return parse_document(raw, name)
