"""PyPI's two views of a project, each checked, then checked against each other.

A release list is read from the simple index (PEP 691's JSON form, with the
upload times of PEP 700): every file, so every release with its first upload
day, ``Requires-Python`` and yanked state. The project JSON
(``/pypi/NAME/json``) is a second view, served and cached apart: its
``releases`` keys, its files and its newest version (``info.version``) must
say the same, and both carry the project's serial. A list is proved complete
when the two agree (`cross_check`), not when its stamp is new: a stale page
of either view (a cache in front of the registry serving yesterday's index)
disagrees with the other and is refused, naming both.

Responses are untrusted: every field is checked for its type, a version that
is not PEP 440 or a date that is not ISO 8601 is refused by name
(`RefusedResponse`), never skipped silently, except legacy file names that
pip cannot install either.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Mapping
from typing import Any, NamedTuple

from packaging.utils import parse_sdist_filename, parse_wheel_filename
from packaging.version import InvalidVersion, Version

__all__ = [
    "JSON_URL",
    "MAX_BODY",
    "SIMPLE_ACCEPT",
    "SIMPLE_URL",
    "ProjectView",
    "RefusedResponse",
    "SimpleView",
    "cross_check",
    "distribution_name",
    "parse_project",
    "parse_simple",
    "previous_versions",
]

SIMPLE_URL = "https://pypi.org/simple/{}/"
JSON_URL = "https://pypi.org/pypi/{}/json"
SIMPLE_ACCEPT = "application/vnd.pypi.simple.v1+json"

MAX_BODY = 32 * 1024 * 1024
"""The largest response read, in bytes: aiohttp's project JSON, the largest of the 24, was 9.7 MB on 2026-12-06
(its simple index 4.8 MB; Django's project JSON 0.6 MB): room for years of releases, not for a flood."""

# PEP 508's project name; anything else (a plugin's "../x", a URL) is never put in a URL.
_NAME = re.compile(r"^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$", re.IGNORECASE)


class RefusedResponse(ValueError):
    """A registry response that is not what it must be; the message names the view and the fault."""


def distribution_name(name: str) -> str:
    """*name* normalised as the registry's URLs spell it (PEP 503); `ValueError` when it is no project name."""
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValueError(f"{name!r} is not a PyPI project name")
    return re.sub(r"[-_.]+", "-", name).lower()


class SimpleView(NamedTuple):
    """What the simple index says: the release list, every version (normalised) and file name, the serial."""

    releases: list[dict[str, Any]]
    versions: frozenset[str]
    filenames: frozenset[str]
    serial: int | None


class ProjectView(NamedTuple):
    """What the project JSON says: its newest version, every version, each file's release, the serial."""

    latest: Version
    versions: frozenset[str]
    owners: Mapping[str, str]
    serial: int | None

    @property
    def filenames(self) -> frozenset[str]:
        """Every file name of every release."""
        return frozenset(self.owners)


def _document(body: bytes, view: str) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):  # bad UTF-8 or JSON, a truncated body, nesting too deep
        raise RefusedResponse(f"{view}: not JSON (truncated or not the registry's answer)") from None
    if not isinstance(data, dict):
        raise RefusedResponse(f"{view}: expected a JSON object, got {type(data).__name__}")
    return data


def _version(text: object, where: str) -> Version:
    if not isinstance(text, str):
        raise RefusedResponse(f"{where}: expected a version string, got {type(text).__name__}")
    try:
        return Version(text)
    except InvalidVersion:
        raise RefusedResponse(f"{where}: {text[:80]!r} is not a PEP 440 version") from None


def _version_key(text: object, where: str) -> str:
    # The registry keeps versions of before PEP 440 ("2.0.0-final", CherryPy 2005): compared as written.
    if not isinstance(text, str) or not text or len(text) > 200:
        raise RefusedResponse(f"{where}: expected a version string, got {str(text)[:40]!r}")
    try:
        return str(Version(text))
    except InvalidVersion:
        return text


