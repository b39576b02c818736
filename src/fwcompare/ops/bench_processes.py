"""The processes of a benchmark: servers, their accounting in /proc, and ``wrk``.

Every child (the measured interpreter reading its environment or timing an
import, a server, ``wrk``) runs in a session of its own, with a deadline and a
bounded capture of its output, and its whole process group is killed when it
is done, when it runs out of time, floods its output or the run is interrupted:
nothing a child starts outlives the run, and no child can hang it or fill its
memory. Children run from the run's temporary directory, which holds only the
copied ``fwcompare_bench`` package, so that modules in the caller's working
directory (a ``platform.py``) are never imported by them.

A server's CPU time is the sum of ``utime`` and ``stime`` (``/proc/PID/stat``)
over its process tree.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import selectors
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping, Sequence

import attrs

from .._errors import BenchError, PortInUseError, ServerStartError, shorten
from .bench_answers import FETCH_ERRORS, fetch, wrong

__all__ = [
    "HOST",
    "LUA",
    "OUTPUT_LIMIT",
    "READY_TIMEOUT",
    "VERSION_TIMEOUT",
    "WRK_GRACE",
    "Finished",
    "Server",
    "WrkRun",
    "check_port",
    "child_environment",
    "cpu_seconds",
    "free_port",
    "named_processes",
    "parse_wrk_output",
    "process_tree",
    "rss_bytes",
    "run_child",
    "run_wrk",
    "start_server",
    "terminate_as_interrupt",
    "wait_ready",
    "wrk_version",
]

READY_TIMEOUT = 60.0  # seconds for a server to answer; Django or Litestar need ~1 s on 2 cores
WRK_GRACE = 60.0  # seconds wrk may take beyond its load before it is killed
VERSION_TIMEOUT = 10.0  # seconds for ``wrk -v``
OUTPUT_LIMIT = 1 << 20
"""Bytes of a child's standard output kept: the reports are a few kilobytes; more ends the child."""
HOST = "127.0.0.1"
_MARK = "FWBENCH "
_TAIL = 64 * 1024  # bytes of standard error (and of a server's log) kept for messages
_COUNT_LIMIT = 1 << 62  # a count or a duration in microseconds beyond this is no measurement

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
# Run isolated (-I): nothing from the working directory or PYTHON* variables is imported.
_PIN = "import os, sys; os.sched_setaffinity(0, {int(sys.argv[1])}); os.execvp(sys.argv[2], sys.argv[2:])"


def child_environment(root: str, database: str = "") -> dict[str, str]:
    """The environment of every child: this one without ``PYTHON*`` variables, *root* as the path.

    A ``PYTHONSTARTUP``, ``PYTHONHOME`` or ``PYTHONWARNINGS`` of the caller's
    would change what is measured; ``PYTHONPATH`` is *root*, the temporary
    directory that holds the copied ``fwcompare_bench`` package and nothing else.
    The database is the run's: *database*, a PostgreSQL URL, or else the SQLite
    file built in *root* (the caller's ``FWCOMPARE_BENCH_DB`` and ``_DB_URL`` are
    dropped, or the apps would read a database the result does not name).
    """
    from fwcompare_bench.db import ENVIRONMENT, URL_ENVIRONMENT

    env = {
        k: v for k, v in os.environ.items() if not k.startswith("PYTHON") and k not in (ENVIRONMENT, URL_ENVIRONMENT)
    }
    env.update(PYTHONPATH=root, PYTHONUNBUFFERED="1")
    if database:
        env[URL_ENVIRONMENT] = database
    return env


# -- children with a deadline and a bounded capture ------------------------------------------


@attrs.frozen
class Finished:
    """A child that ended by itself: its exit status, its output and the tail of its errors."""

    returncode: int
    stdout: str
    stderr: str

    def last_error(self) -> str:
        """The last non-blank line of standard error (or output), shortened: for a message."""
        lines = [ln for ln in (self.stderr or self.stdout).splitlines() if ln.strip()]
        return shorten((lines or ["no output"])[-1].strip(), 200)


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


