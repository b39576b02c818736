"""`fwcompare update` on recorded PyPI responses: what it proves, refuses and writes (never the network)."""

from __future__ import annotations

import datetime
import gc
import http.server
import json
import os
import socket
import sys
import threading
import time
import warnings
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar

import pytest

import fwcompare
from fwcompare import Registry
from fwcompare.cli import main
from fwcompare.model.releases import listed_until
from fwcompare.ops import registry_http
from fwcompare.ops.pypi_views import RefusedResponse
from fwcompare.ops.registry_http import HttpError, Response
from fwcompare.ops.update import Target, read_lists, update
from fwcompare.store import release_cache

RECORDED = Path(__file__).parent / "fixtures" / "pypi"
FLASK_SIMPLE = Path(__file__).parent / "fixtures" / "pypi-simple" / "flask.json"
TODAY = datetime.date(2026, 12, 6)
SIMPLE = "https://pypi.org/simple/{}/"
PROJECT = "https://pypi.org/pypi/{}/json"


def _recorded() -> dict[str, bytes]:
    return {
        SIMPLE.format("bottle"): (RECORDED / "bottle.simple.json").read_bytes(),
        PROJECT.format("bottle"): (RECORDED / "bottle.project.json").read_bytes(),
        SIMPLE.format("flask"): FLASK_SIMPLE.read_bytes(),
        PROJECT.format("flask"): (RECORDED / "flask.project.json").read_bytes(),
    }


def _stale_bottle_index(keep_serial: bool = False) -> bytes:
    """The recorded index as it was before 0.13.5 was uploaded: what the 2026-12-01 refresh must have read."""
    index = json.loads((RECORDED / "bottle.simple.json").read_bytes())
    index["files"] = [f for f in index["files"] if "0.13.5" not in f["filename"]]
    index["versions"] = [v for v in index["versions"] if v != "0.13.5"]
    if not keep_serial:
        index["meta"]["_last-serial"] = str(int(index["meta"]["_last-serial"]) - 1)
    return json.dumps(index).encode()


class Replay:
    """A transport answering from recorded bodies; a list of answers is served in turn (the last repeats)."""

    def __init__(self, answers: Mapping[str, bytes | Response | Exception | list[bytes | Response | Exception]]):
        self.answers = dict(answers)
        self.asked: list[tuple[str, dict[str, str]]] = []

    def __call__(self, url: str, headers: Mapping[str, str], timeout: float) -> Response:
        self.asked.append((url, dict(headers)))
        if url not in self.answers:
            raise HttpError(url, 404, "Not Found")
        answer = self.answers[url]
        if isinstance(answer, list):
            answer = answer.pop(0) if len(answer) > 1 else answer[0]
        if isinstance(answer, Exception):
            raise answer
        return answer if isinstance(answer, Response) else Response(200, answer)


def _targets(*slugs: str) -> list[Target]:
    from fwcompare.store.releases import list_document

    return [Target(s, s, list_document(s)) for s in slugs]


def _bundled(slug: str) -> dict[str, Any]:
    """The list as bundled, whatever the cache holds."""
    from fwcompare.store.resources import read_bundled

    document: dict[str, Any] = json.loads(read_bundled("releases", f"{slug}.json"))
    return document


def _read_from_cache(releases: object) -> bool:
    source = getattr(releases, "source", None)
    return source is not None and "checked against" in source.title


def _registry() -> Registry:
    return Registry([], plugins=False)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    from fwcompare.store.releases import list_document, releases

    folder = tmp_path / "cache"
    monkeypatch.setenv("FWCOMPARE_CACHE_DIR", str(folder))
    list_document.cache_clear()
    releases.cache_clear()
    yield folder
    list_document.cache_clear()
    releases.cache_clear()


def _only(*slugs: str) -> Registry:
    class Some(Registry):
        def frameworks(self) -> tuple[fwcompare.Framework, ...]:
            return tuple(f for f in super().frameworks() if f.slug in slugs)

    return Some([], plugins=False)


def _no_wait(seconds: float) -> None:
    pass


