"""A user's script: the public API as someone outside the project would use it.

The test suite type-checks this file with ``mypy --strict`` and runs it.
"""

from __future__ import annotations

import fwcompare
from fwcompare import Comparison, Fact, Framework, RankedFramework, Ranking, SupportLevel
from fwcompare.jsontypes import (
    ComparisonDict,
    CriteriaDict,
    ExportDict,
    FactDict,
    FrameworkListDict,
    RankingDict,
    ShowDict,
    VerificationDict,
)


def describe(framework: Framework) -> str:
    fact: Fact = framework.fact("async_views")
    since = f" since {fact.since}" if fact.since is not None else ""
    supported: bool | None = framework.supports("async_views")
    return f"{framework.name}: async views {fact.support.value}{since} (built in today: {supported})"


def decision_record(a: str, b: str) -> str:
    comparison: Comparison = fwcompare.compare(a, b, criteria=["orm", "admin", "async_views"])
    lines = [f"# {a} or {b}?"]
    for row in comparison.differences():
        cells = ", ".join(
            f"{fw.name}: {fact.support}" for fw, fact in zip(comparison.frameworks, row.facts, strict=True)
        )
        lines.append(f"- {row.criterion.label}: {cells}")
        for fact in row.facts:
            lines.extend(f"  - source: {s.title} <{s.url}> ({s.read.isoformat()})" for s in fact.sources)
    return "\n".join(lines)


def differing_criteria(document: ComparisonDict) -> list[str]:
    """A tool reading the JSON through the TypedDicts: every key is typed."""
    out = []
    for row in document["rows"]:
        if row["differs"]:
            facts: dict[str, FactDict] = row["facts"]
            since = {slug: fact["since"] for slug, fact in facts.items() if fact["since"] is not None}
            out.append(f"{row['criterion']} {since}")
    return out


def tool_report() -> str:
    ranking: Ranking = fwcompare.rank(["admin", "async views"], frameworks=["django", "flask", "fastapi"])
    top_two: tuple[RankedFramework, ...] = ranking[0:2]
    ranked: RankingDict = ranking.to_dict()
    statuses = [r["status"] for entry in ranked["ranking"] for r in entry["results"]]
    shown: ShowDict = fwcompare.get("flask").to_dict()
    fact: FactDict = shown["facts"]["admin"]
    exported: ExportDict = fwcompare.export()
    releases = sum(len(items) for items in exported["releases"].values())
    criteria: CriteriaDict = {"fwcompare": "0", "schema_version": 1, "criteria": exported["criteria"]}
    listed: FrameworkListDict = {"fwcompare": "0", "schema_version": 1, "frameworks": []}
    checks: VerificationDict = fwcompare.Verification(()).to_dict()
    best: str = top_two[0].framework.slug
    cell = fwcompare.cell_text(fwcompare.get("flask").fact("admin"))
    return (
        f"{best} {statuses[:2]} {fact['support']} {releases > 0} {len(criteria['criteria'])} "
        f"{listed['frameworks']} {checks['checked_nothing']} {cell}"
    )


def main() -> None:
    try:
        fwcompare.get("flsk")
    except fwcompare.UnknownFrameworkError as error:
        suggestions: tuple[str, ...] = error.suggestions
        assert "flask" in suggestions
    builtin = [f.slug for f in fwcompare.frameworks() if f.fact("admin").support is SupportLevel.BUILT_IN]
    print(describe(fwcompare.get("flask")))
    print(decision_record("django", "flask"))
    print(sorted(builtin))
    data: ComparisonDict = fwcompare.compare("django", "flask").to_dict()
    assert data["schema_version"] == 1
    print(differing_criteria(data))
    print(tool_report())


if __name__ == "__main__":
    main()
