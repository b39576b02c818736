"""The release report behind ``fwcompare releases``: per framework, a release and its lifecycle.

For each framework (or ``NAME==VERSION``): the release asked for, or the
newest for a Python and/or on a date, or the latest; its date and
Requires-Python; whether it still gets fixes on a day, and until when (its
series' support window); the final releases in the 12 months before that day;
the support policy. One typed row each (`ReleaseListing`), built here once; the
formats only write it out.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..model.frameworks import Framework
    from ..model.release_listing import ReleaseListing
    from ..model.releases import Release
    from ..registry import Registry

from .._errors import UnknownVersionError

__all__ = ["release_report"]


def release_report(
    names: Iterable[str],
    *,
    registry: Registry,
    python: str | None = None,
    as_of: datetime.date | str | None = None,
    on: datetime.date | str | None = None,
) -> ReleaseListing:
    """One entry per framework named (every framework when *names* is empty), in that order.

    *python* and *as_of* choose the release as `compare` does; *on* is the
    day support and the 12-month count are judged for (default: *as_of*, else
    the day each framework's release list was read, or its data checked if later).
    """
    from ..model.release_listing import ReleaseListing, ReleaseRow
    from ..model.releases import listed_until
    from .pinning import _as_date, choose_pins, split_pins

    wanted = list(names)
    if wanted:
        items, asked = split_pins(wanted)
        frameworks: list[Framework] = [i if not isinstance(i, str) else registry.get(i) for i in items]
    else:
        frameworks, asked = list(registry.frameworks()), []
        asked = [None] * len(frameworks)
    day_of_as_of = None if as_of is None else _as_date(as_of)
    report = []
    for framework, version in zip(frameworks, asked, strict=True):
        # One framework at a time: one with no release for that Python (or on that
        # date) is an answer of its own ("none"), not an error for the whole list.
        missing = None
        try:
            pin = (choose_pins((framework,), [version], python, as_of) or (None,))[0]
        except UnknownVersionError as error:
            if version is not None:  # a release the user named that does not exist is an error
                raise
            pin, missing = None, str(error)
        read = listed_until(framework.releases)
        # By default, the newest day the data knows: its release list's read day (today's, after
        # `fwcompare update`), or the day the facts were checked when that is later.
        latest_known = framework.checked.date if read is None else max(read, framework.checked.date)
        day = _as_date(on) if on is not None else (day_of_as_of or latest_known)
        try:
            figures = framework.lifecycle(on=day)
        except UnknownVersionError as error:  # a day after the release list was read
            # The latest release and the year's count are not known then; a pinned
            # release's support may still be, from the policy's LTS dates.
            figures, missing = None, missing or str(error)
        release = pin.release if pin is not None else (None if missing or figures is None else figures.latest)
        why = pin.why() if pin is not None else (missing or "the latest final release")
        latest = None if figures is None else figures.latest
        report.append(
            ReleaseRow(
                slug=framework.slug,
                name=framework.name,
                release=None if release is None else str(release.version),
                date=None if release is None else release.date.isoformat(),
                why=why,
                requires_python=None if release is None else release.requires_python_text,
                day=day.isoformat(),
                supported=None
                if release is None
                else framework.is_supported(release.version, on=day)
                if framework.releases
                else None,
                **_window(framework, release),
                final_releases_last_12_months=None if figures is None else figures.releases_last_year,
                support_policy=framework.support_policy.kind,
                releases_read=None if read is None else read.isoformat(),
                python=python,
                latest_admits_python=None if python is None or latest is None else latest.admits(python),
            )
        )
    return ReleaseListing(tuple(report), python)


def _window(framework: Framework, release: Release | None) -> dict[str, Any]:
    """The support window of *release*'s series: its end as known, and in words."""
    window = None
    if release is not None and release.is_final:
        window = framework.support_window(release.version)
    return {
        "support_ends": None if window is None else window.when(),
        "support_end_precision": None if window is None or window.end is None else window.end_precision,
        "until_next_release": None if window is None else window.until_next_release,
        "support_window": None if window is None else window.describe(),
    }