def test_the_recorded_responses_add_bottle_0_13_5_to_the_list_of_2026_12_01() -> None:
    as_of_december_first = _bundled("bottle")
    as_of_december_first["releases"] = [r for r in as_of_december_first["releases"] if r["version"] != "0.13.5"]
    [read] = read_lists([Target("bottle", "bottle", as_of_december_first)], transport=Replay(_recorded()), today=TODAY)
    assert (read.update.outcome, read.update.added, read.update.latest) == ("updated", ("0.13.5",), "0.13.5")
    assert read.update.compared == (
        "the simple index and the project JSON agree: 86 versions, 107 files, newest 0.13.5, serial 29627844"
    )
    assert read.document is not None
    assert read.document["releases"][-1] == {
        "version": "0.13.5",
        "date": "2026-11-28",
        "requires_python": None,
        "yanked": False,
    }


def test_an_update_writes_the_cache_and_answers_read_it(cache: Path) -> None:
    report = update(registry=_only("bottle", "flask"), transport=Replay(_recorded()), today=TODAY)
    bottle, flask = report.lists
    assert (bottle.outcome, bottle.latest) == ("unchanged", "0.13.5")  # the bundled list has it since 2026-12-06
    assert (flask.outcome, flask.added, flask.latest) == ("unchanged", (), "3.1.3")
    assert report.requests == 4
    assert report.bytes_downloaded == sum(len(b) for b in _recorded().values())
    assert "Release lists read 2026-12-06: 2 of 2 written" in str(report)
    written = json.loads((cache / "releases" / "bottle.json").read_text())
    assert written["fetched"] == "2026-12-06"
    assert written["checked_against"] == "https://pypi.org/pypi/bottle/json"
    # Answers now read the cached list, and its read date.
    framework = _registry().get("bottle")
    assert _read_from_cache(framework.releases)
    assert str(framework.releases[-1].version) == "0.13.5"
    assert listed_until(framework.releases) == TODAY


def test_a_stale_index_is_refused_naming_both_views_and_nothing_is_stamped(cache: Path) -> None:
    answers = _recorded() | {SIMPLE.format("bottle"): _stale_bottle_index()}
    report = update(registry=_only("bottle"), transport=Replay(answers), today=TODAY)
    [bottle] = report.failed
    assert bottle.outcome == "refused"
    assert bottle.error is not None
    assert "the simple index (https://pypi.org/simple/bottle/) is at serial 29627843" in bottle.error
    assert "the project JSON (https://pypi.org/pypi/bottle/json) at 29627844: one of them is stale" in bottle.error
    assert not (cache / "releases" / "bottle.json").exists()
    # The answers still read the bundled list, with its own read date.
    releases = _registry().get("bottle").releases
    assert not _read_from_cache(releases)
    assert listed_until(releases) == datetime.date.fromisoformat(_bundled("bottle")["fetched"])


def test_a_stale_index_with_the_same_serial_is_refused_by_its_versions() -> None:
    answers = _recorded() | {SIMPLE.format("bottle"): _stale_bottle_index(keep_serial=True)}
    [read] = read_lists(_targets("bottle"), transport=Replay(answers), today=TODAY)
    assert read.document is None
    assert read.update.error == (
        "the simple index (https://pypi.org/simple/bottle/) and the project JSON (https://pypi.org/pypi/bottle/json) "
        "list different versions (only in the JSON: 0.13.5)"
    )


def test_a_stale_project_json_is_refused_too() -> None:
    project = json.loads(_recorded()[PROJECT.format("bottle")])
    project["info"]["version"] = "0.13.4"
    del project["releases"]["0.13.5"]
    answers = _recorded() | {PROJECT.format("bottle"): json.dumps(project).encode()}
    [read] = read_lists(_targets("bottle"), transport=Replay(answers), today=TODAY)
    assert read.update.outcome == "refused"
    assert "only in the index: 0.13.5" in str(read.update.error)


def test_a_newest_version_the_views_disagree_on_is_refused() -> None:
    project = json.loads(_recorded()[PROJECT.format("bottle")])
    project["info"]["version"] = "0.13.4"
    answers = _recorded() | {PROJECT.format("bottle"): json.dumps(project).encode()}
    [read] = read_lists(_targets("bottle"), transport=Replay(answers), today=TODAY)
    assert "names 0.13.4 as the newest release, the simple index (https://pypi.org/simple/bottle/) 0.13.5" in str(
        read.update.error
    )


def _bottle_index(change: object) -> bytes:
    index = json.loads((RECORDED / "bottle.simple.json").read_bytes())
    assert callable(change)
    change(index)
    return json.dumps(index).encode()


def _set_file(key: str, value: object) -> object:
    def change(index: dict[str, list[dict[str, object]]]) -> None:
        index["files"][-1][key] = value

    return change


