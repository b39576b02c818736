"""Plugins' Python-built objects, checked and frozen like loaded data.

A plugin's `PluginData.frameworks` and `PluginData.criteria` are built in
Python, so nothing has checked them: attrs classes do not enforce their
annotations. Each object here is rebuilt field by field against its class's
annotations: a field of the wrong type (a number where a string is meant, a
non-https URL, a float that is not finite) leaves that object out with a
`PluginWarning` naming the plugin and the field, and the rest loads. Lists
become tuples and mappings read-only copies (`types.MappingProxyType`), so
that the plugin keeps no handle on what the registry serves.
"""

from __future__ import annotations

import datetime
import enum
import functools
import math
import sys
import types
import typing
import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

import attrs

from .._errors import PluginWarning, shorten

__all__ = ["checked_objects"]

_T = TypeVar("_T")
_URL_FIELDS = frozenset({"url", "homepage", "repository"})


class _Invalid(Exception):
    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"field {path}: {problem}")


def _kind(value: object) -> str:
    return type(value).__name__


@functools.cache
def _hints(cls: Any) -> list[tuple[str, Any]]:
    """The fields of an attrs class with their annotations evaluated (they are strings)."""
    from collections.abc import Mapping as MappingABC
    from collections.abc import Sequence as SequenceABC

    from packaging.version import Version

    from ..model.releases import Release

    # The names the model's modules import for the type checker only.
    namespace = dict(
        vars(sys.modules[cls.__module__]),
        Version=Version,
        datetime=datetime,
        Mapping=MappingABC,
        Sequence=SequenceABC,
        Release=Release,
    )
    # Only fwcompare's own model classes get here (objects must be exactly of the
    # expected class), so these are fwcompare's annotations, never a plugin's.
    return [(f.name, eval(f.type, namespace) if isinstance(f.type, str) else f.type) for f in attrs.fields(cls)]


def _frozen(value: object, hint: Any, path: str) -> Any:
    origin = typing.get_origin(hint)
    if hint is type(None):
        if value is None:
            return None
        raise _Invalid(path, f"expected None, got {_kind(value)}")
    if origin in (typing.Union, types.UnionType):
        for option in typing.get_args(hint):
            try:
                return _frozen(value, option, path)
            except _Invalid:
                continue
        names = " or ".join(getattr(a, "__name__", str(a)) for a in typing.get_args(hint))
        raise _Invalid(path, f"expected {names}, got {_kind(value)}")
    if origin is typing.Literal:
        if value in typing.get_args(hint) and type(value) is str:
            return value
        allowed = ", ".join(repr(a) for a in typing.get_args(hint))
        raise _Invalid(path, f"expected one of {allowed}, got {shorten(repr(value), 40)}")
    if origin is Sequence:
        from ..model.releases import ReleaseList
        from .releases import BundledReleases

        if type(value) is BundledReleases:  # fwcompare's own read-only list (a plugin's copy of a framework)
            return value
        if type(value) is ReleaseList:  # its items, its source and its policy checked like the rest
            return _release_list(value, hint, path)
    if origin is tuple or origin is Sequence:
        if not isinstance(value, (list, tuple)):
            raise _Invalid(path, f"expected a tuple, got {_kind(value)}")
        item = typing.get_args(hint)[0]
        items = tuple(_frozen(v, item, f"{path}[{i}]") for i, v in enumerate(value))
        return value if type(value) is tuple and _same(items, value) else items
    if origin is not None and isinstance(origin, type) and issubclass(origin, Mapping):
        if not isinstance(value, Mapping):
            raise _Invalid(path, f"expected a mapping, got {_kind(value)}")
        key_hint, value_hint = typing.get_args(hint)
        copy = {_frozen(k, key_hint, path): _frozen(v, value_hint, f"{path}[{k!r}]") for k, v in value.items()}
        # A read-only view whose items came through unchanged is kept (shared, as loaded data is).
        if type(value) is types.MappingProxyType and _same(tuple(copy.values()), tuple(value.values())):
            return value
        return types.MappingProxyType(copy)
    if attrs.has(hint):
        if type(value) is not hint:
            raise _Invalid(path, f"expected {hint.__name__}, got {_kind(value)}")
        return _rebuilt(value, path)
    if hint is float:
        if type(value) not in (int, float) or not math.isfinite(value):  # type: ignore[arg-type]
            raise _Invalid(path, f"expected a finite number, got {shorten(repr(value), 40)}")
        return value
    if hint is int or hint is str:
        if type(value) is not hint:
            raise _Invalid(path, f"expected {hint.__name__}, got {_kind(value)}")
        return value
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        if not isinstance(value, hint):
            raise _Invalid(path, f"expected a {hint.__name__}, got {_kind(value)}")
        return value
    if getattr(hint, "_is_protocol", False):
        # Framework.release_data: fwcompare's own (a plugin's copy of a bundled framework), or a
        # ReleaseList checked like the rest; never another object of a plugin's.
        from ..model.releases import ReleaseList
        from .releases import BundledReleases

        if type(value) is BundledReleases:
            return value
        if type(value) is ReleaseList:
            from ..model.releases import Release

            return _release_list(value, Sequence[Release], path)
        raise _Invalid(path, f"expected None, a ReleaseList or fwcompare's own release data, got {_kind(value)}")
    if isinstance(hint, type):
        if not isinstance(value, hint):
            raise _Invalid(path, f"expected {hint.__name__}, got {_kind(value)}")
        return value
    raise _Invalid(path, f"cannot check {hint!r}")  # pragma: no cover - every model annotation is handled


