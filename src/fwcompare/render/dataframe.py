"""Comparisons and rankings as pandas DataFrames (the ``fwcompare[pandas]`` extra)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from .cells import cell

if TYPE_CHECKING:
    import pandas

    from ..model.comparison import Comparison
    from ..model.ranking import Ranking

__all__ = ["comparison_frame", "ranking_frame"]


def comparison_frame(comparison: Comparison, values: Literal["support", "text"]) -> pandas.DataFrame:
    """Criteria as the index, framework slugs as the columns (see `Comparison.to_pandas`)."""
    try:
        import pandas
    except ImportError as error:
        raise ImportError(
            "Comparison.to_pandas() needs pandas: install the extra with 'pip install \"fwcompare[pandas]\"'"
        ) from error
    if values == "support":
        data = [[str(fact.support) for fact in row.facts] for row in comparison.rows]
    elif values == "text":
        data = [[cell(fact) for fact in row.facts] for row in comparison.rows]
    else:
        raise ValueError(f"values must be 'support' or 'text', not {values!r}")
    index = pandas.Index([row.criterion.key for row in comparison.rows], name="criterion")
    columns = pandas.Index([f.slug for f in comparison.frameworks], name="framework")
    frame = pandas.DataFrame(data, index=index, columns=columns, dtype=object)
    # The release each column is judged at: the pin, or the version the data was checked against.
    frame.attrs["judged_at"] = {
        f.slug: str(p.version if p is not None else f.checked.version)
        for f, p in ((f, comparison.pin(f) if comparison.pins else None) for f in comparison.frameworks)
    }
    frame.attrs["pinned"] = bool(comparison.pins)
    # The "Maintenance" figures, as in every format: {slug: {label: text}}, and the JSON form.
    from .lifecycle import lifecycle_to_dict

    lifecycles = comparison.lifecycles()
    frame.attrs["maintenance"] = {
        f.slug: dict(fig.rows()) for f, fig in zip(comparison.frameworks, lifecycles, strict=True)
    }
    frame.attrs["lifecycle"] = {
        f.slug: lifecycle_to_dict(fig) for f, fig in zip(comparison.frameworks, lifecycles, strict=True)
    }
    return frame


def ranking_frame(ranking: Ranking, values: Literal["status", "text"]) -> pandas.DataFrame:
    """One row per framework, best first (see `Ranking.to_pandas`)."""
    try:
        import pandas
    except ImportError as error:
        raise ImportError(
            "Ranking.to_pandas() needs pandas: install the extra with 'pip install \"fwcompare[pandas]\"'"
        ) from error
    if values not in ("status", "text"):
        raise ValueError(f"values must be 'status' or 'text', not {values!r}")
    keys = [c.key for c in ranking.criteria]
    records = []
    for entry in ranking:
        record: dict[str, object] = {
            "position": entry.position,
            "score": entry.score,
            "max_score": entry.max_score,
            "version": str(entry.version),
        }
        for key, result in zip(keys, entry.results, strict=True):
            record[key] = str(result.status) if values == "status" else result.reason
        records.append(record)
    index = pandas.Index([e.framework.slug for e in ranking], name="framework")
    return pandas.DataFrame(records, index=index, columns=["position", "score", "max_score", "version", *keys])
