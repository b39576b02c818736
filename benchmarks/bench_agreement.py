"""Do two benchmark runs agree? The headline figure of every app and endpoint, side by side.

    fwcompare bench flask fastapi django blacksheep --format json > run1.json
    fwcompare bench flask fastapi django blacksheep --format json > run2.json
    python benchmarks/bench_agreement.py run1.json run2.json [--limit 1.25]

For each framework and endpoint of the first run: the headline figure of both
(CPU µs per request added over the floor on the same server; for a framework
on its own server, which has none, its whole CPU µs per request), their ratio
(larger over smaller), and both cost multiples. Exits 1 when a ratio is above
*limit* (issue 28 asks two runs one after the other to agree within 1.25).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

from fwcompare.model.measurements import BenchResult


def _headline(result: BenchResult, app: str, endpoint: str) -> float:
    added = result.added_cpu_us(app, endpoint)
    figure = added if added is not None else result.app(app).endpoint(endpoint).cpu_us_per_request
    return figure.median


def _multiple(result: BenchResult, app: str, endpoint: str) -> float:
    m = result.app(app).endpoint(endpoint).cost_multiple
    return math.nan if m is None else m.median


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("first", type=Path)
    parser.add_argument("second", type=Path)
    parser.add_argument("--limit", type=float, default=1.25)
    args = parser.parse_args()
    a, b = (BenchResult.from_dict(json.loads(p.read_text(encoding="utf-8"))) for p in (args.first, args.second))
    print(f"{'app':<12} {'endpoint':<10} {'run 1':>8} {'run 2':>8} {'ratio':>6}  multiples")
    worst, over = 1.0, 0
    for app in a.frameworks:
        for e in app.endpoints:
            x, y = _headline(a, app.name, e.endpoint), _headline(b, app.name, e.endpoint)
            ratio = max(x, y) / min(x, y) if min(x, y) > 0 else math.inf
            worst, over = max(worst, ratio), over + (ratio > args.limit)
            m1, m2 = _multiple(a, app.name, e.endpoint), _multiple(b, app.name, e.endpoint)
            print(f"{app.name:<12} {e.endpoint:<10} {x:8.1f} {y:8.1f} {ratio:6.2f}  {m1:.2f} / {m2:.2f}")
    print(f"widest ratio {worst:.2f}; {over} above {args.limit:g}")
    for result, path in ((a, args.first), (b, args.second)):
        p = result.provenance
        print(f"{path}: {p.date}, other processes {p.other_cpu_before} before, {p.other_cpu} during")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