@pytest.mark.parametrize(
    ("body", "refusal"),
    [
        (b'{"files": [{"filename": "bottle-0.1', "simple index https://pypi.org/simple/bottle/: not JSON"),
        (b"[1, 2]", "expected a JSON object, got list"),
        (b'{"meta": {"api-version": "1.0"}, "files": []}', "'versions' missing or not a list (PEP 700)"),
        (b'{"files": {}, "versions": []}', "not a PEP 691 answer"),
        (_bottle_index(_set_file("upload-time", "yesterday")), "upload-time: 'yesterday' is not an ISO 8601 time"),
        (_bottle_index(_set_file("upload-time", "2031-01-01T00:00:00Z")), "uploaded 2031-01-01, after today"),
        (_bottle_index(_set_file("upload-time", 1764327221)), "upload-time: expected an upload time, got int"),
        (_bottle_index(_set_file("requires-python", [">=3"])), "requires-python: expected text or null"),
        (_bottle_index(_set_file("yanked", None)), "yanked: expected a boolean or a reason"),
        (_bottle_index(_set_file("filename", "bottle-9.9.9.tar.gz")), "only in the index: bottle-9.9.9.tar.gz"),
    ],
)
def test_a_hostile_or_truncated_index_is_refused_by_name(body: bytes, refusal: str) -> None:
    answers = _recorded() | {SIMPLE.format("bottle"): body}
    [read] = read_lists(_targets("bottle"), transport=Replay(answers), today=TODAY)
    assert read.update.outcome == "refused"
    assert refusal in str(read.update.error)
    assert read.document is None


@pytest.mark.parametrize(
    ("project", "refusal"),
    [
        ({"info": {"version": "0.13.5"}}, "'releases' missing or not an object"),
        ({"info": {"version": "not a version"}, "releases": {}}, "info.version: 'not a version' is not a PEP 440"),
        ({"info": {"version": 13}, "releases": {}}, "info.version: expected a version string, got int"),
        ({"info": {"version": "0.13.5"}, "releases": {"0.13.5": {}}}, "releases['0.13.5']: expected a list of files"),
        ({"info": {"version": "0.13.5"}, "releases": {}, "last_serial": "x"}, "expected a serial number, got 'x'"),
    ],
)
def test_a_hostile_project_json_is_refused_by_name(project: dict[str, object], refusal: str) -> None:
    answers = _recorded() | {PROJECT.format("bottle"): json.dumps(project).encode()}
    [read] = read_lists(_targets("bottle"), transport=Replay(answers), today=TODAY)
    assert read.update.outcome == "refused"
    assert refusal in str(read.update.error)


def test_a_pre_release_named_newest_while_finals_exist_is_refused() -> None:
    project = json.loads(_recorded()[PROJECT.format("bottle")])
    project["info"]["version"] = "0.14.dev0"
    answers = _recorded() | {PROJECT.format("bottle"): json.dumps(project).encode()}
    [read] = read_lists(_targets("bottle"), transport=Replay(answers), today=TODAY)
    assert "names 0.14.dev0 as the newest release" in str(read.update.error)


def test_a_500_is_tried_again_with_backoff_and_then_succeeds() -> None:
    waits: list[float] = []
    error = HttpError(SIMPLE.format("flask"), 500, "Internal Server Error")
    transport = Replay(_recorded() | {SIMPLE.format("flask"): [error, error, FLASK_SIMPLE.read_bytes()]})
    [read] = read_lists(_targets("flask"), transport=transport, today=TODAY, sleep=waits.append)
    assert read.update.outcome == "unchanged"
    assert read.requests == 4
    assert waits == [0.5, 1.0]


def test_a_500_that_lasts_leaves_the_list_unreachable_after_three_tries() -> None:
    error = HttpError(SIMPLE.format("flask"), 500, "Internal Server Error")
    transport = Replay(_recorded() | {SIMPLE.format("flask"): error})
    [read] = read_lists(_targets("flask"), transport=transport, today=TODAY, sleep=_no_wait)
    assert read.update.outcome == "unreachable"
    assert read.update.error == "https://pypi.org/simple/flask/: HTTP 500 Internal Server Error"
    assert [url for url, _ in transport.asked] == [SIMPLE.format("flask")] * 3


