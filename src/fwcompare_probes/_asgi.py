"""Helpers shared by the probes of ASGI frameworks (standard library only, Python 3.8+)."""

from __future__ import annotations

import asyncio
from typing import Any

__all__ = ["asgi_get", "asgi_websocket", "loop_running"]


def loop_running() -> bool:
    """Whether an event loop is running in this thread (then a probe cannot start one)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


async def asgi_get(app: Any, path: str = "/") -> list[dict[str, Any]]:
    """Drive *app* through one ASGI 3 HTTP request; return the messages it sent."""
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    await app(scope, receive, send)
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
