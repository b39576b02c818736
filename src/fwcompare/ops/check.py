"""`check`: a project's frameworks and extensions, judged from its dependency files on one day."""

from __future__ import annotations

import datetime
import functools
import os
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from .._dates import iso_date
from .._errors import ProjectFileError, UnknownVersionError, shorten
from ..model.stack_check import (
    FINDING_KINDS,
    ExtensionCheck,
    Finding,
    FrameworkCheck,
    PinnedPair,
    StackCheck,
    SupportStatus,
)

if TYPE_CHECKING:
    from packaging.specifiers import SpecifierSet

    from ..model.extension_health import ExtensionHealth
    from ..model.frameworks import Framework
    from ..model.pinning import Change
    from ..model.project import Dependency, ProjectDependencies
    from ..model.releases import Release
    from ..registry import Registry

__all__ = ["check"]

DEFAULT_WITHIN = 180
"""How many days ahead ``ends-within`` looks by default."""

# The Pythons a project's requires-python is tried against, to find the lowest it admits.
_PYTHONS = ("2.7", *(f"3.{minor}" for minor in range(20)))


def check(
    *paths: str | os.PathLike[str],
    installed: bool = False,
    on: datetime.date | str | None = None,
    within: int = DEFAULT_WITHIN,
    fail_on: Iterable[str] = FINDING_KINDS,
    registry: Registry | None = None,
) -> StackCheck:
    """Check a project's stack: the frameworks and extensions its dependency files name.

    *paths* are requirements files (``-r``/``-c`` includes, hashes, markers
    and options; ``pip freeze`` output too), ``pyproject.toml``,
    ``pylock.toml``, ``uv.lock`` or ``poetry.lock``, or directories to look
    in (default: the current directory: its lock file, else its
    ``requirements*.txt``, and its ``pyproject.toml``). *installed* reads the
    running environment instead. *on* (default: today, but no later than the
    day the data was read) is the day support is judged; *within* how many
    days ahead an end of support counts as ``ends-within``; *fail_on* which
    finding kinds make `StackCheck.exit_status` 1.

    Raises `ProjectFileError` for a file that cannot be read and `ValueError`
    for an unknown *fail_on* kind or a negative *within*.

    >>> import fwcompare
    >>> result = fwcompare.check("tests/fixtures/projects/flask22/requirements.txt", on="2026-12-01")
    >>> [f.kind for f in result.findings]
    ['unsupported', 'broken-extension']
    >>> str(result.frameworks[0].target.version)
    '3.1.3'
    """
    from ..store.project_files import read_installed, read_project

    kinds = tuple(fail_on)
    unknown = [k for k in kinds if k not in FINDING_KINDS]
    if unknown:
        raise ValueError(f"unknown finding kind {unknown[0]!r}: expected one of {', '.join(FINDING_KINDS)}")
    if within < 0:
        raise ValueError(f"within must be zero or more days, got {within}")
    if registry is None:
        from ..registry import default_registry

        registry = default_registry()
    project = read_installed() if installed else read_project(paths or (".",))
    day = _day(on)
    python = _lowest_python(project)
    by_pypi = _frameworks_by_distribution(registry, dict.fromkeys(d.key for d in project.judged))
    from ..store.extension_health import bundled_index

    health = bundled_index()
    frameworks: list[FrameworkCheck] = []
    seen: set[str] = set()
    for dep in project.judged:
        framework = by_pypi.get(dep.key)
        if framework is None or dep.key in seen:
            continue  # a framework listed twice (a dependency and a group) is judged at its first listing
        seen.add(dep.key)
        judged_on = day if on is not None else _clipped(framework, day)
        frameworks.append(_judge(framework, dep, project, health, judged_on, within, python))
    # Extensions count next to a framework found: one the data names only for other frameworks
    # (SQLAlchemy in a Flask project, named for FastHTML's ORM) is no finding about this stack.
    extensions = [e for f in frameworks for e in f.extensions]
    findings = tuple(_findings(frameworks, extensions, within, python))
    return StackCheck(project, day, within, tuple(frameworks), tuple(extensions), findings, kinds, python)


