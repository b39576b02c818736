"""Probes: small programs that check a framework's facts against the real package.

Each bundled framework has a module here named after its slug (``flask.py``,
``django.py``...). It defines ``probes = ProbeSet("slug")``, registers one
function per checkable criterion with ``@probes.register("criterion_key")``,
and lists what cannot be probed, with the reason, in ``probes.not_probeable``.

A probe imports the framework, builds the smallest app that exercises the
capability (through the framework's own test client, a template render, a
module import) and returns an `Observation` of what it saw. It never decides
whether the data is right: verification compares the observation with the
fact, so a contradiction can be read from the observation alone.

Nothing here is imported by ``import fwcompare``. This package must not import
the rest of fwcompare: it runs on its own, on interpreters fwcompare itself does
not support, to check version bounds against old releases (see ``run.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping
    from typing import Any, TypeAlias

__all__ = ["SECURITY_HEADERS", "NeedsPackage", "Observation", "ProbeSet", "requires", "security_headers_among"]


# Standard library only, and Python 3.8 syntax: the probes run in environments
# that have nothing but the framework installed, on old interpreters.
class Observation(NamedTuple):
    """What a probe saw.

    ``present`` says whether the capability was found in the framework itself
    (``True``/``False``), or is ``None`` when the probe observed a value only.
    ``value`` holds an observed value for criteria with values (the interface
    tags, for instance), as a string or a tuple of strings. ``detail`` is a
    short, human-readable account: the call made and what came back.
    """

    # Annotations stay strings (__future__), so this syntax is fine on 3.8.
    present: bool | None
    detail: str
    value: str | tuple[str, ...] | None = None


class NeedsPackage(Exception):
    """A probe cannot run here: an optional package it needs is not installed.

    This is about the environment, not the framework: the runner reports it as
    ``{"needs": package}`` and verification as "not installed (needs
    PACKAGE)", never as an error or a contradiction. ``package`` is the
    distribution to install (``"python-multipart"``); ``detail`` what showed it.
    """

    def __init__(self, package: str, detail: str = "") -> None:
        super().__init__(package, detail)
        self.package = package
        self.detail = detail

    def __str__(self) -> str:
        return f"needs {self.package}" + (f" ({self.detail})" if self.detail else "")


def requires(package: str, *modules: str) -> None:
    """Raise `NeedsPackage` unless one of *modules* can be imported.

    *modules* default to *package* with hyphens as underscores; give them when
    the import name differs (``requires("python-multipart", "python_multipart",
    "multipart")``). Call it first in a probe that uses an optional package of
    the framework (a template engine, a form parser, a test client's HTTP
    library), so that a missing package reads as the environment's, not the
    framework's.
    """
    import importlib.util

    names = modules or (package.replace("-", "_"),)
    for name in names:
        try:
            if importlib.util.find_spec(name) is not None:
                return
        except (ImportError, ValueError):
            continue
    raise NeedsPackage(package, f"no module {' or '.join(names)}")


SECURITY_HEADERS = (
    "Strict-Transport-Security",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Content-Security-Policy",
    "Referrer-Policy",
)
"""The response headers the ``security_headers`` probes look for."""


def security_headers_among(names: Iterable[str]) -> list[str]:
    """The `SECURITY_HEADERS` among response header *names* (any case), in that order."""
    lowered = {name.lower() for name in names}
    return [header for header in SECURITY_HEADERS if header.lower() in lowered]


if TYPE_CHECKING:
    ProbeFn: TypeAlias = Callable[[], Observation]


class ProbeSet:
    """The probes of one framework, keyed by criterion."""

    def __init__(self, slug: str) -> None:
        self.slug = slug
        self.probes: dict[str, ProbeFn] = {}
        self.not_probeable: dict[str, str] = {}
        self.preflight: Callable[[], object] | None = None
        """Run before the probes: the smallest use of the framework every probe relies on (one request
        through its test client). If it raises (other than `NeedsPackage` or a missing optional module),
        the environment is broken, not the data: the runner reports that once and runs no probe. Its
        docstring names the step in the report."""

    def register(self, criterion: str) -> Callable[[ProbeFn], ProbeFn]:
        """Register the decorated function as the probe of *criterion*."""

        def decorate(fn: ProbeFn) -> ProbeFn:
            if criterion in self.probes:
                raise ValueError(f"{self.slug}: two probes for {criterion!r}")
            self.probes[criterion] = fn
            return fn

        return decorate

    def register_each(self, fn: Callable[..., Observation], arguments: Mapping[str, tuple[Any, ...]]) -> None:
        """Register, for each criterion of *arguments*, the probe ``fn(*arguments[criterion])``.

        For the many probes that are one call of a module's helper with other
        words (``_absent(("admin",), "no admin")``): one table instead of a
        function each.
        """
        import functools

        for criterion, args in arguments.items():
            self.register(criterion)(functools.partial(fn, *args))
