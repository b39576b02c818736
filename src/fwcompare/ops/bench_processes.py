"""The processes of a benchmark: servers, their accounting in /proc, and ``wrk``.

A server runs in its own process group (``start_new_session``), so that `Server.stop`
ends it and everything it forked; its CPU time is the sum of ``utime`` and ``stime``
(``/proc/PID/stat``) over its process tree.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from typing import IO

import attrs

from .._errors import BenchError, PortInUseError, ServerStartError

__all__ = [
    "HOST",
    "LUA",
    "READY_TIMEOUT",
    "Server",
    "WrkRun",
    "check_port",
    "cpu_seconds",
    "free_port",
    "parse_wrk_output",
    "process_tree",
    "rss_bytes",
    "run_wrk",
    "start_server",
    "terminate_as_interrupt",
    "wait_ready",
]

READY_TIMEOUT = 60.0  # seconds for a server to answer; Django or Litestar need ~1 s on 2 cores
HOST = "127.0.0.1"
_MARK = "FWBENCH "

# wrk calls done() once, after the load; latency figures are in microseconds.
LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "FWBENCH {\\"requests\\": %d, \\"duration_us\\": %d, \\"socket_errors\\": %d, \\"status_errors\\": %d, "
    .. "\\"p50\\": %d, \\"p90\\": %d, \\"p99\\": %d, \\"max\\": %d}\\n",
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
"""

# Pins this process to one core and becomes the command: affinity survives exec and fork.
_PIN = "import os, sys; os.sched_setaffinity(0, {int(sys.argv[1])}); os.execvp(sys.argv[2], sys.argv[2:])"


@attrs.frozen
class WrkRun:
    """What one ``wrk`` run reported (through the ``done`` script)."""

    requests: int
    seconds: float
    errors: int
    latency_ms: tuple[float, float, float, float]
    """50th, 90th, 99th percentile and maximum."""


def parse_wrk_output(text: str) -> WrkRun:
    """Read the line the ``done`` script writes from ``wrk``'s output.

    >>> parse_wrk_output('FWBENCH {"requests": 100, "duration_us": 2000000, "socket_errors": 0, '
    ...     '"status_errors": 1, "p50": 1500, "p90": 2000, "p99": 4000, "max": 9000}')
    WrkRun(requests=100, seconds=2.0, errors=1, latency_ms=(1.5, 2.0, 4.0, 9.0))
    """
    for line in reversed(text.splitlines()):
        if line.startswith(_MARK):
            data = json.loads(line[len(_MARK) :])
            latency = tuple(float(data[k]) / 1000 for k in ("p50", "p90", "p99", "max"))
            return WrkRun(
                int(data["requests"]),
                int(data["duration_us"]) / 1e6,
                int(data["socket_errors"]) + int(data["status_errors"]),
                (latency[0], latency[1], latency[2], latency[3]),
            )
    raise BenchError("wrk printed no result: " + (text.strip().splitlines() or ["no output"])[-1])


# -- the server's own accounting ---------------------------------------------------------


def process_tree(pid: int) -> list[int]:
    """*pid* and its descendants (gunicorn's arbiter and worker, for instance)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(children.get(p, ()))
    return found


def cpu_seconds(pids: Sequence[int]) -> float:
    """User plus system CPU time of *pids*, from /proc/PID/stat (utime, stime)."""
    ticks = 0
    for pid in pids:
        with contextlib.suppress(OSError, IndexError, ValueError), open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def rss_bytes(pids: Sequence[int]) -> int:
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError, ValueError), open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
    return total


# -- servers -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def check_port(port: int) -> None:
    with socket.socket() as s:
        try:
            s.bind((HOST, port))
        except OSError:
            raise PortInUseError(f"port {HOST}:{port} is in use; choose another or leave it out") from None


@attrs.define
class Server:
    name: str
    port: int
    process: subprocess.Popen[bytes]
    log: IO[bytes]

    def stop(self) -> None:
        """End the server's whole process group: no server outlives the run."""
        for sig, wait in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, sig)
            try:
                self.process.wait(wait)
                break
            except subprocess.TimeoutExpired:
                continue
        # A gunicorn worker may outlive its arbiter for a moment; it shares the group.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.log.close()

    def failure(self) -> str:
        self.log.flush()
        self.log.seek(0)
        lines = [ln for ln in self.log.read().decode("utf-8", "replace").splitlines() if ln.strip()]
        errors = [ln for ln in lines if re.search(r"Error|error:|Exception", ln)]
        return (errors or lines or ["no output"])[-1].strip()


def start_server(python: str, env: dict[str, str], name: str, port: int, cpu: int | None) -> Server:
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by Server.stop)
    command = [python, "-m", "fwcompare_bench.serve", name, str(port)]
    if cpu is not None:
        command.append(str(cpu))
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=log, stderr=log, env=env, start_new_session=True
    )
    return Server(name, port, process, log)


def wait_ready(server: Server) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while True:
        if server.process.poll() is not None:
            reason = server.failure()
            if "in use" in reason or "Errno 98" in reason:
                raise PortInUseError(f"{server.name}: port {HOST}:{server.port} is in use ({reason})")
            raise ServerStartError(f"{server.name}'s server exited with {server.process.returncode}: {reason}")
        try:
            with socket.create_connection((HOST, server.port), timeout=0.5):
                break
        except OSError:
            if time.monotonic() > deadline:
                raise ServerStartError(
                    f"{server.name}'s server did not listen on {HOST}:{server.port} within {READY_TIMEOUT:g} s"
                ) from None
            time.sleep(0.05)
    for endpoint in ("plaintext", "json", "html"):
        check_endpoint(server, endpoint)


def check_endpoint(server: Server, endpoint: str) -> None:
    """Every app must answer the same thing: fast wrong answers would be no result."""
    import urllib.request

    from fwcompare_bench import GREETING, JSON_OBJECT

    url = f"http://{HOST}:{server.port}/{endpoint}"
    try:
        with urllib.request.urlopen(url, timeout=READY_TIMEOUT) as response:
            body = response.read().decode("utf-8")
            kind = response.headers.get("Content-Type", "")
    except OSError as exc:
        if server.process.poll() is not None:
            raise ServerStartError(f"{server.name}'s server exited: {server.failure()}") from None
        raise ServerStartError(f"{server.name}: GET /{endpoint} failed: {exc}") from None
    wrong = {
        "plaintext": body != GREETING or not kind.startswith("text/plain"),
        "json": not kind.startswith("application/json") or json.loads(body) != JSON_OBJECT,
        "html": "&lt;script&gt;" not in body or "<script>" in body or body.count("<tr><td>") != 10,
    }[endpoint]
    if wrong:
        raise ServerStartError(f"{server.name}: GET /{endpoint} answered something else ({kind}): {body[:80]!r}")


def run_wrk(wrk: str, lua: str, port: int, endpoint: str, seconds: int, connections: int, cpu: int | None) -> WrkRun:
    command = [wrk, "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", lua]
    command.append(f"http://{HOST}:{port}/{endpoint}")
    if cpu is not None:
        command = [sys.executable, "-c", _PIN, str(cpu), *command]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=False)
    except subprocess.TimeoutExpired:
        raise BenchError(f"wrk did not finish {seconds} s of load within {seconds + 60} s") from None
    if result.returncode != 0:
        raise BenchError("wrk failed: " + (result.stderr.strip().splitlines() or ["no output"])[-1])
    return parse_wrk_output(result.stdout)


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    # SIGTERM to this process must also stop the servers, as Ctrl-C does.
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
