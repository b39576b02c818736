"""What sanic's probes share: the probe set and the helpers that build apps and make requests."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from fwcompare_probes import Observation, ProbeSet
from fwcompare_probes._search import names_containing, walked_modules

if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import TypeAlias

    from fwcompare_probes import ProbeFn

    # An ASGI message or scope, and one exchange: (scope, inbound messages).
    Message: TypeAlias = dict[str, Any]
    Exchange: TypeAlias = tuple[Message, list[Message]]

probes = ProbeSet("sanic")

probes.not_probeable = {}

_counter = itertools.count()


def _app() -> Any:
    """A fresh app with a unique name, without logging setup or TouchUp."""
    from sanic import Sanic

    app = Sanic(f"fwcompare_probe_{next(_counter)}", configure_logging=False)
    # TouchUp rewrites Sanic's own methods per app; a second app in the same
    # process then fails at startup, so turn it off (unknown key before 21.12).
    app.config.TOUCHUP = False
    return app


def _http_scope(path: str, method: str = "GET", headers: Iterable[tuple[bytes, bytes]] = ()) -> Message:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"probe.local"), *headers],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 80),
    }


def _ws_scope(path: str) -> Message:
    scope = _http_scope(path)
    del scope["method"]
    scope.update(type="websocket", scheme="ws", subprotocols=[])
    return scope


class _NoASGI(Exception):
    """The installed Sanic predates its ASGI interface (19.6)."""


def _serve(app: Any, exchanges: list[Exchange]) -> list[list[Message]]:
    """Start *app* through ASGI lifespan, run each (scope, inbound messages)
    exchange, shut down, and return the list of sent messages per exchange.

    Raises _NoASGI when the app is not an ASGI callable (Sanic < 19.6).
    """
    import asyncio
    import contextlib

    async def call(scope: Message, inbound: list[Message], sent: list[Message]) -> None:
        queue: asyncio.Queue[Message] = asyncio.Queue()
        for message in inbound:
            queue.put_nowait(message)
        closing: Message | None = (
            {"type": "http.disconnect"}
            if scope["type"] == "http"
            else ({"type": "websocket.disconnect", "code": 1000} if scope["type"] == "websocket" else None)
        )

        async def receive() -> Message:
            if queue.empty() and closing is not None:
                return closing
            return await queue.get()

        async def send(message: Message) -> None:
            if message.get("headers") is not None:
                message = dict(message, headers=list(message["headers"]))
            sent.append(message)

        try:
            await asyncio.wait_for(app(scope, receive, send), 5)
        except TypeError as exc:
            if "positional argument" in str(exc):
                raise _NoASGI(f"app(scope, receive, send) -> TypeError: {exc}") from exc
            raise

    async def lifespan_and_run() -> list[list[Message]]:
        lifespan_sent: list[Message] = []
        lifespan_queue: asyncio.Queue[Message] = asyncio.Queue()
        lifespan_queue.put_nowait({"type": "lifespan.startup"})

        async def lifespan_runner() -> None:
            # Some releases (21.x) handle only the first lifespan message and
            # then fail; requests still work, so those errors are ignored.
            async def receive() -> Message:
                return await lifespan_queue.get()

            async def send(message: Message) -> None:
                lifespan_sent.append(message)

            try:
                await app({"type": "lifespan", "asgi": {"version": "3.0"}}, receive, send)
            except TypeError as exc:
                if "positional argument" in str(exc):
                    raise _NoASGI(f"app(scope, receive, send) -> TypeError: {exc}") from exc
            except Exception:  # 21.x fails after startup, see above
                pass

        lifespan = asyncio.ensure_future(lifespan_runner())
        for _ in range(1000):
            if lifespan_sent or lifespan.done():
                break
            await asyncio.sleep(0)
        if lifespan.done():
            lifespan.result()  # re-raises _NoASGI
        results: list[list[Message]] = []
        for scope, inbound in exchanges:
            sent: list[Message] = []
            await call(scope, inbound, sent)
            for _ in range(5):  # let tasks scheduled by the handler run
                await asyncio.sleep(0)
            results.append(sent)
        lifespan_queue.put_nowait({"type": "lifespan.shutdown"})
        for _ in range(1000):
            if lifespan.done():
                break
            await asyncio.sleep(0)
        if not lifespan.done():  # some old releases never finish the lifespan call
            lifespan.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await lifespan
        return results

    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(lifespan_and_run())
    finally:
        loop.close()


def _needs_asgi(fn: ProbeFn) -> ProbeFn:
    """Report, instead of crashing, when the release cannot be driven in-process."""
    import functools

    @functools.wraps(fn)
    def wrapper() -> Observation:
        try:
            return fn()
        except _NoASGI as exc:
            return Observation(
                present=None,
                detail=f"not observable in-process on this release (no ASGI interface before 19.6): {exc}",
            )

    return wrapper


def _get(
    app: Any, *paths: str, method: str = "GET", body: bytes = b"", headers: Iterable[tuple[bytes, bytes]] = ()
) -> list[tuple[Any, Any, bytes]]:
    """(status, headers, body) for each path."""
    exchanges: list[Exchange] = [
        (_http_scope(p, method, headers), [{"type": "http.request", "body": body, "more_body": False}]) for p in paths
    ]
    out: list[tuple[Any, Any, bytes]] = []
    for sent in _serve(app, exchanges):
        start = next((m for m in sent if m["type"] == "http.response.start"), {})
        data = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
        out.append((start.get("status"), start.get("headers", []), data))
    return out


def _names(*words: str) -> list[str]:
    """Submodule names of sanic and public names of sanic, Sanic, Request and
    HTTPResponse containing one of *words* (case-insensitive)."""
    import sanic
    from sanic.request import Request
    from sanic.response import HTTPResponse

    found = {n for n in walked_modules("sanic") if any(w in n.lower() for w in words)}
    for holder in (sanic, sanic.Sanic, Request, HTTPResponse):
        found.update(names_containing(holder, *words))
    return sorted(found)


def _absent(words: tuple[str, ...], what: str, ignore: tuple[str, ...] = ()) -> Observation:
    found = [n for n in _names(*words) if n not in ignore]
    return Observation(
        present=bool(found),
        detail=f"searched sanic submodules and sanic/Sanic/Request/HTTPResponse names for "
        f"{words}: {found or 'no such names'} ({what})",
    )


def _ext_attr(app: Any) -> tuple[Any, str]:
    """What app.ext gives without Sanic Extensions installed."""
    try:
        ext = app.ext
    except (AttributeError, ImportError, RuntimeError) as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else ""
        return None, f"app.ext -> {type(exc).__name__}: {first_line}"
    return ext, f"app.ext -> {type(ext).__name__}"
