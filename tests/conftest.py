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
