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

from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from .._errors import PluginError, PluginWarning
from ..model.criteria import Criterion
from ..model.frameworks import Framework
from .entry_points import ENTRY_POINT_GROUP, NO_PLUGINS_ENV, autoload_enabled, discover

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = [
    "ENTRY_POINT_GROUP",
    "NO_PLUGINS_ENV",
    "PluginData",
    "PluginError",
    "PluginInfo",
    "PluginWarning",
    "autoload_enabled",
    "discover",
]


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


def resolve(loaded: object, name: str) -> PluginData:
    """The `PluginData` an entry point's object stands for (calling it if it is a factory)."""
    if callable(loaded) and not isinstance(loaded, PluginData):
        loaded = loaded()
    if not isinstance(loaded, PluginData):
        raise TypeError(f"plugin {name!r} gave {type(loaded).__name__}, not fwcompare.PluginData")
    return loaded
