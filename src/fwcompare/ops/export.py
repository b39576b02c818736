"""`export`: the whole dataset as one JSON-safe document (``fwcompare export``).

For tools and static sites that want the data without the library: every
criterion, every framework with its facts, sources and attributed opinions,
every release list (bundled, a plugin's or a user's), each framework's
support policy and computed lifecycle (support windows per series, the
maintenance figures), and the credit each ranking status earns. The
document's schema is shipped as ``fwcompare/data/schema/output/export.schema.json``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..jsontypes import ExportDict, FrameworkSupportDict, ReleaseDict
    from ..model.frameworks import Framework
    from ..registry import Registry

__all__ = ["export"]


def export(registry: Registry | None = None) -> ExportDict:
    """Everything in *registry* (default: bundled data and plugins) as one JSON-safe dict.

    >>> import fwcompare
    >>> document = fwcompare.export()
    >>> document["schema_version"], len(document["frameworks"]) == len(fwcompare.frameworks())
    (1, True)
    """
    from .._scoring import credit_map
    from .._version import OUTPUT_SCHEMA_VERSION, __version__
    from ..render.json import criterion_to_dict, framework_to_dict
    from ..render.json_pieces import release_to_dict

    if registry is None:
        from ..registry import default_registry

        registry = default_registry()
    frameworks = registry.frameworks()
    release_lists: dict[str, list[ReleaseDict]] = {f.slug: [release_to_dict(r) for r in f.releases] for f in frameworks}
    support = {f.slug: _support(f) for f in frameworks}
    return {
        "fwcompare": __version__,
        "schema_version": OUTPUT_SCHEMA_VERSION,
        "criteria": [criterion_to_dict(c) for c in registry.criteria()],
        "frameworks": [framework_to_dict(f) for f in frameworks],
        "releases": release_lists,
        "support": support,
        "credit": credit_map(),  # every credit the scorer gives (fwcompare._scoring)
    }


def _support(framework: Framework) -> FrameworkSupportDict:
    from .._errors import UnknownVersionError
    from ..render.lifecycle import lifecycle_to_dict, policy_to_dict, window_to_dict

    source = getattr(framework.releases, "source", None)
    try:
        figures = lifecycle_to_dict(framework.lifecycle())
    except UnknownVersionError:  # its data was checked after its release list was read
        figures = None
    return {
        "policy": policy_to_dict(framework.support_policy),
        "release_list": None
        if source is None
        else {"url": source.url, "title": source.title, "read": source.read.isoformat()},
        "windows": [window_to_dict(w) for w in framework.support_windows()],
        "lifecycle": figures,
    }