def run_child(
    argv: Sequence[str], *, what: str, env: Mapping[str, str], cwd: str, timeout: float, limit: int = OUTPUT_LIMIT
) -> Finished:
    """Run *argv* in a session of its own; `BenchError` naming *what* if it cannot run or misbehaves.

    At most *limit* bytes of standard output are kept (more ends the child) and
    the last 64 KiB of standard error. When the child is done, out of time,
    flooding or interrupted, its whole process group is killed.
    """
    try:
        process = subprocess.Popen(
            list(argv),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=dict(env),
            cwd=cwd,
            start_new_session=True,
        )
    except OSError as exc:
        raise BenchError(f"cannot run {what}: {exc.strerror or exc}") from None
    out, err = bytearray(), bytearray()
    problem = None
    deadline = time.monotonic() + timeout
    try:
        with selectors.DefaultSelector() as selector:
            assert process.stdout is not None
            assert process.stderr is not None
            selector.register(process.stdout, selectors.EVENT_READ, out)
            selector.register(process.stderr, selectors.EVENT_READ, err)
            while selector.get_map() and problem is None:
                left = deadline - time.monotonic()
                if left <= 0:
                    problem = f"did not finish within {timeout:g} s"
                    break
                for key, _ in selector.select(left):
                    block = os.read(key.fd, 65536)
                    if not block:
                        selector.unregister(key.fileobj)
                        continue
                    key.data.extend(block)
                    if key.data is err:
                        del err[:-_TAIL]
                    elif len(out) > limit:
                        problem = f"wrote more than {limit:,} bytes of output"
        if problem is None:
            try:
                process.wait(max(deadline - time.monotonic(), 0.0))
            except subprocess.TimeoutExpired:
                problem = f"did not finish within {timeout:g} s"
    finally:
        _kill_group(process)
        process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
    if problem is not None:
        raise BenchError(f"{what} {problem}; it was stopped")
    return Finished(process.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"))


# -- wrk ----------------------------------------------------------------------------------------


@attrs.frozen
class WrkRun:
    """What one ``wrk`` run reported (through the ``done`` script)."""

    requests: int
    seconds: float
    errors: int
    latency_ms: tuple[float, float, float, float]
    """50th, 90th, 99th percentile and maximum."""


def _count(data: object, key: str) -> int:
    value = data.get(key) if isinstance(data, dict) else None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < _COUNT_LIMIT:
        raise BenchError(f"wrk's result line has no count for {key!r}: {shorten(repr(value), 40)}")
    return value


def _refuse(name: str) -> object:
    raise ValueError(f"{name} is not a number")


def parse_wrk_output(text: str) -> WrkRun:
    """Read the line the ``done`` script writes from ``wrk``'s output.

    Anything else (no such line, a line that is not JSON, a count that is
    missing, negative, fractional or absurd) is one `BenchError`.

    >>> parse_wrk_output('FWBENCH {"requests": 100, "duration_us": 2000000, "socket_errors": 0, '
    ...     '"status_errors": 1, "p50": 1500, "p90": 2000, "p99": 4000, "max": 9000}')
    WrkRun(requests=100, seconds=2.0, errors=1, latency_ms=(1.5, 2.0, 4.0, 9.0))
    """
    for line in reversed(text.splitlines()):
        if line.startswith(_MARK):
            try:
                data = json.loads(line[len(_MARK) :], parse_constant=_refuse)
            except ValueError:  # JSONDecodeError, and integers of more than 4,300 digits
                raise BenchError(f"wrk's result line is not JSON: {shorten(line, 120)!r}") from None
            p50, p90, p99, top = (_count(data, k) / 1000 for k in ("p50", "p90", "p99", "max"))
            seconds = _count(data, "duration_us") / 1e6
            errors = _count(data, "socket_errors") + _count(data, "status_errors")
            return WrkRun(_count(data, "requests"), seconds, errors, (p50, p90, p99, top))
    last = (text.strip().splitlines() or ["no output"])[-1]
    raise BenchError("wrk printed no result: " + shorten(last, 200))


def run_wrk(
    wrk: str,
    lua: str,
    port: int,
    endpoint: str,
    seconds: int,
    connections: int,
    cpu: int | None,
    *,
    env: Mapping[str, str],
    cwd: str,
) -> WrkRun:
    """Load ``http://127.0.0.1:PORT/ENDPOINT`` for *seconds* (pinned to *cpu*); its report."""
    command = [wrk, "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", lua]
    command.append(f"http://{HOST}:{port}/{endpoint}")
    if cpu is not None:
        command = [sys.executable, "-I", "-c", _PIN, str(cpu), *command]
    done = run_child(command, what="wrk", env=env, cwd=cwd, timeout=seconds + WRK_GRACE)
    if done.returncode != 0:
        raise BenchError(f"wrk failed (exit status {done.returncode}): {done.last_error()}")
    return parse_wrk_output(done.stdout)


def wrk_version(wrk: str, *, env: Mapping[str, str], cwd: str) -> str:
    """``wrk``'s version line, without its copyright (``wrk -v`` exits with status 1)."""
    done = run_child([wrk, "-v"], what="wrk -v", env=env, cwd=cwd, timeout=VERSION_TIMEOUT, limit=64 * 1024)
    first = (done.stdout + done.stderr).strip().splitlines()[:1] or ["wrk"]
    return shorten(first[0].split(" Copyright")[0].strip(), 120)


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


def named_processes(name: str) -> list[int]:
    """Every process whose command name (/proc/PID/comm) is *name*: ``postgres``, its server and backends."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError), open(f"/proc/{entry}/comm", "rb") as f:
                if f.read().strip() == name.encode():
                    found.append(int(entry))
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
    """Resident memory of *pids* (VmRSS of /proc/PID/status)."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError, ValueError), open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
    return total


# -- servers -----------------------------------------------------------------------------


def free_port() -> int:
    """A loopback port free now (the kernel's choice)."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def check_port(port: int) -> None:
    """`PortInUseError` unless a server could listen on *port* now.

    With ``SO_REUSEADDR``, as every server measured sets it: connections of a
    run that just ended (``TIME_WAIT``) do not keep the port, a listener does.
    """
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((HOST, port))
            s.listen()
        except OSError:
            raise PortInUseError(f"port {HOST}:{port} is in use; choose another or leave it out") from None


class _Tail:
    """Drains a server's output (standard output and error, one pipe), keeping the last 64 KiB.

    A server that writes without end costs neither memory nor disk; and it never
    blocks on a full pipe, which would stall it under load.
    """

    def __init__(self, fd: int) -> None:
        self.data = bytearray()
        self._fd = fd
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._drain, daemon=True)
        self._thread.start()

    def _drain(self) -> None:
        with contextlib.suppress(OSError):
            while block := os.read(self._fd, 65536):
                with self._lock:
                    self.data.extend(block)
                    del self.data[:-_TAIL]

    def settle(self, timeout: float) -> None:
        """Wait up to *timeout* s for what is still in the pipe (after the server exited)."""
        self._thread.join(timeout)

    def text(self) -> str:
        with self._lock:
            return self.data.decode("utf-8", "replace")

    def close(self) -> None:
        self._thread.join(5)
        if not self._thread.is_alive():  # a process that left the group may hold the pipe: leave it open
            os.close(self._fd)


@attrs.define
class Server:
    """A server started by `start_server`, leader of its own process group."""

    name: str
    port: int
    process: subprocess.Popen[bytes]
    log: _Tail

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
        _kill_group(self.process)
        self.log.close()

    def failure(self) -> str:
        """The line of its output that best says why it failed (the last error, else the last line)."""
        if self.process.poll() is not None:
            self.log.settle(2.0)  # it has exited: its last words may still be in the pipe
        lines = [ln for ln in self.log.text().splitlines() if ln.strip()]
        errors = [ln for ln in lines if re.search(r"Error|error:|Exception", ln)]
        return shorten((errors or lines or ["no output"])[-1].strip(), 200)


def start_server(python: str, env: Mapping[str, str], name: str, port: int, cpu: int | None, *, cwd: str) -> Server:
    """Start app *name* on *port* with *python*, pinned to *cpu*, in its own session."""
    read, write = os.pipe()
    command = [python, "-m", "fwcompare_bench.serve", name, str(port)]
    if cpu is not None:
        command.append(str(cpu))
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=write,
            stderr=write,
            env=dict(env),
            cwd=cwd,
            start_new_session=True,
        )
    except OSError as exc:
        os.close(read)
        raise ServerStartError(f"cannot run {python}: {exc.strerror or exc}") from None
    finally:
        os.close(write)
    return Server(name, port, process, _Tail(read))


def wait_ready(server: Server) -> None:
    """Wait until *server* listens and answers every endpoint correctly; `ServerStartError` if not."""
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
    from fwcompare_bench import ENDPOINTS

    for endpoint in ENDPOINTS:
        check_endpoint(server, endpoint)


def check_endpoint(server: Server, endpoint: str) -> None:
    """Every app must answer the same thing (`bench_answers.wrong`): fast wrong answers would be no result."""
    try:
        kind, body = fetch(f"http://{HOST}:{server.port}/{endpoint}", READY_TIMEOUT)
    except FETCH_ERRORS as exc:
        if server.process.poll() is not None:
            raise ServerStartError(f"{server.name}'s server exited: {server.failure()}") from None
        raise ServerStartError(f"{server.name}: GET /{endpoint} failed: {shorten(str(exc), 200)}") from None
    reason = wrong(endpoint, kind, body)
    if reason is not None:
        raise ServerStartError(
            f"{server.name}: GET /{endpoint} answered something else ({shorten(kind, 60)}; {reason}): {body[:80]!r}"
        )


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM to this process raises KeyboardInterrupt (in the main thread), as Ctrl-C does."""
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
