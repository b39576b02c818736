"""Comparisons: frameworks side by side, one row per criterion (built by `fwcompare.compare`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar, Literal, overload

import attrs

from .base import Model, Shown
from .criteria import Criterion
from .facts import Fact
from .frameworks import Framework

if TYPE_CHECKING:
    import datetime

    import pandas

    from ..jsontypes import ComparisonDict
    from .lifecycle import Lifecycle
    from .pinning import Change, Pin


__all__ = ["Comparison", "Row"]


@attrs.frozen(repr=False, eq=False)
class Row(Model):
    """One criterion across the compared frameworks.

    ``facts`` is aligned with the comparison's ``frameworks``.
    """

    criterion: Criterion
    facts: tuple[Fact, ...]

    @property
    def differs(self) -> bool:
        """Whether the frameworks differ here, in support level or value.

        Version bounds alone do not make a difference: two frameworks that both
        have a feature today agree, whenever each gained it.
        """
        first = self.facts[0]
        return any(f.support is not first.support or f.value != first.value for f in self.facts[1:])

    def __repr__(self) -> str:
        cells = ", ".join(str(f.support) for f in self.facts)
        return f"<Row {self.criterion.key}: {cells}{' (differs)' if self.differs else ''}>"


@attrs.frozen(repr=False, eq=False)
class Comparison(Model, Shown):
    """Two or more frameworks compared on a list of criteria.

    Build one with `compare`. ``str()`` gives a plain-text table; there are
    also `to_markdown`, `to_dict`, `to_json`, and an HTML table for notebooks.

    >>> import fwcompare
    >>> c = fwcompare.compare("django", "flask", criteria=["admin", "async_views"])
    >>> [row.criterion.key for row in c.differences()]
    ['admin']
    """

    _format_kind: ClassVar[str] = "comparison"

    frameworks: tuple[Framework, ...]
    rows: tuple[Row, ...]
    pins: tuple[Pin | None, ...] = ()
    """Aligned with ``frameworks``: the release each is judged at, or ``None`` for the version checked.

    Empty when the comparison is not pinned at all (the default).
    """

    def pin(self, framework: str | Framework) -> Pin | None:
        """The pin of *framework* (a slug or a compared `Framework`), ``None`` when it is not pinned."""
        slug = framework if isinstance(framework, str) else framework.slug
        for f, p in zip(self.frameworks, self.pins, strict=False):
            if f.slug == slug:
                return p
        return None

    def upgrades(self) -> tuple[tuple[Change, ...], ...]:
        """Aligned with ``frameworks``: what upgrading from the pinned release to the version checked brings.

        From the facts' version bounds and history, for the compared criteria,
        oldest change first; empty for a framework that is not pinned or is
        pinned at the version checked.

        >>> import fwcompare
        >>> c = fwcompare.compare("django==4.2", "flask", criteria=["background_tasks"])
        >>> str(c.upgrades()[0][0])
        'Background tasks: absent → partly built in (6.0)'
        """
        from .pinning import changes

        result = []
        for i, framework in enumerate(self.frameworks):
            pin = self.pins[i] if i < len(self.pins) else None
            found: list[Change] = []
            if pin is not None and pin.version < framework.checked.version:
                for row in self.rows:
                    fact = framework.facts.get(row.criterion.key)
                    if fact is not None:
                        found += changes(row.criterion, fact, pin.version, framework.checked.version)
            result.append(tuple(sorted(found, key=lambda c: c.version)))
        return tuple(result)

    @property
    def as_of(self) -> datetime.date | None:
        """The date the comparison is judged on (``as_of=``), or ``None``."""
        for pin in self.pins:
            if pin is not None and pin.on is not None:
                return pin.on
        return None

    def lifecycles(self) -> tuple[Lifecycle, ...]:
        """Aligned with ``frameworks``: each one's maintenance figures (the "Maintenance" group).

        Computed from the release lists for the comparison's ``as_of`` date,
        or else for the day each framework's data was checked; in a pinned
        comparison they also say whether the release judged still gets fixes.

        >>> import fwcompare
        >>> c = fwcompare.compare("django==4.2", "flask", criteria=["admin"])
        >>> c.lifecycles()[0].judged_supported
        False
        """
        result = []
        day = self.as_of
        for i, framework in enumerate(self.frameworks):
            figures = framework.lifecycle(on=day)
            pin = self.pins[i] if i < len(self.pins) else None
            if pin is not None:
                from .lifecycle import is_supported
                from .windows import window_of

                policy, releases = framework.support_policy, framework.releases
                supported = is_supported(policy, releases, pin.version, figures.computed_for)
                window = window_of(policy, releases, pin.version)
                figures = attrs.evolve(figures, judged=pin.version, judged_supported=supported, window=window)
            result.append(figures)
        return tuple(result)

    def assumed_unchanged(self) -> tuple[str, ...]:
        """Aligned with ``frameworks``: for a pinned framework, the sentence that says what is assumed.

        Facts that record neither a version bound nor a history entry are
        assumed unchanged between the pinned release and the version checked:
        the data records no change for them. Said once per framework; ``""``
        for a framework that is not pinned, or whose every fact records a change.
        """
        from .pinning import unchanged

        result = []
        for i, framework in enumerate(self.frameworks):
            pin = self.pins[i] if i < len(self.pins) else None
            if pin is None or pin.version == framework.checked.version:
                result.append("")
                continue
            facts = [framework.facts[r.criterion.key] for r in self.rows if r.criterion.key in framework.facts]
            count = unchanged(facts)
            if not count:
                result.append("")
                continue
            result.append(
                f"{framework.name}: {count} of {len(facts)} facts record no version bound and no history; "
                f"they are assumed unchanged between {pin.version} and {framework.checked.version}."
            )
        return tuple(result)

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        """The criteria compared, in row order."""
        return tuple(row.criterion for row in self.rows)

    def row(self, key: str) -> Row:
        """The row of criterion *key* (or its label, or a spelling of either, as `compare` takes)."""
        from .._names import resolve, unknown

        keys = [r.criterion.key for r in self.rows]
        labels = {r.criterion.label: r.criterion.key for r in self.rows}
        found = resolve(key, keys, labels)
        if found is None:
            raise unknown(key, keys, labels)
        return self.rows[keys.index(found)]

    def differences(self) -> Comparison:
        """The same comparison with only the rows where the frameworks differ (see `Row.differs`).

        A `Comparison`, so it displays as a table in a notebook and renders
        like any other; iterating, ``len()`` and indexing give its rows, as
        the tuple this returned before did.
        """
        return attrs.evolve(self, rows=tuple(row for row in self.rows if row.differs))

    def common(self) -> Comparison:
        """The same comparison with only the rows where all frameworks agree (a `Comparison`).

        Both keep everything else of the comparison: the releases it is pinned to, above all.
        """
        return attrs.evolve(self, rows=tuple(row for row in self.rows if not row.differs))

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, index: int) -> Row: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Row, ...]: ...
    def __getitem__(self, index: int | slice) -> Row | tuple[Row, ...]:
        return self.rows[index]

    def __bool__(self) -> bool:
        # An empty selection of rows is falsy, as the tuple differences() returned was.
        return bool(self.rows)

    def to_dict(self) -> ComparisonDict:
        """A JSON-safe dict of the whole comparison, sources included.

        Its shape is documented in the JSON output reference: ``frameworks``
        (identity, checked version, attributed opinions), ``criteria``, and
        ``rows``, each with ``criterion``, ``differs`` and ``facts`` keyed by
        framework slug.
        """
        data: ComparisonDict = self.to_format("dict")
        return data

    def to_json(self, *, indent: int | None = 2) -> str:
        """`to_dict` as a JSON document."""
        text: str = self.to_format("json", indent=indent)
        return text

    def to_markdown(self) -> str:
        """A Markdown table (GitHub flavour), with a legend and footnotes for notes."""
        text: str = self.to_format("markdown")
        return text

    def to_pandas(self, *, values: Literal["support", "text"] = "support") -> pandas.DataFrame:
        """A pandas DataFrame: criterion keys as the index, framework slugs as the columns.

        With *values* ``"support"`` each cell is the support level's string
        (``"built-in"``, ``"extension"``...); with ``"text"`` it is the cell
        of the text table (``"yes (3.1+)"``, ``"ext: Flask-Admin"``). Needs
        the ``fwcompare[pandas]`` extra; without pandas it raises an
        `ImportError` that names the extra. pandas is imported only here.

        >>> import fwcompare
        >>> frame = fwcompare.compare("django", "flask", criteria=["admin"]).to_pandas()
        >>> frame.loc["admin", "flask"]
        'extension'
        """
        frame: pandas.DataFrame = self.to_format("pandas", values=values)
        return frame

    def __repr__(self) -> str:
        names = ", ".join(f.slug for f in self.frameworks)
        differ = sum(1 for row in self.rows if row.differs)
        return f"<Comparison of {names}: {len(self.rows)} criteria, {differ} differ>"
