"""What ``fwcompare update`` did: per framework, what it read, proved and wrote (`UpdateReport`)."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Literal

import attrs

from .base import Formatted

if TYPE_CHECKING:
    from ..jsontypes import UpdateDict

__all__ = ["ListUpdate", "Outcome", "UpdateReport"]

Outcome = Literal["updated", "unchanged", "not modified", "refused", "unreachable"]
"""What became of one release list:

- ``updated``: read, proved, written; it has releases the previous list did not;
- ``unchanged``: read, proved, written (with the new read date); no new release;
- ``not modified``: both views answered 304 to a conditional request: the
  proved list in the cache stands, with the new read date;
- ``refused``: a response was malformed, or the two views disagreed: nothing written;
- ``unreachable``: the registry did not answer (after retries): nothing written.
"""


@attrs.frozen
class ListUpdate:
    """The update of one framework's release list.

    ``added`` and ``removed`` are the versions new to the list and gone from
    it, against the list used before (cached or bundled); ``compared`` says
    what the two views of the registry agreed on; ``error`` why nothing was
    written (``refused``, ``unreachable``).
    """

    slug: str
    distribution: str
    outcome: Outcome
    latest: str | None = None
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    compared: str = ""
    error: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the list was proved and written."""
        return self.outcome in ("updated", "unchanged", "not modified")

    def __str__(self) -> str:
        if not self.ok:
            return f"{self.slug}: {self.outcome}: {self.error}"
        if self.added:
            shown = ", ".join(self.added[-5:]) + (f" and {len(self.added) - 5} older" if len(self.added) > 5 else "")
            new = f"{len(self.added)} new release(s): {shown}"
        else:
            new = "no new release"
        gone = f"; no longer on the registry: {', '.join(self.removed)}" if self.removed else ""
        said = "not modified since the last update" if self.outcome == "not modified" else self.compared
        return f"{self.slug}: {new}; latest {self.latest}{gone} ({said})"


@attrs.frozen
class UpdateReport(Formatted):
    """What `fwcompare.update` read into the cache, and how much it downloaded.

    >>> report = fwcompare.update()  # doctest: +SKIP
    >>> [u.slug for u in report.lists if u.added]  # doctest: +SKIP
    ['bottle']
    """

    cache_dir: Path
    read_on: datetime.date
    lists: tuple[ListUpdate, ...]
    requests: int
    bytes_downloaded: int
    extensions_read: int = 0
    """Extensions whose registry facts were read into ``extensions.json`` in the cache."""
    extension_errors: tuple[str, ...] = ()
    """Extensions whose registry facts could not be read ("name: why"): left as they were."""

    _format_kind: ClassVar[str] = "update"

    def to_dict(self) -> UpdateDict:
        """``update --format json``: the report as a JSON-safe document, stamped with ``schema_version``."""
        data: UpdateDict = self.to_format("dict")
        return data

    @property
    def failed(self) -> tuple[ListUpdate, ...]:
        """The lists that were refused or could not be read: left as they were."""
        return tuple(u for u in self.lists if not u.ok)

    def __str__(self) -> str:
        lines = [str(u) for u in self.lists]
        lines += [f"extension {error}" for error in self.extension_errors]
        written = len(self.lists) - len(self.failed)
        day = self.read_on.isoformat()
        lines.append(f"Release lists read {day}: {written} of {len(self.lists)} written to {self.cache_dir}.")
        if self.extensions_read or self.extension_errors:
            count = self.extensions_read + len(self.extension_errors)
            lines.append(f"Registry facts of {self.extensions_read} of {count} extensions read into extensions.json.")
        lines.append(f"{self.requests} requests, {self.bytes_downloaded / 1e6:.1f} MB downloaded.")
        return "\n".join(lines)
