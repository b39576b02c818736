"""The typed shape of fwcompare's JSON output: one `TypedDict` per document.

Every ``to_dict()`` returns one of these, and every ``--format json`` prints
one; each document is described by a JSON Schema shipped in the package
(``fwcompare/data/schema/output/NAME.schema.json``, see
`fwcompare.schemas.output_schema`) and carries ``schema_version``
(``OUTPUT_SCHEMA_VERSION``). Keys are added in minor
releases, never renamed or removed within a schema version.

A tool built on the JSON can type-check against these without importing the
rest of fwcompare (this module imports nothing but ``typing``):

>>> from fwcompare.jsontypes import ComparisonDict
>>> def differing(document: ComparisonDict) -> list[str]:
...     return [row["criterion"] for row in document["rows"] if row["differs"]]
"""

from __future__ import annotations

from typing import Literal, NotRequired, TypeAlias, TypedDict

from ._jsontypes_text import (
    ClassificationText,
    ExtensionStatusText,
    FindingKind,
    HttpsUrl,
    IsoDate,
    IsoDateTime,
    JudgedReason,
    OpinionKindText,
    OpinionTopicText,
    PartialDate,
    PolicyKind,
    RelationText,
    SeriesEnd,
    SupportText,
    ValueKindText,
    VerdictText,
)
from ._version import OUTPUT_SCHEMA_VERSION

__all__ = [
    "OUTPUT_SCHEMA_VERSION",
    "AttributionDict",
    "BenchAppDict",
    "BenchDict",
    "BenchEndpointDict",
    "BenchFigureDict",
    "BenchFootprintDict",
    "BenchMachineDict",
    "BenchPinningDict",
    "BenchProfileLevelDict",
    "BenchProvenanceDict",
    "BenchRoundDict",
    "ChangeDict",
    "CheckDict",
    "CheckedDict",
    "ClassificationText",
    "ComparisonDict",
    "CriteriaDict",
    "CriterionDict",
    "ExportDict",
    "ExtensionDict",
    "ExtensionStatusText",
    "FactDict",
    "FactValue",
    "FindingKind",
    "FirstReleaseDict",
    "FrameworkDict",
    "FrameworkInfoDict",
    "FrameworkListDict",
    "FrameworkSupportDict",
    "FrameworkVerificationDict",
    "HttpsUrl",
    "InstallRunDict",
    "IsoDate",
    "IsoDateTime",
    "JudgedAtDict",
    "JudgedReason",
    "LatestReleaseDict",
    "LifecycleDict",
    "ListUpdateDict",
    "LtsSeriesDict",
    "MilestoneDict",
    "NeedDict",
    "NeedResultDict",
    "OpinionDict",
    "OpinionKindText",
    "OpinionTopicText",
    "PartialDate",
    "PolicyKind",
    "PolicySearchDict",
    "RankedFrameworkDict",
    "RankingDict",
    "RelationText",
    "RelationshipDict",
    "ReleaseDict",
    "ReleaseListingDict",
    "ReleaseRowDict",
    "RowDict",
    "SeriesEnd",
    "SeriesEndDict",
    "ShowDict",
    "SourceDict",
    "StackCheckDict",
    "StackDependencyDict",
    "StackExtensionDict",
    "StackFindingDict",
    "StackFrameworkDict",
    "StackPinnedPairDict",
    "StackSupportDict",
    "SupportPolicyDict",
    "SupportText",
    "SupportWindowDict",
    "UpdateDict",
    "UpgradeChangeDict",
    "UpgradeDict",
    "UpgradeViewDict",
    "ValueKindText",
    "VerdictText",
    "VerificationDict",
]

FactValue: TypeAlias = str | int | float | list[str] | None
"""A fact's value: text, a choice, a number, a list of tags, or null."""


class SourceDict(TypedDict):
    """Where a fact comes from: an https URL, its title, the ISO date it was read."""

    url: HttpsUrl
    title: str
    read: IsoDate


class ExtensionDict(TypedDict):
    """A package that provides what the framework lacks.

    ``status`` is its health next to this framework ("active", "quiet",
    "unmaintained", "broken"; null without health data), ``status_note`` why,
    with the date it was checked.
    """

    name: str
    party: Literal["first", "third"]
    pypi: str | None
    url: HttpsUrl | None
    status: ExtensionStatusText | None
    status_note: str
    runs: list[InstallRunDict]


