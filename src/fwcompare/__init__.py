"""fwcompare: typed, sourced, version-aware facts about Python web frameworks.

>>> import fwcompare
>>> fwcompare.get("flask").supports("async_views")
True
>>> print(fwcompare.compare("django", "flask", criteria=["admin"]))  # doctest: +ELLIPSIS
   | Django ...

Nothing is read when the package is imported: data files are parsed on the
first lookup, and frameworks are never imported (except by verification).
"""

from __future__ import annotations

from typing import TYPE_CHECKING as _TYPE_CHECKING

# The public names live in private modules, imported on first use of a name
# (PEP 562): `import fwcompare` costs almost nothing beyond `import attrs`.
if _TYPE_CHECKING:
    from ._comparison import Comparison, Row, compare
    from ._criteria import Criterion
    from ._errors import (
        ComparisonError,
        DataError,
        FwcompareError,
        PluginError,
        PluginWarning,
        UnknownCriterionError,
        UnknownFrameworkError,
    )
    from ._facts import Extension, Fact, Milestone, Source, Value, VersionLike
    from ._frameworks import CheckedAgainst, FirstRelease, Framework, Relationship
    from ._opinions import Attribution, Opinion
    from ._plugins import PluginData, PluginInfo
    from ._rank import rank
    from ._ranking import Need, NeedResult, NeedStatus, RankedFramework, RankError, Ranking
    from ._registry import Registry, default_registry
    from ._verify import Check, CheckStatus, Verification, verify
    from ._vocab import (
        Classification,
        OpinionKind,
        OpinionTopic,
        Party,
        RelationKind,
        SupportLevel,
        ValueKind,
        Verdict,
    )

_LAZY = {
    "Attribution": "._opinions",
    "Check": "._verify",
    "CheckStatus": "._verify",
    "CheckedAgainst": "._frameworks",
    "Classification": "._vocab",
    "Comparison": "._comparison",
    "ComparisonError": "._errors",
    "Criterion": "._criteria",
    "DataError": "._errors",
    "Extension": "._facts",
    "Fact": "._facts",
    "FirstRelease": "._frameworks",
    "Framework": "._frameworks",
    "FwcompareError": "._errors",
    "Milestone": "._facts",
    "Need": "._ranking",
    "NeedResult": "._ranking",
    "NeedStatus": "._ranking",
    "Opinion": "._opinions",
    "OpinionKind": "._vocab",
    "OpinionTopic": "._vocab",
    "Party": "._vocab",
    "PluginData": "._plugins",
    "PluginError": "._errors",
    "PluginInfo": "._plugins",
    "PluginWarning": "._errors",
    "RankError": "._ranking",
    "RankedFramework": "._ranking",
    "Ranking": "._ranking",
    "Registry": "._registry",
    "RelationKind": "._vocab",
    "Relationship": "._frameworks",
    "Row": "._comparison",
    "Source": "._facts",
    "SupportLevel": "._vocab",
    "UnknownCriterionError": "._errors",
    "UnknownFrameworkError": "._errors",
    "Value": "._facts",
    "ValueKind": "._vocab",
    "Verdict": "._vocab",
    "Verification": "._verify",
    "VersionLike": "._facts",
    "compare": "._comparison",
    "default_registry": "._registry",
    "rank": "._rank",
    "verify": "._verify",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'fwcompare' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__version__ = "0.1.0"
"""This release's version (kept here, not read from package metadata: that costs an import)."""

__all__ = [
    "Attribution",
    "Check",
    "CheckStatus",
    "CheckedAgainst",
    "Classification",
    "Comparison",
    "ComparisonError",
    "Criterion",
    "DataError",
    "Extension",
    "Fact",
    "FirstRelease",
    "Framework",
    "FwcompareError",
    "Milestone",
    "Need",
    "NeedResult",
    "NeedStatus",
    "Opinion",
    "OpinionKind",
    "OpinionTopic",
    "Party",
    "PluginData",
    "PluginError",
    "PluginInfo",
    "PluginWarning",
    "RankError",
    "RankedFramework",
    "Ranking",
    "Registry",
    "RelationKind",
    "Relationship",
    "Row",
    "Source",
    "SupportLevel",
    "UnknownCriterionError",
    "UnknownFrameworkError",
    "Value",
    "ValueKind",
    "Verdict",
    "Verification",
    "VersionLike",
    "__version__",
    "compare",
    "criteria",
    "default_registry",
    "frameworks",
    "get",
    "rank",
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


def criteria() -> tuple[Criterion, ...]:
    """Every criterion, in catalogue order (the order of comparison rows)."""
    return (_instance or _default()).criteria()


_instance: Registry | None = None


def _default() -> Registry:
    # Imported on first use, then kept: a warm get() is one dictionary lookup away.
    global _instance
    from ._registry import default_registry

    _instance = default_registry()
    return _instance
