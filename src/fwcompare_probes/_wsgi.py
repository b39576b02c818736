"""A WSGI request helper shared by the probes (standard library only, Python 3.8+)."""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

__all__ = ["wsgi_get"]


def wsgi_get(
    app: Any,
    path: str = "/",
    method: str = "GET",
    *,
    headers: Mapping[str, str] | None = None,
    body: bytes = b"",
    environ: Mapping[str, Any] | None = None,
) -> tuple[str, list[tuple[str, str]], bytes]:
    """Call the WSGI *app* in-process with one request; return (status, headers, body).

    The environ is `wsgiref.util.setup_testing_defaults`'s, with *path* split
    into ``PATH_INFO`` and ``QUERY_STRING``, *body* as ``wsgi.input``,
    *headers* (HTTP names: ``{"Cookie": ...}``) as ``HTTP_*`` keys
    (``Content-Type`` as ``CONTENT_TYPE``) and *environ* (raw keys) on top.
    The response iterable is closed, as a server would.
    """
    from wsgiref.util import setup_testing_defaults

    env: dict[str, Any] = {}
    setup_testing_defaults(env)
    path_info, _, query = path.partition("?")
    env["PATH_INFO"] = path_info
    if query:
        env["QUERY_STRING"] = query
    env["REQUEST_METHOD"] = method
    env["wsgi.input"] = io.BytesIO(body)
    env["CONTENT_LENGTH"] = str(len(body))
    env["wsgi.errors"] = io.StringIO()
    for name, value in (headers or {}).items():
        key = name.upper().replace("-", "_")
        env[key if key in ("CONTENT_TYPE", "CONTENT_LENGTH") else "HTTP_" + key] = value
    env.update(environ or {})
    seen: dict[str, Any] = {}

    def start_response(status: str, response_headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        seen["status"] = status
        seen["headers"] = response_headers

    chunks = app(env, start_response)
    try:
        data = b"".join(chunks)
    finally:
        if hasattr(chunks, "close"):
            chunks.close()
    return seen["status"], seen["headers"], data