def test_a_404_is_not_tried_again() -> None:
    transport = Replay({SIMPLE.format("flask"): HttpError(SIMPLE.format("flask"), 404, "Not Found")})
    [read] = read_lists(_targets("flask"), transport=transport, today=TODAY, sleep=_no_wait)
    assert read.update.outcome == "unreachable"
    assert len(transport.asked) == 1


def test_a_name_that_is_no_pypi_project_is_never_put_in_a_url() -> None:
    transport = Replay({})
    [read] = read_lists([Target("evil", "../../admin?x=1")], transport=transport, today=TODAY)
    assert read.update.outcome == "refused"
    assert read.update.error == "'../../admin?x=1' is not a PyPI project name"
    assert transport.asked == []


def test_no_answer_at_all_is_one_error_and_the_cache_is_unchanged(cache: Path) -> None:
    (cache / "releases").mkdir(parents=True)
    (cache / "releases" / "flask.json").write_text("previous", encoding="utf-8")
    down = HttpError("https://pypi.org/", 0, "cannot connect: [Errno -3] Temporary failure in name resolution")
    transport = Replay(dict.fromkeys(_recorded(), down))
    with pytest.raises(fwcompare.UpdateError, match=r"^cannot reach PyPI: .*name resolution; the cache is unchanged$"):
        update(registry=_only("bottle", "flask"), transport=transport, today=TODAY)
    assert (cache / "releases" / "flask.json").read_text(encoding="utf-8") == "previous"


