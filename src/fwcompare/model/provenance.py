"""Where, when and how a benchmark run was taken: `Provenance`, the part of a result that is not a figure."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

__all__ = ["Provenance"]


@attrs.frozen
class Provenance:
    """Where, when and how the measurements were taken."""

    date: str
    """Start of the run, ISO 8601 in UTC."""
    command: str
    """The exact command (or call) that produced the result."""
    cores: int
    """Cores this process could use."""
    cpu_model: str
    server_cpu: int | None
    """The core the servers were pinned to (None: not pinned)."""
    load_cpu: int | None
    """The core ``wrk`` was pinned to (None: not pinned)."""
    os: str
    python: str
    """Implementation and version of the interpreter that ran the apps."""
    versions: tuple[tuple[str, str], ...]
    """``(distribution, version)`` of every framework, server and template engine used."""
    load_tool: str
    """``wrk`` and its version line."""
    settings: tuple[tuple[str, float], ...]
    """Load settings: duration and warm-up (s), rounds, connections, threads."""
    load_average: tuple[float, float]
    """The 1-minute load average before and after the run (the run itself keeps about 2 processes busy)."""
    notes: tuple[str, ...] = ()
    other_cpu: float | None = None
    """Cores that other processes kept busy, on average, during the load rounds (/proc/stat, minus
    the CPU time of the servers, wrk and the benchmarking process itself); None where not measured."""
    other_cpu_before: float | None = None
    """Cores other processes used in the check before the run (``fwcompare.ops.bench.QUIET_LIMIT``)."""
    forced: bool = False
    """Whether the run was forced (``--force``) past a machine too busy to measure on."""
    profile_connections: tuple[int, ...] = ()
    """The connection counts of the concurrency profile's further levels (after ``connections``, the
    main run's); empty when the run had one level."""
    database: str | None = None
    """The database ``/db`` and ``/fortunes`` read, as the measured interpreter found it: ``SQLite 3.40.1
    (a file built for the run)``, or ``PostgreSQL 15.18 (...) at localhost:5433/benchdb`` (no user, no
    password); None in results recorded before it was kept."""

    @property
    def connection_levels(self) -> tuple[int, ...]:
        """Every level of connections the run loaded: the main run's, then the profile's."""
        return (int(self.setting("connections")), *self.profile_connections)

    def setting(self, name: str) -> float:
        """One load setting by name; `KeyError` if absent."""
        return dict(self.settings)[name]

    @property
    def database_server(self) -> bool:
        """Whether ``/db`` and ``/fortunes`` read a database server (PostgreSQL) rather than SQLite.

        SQLite runs inside the app's process; a server answers from processes of its own, and
        the app's server waits for it: there a core share under ``CORE_SHARE_LIMIT`` (0.9) is
        the wait, not other processes, and is not flagged.
        """
        return (self.database or "").startswith("PostgreSQL")

    @property
    def busy(self) -> bool:
        """Whether other work ran beside the benchmark: half a core or more used by others.

        Without `other_cpu`, a load average above the cores plus the run's own two processes.
        """
        if self.other_cpu is not None:
            return self.other_cpu >= 0.5
        return max(self.load_average) >= self.cores + 2

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe values."""
        return {
            "date": self.date,
            "command": self.command,
            "machine": {"cores": self.cores, "cpu_model": self.cpu_model},
            "pinning": {"server_cpu": self.server_cpu, "load_cpu": self.load_cpu},
            "os": self.os,
            "python": self.python,
            "versions": dict(self.versions),
            "load_tool": self.load_tool,
            "settings": dict(self.settings),
            "load_average": list(self.load_average),
            "other_cpu": self.other_cpu,
            "other_cpu_before": self.other_cpu_before,
            "forced": self.forced,
            "profile_connections": list(self.profile_connections),
            "database": self.database,
            "busy": self.busy,
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Provenance:
        """The inverse of `to_dict`."""
        before, after = data["load_average"]
        return cls(
            date=str(data["date"]),
            command=str(data["command"]),
            cores=int(data["machine"]["cores"]),
            cpu_model=str(data["machine"]["cpu_model"]),
            server_cpu=data["pinning"]["server_cpu"],
            load_cpu=data["pinning"]["load_cpu"],
            os=str(data["os"]),
            python=str(data["python"]),
            versions=tuple(sorted(data["versions"].items())),
            load_tool=str(data["load_tool"]),
            settings=tuple(data["settings"].items()),
            load_average=(float(before), float(after)),
            notes=tuple(data.get("notes", ())),
            other_cpu=data.get("other_cpu"),
            other_cpu_before=data.get("other_cpu_before"),
            forced=bool(data.get("forced", False)),
            profile_connections=tuple(int(c) for c in data.get("profile_connections", ())),
            database=None if data.get("database") is None else str(data["database"]),
        )
