"""Assembly: bundled data, plugins and user directories, into one consistent state.

Criteria come first, from every source, so that each framework is loaded
against the whole catalogue: a framework that does not cover a criterion
another source added gets an explicit unknown fact for it. The order of
precedence is bundled data, then plugins (by entry-point name), then user
directories in the order given.

Clashes: within bundled data and user directories, a name taken twice is a
`DataError`, unless a user file says ``override = true``. A plugin's clash is
a `PluginWarning` and its entry is skipped, unless the plugin lists the name in
`PluginData.overrides`. A plugin that fails in any way contributes nothing.
"""

from __future__ import annotations

import os
import types
import warnings
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from .._collector import collector_paused
from .._errors import DataError
from ..model.criteria import Criterion
from ..model.frameworks import Framework
from .framework_extras import bundled_extras, listed_extras, with_known_health

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from .plugins import PluginData, PluginInfo

__all__ = ["Loaded", "Source", "assemble"]


class Loaded:
    """Everything a registry knows, built at once and published in one assignment.

    Bundled frameworks are built on first use (``makers``) and cached in
    ``built``; the registry guards that cache with its lock. Everything else is
    fixed once assembled.
    """

    __slots__ = ("built", "criteria", "criteria_by_key", "index", "makers", "ordered", "origins", "plugins")

    def __init__(
        self,
        criteria: tuple[Criterion, ...],
        index: dict[str, str],
        makers: dict[str, Callable[[], Framework]],
        origins: dict[str, str],
        plugins: tuple[PluginInfo, ...],
    ) -> None:
        self.criteria = criteria
        self.criteria_by_key: Mapping[str, Criterion] = types.MappingProxyType({c.key: c for c in criteria})
        # Every accepted spelling, case-folded (slug, name, aliases), to its slug.
        self.index = index
        self.makers = makers
        self.built: dict[str, Framework] = {}
        self.origins: Mapping[str, str] = types.MappingProxyType(origins)
        self.plugins = plugins
        self.ordered: tuple[Framework, ...] | None = None


class Source:
    """One place data comes from: a directory of files and/or Python objects."""

    # A plain class, not attrs: it is internal, and defining attrs classes costs
    # time on the first comparison.
    def __init__(
        self,
        label: str,
        directory: Traversable | None = None,
        prefix: str = "",
        frameworks: tuple[Framework, ...] = (),
        criteria: tuple[Criterion, ...] = (),
        overrides: frozenset[str] = frozenset(),
        plugin: PluginInfo | None = None,
        compiled_index: list[dict[str, Any]] | None = None,
    ) -> None:
        self.label = label
        """How errors and `Registry.origin` name it: "bundled", "plugin NAME", a path."""
        self.directory = directory
        self.prefix = prefix
        self.frameworks = frameworks
        self.criteria = criteria
        self.overrides = overrides
        self.plugin = plugin
        self.compiled_index = compiled_index
        """Bundled compiled data: the frameworks of index.json, each built on first use."""
        # Filled in while assembling:
        self.catalogue_keys: list[str] = []
        self.taken: list[str] = []
        self.skipped: list[str] = []


def directory_source(path: str) -> Source:
    """A user data directory as a source; `DataError` when it is not a directory."""
    from pathlib import Path

    if not str(path):  # Path("") is the working directory: never what was meant
        raise DataError("''", "", "is not a directory: the path is empty")
    directory = Path(path)
    try:
        is_directory = directory.is_dir()  # raises for a name too long (ENAMETOOLONG) until Python 3.12
    except OSError as exc:
        raise DataError(path, "", f"is not a directory: {exc.strerror or exc}") from None
    if not is_directory:
        raise DataError(path, "", "is not a directory")
    try:
        if not _data_files(directory):
            # Most likely the wrong directory: say so rather than add nothing.
            raise DataError(path, "", "has no data files (*.toml or *.json)")
    except OSError as exc:
        raise DataError(path, "", f"cannot be read: {exc.strerror or exc}") from None
    return Source(label=path, directory=directory, prefix=path.rstrip(os.sep) + os.sep)


def bundled_source(*, compiled: bool = True) -> Source:
    """The package's own data: its compiled JSON form unless *compiled* is false."""
    if compiled:
        import json

        from .resources import read_bundled

        try:
            index = json.loads(read_bundled("compiled", "index.json"))
        except OSError:  # not compiled (a checkout where tasks/compile_data.py never ran)
            index = None
        if index is not None:
            return Source(label="bundled", compiled_index=index["frameworks"])
    from .resources import bundled

    return Source(label="bundled", directory=bundled())


