"""The result of a ranking: needs, their statuses, and frameworks in order.

The model of `fwcompare.rank`'s answer (built in ``_rank``); no I/O here.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar, Literal, overload

import attrs

from .._errors import RankError
from .._vocab import NeedStatus, SupportLevel
from .base import Shown
from .criteria import Criterion
from .facts import Fact, value_text
from .facts import health_mark as marker
from .frameworks import Framework

if TYPE_CHECKING:
    import pandas
    from packaging.version import Version

    from ..jsontypes import RankingDict

__all__ = ["Need", "NeedResult", "NeedStatus", "RankedFramework", "Ranking"]


def _positive_weight(instance: Need, attribute: attrs.Attribute[float], value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value <= 0:
        raise RankError(f"the weight of need {instance.criterion!r} must be a positive number, got {value!r}")


@attrs.frozen
class Need:
    """One thing a project needs from its framework: a criterion key, with a weight.

    ``criterion`` is a criterion key (``"async_views"``); `rank` also accepts
    the criterion's label or the key with spaces or hyphens for underscores, in
    any case (``"Async views"``, ``"async-views"``). ``weight`` (default 1) is
    how much the need counts against the others. ``builtin_only`` true means
    an extension does not count; ``None`` (the default) follows the
    *builtin_only* argument of `rank`.

    >>> Need("admin", weight=2)
    Need(criterion='admin', weight=2, builtin_only=None)
    """

    criterion: str
    weight: float = attrs.field(default=1.0, validator=_positive_weight)
    builtin_only: bool | None = None


@attrs.frozen(repr=False)
class NeedResult:
    """How one framework answers one need, with the fact that decided it.

    ``support`` is the fact's support level from ``version`` (the release the
    framework was judged at) to the version its data was checked against:
    absent if the fact's bounds leave out either. ``credit`` is the share of
    the need's weight it earned (weight × the status's `NeedStatus.credit`);
    ``reason`` says why in a few words. The fact's note, extensions and
    sources are on ``fact``.
    """

    need: Need
    criterion: Criterion
    status: NeedStatus
    fact: Fact
    support: SupportLevel
    version: Version
    credit: float

    @property
    def reason(self) -> str:
        """Why, in a few words: "built in (Django ORM) since 1.7", "through an extension: Flask-Admin"."""
        fact, level, status = self.fact, self.support, self.status
        if level is SupportLevel.BUILT_IN:
            shown = value_text(fact)
            reason = f"built in ({shown})" if shown else "built in"
        elif level is SupportLevel.PARTIAL:
            reason = "built in, with limits (see the note)"
        elif level is SupportLevel.EXTENSION:
            names = ", ".join(e.name for e in fact.extensions)
            health = "; ".join(f"{e.name} {e.status_note}" for e in fact.extensions if marker(e))
            if status is NeedStatus.UNMET and self.need.builtin_only:
                reason = (
                    "only through an extension" + (f" ({names})" if names else "") + ", and built-in only was asked"
                )
            elif status is NeedStatus.UNMET:
                reason = "only through an extension" + (f" ({names})" if names else "") + f", and {health}"
            else:
                reason = "through an extension" + (f": {names}" if names else "") + (f" ({health})" if health else "")
        elif level is SupportLevel.UNKNOWN:
            reason = "not established (see the note)"
        elif fact.support is SupportLevel.ABSENT:
            reason = "absent"
        else:
            # Absent only because of the version bounds: say which bound.
            word = "built in" if fact.support.is_builtin else "through an extension"
            if fact.since is not None and self.version < fact.since:
                reason = f"absent in {self.version}: {word} only since {fact.since}"
            else:
                reason = f"absent from {fact.until} on: {word} only before {fact.until}"
        if status.is_met and fact.since is not None:
            reason += f" since {fact.since}"
        return reason

    def __repr__(self) -> str:
        return f"<NeedResult {self.criterion.key}: {self.status} ({self.reason})>"


@attrs.frozen(repr=False)
class RankedFramework:
    """One framework's place in a `Ranking`.

    ``position`` counts from 1. ``version`` is the release the needs were
    judged at: the minimum version asked for, or else the version the data
    was checked against. ``results`` is aligned with the ranking's needs.
    """

    position: int
    framework: Framework
    score: float
    max_score: float
    version: Version
    results: tuple[NeedResult, ...]

    def result(self, need: str) -> NeedResult:
        """The result for the need on criterion *need* (key, label, or a spelling of either)."""
        from .._names import resolve, unknown

        keys = [r.criterion.key for r in self.results]
        labels = {r.criterion.label: r.criterion.key for r in self.results}
        found = resolve(need, keys, labels)
        if found is None:
            raise unknown(need, keys, labels)
        return self.results[keys.index(found)]

    def with_status(self, *statuses: NeedStatus) -> tuple[NeedResult, ...]:
        """The results that have one of *statuses*, in need order."""
        return tuple(r for r in self.results if r.status in statuses)

    @property
    def builtin_count(self) -> int:
        """How many needs the framework itself meets (met or partial)."""
        return sum(1 for r in self.results if r.status.is_builtin)

    def __repr__(self) -> str:
        score = f"{_number(self.score)} of {_number(self.max_score)}"
        return f"<RankedFramework {self.position}. {self.framework.slug}: {score}>"


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


@attrs.frozen(repr=False)
class Ranking(Shown):
    """Frameworks ordered by how well they meet a list of needs. Build one with `rank`.

    ``needs`` are as resolved: criterion keys, and ``builtin_only`` set from
    `rank`'s argument where a need left it ``None``; ``criteria`` is aligned
    with them. Iterating gives `RankedFramework` entries, best first. ``str()`` gives a
    plain-text report with the reason for every need; there are also
    `to_markdown`, `to_dict`, `to_json` and an HTML table for notebooks.

    >>> import fwcompare
    >>> ranking = fwcompare.rank(["admin", "orm", "migrations"])
    >>> ranking[0].framework.slug
    'django'
    """

    _format_kind: ClassVar[str] = "ranking"

    needs: tuple[Need, ...]
    criteria: tuple[Criterion, ...]
    entries: tuple[RankedFramework, ...]

    @property
    def max_score(self) -> float:
        """The score of a framework that has every need built in: the sum of the weights."""
        return sum(n.weight for n in self.needs)

    @property
    def best(self) -> RankedFramework:
        """The first entry."""
        return self.entries[0]

    def entry(self, name: str) -> RankedFramework:
        """The entry of the framework with slug, name or alias *name* (any case)."""
        folded = name.casefold()
        for item in self.entries:
            f = item.framework
            if folded in {s.casefold() for s in (f.slug, f.name, *f.aliases)}:
                return item
        from .._errors import UnknownFrameworkError
        from .._suggest import closest

        raise UnknownFrameworkError(name, closest(name, [e.framework.slug for e in self.entries]))

    def __iter__(self) -> Iterator[RankedFramework]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    @overload
    def __getitem__(self, index: int) -> RankedFramework: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[RankedFramework, ...]: ...
    def __getitem__(self, index: int | slice) -> RankedFramework | tuple[RankedFramework, ...]:
        return self.entries[index]

    def to_pandas(self, *, values: Literal["status", "text"] = "status") -> pandas.DataFrame:
        """A pandas DataFrame: one row per framework (best first), indexed by slug.

        Columns ``position``, ``score``, ``max_score`` and ``version`` (the
        release judged), then one column per need, keyed by criterion: its
        `NeedStatus` (``"met"``, ``"extension"``...) with *values*
        ``"status"``, or the reason (``"through an extension: Flask-Admin"``)
        with ``"text"``. Needs the ``fwcompare[pandas]`` extra.

        >>> import fwcompare
        >>> frame = fwcompare.rank(["admin", "orm"], frameworks=["django", "flask"]).to_pandas()
        >>> frame.loc["flask", "admin"]
        'extension'
        """
        frame: pandas.DataFrame = self.to_format("pandas", values=values)
        return frame

    def to_dict(self) -> RankingDict:
        """A JSON-safe dict: ``needs``, ``credit`` per status, and ``ranking`` with every result and its fact."""
        data: RankingDict = self.to_format("dict")
        return data

    def to_json(self, *, indent: int | None = 2) -> str:
        """`to_dict` as a JSON document."""
        text: str = self.to_format("json", indent=indent)
        return text

    def to_markdown(self) -> str:
        """A Markdown table: one row per framework, one column per need, with a legend."""
        text: str = self.to_format("markdown")
        return text

    def __repr__(self) -> str:
        order = ", ".join(f"{e.framework.slug} {_number(e.score)}" for e in self.entries)
        return f"<Ranking on {', '.join(c.key for c in self.criteria)}: {order}>"
