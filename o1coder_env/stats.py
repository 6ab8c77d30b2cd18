"""Statistics shared by every layer: pass@k, intervals, rank AUC, the task-cluster bootstrap.

One module for the estimators the bench, the trainers' evaluations, self-play and the PRM
evaluation report, so a figure means the same thing wherever it is printed.

Definitions (also in docs/benchmarks.md):

* ``pass@k`` -- Chen et al. (2021)'s unbiased estimator. For a task with ``n`` samples of which
  ``c`` pass, ``pass@k = 1 - C(n - c, k) / C(n, k)``.
* :func:`wilson_interval` -- 95 % Wilson score interval for a rate over ``n`` units. It accepts
  a *fractional* number of successes (a sum of per-task pass@k values), which scipy's
  ``binomtest(...).proportion_ci`` does not, hence the closed form here.
* :func:`mean_interval` -- mean +- 1.96 standard errors (normal approximation).
* :func:`roc_auc` -- the Mann-Whitney U statistic from average ranks (``scipy.stats.rankdata``).
* :func:`bootstrap_ci` -- percentile bootstrap that resamples whole *groups* (tasks): steps or
  answers of one task are correlated, so the unit of resampling is the task. scipy's
  ``stats.bootstrap`` resamples items, not clusters, so this part is our own;
  :func:`bootstrap_mean` and :func:`paired_delta` are built on it.

Only numpy is needed to import this module; scipy (extras ``bench`` and ``train``) is imported
by :func:`roc_auc` when called.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from o1coder_env._optional import require

__all__ = [
    "BOOTSTRAP_RESAMPLES",
    "Interval",
    "bootstrap_ci",
    "bootstrap_mean",
    "mean_interval",
    "paired_delta",
    "pass_at_k",
    "roc_auc",
    "wilson_interval",
]

#: Default number of bootstrap resamples.
BOOTSTRAP_RESAMPLES = 2000


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


def roc_auc(labels: Sequence[bool] | np.ndarray, scores: Sequence[float] | np.ndarray) -> float:
    """Area under the ROC curve (Mann-Whitney U with average ranks for ties).

    Returns:
        The AUC, or ``nan`` when the labels hold only one class.

    Raises:
        ValueError: If the lengths differ or a score is not finite.
        MissingExtraError: Without scipy (extras ``bench`` or ``train``).
    """
    y = np.asarray(labels, dtype=bool)
    s = np.asarray(scores, dtype=float)
    if y.shape != s.shape or y.ndim != 1:
        raise ValueError(f"labels and scores must be 1-D of the same length, got {y.shape} "
                         f"and {s.shape}")
    if not np.all(np.isfinite(s)):
        raise ValueError("scores must be finite numbers")
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    scipy_stats = require("scipy.stats", extra="bench", purpose="rank-based AUC")
    ranks = scipy_stats.rankdata(s, method="average")
    u = float(ranks[y].sum()) - n_pos * (n_pos + 1) / 2.0
    return float(u / (n_pos * n_neg))


def bootstrap_ci(groups: Sequence[Any], statistic: Callable[[np.ndarray], float], *,
                 resamples: int = 1000, seed: int = 0, level: float = 0.95) -> list[float]:
    """Percentile bootstrap interval of a statistic, resampling whole groups (tasks).

    Args:
        groups: The group (e.g. task id) of every item, in item order.
        statistic: Maps an index array into the items (with repeats) to a number; ``nan``
            results (a resample with one class only) are dropped.
        resamples: Bootstrap resamples.
        seed: Seed of the resampling (a ``numpy`` Generator).
        level: Coverage of the interval.

    Returns:
        ``[low, high]``, or ``[nan, nan]`` when there are no items or no finite resample.

    Raises:
        ValueError: If ``resamples`` < 1 or ``level`` is not in (0, 1).
    """
    if resamples < 1:
        raise ValueError(f"resamples must be >= 1, got {resamples}")
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must lie in (0, 1), got {level}")
    members: dict[Any, list[int]] = {}
    for i, g in enumerate(groups):
        members.setdefault(g, []).append(i)
    if not members:
        return [math.nan, math.nan]
    blocks = [np.asarray(ix, dtype=int) for ix in members.values()]
    rng = np.random.default_rng(seed)
    values = []
    for _ in range(resamples):
        picks = rng.integers(0, len(blocks), size=len(blocks))
        value = statistic(np.concatenate([blocks[k] for k in picks]))
        if math.isfinite(value):
            values.append(value)
    if not values:
        return [math.nan, math.nan]
    tail = (1.0 - level) / 2.0 * 100.0
    low, high = np.percentile(values, [tail, 100.0 - tail])
    return [float(low), float(high)]


def bootstrap_mean(groups: Sequence[Sequence[float]], *, seed: int = 0,
                   resamples: int = BOOTSTRAP_RESAMPLES) -> dict[str, float]:
    """Mean of every value with a 95 % percentile bootstrap interval resampling whole groups.

    Answers to the same task are correlated, so the resampled unit is the task (a group).

    Returns:
        ``{"value", "low", "high", "n"}`` with ``n`` the number of non-empty groups.

    Raises:
        ValueError: Without any value.
    """
    kept = [list(g) for g in groups if len(g)]
    if not kept:
        raise ValueError("bootstrap_mean needs at least one non-empty group")
    values = np.asarray([v for g in kept for v in g], dtype=float)
    owners = [i for i, g in enumerate(kept) for _ in g]
    low, high = bootstrap_ci(owners, lambda ix: float(values[ix].mean()), resamples=resamples,
                             seed=seed)
    return {"value": float(values.mean()), "low": low, "high": high, "n": len(kept)}


def paired_delta(before: Mapping[str, Sequence[float]], after: Mapping[str, Sequence[float]], *,
                 seed: int = 0, resamples: int = BOOTSTRAP_RESAMPLES) -> dict[str, float]:
    """Mean over tasks of (after - before) per-task mean, with a bootstrap interval over tasks.

    Raises:
        ValueError: If the two sides do not hold the same tasks.
    """
    if sorted(before) != sorted(after):
        raise ValueError("paired delta needs the same tasks before and after")
    deltas = [[sum(after[t]) / len(after[t]) - sum(before[t]) / len(before[t])] for t in before]
    return bootstrap_mean(deltas, seed=seed, resamples=resamples)
