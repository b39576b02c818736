"""The kinds of text in fwcompare's JSON that have a fixed form or vocabulary, re-exported by `fwcompare.jsontypes`.

Each is ``str`` to a type checker. The date and URL forms are ``Annotated``
with the name of their form, from which ``tasks/generate_output_schemas.py``
writes the schema's ``format`` and ``pattern``; the vocabularies are ``Literal``
types, written as ``enum`` (a test checks each against the enum it mirrors).
"""

from __future__ import annotations

from typing import Annotated, Literal, TypeAlias

__all__ = [
    "ClassificationText",
    "ExtensionStatusText",
    "FindingKind",
    "HttpsUrl",
    "IsoDate",
    "IsoDateTime",
    "JudgedReason",
    "OpinionKindText",
    "OpinionTopicText",
    "PartialDate",
    "PolicyKind",
    "RelationText",
    "SeriesEnd",
    "SupportText",
    "ValueKindText",
    "VerdictText",
]

IsoDate: TypeAlias = Annotated[str, "date"]
"""A day, ``YYYY-MM-DD``."""

IsoDateTime: TypeAlias = Annotated[str, "date-time"]
"""A moment, ISO 8601 with its offset (``2026-12-01T18:57:44+00:00``)."""

SeriesEnd: TypeAlias = Annotated[str, "month-or-date"]
"""An end of support as precisely as it is published: ``YYYY-MM`` or ``YYYY-MM-DD``."""

PartialDate: TypeAlias = Annotated[str, "partial-date"]
"""A date as precisely as the sources give it: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""

HttpsUrl: TypeAlias = Annotated[str, "https-url"]
"""An ``https://`` URL."""

SupportText: TypeAlias = Literal["built-in", "partial", "extension", "absent", "unknown"]
"""A `fwcompare.SupportLevel` as text."""

ClassificationText: TypeAlias = Literal["full-stack", "micro", "api", "async-toolkit", "general-purpose", "python-ui"]
"""A `fwcompare.Classification` as text."""

ValueKindText: TypeAlias = Literal["support", "text", "choice", "tags", "number"]
"""A criterion's `fwcompare.ValueKind` as text."""

VerdictText: TypeAlias = Literal["accurate", "partly-accurate", "outdated", "wrong", "unverified", "subjective"]
"""fwcompare's `fwcompare.Verdict` on an opinion, as text."""

PolicyKind: TypeAlias = Literal[
    "lts", "yearly-lts", "latest-release", "latest-series", "previous-major", "from-version", "unknown"
]
"""A support policy's kind (``kind`` in ``support.json``)."""

OpinionKindText: TypeAlias = Literal["pro", "con", "assessment"]
"""An opinion's `fwcompare.OpinionKind` as text."""

OpinionTopicText: TypeAlias = Literal[
    "architecture", "learning-curve", "flexibility", "productivity", "features", "security", "scalability",
    "performance", "community", "adoption", "testing", "async", "extensibility",
]  # fmt: skip
"""An opinion's `fwcompare.OpinionTopic` as text."""

RelationText: TypeAlias = Literal["built-on", "fork-of", "reimplements", "renamed-from"]
"""How a framework relates to another project (`fwcompare.RelationKind`) as text."""

ExtensionStatusText: TypeAlias = Literal["active", "quiet", "unmaintained", "broken"]
"""An extension's health next to a framework (`fwcompare.ExtensionStatus`) as text."""

JudgedReason: TypeAlias = Literal["pinned", "python", "date", "python+date", "checked"]
"""Why a pinned comparison judged a framework at its release: pinned, newest for a Python or on a date, or checked."""

FindingKind: TypeAlias = Literal["unsupported", "ends-within", "broken-extension", "python-mismatch"]
"""A kind of ``check`` finding (`fwcompare.model.stack_check.FINDING_KINDS`)."""