def _normalise_name(name: str) -> str:
    from ..model.project import normalise

    return normalise(name)


def _day(on: datetime.date | str | None) -> datetime.date:
    if on is None:
        return datetime.date.today()
    if isinstance(on, datetime.date):
        return on
    try:
        return iso_date(on)
    except ValueError:
        raise ValueError(f"on must be a date (YYYY-MM-DD), got {shorten(on)!r}") from None


def _clipped(framework: Framework, day: datetime.date) -> datetime.date:
    """*day*, or the day the framework's release list was read if that is earlier (later is not known)."""
    from ..model.releases import listed_until

    until = listed_until(framework.releases)
    return day if until is None or day <= until else until


def _lowest_python(project: ProjectDependencies) -> str | None:
    """The lowest Python the project's requires-python admits ("3.11"), ``None`` without one."""
    if project.requires_python is None:
        return None
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    try:
        spec = SpecifierSet(project.requires_python)
    except InvalidSpecifier:
        where = project.requires_python_origin or "requires-python"
        problem = f"not a version specifier: {project.requires_python!r}"
        raise ProjectFileError(where, "requires-python", problem) from None
    return next((p for p in _PYTHONS if spec.contains(p, prereleases=True)), None)


def _frameworks_by_distribution(registry: Registry, keys: Iterable[str]) -> dict[str, Framework]:
    """The frameworks whose distribution is one of *keys* (normalised names), by that name.

    Not ``Registry.by_distribution``, which builds every framework to answer one name (88 ms of a
    220 ms check, measured 2026-12-06): a distribution named like one of a framework's spellings
    (slug, name, alias) is looked up directly, building only that framework; every framework is
    built only when some key is no framework's spelling, since a plugin's distribution name may
    differ from all of them. Extensions come from the bundled index (``bundled_index``) as
    ``Registry.by_distribution`` reads them.
    """
    found: dict[str, Framework] = {}
    for key in keys:
        if key in registry:
            framework = registry.get(key)
            if _normalise_name(framework.pypi) == key:
                found[key] = framework
    if _every_distribution_is_a_spelling(registry):
        return found
    return {_normalise_name(f.pypi): f for f in registry.frameworks() if f.pypi}


def _every_distribution_is_a_spelling(registry: Registry) -> bool:
    # True for the bundled data (tests/test_check.py checks it); a registry with plugins or user
    # directories may hold a framework whose distribution name is none of its spellings.
    from ..registry import default_registry

    return registry is default_registry() and not registry.plugins()


