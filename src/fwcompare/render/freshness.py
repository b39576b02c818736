"""When an answer's release data was read, in one phrase, and the nudge to refresh it.

Release lists are facts about the day they were read; every answer built on
them says that day ("Release lists read 2026-12-01."), and once the oldest is
more than `STALE_AFTER_DAYS` old, how to refresh it (``fwcompare update``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

__all__ = ["STALE_AFTER_DAYS", "read_day", "releases_read_note"]

STALE_AFTER_DAYS = 30
"""Days after which an answer says its release data is old and how to refresh it."""


def read_day(releases: Sequence[object]) -> datetime.date | None:
    """The day a release list was read from the registry: its source's ``read`` (``None`` when it does not say)."""
    from ..model.releases import listed_until

    return listed_until(releases)  # type: ignore[arg-type]


def releases_read_note(days: Iterable[tuple[str, datetime.date | None]], today: datetime.date | None = None) -> str:
    """ "Release lists read 2026-12-01." for (name, day read) pairs; "" when none says.

    Names are given only when the lists were read on different days; the note
    says how to refresh when the oldest is over `STALE_AFTER_DAYS` days old.
    """
    by_day: dict[datetime.date, list[str]] = {}
    for name, day in days:
        if day is not None:
            by_day.setdefault(day, []).append(name)
    if not by_day:
        return ""
    if len(by_day) == 1:
        [day] = by_day
        note = f"Release lists read {day.isoformat()}."
    else:
        note = (
            "Release lists read "
            + ", ".join(
                f"{day.isoformat()} ({', '.join(names)})" for day, names in sorted(by_day.items(), reverse=True)
            )
            + "."
        )
    oldest = min(by_day)
    age = ((today or _today()) - oldest).days
    if age > STALE_AFTER_DAYS:
        note += f" That is {age} days ago: run 'fwcompare update' to re-read them from PyPI."
    return note


def _today() -> datetime.date:
    return datetime.date.today()
