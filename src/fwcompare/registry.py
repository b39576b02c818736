"""The registry: which frameworks and criteria exist, loaded once on first use.

Nothing is read when fwcompare is imported. The first lookup loads everything
under a lock, into local variables, and publishes the result in one
assignment: a thread either sees nothing loaded or everything, and a load that
fails leaves nothing behind (the next call tries again).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

from ._errors import UnknownFrameworkError
from ._names import resolve, unknown
from .model.frameworks import Framework

if TYPE_CHECKING:
    from .model.criteria import Criterion
    from .model.extension_health import Distribution, ExtensionHealth
    from .store.assembly import Loaded
    from .store.plugins import PluginInfo

__all__ = ["Registry", "default_registry"]


class Registry:
    """A collection of frameworks and criteria, read on first use and then cached.

    The module-level functions (`fwcompare.get`, `fwcompare.frameworks`...)
    use the default registry of bundled data. Lookups are case-insensitive and
    accept a framework's slug, name or any of its aliases.

    >>> from fwcompare import Registry
    >>> registry = Registry()
    >>> registry.get("DJANGO").name
    'Django'
    >>> "flask" in registry
    True
    """

    def __init__(
        self,
        paths: Iterable[str | os.PathLike[str]] = (),
        *,
        bundled: bool = True,
        plugins: bool | None = None,
        strict: bool = False,
    ) -> None:
        """A registry of the bundled data, the installed plugins and *paths*.

        Each path is a directory of data files in the bundled format: one
        framework per ``*.toml`` or ``*.json`` file, and optionally a
        ``criteria.toml`` (or ``criteria.json``) catalogue whose criteria
        are added after the others. *bundled* false leaves the package's own
        data out. *plugins* says whether to load plugins (default: unless
        ``FWCOMPARE_NO_PLUGINS=1``); *strict* turns a plugin that fails to
        load from a `PluginWarning` into a `PluginError`. Nothing is read
        until first use.
        """
        self._paths = tuple(os.fspath(p) for p in paths)
        self._bundled = bundled
        self._plugins = plugins
        self._strict = strict
        self._state: Loaded | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        where = ["bundled data"] if self._bundled else []
        if self._plugins is not False:
            where.append("plugins")
        where += [repr(p) for p in self._paths]
        state = "not loaded" if self._state is None else f"{len(self._state.makers)} frameworks"
        return f"<fwcompare.Registry: {', '.join(where) or 'no data'}, {state}>"

    def _loaded(self) -> Loaded:
        state = self._state
        if state is None:
            with self._lock:
                state = self._state
                if state is None:
                    state = self._state = self._load()
        return state

    def _load(self) -> Loaded:
        from .store.assembly import assemble, bundled_source, directory_source, plugin_sources
        from .store.entry_points import autoload_enabled, discover

        sources = [bundled_source()] if self._bundled else []
        failed: list[PluginInfo] = []
        if self._plugins if self._plugins is not None else autoload_enabled():
            entry_points = discover()
            if entry_points:
                found, failed = plugin_sources(entry_points, strict=self._strict)
                sources += found
        sources += [directory_source(path) for path in self._paths]
        return assemble(sources, failed, strict=self._strict)

    def reload(self) -> None:
        """Forget what was loaded: the next lookup reads the data and discovers plugins again."""
        with self._lock:
            self._state = None

    def plugins(self) -> tuple[PluginInfo, ...]:
        """What became of each plugin: loaded (and what it provided) or failed (and why)."""
        return self._loaded().plugins

    def origin(self, name: str) -> str:
        """Where the framework *name* comes from: a bundled file, a plugin, a user file."""
        return self._loaded().origins[self.get(name).slug]

    def resolve(
        self, frameworks: Iterable[str | Framework], *, error: type[ValueError] = ValueError
    ) -> tuple[Framework, ...]:
        """Names looked up here, `Framework` objects as they are.

        A framework given twice raises *error* (a `ValueError`; `compare` asks
        for `ComparisonError`, `rank` for `RankError`).
        """
        resolved = tuple(f if isinstance(f, Framework) else self.get(f) for f in frameworks)
        if len({f.slug for f in resolved}) != len(resolved):
            raise error("the same framework is named twice")
        return resolved

    @property
    def loaded(self) -> bool:
        """Whether the registry has read its sources (it does on first use)."""
        return self._state is not None

    def get(self, name: str) -> Framework:
        """The framework called *name* (slug, name or alias, any case).

        Raises `UnknownFrameworkError`, a `LookupError`, with the closest
        names as suggestions.
        """
        state = self._loaded()
        try:
            slug = state.index[name.casefold()]
        except KeyError:
            from ._suggest import closest

            raise UnknownFrameworkError(name, closest(name, _spellings(state.index))) from None
        except AttributeError:
            raise TypeError(f"a framework name must be a string, not {type(name).__name__}") from None
        framework = state.built.get(slug)
        return framework if framework is not None else self._build(state, slug)

    def _build(self, state: Loaded, slug: str) -> Framework:
        # Bundled frameworks are read on first use, once, even when threads race.
        with self._lock:
            framework = state.built.get(slug)
            if framework is None:
                framework = state.built[slug] = state.makers[slug]()
        return framework

    def frameworks(self) -> tuple[Framework, ...]:
        """Every framework, ordered by name (case-insensitive)."""
        state = self._loaded()
        ordered = state.ordered
        if ordered is None:
            from ._collector import collector_paused

            # Building every framework left to build is a load like the first one.
            with collector_paused():
                built = [state.built.get(slug) or self._build(state, slug) for slug in state.makers]
            ordered = state.ordered = tuple(sorted(built, key=lambda f: f.name.casefold()))
        return ordered

    def criteria(self) -> tuple[Criterion, ...]:
        """Every criterion, in catalogue order (the order of comparison rows)."""
        return self._loaded().criteria

    def criterion(self, key: str) -> Criterion:
        """The criterion named *key*; `UnknownCriterionError` (a `LookupError`) if none.

        *key* is a criterion key, or its label, or either spelt with spaces or
        hyphens for underscores, in any case: ``"async_views"``, ``"Async
        views"``, ``"async-views"`` and ``"template engine"`` all resolve. For
        a name that is not close to any, the error lists the groups and says
        where to see every criterion. Every API that takes a criterion name
        (`compare`, `rank`, `Framework.fact`, `Comparison.row`,
        `RankedFramework.result`, ``--criteria``) resolves it this way.
        """
        state = self._loaded()
        by_key = state.criteria_by_key
        try:
            return by_key[key]
        except (KeyError, TypeError):
            labels = {c.label: c.key for c in state.criteria}
            found = resolve(key, by_key, labels)
            if found is None:
                groups = list(dict.fromkeys(c.group_label for c in state.criteria))
                raise unknown(key, by_key, labels, groups) from None
            return by_key[found]

    def extensions(self) -> tuple[ExtensionHealth, ...]:
        """The bundled extension index: one health record per PyPI distribution, by normalised name.

        Each record holds the registry figures, maintenance evidence and install runs of one
        package, whichever frameworks name it (see the extension-health page).
        """
        from .store.extension_health import bundled_index

        index = bundled_index()
        return tuple(index[k] for k in sorted(index))

    def by_distribution(self, name: str) -> Distribution:
        """The framework and/or extension published on PyPI as *name*, any spelling PEP 503 equates.

        ``by_distribution("flask_login")`` finds Flask-Login's health record;
        ``by_distribution("python-fasthtml")`` finds the FastHTML framework. Raises
        `UnknownDistributionError` (a `LookupError`) with the closest names when neither is known.
        """
        import re

        from ._errors import UnknownDistributionError
        from .model.extension_health import Distribution
        from .store.extension_health import bundled_index

        if not isinstance(name, str):
            raise TypeError(f"a distribution name must be a string, not {type(name).__name__}")
        key = re.sub(r"[-_.]+", "-", name).lower()
        frameworks = {re.sub(r"[-_.]+", "-", f.pypi).lower(): f for f in self.frameworks()}
        index = bundled_index()
        framework, extension = frameworks.get(key), index.get(key)
        if framework is None and extension is None:
            from ._suggest import closest

            raise UnknownDistributionError(name, closest(key, sorted(set(frameworks) | set(index))))
        return Distribution(key, framework, extension)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.casefold() in self._loaded().index

    def __iter__(self) -> Iterator[Framework]:
        return iter(self.frameworks())

    def __len__(self) -> int:
        return len(self._loaded().makers)


def _spellings(index: Mapping[str, str]) -> list[str]:
    # Suggest the names people recognise (slugs), plus the folded spellings.
    return sorted(set(index.values()) | set(index))


_DEFAULT = Registry()


def default_registry() -> Registry:
    """The registry behind the module-level functions: bundled data and installed plugins."""
    return _DEFAULT