def support_status(framework: Framework, release: Release, day: datetime.date) -> SupportStatus:
    """Whether *release* gets fixes on *day*, since or until when, from today's support API.

    The one place that reads the support policy: when support windows with
    end dates arrive, this function is what changes.
    """
    policy = framework.support_policy
    words = policy.summary if policy.known else f"Unknown: {policy.summary}"
    supported = framework.is_supported(release.version, on=day)
    series = release.version.release[:2]
    lts = next((s for s in policy.lts if _series_of(s.series) == series), None)
    if supported:
        if lts is not None:
            return SupportStatus(True, words, policy.sources, lts.ends or lts.at_least, lts.describe())
        window = framework.support_window(release.version)
        if window is not None and window.end is not None:  # an end the project publishes for the series
            return SupportStatus(True, words, policy.sources, window.end, window.describe())
        return SupportStatus(True, words, policy.sources, None, "until a newer release replaces it")
    if supported is None:
        return SupportStatus(None, words, policy.sources, until_note=_unknown_why(framework, day))
    # The first day it was not supported. Policies other than "latest-release" judge a whole
    # series: scan from the series' first release (a patch released after the next series
    # came out was never supported), judging that first release, which was out by then.
    from ..model.releases import final_releases

    finals = final_releases(framework.releases)
    probe = release
    if policy.kind != "latest-release":
        same = [r for r in finals if r.version.release[:2] == series]
        probe = min(same, key=lambda r: r.version) if same else release
    later = sorted({r.date for r in finals if probe.date < r.date <= day})
    if lts is not None and lts.ends is not None:
        later = sorted({*later, lts.ends, _next_month(lts.ends)})
    # Support, once lost, is not regained: the first day it was not is found by bisection.
    low, high = 0, len(later)
    while low < high:
        middle = (low + high) // 2
        if _supported_on(framework, probe, later[middle]) is False:
            high = middle
        else:
            low = middle + 1
    if low < len(later):
        candidate = later[low]
        ended_by = _ended_by(finals, candidate, release, policy.kind == "latest-release")
        window = framework.support_window(release.version)
        note = ""
        if ended_by is None and window is not None and window.end == candidate:
            note = "the published end of its series"
        elif ended_by is None and lts is not None:
            note = lts.describe()
        return SupportStatus(False, words, policy.sources, None, note, candidate, ended_by)
    return SupportStatus(False, words, policy.sources)


def _ended_by(finals: Sequence[Release], day: datetime.date, release: Release, any_newer: bool) -> Release | None:
    """The release whose publication on *day* ended *release*'s support, if one did: the first
    release of a newer series (2.3.0 ends 2.2.x, not 2.2.4 nor a patch of 5.2 out the same day as
    4.2's published end), or under a latest-release policy any newer release."""
    series = release.version.release[:2]
    opened: dict[tuple[int, ...], Release] = {}
    for r in finals:
        key = r.version.release[:2]
        if key not in opened or r.version < opened[key].version:
            opened[key] = r
    came = [r for r in finals if r.date == day and r.version > release.version]
    newer = [r for r in came if r.version.release[:2] > series and opened[r.version.release[:2]] is r]
    if not newer and any_newer:
        newer = came
    return min(newer, key=lambda r: r.version) if newer else None


def _unknown_why(framework: Framework, day: datetime.date) -> str:
    from ..model.releases import listed_until

    if not framework.support_policy.known:
        return "the project publishes no support policy fwcompare found"
    until = listed_until(framework.releases)
    if until is not None and day > until:
        return f"its release list was read on {until.isoformat()}: releases since are not known"
    return "the policy gives no answer for this day"


def _series_of(text: str) -> tuple[int, ...]:
    from packaging.version import Version

    return Version(text).release[:2]


def _next_month(day: datetime.date) -> datetime.date:
    return datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _admitted(framework: Framework, dep: Dependency, python: str | None) -> tuple[Release | None, Release | None, str]:
    """(oldest, newest) final releases the dependency admits; a pin is both. For a range and the
    project's lowest *python*, the newest is the newest that admits it, as pip resolves it there
    (the newest admitted, where none does). The note says why none."""
    from packaging.specifiers import InvalidSpecifier, SpecifierSet
    from packaging.version import InvalidVersion, Version

    from ..model.releases import final_releases

    pinned = dep.pinned
    if pinned is not None:
        try:
            release = framework.release(Version(pinned))
        except (UnknownVersionError, InvalidVersion) as exc:
            return None, None, str(exc)
        return release, release, ""
    try:
        spec: SpecifierSet = SpecifierSet(dep.specifier)
    except InvalidSpecifier:
        return None, None, f"{dep.specifier!r} is not a version specifier"
    admitted = [r for r in final_releases(framework.releases) if spec.contains(r.version)]
    if not admitted:
        return None, None, f"no listed release of {framework.name} admits {dep.specifier or 'any version'}"
    installable = [r for r in admitted if python is None or r.admits(python)] or admitted
    return min(admitted, key=lambda r: r.version), max(installable, key=lambda r: r.version), ""


