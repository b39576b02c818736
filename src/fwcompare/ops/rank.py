"""Ranking: which frameworks fit a list of needs best, and why.

Pure functions over the model: nothing here reads a file or imports a
framework, so a ranking is as fast as the registry's first load allows. The
result types are in ``_ranking``.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import attrs

from .._collector import collector_paused
from .._errors import RankError, shorten
from .._vocab import ExtensionStatus, SupportLevel
from ..model.criteria import Criterion
from ..model.facts import Fact, VersionLike, fact_or_no_data
from ..model.frameworks import Framework
from ..model.ranking import Need, NeedResult, NeedStatus, RankedFramework, Ranking

if TYPE_CHECKING:
    from packaging.version import Version

    from ..registry import Registry

__all__ = ["rank"]


def _needs(needs: Iterable[str | Need] | Mapping[str, float]) -> list[Need]:
    if isinstance(needs, str):
        # A lone string would otherwise be read one character at a time.
        return [Need(needs)]
    if isinstance(needs, Mapping):
        return [Need(key, weight=weight) for key, weight in needs.items()]
    result = []
    for need in needs:
        if isinstance(need, Need):
            result.append(need)
        elif isinstance(need, str):
            result.append(Need(need))
        else:
            raise TypeError(f"a need is a criterion key or a Need, not {type(need).__name__}")
    return result


def _judge(
    need: Need,
    criterion: Criterion,
    fact: Fact,
    version: Version,
    checked: Version,
    maintained_extensions: bool = False,
) -> NeedResult:
    # Judged at *version* (a minimum version, or the one checked) and at the
    # version checked: a fact's bounds make one interval, so a need that holds
    # at both ends holds on every release between them.
    level = fact.support_at(version)
    if version is not checked and level is not SupportLevel.UNKNOWN and fact.support_at(checked) is SupportLevel.ABSENT:
        level = SupportLevel.ABSENT
    status = _STATUS[level]
    if status is not NeedStatus.EXTENSION:
        return NeedResult(need, criterion, status, fact, level, version, need.weight * _CREDIT[status])
    if need.builtin_only:
        return NeedResult(need, criterion, NeedStatus.UNMET, fact, level, version, 0.0)
    # The extension's health next to this framework: broken earns nothing (the
    # need is unmet), unmaintained half of an extension's credit, and with
    # maintained_extensions only an active or quiet extension meets the need.
    credit = need.weight * _CREDIT[status]
    health = _best_health(fact)
    if health is ExtensionStatus.BROKEN or (maintained_extensions and health is ExtensionStatus.UNMAINTAINED):
        status, credit = NeedStatus.UNMET, 0.0
    elif health is ExtensionStatus.UNMAINTAINED:
        credit *= UNMAINTAINED_SHARE
    # The reason is worded when asked for (NeedResult.reason): most results of a
    # large ranking are only scored.
    return NeedResult(need, criterion, status, fact, level, version, credit)


UNMAINTAINED_SHARE = 0.5
"""The share of an extension's credit that an unmaintained extension earns (0.5 of 0.5: a quarter)."""


def _best_health(fact: Fact) -> ExtensionStatus | None:
    """The healthiest status among the fact's extensions (one without health data counts as
    active); None when none of them has health data."""
    # A plain loop over ranks: this runs for every extension route of a large ranking.
    best, known = len(_HEALTH), False
    for extension in fact.extensions:
        status = extension.status
        if status is None:
            best = 0  # counts as active
        else:
            known = True
            best = min(best, _HEALTH_RANK[status])
    return _HEALTH[best] if known else None


_HEALTH = tuple(ExtensionStatus)
_HEALTH_RANK = {status: n for n, status in enumerate(_HEALTH)}


_STATUS = {
    SupportLevel.BUILT_IN: NeedStatus.MET,
    SupportLevel.PARTIAL: NeedStatus.PARTIAL,
    SupportLevel.EXTENSION: NeedStatus.EXTENSION,
    SupportLevel.ABSENT: NeedStatus.UNMET,
    SupportLevel.UNKNOWN: NeedStatus.UNKNOWN,
}
_CREDIT = {status: status.credit for status in NeedStatus}


