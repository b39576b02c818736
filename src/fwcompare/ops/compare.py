"""`compare`: frameworks side by side, resolved through a registry."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .._errors import ComparisonError
from ..model.comparison import Comparison, Row
from ..model.criteria import Criterion
from ..model.facts import fact_or_no_data

if TYPE_CHECKING:
    from ..model.frameworks import Framework
    from ..registry import Registry

__all__ = ["compare"]


def compare(
    *frameworks: str | Framework,
    criteria: Iterable[str | Criterion] | None = None,
    registry: Registry | None = None,
) -> Comparison:
    """Compare two or more frameworks, given by name or as `Framework` objects.

    *criteria* limits and orders the rows (criterion keys, labels or their spellings
    with spaces, any case, as `Registry.criterion` resolves them; or `Criterion` objects); by
    default every criterion, in catalogue order. Names are looked up in
    *registry* (the default registry when ``None``).

    Raises `UnknownFrameworkError` or `UnknownCriterionError` (both
    `LookupError`) for unknown names, and `ComparisonError` (a `ValueError`)
    for fewer than two frameworks or a name given twice.

    >>> import fwcompare
    >>> comparison = fwcompare.compare("django", "flask")
    >>> comparison.row("admin").facts[1].extensions[0].name
    'Flask-Admin'
    """
    if registry is None:
        from ..registry import default_registry

        registry = default_registry()
    resolved = registry.resolve(frameworks, error=ComparisonError)
    if len(resolved) < 2:
        raise ComparisonError(f"a comparison needs at least two frameworks, got {len(resolved)}")
    if criteria is None:
        chosen = registry.criteria()
    else:
        chosen = tuple(c if isinstance(c, Criterion) else registry.criterion(c) for c in criteria)
        if len({c.key for c in chosen}) != len(chosen):
            raise ComparisonError("the same criterion is named twice")
    rows = tuple(
        Row(criterion, tuple(fact_or_no_data(f.facts, criterion.key) for f in resolved)) for criterion in chosen
    )
    return Comparison(frameworks=resolved, rows=rows)
