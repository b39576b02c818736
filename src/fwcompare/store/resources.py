"""Reading data documents: bundled package data and TOML/JSON files.

Bundled files are read through `importlib.resources` as traversables, never as
string paths, so that a zipped install works.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .._errors import DataError

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = ["bundled", "parse_document", "read_bundled", "read_document"]

_LINE = re.compile(r"\(at line (\d+), column \d+\)")


def bundled() -> Traversable:
    """The folder of bundled data inside the installed package."""
    from importlib.resources import files

    return files("fwcompare").joinpath("data")


def read_bundled(*parts: str) -> bytes:
    """The bytes of a bundled data file, such as ``read_bundled("compiled", "index.json")``.

    Read through the package's own loader, as `pkgutil.get_data` does, which
    works for zipped installs too (zipimport's loader takes paths inside the
    archive); importlib.resources is the fallback for loaders without
    ``get_data``. This path is the hot one, and importing importlib.resources
    costs more than the rest of a first comparison.
    """
    import os
    import sys

    spec = sys.modules["fwcompare"].__spec__
    get_data = getattr(spec.loader, "get_data", None) if spec is not None else None
    if spec is not None and spec.origin and get_data is not None:
        data: bytes = get_data(os.path.join(os.path.dirname(spec.origin), "data", *parts))
        return data
    return bundled().joinpath(*parts).read_bytes()


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
