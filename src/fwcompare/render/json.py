"""JSON-safe dicts of model objects: the shape of fwcompare's JSON output.

The shape is part of the public contract (documented in docs/json.md): keys are
added in minor releases, never renamed or removed before a major one. Enums
become their string values, versions and dates strings, tuples lists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from .._version import OUTPUT_SCHEMA_VERSION, __version__
from .json_pieces import source_to_dict

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..jsontypes import (
        ClassificationText,
        ComparisonDict,
        CriteriaDict,
        CriterionDict,
        FactDict,
        FrameworkDict,
        FrameworkInfoDict,
        FrameworkListDict,
        InstallRunDict,
        MilestoneDict,
        OpinionDict,
        OpinionKindText,
        OpinionTopicText,
        RelationText,
        ShowDict,
        ValueKindText,
        VerdictText,
    )
    from ..model.comparison import Comparison
    from ..model.criteria import Criterion
    from ..model.extension_health import InstallRun
    from ..model.facts import Fact, Milestone
    from ..model.frameworks import Framework
    from ..model.opinions import Opinion

__all__ = [
    "comparison_to_dict",
    "criteria_to_dict",
    "criterion_to_dict",
    "fact_to_dict",
    "framework_info_to_dict",
    "framework_list_to_dict",
    "framework_to_dict",
    "show_to_dict",
]


def _opt(value: object) -> str | None:
    return None if value is None else str(value)


def _milestone(m: Milestone) -> MilestoneDict:
    entry: MilestoneDict = {"version": str(m.version), "note": m.note}
    if m.support_before is not None:  # only where the entry records a level, as in the data files
        entry["support_before"] = m.support_before.value
        entry["value_before"] = list(m.value_before) if isinstance(m.value_before, tuple) else m.value_before
    return entry


def fact_to_dict(fact: Fact) -> FactDict:
    """A fact as a JSON-safe dict."""
    value = list(fact.value) if isinstance(fact.value, tuple) else fact.value
    return {
        "criterion": fact.criterion,
        "support": fact.support.value,
        "value": value,
        "since": _opt(fact.since),
        "until": _opt(fact.until),
        "note": fact.note,
        "extensions": [
            {
                "name": e.name,
                "party": e.party.value,
                "pypi": e.pypi,
                "url": e.url,
                "status": None if e.status is None else e.status.value,
                "status_note": e.status_note,
                "runs": [_run(r) for r in e.runs],
            }
            for e in fact.extensions
        ],
        "history": [_milestone(m) for m in fact.history],
        "sources": [source_to_dict(s) for s in fact.sources],
    }


def _run(run: InstallRun) -> InstallRunDict:
    return {
        "framework_version": run.framework_version,
        "extension_version": run.extension_version,
        "python": run.python,
        "date": run.date.isoformat(),
        "current": run.current,
        "pinned": run.pinned,
        "outcome": run.outcome.value,
        "explain": run.explain(),
        "imported": list(run.imported),
        "smoke": run.smoke,
        "observed": run.observed,
        "no_smoke": run.no_smoke,
        "failure": None if run.failure is None else run.failure.value,
        "failure_subject": run.failure_subject,
        "workaround": run.workaround,
        "admits": run.admits,
        "requirement": run.requirement,
        "error": run.error,
    }


def criterion_to_dict(criterion: Criterion) -> CriterionDict:
    """A criterion as a JSON-safe dict."""
    return {
        "key": criterion.key,
        "label": criterion.label,
        "group": criterion.group,
        "group_label": criterion.group_label,
        "kind": cast("ValueKindText", str(criterion.kind)),
        "choices": list(criterion.choices),
        "description": criterion.description,
    }


def opinion_to_dict(opinion: Opinion) -> OpinionDict:
    """An attributed opinion as a JSON-safe dict."""
    by = opinion.by
    return {
        "by": {
            "author": by.author,
            "organisation": by.organisation,
            "title": by.title,
            "publisher": by.publisher,
            "date": by.date.isoformat(),
            "url": by.url,
        },
        "kind": cast("OpinionKindText", str(opinion.kind)),
        "topic": cast("OpinionTopicText", str(opinion.topic)),
        "claim": opinion.claim,
        "verdict": cast("VerdictText", str(opinion.verdict)),
        "correction": opinion.correction,
        "criteria": list(opinion.criteria),
        "sources": [source_to_dict(s) for s in opinion.sources],
        "measured": None if opinion.measured is None else opinion.measured.value,
    }


def framework_info_to_dict(framework: Framework) -> FrameworkInfoDict:
    """A framework without its facts, as a JSON-safe dict."""
    from .freshness import read_day

    first = framework.first_release
    return {
        "slug": framework.slug,
        "name": framework.name,
        "aliases": list(framework.aliases),
        "summary": framework.summary,
        "classification": cast("ClassificationText", str(framework.classification)),
        "homepage": framework.homepage,
        "repository": framework.repository,
        "pypi": framework.pypi,
        "license": framework.license,
        "license_note": framework.license_note,
        "authors": list(framework.authors),
        "maintainer": framework.maintainer,
        "first_release": {
            "date": first.when(),  # YYYY-MM-DD, or YYYY-MM / YYYY where only that is known
            "precision": first.precision,
            "version": first.version,
            "note": first.note,
            "sources": [source_to_dict(s) for s in first.sources],
        },
        "checked": {"version": str(framework.checked.version), "date": framework.checked.date.isoformat()},
        "releases_read": None if (read := read_day(framework.releases)) is None else read.isoformat(),
        "built_on": [
            {
                "name": r.name,
                "relation": cast("RelationText", str(r.kind)),
                "slug": r.slug,
                "note": r.note,
                "sources": [source_to_dict(s) for s in r.sources],
            }
            for r in framework.built_on
        ],
        "sources": [source_to_dict(s) for s in framework.sources],
        "opinions": [opinion_to_dict(o) for o in framework.opinions],
    }


def framework_to_dict(framework: Framework) -> FrameworkDict:
    """A framework with its facts keyed by criterion, as a JSON-safe dict."""
    info = framework_info_to_dict(framework)
    return {**info, "facts": {key: fact_to_dict(f) for key, f in framework.facts.items()}}


def show_to_dict(framework: Framework) -> ShowDict:
    """``show --format json``: the framework with its facts, stamped with the versions."""
    return {"fwcompare": __version__, "schema_version": OUTPUT_SCHEMA_VERSION, **framework_to_dict(framework)}


def framework_list_to_dict(frameworks: Iterable[Framework]) -> FrameworkListDict:
    """``list --format json``: every framework, without facts."""
    return {
        "fwcompare": __version__,
        "schema_version": OUTPUT_SCHEMA_VERSION,
        "frameworks": [framework_info_to_dict(f) for f in frameworks],
    }


def criteria_to_dict(criteria: Iterable[Criterion]) -> CriteriaDict:
    """``criteria --format json``: the catalogue, in order."""
    return {
        "fwcompare": __version__,
        "schema_version": OUTPUT_SCHEMA_VERSION,
        "criteria": [criterion_to_dict(c) for c in criteria],
    }


def comparison_to_dict(comparison: Comparison) -> ComparisonDict:
    """A comparison as a JSON-safe dict (see `Comparison.to_dict`)."""
    from .._version import __version__
    from .lifecycle import lifecycle_to_dict
    from .pins import pins_to_dict

    slugs = [f.slug for f in comparison.frameworks]
    judged_at, upgrades = pins_to_dict(comparison)
    return {
        "fwcompare": __version__,
        "schema_version": OUTPUT_SCHEMA_VERSION,
        "frameworks": [framework_info_to_dict(f) for f in comparison.frameworks],
        "criteria": [criterion_to_dict(r.criterion) for r in comparison.rows],
        "judged_at": judged_at,
        "upgrades": upgrades,
        "lifecycle": {
            f.slug: lifecycle_to_dict(figures)
            for f, figures in zip(comparison.frameworks, comparison.lifecycles(), strict=True)
        },
        "rows": [
            {
                "criterion": row.criterion.key,
                "differs": row.differs,
                "facts": {slug: fact_to_dict(fact) for slug, fact in zip(slugs, row.facts, strict=True)},
            }
            for row in comparison.rows
        ],
    }
