"""A project's stack checked: each framework and extension it uses, judged on one day.

`StackCheck` is what `fwcompare.check` returns: per framework found, the
release the project pins or resolves (`FrameworkCheck`), whether it still
gets fixes and until when (`SupportStatus`, with the policy's sources), the
newest release in its series and overall, whether the project's Python fits,
a suggested target and what moving there changes; per extension found, its
health (`ExtensionCheck`); and the findings (`Finding`) that decide the exit
status. Nothing here reads a file or judges: ``fwcompare.ops.check`` does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import attrs

from .base import Formatted, Model

if TYPE_CHECKING:
    import datetime

    from .._vocab import ExtensionStatus
    from ..jsontypes import StackCheckDict
    from .extension_health import InstallRun
    from .facts import Source
    from .pinning import Change
    from .project import Dependency, ProjectDependencies
    from .releases import Release

__all__ = [
    "FINDING_KINDS",
    "ExtensionCheck",
    "Finding",
    "FrameworkCheck",
    "PinnedPair",
    "StackCheck",
    "SupportStatus",
]

FINDING_KINDS = ("unsupported", "ends-within", "broken-extension", "python-mismatch")
"""What a check can find, as ``--fail-on`` names it."""


@attrs.frozen(repr=False, eq=False)
class Finding(Model):
    """One thing a check found: its kind, about what (a framework's slug or an extension's name), and the message.

    The kinds are "unsupported", "ends-within", "broken-extension" and "python-mismatch".
    """

    kind: str
    subject: str
    message: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}"


@attrs.frozen(repr=False, eq=False)
class SupportStatus(Model):
    """Whether a release still gets fixes on a day, since or until when, and the policy's words.

    ``supported`` is ``None`` where the policy gives no answer. For a release
    no longer supported, ``ended_on`` is the first day it was not and
    ``ended_by`` the release whose publication ended it (``None`` when a
    dated end did). For one still supported, ``until`` is the day the
    project guarantees (an LTS end) or ``None`` where support lasts until a
    newer release replaces it; ``until_note`` says which.
    """

    supported: bool | None
    policy: str
    sources: tuple[Source, ...]
    until: datetime.date | None = None
    until_note: str = ""
    ended_on: datetime.date | None = None
    ended_by: Release | None = None

    def describe(self) -> str:
        """ "unsupported since 2023-04-25 (Flask 2.3.0 came out)", "supported (until ...)"."""
        if self.supported is None:
            return "support unknown" + (f" ({self.until_note})" if self.until_note else "")
        if self.supported:
            return "supported" + (f" ({self.until_note})" if self.until_note else "")
        if self.ended_on is None:
            return "unsupported"
        why = f", when {self.ended_by.version} came out" if self.ended_by is not None else ""
        if self.until_note:
            why += f" ({self.until_note})"
        return f"unsupported since {self.ended_on.isoformat()}{why}"


def _describe_runs(runs: tuple[InstallRun, ...]) -> str:
    """What recorded runs of one (extension release, framework release) pair showed, one clause per Python.

    ``"not observed"`` when there is none: no run is guessed from another pair.
    """
    if not runs:
        return "not observed"
    parts: list[str] = []
    for run in runs:
        if run.failed:
            step = "install" if not run.installs else "import" if run.imports is False else "pass its smoke test"
            said = f"fails to {step} on Python {run.python}"
            if run.failure is not None:
                said += f": {run.failure.describe(run.failure_subject)}"
                if run.failure.value == "dependency" and run.failure_subject:
                    said += ", which an install resolves today"
            if run.workaround and run.works_with_workaround:
                said += f"; works after `{run.workaround}`"
            elif run.workaround and run.works_with_workaround is False:
                said += f"; `{run.workaround}` did not help"
        elif run.works:
            said = f"works on Python {run.python}" + (f" ({run.smoke})" if run.smoke else "")
        elif run.imports:
            said = f"imports on Python {run.python} (no smoke test)"
        else:
            said = f"installs on Python {run.python}; nothing checked beyond that"
        parts.append(said)
    day = max(r.date for r in runs)
    return f"{'; '.join(parts)} (run {day.isoformat()})"


@attrs.frozen(repr=False, eq=False)
class PinnedPair(Model):
    """A pinned extension release next to the framework release the project pins, as recorded runs saw them.

    ``runs`` are the bundled runs of exactly that pair (empty: not observed);
    ``target_runs`` those of the same extension release with the suggested
    target (``target`` ``None`` when there is no target). ``fails`` is
    ``True`` when a run of the pair failed as installed today (a workaround
    may still have made it work), ``False`` when runs exist and none failed,
    ``None`` when not observed; ``target_fails`` likewise for the target.
    """

    extension_version: str
    framework_version: str
    runs: tuple[InstallRun, ...] = ()
    target: str | None = None
    target_runs: tuple[InstallRun, ...] = ()

    @property
    def fails(self) -> bool | None:
        """Whether a recorded run of the pinned pair failed as installed (``None``: not observed)."""
        return any(r.failed for r in self.runs) if self.runs else None

    @property
    def target_fails(self) -> bool | None:
        """Whether a recorded run with the suggested target failed as installed (``None``: not observed)."""
        return any(r.failed for r in self.target_runs) if self.target_runs else None

    def describe(self) -> str:
        """What was observed with the pinned framework release, such as ``"fails to import on Python 3.13.0: ..."``."""
        return _describe_runs(self.runs)

    def describe_target(self) -> str:
        """What was observed with the suggested target (``"no target"`` without one)."""
        return "no target" if self.target is None else _describe_runs(self.target_runs)


@attrs.frozen(repr=False, eq=False)
class ExtensionCheck(Model):
    """An extension the project uses, as fwcompare's health data knows it.

    ``status`` and ``reason`` are its health next to ``framework`` (``None``
    where the health data has no entry); ``requirement`` is what its latest
    release requires of the framework, and ``admits_judged`` and
    ``admits_target`` whether that admits the framework's judged release and
    the suggested target (``None`` where unknown). ``pinned`` is what the
    recorded runs saw of the pinned extension release next to the pinned
    framework release and the target (``None`` unless both are pinned).
    """

    name: str
    dependency: Dependency
    framework: str
    latest_version: str | None
    status: ExtensionStatus | None
    reason: str
    source: str
    requirement: str | None = None
    admits_judged: bool | None = None
    admits_target: bool | None = None
    pinned: PinnedPair | None = None


@attrs.frozen(repr=False, eq=False)
class FrameworkCheck(Model):
    """One framework the project uses, judged at the release it pins or resolves.

    ``judged`` is the pinned release, or for a range the newest it admits
    (what pip installs); ``oldest`` the oldest it admits. ``judged`` is
    ``None`` when no listed release matches (``note`` says why).
    ``python_fits`` says whether the judged release admits the project's
    lowest Python (for a range: whether a release it admits does), ``None``
    without a ``requires-python``. ``target`` is the
    newest supported release that fits the project's Python and that every
    extension's latest release admits; ``changes`` what moving there brings,
    ``unchanged`` how many facts record no change (assumed unchanged).
    """

    framework: str
    slug: str
    dependency: Dependency
    judged: Release | None
    oldest: Release | None
    support: SupportStatus | None
    newest_in_series: Release | None
    latest: Release | None
    python_fits: bool | None
    ends_within: bool
    target: Release | None
    target_note: str
    changes: tuple[Change, ...] = ()
    unchanged: int = 0
    extensions: tuple[ExtensionCheck, ...] = ()
    note: str = ""
    on: datetime.date | None = None
    """The day it was judged: the day asked, or without one, today or the day its release list was read."""


@attrs.frozen(repr=False, eq=False)
class StackCheck(Model, Formatted):
    """A project's stack judged on day ``on``: what `fwcompare.check` returns.

    ``findings`` hold everything found; ``failing`` those ``fail_on`` counts,
    which make ``exit_status`` 1 (0 when none). ``python`` is the lowest
    Python the project's ``requires-python`` admits, which the releases are
    fitted to.

    >>> import fwcompare
    >>> result = fwcompare.check("tests/fixtures/projects/flask22/requirements.txt", on="2026-12-01")
    >>> result.frameworks[0].support.describe()
    'unsupported since 2023-04-25, when 2.3.0 came out'
    >>> result.exit_status
    1
    """

    _format_kind: ClassVar[str] = "check"

    project: ProjectDependencies
    on: datetime.date
    within: int
    frameworks: tuple[FrameworkCheck, ...]
    extensions: tuple[ExtensionCheck, ...]
    findings: tuple[Finding, ...]
    fail_on: tuple[str, ...] = FINDING_KINDS
    python: str | None = None

    @property
    def failing(self) -> tuple[Finding, ...]:
        """The findings whose kind is in ``fail_on``."""
        return tuple(f for f in self.findings if f.kind in self.fail_on)

    @property
    def exit_status(self) -> int:
        """1 when a finding counts (see ``fail_on``), else 0: what ``fwcompare check`` exits with."""
        return 1 if self.failing else 0

    def to_dict(self) -> StackCheckDict:
        """A JSON-safe dict (what ``check --format json`` prints; `fwcompare.jsontypes.StackCheckDict`)."""
        result: StackCheckDict = self.to_format("dict")
        return result

    def to_json(self) -> str:
        """`to_dict` as JSON text."""
        text: str = self.to_format("json")
        return text

    def to_markdown(self) -> str:
        """Markdown for a pull-request comment."""
        text: str = self.to_format("markdown")
        return text

    def to_text(self, width: int = 80) -> str:
        """Plain text laid out to *width* columns."""
        text: str = self.to_format("text", width=width)
        return text

    def __str__(self) -> str:
        return self.to_text()

    def __repr__(self) -> str:
        return (
            f"<StackCheck on {self.on.isoformat()}: {len(self.frameworks)} frameworks, "
            f"{len(self.extensions)} extensions, {len(self.findings)} findings>"
        )
