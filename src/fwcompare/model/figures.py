"""Figures over rounds, and the rounds of load they come from (`fwcompare.model.measurements` uses them).

A `Figure` is the median over rounds with the minimum, the maximum, an
interval for the median and the number of rounds, so a reader can see how far
to trust it; a `Round` is what ``wrk`` and the server's accounting said of one
round of load.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs

__all__ = ["MEDIAN_CONFIDENCE", "PERCENTILES", "Figure", "Round", "floor_costs", "median_interval_rank"]

MEDIAN_CONFIDENCE = Fraction(3, 4)
"""Least confidence of `Figure.interval`, the interval that holds the median of the rounds' distribution.

3/4 is what the minimum to the maximum of 3 rounds (the default run) gives, so a
3-round figure's interval is its range; with more rounds the interval leaves out
the extremes that the same confidence allows (the 2nd to the 5th of 6 sorted rounds)."""


def median_interval_rank(rounds: int) -> int:
    """The rank *k* such that the *k*-th smallest to the *k*-th largest of *rounds* values hold the median.

    Distribution-free: whatever the rounds' distribution, its median lies between
    the *k*-th smallest and the *k*-th largest of *rounds* independent values with
    probability ``1 - 2 P(B < k)``, B binomial (*rounds*, 1/2). *k* is the largest
    rank with that probability at least `MEDIAN_CONFIDENCE`, and 1 (the range)
    where none reaches it (2 rounds or fewer).

    >>> [median_interval_rank(n) for n in range(1, 10)]
    [1, 1, 1, 1, 1, 2, 2, 2, 3]
    """
    k = 1
    while True:
        below = sum(math.comb(rounds, i) for i in range(k + 1))  # P(B < k + 1), times 2**rounds
        if 2 * k + 1 > rounds or 1 - Fraction(2 * below, 2**rounds) < MEDIAN_CONFIDENCE:
            return k
        k += 1


def _num(value: float) -> float | None:
    # JSON has no infinity or NaN: an undefined figure is null.
    return value if math.isfinite(value) else None


def _float(value: Any) -> float:
    return math.nan if value is None else float(value)


@attrs.frozen
class Figure:
    """A measured figure over rounds: median, minimum, maximum, number of rounds, and the median's interval.

    >>> f = Figure.of([2.0, 1.0, 4.0])
    >>> f.median, f.min, f.max, f.rounds
    (2.0, 1.0, 4.0, 3)
    >>> f.spread, f.interval_spread
    (4.0, 4.0)

    With six rounds, one stray round no longer decides how far the median is trusted:

    >>> f = Figure.of([1.0, 1.25, 1.25, 1.3, 1.3, 1.31])
    >>> f.interval, round(f.spread, 2), round(f.interval_spread, 2)
    ((1.25, 1.3), 1.31, 1.04)
    """

    median: float
    min: float
    max: float
    rounds: int
    low: float | None = None
    """The lower end of `interval` (None in figures recorded without it: the minimum stands in)."""
    high: float | None = None
    """The upper end of `interval` (None in figures recorded without it: the maximum stands in)."""

    @classmethod
    def of(cls, values: Iterable[float]) -> Figure:
        """The figure of *values* (one per round); NaN with no values."""
        items = sorted(v for v in values if not math.isnan(v))
        if not items:
            return cls(math.nan, math.nan, math.nan, 0, math.nan, math.nan)
        k = median_interval_rank(len(items))
        return cls(statistics.median(items), items[0], items[-1], len(items), items[k - 1], items[-k])

    @property
    def interval(self) -> tuple[float, float]:
        """Where the median of the rounds' distribution lies, with at least 3/4 confidence (``MEDIAN_CONFIDENCE``).

        The *k*-th smallest to largest round (``median_interval_rank``): the minimum to the
        maximum up to 5 rounds, the 2nd to the 5th of 6. More rounds narrow it, where
        they can only widen the range.
        """
        return (self.min if self.low is None else self.low, self.max if self.high is None else self.high)

    @property
    def spread(self) -> float:
        """Maximum over minimum: 1.0 when every round agreed; infinite if the minimum is 0."""
        return self._ratio(self.min, self.max)

    @property
    def interval_spread(self) -> float:
        """The `interval`'s upper end over its lower: how far to trust the median.

        What `BenchResult.flags` holds against ``SPREAD_LIMIT`` (1.25); the same as
        `spread` up to 5 rounds.
        """
        return self._ratio(*self.interval)

    def _ratio(self, low: float, high: float) -> float:
        if self.rounds == 0:
            return math.nan
        return high / low if low > 0 else math.inf

    def to_dict(self) -> dict[str, Any]:
        """``{"median", "min", "max", "low", "high", "rounds"}``, null where undefined."""
        low, high = self.interval
        return {
            "median": _num(self.median),
            "min": _num(self.min),
            "max": _num(self.max),
            "low": _num(low),
            "high": _num(high),
            "rounds": self.rounds,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Figure:
        """The inverse of `to_dict`; without ``low`` and ``high`` (recorded before them), the range stands in."""
        low, high = (_float(data[k]) if k in data else None for k in ("low", "high"))
        return cls(
            _float(data["median"]), _float(data["min"]), _float(data["max"]), int(data["rounds"]), low, high
        )  # fmt: skip


@attrs.frozen
class Round:
    """One round of load on one endpoint: what ``wrk`` and the server's accounting said."""

    requests: int
    seconds: float
    """Duration of the load, as ``wrk`` measured it."""
    cpu_seconds: float
    """User plus system CPU time of the server's processes during the load (/proc/PID/stat)."""
    errors: int
    """Socket errors, timeouts and non-2xx/3xx responses."""
    latency_ms: tuple[float, float, float, float]
    """50th, 90th and 99th percentiles and the maximum, in milliseconds."""
    floor_cpu_us: float | None = None
    """For an app's round: its floor's CPU µs per request, the mean of the floor's loads just
    before and just after this one on the same endpoint (None for a floor's own rounds, and
    in results recorded before floors were loaded around their apps)."""

    @property
    def requests_per_second(self) -> float:
        """Requests completed per second of load."""
        return self.requests / self.seconds if self.seconds > 0 else math.nan

    @property
    def cpu_us_per_request(self) -> float:
        """Server CPU time per request, in microseconds."""
        return self.cpu_seconds / self.requests * 1e6 if self.requests else math.nan

    @property
    def core_share(self) -> float:
        """How much of its core the server got: its CPU time over the round's wall time (NaN without one)."""
        return self.cpu_seconds / self.seconds if self.seconds > 0 else math.nan

    def to_dict(self) -> dict[str, Any]:
        """The round as JSON-safe values."""
        return {
            "requests": self.requests,
            "seconds": self.seconds,
            "cpu_seconds": self.cpu_seconds,
            "errors": self.errors,
            "latency_ms": [_num(v) for v in self.latency_ms],
            "floor_cpu_us": None if self.floor_cpu_us is None else _num(self.floor_cpu_us),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Round:
        """The inverse of `to_dict`."""
        p50, p90, p99, top = (_float(v) for v in data["latency_ms"])
        floor = data.get("floor_cpu_us")
        return cls(
            int(data["requests"]), float(data["seconds"]), float(data["cpu_seconds"]), int(data["errors"]),
            (p50, p90, p99, top), None if floor is None else float(floor),
        )  # fmt: skip


def floor_costs(rounds: Sequence[Round], floor: Sequence[Round]) -> list[float]:
    """For each of an app's *rounds*, its floor's CPU µs per request: what the app's cost is measured against.

    That is the round's `Round.floor_cpu_us` (the floor loaded just before and just
    after it); for a round recorded without one, the floor's round of the same index
    in *floor* (NaN past its end).

    >>> app = Round(100, 1.0, 0.01, 0, (1.0, 1.0, 1.0, 1.0), floor_cpu_us=40.0)
    >>> old = Round(100, 1.0, 0.01, 0, (1.0, 1.0, 1.0, 1.0))
    >>> floor = Round(100, 1.0, 0.005, 0, (1.0, 1.0, 1.0, 1.0))
    >>> floor_costs([app, old], [floor, floor])
    [40.0, 50.0]
    """
    found = []
    for i, r in enumerate(rounds):
        if r.floor_cpu_us is not None:
            found.append(r.floor_cpu_us)
        else:
            found.append(floor[i].cpu_us_per_request if i < len(floor) else math.nan)
    return found


PERCENTILES = ("p50", "p90", "p99", "max")
"""Names of the latency figures, in the order of `Round.latency_ms`."""
