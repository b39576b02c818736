"""Opinions: claims attributed to who made them, kept apart from facts."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from .._vocab import Measured, OpinionKind, OpinionTopic, Verdict
from .base import Model
from .facts import Source

if TYPE_CHECKING:
    import datetime

__all__ = ["Attribution", "Opinion"]


@attrs.frozen(repr=False, eq=False)
class Attribution(Model):
    """Who made a claim, where and when.

    ``url`` is ``None`` when the address of the publication is not known.
    """

    author: str
    title: str
    date: datetime.date
    organisation: str = ""
    publisher: str = ""
    url: str | None = None

    def __str__(self) -> str:
        who = self.author + (f" ({self.organisation})" if self.organisation else "")
        where = f", {self.publisher}" if self.publisher else ""
        return f'{who}, "{self.title}"{where}, {self.date.isoformat()}'


@attrs.frozen(repr=False, eq=False)
class Opinion(Model):
    """A claim about a framework, attributed, with fwcompare's verdict on it.

    ``claim`` paraphrases what was said; ``verdict`` is how it reads against
    official sources, and ``correction`` says what is right instead where the
    verdict calls for one. ``sources`` back the verdict. ``measured`` says
    which of ``fwcompare bench``'s measurements bear on it (speed or footprint),
    or is ``None``.
    """

    by: Attribution
    kind: OpinionKind
    topic: OpinionTopic
    claim: str
    verdict: Verdict
    correction: str = ""
    criteria: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    measured: Measured | None = None
