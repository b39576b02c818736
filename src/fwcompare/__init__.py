"""fwcompare: typed, sourced, version-aware facts about Python web frameworks.

>>> import fwcompare
>>> fwcompare.get("flask").supports("async_views")
True
>>> print(fwcompare.compare("django", "flask", criteria=["admin"]))  # doctest: +ELLIPSIS
   | Django ...

The typed shape of every JSON output is in the public module
``fwcompare.jsontypes`` (TypedDicts that ``to_dict()`` returns).

Nothing is read when the package is imported: data files are parsed on the
first lookup, and frameworks are never imported (except by verification).
"""

from __future__ import annotations

import typing as _typing

from ._version import __version__

# The public names live in private modules, imported on first use of a name
# (PEP 562): `import fwcompare` costs almost nothing beyond `import attrs`.
if _typing.TYPE_CHECKING:
    from . import jsontypes as jsontypes  # public modules, imported by name
    from . import schemas as schemas
    from ._errors import (
        BenchError,
        ComparisonError,
        DataError,
        FrameworkNotInstalledError,
        FwcompareError,
        InterpreterError,
        PluginError,
        PluginWarning,
        PortInUseError,
        ProjectFileError,
        RankError,
        ServerStartError,
        UnknownCriterionError,
        UnknownDistributionError,
        UnknownFrameworkError,
        UnknownVersionError,
        UpdateError,
        WrkMissingError,
    )
    from ._formats import formats, register_format
    from ._vocab import (
        Classification,
        ExtensionStatus,
        Measured,
        NeedStatus,
        OpinionKind,
        OpinionTopic,
        Party,
        RelationKind,
        SupportLevel,
        ValueKind,
        Verdict,
    )
    from .model.comparison import Comparison, Row
    from .model.criteria import Criterion
    from .model.extension_health import (
        Distribution,
        ExtensionHealth,
        ExtensionUse,
        Failure,
        InstallRun,
        MaintainerStatement,
        Outcome,
        Repository,
    )
    from .model.facts import Extension, Fact, Milestone, Source, Value, VersionLike
    from .model.frameworks import CheckedAgainst, FirstRelease, Framework, Relationship, ReleaseData
    from .model.lifecycle import Lifecycle, LtsSeries, PolicySearch, SeriesEnd, SupportPolicy
    from .model.measurements import (
        BenchResult,
        EndpointMeasurement,
        Figure,
        Footprint,
        FrameworkMeasurement,
        ProfileLevel,
        Round,
    )
    from .model.opinions import Attribution, Opinion
    from .model.pinning import Change, Pin
    from .model.project import Dependency, ProjectDependencies
    from .model.provenance import Provenance
    from .model.ranking import Need, NeedResult, RankedFramework, Ranking
    from .model.releases import Release, ReleaseList
    from .model.stack_check import ExtensionCheck, Finding, FrameworkCheck, PinnedPair, StackCheck, SupportStatus
    from .model.updates import ListUpdate, UpdateReport
    from .model.upgrade import Upgrade
    from .model.verification import Check, CheckStatus, FrameworkSummary, Verification
    from .model.windows import SupportWindow
    from .ops.bench import bench
    from .ops.check import check
    from .ops.compare import compare
    from .ops.export import export
    from .ops.rank import rank
    from .ops.update import update
    from .ops.upgrade import upgrade
    from .ops.verify import verify
    from .registry import Registry, default_registry
    from .render.cells import cell_text
    from .store.plugins import PluginData, PluginInfo

_SUBMODULES = frozenset({"jsontypes", "schemas"})

