"""GET requests to the package registry: bounded, timed out, retried, conditional.

Only ``fwcompare update`` comes here; nothing else in fwcompare uses the
network. A `Transport` does one request; `get` adds what every request needs:
retries with backoff for what may pass (no connection, a timeout, a truncated
body, HTTP 429 and 5xx), and none for what will not (404, a body too large).
Tests give a `Transport` that replays recorded responses.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import NamedTuple, Protocol

from .pypi_views import MAX_BODY, RefusedResponse

__all__ = ["ATTEMPTS", "TIMEOUT", "HttpError", "Response", "Transport", "get", "urllib_transport"]

TIMEOUT = 20.0
"""Seconds to wait for a connection or for the next bytes of a response."""

ATTEMPTS = 3
"""Tries per request; the waits between them are 0.5 s, then 1 s (doubling)."""


def _user_agent() -> str:
    # Says who asks (PyPI asks clients to), with no URL the project has not published.
    from .._version import __version__

    return f"fwcompare/{__version__} (fwcompare update)"


class Response(NamedTuple):
    """A response: its status (200, or 304 for not modified), body and validators."""

    status: int
    body: bytes
    etag: str | None = None
    last_modified: str | None = None


class HttpError(OSError):
    """The registry answered with an error status (``status``), or not at all (``status`` 0)."""

    def __init__(self, url: str, status: int, reason: str) -> None:
        super().__init__(f"{url}: {f'HTTP {status} ' if status else ''}{reason}")
        self.url = url
        self.status = status
        self.reason = reason

    def __reduce__(self) -> tuple[type[HttpError], tuple[str, int, str]]:
        return (type(self), (self.url, self.status, self.reason))

    @property
    def transient(self) -> bool:
        """Whether trying again may help: no answer, a timeout, a truncated body, 429, 5xx."""
        return self.status == 0 or self.status == 429 or self.status >= 500


class Transport(Protocol):
    """Does one GET of *url* with *headers*; raises `HttpError` (or `RefusedResponse` for a body over the bound)."""

    def __call__(self, url: str, headers: Mapping[str, str], timeout: float) -> Response: ...


def urllib_transport(url: str, headers: Mapping[str, str], timeout: float) -> Response:
    """One GET with the standard library, reading at most `MAX_BODY` bytes."""
    import http.client
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": _user_agent(), **headers})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(MAX_BODY + 1)
            length = response.headers.get("Content-Length")
            etag, modified = response.headers.get("ETag"), response.headers.get("Last-Modified")
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return Response(304, b"", error.headers.get("ETag"), error.headers.get("Last-Modified"))
        raise HttpError(url, error.code, str(error.reason)) from None
    except urllib.error.URLError as error:
        raise HttpError(url, 0, f"cannot connect: {error.reason}") from None
    except http.client.IncompleteRead as error:
        raise HttpError(url, 0, f"truncated body: {len(error.partial)} bytes, then the connection closed") from None
    except (TimeoutError, http.client.HTTPException, OSError) as error:
        raise HttpError(url, 0, f"{type(error).__name__}: {error}" if str(error) else type(error).__name__) from None
    if len(body) > MAX_BODY:
        raise RefusedResponse(f"{url}: body over {MAX_BODY // (1024 * 1024)} MiB, not read further")
    if length is not None and length.isdigit() and int(length) != len(body):
        raise HttpError(url, 0, f"truncated body: {len(body)} of {length} bytes")
    return Response(200, body, etag, modified)


def get(
    url: str,
    headers: Mapping[str, str],
    transport: Transport,
    *,
    timeout: float = TIMEOUT,
    attempts: int = ATTEMPTS,
    sleep: Callable[[float], None] = time.sleep,
) -> tuple[Response, int]:
    """GET *url*, retrying transient failures; the response and the number of tries it took."""
    for attempt in range(1, attempts + 1):
        try:
            return transport(url, headers, timeout), attempt
        except HttpError as error:
            if not error.transient or attempt == attempts:
                raise
            sleep(0.5 * 2 ** (attempt - 1))
    raise AssertionError("unreachable")  # pragma: no cover
