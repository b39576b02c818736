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

from ._comparison import Comparison, Row, compare
from ._criteria import Criterion
from ._errors import ComparisonError, DataError, FwcompareError, UnknownCriterionError, UnknownFrameworkError
from ._facts import Extension, Fact, Milestone, Source, Value, VersionLike
from ._frameworks import CheckedAgainst, FirstRelease, Framework, Relationship
from ._opinions import Attribution, Opinion
from ._plugins import PluginData, PluginError, PluginInfo, PluginWarning
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
    "Opinion",
    "OpinionKind",
    "OpinionTopic",
    "Party",
    "PluginData",
    "PluginError",
    "PluginInfo",
    "PluginWarning",
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
    "verify",
]

_default = default_registry()


def get(name: str) -> Framework:
    """The framework called *name*: its slug, name or an alias, in any case.

    Raises `UnknownFrameworkError` (a `LookupError`) naming the closest names.

    >>> get("Django").slug
    'django'
    """
    return _default.get(name)


def frameworks() -> tuple[Framework, ...]:
    """Every bundled framework, ordered by name."""
    return _default.frameworks()


def criteria() -> tuple[Criterion, ...]:
    """Every criterion, in catalogue order (the order of comparison rows)."""
    return _default.criteria()
