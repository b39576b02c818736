"""What the store gives a framework beside its own file: its release list and support policy,
and the health of its extensions, for bundled, user and plugin data alike."""

from __future__ import annotations

import types
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from ..model.frameworks import Framework

__all__ = ["bundled_extras", "listed_extras", "with_known_health"]


def bundled_extras(slug: str) -> dict[str, Any]:
    """What the bundled data knows of bundled framework *slug* beside its file, for `load_framework`:
    its release list and support policy (read when first asked for) and its extensions' health."""
    from .extension_status import bundled_health
    from .releases import BundledReleases

    releases = BundledReleases(slug)
    return {"releases": releases, "release_data": releases, "health": bundled_health(slug)}


def listed_extras(folder: Traversable, slug: str, prefix: str) -> dict[str, Any]:
    """The release list (and policy) of ``releases/SLUG.json`` beside a user's or plugin's framework
    file, for `load_framework`; nothing if there is none."""
    entry = folder.joinpath("releases", f"{slug}.json")
    if not entry.is_file():
        return {}
    from .support import read_release_list

    listed = read_release_list(entry, f"{prefix}releases/{slug}.json")
    return {"releases": listed, "release_data": listed}


def with_known_health(framework: Framework) -> Framework:
    """*framework* (a plugin's, built in Python) with the status the bundled index knows of each
    of its extensions by PyPI name, where the plugin gave none."""
    from .extension_status import distribution_health

    health = distribution_health()
    facts = {}
    changed = False
    for key, fact in framework.facts.items():
        extensions = []
        for extension in fact.extensions:
            found = None if extension.pypi is None or extension.status is not None else health(extension.pypi)
            if found is not None:
                extension = attrs.evolve(extension, status=found[0], status_note=found[1], runs=found[2])
            extensions.append(extension)
        if any(a is not b for a, b in zip(extensions, fact.extensions, strict=True)):
            facts[key] = attrs.evolve(fact, extensions=tuple(extensions))
            changed = True
        else:
            facts[key] = fact
    return attrs.evolve(framework, facts=types.MappingProxyType(facts)) if changed else framework
