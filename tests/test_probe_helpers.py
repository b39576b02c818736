"""The helpers the probes share: WSGI and ASGI requests, module searches, probe tables."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from fwcompare_probes import Observation, ProbeSet
from fwcompare_probes._asgi import asgi_get
from fwcompare_probes._search import module_check, modules_named, modules_with_word, names_containing
from fwcompare_probes._wsgi import wsgi_get


def test_wsgi_get_builds_a_real_environ_and_closes_the_response() -> None:
    closed: list[bool] = []

    class Body(list[bytes]):
        def close(self) -> None:
            closed.append(True)

    def app(environ: dict[str, Any], start_response: Any) -> Any:
        seen = {
            k: environ.get(k) for k in ("REQUEST_METHOD", "PATH_INFO", "QUERY_STRING", "HTTP_COOKIE", "CONTENT_TYPE")
        }
        seen["body"] = environ["wsgi.input"].read(int(environ["CONTENT_LENGTH"])).decode()
        start_response("201 Created", [("X-One", "1")])
        return Body([json.dumps(seen).encode()])

    status, headers, body = wsgi_get(
        app, "/p?q=1", "POST", headers={"Cookie": "a=b", "Content-Type": "text/plain"}, body=b"hi"
    )
    assert (status, headers) == ("201 Created", [("X-One", "1")])
    assert json.loads(body) == {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/p",
        "QUERY_STRING": "q=1",
        "HTTP_COOKIE": "a=b",
        "CONTENT_TYPE": "text/plain",
        "body": "hi",
    }
    assert closed == [True]


def test_asgi_get_sends_disconnect_only_once_the_response_is_complete() -> None:
    received: list[str] = []

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        received.append((await receive())["type"])
        await send({"type": "http.response.start", "status": 200, "headers": []})
        waiting = asyncio.ensure_future(receive())  # an app watching for a disconnect while it streams
        for _ in range(3):
            await asyncio.sleep(0)  # yield to the loop: the watcher must still be waiting
        received.append("pending" if not waiting.done() else "answered early")
        await send({"type": "http.response.body", "body": b"ok", "more_body": False})
        received.append((await waiting)["type"])

    sent = asyncio.run(asgi_get(app, "/x?y=1"))
    assert received == ["http.request", "pending", "http.disconnect"]
    assert [m["type"] for m in sent] == ["http.response.start", "http.response.body"]


def test_the_searches_match_word_starts_and_names() -> None:
    names = ["pkg.cache", "pkg.web_caching", "pkg.cachet", "pkg.nocache", "pkg.sub.feeds"]
    assert modules_with_word(names, "cach") == ["pkg.cache", "pkg.web_caching", "pkg.cachet"]
    assert modules_named(names, "cach", "feed") == ["pkg.cache", "pkg.cachet", "pkg.sub.feeds"]

    class Holder:
        CacheControl = 1
        _cache = 2
        other = 3

    assert names_containing(Holder, "cache") == ["CacheControl"]
    assert module_check("json things", "json", "no_such_module_here") == Observation(
        present=True, detail="json things: modules found ['json']; not found ['no_such_module_here']"
    )


def test_register_each_registers_one_probe_per_row() -> None:
    probes = ProbeSet("x")

    def absent(words: tuple[str, ...], what: str) -> Observation:
        return Observation(present=False, detail=f"{words} {what}")

    probes.register_each(absent, {"admin": (("admin",), "no admin"), "orm": (("sql",), "no orm")})
    assert {k: fn() for k, fn in probes.probes.items()} == {
        "admin": Observation(present=False, detail="('admin',) no admin"),
        "orm": Observation(present=False, detail="('sql',) no orm"),
    }