def _serial(value: object, where: str) -> int | None:
    if value is None:
        return None
    try:
        serial = int(str(value))
    except ValueError:
        raise RefusedResponse(f"{where}: expected a serial number, got {str(value)[:40]!r}") from None
    return serial


def _day(text: object, where: str, today: datetime.date) -> str:
    if not isinstance(text, str):
        raise RefusedResponse(f"{where}: expected an upload time, got {type(text).__name__}")
    try:
        day = datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        raise RefusedResponse(f"{where}: {text[:40]!r} is not an ISO 8601 time") from None
    if day > today + datetime.timedelta(days=1):  # a day's slack for time zones
        raise RefusedResponse(f"{where}: uploaded {day.isoformat()}, after today ({today.isoformat()})")
    return day.isoformat()


def _file_version(name: str) -> Version | None:
    try:
        if name.endswith(".whl"):
            return parse_wheel_filename(name)[1]
        if name.endswith((".tar.gz", ".zip")):
            return parse_sdist_filename(name)[1]
    except (ValueError, InvalidVersion):  # legacy names pip cannot install either
        return None
    # Eggs and .exe installers of the 2000s, which pip cannot install: a release with an
    # sdist is dated by it; one with nothing else (CherryPy 2.1.0, Falcon 0.0.1) is left out.
    return None


def _owner(owners: Mapping[str, str] | None, name: str) -> Version | None:
    key = None if owners is None else owners.get(name)
    if key is None or not name.endswith((".whl", ".tar.gz", ".zip")):
        return None
    try:
        return Version(key)
    except InvalidVersion:  # a release registered before PEP 440: its files' names say the version
        return None


def parse_simple(body: bytes, url: str, today: datetime.date, owners: Mapping[str, str] | None = None) -> SimpleView:
    """Check the simple index's JSON answer for one project; its release list, versions and files.

    A file's release is the one *owners* (the project JSON's file name to
    release) gives where that is a PEP 440 version, else the one its name
    says: "aiohttp-2.0.6-1.tar.gz" is a file of 2.0.6, not of a release "1";
    "CherryPy-2.0.0.tar.gz" of the release registered as "2.0.0-final" is 2.0.0.
    """
    view = f"simple index {url}"
    data = _document(body, view)
    meta = data.get("meta")
    if not isinstance(meta, dict) or str(meta.get("api-version", "")).split(".")[:1] != ["1"]:
        raise RefusedResponse(f"{view}: not a PEP 691 answer (meta.api-version 1.x missing)")
    raw_versions, files = data.get("versions"), data.get("files")
    if not isinstance(raw_versions, list):  # PEP 700 (api-version 1.1) lists every version
        raise RefusedResponse(f"{view}: 'versions' missing or not a list (PEP 700)")
    if not isinstance(files, list):
        raise RefusedResponse(f"{view}: 'files' missing or not a list")
    versions = frozenset(_version_key(v, f"{view}: versions[{i}]") for i, v in enumerate(raw_versions))
    by_version: dict[Version, dict[str, Any]] = {}
    names = []
    for i, file in enumerate(files):
        where = f"{view}: files[{i}]"
        if not isinstance(file, dict) or not isinstance(file.get("filename"), str):
            raise RefusedResponse(f"{where}: expected an object with a filename")
        name = file["filename"]
        names.append(name)
        where = f"{where} ({name[:80]})"
        day = _day(file.get("upload-time"), f"{where}.upload-time", today)
        requires = file.get("requires-python")
        if requires is not None and not isinstance(requires, str):
            raise RefusedResponse(f"{where}.requires-python: expected text or null")
        yanked = file.get("yanked", False)
        if not isinstance(yanked, (bool, str)):  # PEP 592: false, true, or the reason
            raise RefusedResponse(f"{where}.yanked: expected a boolean or a reason")
        version = _owner(owners, name) or _file_version(name)
        if version is None:
            continue
        entry = by_version.setdefault(version, {"date": day, "requires": set(), "yanked": True})
        entry["date"] = min(entry["date"], day)
        if requires:
            entry["requires"].add(requires)
        entry["yanked"] = entry["yanked"] and bool(yanked)
    releases = [
        {
            "version": str(v),
            "date": e["date"],
            "requires_python": sorted(e["requires"])[0] if e["requires"] else None,
            "yanked": e["yanked"],
        }
        for v, e in sorted(by_version.items())
    ]
    return SimpleView(releases, versions, frozenset(names), _serial(meta.get("_last-serial"), f"{view}: meta"))


