"""``fwcompare update``: re-read the release lists from PyPI, prove each, cache it.

For each framework (bundled, or a plugin's that names a PyPI distribution),
both views of the registry are read (`fwcompare.ops.pypi_views`): the list is
written only when they agree, so a stale page is refused instead of stamped
as new. Frameworks are read in parallel (`WORKERS` threads: a bound, so the
registry sees a polite client), each request timed out and retried
(`fwcompare.ops.registry_http`), conditional on the validators of the last
update when the registry sent any. Writes are atomic, one file per framework.

This is the one operation that uses the network. ``tasks/update_releases.py``
runs `read_lists` too, writing the bundled files instead of the cache.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .._errors import UpdateError
from ..model.updates import ListUpdate, UpdateReport

if TYPE_CHECKING:
    from ..registry import Registry
    from .registry_http import Response, Transport

__all__ = ["WORKERS", "ListRead", "Target", "read_lists", "update"]

WORKERS = 8
"""Frameworks read at once (two requests each, one after the other)."""

Progress = Callable[[int, int, str], None]
"""Called as each list is done: (lists done, lists in all, the slug just done)."""


class Target(NamedTuple):
    """A framework whose list to read: its slug, its PyPI distribution, the list used until now."""

    slug: str
    distribution: str
    previous: Mapping[str, Any] | None = None


class ListRead(NamedTuple):
    """One list read: the outcome, the document to write (``None``: nothing), requests made, bytes read."""

    update: ListUpdate
    document: dict[str, Any] | None
    requests: int
    bytes: int


def _validators(previous: Mapping[str, Any] | None, view: str) -> dict[str, str]:
    saved = previous.get("validators", {}).get(view, {}) if previous is not None else {}
    headers = {}
    if isinstance(saved, dict) and isinstance(saved.get("etag"), str):
        headers["If-None-Match"] = saved["etag"]
    if isinstance(saved, dict) and isinstance(saved.get("last_modified"), str):
        headers["If-Modified-Since"] = saved["last_modified"]
    return headers


def _read_one(target: Target, transport: Transport, today: datetime.date, sleep: Callable[[float], None]) -> ListRead:
    from packaging.version import Version

    from . import pypi_views as views
    from .registry_http import HttpError, get

    slug, previous = target.slug, target.previous
    requests = downloaded = 0

    def fetch(url: str, headers: dict[str, str]) -> Response:
        nonlocal requests, downloaded
        response, tries = get(url, headers, transport, sleep=sleep)
        requests += tries
        downloaded += len(response.body)
        return response

    try:
        name = views.distribution_name(target.distribution)
    except ValueError as error:
        return ListRead(ListUpdate(slug, str(target.distribution), "refused", error=str(error)), None, 0, 0)
    simple_url, json_url = views.SIMPLE_URL.format(name), views.JSON_URL.format(name)
    accept = {"Accept": views.SIMPLE_ACCEPT}
    try:
        simple = fetch(simple_url, accept | _validators(previous, "simple"))
        project = fetch(json_url, _validators(previous, "json"))
        if (simple.status == 304) != (project.status == 304):  # one view changed: prove afresh from both
            simple = simple if simple.status == 200 else fetch(simple_url, accept)
            project = project if project.status == 200 else fetch(json_url, {})
        if simple.status == 304 and previous is not None:
            document = dict(previous, fetched=today.isoformat())
            latest = max((Version(r["version"]) for r in previous["releases"] if not r["yanked"]), default=None)
            found = ListUpdate(slug, name, "not modified", latest=None if latest is None else str(latest))
            return ListRead(found, document, requests, downloaded)
        project_view = views.parse_project(project.body, json_url)
        simple_view = views.parse_simple(simple.body, simple_url, today, project_view.owners)
        compared = views.cross_check(simple_view, project_view, simple_url, json_url)
    except HttpError as error:
        return ListRead(ListUpdate(slug, name, "unreachable", error=str(error)), None, requests, downloaded)
    except views.RefusedResponse as error:
        return ListRead(ListUpdate(slug, name, "refused", error=str(error)), None, requests, downloaded)
    before = views.previous_versions(previous)
    now = frozenset(r["version"] for r in simple_view.releases)
    document = {
        "format": 1,
        "distribution": target.distribution,
        "source": simple_url,
        "checked_against": json_url,
        "fetched": today.isoformat(),
        "serial": simple_view.serial,
        "validators": {
            "simple": {"etag": simple.etag, "last_modified": simple.last_modified},
            "json": {"etag": project.etag, "last_modified": project.last_modified},
        },
        "releases": simple_view.releases,
    }
    added = tuple(sorted(now - before, key=Version)) if previous is not None else ()
    found = ListUpdate(
        slug,
        name,
        "updated" if added else "unchanged",
        latest=str(project_view.latest),
        added=added,
        removed=tuple(sorted(before - now, key=Version)),
        compared=compared,
    )
    return ListRead(found, document, requests, downloaded)


def read_lists(
    targets: Sequence[Target],
    *,
    transport: Transport | None = None,
    today: datetime.date | None = None,
    workers: int = WORKERS,
    progress: Progress | None = None,
    sleep: Callable[[float], None] | None = None,
) -> list[ListRead]:
    """Read and prove the release list of each of *targets*, in parallel; in the order given.

    Writes nothing: the caller writes each ``document`` that is not ``None``.
    *transport* defaults to the standard library's (`urllib_transport`);
    tests give one that replays recorded responses, and a *sleep* that does not wait.
    """
    import time
    from concurrent.futures import ThreadPoolExecutor, as_completed

    from .registry_http import urllib_transport

    day = today or datetime.date.today()
    send = transport or urllib_transport
    wait = sleep or time.sleep
    results: dict[int, ListRead] = {}
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(targets) or 1))) as pool:
        futures = {pool.submit(_read_one, t, send, day, wait): i for i, t in enumerate(targets)}
        for future in as_completed(futures):
            i = futures[future]
            results[i] = future.result()
            if progress is not None:
                progress(len(results), len(targets), targets[i].slug)
    return [results[i] for i in range(len(targets))]


def _targets(registry: Registry, folder: Path) -> list[Target]:
    from ..store.release_cache import newer_list
    from ..store.resources import read_bundled

    targets = []
    for framework in registry.frameworks():
        if not framework.pypi:
            continue
        try:
            bundled = json.loads(read_bundled("releases", f"{framework.slug}.json"))
        except OSError:  # a plugin's framework: only the cache may have its list
            bundled = None
        # The list used until now: the bundled one, or the cache's when newer.
        targets.append(Target(framework.slug, framework.pypi, newer_list(framework.slug, bundled, folder)))
    return targets


def update(
    *,
    registry: Registry | None = None,
    offline: bool = False,
    cache_dir: str | Path | None = None,
    transport: Transport | None = None,
    workers: int = WORKERS,
    progress: Callable[[int, int, str], None] | None = None,
    today: datetime.date | None = None,
    extensions: bool = True,
) -> UpdateReport:
    """Re-read every framework's release list from PyPI into the per-user cache; what it found.

    Each list is written only when PyPI's two views of the project (the simple
    index and the project JSON) agree on it; a list refused or unreachable is
    left as it was, and said so in the report (``report.failed``). Answers read
    a cached list in place of the bundled one when it was read later.

    *registry*: whose frameworks (default: the bundled ones and the plugins');
    *cache_dir*: where (default: ``$FWCOMPARE_CACHE_DIR``, else the platform's
    cache directory, which answers read); *workers*: frameworks read at once;
    *progress*: called with (lists done, lists in all, slug) as each is done;
    *extensions*: also re-read the registry facts of the extensions the
    bundled health file follows (latest version and its upload day, releases,
    project status) into ``extensions.json`` in the cache;
    *transport* and *today*: for tests (a function doing one GET; the day).

    Raises `UpdateError` when *offline*, or when no list could be read because
    the registry did not answer: the cache is then unchanged.

    >>> report = fwcompare.update()  # doctest: +SKIP
    >>> print(report)  # doctest: +SKIP
    bottle: 1 new release(s): 0.13.5; latest 0.13.5 (the simple index and the project JSON agree: ...)
    """
    from ..registry import default_registry
    from ..store import release_cache
    from ..store.releases import list_document, releases

    if offline:
        raise UpdateError("update reads PyPI and --offline forbids the network: the cache is unchanged")
    folder = Path(cache_dir) if cache_dir is not None else release_cache.cache_dir()
    targets = _targets(registry or default_registry(), folder)
    day = today or datetime.date.today()
    read = read_lists(targets, transport=transport, today=day, workers=workers, progress=progress)
    if read and all(r.update.outcome == "unreachable" for r in read):
        raise UpdateError(f"cannot reach PyPI: {read[0].update.error}; the cache is unchanged")
    for item in read:
        if item.document is not None:
            text = json.dumps(item.document, indent=1, ensure_ascii=True) + "\n"
            release_cache.write_atomic(folder / "releases" / f"{item.update.slug}.json", text)
    list_document.cache_clear()  # later questions in this process read what was just written
    releases.cache_clear()
    facts: dict[str, Any] = {}
    errors: dict[str, str] = {}
    extra_requests = extra_bytes = 0
    if extensions:
        import time

        from . import extension_facts
        from .registry_http import urllib_transport

        names = extension_facts.extension_names()
        facts, errors, extra_requests, extra_bytes = extension_facts.read_extension_facts(
            names, transport=transport or urllib_transport, workers=workers, sleep=time.sleep
        )
        if facts:
            extension_facts.write_extension_facts(folder, facts, day)
    return UpdateReport(
        cache_dir=folder,
        read_on=day,
        lists=tuple(r.update for r in read),
        requests=sum(r.requests for r in read) + extra_requests,
        bytes_downloaded=sum(r.bytes for r in read) + extra_bytes,
        extensions_read=len(facts),
        extension_errors=tuple(f"{name}: {error}" for name, error in sorted(errors.items())),
    )