class InstallRunDict(TypedDict):
    """One recorded install of the extension beside a framework release, in a fresh environment.

    ``current`` is true for the framework's current release, false for an older one (a series of the
    compatibility matrix, or the latest release for an older Python); ``pinned`` for a matrix run
    installed as a user pins it. ``outcome`` counts it ("works", "works with a workaround",
    "broken", "imports only", "not checkable"); ``explain`` says it in one line. ``smoke`` is what
    the smoke test did through the framework's test client and ``observed`` what it saw;
    ``no_smoke`` why there is none. ``failure`` classifies a failure ("framework", "dependency",
    "undeclared-dependency", "extra", "build", "python", "other") and ``failure_subject`` names what it
    concerns; ``workaround`` the step that was tried. ``admits`` and ``requirement``: whether the
    extension release's Requires-Dist admits the framework release (matrix runs).
    """

    framework_version: str | None
    extension_version: str | None
    python: str
    date: IsoDate
    current: bool
    pinned: bool
    outcome: Literal["works", "works with a workaround", "broken", "imports only", "not checkable"]
    explain: str
    imported: list[str]
    smoke: str | None
    observed: str | None
    no_smoke: str | None
    failure: Literal["framework", "dependency", "undeclared-dependency", "extra", "build", "python", "other"] | None
    failure_subject: str | None
    workaround: str | None
    admits: bool | None
    requirement: str | None
    error: str | None


class MilestoneDict(TypedDict):
    """A change in a fact's history at one release.

    ``support_before`` and ``value_before`` are there only where the entry
    records the level (and value) that applied before that release.
    """

    version: str
    note: str
    support_before: NotRequired[SupportText]
    value_before: NotRequired[FactValue]


class FactDict(TypedDict):
    """One framework's fact for one criterion."""

    criterion: str
    support: SupportText
    value: FactValue
    since: str | None
    until: str | None
    note: str
    extensions: list[ExtensionDict]
    history: list[MilestoneDict]
    sources: list[SourceDict]


class CriterionDict(TypedDict):
    """One criterion of the catalogue."""

    key: str
    label: str
    group: str
    group_label: str
    kind: ValueKindText
    choices: list[str]
    description: str


class AttributionDict(TypedDict):
    """Who made a claim, where and when (``date`` an ISO date)."""

    author: str
    organisation: str
    title: str
    publisher: str
    date: PartialDate
    url: HttpsUrl | None


class OpinionDict(TypedDict):
    """An attributed claim with fwcompare's verdict on it; ``measured``: which measurements bear on it."""

    by: AttributionDict
    kind: OpinionKindText
    topic: OpinionTopicText
    claim: str
    verdict: VerdictText
    correction: str
    criteria: list[str]
    sources: list[SourceDict]
    measured: Literal["speed", "footprint"] | None


class FirstReleaseDict(TypedDict):
    """The first public release (``date`` null when it could not be established).

    ``date`` is as precise as the sources: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``,
    as ``precision`` says.
    """

    date: PartialDate | None
    precision: Literal["day", "month", "year"]
    version: str | None
    note: str
    sources: list[SourceDict]


class CheckedDict(TypedDict):
    """The release the data was checked against, and the ISO date."""

    version: str
    date: IsoDate


class RelationshipDict(TypedDict):
    """How a framework relates to another project."""

    name: str
    relation: RelationText
    slug: str | None
    note: str
    sources: list[SourceDict]


class FrameworkInfoDict(TypedDict):
    """A framework without its facts (in comparisons and ``list``)."""

    slug: str
    name: str
    aliases: list[str]
    summary: str
    classification: ClassificationText
    homepage: HttpsUrl
    repository: HttpsUrl
    pypi: str
    license: str | None
    license_note: str
    authors: list[str]
    maintainer: str
    first_release: FirstReleaseDict
    checked: CheckedDict
    # The day its release list was read from PyPI (ISO date); null without a list.
    releases_read: IsoDate | None
    built_on: list[RelationshipDict]
    sources: list[SourceDict]
    opinions: list[OpinionDict]


class FrameworkDict(FrameworkInfoDict):
    """A framework with its facts keyed by criterion."""

    facts: dict[str, FactDict]


class ShowDict(FrameworkDict):
    """``fwcompare show --format json`` and `fwcompare.Framework.to_dict`: one framework, stamped."""

    fwcompare: str
    schema_version: int


class FrameworkListDict(TypedDict):
    """``fwcompare list --format json``: every framework, without facts."""

    fwcompare: str
    schema_version: int
    frameworks: list[FrameworkInfoDict]