def parse_project(body: bytes, url: str) -> ProjectView:
    """Check the project JSON's answer: its newest version, its releases' keys and files, its serial."""
    view = f"project JSON {url}"
    data = _document(body, view)
    info, releases = data.get("info"), data.get("releases")
    if not isinstance(info, dict):
        raise RefusedResponse(f"{view}: 'info' missing or not an object")
    if not isinstance(releases, dict):
        raise RefusedResponse(f"{view}: 'releases' missing or not an object")
    latest = _version(info.get("version"), f"{view}: info.version")
    owners: dict[str, str] = {}
    for key, files in releases.items():
        _version_key(key, f"{view}: releases key")
        if not isinstance(files, list) or not all(isinstance(f, dict) for f in files):
            raise RefusedResponse(f"{view}: releases[{key[:40]!r}]: expected a list of files")
        for f in files:
            if not isinstance(f.get("filename"), str):
                raise RefusedResponse(f"{view}: releases[{key[:40]!r}]: a file without a filename")
            owners[f["filename"]] = key
    versions = frozenset(_version_key(k, "") for k in releases)
    return ProjectView(latest, versions, owners, _serial(data.get("last_serial"), f"{view}: last_serial"))


def _some(items: frozenset[Any]) -> str:
    shown = sorted(items)[:5]
    return ", ".join(str(i) for i in shown) + (f" and {len(items) - 5} more" if len(items) > 5 else "")


def cross_check(simple: SimpleView, project: ProjectView, simple_url: str, project_url: str) -> str:
    """Raise `RefusedResponse` naming both views where they disagree; else say what agreed.

    Compared: the serials; the versions (the index's ``versions`` against the
    JSON's ``releases`` keys); the file names; and the JSON's newest version
    against the newest final, not yanked, release of the index's files.
    """
    a, b = f"the simple index ({simple_url})", f"the project JSON ({project_url})"
    if simple.serial is not None and project.serial is not None and simple.serial != project.serial:
        raise RefusedResponse(
            f"{a} is at serial {simple.serial} and {b} at {project.serial}: one of them is stale; try again later"
        )
    if simple.versions != project.versions:
        only_a, only_b = simple.versions - project.versions, project.versions - simple.versions
        parts = [
            f"only in the index: {_some(only_a)}" if only_a else "",
            f"only in the JSON: {_some(only_b)}" if only_b else "",
        ]
        raise RefusedResponse(f"{a} and {b} list different versions ({'; '.join(p for p in parts if p)})")
    if simple.filenames != project.filenames:
        only_a, only_b = simple.filenames - project.filenames, project.filenames - simple.filenames
        parts = [
            f"only in the index: {_some(only_a)}" if only_a else "",
            f"only in the JSON: {_some(only_b)}" if only_b else "",
        ]
        raise RefusedResponse(f"{a} and {b} list different files ({'; '.join(p for p in parts if p)})")
    listed = [Version(r["version"]) for r in simple.releases if not r["yanked"]]
    finals = [v for v in listed if not v.is_prerelease]
    newest = max(finals or listed, default=None)
    if newest != project.latest:
        raise RefusedResponse(f"{b} names {project.latest} as the newest release, {a} {newest}")
    return (
        f"the simple index and the project JSON agree: {len(simple.versions)} versions, "
        f"{len(simple.filenames)} files, newest {project.latest}"
        + (f", serial {simple.serial}" if simple.serial is not None else "")
    )


def previous_versions(document: Mapping[str, Any] | None) -> frozenset[str]:
    """The versions of a release list as bundled or cached (empty for none)."""
    if document is None:
        return frozenset()
    return frozenset(str(Version(r["version"])) for r in document["releases"])
