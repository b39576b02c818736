"""The data lint: checks that need more than one file at a time.

The loader already rejects what one file can get wrong on its own (a missing
source, an http URL, partial support without a note, ``since`` not before
``until``, an unknown criterion, duplicate aliases). This adds the checks that
need the bundled release lists and the whole registry: a version bound must
name a release the framework really made; the checked version must be its
latest release; a relationship's slug must name a known framework; a note
that says when the capability came ("added in 0.20.1", "arrived in 0.4.0")
must name a version the fact has as a bound or a history entry.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import attrs

from ..store.releases import releases

if TYPE_CHECKING:
    from packaging.version import Version

    from ..model.frameworks import Framework
    from ..registry import Registry

__all__ = ["Problem", "lint"]


@attrs.frozen
class Problem:
    """One thing the lint found wrong: where, and what."""

    framework: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.framework}: {self.field}: {self.message}"


def _bounds(framework: Framework) -> list[tuple[str, Version]]:
    found = [("checked.version", framework.checked.version)]
    for key, fact in framework.facts.items():
        if fact.since is not None:
            found.append((f"facts.{key}.since", fact.since))
        if fact.until is not None:
            found.append((f"facts.{key}.until", fact.until))
        found += [(f"facts.{key}.history[{i}].version", m.version) for i, m in enumerate(fact.history)]
    return found


def lint(registry: Registry | None = None) -> tuple[Problem, ...]:
    """Every problem the lint finds in *registry* (default: the bundled data)."""
    if registry is None:
        from ..registry import default_registry

        registry = default_registry()
    problems: list[Problem] = []
    slugs = {f.slug for f in registry.frameworks()}
    for framework in registry.frameworks():
        listed = releases(framework.slug)
        if not listed:
            problems.append(Problem(framework.slug, "releases", "no bundled release list (tasks/update_releases.py)"))
        else:
            versions = {r.version for r in listed}
            for field, version in _bounds(framework):
                if version not in versions:
                    problems.append(Problem(framework.slug, field, f"{version} is not a release on PyPI"))
            final = [r for r in listed if not r.version.is_prerelease and not r.yanked]
            if final and framework.checked.version != final[-1].version:
                problems.append(
                    Problem(
                        framework.slug,
                        "checked.version",
                        f"{framework.checked.version} is not the latest release ({final[-1].version})",
                    )
                )
            problems += _unbounded_notes(framework, versions)
        for i, relation in enumerate(framework.built_on):
            if relation.slug is not None and relation.slug not in slugs:
                problems.append(Problem(framework.slug, f"built_on[{i}].slug", f"{relation.slug!r} is not a framework"))
    return tuple(problems)


# "added in 0.20.1", "arrived in 0.4.0", "first released in 0.7.0", "introduced in Quart 0.4":
# a note that dates the capability to a release of the framework.
_DATED = re.compile(
    r"\b(?:added|arrived|introduced|first released|new|appeared)\s+in\s+(?:[A-Z][\w.-]*\s+)?v?(\d+(?:\.\d+)+)\b",
    re.IGNORECASE,
)


def _unbounded_notes(framework: Framework, versions: set[Version]) -> list[Problem]:
    """Facts whose note dates the capability to a release that is not one of the fact's bounds."""
    from ..model.facts import parse_version

    problems = []
    for key, fact in framework.facts.items():
        known = {v for v in (fact.since, fact.until) if v is not None} | {m.version for m in fact.history}
        for match in _DATED.finditer(fact.note):
            named = parse_version(match.group(1))
            if named in versions and named not in known:
                problems.append(
                    Problem(
                        framework.slug,
                        f"facts.{key}.note",
                        f"names {match.group(1)} ({match.group(0)!r}) but the fact has no bound or history entry "
                        "for it: add since/until or a history entry, or reword",
                    )
                )
    return problems
