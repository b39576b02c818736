"""`upgrade`: what changes between two releases of one framework (the upgrade view)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from .._dates import iso_date
from .._errors import ComparisonError, shorten
from ..model.upgrade import Upgrade

if TYPE_CHECKING:
    from ..model.facts import VersionLike
    from ..model.frameworks import Framework
    from ..registry import Registry

__all__ = ["upgrade"]


def upgrade(
    framework: str | Framework,
    from_: VersionLike,
    to: VersionLike | None = None,
    *,
    on: datetime.date | str | None = None,
    registry: Registry | None = None,
) -> Upgrade:
    """What moving *framework* from release *from_* to *to* (default: its newest release) changes.

    Releases are looked up as `Framework.release` does ("4.2" is the newest
    4.2.x). *on* (default: the day the data was checked) is the day support
    is judged. Raises `UnknownFrameworkError` or `UnknownVersionError` for
    unknown names, and `ComparisonError` when *to* is older than *from_* or
    the framework has no release list.

    >>> import fwcompare
    >>> [str(c.version) for c in fwcompare.upgrade("django", "4.2", "5.2").changes]
    ['5.0', '5.1']
    """
    if registry is None:
        from ..registry import default_registry

        registry = default_registry()
    found = registry.get(framework) if isinstance(framework, str) else framework
    if not found.releases:
        raise ComparisonError(f"{found.name} has no release list: the releases to compare cannot be looked up")
    start = found.release(from_)
    end = found.release(to) if to is not None else found.latest_release
    assert end is not None  # a release list has a final release
    if end.version < start.version:
        raise ComparisonError(f"{found.name} {end.version} is older than {start.version}: name the older release first")
    day = found.checked.date if on is None else on
    if isinstance(day, str):
        text = day
        try:
            day = iso_date(text)
        except ValueError:
            raise ComparisonError(f"on must be a date (YYYY-MM-DD), got {shorten(text)!r}") from None
    from ..model.pinning import framework_changes
    from .check import support_status

    changes, unchanged = framework_changes(found, start.version, end.version)
    return Upgrade(
        found, start, end, changes, unchanged, day, support_status(found, start, day), support_status(found, end, day)
    )