class CriteriaDict(TypedDict):
    """``fwcompare criteria --format json``: the catalogue, in order."""

    fwcompare: str
    schema_version: int
    criteria: list[CriterionDict]


class RowDict(TypedDict):
    """One criterion across the compared frameworks; ``facts`` keyed by slug."""

    criterion: str
    differs: bool
    facts: dict[str, FactDict]


class JudgedAtDict(TypedDict):
    """The release a framework was judged at in a pinned comparison, and why (``reason``)."""

    version: str
    date: IsoDate | None
    reason: JudgedReason
    asked: str | None
    requires_python: str | None


class ChangeDict(TypedDict):
    """What a later release changed for one criterion (support levels before and after)."""

    criterion: str
    version: str
    before: SupportText | None
    after: SupportText | None
    note: str


class UpgradeDict(TypedDict):
    """What upgrading a pinned framework to the version the data was checked against brings."""

    to: str
    changes: list[ChangeDict]
    assumed_unchanged: str


class ComparisonDict(TypedDict):
    """``fwcompare compare --format json`` and `fwcompare.Comparison.to_dict`.

    ``judged_at`` and ``upgrades`` are keyed by slug (empty when nothing is
    pinned); ``lifecycle`` holds every framework's maintenance figures.
    """

    fwcompare: str
    schema_version: int
    frameworks: list[FrameworkInfoDict]
    criteria: list[CriterionDict]
    judged_at: dict[str, JudgedAtDict]
    upgrades: dict[str, UpgradeDict]
    lifecycle: dict[str, LifecycleDict]
    rows: list[RowDict]


class CheckDict(TypedDict):
    """One fact of one framework, checked (or not) against the installed release."""

    framework: str
    criterion: str
    status: Literal[
        "confirmed", "contradicted", "error", "not-installed", "not-probeable", "needs-package", "environment"
    ]
    version: str | None
    expected: str
    observed: str


class FrameworkVerificationDict(TypedDict):
    """One framework's part of a verification (``version`` null when not installed)."""

    framework: str
    version: str | None
    installed: bool
    checks: int
    confirmed: int
    failures: int


class VerificationDict(TypedDict):
    """``fwcompare verify --format json`` and `fwcompare.Verification.to_dict`."""

    fwcompare: str
    schema_version: int
    ok: bool
    checked_nothing: bool
    frameworks: list[FrameworkVerificationDict]
    counts: dict[str, int]
    checks: list[CheckDict]


class ReleaseDict(TypedDict):
    """One release of a framework on PyPI, from the bundled release lists."""

    version: str
    date: IsoDate
    requires_python: str | None
    yanked: bool


class ExportDict(TypedDict):
    """``fwcompare export``: the whole dataset as one document.

    ``frameworks`` with their facts and opinions; ``releases`` keyed by slug
    (empty for a framework without a release list); ``support`` keyed by slug:
    each framework's support policy, release list's source and computed
    lifecycle; ``credit`` what each ranking status earns.
    """

    fwcompare: str
    schema_version: int
    criteria: list[CriterionDict]
    frameworks: list[FrameworkDict]
    releases: dict[str, list[ReleaseDict]]
    support: dict[str, FrameworkSupportDict]
    credit: dict[str, float]


# The check document's shapes live in their own module (this one would pass 500 lines);
# they are part of this module's API all the same.
from ._jsontypes_check import (  # noqa: E402
    StackCheckDict,
    StackDependencyDict,
    StackExtensionDict,
    StackFindingDict,
    StackFrameworkDict,
    StackPinnedPairDict,
    StackSupportDict,
    UpgradeChangeDict,
    UpgradeViewDict,
)
from ._jsontypes_lifecycle import (  # noqa: E402
    FrameworkSupportDict,
    LatestReleaseDict,
    LifecycleDict,
    LtsSeriesDict,
    PolicySearchDict,
    SeriesEndDict,
    SupportPolicyDict,
    SupportWindowDict,
)
from ._jsontypes_more import (  # noqa: E402
    BenchAppDict,
    BenchDict,
    BenchEndpointDict,
    BenchFigureDict,
    BenchFootprintDict,
    BenchMachineDict,
    BenchPinningDict,
    BenchProfileLevelDict,
    BenchProvenanceDict,
    BenchRoundDict,
    ListUpdateDict,
    NeedDict,
    NeedResultDict,
    RankedFrameworkDict,
    RankingDict,
    ReleaseListingDict,
    ReleaseRowDict,
    UpdateDict,
)
