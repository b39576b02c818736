"""The benchmark apps: fwcompare's own (``fwcompare_bench.APPS``) and those plugins ship.

A plugin ships the app of a framework it provides as a module it names in the
``fwcompare.bench_apps`` entry-point group under the framework's slug. The
module is found, never imported in this process: what fwcompare needs to know
of the app is the literal ``BENCH_APP = {...}`` in its source, read without
running it (`read_bench_app`) and checked field by field. For a run, the module
is copied into the run's ``fwcompare_bench`` as ``plugins/app_<slug>`` (a
subpackage the bundled package does not have, so no name can collide), with
``plugins/apps.json``, the table the measured interpreter reads beside ``APPS``
(``fwcompare_bench.find``).
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from fwcompare_bench import ADDONS, APPS, DRIVER_DISTRIBUTIONS, PLUGINS, POSTGRESQL, App

from .._errors import BenchError, shorten
from ..model.measurements import FLOORS

if TYPE_CHECKING:
    from ..registry import Registry

__all__ = ["BUNDLED", "FIELDS", "SOURCE_LIMIT", "AppTable", "PluginApp", "app_table", "read_bench_app"]

SOURCE_LIMIT = 256 * 1024
"""Bytes of a plugin app's source read: a minimal app is a few kilobytes."""

FIELDS = {
    "interface": "wsgi (served on gunicorn), asgi (on uvicorn) or own (the module's serve(port))",
    "server": "the server's name, for an own-server app only",
    "engine": "the template engine of /html and /fortunes",
    "distribution": "the distribution whose version and footprint are reported",
    "database": "how /db and /fortunes reach the database",
    "imports": "the module the framework's hello world imports first (its import time is timed)",
    "addons": "distributions the app needs besides its framework and server (a list, may be empty)",
    "postgresql": "the driver module /db and /fortunes use when the run's database is PostgreSQL "
    "(psycopg or psycopg2); without it the app runs on SQLite only",
}
"""The fields of ``BENCH_APP``, and what each holds; all but ``server``, ``addons`` and ``postgresql`` are required."""

_TEXT_LIMIT = 200
_ADDONS_LIMIT = 20
_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,98}[A-Za-z0-9])?")  # PEP 508 distribution name
_MODULE = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,99}(?:\.[A-Za-z_][A-Za-z0-9_]{0,99}){0,9}")


@attrs.frozen
class PluginApp:
    """A benchmark app a plugin ships: the app, and where its module is to be copied from."""

    app: App
    imports: str
    """The module whose import time is the framework's."""
    addons: tuple[str, ...]
    """Distributions it needs besides its framework and server."""
    postgresql: str | None
    """The driver module it reaches PostgreSQL through (None: it runs on SQLite only)."""
    plugin: str
    """The distribution that ships it, with its version."""
    origin: str
    """The module's file, or its package's folder."""
    source: bytes
    """The module's source as read and checked (the package's ``__init__.py`` for a package)."""


@attrs.frozen
class AppTable:
    """Every benchmark app by name, bundled and plugins', and what it needs: the one table `bench` looks names up in."""

    apps: Mapping[str, App]
    addons: Mapping[str, tuple[str, ...]]
    """Distributions an app needs besides its framework and server, by app."""
    plugins: Mapping[str, PluginApp] = attrs.field(factory=dict)
    """The plugins' apps, by name (also in `apps`)."""
    providers: Mapping[str, str | None] = attrs.field(factory=dict)
    """Every plugin framework's slug, and the distribution that provides it (whether it ships an app or not)."""
    broken: Mapping[str, str] = attrs.field(factory=dict)
    """Plugin apps that cannot be used, by slug: why."""
    postgresql: Mapping[str, str] = attrs.field(factory=dict)
    """The driver module each app reaches PostgreSQL through, by app (absent: SQLite only)."""

    def __getitem__(self, name: str) -> App:
        return self.apps[name]

    def frameworks(self) -> list[str]:
        """The frameworks' apps, bundled first: every app but the floors."""
        return [n for n in self.apps if n not in FLOORS]

    def copy_plugins(self, package: str) -> None:
        """Write the plugins' apps and their table into *package*, a copy of ``fwcompare_bench``."""
        if not self.plugins:
            return
        folder = os.path.join(package, PLUGINS)
        os.makedirs(folder, exist_ok=True)
        Path(folder, "__init__.py").write_text('"""Benchmark apps plugins ship, copied here by fwcompare bench."""\n')
        table: dict[str, dict[str, Any]] = {}
        for name, shipped in self.plugins.items():
            module = shipped.app.module.rpartition(".")[2]
            try:
                if os.path.isdir(shipped.origin):
                    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
                    shutil.copytree(shipped.origin, os.path.join(folder, module), ignore=ignore)
                    Path(folder, module, "__init__.py").write_bytes(shipped.source)
                else:
                    Path(folder, f"{module}.py").write_bytes(shipped.source)
            except (OSError, shutil.Error) as exc:  # an unreadable file in the plugin's package
                raise BenchError(
                    f"the benchmark app of plugin {shorten(shipped.plugin, 60)} cannot be copied: "
                    f"{shorten(str(exc), 100)}"
                ) from None
            table[name] = {**shipped.app._asdict(), "imports": shipped.imports}
        Path(folder, "apps.json").write_text(json.dumps(table, indent=1), encoding="utf-8")


