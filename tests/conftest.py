from __future__ import annotations

import sys
from pathlib import Path

# The tests import their helpers (factories) as top-level modules.
sys.path.insert(0, str(Path(__file__).parent))
