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
from .._scoring import credit
from .._vocab import ExtensionStatus, SupportLevel
from ..model.criteria import Criterion
from ..model.facts import Fact, VersionLike, fact_or_no_data
from ..model.frameworks import Framework
from ..model.ranking import Need, NeedResult, NeedStatus, RankedFramework, Ranking

if TYPE_CHECKING:
    import datetime

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
    # The shares are the scoring rule's (fwcompare._scoring), as the legend and the JSON say them.
    credit = need.weight * _CREDIT[status]
    health = _best_health(fact)
    if health is ExtensionStatus.BROKEN:
        status, credit = NeedStatus.UNMET, need.weight * _BROKEN
    elif maintained_extensions and health is ExtensionStatus.UNMAINTAINED:
        status, credit = NeedStatus.UNMET, need.weight * _CREDIT[NeedStatus.UNMET]
    elif health is ExtensionStatus.UNMAINTAINED:
        credit = need.weight * _UNMAINTAINED
    # The reason is worded when asked for (NeedResult.reason): most results of a
    # large ranking are only scored.
    return NeedResult(need, criterion, status, fact, level, version, credit)


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
_CREDIT = {status: credit(status.value) for status in NeedStatus}
_UNMAINTAINED = credit("extension-unmaintained")
_BROKEN = credit("extension-broken")


def rank(
    needs: Iterable[str | Need] | Mapping[str, float],
    *,
    frameworks: Iterable[str | Framework] | None = None,
    builtin_only: bool = False,
    min_versions: Mapping[str, VersionLike] | None = None,
    registry: Registry | None = None,
    maintained_only: bool = False,
    maintained_extensions: bool = False,
    python: str | None = None,
    as_of: datetime.date | str | None = None,
) -> Ranking:
    """Rank frameworks by how well they meet *needs*, best first, with the reason for each need.

    *needs* is a list of criterion keys or `Need` objects, or a mapping of
    criterion keys to weights (``{"admin": 2, "orm": 1}``). A key may also be
    spelled as the criterion's label or with spaces (``"async views"``).
    *frameworks* limits the candidates (by default every framework in
    *registry*, the default registry when ``None``).

    **Score.** Each need earns its weight times the share the scoring rule
    gives its status (`NeedStatus.credit`): the full weight built in, less
    partial or through an extension, less again through an unmaintained
    extension, nothing absent, unknown or through a broken extension. The
    legend under every ranking and the JSON ``credit`` map print the shares,
    from the same definition.
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

    **For a Python, on a date.** *python* ("3.11") judges each framework at
    its newest final release whose Requires-Python admits that Python, as pip
    would install it; *as_of* (a date or "YYYY-MM-DD") at its newest final
    release published by then; both together, the newest for that Python on
    that date: the releases `compare` judges at. Each need is then judged as
    its fact stood at that release. A framework with no such release is left
    out (``rank(["orm"], python="2.7")`` ranks none: `RankError`); one without
    a release list is judged at the version checked; a minimum version given
    for a framework takes precedence.

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
    years) earns less than a healthy one; with *maintained_extensions*,
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
    resolved = _resolved_needs(needs, registry, builtin_only)
    candidates = registry.frameworks() if frameworks is None else registry.resolve(frameworks, error=RankError)
    if not candidates:
        raise RankError("there are no frameworks to rank")
    versions = _min_versions(min_versions or {}, candidates, registry)
    releases: dict[str, Version] = {}
    if python is not None or as_of is not None:
        candidates, releases = _at_release(candidates, python, as_of, versions)
    if maintained_only:
        candidates = tuple(f for f in candidates if _maintained(f, versions.get(f.slug)))
        if not candidates:
            raise RankError("no framework ranked is maintained (maintained_only=True)")
    max_score = sum(n.weight for n, _ in resolved)
    with collector_paused():  # a large ranking builds many objects and frees none, as a load does
        entries = _ranked(candidates, resolved, versions, max_score, maintained_extensions, releases)
    return Ranking(needs=tuple(n for n, _ in resolved), criteria=tuple(c for _, c in resolved), entries=entries)


def _resolved_needs(
    needs: Iterable[str | Need] | Mapping[str, float], registry: Registry, builtin_only: bool
) -> list[tuple[Need, Criterion]]:
    """Each need with its criterion resolved and its own ``builtin_only``; `RankError` for none, a need
    given twice, or weights whose sum is not finite."""
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
    if not math.isfinite(sum(n.weight for n, _ in resolved)):
        # Two weights of 1e308 are each finite; their sum, and so every score, is not (JSON has no Infinity).
        raise RankError(
            f"the weights add up to more than the largest number ({sys.float_info.max:.3g}): use smaller ones"
        )
    return resolved


def _ranked(
    candidates: Iterable[Framework],
    resolved: list[tuple[Need, Criterion]],
    versions: Mapping[str, Version],
    max_score: float,
    maintained_extensions: bool,
    releases: Mapping[str, Version],
) -> tuple[RankedFramework, ...]:
    scored = []
    builtin_statuses = (NeedStatus.MET, NeedStatus.PARTIAL)
    for framework in candidates:
        # The hot loop of a large ranking: plain loops, no generators.
        checked = framework.checked.version
        version = versions.get(framework.slug, checked) if versions else checked
        if releases and framework.slug in releases:
            # Judged as the fact stood at the release a Python or a date selects, as compare does.
            version = checked = releases[framework.slug]
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


def _at_release(
    candidates: tuple[Framework, ...],
    python: str | None,
    as_of: datetime.date | str | None,
    versions: Mapping[str, Version],
) -> tuple[tuple[Framework, ...], dict[str, Version]]:
    """The frameworks that have a release for *python* on *as_of*, and that release's version."""
    from .._errors import ComparisonError, UnknownVersionError
    from .pinning import choose_pins

    kept: list[Framework] = []
    releases: dict[str, Version] = {}
    for framework in candidates:
        if framework.slug in versions:
            kept.append(framework)  # a minimum version asked for takes precedence
            continue
        try:
            (pin,) = choose_pins((framework,), [None], python, as_of)
        except UnknownVersionError:
            continue  # no release for that Python on that date: it cannot be installed there
        except ComparisonError as exc:
            raise RankError(str(exc)) from None
        kept.append(framework)
        if pin is not None:
            releases[framework.slug] = pin.version
    if not kept:
        words = " ".join(w for w in (python and f"for Python {python}", as_of and f"on {as_of}") if w)
        raise RankError(f"no framework ranked has a final release {words}")
    return tuple(kept), releases


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