BUNDLED = AppTable(APPS, ADDONS, postgresql=POSTGRESQL)
"""fwcompare's own apps only."""


def app_table(names: Sequence[str] | None, registry: Registry | None) -> AppTable:
    """The bundled apps and the apps plugins ship for the frameworks they provide.

    Only the distribution that provides a framework (``Registry.plugins()``) may
    ship its app; any other's is ignored, as is an app for a bundled name. A
    plugin's app that cannot be found or read is in `AppTable.broken`. Without
    plugin apps to look at or plugin frameworks asked for, no registry is loaded.
    """
    from ..store.entry_points import autoload_enabled, discover_bench_apps

    entries = discover_bench_apps() if registry is not None or autoload_enabled() else []
    if not entries and all(n in APPS for n in names or ()):
        return BUNDLED
    if registry is None:
        if not autoload_enabled():
            return BUNDLED
        from ..registry import default_registry

        registry = default_registry()
    providers = {slug: info.distribution for info in registry.plugins() for slug in info.frameworks if slug not in APPS}
    apps, addons, drivers = dict(APPS), dict(ADDONS), dict(POSTGRESQL)
    plugins: dict[str, PluginApp] = {}
    broken: dict[str, str] = {}
    for slug, value, distribution, _ in entries:
        if slug not in providers or distribution != providers[slug] or slug in plugins:
            continue
        module = value.split("[", 1)[0].partition(":")[0].strip()
        try:
            shipped = _find(slug, module, distribution or "of unknown distribution")
        except BenchError as exc:
            broken[slug] = str(exc)
            continue
        plugins[slug], apps[slug], addons[slug] = shipped, shipped.app, shipped.addons
        if shipped.postgresql:
            drivers[slug] = shipped.postgresql
    return AppTable(apps, addons, plugins, providers, broken, drivers)


def _find(slug: str, module: str, plugin: str) -> PluginApp:
    """The app *plugin* ships for *slug* in *module*, found and read (never imported)."""
    import importlib.util

    where = f"the benchmark app of plugin {shorten(plugin, 60)} ({shorten(module, 60)})"
    try:
        spec = importlib.util.find_spec(module)
    except Exception as exc:  # a parent package that fails to import, a malformed name
        raise BenchError(f"{where} cannot be found: {shorten(str(exc), 100)}") from None
    if spec is None or not spec.origin or not spec.origin.endswith(".py"):
        raise BenchError(f"{where} cannot be found: no such Python module")
    try:
        with open(spec.origin, "rb") as f:
            source = f.read(SOURCE_LIMIT + 1)
    except OSError as exc:
        raise BenchError(f"{where} cannot be read: {shorten(str(exc), 100)}") from None
    name = f"{PLUGINS}.app_{slug.replace('-', '_')}"
    app, imports, addons, driver = read_bench_app(source, slug, name, where)
    origin = os.path.dirname(spec.origin) if spec.submodule_search_locations else spec.origin
    return PluginApp(app, imports, addons, driver, plugin, origin, source)


