"""Every public exception survives a pickle round trip with its message and fields."""

from __future__ import annotations

import pickle

import pytest

import fwcompare
from fwcompare import _errors

INSTANCES: list[BaseException] = [
    fwcompare.FwcompareError("something went wrong"),
    fwcompare.UnknownFrameworkError("flsk", ["flask"]),
    fwcompare.UnknownFrameworkError("nothing-like-it"),
    fwcompare.UnknownCriterionError("orn", ("orm",)),
    fwcompare.UnknownDistributionError("flask-logn", ("flask-login",)),
    fwcompare.DataError("frameworks/acme.toml", "facts.orm.support", "'maybe' is not one of ...", line=12),
    fwcompare.DataError("criteria.toml", "", "expected a table, got a list"),
    fwcompare.ProjectFileError("requirements.txt", "", "includes itself (an -r or -c cycle)", line=3),
    fwcompare.ComparisonError("a comparison needs at least two frameworks, got 1"),
    fwcompare.RankError("no needs given"),
    fwcompare.UpdateError("cannot reach PyPI: no network; the cache is unchanged"),
    fwcompare.PluginError("plugin 'acme' failed: ImportError: no module named acme"),
    fwcompare.PluginWarning("plugin 'acme' failed to load"),
    _errors.BenchError("the benchmark could not run"),
    _errors.WrkMissingError(),
    _errors.FrameworkNotInstalledError("flask is not installed for /usr/bin/python3 (pip install flask)"),
    _errors.PortInUseError("port 8000 on 127.0.0.1 is in use"),
    _errors.ServerStartError("gunicorn exited with status 3 while starting flask"),
    fwcompare.UnknownVersionError("Django", "4.2.99", ["4.2.30", "5.0"]),
    fwcompare.UnknownVersionError("FastHTML", "3.9", ["0.14.14"], "has no final release for Python {version}"),
    fwcompare.InterpreterError("/usr/bin/python2", "is Python 2.7, older than the probes support (3.8)"),
]


def _fields(error: BaseException) -> dict[str, object]:
    return {k: v for k, v in vars(error).items() if not k.startswith("_")}


@pytest.mark.parametrize("error", INSTANCES, ids=lambda e: type(e).__name__)
def test_an_exception_pickles_with_its_message_and_fields(error: BaseException) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert copy.args == error.args
    assert _fields(copy) == _fields(error)


def test_every_exception_of_the_errors_module_is_in_the_table() -> None:
    classes = {getattr(_errors, name) for name in _errors.__all__}
    exceptions = {c for c in classes if isinstance(c, type) and issubclass(c, BaseException)}
    assert exceptions <= {type(e) for e in INSTANCES}, "add an instance of the new exception above"


def test_every_public_exception_lives_in_the_errors_module() -> None:
    for name in fwcompare.__all__:
        value = getattr(fwcompare, name)
        if isinstance(value, type) and issubclass(value, BaseException):
            assert value.__module__ == "fwcompare._errors", name
