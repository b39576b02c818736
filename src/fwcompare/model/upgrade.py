"""The upgrade view: what changes between two releases of one framework.

`Upgrade` is what ``fwcompare compare django==4.2 django==5.2`` shows and
`fwcompare.upgrade` returns: every recorded fact change between the two
releases (gained, lost, moved to or from an extension, each with the release
that made it and the fact's sources), the change in ``Requires-Python``, and
whether each release gets fixes on one day. Nothing here reads a file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import attrs

from .base import Model, Shown

if TYPE_CHECKING:
    import datetime

    from .._jsontypes_check import UpgradeViewDict
    from .facts import Source
    from .frameworks import Framework
    from .pinning import Change
    from .releases import Release
    from .stack_check import SupportStatus

__all__ = ["Upgrade"]


@attrs.frozen(repr=False, eq=False)
class Upgrade(Model, Shown):
    """What moving *framework* from release ``start`` to release ``end`` changes.

    ``changes`` are the recorded changes in catalogue order (see
    `Framework.changes`); ``unchanged`` counts the facts that record no bound
    and no history, assumed unchanged. ``support_start`` and ``support_end``
    say whether each release gets fixes on ``on``. ``to_html()`` (and a
    notebook) shows it as HTML, ``to_html(standalone=True)`` as a complete page.

    >>> import fwcompare
    >>> view = fwcompare.upgrade("django", "4.2", "5.2", on="2026-11-24")
    >>> str(view.start.version), str(view.end.version), view.support_start.supported
    ('4.2.30', '5.2.20', False)
    """

    _format_kind: ClassVar[str] = "upgrade"

    framework: Framework
    start: Release
    end: Release
    changes: tuple[Change, ...]
    unchanged: int
    on: datetime.date
    support_start: SupportStatus
    support_end: SupportStatus

    def sources(self, change: Change) -> tuple[Source, ...]:
        """The sources of the fact *change* belongs to (they establish its bounds and history)."""
        fact = self.framework.facts.get(change.criterion.key)
        return () if fact is None else fact.sources

    @property
    def requires_python(self) -> tuple[str | None, str | None]:
        """``Requires-Python`` of the two releases, as written (``None`` where one declares none)."""
        return self.start.requires_python_text, self.end.requires_python_text

    def to_dict(self) -> UpgradeViewDict:
        """A JSON-safe dict (``compare --format json`` for two releases of one framework)."""
        result: UpgradeViewDict = self.to_format("dict")
        return result

    def to_json(self) -> str:
        """`to_dict` as JSON text."""
        text: str = self.to_format("json")
        return text

    def to_markdown(self) -> str:
        """Markdown: the changes as a list, with their sources."""
        text: str = self.to_format("markdown")
        return text

    def to_text(self, width: int = 80) -> str:
        """Plain text laid out to *width* columns."""
        text: str = self.to_format("text", width=width)
        return text

    def __str__(self) -> str:
        return self.to_text()

    def __repr__(self) -> str:
        name = self.framework.name
        return f"<Upgrade {name} {self.start.version} -> {self.end.version}: {len(self.changes)} changes>"
