"""The registry facts of the named extensions, re-read by ``fwcompare update`` into the cache.

For each extension of the bundled health file (``data/extensions.json``) the
project JSON gives the figures that file keeps from the registry: the latest
version and the day it was uploaded, the number of releases with files, the
project status (PEP 792) and whether the latest release was yanked. They are
written, with the day read, to ``extensions.json`` in the cache directory
(`write_extension_facts`); the install runs of the health file are not
redone here (``tasks/extension_health.py`` does them).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .registry_http import Transport

__all__ = ["extension_names", "read_extension_facts", "registry_facts", "write_extension_facts"]


def extension_names() -> list[str]:
    """The PyPI names of the extensions the bundled health file follows."""
    from ..store.resources import read_bundled

    document = json.loads(read_bundled("extensions.json"))
    return sorted({str(item["pypi"]) for item in document["extensions"] if item.get("pypi")})


def registry_facts(body: bytes, url: str) -> dict[str, Any]:
    """The figures kept from one project JSON, each checked; `RefusedResponse` naming the fault."""
    from .pypi_views import RefusedResponse, parse_project

    project = parse_project(body, url)  # checks info.version and every release's files
    data = json.loads(body)
    files = data["releases"].get(data["info"]["version"]) or []
    uploads = []
    for f in files:
        text = f.get("upload_time_iso_8601")
        try:
            uploads.append(datetime.datetime.fromisoformat(str(text).replace("Z", "+00:00")).date())
        except ValueError:
            raise RefusedResponse(f"project JSON {url}: upload time {str(text)[:40]!r} is not ISO 8601") from None
    status = data["info"].get("project_status") or data.get("project-status")
    if isinstance(status, dict):
        status = status.get("status")
    if status is not None and not isinstance(status, str):
        raise RefusedResponse(f"project JSON {url}: project status is not text")
    return {
        "latest_version": str(project.latest),
        "latest_upload": min(uploads).isoformat() if uploads else None,
        "releases": sum(1 for v in data["releases"].values() if v),
        "yanked": bool(files) and all(f.get("yanked") is True for f in files),
        "project_status": status,
        "source": url,
    }


def read_extension_facts(
    names: Sequence[str],
    *,
    transport: Transport,
    workers: int,
    sleep: Callable[[float], None],
) -> tuple[dict[str, dict[str, Any]], dict[str, str], int, int]:
    """Read *names* in parallel: (facts by name, error by name, requests, bytes)."""
    from concurrent.futures import ThreadPoolExecutor

    from .pypi_views import JSON_URL, RefusedResponse, distribution_name
    from .registry_http import HttpError, get

    def one(name: str) -> tuple[str, dict[str, Any] | None, str | None, int, int]:
        try:
            url = JSON_URL.format(distribution_name(name))
            response, tries = get(url, {}, transport, sleep=sleep)
            return name, registry_facts(response.body, url), None, tries, len(response.body)
        except (HttpError, RefusedResponse, ValueError) as error:
            return name, None, str(error), 0, 0

    facts: dict[str, dict[str, Any]] = {}
    errors: dict[str, str] = {}
    requests = downloaded = 0
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for name, found, error, tries, size in pool.map(one, names):
            requests, downloaded = requests + tries, downloaded + size
            if found is not None:
                facts[name] = found
            else:
                errors[name] = str(error)
    return facts, errors, requests, downloaded


def write_extension_facts(folder: Path, facts: dict[str, dict[str, Any]], day: datetime.date) -> None:
    """Write *facts* to ``extensions.json`` in *folder*, atomically, with the day read."""
    from ..store.release_cache import write_atomic

    document = {"format": 1, "registry": "https://pypi.org", "read": day.isoformat(), "extensions": facts}
    write_atomic(folder / "extensions.json", json.dumps(document, indent=1, sort_keys=True) + "\n")
