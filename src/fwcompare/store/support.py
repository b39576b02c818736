"""Support policies and release lists as data: the bundled ``data/support.json``, and plugins' and users' files.

Policies are hand-written from each project's own statements, with sources;
every bundled framework has an entry, and one whose project publishes no
policy records where it was looked for (``searched``). The file's ``_about``
lists the kinds (JSON, not TOML: importing tomllib would cost more than a
comparison). A plugin or user data directory may hold ``releases/SLUG.json``:
a release list in the bundled format (``distribution``, ``source``,
``fetched``, ``releases``) and optionally that framework's
``support_policy``, in the form of a ``support.json`` entry. Both are read
field by field: a problem is a `DataError` naming the file and the field.
"""

from __future__ import annotations

import datetime
import functools
from typing import TYPE_CHECKING, Any

from .loading import read_sources
from .tables import Table

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from ..model.facts import Source
    from ..model.lifecycle import SupportPolicy
    from ..model.releases import ReleaseList

__all__ = ["parse_policy", "read_release_list", "release_list_source", "support_policy"]

_FILE = "support.json"
_MONTH_OR_DAY = ("YYYY-MM", "YYYY-MM-DD")


@functools.cache
def _document() -> dict[str, Any]:
    import json

    from .resources import read_bundled

    data: dict[str, Any] = json.loads(read_bundled(_FILE))
    return data


def _month(table: Table, key: str) -> datetime.date:
    text = table.text(key)
    try:
        if len(text) != 7:
            raise ValueError(text)
        return datetime.date.fromisoformat(f"{text}-01")
    except ValueError:
        raise table.error(key, f"expected a month YYYY-MM, got {text[:40]!r}") from None


def _month_or_day(table: Table, key: str) -> tuple[datetime.date, str]:
    text = table.text(key)
    if len(text) == 7:
        return _month(table, key), "month"
    return table.date(key), "day"


def parse_policy(table: Table) -> SupportPolicy:
    """The `SupportPolicy` a ``support.json`` entry (or a release file's ``support_policy``) states.

    A known policy needs a source; an unknown one needs ``searched``, the
    places looked at: "unknown" is a finding, never "not looked".
    """
    from ..model.lifecycle import POLICY_KINDS, LtsSeries, PolicySearch, SeriesEnd, SupportPolicy

    kind = table.text("kind")
    if kind not in POLICY_KINDS:
        raise table.error("kind", f"{kind!r} is not one of {', '.join(POLICY_KINDS)}")
    lts = []
    for item in table.tables("lts"):
        ends = _month(item, "ends") if "ends" in item.data else None
        at_least = item.date("at_least") if "at_least" in item.data else None
        if (ends is None) == (at_least is None):
            raise item.error("ends", "needs exactly one of ends and at_least")
        lts.append(LtsSeries(_series(item), ends, at_least))
        item.done()
    ends_ = []
    for item in table.tables("series_ends"):
        end, precision = _month_or_day(item, "end")
        ends_.append(
            SeriesEnd(
                _series(item, every=True),
                end,
                "month" if precision == "month" else "day",
                item.text("quote", required=False),
                read_sources(item, required=True),
            )
        )
        item.done()
    searched = []
    for item in table.tables("searched"):
        url = item.url("url")
        assert url is not None
        searched.append(PolicySearch(url, item.text("title"), item.date("read"), item.text("found")))
        item.done()
    sources = read_sources(table, required=kind != "unknown")
    if kind == "unknown" and not searched:
        raise table.error("searched", "an unknown policy needs the places it was looked for, and what they said")
    recent = table.data.get("recent_series", 1)
    table._seen.add("recent_series")
    if type(recent) is not int or recent < 1:
        raise table.error("recent_series", "expected a whole number of series, 1 or more")
    lts_minor = table.data.get("lts_minor")
    lts_months = table.data.get("lts_months")
    table._seen.update(("lts_minor", "lts_months"))
    for key, value in (("lts_minor", lts_minor), ("lts_months", lts_months)):
        if kind == "yearly-lts" and (type(value) is not int or value < 0):
            raise table.error(key, "a yearly-lts policy needs a whole number here")
    min_version = table.optional_text("min_version")
    if kind == "from-version":
        if min_version is None:
            raise table.error("min_version", "a from-version policy needs the first release it covers")
        table.version("min_version", required=True)
    policy = SupportPolicy(
        kind=kind,
        summary=table.text("summary"),
        sources=sources,
        lts=tuple(lts),
        recent_series=recent,
        lts_minor=lts_minor,
        lts_months=lts_months,
        min_version=min_version,
        quote=table.text("quote", required=False),
        series_ends=tuple(ends_),
        searched=tuple(searched),
    )
    table.done()
    return policy


def _series(table: Table, *, every: bool = False) -> str:
    text = table.text("series")
    if every and text == "*":
        return text
    version = table.version("series", required=True)
    if version.is_prerelease or version.is_postrelease or version.local or len(version.release) > 2:
        raise table.error("series", f"expected a release series such as '4.2' or '1', got {text[:40]!r}")
    return text


@functools.cache
def support_policy(slug: str) -> SupportPolicy:
    """The support policy of bundled framework *slug* (unknown when the file has none)."""
    from ..model.lifecycle import unknown_policy

    entry = _document().get(slug)
    if entry is None:
        return unknown_policy()
    return parse_policy(Table(entry, _FILE, None, slug))


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
    return Source(data["source"], _list_title(data["distribution"]), datetime.date.fromisoformat(data["fetched"]))


def _list_title(distribution: str) -> str:
    return f"{distribution} release list on PyPI (the simple index: versions, upload dates, Requires-Python)"


def read_release_list(entry: Traversable, file: str) -> ReleaseList:
    """A plugin's or user's ``releases/SLUG.json``: its releases, where and when they were read, and its policy.

    *file* names it in errors. ``source`` must be https; every release needs
    a version, a date, ``requires_python`` (a string or null) and ``yanked``.
    """
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    from ..model.facts import Source
    from ..model.releases import Release, ReleaseList
    from .resources import read_document

    document = Table(read_document(entry, file), file)
    if document.data.get("schema_version", 1) != 1:
        raise document.error("schema_version", "expected 1")
    document._seen.add("schema_version")
    distribution = document.text("distribution")
    url = document.url("source")
    assert url is not None
    read = document.date("fetched")
    releases = []
    for item in document.tables("releases", required=True):
        version = item.version("version", required=True)
        date = item.date("date")
        if date > read:
            raise item.error("date", f"is after the day the list was read ({read.isoformat()})")
        python = item.data.get("requires_python")
        item._seen.add("requires_python")
        if python is not None:
            if type(python) is not str:
                raise item.error("requires_python", "expected a string or null")
            try:
                SpecifierSet(python)
            except InvalidSpecifier:
                raise item.error("requires_python", f"not a version specifier: {python[:60]!r}") from None
        yanked = item.data.get("yanked", False)
        item._seen.add("yanked")
        if type(yanked) is not bool:
            raise item.error("yanked", "expected true or false")
        releases.append(Release(version, date, python, yanked))
        item.done()
    policy_table = document.table("support_policy", required=False)
    policy = None if policy_table is None else parse_policy(policy_table)
    document.done()
    title = _list_title(distribution) if url.startswith("https://pypi.org/") else f"{distribution} release list"
    source = Source(url, title, read)
    return ReleaseList(sorted(releases, key=lambda r: r.version), source=source, support_policy=policy)