def rank(
    needs: Iterable[str | Need] | Mapping[str, float],
    *,
    frameworks: Iterable[str | Framework] | None = None,
    builtin_only: bool = False,
    min_versions: Mapping[str, VersionLike] | None = None,
    registry: Registry | None = None,
    maintained_only: bool = False,
    maintained_extensions: bool = False,
) -> Ranking:
    """Rank frameworks by how well they meet *needs*, best first, with the reason for each need.

    *needs* is a list of criterion keys or `Need` objects, or a mapping of
    criterion keys to weights (``{"admin": 2, "orm": 1}``). A key may also be
    spelled as the criterion's label or with spaces (``"async views"``).
    *frameworks* limits the candidates (by default every framework in
    *registry*, the default registry when ``None``).

    **Score.** Each need earns its weight times the `NeedStatus.credit` of its status:
    built in 1, partial 0.75, through an extension 0.5, absent or unknown 0.
    With *builtin_only* (or a need's own ``builtin_only``), an extension does
    not meet the need: its status is unmet and it earns nothing.

    **Minimum versions.** *min_versions* maps framework names to the oldest
    release of that framework the project must run on (``{"django": "3.0"}``).
    A need of that framework is then met only if it holds on every release
    from the minimum up to the one the data was checked against: its fact's
    ``since`` is at or before the minimum version, and its ``until``, if it
    has one, is after the version checked. Frameworks not named are judged at
    the version the data was checked against. The version judged is on each
    `RankedFramework` and `NeedResult`.

    **Maintained only.** With *maintained_only*, a framework is left out
    when its lifecycle (`Framework.lifecycle`, for the day its data was
    checked) shows no final release in the 12 months before, or when its
    project's support policy says the release judged (the minimum version,
    else the latest release) no longer gets fixes. A framework whose figures
    or policy are unknown stays in.

    **Extensions' health.** An extension route is judged by the healthiest
    of the fact's extensions next to that framework (``Extension.status``):
    broken (it does not install or import with the framework's current
    release) leaves the need unmet; unmaintained (no release for over three
    years) earns half an extension's credit; with *maintained_extensions*,
    an unmaintained extension does not meet the need either. The reason says
    so. An extension without health data counts as healthy.

    **Ties.** Frameworks are ordered by score (higher first), then by the
    number of needs the framework itself meets (met or partial: fewer
    dependencies), then by name (case-insensitive), so the order never
    depends on the order of the data files.

    Raises `UnknownCriterionError` for an unknown need (with suggestions),
    `UnknownFrameworkError` for an unknown framework, and `RankError` (a
    `ValueError`) for no needs or no frameworks, a need or a framework given
    twice, a weight that is not a positive number, weights whose sum is
    not finite, or a minimum version that
    is not a version or names a framework that is not ranked;
    `UnknownVersionError` (a `LookupError`) for a minimum version that names
    no release of the framework, with the nearest releases.

    >>> import fwcompare
    >>> ranking = fwcompare.rank({"async views": 1, "admin": 2}, frameworks=["django", "flask"])
    >>> [(e.framework.slug, e.score) for e in ranking]
    [('django', 3.0), ('flask', 2.0)]
    >>> ranking.entry("flask").result("admin").reason
    'through an extension: Flask-Admin'
    >>> fwcompare.rank(["async_views"], frameworks=["django"], min_versions={"django": "3.0"})[0].results[0].reason
    'absent in 3.0: built in only since 3.1'
    """
    if registry is None:
        from ..registry import default_registry

        registry = default_registry()
    resolved: list[tuple[Need, Criterion]] = []
    for need in _needs(needs):
        # The one resolver of criterion names: key, label, or either with spaces, any case.
        criterion = registry.criterion(need.criterion)
        own = need.builtin_only if need.builtin_only is not None else builtin_only
        resolved.append((attrs.evolve(need, criterion=criterion.key, builtin_only=own), criterion))
    if not resolved:
        raise RankError("a ranking needs at least one need, e.g. 'async_views'")
    keys = [c.key for _, c in resolved]
    for key in keys:
        if keys.count(key) > 1:
            raise RankError(f"the need {key!r} is given twice")
    candidates = registry.frameworks() if frameworks is None else registry.resolve(frameworks, error=RankError)
    if not candidates:
        raise RankError("there are no frameworks to rank")
    versions = _min_versions(min_versions or {}, candidates, registry)
    if maintained_only:
        candidates = tuple(f for f in candidates if _maintained(f, versions.get(f.slug)))
        if not candidates:
            raise RankError("no framework ranked is maintained (maintained_only=True)")
    max_score = sum(n.weight for n, _ in resolved)
    if not math.isfinite(max_score):
        # Two weights of 1e308 are each finite; their sum, and so every score, is not (JSON has no Infinity).
        raise RankError(
            f"the weights add up to more than the largest number ({sys.float_info.max:.3g}): use smaller ones"
        )
    with collector_paused():  # a large ranking builds many objects and frees none, as a load does
        entries = _ranked(candidates, resolved, versions, max_score, maintained_extensions)
    return Ranking(needs=tuple(n for n, _ in resolved), criteria=tuple(c for _, c in resolved), entries=entries)


