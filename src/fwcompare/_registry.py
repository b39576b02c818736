"""The registry: which frameworks and criteria exist, loaded once on first use.

Nothing is read when fwcompare is imported. The first lookup loads everything
under a lock, into local variables, and publishes the result in one
assignment: a thread either sees nothing loaded or everything, and a load that
fails leaves nothing behind (the next call tries again).
"""

from __future__ import annotations

import os
import threading
import types
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

import attrs

from ._criteria import Criterion
from ._errors import DataError, UnknownCriterionError, UnknownFrameworkError
from ._frameworks import Framework

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = ["Registry", "default_registry"]


@attrs.frozen
class _Loaded:
    criteria: tuple[Criterion, ...]
    criteria_by_key: Mapping[str, Criterion]
    frameworks: tuple[Framework, ...]
    # Every accepted spelling, case-folded: slug, name and aliases.
    index: Mapping[str, Framework]


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

    def __init__(self, paths: Iterable[str | os.PathLike[str]] = (), *, bundled: bool = True) -> None:
        """A registry of the bundled data (unless *bundled* is false) and of *paths*.

        Each path is a directory of data files in the bundled format: one
        framework per ``*.toml`` or ``*.json`` file, and optionally a
        ``criteria.toml`` (or ``criteria.json``) catalogue whose criteria
        are added after the bundled ones. Nothing is read until first use.
        """
        self._paths = tuple(os.fspath(p) for p in paths)
        self._bundled = bundled
        self._state: _Loaded | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        where = ", ".join((["bundled data"] if self._bundled else []) + [repr(p) for p in self._paths])
        state = "not loaded" if self._state is None else f"{len(self._state.frameworks)} frameworks"
        return f"<fwcompare.Registry: {where or 'no data'}, {state}>"

    def _loaded(self) -> _Loaded:
        state = self._state
        if state is None:
            with self._lock:
                state = self._state
                if state is None:
                    state = self._state = self._load()
        return state

    def _load(self) -> _Loaded:
        from pathlib import Path

        from ._resources import bundled

        # (where, catalogue file or None, framework files) per source, bundled first.
        sources: list[tuple[str, Traversable | None, list[Traversable]]] = []
        if self._bundled:
            root = bundled()
            sources.append(("", root.joinpath("criteria.toml"), _data_files(root.joinpath("frameworks"))))
        for path in self._paths:
            directory = Path(path)
            if not directory.is_dir():
                raise DataError(path, "", "is not a directory")
            files = _data_files(directory)
            catalogues = [f for f in files if f.name.rsplit(".", 1)[0] == "criteria"]
            if len(catalogues) > 1:
                raise DataError(path, "", "has both criteria.toml and criteria.json: keep one")
            sources.append(
                (path + os.sep, catalogues[0] if catalogues else None, [f for f in files if f not in catalogues])
            )
        if not any(catalogue is not None for _, catalogue, _ in sources):
            raise DataError(", ".join(self._paths) or "(no data)", "", "no criteria catalogue (criteria.toml)")
        return _build(sources)

    def get(self, name: str) -> Framework:
        """The framework called *name* (slug, name or alias, any case).

        Raises `UnknownFrameworkError`, a `LookupError`, with the closest
        names as suggestions.
        """
        index = self._loaded().index
        try:
            return index[name.casefold()]
        except KeyError:
            from ._suggest import closest

            raise UnknownFrameworkError(name, closest(name, _spellings(index))) from None
        except AttributeError:
            raise TypeError(f"a framework name must be a string, not {type(name).__name__}") from None

    def frameworks(self) -> tuple[Framework, ...]:
        """Every framework, ordered by name (case-insensitive)."""
        return self._loaded().frameworks

    def criteria(self) -> tuple[Criterion, ...]:
        """Every criterion, in catalogue order (the order of comparison rows)."""
        return self._loaded().criteria

    def criterion(self, key: str) -> Criterion:
        """The criterion *key*; `UnknownCriterionError` (a `LookupError`) if none."""
        by_key = self._loaded().criteria_by_key
        try:
            return by_key[key]
        except KeyError:
            from ._suggest import closest

            raise UnknownCriterionError(key, closest(key, by_key)) from None

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.casefold() in self._loaded().index

    def __iter__(self) -> Iterator[Framework]:
        return iter(self._loaded().frameworks)

    def __len__(self) -> int:
        return len(self._loaded().frameworks)


def _data_files(directory: Traversable) -> list[Traversable]:
    return sorted(
        (r for r in directory.iterdir() if r.name.endswith((".toml", ".json")) and r.is_file()),
        key=lambda r: r.name,
    )


def _build(sources: list[tuple[str, Traversable | None, list[Traversable]]]) -> _Loaded:
    from ._loading import load_criteria, load_framework
    from ._resources import read_document

    by_key: dict[str, Criterion] = {}
    catalogues: list[tuple[str, list[str]]] = []
    for where, catalogue, _ in sources:
        if catalogue is None:
            continue
        file = where + catalogue.name
        keys = []
        for criterion in load_criteria(read_document(catalogue, file), file):
            if criterion.key in by_key:
                raise DataError(file, "criterion.key", f"{criterion.key!r} is already a criterion")
            by_key[criterion.key] = criterion
            keys.append(criterion.key)
        catalogues.append((where, keys))
    frameworks: list[Framework] = []
    slugs: dict[str, str] = {}
    # A file must cover the bundled catalogue and its own directory's; the
    # criteria other sources add are unknown for it unless it covers them.
    base = set(catalogues[0][1]) if sources[0][0] == "" else set()
    for where, _, files in sources:
        required = base | set(dict(catalogues).get(where, ()))
        prefix = where or "frameworks/"
        for resource in files:
            file = prefix + resource.name
            framework = load_framework(
                read_document(resource, file), file, by_key, slug=resource.name.rsplit(".", 1)[0], required=required
            )
            if framework.slug in slugs:
                raise DataError(file, "slug", f"{framework.slug!r} is already defined by {slugs[framework.slug]}")
            slugs[framework.slug] = file
            frameworks.append(framework)
    # Index in load order, so that a clash is blamed on the later file.
    index = _index(frameworks, slugs)
    frameworks.sort(key=lambda f: f.name.casefold())
    return _Loaded(
        criteria=tuple(by_key.values()),
        criteria_by_key=types.MappingProxyType(by_key),
        frameworks=tuple(frameworks),
        index=types.MappingProxyType(index),
    )


def _index(frameworks: list[Framework], files: Mapping[str, str]) -> dict[str, Framework]:
    index: dict[str, Framework] = {}
    for framework in frameworks:
        for spelling in {framework.slug, framework.name, *framework.aliases}:
            key = spelling.casefold()
            other = index.get(key)
            if other is not None and other is not framework:
                raise DataError(
                    files[framework.slug],
                    "aliases",
                    f"{spelling!r} is already a name of {other.name} ({other.slug})",
                )
            index[key] = framework
    return index


def _spellings(index: Mapping[str, Framework]) -> list[str]:
    # Suggest the names people recognise, plus the folded keys that matched.
    return sorted({f.slug for f in index.values()} | set(index))


_DEFAULT = Registry()


def default_registry() -> Registry:
    """The registry behind the module-level functions: bundled data."""
    return _DEFAULT
