"""Start one app on 127.0.0.1:PORT: ``python -m fwcompare_bench.serve NAME PORT [CPU]``.

The process pins itself to CPU (if given) and then replaces itself with the
server (``os.execv``), so the server keeps its process id, its process group
and the CPU affinity, and its children (gunicorn's worker) inherit both.

- WSGI apps: gunicorn, one sync worker (gunicorn's default worker class);
- ASGI apps: uvicorn, one process, without the access log;
- Tornado, aiohttp and Sanic: their own servers, one process.

Before the server starts, the SQLite database of ``/db`` and ``/fortunes`` is
built if it is not there yet (:func:`fwcompare_bench.db.path`) and its path
left in ``FWCOMPARE_BENCH_DB`` for the server's processes. A PostgreSQL is
prepared once per run, before any server starts (``python -m fwcompare_bench.db``,
which ``fwcompare bench`` runs), not by each server.
"""

from __future__ import annotations

import importlib
import os
import sys

from . import db, find


def command(name: str, port: int) -> list[str] | None:
    """The server's command line for a WSGI or ASGI app, ``None`` for an own-server one."""
    app = find(name)[0]
    target = f"fwcompare_bench.{app.module}:app"
    if app.interface == "wsgi":
        return [
            sys.executable, "-m", "gunicorn",
            "--workers", "1", "--worker-class", "sync",
            "--bind", f"127.0.0.1:{port}",
            "--log-level", "warning",
            target,
        ]  # fmt: skip
    if app.interface == "asgi":
        return [
            sys.executable, "-m", "uvicorn",
            "--host", "127.0.0.1", "--port", str(port),
            "--no-access-log", "--log-level", "warning",
            target,
        ]  # fmt: skip
    return None


def main(argv: list[str]) -> None:
    name, port = argv[0], int(argv[1])
    if len(argv) > 2 and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {int(argv[2])})
    if not db.postgresql():
        db.path()  # build the SQLite file now, before the server (and its workers) start
    line = command(name, port)
    sys.stdout.flush()
    if line is not None:
        os.execv(sys.executable, line)
    importlib.import_module("fwcompare_bench." + find(name)[0].module).serve(port)


if __name__ == "__main__":
    main(sys.argv[1:])
