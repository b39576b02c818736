"""The per-user cache of release lists that ``fwcompare update`` writes, and how it is read.

The cache lives in the platform's cache directory (`cache_dir`): one file per
framework, ``releases/SLUG.json``, in the bundled lists' format plus what the
update proved (``checked_against``: the second view of the registry the list
agreed with) and the validators of its two requests, for conditional requests.

Reading never touches the network. A cached list is used instead of the
bundled one only when it is valid, names the same distribution and was read
on the same day or later (`newer_list`); absent, unreadable, malformed or
older, it is ignored and the bundled list answers. Writes are atomic
(`write_atomic`): a killed update leaves the previous file whole.
"""

from __future__ import annotations

import datetime
import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = [
    "CACHE_DIR_ENV",
    "CACHE_FORMAT",
    "MAX_CACHE_FILE",
    "cache_dir",
    "cached_list",
    "newer_list",
    "release_items",
    "write_atomic",
]

CACHE_DIR_ENV = "FWCOMPARE_CACHE_DIR"
"""The environment variable naming the cache directory, instead of the platform's."""

CACHE_FORMAT = 1
"""The version of the cache files' format; a file of another version is ignored."""

MAX_CACHE_FILE = 8 * 1024 * 1024
"""The largest cache file read, in bytes (Django's list, the longest, is under 60 kB)."""


def cache_dir() -> Path:
    """The directory fwcompare caches registry data in.

    ``$FWCOMPARE_CACHE_DIR`` when set; else the platform's per-user cache:
    ``%LOCALAPPDATA%\\fwcompare\\Cache`` on Windows, ``~/Library/Caches/fwcompare``
    on macOS, ``$XDG_CACHE_HOME/fwcompare`` (default ``~/.cache/fwcompare``) elsewhere.
    """
    override = os.environ.get(CACHE_DIR_ENV)
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "fwcompare" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "fwcompare"
    xdg = os.environ.get("XDG_CACHE_HOME")
    # The XDG spec: a relative path in $XDG_CACHE_HOME is invalid and is ignored.
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "fwcompare"


def release_items(raw: object, where: str) -> list[dict[str, Any]]:
    """Check a list of releases as the bundled files and the cache hold them; return it.

    Each item: ``version`` (a PEP 440 version), ``date`` (YYYY-MM-DD),
    ``requires_python`` (text or null), ``yanked`` (a boolean). Raises
    `ValueError` naming *where* and the first bad item.
    """
    from packaging.version import InvalidVersion, Version

    if not isinstance(raw, list):
        raise ValueError(f"{where}: expected a list of releases, got {type(raw).__name__}")
    for i, item in enumerate(raw):
        at = f"{where}[{i}]"
        if not isinstance(item, dict) or set(item) != {"version", "date", "requires_python", "yanked"}:
            raise ValueError(f"{at}: expected version, date, requires_python and yanked")
        try:
            Version(item["version"])
            datetime.date.fromisoformat(item["date"])
        except (InvalidVersion, TypeError, ValueError):
            raise ValueError(f"{at}: bad version or date ({item['version']!r}, {item['date']!r})") from None
        if not (item["requires_python"] is None or isinstance(item["requires_python"], str)):
            raise ValueError(f"{at}.requires_python: expected text or null")
        if not isinstance(item["yanked"], bool):
            raise ValueError(f"{at}.yanked: expected true or false")
    return raw


def cached_list(slug: str, directory: Path | None = None) -> dict[str, Any] | None:
    """The cached release list of *slug*, checked; ``None`` when absent, unreadable or malformed."""
    path = (directory or cache_dir()) / "releases" / f"{slug}.json"
    try:
        with path.open("rb") as f:
            text = f.read(MAX_CACHE_FILE + 1)
        if len(text) > MAX_CACHE_FILE:
            return None
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
            return None
        if not all(isinstance(data.get(k), str) for k in ("distribution", "source", "fetched")):
            return None
        fetched = datetime.date.fromisoformat(data["fetched"])
        # A day after today was not read: a clock set wrong or a file not ours.
        if fetched > datetime.date.today() + datetime.timedelta(days=1):
            return None
        release_items(data.get("releases"), "releases")
    except (OSError, ValueError, RecursionError):  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        return None
    return data


def newer_list(slug: str, bundled: Mapping[str, Any] | None, directory: Path | None = None) -> Mapping[str, Any] | None:
    """The release list to use for *slug*: the cached one when valid and read no earlier than *bundled*.

    A cached list of another distribution than the bundled one (the data moved
    to a new PyPI name) is ignored.
    """
    cached = cached_list(slug, directory)
    if cached is None:
        return bundled
    if bundled is not None:
        if cached["distribution"].lower() != str(bundled["distribution"]).lower():
            return bundled
        if cached["fetched"] < str(bundled["fetched"]):  # ISO dates compare as text
            return bundled
    return cached


def write_atomic(path: Path, text: str) -> None:
    """Write *text* to *path* (its folder made if need be) so that a reader sees the old file or the
    new one, never half of one (`fwcompare._files.write_atomically`)."""
    from .._files import write_atomically

    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(str(path), text)
