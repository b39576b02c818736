"""`compare`: frameworks side by side, resolved through a registry."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .._errors import ComparisonError
from ..model.comparison import Comparison, Row
from ..model.criteria import Criterion
from ..model.facts import fact_or_no_data

if TYPE_CHECKING:
    import datetime

    from packaging.version import Version

    from ..model.frameworks import Framework
    from ..model.pinning import Pin
    from ..registry import Registry

__all__ = ["compare"]

# What a pin or a range puts after a name ("django==4.2", "django~=4.2"): split_pins sorts them out.
_OPERATOR_CHARACTERS = frozenset("=<>!~")


def compare(
    *frameworks: str | Framework,
    criteria: Iterable[str | Criterion] | None = None,
    registry: Registry | None = None,
    python: str | None = None,
    as_of: datetime.date | str | None = None,
) -> Comparison:
    """Compare two or more frameworks, given by name or as `Framework` objects.

    *criteria* limits and orders the rows (criterion keys, labels or their spellings
    with spaces, any case, as `Registry.criterion` resolves them; or `Criterion` objects); by
    default every criterion, in catalogue order. Names are looked up in
    *registry* (the default registry when ``None``).

    Raises `UnknownFrameworkError` or `UnknownCriterionError` (both
    `LookupError`) for unknown names, and `ComparisonError` (a `ValueError`)
    for fewer than two frameworks or a name given twice.

    **Pinned to a release.** A name may carry a version, ``"django==4.2"``
    (a series means its newest final release, 4.2.x); *python* ("3.11")
    judges every other framework at its newest final release whose
    Requires-Python admits that Python, as pip would install it; *as_of* (a
    date or "YYYY-MM-DD") at its newest final release published by then
    (both together: the newest for that Python on that date). Every cell is
    then the fact as it stood at that release (see `Comparison.pins`,
    `Comparison.upgrades`). A version no release matches raises
    `UnknownVersionError`; a framework without a release list is judged at
    the version checked.

    >>> import fwcompare
    >>> comparison = fwcompare.compare("django", "flask")
    >>> comparison.row("admin").facts[1].extensions[0].name
    'Flask-Admin'
    """
    if registry is None:
        from ..registry import default_registry

        registry = default_registry()
    pinned = (
        python is not None
        or as_of is not None
        or any(isinstance(f, str) and not _OPERATOR_CHARACTERS.isdisjoint(f) for f in frameworks)
    )
    if pinned:
        from .pinning import split_pins

        names, asked = split_pins(frameworks)
    else:
        names, asked = list(frameworks), []
    try:
        resolved = registry.resolve(names, error=ComparisonError)
    except ComparisonError as exc:
        if pinned:  # two releases of one framework: that question has its own answer
            raise ComparisonError(f"{exc}; what changes between two releases of one is fwcompare.upgrade()") from None
        raise
    if len(resolved) < 2:
        raise ComparisonError(f"a comparison needs at least two frameworks, got {len(resolved)}")
    if criteria is None:
        chosen = registry.criteria()
    else:
        chosen = tuple(c if isinstance(c, Criterion) else registry.criterion(c) for c in criteria)
        if len({c.key for c in chosen}) != len(chosen):
            raise ComparisonError("the same criterion is named twice")
    pins: tuple[Pin | None, ...] = ()
    if pinned:
        from .pinning import choose_pins

        pins = choose_pins(resolved, asked, python, as_of)
    # Lists, not generators, inside tuple(): a warm comparison is mostly this loop.
    facts = [f.facts for f in resolved]
    rows = tuple([Row(criterion, tuple([fact_or_no_data(m, criterion.key) for m in facts])) for criterion in chosen])
    if pins:
        judged = [(i, p.version, f.name) for i, (f, p) in enumerate(zip(resolved, pins, strict=True)) if p]
        rows = tuple(_judged(row, judged) for row in rows)
    return Comparison(frameworks=resolved, rows=rows, pins=pins)


def _judged(row: Row, judged: list[tuple[int, Version, str]]) -> Row:
    from ..model.pinning import fact_at

    facts = list(row.facts)
    for i, version, name in judged:
        facts[i] = fact_at(facts[i], version, name)
    return Row(row.criterion, tuple(facts))
