"""What reflex's probes share: the probe set and the helpers that build apps and make requests."""

# Reflex evaluates the annotations of State classes and event handlers, and the
# probes keep Python 3.8 syntax: typing names.
# ruff: noqa: UP006, UP035

import contextlib
import importlib
import importlib.util
import os
import pkgutil
import tempfile
from typing import Any, Iterator, List

from fwcompare_probes import ProbeSet
from fwcompare_probes._search import modules_with_word

probes = ProbeSet("reflex")
# Every criterion has a probe; the front end is never built (see the module docstring).
probes.not_probeable = {}


@contextlib.contextmanager
def _workdir() -> Iterator[str]:
    """Run in a fresh temporary directory: Reflex writes .states and .web into the working directory."""
    before = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="fwcompare-reflex-") as tmp:
        os.chdir(tmp)
        try:
            yield tmp
        finally:
            os.chdir(before)


def _find(name: str) -> Any:
    """The module spec of *name*, or None when it or a parent package is missing (older releases)."""
    try:
        return importlib.util.find_spec(name)
    except ModuleNotFoundError:
        return None


def _rx() -> Any:
    return importlib.import_module("reflex")


def _new_app(**kwargs: Any) -> Any:
    """A new rx.App; from 0.9.9 each App needs a registration context of its own."""
    rx = _rx()
    try:
        registry = importlib.import_module("reflex_base.registry")
    except ModuleNotFoundError:
        return rx.App(**kwargs)
    context = registry.RegistrationContext.ensure_context()
    if getattr(context, "_app", None) is not None:
        # Forking keeps the State classes already registered, as Reflex's message advises.
        registry.RegistrationContext._context_var.set(context.fork())
    return rx.App(**kwargs)


def _backend(app: Any) -> Any:
    """The backend ASGI app of *app*, without compiling the front end (that needs Node or Bun)."""
    app._compile = lambda *args, **kwargs: None
    return app()


def _module_names() -> List[str]:
    names: List[str] = []
    for package in ("reflex", "reflex_base"):
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            continue
        names += [m.name for m in pkgutil.walk_packages(spec.submodule_search_locations, package + ".")]
    return sorted(names)


def _modules_matching(*words: str) -> List[str]:
    """Modules of reflex and reflex_base whose own name has a word starting with one of *words*."""
    return modules_with_word(_module_names(), *words)


def _rx_names(*words: str) -> List[str]:
    """Names of the rx namespace containing one of *words*."""
    return sorted(n for n in dir(_rx()) if not n.startswith("_") and any(w in n.lower() for w in words))


def _cli() -> Any:
    return importlib.import_module("reflex.reflex").cli


def _state_class(name: str, **members: Any) -> Any:
    """A new rx.State subclass (State classes must have unique names in one process)."""
    rx = _rx()
    cls = type(name, (rx.State,), {"__module__": __name__, "__annotations__": {"n": int}, "n": 0, **members})
    globals()[name] = cls  # the disk state manager pickles states: the class must be found by name
    return cls