def _data_files(directory: Traversable, label: str | None = None) -> list[str]:
    """The names of the data files (``*.toml``, ``*.json``) in *directory*, sorted.

    With *label* (a user or plugin directory, named so in errors), an entry that
    looks like a data file but is not a regular file is a `DataError`: a dangling
    symbolic link, a link loop, a directory or a FIFO named ``*.toml`` would
    otherwise be skipped without a word (or, a FIFO, block the read). Names, not
    paths: a directory of 10,000 files listed as paths held 5 MB while it loaded.
    """
    entries: list[tuple[str, bool]]
    if isinstance(directory, os.PathLike):
        # scandir knows most entries' types without a stat call each.
        with os.scandir(os.fsdecode(directory)) as scan:
            entries = [(e.name, _is_file(e)) for e in scan if e.name.endswith((".toml", ".json"))]
    else:  # a zipped plugin's folder, say
        entries = [(r.name, r.is_file()) for r in directory.iterdir() if r.name.endswith((".toml", ".json"))]
    if label is not None:
        for name, regular in entries:
            if not regular:
                entry = directory.joinpath(name)
                raise DataError(label + name, "", f"is not a regular file: {_what_it_is(entry)}")
    return sorted(name for name, regular in entries if regular)


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()
    except OSError:  # a link loop, say: Path.is_file says False too
        return False


def _files(source: Source) -> tuple[Traversable | None, Traversable | None, list[tuple[str, str]]]:
    """The catalogue, the folder of framework files and their file names, with the names errors use."""
    if source.directory is None:
        return None, None, []
    if source.label == "bundled":
        root = source.directory
        folder = root.joinpath("frameworks")
        return root.joinpath("criteria.toml"), folder, [(f"frameworks/{n}", n) for n in _data_files(folder)]
    names = _data_files(source.directory, source.prefix)
    catalogues = [n for n in names if n.rsplit(".", 1)[0] == "criteria"]
    if len(catalogues) > 1:
        raise DataError(source.label, "", "has both criteria.toml and criteria.json: keep one")
    rest = [(source.prefix + n, n) for n in names if n not in catalogues]
    return (source.directory.joinpath(catalogues[0]) if catalogues else None), source.directory, rest


