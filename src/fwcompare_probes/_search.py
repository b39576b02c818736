"""Searches the probes share: a framework's modules and names named like a feature.

A probe that shows a framework has no sitemap or feed support looks for its
modules and public names that are named like one: `walked_modules` and
`modules_on_disk` list the modules, `modules_with_word`, `modules_named` and
`names_containing` pick those named like the feature. Whole probes built from
them, for the many that differ only in their words: `module_check`,
`candidates_or_submodules`, `modules_like`, and the PEP 561 marker probes
`py_typed` and `py_typed_in_record`. Standard library only, Python 3.8 syntax.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import pkgutil
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from fwcompare_probes import Observation

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "candidates_or_submodules",
    "find_spec_missing",
    "module_check",
    "modules_like",
    "modules_named",
    "modules_on_disk",
    "modules_with_word",
    "names_containing",
    "py_typed",
    "py_typed_in_record",
    "walked_modules",
]


def walked_modules(*packages: str) -> list[str]:
    """Every module inside *packages*, sorted, as `pkgutil.walk_packages` finds them.

    It imports the subpackages it walks into (not the plain modules).
    """
    names: list[str] = []
    for package in packages:
        root = importlib.import_module(package)
        names += [m.name for m in pkgutil.walk_packages(root.__path__, package + ".")]
    return sorted(names)


def modules_on_disk(package: str) -> list[str]:
    """Every module and subpackage of *package*, sorted, found on disk without importing any."""
    root = importlib.import_module(package)
    names = []
    for top in root.__path__:
        for folder, dirs, files in os.walk(top):
            dirs[:] = [d for d in dirs if os.path.exists(os.path.join(folder, d, "__init__.py"))]
            rel = os.path.relpath(folder, top)
            prefix = package if rel == "." else package + "." + rel.replace(os.sep, ".")
            if prefix != package:
                names.append(prefix)
            for f in files:
                if f.endswith(".py") and f != "__init__.py":
                    names.append(prefix + "." + f[:-3])
    return sorted(names)


def modules_with_word(names: Iterable[str], *words: str) -> list[str]:
    """The *names* whose last part has a ``_``-separated word starting with one of *words*."""
    found = []
    for name in names:
        parts = name.rsplit(".", 1)[-1].strip("_").split("_")
        if any(part.startswith(word) for part in parts for word in words):
            found.append(name)
    return found


def modules_named(names: Iterable[str], *words: str) -> list[str]:
    """The *names* whose last part starts with one of *words*."""
    return [m for m in names if any(m.rsplit(".", 1)[-1].startswith(w) for w in words)]


def names_containing(holder: Any, *words: str, skip: Any = "_") -> list[str]:
    """Names in ``dir(holder)``, in that order, not starting with *skip*, containing one of *words* (any case)."""
    return [n for n in dir(holder) if not n.startswith(skip) and any(w in n.lower() for w in words)]


def find_spec_missing(*names: str) -> list[str]:
    """The module *names* that `importlib.util.find_spec` cannot find."""
    return [n for n in names if importlib.util.find_spec(n) is None]


def module_check(what: str, *modules: str) -> Observation:
    """Present when one of *modules* can be found (`find_spec`); the detail names those found and not."""
    missing = find_spec_missing(*modules)
    found = [m for m in modules if m not in missing]
    return Observation(
        present=bool(found),
        detail=f"{what}: modules found {found or 'none'}; not found {missing}",
    )


def candidates_or_submodules(
    package: str, label: str, candidates: tuple[str, ...], words: tuple[str, ...]
) -> Observation:
    """Present when one of the modules *candidates* exists or a module of *package* (on disk) is named like *words*."""
    missing = find_spec_missing(*candidates)
    found = modules_named(modules_on_disk(package), *words)
    return Observation(
        present=len(missing) < len(candidates) or bool(found),
        detail=(
            f"{label}: find_spec found none of {sorted(missing)}; "
            f"{package} submodules named like {list(words)}: {found or 'none'}"
        ),
    )


def modules_like(label: str, matching: Callable[..., list[str]], what: str, *words: str) -> Observation:
    """Present when ``matching(*words)`` finds modules; the detail reads "LABEL modules WHAT: [...]"."""
    found = matching(*words)
    return Observation(present=bool(found), detail=f"{label} modules {what}: {found}")


def py_typed(package: str) -> Observation:
    """Present when the installed *package* ships a ``py.typed`` marker (PEP 561), found without importing it."""
    spec = importlib.util.find_spec(package)
    locations = list(spec.submodule_search_locations or []) if spec else []
    marker = any(os.path.isfile(os.path.join(where, "py.typed")) for where in locations)
    return Observation(present=marker, detail=f"{package}/py.typed present: {marker}")


def py_typed_in_record(
    distribution: str, detail: str = "py.typed in the installed distribution: {typed} ({files} files)"
) -> Observation:
    """Present when the installed *distribution*'s RECORD lists a ``py.typed`` file.

    *detail* is formatted with ``typed`` (the paths, or ``none``) and ``files`` (how many the RECORD lists).
    """
    import importlib.metadata

    files = importlib.metadata.distribution(distribution).files or []
    typed = [str(f) for f in files if f.name == "py.typed"]
    return Observation(present=bool(typed), detail=detail.format(typed=typed or "none", files=len(files)))