_LAZY = {
    "Upgrade": ".model.upgrade",
    "upgrade": ".ops.upgrade",
    "check": ".ops.check",
    "Dependency": ".model.project",
    "ExtensionCheck": ".model.stack_check",
    "Finding": ".model.stack_check",
    "FrameworkCheck": ".model.stack_check",
    "PinnedPair": ".model.stack_check",
    "ProjectDependencies": ".model.project",
    "ProjectFileError": "._errors",
    "StackCheck": ".model.stack_check",
    "SupportStatus": ".model.stack_check",
    "Attribution": ".model.opinions",
    "Change": ".model.pinning",
    "Check": ".model.verification",
    "CheckStatus": ".model.verification",
    "CheckedAgainst": ".model.frameworks",
    "Classification": "._vocab",
    "ExtensionStatus": "._vocab",
    "Measured": "._vocab",
    "Comparison": ".model.comparison",
    "ComparisonError": "._errors",
    "Criterion": ".model.criteria",
    "DataError": "._errors",
    "Distribution": ".model.extension_health",
    "Extension": ".model.facts",
    "ExtensionHealth": ".model.extension_health",
    "ExtensionUse": ".model.extension_health",
    "MaintainerStatement": ".model.extension_health",
    "Repository": ".model.extension_health",
    "Failure": ".model.extension_health",
    "InstallRun": ".model.extension_health",
    "Outcome": ".model.extension_health",
    "Fact": ".model.facts",
    "FirstRelease": ".model.frameworks",
    "FrameworkSummary": ".model.verification",
    "Framework": ".model.frameworks",
    "FwcompareError": "._errors",
    "InterpreterError": "._errors",
    "Lifecycle": ".model.lifecycle",
    "LtsSeries": ".model.lifecycle",
    "ListUpdate": ".model.updates",
    "Milestone": ".model.facts",
    "Need": ".model.ranking",
    "NeedResult": ".model.ranking",
    "NeedStatus": "._vocab",
    "Opinion": ".model.opinions",
    "OpinionKind": "._vocab",
    "OpinionTopic": "._vocab",
    "Party": "._vocab",
    "Pin": ".model.pinning",
    "PluginData": ".store.plugins",
    "PluginError": "._errors",
    "PluginInfo": ".store.plugins",
    "PluginWarning": "._errors",
    "RankError": "._errors",
    "RankedFramework": ".model.ranking",
    "Ranking": ".model.ranking",
    "Registry": ".registry",
    "RelationKind": "._vocab",
    "Relationship": ".model.frameworks",
    "Release": ".model.releases",
    "ReleaseData": ".model.frameworks",
    "ReleaseList": ".model.releases",
    "SeriesEnd": ".model.lifecycle",
    "SupportWindow": ".model.windows",
    "PolicySearch": ".model.lifecycle",
    "Row": ".model.comparison",
    "Source": ".model.facts",
    "SupportLevel": "._vocab",
    "SupportPolicy": ".model.lifecycle",
    "UnknownCriterionError": "._errors",
    "UnknownDistributionError": "._errors",
    "UnknownFrameworkError": "._errors",
    "UnknownVersionError": "._errors",
    "UpdateError": "._errors",
    "UpdateReport": ".model.updates",
    "update": ".ops.update",
    "Value": ".model.facts",
    "ValueKind": "._vocab",
    "Verdict": "._vocab",
    "Verification": ".model.verification",
    "VersionLike": ".model.facts",
    "cell_text": ".render.cells",
    "formats": "._formats",
    "register_format": "._formats",
    "compare": ".ops.compare",
    "default_registry": ".registry",
    "export": ".ops.export",
    "rank": ".ops.rank",
    "verify": ".ops.verify",
    "bench": ".ops.bench",
    "BenchResult": ".model.measurements",
    "EndpointMeasurement": ".model.measurements",
    "Figure": ".model.measurements",
    "Footprint": ".model.measurements",
    "FrameworkMeasurement": ".model.measurements",
    "ProfileLevel": ".model.measurements",
    "Provenance": ".model.provenance",
    "Round": ".model.measurements",
    "BenchError": "._errors",
    "FrameworkNotInstalledError": "._errors",
    "PortInUseError": "._errors",
    "ServerStartError": "._errors",
    "WrkMissingError": "._errors",
}


# Hidden from type checkers: they see the names imported above and nothing
# else, so a misspelt name (fwcompare.comapre) is an error, not an ``object``.
# (Type checkers recognise ``typing.TYPE_CHECKING`` by that name, not under an alias.)
if not _typing.TYPE_CHECKING:

    def __getattr__(name: str) -> object:
        import importlib

        if name in _SUBMODULES:  # public modules: fwcompare.jsontypes, fwcompare.schemas
            return importlib.import_module(f".{name}", __name__)
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module 'fwcompare' has no attribute {name!r}")

        value = getattr(importlib.import_module(module, __name__), name)
        globals()[name] = value  # later lookups skip this function
        return value


