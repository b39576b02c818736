"""Support policies of the bundled frameworks (``data/support.json``), read on first use.

Hand-written from each project's own statements, with sources; a framework the
file does not name has an unknown policy. The file's ``_about`` lists the kinds
(JSON, not TOML: importing tomllib would cost more than a comparison).
"""

from __future__ import annotations

import datetime
import functools
from typing import TYPE_CHECKING, Any

from .._errors import DataError

if TYPE_CHECKING:
    from ..model.facts import Source
    from ..model.lifecycle import SupportPolicy

__all__ = ["release_list_source", "support_policy"]

_FILE = "support.json"


@functools.cache
def _document() -> dict[str, Any]:
    import json

    from .resources import read_bundled

    data: dict[str, Any] = json.loads(read_bundled(_FILE))
    return data


def _month(text: str, where: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(f"{text}-01")
    except ValueError:
        raise DataError(_FILE, where, f"expected a month YYYY-MM, got {text!r}") from None


def _day(text: str, where: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise DataError(_FILE, where, f"expected a date YYYY-MM-DD, got {text!r}") from None


@functools.cache
def support_policy(slug: str) -> SupportPolicy:
    """The support policy of bundled framework *slug* (unknown when the file has none)."""
    from ..model.facts import Source
    from ..model.lifecycle import POLICY_KINDS, LtsSeries, SupportPolicy, unknown_policy

    entry = _document().get(slug)
    if entry is None:
        return unknown_policy()
    kind = entry["kind"]
    if kind not in POLICY_KINDS:
        raise DataError(_FILE, f"{slug}.kind", f"{kind!r} is not one of {', '.join(POLICY_KINDS)}")
    lts = []
    for i, item in enumerate(entry.get("lts", [])):
        ends = _month(item["ends"], f"{slug}.lts[{i}].ends") if "ends" in item else None
        at_least = _day(item["at_least"], f"{slug}.lts[{i}].at_least") if "at_least" in item else None
        if (ends is None) == (at_least is None):
            raise DataError(_FILE, f"{slug}.lts[{i}]", "needs exactly one of ends and at_least")
        lts.append(LtsSeries(item["series"], ends, at_least))
    sources = tuple(
        Source(s["url"], s["title"], _day(s["read"], f"{slug}.sources.read")) for s in entry.get("sources", [])
    )
    if not sources:
        raise DataError(_FILE, f"{slug}.sources", "a support policy needs at least one source")
    return SupportPolicy(
        kind=kind,
        summary=entry["summary"],
        sources=sources,
        lts=tuple(lts),
        recent_series=entry.get("recent_series", 1),
        lts_minor=entry.get("lts_minor"),
        lts_months=entry.get("lts_months"),
    )


@functools.cache
def release_list_source(slug: str) -> Source | None:
    """Where the bundled release list of *slug* comes from, and when it was fetched."""
    import json

    from ..model.facts import Source
    from .resources import read_bundled

    try:
        data = json.loads(read_bundled("releases", f"{slug}.json"))
    except OSError:
        return None
    return Source(
        data["source"],
        f"{data['distribution']} release list on PyPI (the simple index: versions, upload dates, Requires-Python)",
        datetime.date.fromisoformat(data["fetched"]),
    )
