"""The answer of ``fwcompare releases``: one typed row per framework, built once by the operation.

Every format (the aligned text table, JSON) only writes these rows out; none
works anything out of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from .base import Formatted

if TYPE_CHECKING:
    from ..jsontypes import ReleaseListingDict

__all__ = ["ReleaseListing", "ReleaseRow"]


@attrs.frozen
class ReleaseRow:
    """One framework's release and its lifecycle on a day.

    ``release`` is ``None`` where no release answers (none for that Python or
    on that date, or the list ends before the day); ``why`` says which release
    was chosen and why, or why there is none. ``supported`` and
    ``final_releases_last_12_months`` are ``None`` where unknown. With a
    *python* asked for, ``latest_admits_python`` says whether the latest
    release admits it.
    """

    slug: str
    name: str
    release: str | None
    date: str | None
    why: str
    requires_python: str | None
    day: str
    supported: bool | None
    support_ends: str | None
    """When the release's series stops getting fixes, as published ("2028-04", "2026-10-18"), or ``None``."""
    support_end_precision: str | None
    """``"day"`` or ``"month"``: how precisely ``support_ends`` is known."""
    until_next_release: bool | None
    """Whether the series is supported only until the next release comes out."""
    support_window: str | None
    """The series' support window in words ("supported until 2028-04")."""
    final_releases_last_12_months: int | None
    support_policy: str
    releases_read: str | None = None
    """The day the framework's release list was read (YYYY-MM-DD), ``None`` where it has none."""
    python: str | None = None
    latest_admits_python: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        """The row as JSON: ``python`` and ``latest_admits_python`` only where a Python was asked for."""
        data = attrs.asdict(self)
        if self.python is None:
            del data["python"], data["latest_admits_python"]
        return data


@attrs.frozen
class ReleaseListing(Formatted):
    """The rows of ``fwcompare releases``, in the order the frameworks were named.

    ``python`` is the Python the releases were chosen for, if any.
    """

    _format_kind: ClassVar[str] = "releases"

    rows: tuple[ReleaseRow, ...]
    python: str | None = None

    def __iter__(self) -> Iterator[ReleaseRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def to_dicts(self) -> list[dict[str, Any]]:
        """Every row as JSON (the ``frameworks`` of `to_dict`)."""
        return [row.to_dict() for row in self.rows]

    def to_dict(self) -> ReleaseListingDict:
        """``releases --format json``: ``{"fwcompare", "schema_version", "python", "frameworks": [row...]}``."""
        data: ReleaseListingDict = self.to_format("dict")
        return data

    def __str__(self) -> str:
        text: str = self.to_format("text")
        return text
