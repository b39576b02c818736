"""`export`: the whole dataset as one JSON-safe document (``fwcompare export``).

For tools and static sites that want the data without the library: every
criterion, every framework with its facts, sources and attributed opinions,
every bundled release list, and the credit each ranking status earns. The
document's schema is shipped as ``fwcompare/data/schema/output/export.schema.json``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..jsontypes import ExportDict, ReleaseDict
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
    from ..store.releases import releases

    if registry is None:
        from ..registry import default_registry

        registry = default_registry()
    frameworks = registry.frameworks()
    release_lists: dict[str, list[ReleaseDict]] = {
        f.slug: [
            {
                "version": str(r.version),
                "date": r.date.isoformat(),
                "requires_python": r.requires_python_text,
                "yanked": r.yanked,
            }
            for r in releases(f.slug)
        ]
        for f in frameworks
    }
    return {
        "fwcompare": __version__,
        "schema_version": OUTPUT_SCHEMA_VERSION,
        "criteria": [criterion_to_dict(c) for c in registry.criteria()],
        "frameworks": [framework_to_dict(f) for f in frameworks],
        "releases": release_lists,
        "credit": credit_map(),  # every credit the scorer gives (fwcompare._scoring)
    }
