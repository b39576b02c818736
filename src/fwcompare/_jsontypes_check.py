"""The shapes of ``fwcompare check --format json``, re-exported by `fwcompare.jsontypes`."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

if TYPE_CHECKING:
    from .jsontypes import (
        ChangeDict,
        ExtensionStatusText,
        FindingKind,
        InstallRunDict,
        IsoDate,
        ReleaseDict,
        SeriesEnd,
        SourceDict,
        SupportText,
    )


__all__ = [
    "StackCheckDict",
    "StackDependencyDict",
    "StackExtensionDict",
    "StackFindingDict",
    "StackFrameworkDict",
    "StackPinnedPairDict",
    "StackSupportDict",
    "UpgradeChangeDict",
    "UpgradeViewDict",
]


class StackDependencyDict(TypedDict):
    """A dependency as the project's file states it; ``judged`` false for URL, path and editable lines."""

    name: str
    specifier: str
    marker: str
    origin: str
    judged: bool
    reason: str


class StackSupportDict(TypedDict):
    """Whether the judged release gets fixes on the day checked, since or until when, and the policy."""

    supported: bool | None
    until: SeriesEnd | None
    until_note: str
    ended_on: IsoDate | None
    ended_by: str | None
    policy: str
    sources: list[SourceDict]


class StackExtensionDict(TypedDict):
    """An extension the project uses: its health next to ``framework`` and what its latest release admits."""

    name: str
    dependency: StackDependencyDict
    framework: str
    latest_version: str | None
    status: ExtensionStatusText | None
    reason: str
    source: str
    requirement: str | None
    admits_judged: bool | None
    admits_target: bool | None
    pinned: StackPinnedPairDict | None


class StackPinnedPairDict(TypedDict):
    """A pinned extension release next to the pinned framework release (and the suggested target), as runs saw it.

    ``observed`` is false where no recorded run matches the pair exactly ("not observed": nothing is
    guessed from other releases); ``fails`` is true when a run of it failed as installed, null when
    not observed. The ``target_`` fields say the same of the extension release with the target.
    """

    extension_version: str
    framework_version: str
    observed: bool
    fails: bool | None
    summary: str
    runs: list[InstallRunDict]
    target: str | None
    target_observed: bool
    target_fails: bool | None
    target_summary: str
    target_runs: list[InstallRunDict]


class StackFrameworkDict(TypedDict):
    """A framework the project uses, judged at the release it pins or resolves (``judged``)."""

    framework: str
    slug: str
    dependency: StackDependencyDict
    judged: ReleaseDict | None
    oldest: ReleaseDict | None
    support: StackSupportDict | None
    newest_in_series: ReleaseDict | None
    latest: ReleaseDict | None
    python_fits: bool | None
    ends_within: bool
    target: ReleaseDict | None
    target_note: str
    changes: list[ChangeDict]
    assumed_unchanged: int
    extensions: list[StackExtensionDict]
    note: str
    on: IsoDate | None


class StackFindingDict(TypedDict):
    """One finding: ``kind`` (unsupported, ends-within, broken-extension, python-mismatch), subject, message."""

    kind: FindingKind
    subject: str
    message: str
    fails: bool


class StackCheckDict(TypedDict):
    """``fwcompare check --format json`` and `fwcompare.StackCheck.to_dict`.

    ``exit_status`` is 1 when a finding of a kind in ``fail_on`` was made.
    """

    fwcompare: str
    schema_version: int
    on: IsoDate
    within_days: int
    files: list[str]
    requires_python: str | None
    python: str | None
    frameworks: list[StackFrameworkDict]
    extensions: list[StackExtensionDict]
    not_judged: list[StackDependencyDict]
    findings: list[StackFindingDict]
    fail_on: list[FindingKind]
    exit_status: int


class UpgradeChangeDict(TypedDict):
    """One recorded change between two releases, with the sources of the fact it belongs to."""

    criterion: str
    version: str
    before: SupportText | None
    after: SupportText | None
    note: str
    sources: list[SourceDict]


class UpgradeViewDict(TypedDict):
    """``fwcompare compare NAME==A NAME==B --format json`` and `fwcompare.Upgrade.to_dict`.

    ``support`` holds whether each release gets fixes on ``on`` (keys "from" and "to").
    """

    fwcompare: str
    schema_version: int
    framework: str
    slug: str
    on: IsoDate
    from_release: ReleaseDict
    to_release: ReleaseDict
    requires_python: dict[str, str | None]
    support: dict[str, StackSupportDict]
    changes: list[UpgradeChangeDict]
    assumed_unchanged: int