def test_offline_is_one_line_and_exit_status_2(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--no-plugins", "update", "--offline"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == ("fwcompare: error: update reads PyPI and --offline forbids the network: the cache is unchanged\n")
    assert not cache.exists()


def test_the_command_without_a_network_is_one_line_and_exit_status_2(
    cache: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(url: str, headers: Mapping[str, str], timeout: float) -> Response:
        raise HttpError(url, 0, "cannot connect: no network in tests")

    monkeypatch.setattr(registry_http, "urllib_transport", refuse)
    monkeypatch.setattr(time, "sleep", _no_wait)
    assert main(["--no-plugins", "update"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.splitlines()) == 1
    assert err.startswith("fwcompare: error: cannot reach PyPI: https://pypi.org/simple/")


def test_the_command_reports_each_list_and_exits_1_when_one_is_refused(
    cache: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = _recorded() | {SIMPLE.format("bottle"): _stale_bottle_index()}
    replay = Replay(answers)

    def transport(url: str, headers: Mapping[str, str], timeout: float) -> Response:
        if url not in answers:
            raise HttpError(url, 404, "Not Found")
        return replay(url, headers, timeout)

    monkeypatch.setattr(registry_http, "urllib_transport", transport)
    assert main(["--no-plugins", "update", "--workers", "2"]) == 1
    out, err = capsys.readouterr()
    assert "bottle: refused: the simple index (https://pypi.org/simple/bottle/) is at serial 29627843" in out
    assert "flask: no new release; latest 3.1.3 (the simple index and the project JSON agree" in out
    assert err.startswith("fwcompare: error: 23 list(s) not updated, left as they were: aiohttp, blacksheep, bottle")
    assert json.loads((cache / "releases" / "flask.json").read_text())["fetched"] == datetime.date.today().isoformat()


def test_conditional_requests_send_the_saved_validators_and_a_304_keeps_the_proved_list(cache: Path) -> None:
    answers = {
        SIMPLE.format("flask"): Response(200, FLASK_SIMPLE.read_bytes(), '"s1"', "Sat, 05 Dec 2026 10:00:00 GMT"),
        PROJECT.format("flask"): Response(200, _recorded()[PROJECT.format("flask")], '"j1"'),
    }
    update(registry=_only("flask"), transport=Replay(answers), today=TODAY)
    first = json.loads((cache / "releases" / "flask.json").read_text())
    later = TODAY + datetime.timedelta(days=3)
    again = Replay(dict.fromkeys(answers, Response(304, b"")))
    report = update(registry=_only("flask"), transport=again, today=later)
    assert again.asked[0][1]["If-None-Match"] == '"s1"'
    assert again.asked[0][1]["If-Modified-Since"] == "Sat, 05 Dec 2026 10:00:00 GMT"
    assert again.asked[1][1] == {"If-None-Match": '"j1"'}
    [flask] = report.lists
    assert (flask.outcome, flask.latest, report.bytes_downloaded) == ("not modified", "3.1.3", 0)
    second = json.loads((cache / "releases" / "flask.json").read_text())
    assert second == first | {"fetched": later.isoformat()}


def test_one_view_modified_reads_both_afresh() -> None:
    turns: list[bytes | Response | Exception] = [Response(304, b""), FLASK_SIMPLE.read_bytes()]
    answers: dict[str, bytes | Response | Exception | list[bytes | Response | Exception]] = dict(_recorded())
    answers[SIMPLE.format("flask")] = turns
    transport = Replay(answers)
    previous = {"validators": {"simple": {"etag": '"s1"'}}, "releases": []}
    [read] = read_lists([Target("flask", "flask", previous)], transport=transport, today=TODAY)
    assert read.update.outcome == "updated"
    assert [url for url, _ in transport.asked] == [
        SIMPLE.format("flask"),
        PROJECT.format("flask"),
        SIMPLE.format("flask"),
    ]


def test_progress_is_called_once_per_list() -> None:
    seen: list[tuple[int, int, str]] = []
    read_lists(
        _targets("bottle", "flask"), transport=Replay(_recorded()), today=TODAY, progress=lambda *a: seen.append(a)
    )
    assert sorted(seen) == [(1, 2, seen[0][2]), (2, 2, seen[1][2])]
    assert {s[2] for s in seen} == {"bottle", "flask"}


# The cache as answers read it.


def _cached(folder: Path, slug: str, **changes: object) -> None:
    document = {
        "format": 1,
        "distribution": slug,
        "source": f"https://pypi.org/simple/{slug}/",
        "checked_against": f"https://pypi.org/pypi/{slug}/json",
        "fetched": _bundled(slug)["fetched"],
        "releases": [{"version": "0.4.3", "date": "2009-07-07", "requires_python": None, "yanked": False}],
    } | changes
    (folder / "releases").mkdir(parents=True, exist_ok=True)
    (folder / "releases" / f"{slug}.json").write_text(json.dumps(document), encoding="utf-8")


@pytest.mark.parametrize(
    "changes",
    [
        {"fetched": "2026-11-05"},  # read before the bundled list
        {"distribution": "bottle-fork"},  # another distribution
        {"format": 2},
        {"fetched": "soon"},
        {"fetched": "2099-01-01"},
        {"releases": [{"version": "x y", "date": "2026-11-28", "requires_python": None, "yanked": False}]},
        {"releases": [{"version": "1.0", "date": "2026-11-28", "requires_python": None, "yanked": "no"}]},
        {"releases": "all"},
    ],
)
def test_a_cached_list_that_is_older_or_malformed_is_ignored(cache: Path, changes: dict[str, object]) -> None:
    _cached(cache, "bottle", **changes)
    releases = _registry().get("bottle").releases
    assert not _read_from_cache(releases)
    assert len(releases) == len(_bundled("bottle")["releases"])


def test_an_unreadable_cache_is_ignored(cache: Path) -> None:
    (cache / "releases").mkdir(parents=True)
    (cache / "releases" / "bottle.json").write_bytes(b"\xff\xfe{")
    assert len(_registry().get("bottle").releases) == len(_bundled("bottle")["releases"])


def test_a_valid_newer_cached_list_is_read_instead_of_the_bundled_one(cache: Path) -> None:
    _cached(cache, "bottle")  # read the same day as the bundled one
    releases = _registry().get("bottle").releases
    assert [str(r.version) for r in releases] == ["0.4.3"]
    source = getattr(releases, "source", None)
    assert source is not None
    assert "checked against https://pypi.org/pypi/bottle/json" in source.title


def test_a_write_that_fails_leaves_the_previous_file_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "releases" / "flask.json"
    release_cache.write_atomic(path, "previous")

    def killed(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", killed)
    with pytest.raises(KeyboardInterrupt):
        release_cache.write_atomic(path, "half of the new one")
    assert path.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in path.parent.iterdir()] == ["flask.json"]


def test_the_cache_directory_follows_the_platform(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("FWCOMPARE_CACHE_DIR", str(tmp_path / "mine"))
    assert release_cache.cache_dir() == tmp_path / "mine"
    monkeypatch.delenv("FWCOMPARE_CACHE_DIR")
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert release_cache.cache_dir() == tmp_path / "xdg" / "fwcompare"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # invalid by the XDG spec: ignored
    assert release_cache.cache_dir() == Path.home() / ".cache" / "fwcompare"
    monkeypatch.setattr(sys, "platform", "darwin")
    assert release_cache.cache_dir() == Path.home() / "Library" / "Caches" / "fwcompare"
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "local"))
    assert release_cache.cache_dir() == tmp_path / "local" / "fwcompare" / "Cache"


# The standard library's transport, against a server on this machine.


class _Handler(http.server.BaseHTTPRequestHandler):
    answers: ClassVar[dict[str, tuple[int, dict[str, str], bytes]]] = {}

    def do_GET(self) -> None:
        status, headers, body = self.answers[self.path]
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_the_urllib_transport_reads_a_body_and_its_validators(server: str) -> None:
    _Handler.answers = {"/ok": (200, {"ETag": '"abc"', "Content-Length": "2"}, b"{}")}
    assert registry_http.urllib_transport(server + "/ok", {}, 5) == Response(200, b"{}", '"abc"', None)


def test_the_urllib_transport_sees_a_truncated_body(server: str) -> None:
    _Handler.answers = {"/cut": (200, {"Content-Length": "40915"}, b'{"files": [')}
    with pytest.raises(HttpError, match="truncated body: 11 of 40915 bytes") as caught:
        registry_http.urllib_transport(server + "/cut", {}, 5)
    assert caught.value.transient


def test_the_urllib_transport_refuses_an_oversized_body(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry_http, "MAX_BODY", 16)
    _Handler.answers = {"/big": (200, {}, b"x" * 100)}
    with pytest.raises(RefusedResponse, match="body over 0 MiB, not read further"):
        registry_http.urllib_transport(server + "/big", {}, 5)


def test_the_urllib_transport_reports_a_500_and_a_304(server: str) -> None:
    _Handler.answers = {"/500": (500, {}, b"oops"), "/304": (304, {"ETag": '"abc"'}, b"")}
    with pytest.raises(HttpError, match="HTTP 500") as caught:
        registry_http.urllib_transport(server + "/500", {}, 5)
    assert caught.value.transient
    assert registry_http.urllib_transport(server + "/304", {"If-None-Match": '"abc"'}, 5).status == 304


def test_the_urllib_transport_times_out_on_a_server_that_never_answers() -> None:
    with socket.socket() as listening:  # accepts connections (the kernel's backlog), never answers
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        url = f"http://127.0.0.1:{listening.getsockname()[1]}/slow"
        # urllib leaves the connection of a response that timed out to the garbage collector.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            with pytest.raises(HttpError, match="timed out") as caught:
                registry_http.urllib_transport(url, {}, 0.05)
            gc.collect()
    assert caught.value.status == 0
    assert caught.value.transient


# Every answer says when its release data was read.


def test_the_read_note_names_days_and_says_how_to_refresh_once_old() -> None:
    from fwcompare.render.freshness import releases_read_note

    day = datetime.date(2026, 12, 1)
    assert releases_read_note([("flask", day), ("django", day)], today=day) == "Release lists read 2026-12-01."
    assert releases_read_note([("flask", day), ("x", None)], today=day + datetime.timedelta(days=30)) == (
        "Release lists read 2026-12-01."
    )
    assert releases_read_note([("flask", datetime.date(2026, 11, 24)), ("django", day)], today=day) == (
        "Release lists read 2026-12-01 (django), 2026-11-24 (flask)."
    )
    assert releases_read_note([("flask", day)], today=day + datetime.timedelta(days=31)) == (
        "Release lists read 2026-12-01. That is 31 days ago: run 'fwcompare update' to re-read them from PyPI."
    )
    assert releases_read_note([("plugin", None)]) == ""


def test_releases_and_compare_say_when_the_lists_were_read_and_how_to_refresh(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from fwcompare.render import freshness

    read = datetime.date.fromisoformat(_bundled("flask")["fetched"])
    assert read == datetime.date.fromisoformat(_bundled("bottle")["fetched"])
    monkeypatch.setattr(freshness, "_today", lambda: read + datetime.timedelta(days=30))
    assert main(["--no-plugins", "releases", "flask", "bottle", "--width", "200"]) == 0
    out = capsys.readouterr().out
    assert out.endswith(f"Release lists read {read}.\n")
    monkeypatch.setattr(freshness, "_today", lambda: read + datetime.timedelta(days=97))
    assert main(["--no-plugins", "compare", "flask", "bottle", "--criteria", "orm", "--width", "200"]) == 0
    out = capsys.readouterr().out
    assert f"Release lists read {read}. That is 97 days ago: run 'fwcompare update' to re-read them" in out


def test_the_json_answers_carry_releases_read_per_framework(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--no-plugins", "releases", "flask", "--format", "json"]) == 0
    [entry] = json.loads(capsys.readouterr().out)["frameworks"]
    read = _bundled("flask")["fetched"]
    assert entry["releases_read"] == read
    checked = fwcompare.get("flask").checked.date.isoformat()
    assert entry["day"] == max(read, checked)  # judged on the newest day the data knows
    document = fwcompare.compare("flask", "bottle", criteria=["orm"]).to_dict()
    assert [f["releases_read"] for f in document["frameworks"]] == [read, _bundled("bottle")["fetched"]]


def test_after_an_update_releases_judges_on_the_day_it_was_read(
    cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    update(registry=_only("flask"), transport=Replay(_recorded()), today=TODAY)
    assert main(["--no-plugins", "releases", "flask", "--format", "json"]) == 0
    [entry] = json.loads(capsys.readouterr().out)["frameworks"]
    assert (entry["releases_read"], entry["day"], entry["supported"]) == ("2026-12-06", "2026-12-06", True)


def test_the_bundled_lists_hold_every_final_release_of_the_recorded_project_json() -> None:
    # The lists bundled are complete up to their read date, as the registry's second view says.
    from packaging.version import Version

    from fwcompare.store.releases import list_document

    for slug in ("bottle", "flask"):
        project = json.loads(_recorded()[PROJECT.format(slug)])
        document = list_document(slug)
        assert document is not None
        read = str(document["fetched"])
        listed = {r["version"] for r in document["releases"]}
        for version, files in project["releases"].items():
            uploaded = min((f["upload_time_iso_8601"][:10] for f in files), default=None)
            if files and not Version(version).is_prerelease and uploaded is not None and uploaded <= read:
                assert str(Version(version)) in listed, f"{slug} {version} uploaded {uploaded} is missing"


def test_progress_goes_to_a_terminal_only(
    cache: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    replay = Replay(_recorded())

    def transport(url: str, headers: Mapping[str, str], timeout: float) -> Response:
        if url not in replay.answers:
            raise HttpError(url, 404, "Not Found")
        return replay(url, headers, timeout)

    monkeypatch.setattr(registry_http, "urllib_transport", transport)
    assert main(["--no-plugins", "update"]) == 1
    assert "reading release lists" not in capsys.readouterr().err
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["--no-plugins", "update"]) == 1
    err = capsys.readouterr().err
    assert "\rreading release lists from PyPI: 24/24 (" in err
    assert err.count("\n") == 2  # the progress line, then the error


# The registry facts of the extensions.


def test_the_registry_facts_of_the_extensions_are_read_into_the_cache(cache: Path) -> None:
    sock = PROJECT.format("flask-sock")
    answers = _recorded() | {sock: (RECORDED / "flask-sock.project.json").read_bytes()}
    report = update(registry=_only("flask"), transport=Replay(answers), today=TODAY)
    assert report.extensions_read == 1  # the others are not among the recorded responses
    assert "extension Flask-SQLAlchemy: https://pypi.org/pypi/flask-sqlalchemy/json: HTTP 404 Not Found" in str(report)
    written = json.loads((cache / "extensions.json").read_text())
    assert written["read"] == "2026-12-06"
    # The figures the bundled health file keeps, as the registry gives them today.
    assert written["extensions"]["flask-sock"] == {
        "latest_version": "0.7.0",
        "latest_upload": "2023-10-02",
        "releases": 14,
        "yanked": False,
        "project_status": None,
        "source": sock,
    }
    assert not update(registry=_only("flask"), transport=Replay(answers), today=TODAY, extensions=False).extensions_read


def test_hostile_registry_facts_of_an_extension_are_refused_by_name() -> None:
    from fwcompare.ops.extension_facts import registry_facts

    sock = json.loads((RECORDED / "flask-sock.project.json").read_bytes())
    sock["releases"]["0.7.0"][0]["upload_time_iso_8601"] = "last week"
    with pytest.raises(RefusedResponse, match="upload time 'last week' is not ISO 8601"):
        registry_facts(json.dumps(sock).encode(), "https://pypi.org/pypi/flask-sock/json")
    sock["info"]["version"] = ["0.7.0"]
    with pytest.raises(RefusedResponse, match=r"info\.version: expected a version string, got list"):
        registry_facts(json.dumps(sock).encode(), "https://pypi.org/pypi/flask-sock/json")
