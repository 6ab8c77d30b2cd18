"""The process reward model (PRM) hook: any callable ``(problem, steps) -> per-step scores``.

A PRM scores every step of a trace: ``prm(problem, steps)[j]`` is the score of ``steps[j]``, a
float in ``[0, 1]`` (a trained PRM's sigmoid output, a heuristic, a constant). The env calls it
once per step with the trace so far and keeps the score of the last step, so a PRM whose score of
step j depends only on steps 1..j (every causal PRM) gives the same scores as scoring the final
trace once. :func:`checked_scores` validates what a PRM returns, with errors that say what was
wrong.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

__all__ = ["PRM", "ConstantPRM", "PRMCallable", "checked_scores", "last_step_score"]

#: The plain callable type of a PRM.
PRMCallable = Callable[[str, Sequence[str]], Sequence[float]]


@runtime_checkable
class PRM(Protocol):
    """Structural type of a PRM: ``prm(problem, steps) -> one score in [0, 1] per step``."""

    def __call__(self, problem: str, steps: Sequence[str]) -> Sequence[float]:
        """Score every step of ``steps`` for ``problem``."""
        ...


class ConstantPRM:
    """A PRM that gives every step the same score (a baseline and a test double).

    Args:
        score: The score of every step, in ``[0, 1]``.
    """

    def __init__(self, score: float = 1.0) -> None:
        if not 0.0 <= score <= 1.0:
            raise ValueError(f"ConstantPRM score must be in [0, 1], got {score!r}")
        self.score = float(score)

    def __call__(self, problem: str, steps: Sequence[str]) -> list[float]:
        """Return ``[score] * len(steps)``."""
        return [self.score] * len(steps)

    def __repr__(self) -> str:
        return f"ConstantPRM({self.score})"


def checked_scores(scores: Sequence[float], n_steps: int) -> list[float]:
    """Validate a PRM's output for a trace of ``n_steps`` steps and return it as floats.

    Raises:
        ValueError: If the length is not ``n_steps`` or a score is not a finite number in
            ``[0, 1]``.
    """
    try:
        values = [float(s) for s in scores]
    except (TypeError, ValueError) as exc:
        raise ValueError(f"a PRM must return a sequence of numbers, got {scores!r}") from exc
    if len(values) != n_steps:
        raise ValueError(f"the PRM returned {len(values)} scores for {n_steps} steps")
    for j, v in enumerate(values):
        if not (math.isfinite(v) and 0.0 <= v <= 1.0):
            raise ValueError(f"PRM score of step {j + 1} must be in [0, 1], got {v!r}")
    return values


def last_step_score(prm: PRMCallable, problem: str, steps: Sequence[str]) -> float:
    """Call ``prm`` on the trace and return the (validated) score of its last step."""
    if not steps:
        raise ValueError("last_step_score needs at least one step")
    return checked_scores(prm(problem, list(steps)), len(steps))[-1]