# The layers (model, store, registry, ops, render, cli) become attributes once
# imported; they are the package's inside, not its API, so dir() leaves them out.
_LAYERS = frozenset({"cli", "model", "ops", "registry", "render", "store"})


def __dir__() -> list[str]:
    # The public modules (jsontypes, schemas) are imported by name, like the layers.
    return sorted((set(globals()) - _LAYERS - _SUBMODULES) | set(_LAZY))


__all__ = [
    "Attribution",
    "BenchError",
    "BenchResult",
    "Change",
    "Check",
    "CheckStatus",
    "CheckedAgainst",
    "Classification",
    "Comparison",
    "ComparisonError",
    "Criterion",
    "DataError",
    "Dependency",
    "Distribution",
    "EndpointMeasurement",
    "Extension",
    "ExtensionCheck",
    "ExtensionHealth",
    "ExtensionStatus",
    "ExtensionUse",
    "Fact",
    "Failure",
    "Figure",
    "Finding",
    "FirstRelease",
    "Footprint",
    "Framework",
    "FrameworkCheck",
    "FrameworkMeasurement",
    "FrameworkNotInstalledError",
    "FrameworkSummary",
    "FwcompareError",
    "InstallRun",
    "InterpreterError",
    "Lifecycle",
    "ListUpdate",
    "LtsSeries",
    "MaintainerStatement",
    "Measured",
    "Milestone",
    "Need",
    "NeedResult",
    "NeedStatus",
    "Opinion",
    "OpinionKind",
    "OpinionTopic",
    "Outcome",
    "Party",
    "Pin",
    "PinnedPair",
    "PluginData",
    "PluginError",
    "PluginInfo",
    "PluginWarning",
    "PolicySearch",
    "PortInUseError",
    "ProfileLevel",
    "ProjectDependencies",
    "ProjectFileError",
    "Provenance",
    "RankError",
    "RankedFramework",
    "Ranking",
    "Registry",
    "RelationKind",
    "Relationship",
    "Release",
    "ReleaseData",
    "ReleaseList",
    "Repository",
    "Round",
    "Row",
    "SeriesEnd",
    "ServerStartError",
    "Source",
    "StackCheck",
    "SupportLevel",
    "SupportPolicy",
    "SupportStatus",
    "SupportWindow",
    "UnknownCriterionError",
    "UnknownDistributionError",
    "UnknownFrameworkError",
    "UnknownVersionError",
    "UpdateError",
    "UpdateReport",
    "Upgrade",
    "Value",
    "ValueKind",
    "Verdict",
    "Verification",
    "VersionLike",
    "WrkMissingError",
    "__version__",
    "bench",
    "cell_text",
    "check",
    "compare",
    "criteria",
    "default_registry",
    "export",
    "extensions",
    "formats",
    "frameworks",
    "get",
    "rank",
    "register_format",
    "update",
    "upgrade",
    "verify",
]


def get(name: str) -> Framework:
    """The framework called *name*: its slug, name or an alias, in any case.

    Raises `UnknownFrameworkError` (a `LookupError`) naming the closest names.

    >>> get("Django").slug
    'django'
    """
    return (_instance or _default()).get(name)


def frameworks() -> tuple[Framework, ...]:
    """Every framework (bundled and from plugins), ordered by name."""
    return (_instance or _default()).frameworks()


def extensions() -> tuple[ExtensionHealth, ...]:
    """The bundled extension index: one health record per PyPI distribution, by normalised name.

    >>> health = {e.normalized: e for e in extensions()}
    >>> health["flask-sqlalchemy"].status_for("flask")[0] in set(ExtensionStatus)
    True
    """
    return (_instance or _default()).extensions()


def criteria() -> tuple[Criterion, ...]:
    """Every criterion, in catalogue order (the order of comparison rows)."""
    return (_instance or _default()).criteria()


_instance: Registry | None = None


def _default() -> Registry:
    # Imported on first use, then kept: a warm get() is one dictionary lookup away.
    global _instance
    from .registry import default_registry

    _instance = default_registry()
    return _instance
