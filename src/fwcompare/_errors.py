"""The exceptions fwcompare raises on purpose, all in this module.

Each survives a pickle round trip with its message and fields (errors cross
process pools and notebook kernels); ``tests/test_errors.py`` checks every one.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "BenchError",
    "ComparisonError",
    "DataError",
    "FrameworkNotInstalledError",
    "FwcompareError",
    "InterpreterError",
    "PluginError",
    "PluginWarning",
    "PortInUseError",
    "ProjectFileError",
    "RankError",
    "ServerStartError",
    "UnknownCriterionError",
    "UnknownDistributionError",
    "UnknownFrameworkError",
    "UnknownVersionError",
    "UpdateError",
    "WrkMissingError",
]


class FwcompareError(Exception):
    """Base class of every error fwcompare raises on purpose."""


class _UnknownNameError(FwcompareError, LookupError):
    what = "name"

    def __init__(self, name: str, suggestions: Iterable[str] = (), *, hint: str = "") -> None:
        self.name = name
        self.suggestions: tuple[str, ...] = tuple(suggestions)
        self.hint = hint
        message = f"unknown {self.what} {shorten(name)!r}"
        if self.suggestions:
            message += "; did you mean " + " or ".join(repr(s) for s in self.suggestions) + "?"
        elif hint:
            message += f"; {hint}"
        super().__init__(message)

    def __reduce__(self) -> tuple[type, tuple[str, tuple[str, ...]]]:
        # Exceptions pickle as (class, args); args holds the message, not the fields.
        return (type(self), (self.name, self.suggestions))

    def __str__(self) -> str:
        # LookupError's str() would repr a lone argument; keep the message readable.
        return str(self.args[0])


class UnknownFrameworkError(_UnknownNameError):
    """No framework has this name, slug or alias.

    ``name`` is what was asked for; ``suggestions`` the closest known names.
    """

    what = "framework"


class UnknownDistributionError(_UnknownNameError):
    """No framework or extension known here is this PyPI distribution (names compared as PEP 503 normalises them).

    ``name`` is what was asked for; ``suggestions`` the closest known distribution names.
    """

    what = "distribution"


class UnknownCriterionError(_UnknownNameError):
    """No criterion has this key, label or spelling of either.

    ``name`` is what was asked for; ``suggestions`` the closest known keys;
    ``hint`` (when nothing is close) the groups and where to see all criteria.
    """

    what = "criterion"


MESSAGE_LIMIT = 300
"""The longest problem a `DataError` message repeats, in characters; the rest is cut."""


def shorten(text: str, limit: int = 80) -> str:
    """*text*, or its first *limit* characters and an ellipsis: a bad value can be megabytes long."""
    return text if len(text) <= limit else text[:limit] + "…"


WORD_LIMIT = 200
"""The longest run of non-space characters an error line on the command line keeps."""


def shorten_words(message: str, limit: int = WORD_LIMIT) -> str:
    """*message* with each run of more than *limit* non-space characters cut to *limit* and an ellipsis.

    Errors quote what the user typed; a 10,000-character name must not make a
    10,000-character line. File paths and URLs (a few dozen characters) pass whole.

    >>> shorten_words("unknown framework '" + "x" * 300 + "'", 10)
    "unknown framework 'xxxxxxxxx…"
    """
    if len(message) <= limit:
        return message
    import re

    return re.sub(rf"\S{{{limit + 1},}}", lambda m: m.group()[:limit] + "…", message)


class UnknownVersionError(FwcompareError, LookupError):
    """No release of the framework matches this version (or Python, or date).

    ``framework`` names the framework, ``version`` is what was asked for,
    ``nearest`` the closest real releases (as strings) and ``problem`` what
    went wrong when it is not simply "no such release" (a sentence after the
    framework's name, in which ``{version}`` stands for the version). Survives a pickle round trip.

    >>> import fwcompare
    >>> fwcompare.get("django").supports("async_views", "4.2.99")
    Traceback (most recent call last):
    ...
    fwcompare._errors.UnknownVersionError: Django has no release 4.2.99; the nearest are 4.2.30 and 5.0
    """

    def __init__(self, framework: str, version: str, nearest: Iterable[str] = (), problem: str | None = None) -> None:
        self.framework = framework
        self.version = version
        self.nearest: tuple[str, ...] = tuple(nearest)
        self.problem = problem
        # The arguments are the exception's args, so that pickle rebuilds it whole.
        super().__init__(framework, version, self.nearest, problem)

    def __str__(self) -> str:
        if self.problem is None:
            message = f"{self.framework} has no release {shorten(self.version)}"
        else:
            message = f"{self.framework} {self.problem.format(version=shorten(self.version))}"
        if len(self.nearest) == 1:
            message += f"; the nearest is {self.nearest[0]}"
        elif self.nearest:
            message += f"; the nearest are {' and '.join(self.nearest)}"
        return message


class DataError(FwcompareError, ValueError):
    """A data file is unreadable or breaks the data format.

    ``file`` names the file, ``field`` the dotted path of the offending field
    (empty when the whole file is at fault), ``line`` the line where the parser
    gave one.
    """

    def __init__(self, file: str, field: str, problem: str, *, line: int | None = None) -> None:
        self.file = file
        self.field = field
        self.problem = problem
        self.line = line
        where = file if line is None else f"{file}, line {line}"
        if field:
            where += f", field {shorten(field)!r}"
        super().__init__(f"{where}: {shorten(problem, MESSAGE_LIMIT)}")

    def __reduce__(self) -> tuple[object, ...]:
        # Rebuilt from the fields; ``line`` is keyword-only, hence the helper.
        return (_data_error, (type(self), self.file, self.field, self.problem, self.line))


def _data_error(cls: type[DataError], file: str, field: str, problem: str, line: int | None) -> DataError:
    return cls(file, field, problem, line=line)


class ProjectFileError(DataError):
    """A project's dependency file (requirements, pyproject.toml, a lock file) cannot be read.

    Raised by `fwcompare.check` for a file that is missing, too large, not
    UTF-8, not the format its name says, or includes too deeply or in a cycle.
    """


class ComparisonError(FwcompareError, ValueError):
    """A comparison was asked for with fewer than two frameworks, or a name twice."""


class RankError(FwcompareError, ValueError):
    """A ranking was asked for with no needs, a need twice, a bad weight or a bad minimum version."""


class InterpreterError(FwcompareError, ValueError):
    """The interpreter `verify` was given is not a Python that can run the probes.

    It does not exist, is a directory, is not Python at all, or is older than
    the probes support (``minimum``). ``python`` is the path as given.
    """

    minimum = (3, 8)
    """The oldest Python the probes run on."""

    def __init__(self, python: str, problem: str) -> None:
        self.python = python
        self.problem = problem
        super().__init__(f"the interpreter {shorten(python)!r} {problem}")

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        # Exceptions pickle as (class, args); args holds the message, not the fields.
        return (type(self), (self.python, self.problem))


class PluginError(FwcompareError):
    """A plugin failed to load, in strict mode."""


class UpdateError(FwcompareError):
    """``fwcompare update`` could not run: offline, or the registry unreachable; the cache is unchanged."""


class PluginWarning(UserWarning):
    """A plugin failed to load, or clashed with a name already taken; the rest loaded."""


class BenchError(FwcompareError, RuntimeError):
    """A benchmark could not run; the message says why and what to do."""


class WrkMissingError(BenchError):
    """The load generator, ``wrk``, is not on PATH."""

    def __init__(self) -> None:
        super().__init__("wrk is not installed (on Debian or Ubuntu: sudo apt-get install wrk)")

    def __reduce__(self) -> tuple[type, tuple[()]]:
        return (type(self), ())


class FrameworkNotInstalledError(BenchError):
    """A framework (or what its minimal app needs) is not installed in the environment measured."""


class PortInUseError(BenchError):
    """The loopback port a server was to listen on is taken."""


class ServerStartError(BenchError):
    """A server exited, or did not answer correctly, while starting."""
