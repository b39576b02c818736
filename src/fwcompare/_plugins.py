"""Plugins: installed packages that add frameworks and criteria.

A plugin package declares an entry point in the ``fwcompare.frameworks``
group. The entry point names a `PluginData` object, or a callable without
arguments that returns one; it provides a directory of data files in the
bundled format (read with importlib.resources, so zipped installs work),
Python `Framework` and `Criterion` objects, or both.

Plugins are discovered when a registry first loads, never at import, and the
result is cached with the registry (`Registry.reload` discovers again). A
plugin that fails to load is reported with a `PluginWarning` naming it, and
everything else still loads; in strict mode that is a `PluginError` instead.
A plugin cannot silently replace a bundled framework or criterion: a name
clash is a warning (the plugin's entry is skipped) unless the plugin lists the
name in ``overrides``. ``FWCOMPARE_NO_PLUGINS=1`` turns discovery off.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import attrs

from ._criteria import Criterion
from ._errors import FwcompareError
from ._frameworks import Framework

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = [
    "ENTRY_POINT_GROUP",
    "NO_PLUGINS_ENV",
    "PluginData",
    "PluginError",
    "PluginInfo",
    "PluginWarning",
    "discover",
]

ENTRY_POINT_GROUP = "fwcompare.frameworks"
"""The entry-point group plugin packages register in."""

NO_PLUGINS_ENV = "FWCOMPARE_NO_PLUGINS"
"""Set this environment variable to ``1`` to turn plugin discovery off."""


class PluginWarning(UserWarning):
    """A plugin failed to load, or clashed with a name already taken; the rest loaded."""


class PluginError(FwcompareError):
    """A plugin failed to load, in strict mode."""


def _frameworks(items: Iterable[Framework]) -> tuple[Framework, ...]:
    return tuple(items)


def _criteria(items: Iterable[Criterion]) -> tuple[Criterion, ...]:
    return tuple(items)


def _names(items: Iterable[str]) -> frozenset[str]:
    if isinstance(items, str):  # a lone name, not its letters
        return frozenset((items,))
    return frozenset(items)


@attrs.frozen
class PluginData:
    """What a plugin provides.

    *data* is a directory in the bundled data format: framework files
    (``*.toml`` or ``*.json``) and optionally a ``criteria.toml`` of new
    criteria, typically ``importlib.resources.files("your_package") / "data"``.
    *frameworks* and *criteria* are objects built in Python. *overrides*
    names the framework slugs and criterion keys the plugin means to replace;
    any other clash is refused.

    >>> from importlib.resources import files
    >>> PluginData(data=files("fwcompare") / "data")  # doctest: +ELLIPSIS
    PluginData(data=..., frameworks=(), criteria=(), overrides=frozenset())
    """

    data: Traversable | None = None
    frameworks: tuple[Framework, ...] = attrs.field(default=(), converter=_frameworks)
    criteria: tuple[Criterion, ...] = attrs.field(default=(), converter=_criteria)
    overrides: frozenset[str] = attrs.field(default=frozenset(), converter=_names)


@attrs.frozen
class PluginInfo:
    """What became of one plugin: where it came from, what it provided, or why it failed."""

    name: str
    """The entry point's name."""
    value: str
    """The entry point's target, ``module:attribute``."""
    distribution: str | None
    """The installed distribution that declares it, with its version."""
    frameworks: tuple[str, ...] = ()
    """Slugs of the frameworks it provided that were loaded."""
    criteria: tuple[str, ...] = ()
    """Keys of the criteria it provided that were loaded."""
    error: str | None = None
    """Why it failed to load, when it did."""
    skipped: tuple[str, ...] = ()
    """Names it provided that clashed with names already taken, and were left out."""

    @property
    def loaded(self) -> bool:
        """Whether the plugin loaded (possibly with some names skipped)."""
        return self.error is None


LoadFn = Callable[[], object]