def _ranked(
    candidates: Iterable[Framework],
    resolved: list[tuple[Need, Criterion]],
    versions: Mapping[str, Version],
    max_score: float,
    maintained_extensions: bool,
) -> tuple[RankedFramework, ...]:
    scored = []
    builtin_statuses = (NeedStatus.MET, NeedStatus.PARTIAL)
    for framework in candidates:
        # The hot loop of a large ranking: plain loops, no generators.
        checked = framework.checked.version
        version = versions.get(framework.slug, checked) if versions else checked
        facts = framework.facts
        results = tuple(
            [
                _judge(
                    need,
                    criterion,
                    fact_or_no_data(facts, criterion.key),
                    version,
                    checked,
                    maintained_extensions,
                )
                for need, criterion in resolved
            ]
        )
        score = 0.0
        builtin = 0
        for result in results:
            score += result.credit
            if result.status in builtin_statuses:
                builtin += 1
        scored.append(
            ((-score, -builtin, framework.name.casefold(), framework.slug), framework, score, version, results)
        )
    scored.sort(key=lambda item: item[0])
    return tuple(
        RankedFramework(
            position=n, framework=framework, score=score, max_score=max_score, version=version, results=results
        )
        for n, (_, framework, score, version, results) in enumerate(scored, start=1)
    )


def _min_versions(
    min_versions: Mapping[str, VersionLike], candidates: tuple[Framework, ...], registry: Registry
) -> dict[str, Version]:
    if not min_versions:  # the common case: no table of every framework's names to build
        return {}
    from packaging.version import InvalidVersion

    from ..model.facts import parse_version

    by_spelling = {s.casefold(): f.slug for f in candidates for s in (f.slug, f.name, *f.aliases)}
    result: dict[str, Version] = {}
    for name, version in min_versions.items():
        slug = by_spelling.get(name.casefold())
        if slug is None:
            registry.get(name)  # an unknown name: UnknownFrameworkError, with suggestions
            raise RankError(f"a minimum version is given for {name!r}, which is not among the frameworks ranked")
        try:
            result[slug] = parse_version(version)
        except InvalidVersion:
            raise RankError(f"the minimum version of {name!r} is not a version: {shorten(str(version))!r}") from None
        framework = next(f for f in candidates if f.slug == slug)
        if framework.releases:
            framework.release(version)  # no such release: UnknownVersionError, naming the nearest
    return result


def _maintained(framework: Framework, version: Version | None) -> bool:
    figures = framework.lifecycle()
    if figures.maintained is False:
        return False
    if version is None:
        return figures.latest_supported is not False
    from ..model.lifecycle import is_supported

    judged = framework.release(version).version if framework.releases else version
    return is_supported(framework.support_policy, framework.releases, judged, figures.computed_for) is not False
