"""A user's script: the public API as someone outside the project would use it.

The test suite type-checks this file with ``mypy --strict`` and runs it.
"""

from __future__ import annotations

import fwcompare
from fwcompare import Comparison, Fact, Framework, SupportLevel


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
    data: dict[str, object] = fwcompare.compare("django", "flask").to_dict()
    assert data["schema_version"] == 1


if __name__ == "__main__":
    main()
