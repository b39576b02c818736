"""Finding plugins' entry points, cheaply.

Kept apart from `_plugins` (the classes plugins use) so that a registry with no
plugin installed never pays for defining them.
"""

from __future__ import annotations

import os
from collections.abc import Callable

__all__ = [
    "BENCH_APPS_GROUP",
    "ENTRY_POINT_GROUP",
    "NO_PLUGINS_ENV",
    "PROBES_GROUP",
    "LoadFn",
    "autoload_enabled",
    "discover",
    "discover_bench_apps",
    "discover_probes",
]

ENTRY_POINT_GROUP = "fwcompare.frameworks"
"""The entry-point group plugin packages register in."""

PROBES_GROUP = "fwcompare.probes"
"""The entry-point group of plugins' probes: a framework's slug = the module of its probes.

`fwcompare.verify` copies that module (never imports it) and runs it as it runs
the bundled probes; see the plugin guide.
"""

BENCH_APPS_GROUP = "fwcompare.bench_apps"
"""The entry-point group of plugins' benchmark apps: a framework's slug = the module of its app.

`fwcompare.bench` reads the module's ``BENCH_APP`` literal from its source and copies
the module (never imports it) beside the bundled apps; see the plugin guide.
"""

NO_PLUGINS_ENV = "FWCOMPARE_NO_PLUGINS"
"""Set this environment variable to ``1`` to turn plugin discovery off."""


LoadFn = Callable[[], object]


def autoload_enabled() -> bool:
    """Whether plugins are discovered by default (``FWCOMPARE_NO_PLUGINS`` unset or ``0``)."""
    return os.environ.get(NO_PLUGINS_ENV, "").strip() in ("", "0")


def discover() -> list[tuple[str, str, str | None, LoadFn]]:
    """The entry points of the plugin group: (name, value, distribution, load), sorted by name."""
    return _discover(ENTRY_POINT_GROUP)


def discover_probes() -> list[tuple[str, str, str | None, LoadFn]]:
    """The entry points of `PROBES_GROUP`: (slug, module, distribution, load), sorted by slug."""
    return _discover(PROBES_GROUP)


def discover_bench_apps() -> list[tuple[str, str, str | None, LoadFn]]:
    """The entry points of `BENCH_APPS_GROUP`: (slug, module, distribution, load), sorted by slug."""
    return _discover(BENCH_APPS_GROUP)


def _discover(group: str) -> list[tuple[str, str, str | None, LoadFn]]:
    """The entry points of *group*: (name, value, distribution, load), sorted by name.

    Reads the ``entry_points.txt`` of the ``*.dist-info`` folders on
    ``sys.path`` directly: importing `importlib.metadata` costs more than
    importing fwcompare and reading its data together. Like importlib.metadata,
    the first distribution of a name on ``sys.path`` wins. Distributions that
    only a custom finder knows (eggs, zip archives) are found through
    importlib.metadata when ``FWCOMPARE_PLUGIN_DISCOVERY=importlib`` is set.
    """
    if os.environ.get("FWCOMPARE_PLUGIN_DISCOVERY") == "importlib":
        return _discover_with_importlib(group)
    import sys

    header = f"[{group}]".encode()
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
            distribution = folder.removesuffix(".dist-info").partition("-")[0].lower().replace("-", "_")
            if distribution in seen:
                continue
            seen.add(distribution)
            path = os.path.join(entry or ".", folder)
            # Bytes first: most environments have a hundred files or more, and only a
            # plugin's mentions the group; decoding is for that one.
            raw = _read_bytes(os.path.join(path, "entry_points.txt"))
            if raw is None or header not in raw:
                continue
            label = _distribution_label(path)
            for name, value in _section(raw.decode("utf-8", "replace"), group):
                found.append((name, value, label, _loader(value)))
    return sorted(found, key=lambda item: item[0])


def _read_bytes(path: str) -> bytes | None:
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return None


def _distribution_label(dist_info: str) -> str | None:
    """ "Name Version" from a dist-info folder's METADATA, as packaging tools write it."""
    raw = _read_bytes(os.path.join(dist_info, "METADATA")) or b""
    text = raw.decode("utf-8", "replace")
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


def _discover_with_importlib(group: str) -> list[tuple[str, str, str | None, LoadFn]]:
    from importlib.metadata import entry_points

    found: list[tuple[str, str, str | None, LoadFn]] = []
    for ep in entry_points(group=group):
        dist = getattr(ep, "dist", None)
        label = f"{dist.name} {dist.version}" if dist is not None else None
        found.append((ep.name, ep.value, label, ep.load))
    return sorted(found, key=lambda item: item[0])
