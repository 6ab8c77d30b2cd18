"""Metrics of the bench: pass@k (unbiased), ASPR, confidence intervals.

Definitions (also in docs/benchmarks.md):

* ``pass@k`` -- Chen et al. (2021)'s unbiased estimator. For a task with ``n`` samples of which
  ``c`` pass, ``pass@k = 1 - C(n - c, k) / C(n, k)``; the bench reports the mean over tasks.
  A sample "passes" when every hidden test passes.
* ``ASPR`` (average sampling pass rate) -- for each task where the agent's search found a correct
  reasoning path (a path whose code step passes every *public* test), the final code step is sampled
  ``k`` times from that path's prefix (everything but the code step); the task's ASPR is the
  fraction of those samples that pass every *hidden* test. ASPR is the mean over those tasks; tasks
  without a correct path are excluded and counted separately (``aspr_tasks``).
* Confidence intervals -- 95 % Wilson score intervals for rates over tasks, and a normal
  interval (mean +- 1.96 * standard error) for means of continuous quantities.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Interval", "mean_interval", "pass_at_k", "wilson_interval"]


def pass_at_k(n: int, c: int, k: int) -> float:
    """Unbiased pass@k for one task (Chen et al. 2021).

    Args:
        n: Number of samples drawn.
        c: Number of samples that passed.
        k: The k of pass@k (``1 <= k <= n``).

    Returns:
        The probability that at least one of k samples drawn without replacement passes.

    Raises:
        ValueError: If the counts are inconsistent.
    """
    if not (0 <= c <= n):
        raise ValueError(f"need 0 <= c <= n, got n={n}, c={c}")
    if not (1 <= k <= n):
        raise ValueError(f"need 1 <= k <= n, got k={k}, n={n}")
    if n - c < k:
        return 1.0
    # 1 - prod_{i=n-c+1}^{n} (1 - k / i), the numerically stable form of 1 - C(n-c,k)/C(n,k).
    prod = 1.0
    for i in range(n - c + 1, n + 1):
        prod *= 1.0 - k / i
    return 1.0 - prod


@dataclass(frozen=True)
class Interval:
    """A point estimate with a 95 % confidence interval."""

    value: float
    low: float
    high: float
    n: int

    def __str__(self) -> str:
        return f"{self.value:.3f} [{self.low:.3f}, {self.high:.3f}]"

    def to_dict(self) -> dict[str, float | int]:
        """JSON-ready dict."""
        return {"value": self.value, "low": self.low, "high": self.high, "n": self.n}


def wilson_interval(successes: float, n: int, z: float = 1.96) -> Interval:
    """Wilson score interval for a success rate (robust for small n and rates near 0 or 1).

    ``successes`` may be fractional (e.g. a sum of per-task pass@k values); the interval then
    treats the mean as a rate over ``n`` tasks.
    """
    if n <= 0:
        return Interval(float("nan"), float("nan"), float("nan"), 0)
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(max(p * (1 - p) / n + z * z / (4 * n * n), 0.0)) / denom
    return Interval(p, max(0.0, centre - half), min(1.0, centre + half), n)


def mean_interval(values: Sequence[float], z: float = 1.96) -> Interval:
    """Mean with a normal-approximation 95 % interval (zero width for fewer than 2 values)."""
    n = len(values)
    if n == 0:
        return Interval(float("nan"), float("nan"), float("nan"), 0)
    mean = sum(values) / n
    if n < 2:
        return Interval(mean, mean, mean, n)
    var = sum((v - mean) ** 2 for v in values) / (n - 1)
    half = z * math.sqrt(var / n)
    return Interval(mean, mean - half, mean + half, n)