def _judge(
    framework: Framework,
    dep: Dependency,
    project: ProjectDependencies,
    health: dict[str, ExtensionHealth],
    day: datetime.date,
    within: int,
    python: str | None,
) -> FrameworkCheck:
    from ..model.releases import final_releases, latest_release

    oldest, judged, note = _admitted(framework, dep, python)
    latest = latest_release([r for r in framework.releases if r.date <= day]) or latest_release(framework.releases)
    uses: list[tuple[ExtensionHealth, Dependency]] = []
    listed: set[str] = set()
    for d in project.judged:  # an extension listed twice (a dependency and a group) counts once
        entry = health.get(d.key)
        if entry is not None and framework.slug in entry.frameworks and d.key not in listed:
            listed.add(d.key)
            uses.append((entry, d))
    if judged is None:
        extensions = tuple(_extension(h, d, framework.slug, None, None) for h, d in uses)
        return FrameworkCheck(
            framework.name, framework.slug, dep, None, None, None, None, latest, None, False, None, "", (), 0,
            extensions, note, day,
        )  # fmt: skip
    support = support_status(framework, judged, day)
    ahead = day + datetime.timedelta(days=within)
    ends_within = bool(support.supported) and _supported_on(framework, judged, ahead) is False
    series = [r for r in final_releases(framework.releases) if r.version.release[:2] == judged.version.release[:2]]
    newest_in_series = max(series, key=lambda r: r.version) if series else judged
    fits = None if python is None else judged.admits(python)
    target, target_note = _target(framework, day, python, uses)
    changes: tuple[Change, ...] = ()
    unchanged = 0
    if target is not None and target.version > judged.version:
        from ..model.pinning import framework_changes

        changes, unchanged = framework_changes(framework, judged.version, target.version)
    extensions = tuple(_extension(h, d, framework.slug, judged, target) for h, d in uses)
    return FrameworkCheck(
        framework.name, framework.slug, dep, judged, oldest if oldest != judged else None, support,
        newest_in_series, latest, fits, ends_within, target, target_note, changes, unchanged, extensions,
        "", day,
    )  # fmt: skip


def _supported_on(framework: Framework, release: Release, day: datetime.date) -> bool | None:
    try:
        return framework.is_supported(release.version, on=day)
    except UnknownVersionError:
        return None


def _target(
    framework: Framework,
    day: datetime.date,
    python: str | None,
    uses: Sequence[tuple[ExtensionHealth, Dependency]],
) -> tuple[Release | None, str]:
    """The newest release supported on *day* that fits *python* and that every extension admits.

    Where none is known to be supported, the newest that fits, with a note saying why it is
    only that (support unknown on that day, or no supported release fits the project's Python).
    """
    from ..model.releases import final_releases, listed_until

    published = sorted((r for r in final_releases(framework.releases) if r.date <= day), key=lambda r: r.version)
    for_python = f" for Python {python}" if python else ""
    newest: Release | None = None  # the newest that fits, supported or not
    for release in reversed(published):  # newest first: the first that fits is usually supported
        if (python is not None and not release.admits(python)) or any(
            _admits(h, framework.slug, release) is False for h, _ in uses
        ):
            continue
        newest = newest or release
        if not framework.support_policy.known:
            break  # no release is known to be supported: the newest that fits it is
        if _supported_on(framework, release, day):
            return release, f"the newest supported release{for_python}"
        if framework.support_policy.kind == "latest-release":
            break  # only the newest release is ever supported: no older one will be
    if newest is None:
        return None, f"no release{for_python} that the extensions' latest releases admit"
    policy = framework.support_policy
    if not policy.known:
        return newest, f"the newest release{for_python}; the project publishes no support policy fwcompare found"
    until = listed_until(framework.releases)
    if until is not None and day > until and _supported_on(framework, newest, until):
        return newest, (
            f"the newest release{for_python} when its release list was read ({until.isoformat()}); "
            f"whether it is still supported on {day.isoformat()} is not known"
        )
    return newest, f"the newest release{for_python}, though not supported: no supported release fits"


