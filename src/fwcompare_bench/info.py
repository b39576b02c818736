"""What the environment holds: ``python -m fwcompare_bench.info`` prints one JSON line.

- ``python``: implementation, version, executable;
- ``markers``: the environment markers of PEP 508 (for the caller to evaluate
  requirements with, since ``packaging`` need not be installed here);
- ``distributions``: every installed distribution's name, version, requirements
  and installed size (the files its RECORD lists, as they are on disk).

``python -m fwcompare_bench.info --import NAME`` instead times, in this fresh
process, importing the framework's first module and then the whole minimal app.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import sys
import time


def _markers() -> dict[str, str]:
    impl = sys.implementation
    version = f"{impl.version.major}.{impl.version.minor}.{impl.version.micro}"
    if impl.version.releaselevel != "final":
        version += impl.version.releaselevel[0] + str(impl.version.serial)
    return {
        "implementation_name": impl.name,
        "implementation_version": version,
        "os_name": os.name,
        "platform_machine": platform.machine(),
        "platform_release": platform.release(),
        "platform_system": platform.system(),
        "platform_version": platform.version(),
        "python_full_version": platform.python_version(),
        "platform_python_implementation": platform.python_implementation(),
        "python_version": ".".join(platform.python_version_tuple()[:2]),
        "sys_platform": sys.platform,
    }


def _size(dist) -> int:  # type: ignore[no-untyped-def]
    total = 0
    for item in dist.files or ():
        with contextlib.suppress(OSError):
            total += os.path.getsize(str(dist.locate_file(item)))
    return total


def environment() -> dict[str, object]:
    """The report described in the module's docstring."""
    from importlib import metadata

    dists = []
    for dist in metadata.distributions():
        name = dist.metadata["Name"]
        if not name:
            continue
        dists.append(
            {"name": name, "version": dist.version, "requires": list(dist.requires or ()), "size": _size(dist)}
        )
    return {
        "python": {
            "implementation": platform.python_implementation(),
            "version": platform.python_version(),
            "executable": sys.executable,
        },
        "markers": _markers(),
        "distributions": dists,
    }


def import_times(name: str) -> dict[str, float]:
    """Seconds to import the framework's first module, and the whole minimal app."""
    import importlib

    from . import db, find

    app, first = find(name)
    # The SQLite file is built before the timed imports, not while the app is imported; a
    # PostgreSQL is prepared by the harness, and checking it here would import the driver
    # before the app does, hiding the driver's import time.
    if not db.postgresql():
        db.path()
    start = time.perf_counter()
    if first:
        importlib.import_module(first)
    framework = time.perf_counter() - start
    importlib.import_module("fwcompare_bench." + app.module)
    return {"framework": framework, "app": time.perf_counter() - start}


if __name__ == "__main__":
    if sys.argv[1:2] == ["--import"]:
        print(json.dumps(import_times(sys.argv[2])), flush=True)
        # Some apps start threads when imported (CherryPy's engine): do not wait for them.
        os._exit(0)
    else:
        print(json.dumps(environment()))
