"""Release lists: every release of a bundled framework, with its date.

That is, every release with a wheel or an sdist on PyPI: pip installs
nothing else, so a release published only as eggs (CherryPy 2.1.0, Falcon
0.0.1) is not listed.

Generated from the package registry by ``tasks/update_releases.py`` (never
edited by hand) and bundled as ``data/releases/SLUG.json``; a newer list that
``fwcompare update`` proved and cached (`fwcompare.store.release_cache`) is
read instead. Assembly attaches
each bundled framework's list to its `Framework` (``Framework.releases``),
read on first use, one framework at a time: the list dates version bounds
("since 2.0, May 2021"), resolves pins ("django==4.2") and gives the
lifecycle figures. The data lint rejects a bound naming a release that never
existed.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, overload

from ..model.facts import VersionLike, parse_version

if TYPE_CHECKING:
    from ..model.facts import Source
    from ..model.lifecycle import SupportPolicy
    from ..model.releases import Release

__all__ = ["BundledReleases", "list_document", "release", "releases"]


class BundledReleases(Sequence["Release"]):
    """The bundled release list of one framework, read on first use (a read-only sequence).

    What assembly gives a bundled `Framework` as its ``releases``: a first
    comparison reads no release list, and the first question that needs one
    reads that framework's alone. Equal to the tuple of its releases. It also
    carries what the bundled data says about the list: where it comes from
    (``source``) and the project's ``support_policy``.
    """

    __slots__ = ("_items", "slug")

    def __init__(self, slug: str) -> None:
        self.slug = slug
        self._items: tuple[Release, ...] | None = None

    def _all(self) -> tuple[Release, ...]:
        items = self._items
        if items is None:
            items = self._items = releases(self.slug)
        return items

    @overload
    def __getitem__(self, index: int) -> Release: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Release, ...]: ...
    def __getitem__(self, index: int | slice) -> Release | tuple[Release, ...]:
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._all())

    def __iter__(self) -> Iterator[Release]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, BundledReleases):
            return self.slug == other.slug
        return isinstance(other, tuple) and self._all() == other

    def __hash__(self) -> int:
        return hash(self._all())

    @property
    def source(self) -> Source | None:
        """The package registry's page the list was generated from, and the day it was fetched."""
        import datetime

        from ..model.facts import Source

        data = list_document(self.slug)
        if data is None:
            return None
        title = (
            f"{data['distribution']} release list on PyPI (the simple index: versions, upload dates, Requires-Python)"
        )
        if "checked_against" in data:  # read by `fwcompare update`, which proved it against a second view
            title += f", checked against {data['checked_against']}"
        return Source(data["source"], title, datetime.date.fromisoformat(data["fetched"]))

    @property
    def support_policy(self) -> SupportPolicy:
        """The framework's support policy, from the bundled ``support.json`` (unknown when it has none)."""
        from .support import support_policy

        return support_policy(self.slug)

    def __reduce__(self) -> tuple[type[BundledReleases], tuple[str]]:
        return (BundledReleases, (self.slug,))

    def __repr__(self) -> str:
        return f"<bundled releases of {self.slug!r}>"


@functools.cache
def list_document(slug: str) -> Mapping[str, Any] | None:
    """The release list of *slug* as read: the user's cache when valid and newer, else the bundled file."""
    import json

    from .release_cache import newer_list
    from .resources import read_bundled

    try:
        bundled = json.loads(read_bundled("releases", f"{slug}.json"))
    except OSError:
        bundled = None
    return newer_list(slug, bundled)


@functools.cache
def releases(slug: str) -> tuple[Release, ...]:
    """Every release of bundled framework *slug*, oldest first; empty when no list is bundled."""
    import datetime

    from ..model.releases import Release

    data = list_document(slug)
    if data is None:  # no list is bundled for it (a plugin's framework, say)
        return ()
    listed = (
        Release(
            version=parse_version(item["version"]),
            date=datetime.date.fromisoformat(item["date"]),
            requires_python_text=item["requires_python"],
            yanked=item["yanked"],
        )
        for item in data["releases"]
    )
    return tuple(sorted(listed, key=lambda r: r.version))


def release(slug: str, version: VersionLike) -> Release | None:
    """The release of *slug* equal to *version* ("2.0" matches 2.0.0), or ``None``."""
    wanted = parse_version(version)
    for item in releases(slug):
        if item.version == wanted:
            return item
    return None
