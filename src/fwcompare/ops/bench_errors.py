"""What can stop a benchmark run, each said in one line."""

from __future__ import annotations

from .._errors import FwcompareError

__all__ = ["BenchError", "FrameworkNotInstalledError", "PortInUseError", "ServerStartError", "WrkMissingError"]


class BenchError(FwcompareError, RuntimeError):
    """A benchmark could not run; the message says why and what to do."""


class WrkMissingError(BenchError):
    """The load generator, ``wrk``, is not on PATH."""

    def __init__(self) -> None:
        super().__init__("wrk is not installed (on Debian or Ubuntu: sudo apt-get install wrk)")


class FrameworkNotInstalledError(BenchError):
    """A framework (or what its minimal app needs) is not installed in the environment measured."""


class PortInUseError(BenchError):
    """The loopback port a server was to listen on is taken."""


class ServerStartError(BenchError):
    """A server exited, or did not answer correctly, while starting."""
