"""The JSON forms of the small model objects that many documents repeat: a source, a release, a change.

A leaf of the render layer, so that every JSON renderer (comparisons, lifecycles,
pins, checks, upgrades, export) writes each of them the one way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from ..jsontypes import ChangeDict, ReleaseDict, SourceDict, SupportText
    from ..model.facts import Source
    from ..model.pinning import Change
    from ..model.releases import Release

__all__ = ["change_to_dict", "release_to_dict", "source_to_dict"]


def source_to_dict(s: Source) -> SourceDict:
    """A source as a JSON-safe dict: its URL, title and the day it was read."""
    return {"url": s.url, "title": s.title, "read": s.read.isoformat()}


def release_to_dict(r: Release) -> ReleaseDict:
    """A release as a JSON-safe dict."""
    return {
        "version": str(r.version),
        "date": r.date.isoformat(),
        "requires_python": r.requires_python_text,
        "yanked": r.yanked,
    }


def change_to_dict(c: Change) -> ChangeDict:
    """One `fwcompare.Change` as a JSON-safe dict."""
    return {
        "criterion": c.criterion.key,
        "version": str(c.version),
        "before": None if c.before is None else cast("SupportText", str(c.before)),
        "after": None if c.after is None else cast("SupportText", str(c.after)),
        "note": c.note,
    }
