"""The one resolver of criterion names, used by every API and the command line.

A criterion may be named by its key (``"async_views"``), by its label
(``"Async views"``), or by either spelt with spaces or hyphens for
underscores, in any case (``"async views"``, ``"ASYNC-VIEWS"``,
``"template engine"``). `resolve` answers the key; `unknown` builds the error
for a name that matches nothing, with close matches as suggestions or, when
there are none, the groups and where to see every criterion.

Labels come from the caller, who holds the catalogue (a registry, a
comparison's rows, a framework's own ``criteria``): no state is kept here.
Standard library and fwcompare's foundations only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from ._errors import UnknownCriterionError

__all__ = ["resolve", "spelling", "unknown"]


class _Named(Protocol):
    @property
    def key(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def group_label(self) -> str: ...


def spelling(text: str) -> str:
    """The canonical spelling of a name: "Async views", "async-views", "ASYNC_VIEWS" -> "async_views"."""
    return "_".join(text.replace("-", " ").replace("_", " ").split()).casefold()


def resolve(name: str, keys: Iterable[str], labels: Mapping[str, str] | None = None) -> str | None:
    """The key among *keys* that *name* names (key, label or a spelling of either), or None.

    *labels* maps labels to keys; without it, only keys and their spellings match.
    """
    if not isinstance(name, str):
        raise TypeError(f"a criterion name must be a string, not {type(name).__name__}")
    keys = list(keys)
    if name in keys:
        return name
    wanted = spelling(name)
    for key in keys:
        if spelling(key) == wanted:
            return key
    by_label = {spelling(label): key for label, key in (labels or {}).items()}
    found = by_label.get(wanted)
    return found if found in keys else None


def unknown(
    name: str,
    keys: Iterable[str],
    labels: Mapping[str, str] | None = None,
    groups: Sequence[str] | None = None,
) -> UnknownCriterionError:
    """The error for *name*: the closest keys, or else the groups and where to see all criteria."""
    import difflib

    keys = list(keys)
    label_of = {key: label for label, key in (labels or {}).items()}
    wanted = spelling(name)
    # Keys and labels, both spelt the same way, each pointing at its key.
    spelt: dict[str, str] = {}
    for key in keys:
        spelt.setdefault(spelling(key), key)
        if key in label_of:
            spelt.setdefault(spelling(label_of[key]), key)
    found: list[str] = []
    for match in difflib.get_close_matches(wanted, list(spelt), n=6, cutoff=0.65):
        if spelt[match] not in found:
            found.append(spelt[match])
    if len(wanted) >= 4:
        found += [key for s, key in spelt.items() if wanted in s and key not in found]
    if found:
        return UnknownCriterionError(name, found[:3])
    groups = list(groups or ())
    hint = "see every criterion with 'fwcompare criteria' or fwcompare.criteria()"
    if groups:
        hint = f"the criteria are grouped as {', '.join(groups)}; " + hint
    return UnknownCriterionError(name, (), hint=hint)
