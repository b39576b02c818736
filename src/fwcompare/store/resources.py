"""Reading data documents: bundled package data and TOML/JSON files.

Bundled files are read through `importlib.resources` as traversables, never as
string paths, so that a zipped install works.

Data that is not bundled comes from files fwcompare did not write, so limits
are checked before parsing, each a `DataError` naming the file: at most
`MAX_FILE_SIZE` bytes are read, a TOML key has at most `MAX_KEY_PARTS` dotted
parts (the standard library's parser takes time and memory quadratic in them:
a 30 kB line of ``a.a.a...`` costs it seconds and most of a gigabyte), and a
number must be finite (``nan``, ``inf``, JSON's ``NaN``, ``1e999``) and
printable (integers past Python's 4300-digit limit).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Protocol, cast

from .._errors import DataError

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = ["MAX_FILE_SIZE", "MAX_KEY_PARTS", "bundled", "parse_document", "read_bundled", "read_document"]

_LINE = re.compile(r"\(at line (\d+), column \d+\)")

MAX_FILE_SIZE = 8 * 1024 * 1024
"""The largest data file read, in bytes: the bundled ones are under 100 kB."""

MAX_KEY_PARTS = 32
"""The most dotted parts a TOML key may have (``a.b.c`` has 3)."""


class _NotFinite(Exception):
    pass


def _finite(text: str) -> float:
    value = float(text)
    if value - value != 0:  # inf - inf and nan - nan are nan
        raise _NotFinite(text)
    return value


def _no_constant(text: str) -> float:
    raise _NotFinite(text)


def _check_keys(text: str, name: str) -> None:
    """Refuse a TOML key with too many dotted parts, before the parser sees it."""
    if text.count(".") <= MAX_KEY_PARTS:
        return
    for number, line in enumerate(text.splitlines(), 1):
        if line.count(".") > MAX_KEY_PARTS and line.partition("=")[0].count(".") >= MAX_KEY_PARTS:
            raise DataError(name, "", f"a key with more than {MAX_KEY_PARTS} dotted parts", line=number)


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


def parse_document(raw: bytes | bytearray, name: str) -> Any:
    """Parse the bytes of a data file (TOML, or JSON when *name* ends in .json)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(name, "", f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    try:
        document = _parse_json(text, name) if name.endswith(".json") else _parse_toml(text, name)
    except DataError:
        raise
    except _NotFinite as exc:
        raise DataError(name, "", f"numbers must be finite, got {str(exc)[:20]!r}") from None
    except ValueError as exc:  # an integer past int()'s digit limit, say
        problem = "an integer of more than 4,300 digits" if "Exceeds the limit" in str(exc) else str(exc)
        raise DataError(name, "", f"not a valid document: {problem}") from None
    try:
        _check_integers(document, name, "")
    except RecursionError:
        raise DataError(name, "", "not a valid document: nested too deeply") from None
    return document


MAX_INTEGER_BITS = 64
"""The widest integer a data file may hold: TOML's own limit, and what JSON tools read exactly."""


def _check_integers(value: object, name: str, field: str) -> None:
    # TOML's 0x, 0o and 0b integers have no length limit when parsed, but a 5,000-digit
    # one cannot be turned back into decimal text (int's 4,300-digit guard): refuse it here.
    if isinstance(value, dict):
        for key, item in value.items():
            _check_integers(item, name, f"{field}.{key}" if field else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_integers(item, name, f"{field}[{index}]")
    elif isinstance(value, int) and value.bit_length() >= MAX_INTEGER_BITS:
        problem = f"an integer of {value.bit_length()} bits; at most {MAX_INTEGER_BITS} (signed) are allowed"
        raise DataError(name, field, problem)


def _parse_json(text: str, name: str) -> Any:
    import json

    try:
        document = json.loads(text, parse_float=_finite, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise DataError(name, "", f"not valid JSON: {exc.msg}", line=exc.lineno) from None
    except RecursionError:
        raise DataError(name, "", "not valid JSON: nested too deeply") from None
    # A \\uD800-style escape may stand alone: a string no UTF-8 output can carry (TOML refuses them).
    if _SURROGATE_ESCAPE.search(text):
        try:
            json.dumps(document, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise DataError(name, "", "not valid JSON: a \\u escape of a lone surrogate (half a character)") from None
    return document


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abcdefABCDEF]")


def _parse_toml(text: str, name: str) -> Any:
    import tomllib

    _check_keys(text, name)
    try:
        return tomllib.loads(text, parse_float=_finite)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _LINE.search(message)
        problem = _LINE.sub("", message).strip()
        line = int(match.group(1)) if match else None
        raise DataError(name, "", f"not valid TOML: {problem}", line=line) from None
    except RecursionError:
        raise DataError(name, "", "not valid TOML: nested too deeply") from None


def read_document(resource: Traversable, name: str) -> Any:
    """Read and parse *resource*; *name* is how errors refer to it.

    At most `MAX_FILE_SIZE` bytes are read: a larger file is refused unread.
    """
    try:
        with resource.open("rb") as stream:
            # Every binary stream has readinto (io.BufferedIOBase); typing.IO does not declare it.
            raw = _read_at_most(cast("_Stream", stream), MAX_FILE_SIZE + 1)
    except OSError as exc:
        raise DataError(name, "", f"cannot be read: {exc.strerror or exc}") from None
    if len(raw) > MAX_FILE_SIZE:
        raise DataError(name, "", f"is larger than {MAX_FILE_SIZE // (1024 * 1024)} MB, the most a data file may be")
    return parse_document(raw, name)


_SMALL = 64 * 1024


class _Stream(Protocol):
    def read(self, size: int = ..., /) -> bytes | None: ...
    def readinto(self, buffer: Any, /) -> int | None: ...


def _read_at_most(stream: _Stream, limit: int) -> bytes | bytearray:
    """At most *limit* bytes of *stream*.

    ``stream.read(limit)`` allocates all of *limit* (8 MB) for every file,
    however small, and then shrinks it: a load of 10,000 files paid for an 8 MB
    allocation each, and its peak memory held one on top of everything built.
    A small file (the common case) is read in one small read; a larger one into
    one buffer of *limit*, trimmed in place, so that it is never held twice.
    """
    parts: list[bytes] = []
    size = 0
    small = min(_SMALL, limit)
    while size < small:  # a read may return less than asked before the end: only b"" is the end
        chunk = stream.read(small - size)
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
    if size < _SMALL or size == limit:
        return parts[0] if len(parts) == 1 else b"".join(parts)
    buffer = bytearray(limit)
    buffer[:size] = b"".join(parts)
    view = memoryview(buffer)
    while size < limit:
        count = stream.readinto(view[size:])
        if not count:
            break
        size += count
    view.release()
    del buffer[size:]
    return buffer
