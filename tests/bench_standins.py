"""Stand-ins for ``wrk`` and for the interpreter ``fwcompare bench`` measures (tests/fixtures/bench).

They let the benchmark's orchestration run, whole, where ``wrk`` or the
frameworks are not installed: executables (shell scripts that run the fixture
with this interpreter) and fixtures putting them in place.
"""

from __future__ import annotations

import os
import shlex
import socket
import sys
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

import pytest

from fwcompare.ops.bench_plan import copy_tree
from fwcompare.ops.bench_processes import Server, child_environment, start_server

FIXTURES = Path(__file__).parent / "fixtures" / "bench"


def executable(path: Path, script: str) -> Path:
    """*path*, an executable that runs the fixture *script* with this interpreter."""
    path.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} {shlex.quote(str(FIXTURES / script))} "$@"\n')
    path.chmod(0o755)
    return path


@pytest.fixture
def standin_wrk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in ``wrk``, first on PATH (before a real one); ``FWBENCH_WRK`` sets how it misbehaves."""
    directory = tmp_path / "standin-bin"
    directory.mkdir()
    executable(directory / "wrk", "standin_wrk.py")
    monkeypatch.setenv("PATH", f"{directory}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.delenv("FWBENCH_WRK", raising=False)
    return directory / "wrk"


@pytest.fixture
def standin_python(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A stand-in interpreter (serving the WSGI floor on wsgiref for every app); ``FWBENCH_PYTHON`` misbehaves."""
    monkeypatch.delenv("FWBENCH_PYTHON", raising=False)
    monkeypatch.delenv("FWBENCH_DISTS", raising=False)
    return str(executable(tmp_path / "python", "standin_python.py"))


def standin_servers(python: str, tmp_path: Path) -> tuple[Callable[[str, int], Server], list[Server]]:
    """A ``start`` for ``_run_load``: *python* serving the bench apps copied under *tmp_path*, unpinned.

    With the list of every server it started, in order, for a test that reaches into them.
    """
    root = str(tmp_path)
    env = child_environment(root)
    copy_tree(files("fwcompare_bench"), str(tmp_path / "fwcompare_bench"))
    started: list[Server] = []

    def start(name: str, at: int) -> Server:
        started.append(start_server(python, env, name, at, None, cwd=root))
        return started[-1]

    return start, started


def free_ports(count: int = 6) -> int:
    """The first of *count* consecutive free loopback ports, below the kernel's ephemeral range.

    The search starts at a block of this process's own (by its id), so that two test runs at
    once on one machine do not both take the first free block and collide when they listen.
    """
    blocks = list(range(20000, 32000 - count, 97))
    start = os.getpid() % len(blocks)
    for base in blocks[start:] + blocks[:start]:
        sockets = []
        try:
            for port in range(base, base + count):
                s = socket.socket()
                sockets.append(s)
                s.bind(("127.0.0.1", port))
        except OSError:
            continue
        finally:
            for s in sockets:
                s.close()
        return base
    raise AssertionError("no block of free loopback ports between 20000 and 32000")


def listening(port: int) -> bool:
    """Whether something accepts connections on loopback *port*."""
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0
