"""Which release each framework of a comparison is judged at: pinned, for a Python, on a date."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .._dates import iso_date
from .._errors import ComparisonError, UnknownVersionError, shorten

if TYPE_CHECKING:
    from ..model.frameworks import Framework
    from ..model.pinning import Pin
    from ..model.releases import Release

__all__ = ["choose_pins", "split_pins"]


def split_pins(frameworks: Iterable[str | Framework]) -> tuple[list[str | Framework], list[str | None]]:
    """Names with their pins taken off ("django==4.2" is django, "4.2"), and the pins (``None`` for none)."""
    names: list[str | Framework] = []
    pins: list[str | None] = []
    for item in frameworks:
        found = _OPERATOR.search(item) if isinstance(item, str) else None
        if isinstance(item, str) and found is not None:
            name, operator, version = item[: found.start()].strip(), found.group(), item[found.end() :].strip()
            if operator != "==":
                # A requirement's range ("django~=4.2") names no one release to judge.
                raise ComparisonError(
                    f"{shorten(item)!r}: {operator} is not a pin; judge one release with NAME==VERSION, "
                    f"such as {shorten(name or 'django', 40)}==4.2 (the newest 4.2.x)"
                )
            if not name or not version:
                raise ComparisonError(f"expected NAME==VERSION, such as django==4.2, got {shorten(item)!r}")
            names.append(name)
            pins.append(version)
        else:
            names.append(item)
            pins.append(None)
    return names, pins


# The operators of a requirement (PEP 440), longest first: "===" is not "==" and "=4.2".
_OPERATOR = re.compile(r"===|==|~=|!=|<=|>=|<|>")


def _as_date(as_of: datetime.date | str) -> datetime.date:
    if isinstance(as_of, datetime.date):
        return as_of
    try:
        return iso_date(as_of)
    except ValueError:
        raise ComparisonError(f"as_of must be a date (YYYY-MM-DD), got {shorten(as_of)!r}") from None


def _newest(framework: Framework, python: str | None, day: datetime.date | None) -> Release:
    from ..model.releases import check_listed, final_releases

    if day is not None:
        check_listed(framework.name, framework.releases, day)  # a day after the list was read: not known
    candidates = final_releases(framework.releases)
    if python is not None:
        candidates = [r for r in candidates if r.admits(python)]
    if day is not None:
        candidates = [r for r in candidates if r.date <= day]
    if not candidates:
        if day is None:
            assert python is not None
            return framework.release_for_python(python)  # raises, naming the nearest
        if python is None:
            return framework.release_on(day)  # raises, naming the nearest
        raise UnknownVersionError(
            framework.name, python, (), f"has no final release for Python {{version}} on or before {day.isoformat()}"
        )
    return max(candidates, key=lambda r: r.version)


def choose_pins(
    frameworks: tuple[Framework, ...],
    asked: list[str | None],
    python: str | None,
    as_of: datetime.date | str | None,
) -> tuple[Pin | None, ...]:
    """The release each framework is judged at; ``()`` when nothing is pinned at all."""
    from ..model.pinning import Pin

    if python is not None:
        from packaging.version import InvalidVersion

        from ..model.facts import parse_version

        try:
            parse_version(python)
        except InvalidVersion:
            raise ComparisonError(f"python must be a version such as 3.11, got {shorten(python)!r}") from None
    day = None if as_of is None else _as_date(as_of)
    if python is None and day is None and all(a is None for a in asked):
        return ()
    words = []
    if python is not None:
        words.append(f"for Python {python}")
    if day is not None:
        words.append(f"on {day.isoformat()}")
    pins: list[Pin | None] = []
    for framework, version in zip(frameworks, asked, strict=True):
        if version is not None:
            release = framework.release(version)
            pins.append(Pin(framework.name, release, "pinned", f"{framework.slug}=={version}", day))
        elif not framework.releases:
            pins.append(None)  # no release list: judged at the version checked
        elif words:
            release = _newest(framework, python, day)
            reason = "+".join(w for w, on in (("python", python is not None), ("date", day is not None)) if on)
            pins.append(Pin(framework.name, release, reason, " ".join(words), day))
        else:
            pins.append(None)
    return tuple(pins)
