"""The exceptions fwcompare raises on purpose."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "ComparisonError",
    "DataError",
    "FwcompareError",
    "PluginError",
    "PluginWarning",
    "RankError",
    "UnknownCriterionError",
    "UnknownFrameworkError",
    "UnknownVersionError",
]


class FwcompareError(Exception):
    """Base class of every error fwcompare raises on purpose."""


class _UnknownNameError(FwcompareError, LookupError):
    what = "name"

    def __init__(self, name: str, suggestions: Iterable[str] = ()) -> None:
        self.name = name
        self.suggestions: tuple[str, ...] = tuple(suggestions)
        message = f"unknown {self.what} {name!r}"
        if self.suggestions:
            message += "; did you mean " + " or ".join(repr(s) for s in self.suggestions) + "?"
        super().__init__(message)

    def __str__(self) -> str:
        # LookupError's str() would repr a lone argument; keep the message readable.
        return str(self.args[0])


class UnknownFrameworkError(_UnknownNameError):
    """No framework has this name, slug or alias.

    ``name`` is what was asked for; ``suggestions`` the closest known names.
    """

    what = "framework"


class UnknownCriterionError(_UnknownNameError):
    """No criterion has this key.

    ``name`` is what was asked for; ``suggestions`` the closest known keys.
    """

    what = "criterion"


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
            message = f"{self.framework} has no release {self.version}"
        else:
            message = f"{self.framework} {self.problem.format(version=self.version)}"
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
            where += f", field {field!r}"
        super().__init__(f"{where}: {problem}")


class ComparisonError(FwcompareError, ValueError):
    """A comparison was asked for with fewer than two frameworks, or a name twice."""


class RankError(FwcompareError, ValueError):
    """A ranking was asked for with no needs, a need twice, a bad weight or a bad minimum version."""


class PluginError(FwcompareError):
    """A plugin failed to load, in strict mode."""


class PluginWarning(UserWarning):
    """A plugin failed to load, or clashed with a name already taken; the rest loaded."""
