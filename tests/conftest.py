from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

# The tests import their helpers (factories) as top-level modules.
sys.path.insert(0, str(Path(__file__).parent))

# No test reads the user's cache of `fwcompare update`: answers come from the bundled data
# unless a test gives a cache of its own (subprocesses inherit this too). The directory never exists.
os.environ["FWCOMPARE_CACHE_DIR"] = str(Path(tempfile.gettempdir()) / f"fwcompare-tests-no-cache-{os.getpid()}")


import pytest


@pytest.fixture(autouse=True)
def _quiet_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    """`fwcompare bench` checks that the machine is quiet first: the tests' machine is said to be (no waiting).

    Nor does it add rounds: the stand-in servers' CPU time is a tick or none, so their spreads
    are noise, and a test expecting the rounds it asked for would depend on it
    (test_bench_steady sets `EXTRA_ROUNDS` where it tests adding rounds).
    """
    import fwcompare.ops.bench

    monkeypatch.setattr(fwcompare.ops.bench, "measure_other_cpu", lambda: 0.0)
    monkeypatch.setattr(fwcompare.ops.bench, "EXTRA_ROUNDS", 0)
