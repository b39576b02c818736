"""Helpers shared by the probes of ASGI frameworks (standard library only, Python 3.8+)."""

from __future__ import annotations

import asyncio
from typing import Any

__all__ = ["asgi_get", "loop_running"]


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