def autoload_enabled() -> bool:
    """Whether plugins are discovered by default (``FWCOMPARE_NO_PLUGINS`` unset or ``0``)."""
    return os.environ.get(NO_PLUGINS_ENV, "").strip() in ("", "0")


def discover() -> list[tuple[str, str, str | None, LoadFn]]:
    """The entry points of the plugin group: (name, value, distribution, load), sorted by name.

    Reads the ``entry_points.txt`` of the ``*.dist-info`` folders on
    ``sys.path`` directly: importing `importlib.metadata` costs more than
    importing fwcompare and reading its data together. Like importlib.metadata,
    the first distribution of a name on ``sys.path`` wins. Distributions that
    only a custom finder knows (eggs, zip archives) are found through
    importlib.metadata when ``FWCOMPARE_PLUGIN_DISCOVERY=importlib`` is set.
    """
    if os.environ.get("FWCOMPARE_PLUGIN_DISCOVERY") == "importlib":
        return _discover_with_importlib()
    import sys

    found: list[tuple[str, str, str | None, LoadFn]] = []
    seen: set[str] = set()
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:  # a zip file, a missing folder
            continue
        for folder in names:
            if not folder.endswith(".dist-info"):
                continue
            path = os.path.join(entry or ".", folder)
            text = _read(os.path.join(path, "entry_points.txt"))
            distribution = folder.removesuffix(".dist-info").partition("-")[0].lower().replace("-", "_")
            if distribution in seen:
                continue
            seen.add(distribution)
            if text is None or f"[{ENTRY_POINT_GROUP}]" not in text:
                continue
            label = _distribution_label(path)
            for name, value in _section(text, ENTRY_POINT_GROUP):
                found.append((name, value, label, _loader(value)))
    return sorted(found, key=lambda item: item[0])


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError:
        return None


def _distribution_label(dist_info: str) -> str | None:
    """ "Name Version" from a dist-info folder's METADATA, as packaging tools write it."""
    text = _read(os.path.join(dist_info, "METADATA")) or ""
    fields: dict[str, str] = {}
    for line in text.splitlines():
        if not line:  # the headers end at the first empty line
            break
        key, _, value = line.partition(":")
        fields.setdefault(key.strip().lower(), value.strip())
    if "name" not in fields:
        return None
    return f"{fields['name']} {fields.get('version', '')}".strip()


def _section(text: str, group: str) -> list[tuple[str, str]]:
    """The ``name = value`` lines of one section of an entry_points.txt file."""
    entries, inside = [], False
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            inside = line == f"[{group}]"
            continue
        if inside and "=" in line:
            name, _, value = line.partition("=")
            entries.append((name.strip(), value.strip()))
    return entries


def _loader(value: str) -> LoadFn:
    """Import the object an entry point's value names (``module:attr.attr [extras]``)."""

    def load() -> object:
        import importlib

        target = value.split("[", 1)[0].strip()
        module_name, _, attribute = target.partition(":")
        obj: object = importlib.import_module(module_name.strip())
        for part in filter(None, attribute.strip().split(".")):
            obj = getattr(obj, part)
        return obj

    return load


def _discover_with_importlib() -> list[tuple[str, str, str | None, LoadFn]]:
    from importlib.metadata import entry_points

    found: list[tuple[str, str, str | None, LoadFn]] = []
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        dist = getattr(ep, "dist", None)
        label = f"{dist.name} {dist.version}" if dist is not None else None
        found.append((ep.name, ep.value, label, ep.load))
    return sorted(found, key=lambda item: item[0])


def resolve(loaded: object, name: str) -> PluginData:
    """The `PluginData` an entry point's object stands for (calling it if it is a factory)."""
    if callable(loaded) and not isinstance(loaded, PluginData):
        loaded = loaded()
    if not isinstance(loaded, PluginData):
        raise TypeError(f"plugin {name!r} gave {type(loaded).__name__}, not fwcompare.PluginData")
    return loaded