def _admits(health: ExtensionHealth, slug: str, release: Release | None) -> bool | None:
    """Whether the extension's latest release's requirement on the framework admits *release*."""
    if release is None:
        return None
    use = next((u for u in health.uses if u.framework == slug and u.requirement), None)
    if use is None or use.requirement is None:
        return None
    specifier = _requirement_specifier(use.requirement)
    return None if specifier is None else specifier.contains(release.version, prereleases=True)


_SIMPLE_REQUIREMENT = re.compile(r"\s*[A-Za-z0-9][A-Za-z0-9._-]*\s*([<>=!~][^;\[]*)?\s*$")


@functools.lru_cache(maxsize=256)
def _requirement_specifier(text: str) -> SpecifierSet | None:
    # The same few requirements are asked of every release of a framework. Most are
    # "name>=1.0": read as such, sparing the import of packaging's requirement parser.
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    simple = _SIMPLE_REQUIREMENT.match(text)
    if simple is not None:
        try:
            return SpecifierSet(simple.group(1) or "")
        except InvalidSpecifier:
            return None
    from packaging.requirements import InvalidRequirement, Requirement

    try:
        return Requirement(text).specifier
    except InvalidRequirement:
        return None


def _extension(
    health: ExtensionHealth, dep: Dependency, slug: str, judged: Release | None, target: Release | None
) -> ExtensionCheck:
    status, reason = health.status_for(slug) if slug else health.maintenance()
    use = next((u for u in health.uses if u.framework == slug and u.requirement), None)
    pinned = None
    if dep.pinned is not None and judged is not None:
        target_version = None if target is None else str(target.version)
        pinned = PinnedPair(
            dep.pinned,
            str(judged.version),
            health.runs_of_pair(slug, str(judged.version), dep.pinned),
            target_version,
            () if target_version is None else health.runs_of_pair(slug, target_version, dep.pinned),
        )
    return ExtensionCheck(
        health.name,
        dep,
        slug,
        health.latest_version,
        status,
        reason,
        health.source,
        None if use is None else use.requirement,
        _admits(health, slug, judged),
        _admits(health, slug, target),
        pinned,
    )


def _findings(
    frameworks: list[FrameworkCheck], extensions: list[ExtensionCheck], within: int, python: str | None
) -> Iterable[Finding]:
    from .._vocab import ExtensionStatus

    for f in frameworks:
        if f.judged is None or f.support is None:
            continue
        where = f"{f.framework} {f.judged.version} (on {f.on})"
        target = f" (suggested target: {f.target.version})" if f.target is not None else ""
        if f.support.supported is False:
            yield Finding("unsupported", f.slug, f"{where} is {f.support.describe()}{target}")
        if f.ends_within:
            yield Finding("ends-within", f.slug, f"{where}: support ends within {within} days ({f.support.until_note})")
        if f.python_fits is False:
            needs = f.judged.requires_python_text
            yield Finding(
                "python-mismatch",
                f.slug,
                f"{where} requires Python {needs}: not Python {python}, the lowest the project admits",
            )
    names = {f.slug: f.framework for f in frameworks}
    for e in extensions:
        pair = e.pinned
        if pair is not None and pair.fails:
            # What the project installs today fails: the pinned pair's runs say so, whatever the latest does.
            framework = names.get(e.framework, e.framework)
            said = f"{e.name} {pair.extension_version} with {framework} {pair.framework_version}: {pair.describe()}"
            if pair.target is not None:
                said += f"; with the suggested target {pair.target}: {pair.describe_target()}"
            yield Finding("broken-extension", e.name, said)
        elif e.status is ExtensionStatus.BROKEN:
            yield Finding("broken-extension", e.name, f"{e.name}: {e.reason}")
