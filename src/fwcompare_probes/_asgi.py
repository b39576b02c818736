"""Helpers shared by the probes of ASGI frameworks (standard library only, Python 3.8+)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

__all__ = ["asgi_get", "asgi_websocket", "loop_running"]


def loop_running() -> bool:
    """Whether an event loop is running in this thread (then a probe cannot start one)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


async def asgi_get(
    app: Any,
    path: str = "/",
    method: str = "GET",
    headers: Iterable[tuple[bytes, bytes]] = (),
    body: bytes = b"",
) -> list[dict[str, Any]]:
    """Drive *app* through one ASGI 3 HTTP request; return the messages it sent.

    ``receive()`` gives the request (*body*, in one message), then waits until
    the app has sent the whole response and answers ``http.disconnect``, as a
    server does: an app that watches for a disconnect while it streams
    (Microdot's adapter) neither spins nor sees one too early.
    """
    sent: list[dict[str, Any]] = []
    done = asyncio.Event()
    calls = 0

    async def receive() -> dict[str, Any]:
        nonlocal calls
        calls += 1
        if calls == 1:
            return {"type": "http.request", "body": body, "more_body": False}
        await done.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)
        if message["type"] == "http.response.body" and not message.get("more_body", False):
            done.set()

    path_only, _, query = path.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path_only,
        "raw_path": path_only.encode(),
        "root_path": "",
        "query_string": query.encode(),
        "headers": [(b"host", b"testserver"), *headers],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    await asyncio.wait_for(app(scope, receive, send), 20)
    return sent


async def asgi_websocket(app: Any, path: str, text: str) -> tuple[list[str], str | None]:
    """Drive *app* through one ASGI WebSocket session that sends *text* once.

    Returns the types of the messages the app sent and the first text it sent back.
    """
    incoming: list[dict[str, Any]] = [
        {"type": "websocket.connect"},
        {"type": "websocket.receive", "text": text},
    ]
    sent: list[dict[str, Any]] = []
    closed = asyncio.Event()

    async def receive() -> dict[str, Any]:
        if incoming:
            return incoming.pop(0)
        await closed.wait()
        return {"type": "websocket.disconnect", "code": 1000}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)
        if message["type"] == "websocket.close":
            closed.set()

    scope = {
        "type": "websocket",
        "asgi": {"version": "3.0"},
        "scheme": "ws",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
        "subprotocols": [],
    }
    await asyncio.wait_for(app(scope, receive, send), timeout=10)
    reply = next((m.get("text") for m in sent if m["type"] == "websocket.send"), None)
    return [m["type"] for m in sent], reply
