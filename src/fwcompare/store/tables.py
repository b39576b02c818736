"""The tables of a data document, read field by field with their types checked.

`Table` wraps one table (a dict from the TOML or JSON parser) with the path
that leads to it, so that every problem is a `DataError` naming the file and
the dotted field. What fields a framework file or a catalogue has, and the
rules between them, are `loading`'s: this module only reads.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Mapping
from typing import Any, TypeVar

from .._dates import iso_date
from .._errors import DataError
from ..model.facts import parse_version

__all__ = ["Table", "is_https"]

_E = TypeVar("_E", bound="Any")
_STR: tuple[type, ...] = (str,)
_LIST: tuple[type, ...] = (list,)
_DATE: tuple[type, ...] = (datetime.date, str)


class Table:
    """A table of a document, and where it sits in the document (for errors).

    The dotted path is worked out only when an error needs it: a valid
    document, the common case, never pays for the strings. Each reader takes
    the common case (the value there, of the exact type a parser gives) first
    and leaves everything else, errors included, to `_get`: one rule per
    reader, with a short way through it for valid data.
    """

    __slots__ = ("_seen", "data", "file", "name", "parent")

    def __init__(self, data: object, file: str, parent: Table | None = None, name: str | tuple[str, int] = "") -> None:
        # dict first: parsers give dicts, and an ABC check costs ten times as much.
        if type(data) is not dict and not isinstance(data, Mapping):
            where = parent.at(name) if parent is not None else str(name)
            raise DataError(file, where, f"expected a table, got {_kind(data)}")
        self.data: Mapping[str, Any] = data
        self.file = file
        self.parent = parent
        self.name = name  # a key, or (key, index) for an item of a list of tables
        self._seen: set[str] = set()

    @property
    def path(self) -> str:
        return self.parent.at(self.name) if self.parent is not None else str(self.name)

    def at(self, key: str | tuple[str, int]) -> str:
        if isinstance(key, tuple):  # an item of the list *key[0]* of this table
            return f"{self.at(key[0])}[{key[1]}]"
        path = self.path
        return f"{path}.{key}" if path else key

    def error(self, key: str, problem: str) -> DataError:
        return DataError(self.file, self.at(key), problem)

    def _get(self, key: str, types_: tuple[type, ...], what: str, required: bool) -> Any:
        self._seen.add(key)
        try:
            value = self.data[key]
        except KeyError:
            if required:
                raise self.error(key, "is required") from None
            return None
        # The exact types first (what parsers give); then subclasses. bool is an
        # int: never accept it where a number or a string is meant.
        if type(value) not in types_ and (not isinstance(value, types_) or type(value) is bool):
            raise self.error(key, f"expected {what}, got {_kind(value)}")
        return value

    def text(self, key: str, *, required: bool = True, default: str = "") -> str:
        value = self.data.get(key)
        if type(value) is str:
            self._seen.add(key)
        else:
            value = self._get(key, _STR, "a string", required)
            if value is None:
                return default
            value = str(value)
        if required and not value.strip():
            raise self.error(key, "must not be empty")
        return value

    def optional_text(self, key: str) -> str | None:
        value = self._get(key, _STR, "a string", False)
        return None if value is None or not value.strip() else str(value)

    def texts(self, key: str, *, required: bool = False) -> tuple[str, ...]:
        items = self._get(key, _LIST, "a list of strings", required) or []
        for i, item in enumerate(items):
            if not isinstance(item, str) or not item.strip():
                raise self.error(f"{key}[{i}]", f"expected a non-empty string, got {_kind(item)}")
        return tuple(items)

    def url(self, key: str, *, required: bool = True) -> str | None:
        value = self.text(key, required=required) if required else self.optional_text(key)
        if value is not None and not is_https(value):
            raise self.error(key, f"must be an https URL, got {value!r}")
        return value

    def date(self, key: str) -> datetime.date:
        value = self.data.get(key)
        if type(value) is datetime.date:  # TOML's
            self._seen.add(key)
            return value
        if type(value) is not str:  # JSON has no date type: a string, the common case
            value = self._get(key, _DATE, "a date (YYYY-MM-DD)", True)
            if isinstance(value, datetime.datetime):
                raise self.error(key, "expected a date without a time")
            if not isinstance(value, str):
                return value  # type: ignore[no-any-return]
        self._seen.add(key)
        try:
            return _date(str(value))
        except ValueError:
            raise self.error(key, f"expected a date (YYYY-MM-DD), got {value[:40]!r}") from None

    def version(self, key: str, *, required: bool = False) -> Any:
        value = self.data.get(key)
        if type(value) is not str:
            value = self._get(key, _STR, "a version string", required)
            if value is None:
                return None
        self._seen.add(key)
        try:
            return parse_version(value)
        except ValueError:  # InvalidVersion, or digits past int()'s limit
            raise self.error(key, f"not a valid version: {value[:80]!r}") from None

    def choice(self, key: str, enum: type[_E], *, required: bool = True) -> _E:
        value = self.data.get(key)
        if type(value) is not str:
            value = self._get(key, _STR, "a string", required)
        self._seen.add(key)
        member = _members(enum).get(value)
        if member is None:
            allowed = ", ".join(repr(str(m)) for m in enum)
            raise self.error(key, f"{value!r} is not one of {allowed}")
        return member

    def table(self, key: str, *, required: bool = True) -> Table | None:
        self._seen.add(key)
        if key not in self.data:
            if required:
                raise self.error(key, "is required")
            return None
        return Table(self.data[key], self.file, self, key)

    def tables(self, key: str, *, required: bool = False) -> list[Table]:
        items = self.data.get(key)
        if type(items) is not list:
            items = self._get(key, _LIST, "a list of tables", required)
            if not items:
                return []
        self._seen.add(key)
        file = self.file
        return [Table(item, file, self, (key, i)) for i, item in enumerate(items)]

    def done(self) -> None:
        """Reject keys no reader asked for: a typo must not pass silently."""
        if self._seen.issuperset(self.data):
            return
        extra = sorted(set(self.data) - self._seen)
        raise self.error(extra[0], "is not a field of this table")


_MEMBERS: dict[type, dict[str, Any]] = {}


def _members(enum: type[_E]) -> dict[str, _E]:
    # A dict lookup: calling the enum class costs more than the rest of a choice.
    members = _MEMBERS.get(enum)
    if members is None:
        members = _MEMBERS[enum] = {m.value: m for m in enum}
    return members


@functools.lru_cache(maxsize=1024)
def _date(text: str) -> datetime.date:
    # The same few dates recur in every source ("read" dates): share the objects.
    return iso_date(text)


def _kind(value: object) -> str:
    return {dict: "a table", list: "a list", str: "a string", bool: "a boolean"}.get(type(value), type(value).__name__)


# https, a host (after any user@, before the first / ? or #; not empty, not just a
# port), then anything but whitespace; and no control character (C0, DEL, C1) anywhere:
# a newline would break out of a Markdown line, a tab hides in a terminal. Two
# patterns rather than one: the control characters' class compiles in a quarter of
# a millisecond, and one pattern would repeat it in each part. The shipped schema's
# "https" definition says the same; tests/test_data_rules.py holds them together.
_HTTPS = re.compile(r"https://(?:[^\s/?#@]+@)?[^\s/?#@:][^\s/?#]*(?:[/?#]\S*)?\Z")
# Bidi and format characters too (U+202E turns text around in a terminal).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")


def is_https(url: str) -> bool:
    """An https URL with a host, and no whitespace or control character anywhere."""
    return _HTTPS.match(url) is not None and _CONTROL.search(url) is None