def read_bench_app(source: bytes, slug: str, module: str, where: str) -> tuple[App, str, tuple[str, ...], str | None]:
    """The app whose source is *source*, from its ``BENCH_APP`` literal, checked; `BenchError` naming *where* if bad.

    *module* is the name the app will have in ``fwcompare_bench``. Returns the app, the module whose
    import time is timed, the add-ons, and the PostgreSQL driver module (None: SQLite only).
    """
    if len(source) > SOURCE_LIMIT:
        raise BenchError(f"{where} is not usable: its source is over {SOURCE_LIMIT // 1024} KiB")
    try:
        tree = ast.parse(source.decode("utf-8"))
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        raise BenchError(f"{where} is not usable: it is not Python source ({shorten(str(exc), 80)})") from None
    names = _top_level_names(tree)
    node = next(
        (
            s.value
            for s in tree.body
            if isinstance(s, ast.Assign) and [getattr(t, "id", None) for t in s.targets] == ["BENCH_APP"]
        ),
        None,
    )
    if node is None:
        raise BenchError(f"{where} is not usable: it has no BENCH_APP = {{...}} at the top level")
    try:
        meta = ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError):
        raise BenchError(f"{where} is not usable: BENCH_APP is not a literal (no names, no calls)") from None
    if not isinstance(meta, dict):
        raise BenchError(f"{where} is not usable: BENCH_APP is not a dict")
    fields = _fields(meta, lambda field, problem: BenchError(f"{where} is not usable: BENCH_APP[{field!r}] {problem}"))
    interface = fields["interface"]
    needed = "serve" if interface == "own" else "app"
    if needed not in names:
        raise BenchError(
            f"{where} is not usable: BENCH_APP['interface'] is {interface!r}, so the module must define "
            f"{needed!r} at the top level"
        )
    server = fields.get("server", "") if interface == "own" else {"wsgi": "gunicorn", "asgi": "uvicorn"}[interface]
    app = App(slug, interface, module, server, fields["engine"], fields["distribution"], fields["database"])
    return app, fields["imports"], tuple(meta.get("addons", ())), fields.get("postgresql")


def _fields(meta: dict[Any, Any], bad: Any) -> dict[str, str]:
    """The text fields of a ``BENCH_APP`` literal, each checked; *bad* (field, problem) makes the error."""
    for key in meta:
        if key not in FIELDS:
            raise bad(shorten(str(key), 40), f"is not a field (known: {', '.join(FIELDS)})")
    fields: dict[str, str] = {}
    for key in FIELDS:
        value = meta.get(key)
        if key == "addons":
            if value is not None and (not isinstance(value, list | tuple) or len(value) > _ADDONS_LIMIT):
                raise bad(key, f"must be a list of at most {_ADDONS_LIMIT} distribution names")
            for item in value or ():
                if not isinstance(item, str) or not _NAME.fullmatch(item):
                    raise bad(key, f"holds {shorten(repr(item), 60)}, not a distribution name")
            continue
        if value is None and key in ("server", "postgresql"):
            continue
        if key == "postgresql" and (not isinstance(value, str) or value not in DRIVER_DISTRIBUTIONS):
            raise bad(key, f"must be one of {', '.join(DRIVER_DISTRIBUTIONS)}, got {shorten(repr(value), 40)}")
        if not isinstance(value, str) or not value.strip() or len(value) > _TEXT_LIMIT:
            raise bad(key, f"must be text of 1 to {_TEXT_LIMIT} characters, got {shorten(repr(value), 60)}")
        if any(unicodedata.category(c) in ("Cc", "Cf") for c in value):  # terminal control, bidi overrides
            raise bad(key, "holds a control character")
        fields[key] = value
    if fields["interface"] not in ("wsgi", "asgi", "own"):
        raise bad("interface", f"must be wsgi, asgi or own, got {shorten(repr(fields['interface']), 40)}")
    if ("server" in fields) != (fields["interface"] == "own"):
        raise bad("server", "names an own-server app's server: required for own, and only for own")
    if not _NAME.fullmatch(fields["distribution"]):
        raise bad("distribution", f"must be a distribution name, got {shorten(repr(fields['distribution']), 60)}")
    if not _MODULE.fullmatch(fields["imports"]):
        raise bad("imports", f"must be a module's dotted name, got {shorten(repr(fields['imports']), 60)}")
    return fields


def _top_level_names(tree: ast.Module) -> set[str]:
    """The names a module binds at its top level: assignments, definitions, imports."""
    names: set[str] = set()
    for statement in tree.body:
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(statement.name)
        elif isinstance(statement, ast.Assign | ast.AnnAssign):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
        elif isinstance(statement, ast.Import | ast.ImportFrom):
            names.update((a.asname or a.name).partition(".")[0] for a in statement.names)
    return names
