"""`fwcompare.StackCheck` as a JSON-safe dict (``check --format json``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from .._version import OUTPUT_SCHEMA_VERSION, __version__
from .json_pieces import change_to_dict, release_to_dict

if TYPE_CHECKING:
    from ..jsontypes import (
        FindingKind,
        ReleaseDict,
        StackCheckDict,
        StackDependencyDict,
        StackExtensionDict,
        StackFrameworkDict,
        StackPinnedPairDict,
        StackSupportDict,
    )
    from ..model.project import Dependency
    from ..model.releases import Release
    from ..model.stack_check import ExtensionCheck, FrameworkCheck, PinnedPair, StackCheck, SupportStatus

__all__ = ["release_or_none", "stack_check_to_dict", "support_to_dict"]


def release_or_none(r: Release | None) -> ReleaseDict | None:
    """A release as a JSON-safe dict (``None`` stays ``None``)."""
    return None if r is None else release_to_dict(r)


def _dependency(d: Dependency) -> StackDependencyDict:
    return {
        "name": d.name,
        "specifier": d.specifier,
        "marker": d.marker,
        "origin": d.origin,
        "judged": d.judged,
        "reason": d.reason,
    }


def support_to_dict(s: SupportStatus | None) -> StackSupportDict | None:
    """A `fwcompare.SupportStatus` as a JSON-safe dict (``None`` stays ``None``)."""
    if s is None:
        return None
    return {
        "supported": s.supported,
        "until": None if s.until is None else s.until.isoformat(),
        "until_note": s.until_note,
        "ended_on": None if s.ended_on is None else s.ended_on.isoformat(),
        "ended_by": None if s.ended_by is None else str(s.ended_by.version),
        "policy": s.policy,
        "sources": [{"url": x.url, "title": x.title, "read": x.read.isoformat()} for x in s.sources],
    }


def _pinned(p: PinnedPair | None) -> StackPinnedPairDict | None:
    if p is None:
        return None
    from .json import _run  # one form of a recorded run for every output

    return {
        "extension_version": p.extension_version,
        "framework_version": p.framework_version,
        "observed": bool(p.runs),
        "fails": p.fails,
        "summary": p.describe(),
        "runs": [_run(r) for r in p.runs],
        "target": p.target,
        "target_observed": bool(p.target_runs),
        "target_fails": p.target_fails,
        "target_summary": p.describe_target(),
        "target_runs": [_run(r) for r in p.target_runs],
    }


def _extension(e: ExtensionCheck) -> StackExtensionDict:
    return {
        "name": e.name,
        "dependency": _dependency(e.dependency),
        "framework": e.framework,
        "latest_version": e.latest_version,
        "status": None if e.status is None else e.status.value,
        "reason": e.reason,
        "source": e.source,
        "requirement": e.requirement,
        "admits_judged": e.admits_judged,
        "admits_target": e.admits_target,
        "pinned": _pinned(e.pinned),
    }


def _framework(f: FrameworkCheck) -> StackFrameworkDict:
    return {
        "framework": f.framework,
        "slug": f.slug,
        "dependency": _dependency(f.dependency),
        "judged": release_or_none(f.judged),
        "oldest": release_or_none(f.oldest),
        "support": support_to_dict(f.support),
        "newest_in_series": release_or_none(f.newest_in_series),
        "latest": release_or_none(f.latest),
        "python_fits": f.python_fits,
        "ends_within": f.ends_within,
        "target": release_or_none(f.target),
        "target_note": f.target_note,
        "changes": [change_to_dict(c) for c in f.changes],
        "assumed_unchanged": f.unchanged,
        "extensions": [_extension(e) for e in f.extensions],
        "note": f.note,
        "on": None if f.on is None else f.on.isoformat(),
    }


def stack_check_to_dict(result: StackCheck) -> StackCheckDict:
    """A `fwcompare.StackCheck` as a JSON-safe dict."""
    failing = set(result.fail_on)
    return {
        "fwcompare": __version__,
        "schema_version": OUTPUT_SCHEMA_VERSION,
        "on": result.on.isoformat(),
        "within_days": result.within,
        "files": list(result.project.files),
        "requires_python": result.project.requires_python,
        "python": result.python,
        "frameworks": [_framework(f) for f in result.frameworks],
        "extensions": [_extension(e) for e in result.extensions],
        "not_judged": [_dependency(d) for d in result.project.not_judged],
        "findings": [
            {
                "kind": cast("FindingKind", f.kind),
                "subject": f.subject,
                "message": f.message,
                "fails": f.kind in failing,
            }
            for f in result.findings
        ],
        "fail_on": cast("list[FindingKind]", list(result.fail_on)),
        "exit_status": result.exit_status,
    }
