"""Close-match suggestions for names that are not found."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["closest"]


def closest(name: str, candidates: Iterable[str], *, limit: int = 3) -> list[str]:
    """The candidates closest to *name*, best first (case-insensitive).

    >>> closest("flsk", ["django", "flask", "falcon"])
    ['flask']
    """
    # difflib is only needed on the error path: import it there.
    import difflib

    by_folded = {c.casefold(): c for c in candidates}
    matches = difflib.get_close_matches(name.casefold(), list(by_folded), n=limit, cutoff=0.6)
    return [by_folded[m] for m in matches]
