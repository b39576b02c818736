"""Dates as fwcompare reads them: YYYY-MM-DD, and nothing else."""

from __future__ import annotations

import datetime
import re

__all__ = ["iso_date"]

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


def iso_date(text: str) -> datetime.date:
    """The date *text* names in the form YYYY-MM-DD; `ValueError` for any other form.

    `datetime.date.fromisoformat` alone also takes "20261124" and "2026-W48-2"
    since Python 3.11: every message, schema and help text says YYYY-MM-DD.

    >>> iso_date("2026-11-24")
    datetime.date(2026, 11, 24)
    """
    if not _ISO_DATE.match(text):
        raise ValueError(f"not a date in the form YYYY-MM-DD: {text[:20]!r}")
    return datetime.date.fromisoformat(text)