def _what_it_is(entry: Traversable) -> str:
    import stat

    if not isinstance(entry, os.PathLike):  # not on the file system (a zipped plugin's entry)
        return "a directory" if entry.is_dir() else "something else"
    from pathlib import Path

    path = Path(entry)
    try:
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode):
            mode = path.stat().st_mode
    except OSError as exc:
        return f"a symbolic link that leads nowhere ({exc.strerror or exc})"
    for test, what in (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return what
    return "a device or other special file"


class _Clash(Exception):
    """A plugin's framework takes a name (an alias) another framework has."""

    def __init__(self, source: Source, message: str) -> None:
        super().__init__(message)
        self.source = source


def _undeclared_override(source: Source, slug: str, file: str) -> None:
    # A plugin replaces a framework only where its PluginData lists it in overrides:
    # a data file alone must not swap a bundled framework behind the user's back.
    assert source.plugin is not None
    from .plugins import PluginWarning

    warnings.warn(
        f"fwcompare plugin {source.plugin.name!r}: {file} sets override = true for {slug!r}, "
        "but the plugin does not list it in overrides; the override is refused",
        PluginWarning,
        stacklevel=3,
    )


def _claim(source: Source, name: str, taken_by: str | None, what: str, file: str, field: str) -> bool:
    """Whether *source* may take *name*; raise or warn when it may not."""
    if taken_by is None or name in source.overrides:
        return True
    message = f"{what} {name!r} is already defined by {taken_by}"
    if source.plugin is None:
        raise DataError(file, field, message + (" (set override = true to replace it)" if what == "framework" else ""))
    source.skipped.append(name)
    from .plugins import PluginWarning

    warnings.warn(
        f"fwcompare plugin {source.plugin.name!r}: {message}; not loaded (list it in overrides to replace it)",
        PluginWarning,
        stacklevel=2,
    )
    return False


def _assemble_once(sources: list[Source]) -> Loaded:
    from .loading import load_criteria, load_framework
    from .resources import read_document

    by_key_mutable: dict[str, Criterion] = {}
    key_origin: dict[str, str] = {}
    # Per source: the folder of its framework files and, for each, (the name errors use, the file's name).
    documents: list[tuple[Source, Traversable | None, list[tuple[str, str]]]] = []
    for source in sources:
        catalogue, folder, files = _files(source)
        criteria: list[tuple[Criterion, str]] = [(c, source.label) for c in source.criteria]
        if catalogue is not None:
            file = source.prefix + catalogue.name
            criteria += [(c, file) for c in load_criteria(read_document(catalogue, file), file)]
        if source.compiled_index is not None:
            from .resources import parse_document, read_bundled

            document = parse_document(read_bundled("compiled", "criteria.json"), "criteria.json")
            criteria += [(c, "criteria.toml") for c in load_criteria(document, "criteria.toml")]
        for criterion, file in criteria:
            if _claim(source, criterion.key, key_origin.get(criterion.key), "criterion", file, "criterion.key"):
                by_key_mutable[criterion.key] = criterion
                key_origin[criterion.key] = source.label
                source.catalogue_keys.append(criterion.key)
        # Framework files are read one at a time below, after every catalogue: holding
        # all parsed documents at once would multiply a large load's peak memory.
        documents.append((source, folder, files))
    by_key: Mapping[str, Criterion] = types.MappingProxyType(by_key_mutable)
    if not by_key:
        raise DataError(", ".join(s.label for s in sources) or "(no data)", "", "no criteria catalogue (criteria.toml)")

    makers: dict[str, Callable[[], Framework]] = {}
    names: dict[str, tuple[str, ...]] = {}  # slug -> its case-folded spellings
    display: dict[str, str] = {}  # slug -> name, for messages
    origins: dict[str, str] = {}
    index: dict[str, str] = {}
    for source, folder, docs in documents:
        # A file must cover its own source's catalogue (bundled files the bundled
        # one); the criteria other sources add, the bundled ones included, are
        # "no data" for it unless it covers them. So a bundled criterion added in
        # a minor release leaves every plugin and user file valid.
        required = set(source.catalogue_keys)
        candidates: list[_Candidate] = [
            _Candidate(f.slug, f.name, f.aliases, source.label, False, _Given(with_known_health(f)))
            for f in source.frameworks
        ]
        if source.compiled_index is not None:
            candidates += _bundled_candidates(source.compiled_index, by_key, required)
        bundled = source.label == "bundled"
        for name, file_name in docs:
            assert folder is not None
            document = read_document(folder.joinpath(file_name), name)
            slug = file_name.rsplit(".", 1)[0]
            if bundled:
                extras = bundled_extras(slug)
            else:
                from .extension_status import distribution_health

                extras = {**listed_extras(folder, slug, source.prefix), "health": distribution_health()}
            framework = load_framework(document, name, by_key, slug=slug, required=required, **extras)
            override = isinstance(document, Mapping) and document.get("override") is True
            candidates.append(
                _Candidate(framework.slug, framework.name, framework.aliases, name, override, _Given(framework))
            )
        for c in candidates:
            if c.override and source.plugin is None:
                source.overrides = source.overrides | {c.slug}
            elif c.override and c.slug not in source.overrides:
                _undeclared_override(source, c.slug, c.file)
            if not _claim(source, c.slug, origins.get(c.slug), "framework", c.file, "slug"):
                continue
            spellings = tuple(sorted({s.casefold() for s in (c.slug, c.name, *c.aliases)}))
            for spelling in spellings:
                other = index.get(spelling)
                if other is not None and other != c.slug:
                    message = f"{spelling!r} is already a name of {display[other]} ({other})"
                    if source.plugin is None:
                        raise DataError(c.file, "aliases", message)
                    raise _Clash(source, message)
            for spelling in names.pop(c.slug, ()):  # what it replaces
                del index[spelling]
            index.update(dict.fromkeys(spellings, c.slug))
            names[c.slug] = spellings
            display[c.slug] = c.name
            makers[c.slug] = c.make
            origins[c.slug] = c.file if source.label == "bundled" or source.plugin is None else source.label
            source.taken.append(c.slug)
    plugins = tuple(
        attrs.evolve(
            s.plugin,
            frameworks=tuple(s.taken),
            criteria=tuple(s.catalogue_keys),
            skipped=tuple(s.skipped),
        )
        for s in sources
        if s.plugin is not None
    )
    return Loaded(tuple(by_key.values()), index, makers, origins, plugins)


class _Candidate(NamedTuple):
    """A framework a source offers, known by its names before (perhaps) being built."""

    slug: str
    name: str
    aliases: tuple[str, ...]
    file: str
    override: bool
    make: Callable[[], Framework]


class _Given:
    """The maker of a framework built already (from a file, or a plugin's objects).

    An object with one slot, not a closure: a third of the memory, 10,000 times
    over in a large load.
    """

    __slots__ = ("framework",)

    def __init__(self, framework: Framework) -> None:
        self.framework = framework

    def __call__(self) -> Framework:
        return self.framework


def _bundled_candidates(
    index: list[dict[str, Any]], by_key: Mapping[str, Criterion], required: set[str]
) -> list[_Candidate]:
    """The compiled bundled frameworks, from index.json: each built when first asked for."""

    def maker(slug: str) -> Callable[[], Framework]:
        def make() -> Framework:
            from .loading import load_framework
            from .resources import parse_document, read_bundled

            # Errors name the TOML source: the compiled file is generated from it.
            document = parse_document(read_bundled("compiled", "frameworks", f"{slug}.json"), f"{slug}.json")
            return load_framework(
                document, f"frameworks/{slug}.toml", by_key, slug=slug, required=required, **bundled_extras(slug)
            )

        return make

    return [
        _Candidate(i["slug"], i["name"], tuple(i["aliases"]), f"frameworks/{i['slug']}.toml", False, maker(i["slug"]))
        for i in index
    ]


def plugin_sources(
    entry_points: Iterable[tuple[str, str, str | None, Callable[[], object]]], *, strict: bool
) -> tuple[list[Source], list[PluginInfo]]:
    """Load each entry point; the sources of those that loaded, and the failures."""
    from .plugins import PluginInfo, resolve

    sources, failed = [], []
    for name, value, distribution, load in entry_points:
        info = PluginInfo(name=name, value=value, distribution=distribution)
        try:
            data: PluginData = resolve(load(), name)
        except Exception as exc:
            failed.append(_fail(info, exc, strict))
            continue
        frameworks, criteria = _checked_objects(data, name)
        sources.append(
            Source(
                label=f"plugin {name}",
                directory=data.data,
                prefix=f"plugin {name}: ",
                frameworks=frameworks,
                criteria=criteria,
                overrides=data.overrides,
                plugin=info,
            )
        )
    return sources, failed


def _checked_objects(data: PluginData, plugin: str) -> tuple[tuple[Framework, ...], tuple[Criterion, ...]]:
    """The plugin's Python-built frameworks and criteria, checked and frozen (see `plugin_objects`)."""
    from .plugin_objects import checked_objects

    return checked_objects(data.frameworks, Framework, plugin), checked_objects(data.criteria, Criterion, plugin)


def _fail(info: PluginInfo, exc: BaseException, strict: bool) -> PluginInfo:
    from .plugins import PluginError, PluginWarning

    reason = f"{type(exc).__name__}: {exc}"
    if strict:
        raise PluginError(f"fwcompare plugin {info.name!r} ({info.value}) failed to load: {reason}") from exc
    warnings.warn(
        f"fwcompare plugin {info.name!r} ({info.value}) failed to load: {reason}", PluginWarning, stacklevel=3
    )
    return attrs.evolve(info, error=reason)


def assemble(sources: list[Source], failed: list[PluginInfo], *, strict: bool) -> Loaded:
    """Build the state from *sources*; a plugin that breaks the build is dropped and reported."""
    while True:
        for source in sources:
            source.catalogue_keys, source.taken, source.skipped = [], [], []
        try:
            with collector_paused(), warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                loaded = _assemble_once(sources)
        except (DataError, _Clash) as exc:
            culprit = _culprit(sources, exc)
            if culprit is None:
                raise
            sources = [s for s in sources if s is not culprit]
            assert culprit.plugin is not None
            failed.append(_fail(culprit.plugin, exc, strict))
            continue
        # Re-issue the clash warnings of the build that succeeded, once each.
        for warning in caught:
            warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
        loaded.plugins = tuple(sorted((*loaded.plugins, *failed), key=lambda p: p.name))
        return loaded


def _culprit(sources: list[Source], exc: BaseException) -> Source | None:
    if isinstance(exc, _Clash):
        return exc.source
    file = getattr(exc, "file", "")
    for source in sources:
        if source.plugin is not None and (file.startswith(source.prefix) or file == source.label):
            return source
    return None
