"""What nicegui's probes share: the probe set and the helpers that build apps and make requests."""

# FastAPI evaluates the annotations of page functions, and annotations here are
# evaluated on the oldest Pythons too: keep typing names (List, Optional).
# ruff: noqa: UP006, UP035, UP045

import asyncio
import contextlib
import functools
import importlib
import importlib.util
import os
import pkgutil
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any, Awaitable, Callable, Iterator, List, Optional

from fwcompare_probes import ProbeSet
from fwcompare_probes._search import modules_like, modules_with_word

probes = ProbeSet("nicegui")
# Every criterion has a probe: absences are checked as missing modules or behaviour.
probes.not_probeable = {}

_STORAGE: Optional[tempfile.TemporaryDirectory] = None  # type: ignore[type-arg]


def _nicegui() -> Any:
    """Import NiceGUI with its storage in a temporary directory."""
    global _STORAGE
    if _STORAGE is None and "nicegui" not in sys.modules:
        _STORAGE = tempfile.TemporaryDirectory(prefix="fwcompare-nicegui-")
        os.environ["NICEGUI_STORAGE_PATH"] = _STORAGE.name
    return importlib.import_module("nicegui")


@contextlib.contextmanager
def _under_pytest() -> Iterator[None]:
    before = os.environ.get("PYTEST_CURRENT_TEST")
    os.environ["PYTEST_CURRENT_TEST"] = "fwcompare_probes/nicegui.py::probe (call)"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("PYTEST_CURRENT_TEST", None)
        else:
            os.environ["PYTEST_CURRENT_TEST"] = before


def _simulate(body: Callable[[Any, Any], Awaitable[Any]], root: Optional[Callable[[], None]] = None) -> Any:
    """Run ``await body(user, nicegui)`` inside a fresh NiceGUI user simulation."""
    nicegui = _nicegui()
    from nicegui.testing import user_simulation

    if root is None:

        def root() -> None:
            nicegui.ui.label("root page")

    async def main() -> Any:
        async with user_simulation(root) as user:
            return await body(user, nicegui)

    with _under_pytest():
        return asyncio.run(main())


def _has_module(relative: str) -> bool:
    """Whether the installed nicegui package has the module file *relative* (no import).

    Importing nicegui.testing on old releases needs pytest, selenium and icecream
    (test-only dependencies), so the presence of a module is read from the files.
    """
    nicegui = _nicegui()
    return Path(nicegui.__path__[0], *relative.split("/")).is_file()


def _module_names() -> List[str]:
    nicegui = _nicegui()
    return sorted(m.name for m in pkgutil.walk_packages(nicegui.__path__, "nicegui."))


def _modules_matching(*words: str) -> List[str]:
    """Modules whose own name has a word starting with one of *words*."""
    return modules_with_word(_module_names(), *words)


def _ui_names(*words: str) -> List[str]:
    """Public names of nicegui.ui and of the app object containing one of *words*."""
    nicegui = _nicegui()
    names = {n for n in dir(nicegui.ui) if not n.startswith("_")}
    names |= {f"app.{n}" for n in dir(nicegui.app) if not n.startswith("_")}
    return sorted(n for n in names if any(w in n.lower() for w in words))


def _scripts() -> List[str]:
    dist = metadata.distribution("nicegui")
    return sorted(ep.name for ep in dist.entry_points if ep.group == "console_scripts")


_modules_probe = functools.partial(modules_like, "nicegui", _modules_matching)