def _release_list(value: Any, hint: Any, path: str) -> Any:
    from ..model.facts import Source
    from ..model.lifecycle import SupportPolicy
    from ..model.releases import ReleaseList

    items = tuple(_frozen(v, typing.get_args(hint)[0], f"{path}[{i}]") for i, v in enumerate(value))
    # Each checked against its class, not a union: a bad field inside is named, not "expected X or None".
    source = None if value.source is None else _frozen(value.source, Source, f"{path}.source")
    policy = value.support_policy
    if policy is not None:
        policy = _frozen(policy, SupportPolicy, f"{path}.support_policy")
    if _same(items, tuple(value)) and source is value.source and policy is value.support_policy:
        return value
    return ReleaseList(items, source=source, support_policy=policy)


def _same(a: tuple[object, ...], b: tuple[object, ...]) -> bool:
    return len(a) == len(b) and all(x is y for x, y in zip(a, b, strict=True))


def _rebuilt(value: Any, path: str) -> Any:
    from .tables import is_https

    fields = {}
    for name, hint in _hints(value.__class__):
        field = _frozen(getattr(value, name), hint, f"{path}.{name}" if path else name)
        if name in _URL_FIELDS and isinstance(field, str) and not is_https(field):
            raise _Invalid(f"{path}.{name}" if path else name, f"must be an https URL, got {shorten(field, 60)!r}")
        fields[name] = field
    if type(value).__name__ == "Release":
        _check_requires_python(fields["requires_python_text"], f"{path}.requires_python_text")
    if type(value).__name__ == "Framework" and fields["release_data"] is None:
        # A plugin's ReleaseList carries its source and policy: the store gives them to the framework.
        from ..model.releases import ReleaseList

        if type(fields["releases"]) is ReleaseList:
            fields["release_data"] = fields["releases"]
    if all(fields[name] is getattr(value, name) for name in fields):
        return value  # nothing to freeze: the object itself, shared
    try:
        return type(value)(**fields)
    except (TypeError, ValueError) as exc:
        raise _Invalid(path or type(value).__name__, shorten(str(exc), 120)) from None


def _check_requires_python(text: str | None, path: str) -> None:
    # Parsed only when asked (`--python`): a bad one would fail there, far from the plugin that gave it.
    if text is None:
        return
    from packaging.specifiers import InvalidSpecifier

    from ..model.releases import requires_python_specifier

    try:
        requires_python_specifier(text)
    except InvalidSpecifier:
        raise _Invalid(path, f"not a Requires-Python specifier such as '>=3.9': {shorten(text, 40)!r}") from None


def checked_objects(items: Iterable[object], cls: type[_T], plugin: str) -> tuple[_T, ...]:
    """*items* (a plugin's frameworks or criteria, of class *cls*) rebuilt and frozen.

    One that is not a *cls* or has a field of the wrong type is left out, with a
    `PluginWarning` naming the plugin, the object and the field.
    """
    what = cls.__name__.lower()
    result = []
    for i, item in enumerate(items):
        label = getattr(item, "slug", None) if what == "framework" else getattr(item, "key", None)
        name = f"{what} {shorten(label, 60)!r}" if isinstance(label, str) else f"{what} #{i + 1}"
        if type(item) is not cls:
            problem = f"is a {_kind(item)}, not a fwcompare.{cls.__name__}"
        else:
            try:
                result.append(_rebuilt(item, ""))
                continue
            except _Invalid as exc:
                problem = str(exc)
        warnings.warn(f"fwcompare plugin {plugin!r}: {name}: {problem}; not loaded", PluginWarning, stacklevel=3)
    return tuple(result)
