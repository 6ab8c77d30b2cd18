r"""The paper's aggregated reward phi and the alpha(t) schedules.

.. math::

    \phi(R, r_1, \dots, r_m) = \alpha(t) R + (1 - \alpha(t)) \frac{1}{m} \sum_{j=1}^{m} \gamma^j r_j

``R`` is the outcome reward, ``r_j`` the process reward (PRM score) of step ``j`` (1-based, so the
first step is weighted ``gamma``), ``t`` the training progress a trainer sets, ``gamma`` a
discount. With no process rewards (``m = 0``) phi is ``R`` itself: an env without a PRM pays the
plain outcome.

Two ways to pay phi over an episode, with the same undiscounted return:

* ``terminal``: every step pays 0 and the terminal step pays phi (:func:`phi`).
* ``step``: step ``j`` pays the change of the running process term,
  ``(1 - alpha) * (M_j - M_{j-1})`` with ``M_j = (1/j) sum_{i<=j} gamma^i r_i`` (and
  ``M_0 = 0``), and the terminal step adds ``alpha * R`` (:func:`step_process_reward`). The
  rewards telescope: their sum is exactly phi. A step that lowers the running mean pays a
  negative reward.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = [
    "AlphaSchedule",
    "ConstantAlpha",
    "LinearAlpha",
    "PaperAlpha",
    "discounted_mean",
    "make_alpha_schedule",
    "phi",
    "step_process_reward",
]

#: An alpha schedule: training progress t (>= 0) -> alpha in [0, 1].
AlphaSchedule = Callable[[float], float]


@dataclass(frozen=True)
class ConstantAlpha:
    """alpha(t) = value.

    Attributes:
        value: The constant, in ``[0, 1]``.
    """

    value: float = 1.0

    def __post_init__(self) -> None:
        _check_unit("ConstantAlpha.value", self.value)

    def __call__(self, t: float) -> float:
        """Return alpha at progress ``t``."""
        return self.value


@dataclass(frozen=True)
class LinearAlpha:
    """alpha(t) moves linearly from ``start`` (t = 0) to ``end`` (t >= ``horizon``), then stays.

    Attributes:
        start: alpha at t = 0, in ``[0, 1]``.
        end: alpha from t = ``horizon`` on, in ``[0, 1]``.
        horizon: Progress at which ``end`` is reached (> 0).
    """

    start: float = 1.0
    end: float = 0.1
    horizon: float = 100.0

    def __post_init__(self) -> None:
        _check_unit("LinearAlpha.start", self.start)
        _check_unit("LinearAlpha.end", self.end)
        if not self.horizon > 0:
            raise ValueError(f"LinearAlpha.horizon must be > 0, got {self.horizon!r}")

    def __call__(self, t: float) -> float:
        """Return alpha at progress ``t``."""
        frac = min(max(t, 0.0) / self.horizon, 1.0)
        return self.start + (self.end - self.start) * frac


@dataclass(frozen=True)
class PaperAlpha:
    """The authors' schedule: alpha(t) = max(floor, 1 - rate * t) (defaults 0.1 and 0.01).

    Attributes:
        floor: The smallest alpha, in ``[0, 1]``.
        rate: Decrease of alpha per unit of t (>= 0).
    """

    floor: float = 0.1
    rate: float = 0.01

    def __post_init__(self) -> None:
        _check_unit("PaperAlpha.floor", self.floor)
        if self.rate < 0:
            raise ValueError(f"PaperAlpha.rate must be >= 0, got {self.rate!r}")

    def __call__(self, t: float) -> float:
        """Return alpha at progress ``t``."""
        return min(1.0, max(self.floor, 1.0 - self.rate * max(t, 0.0)))


def make_alpha_schedule(spec: float | str | AlphaSchedule) -> AlphaSchedule:
    """Build an alpha schedule from a number, a name or a callable.

    Args:
        spec: A float in ``[0, 1]`` (constant); ``"paper"`` (:class:`PaperAlpha`);
            ``"constant:V"``; ``"linear:START,END,HORIZON"``; or any callable ``t -> alpha``.

    Raises:
        ValueError: For an unknown name or malformed numbers.
    """
    if callable(spec):
        return spec
    if isinstance(spec, bool):
        raise ValueError(f"alpha schedule must be a number, a name or a callable, got {spec!r}")
    if isinstance(spec, (int, float)):
        return ConstantAlpha(float(spec))
    if not isinstance(spec, str):
        raise ValueError(f"alpha schedule must be a number, a name or a callable, got {spec!r}")
    name, _, rest = spec.partition(":")
    try:
        numbers = [float(x) for x in rest.split(",")] if rest else []
    except ValueError:
        raise ValueError(f"alpha schedule {spec!r}: cannot read numbers from {rest!r}") from None
    if name == "paper" and len(numbers) <= 2:
        return PaperAlpha(*numbers)
    if name == "constant" and len(numbers) == 1:
        return ConstantAlpha(numbers[0])
    if name == "linear" and len(numbers) == 3:
        return LinearAlpha(*numbers)
    raise ValueError(
        f"unknown alpha schedule {spec!r}; use a float, 'paper', 'paper:FLOOR,RATE', "
        "'constant:V' or 'linear:START,END,HORIZON'"
    )


def discounted_mean(process_rewards: Sequence[float], gamma: float) -> float:
    """(1/m) * sum_{j=1..m} gamma^j r_j; 0.0 for no rewards."""
    _check_gamma(gamma)
    if not process_rewards:
        return 0.0
    total = sum(gamma ** j * r for j, r in enumerate(process_rewards, start=1))
    return float(total / len(process_rewards))


def phi(outcome: float, process_rewards: Sequence[float], *, alpha: float, gamma: float) -> float:
    """The aggregated reward (see the module docstring); the outcome R itself when m = 0.

    Args:
        outcome: The outcome reward R.
        process_rewards: r_1..r_m, the PRM scores of the episode's steps in order.
        alpha: alpha(t), in ``[0, 1]``.
        gamma: The discount of later steps' process rewards, in ``[0, 1]``.
    """
    _check_unit("alpha", alpha)
    if not process_rewards:
        _check_gamma(gamma)
        return float(outcome)
    return float(alpha * outcome + (1.0 - alpha) * discounted_mean(process_rewards, gamma))


def step_process_reward(process_rewards: Sequence[float], *, alpha: float, gamma: float) -> float:
    """The per-step payment of the last step in ``step`` mode (module docstring).

    ``process_rewards`` are r_1..r_j up to and including the current step j; the result is
    ``(1 - alpha) * (M_j - M_{j-1})``. The terminal step adds ``alpha * R`` to it.
    """
    _check_unit("alpha", alpha)
    if not process_rewards:
        raise ValueError("step_process_reward needs the current step's process reward")
    now = discounted_mean(process_rewards, gamma)
    before = discounted_mean(process_rewards[:-1], gamma)
    return float((1.0 - alpha) * (now - before))


def _check_unit(name: str, value: float) -> None:
    if not (isinstance(value, (int, float)) and math.isfinite(value) and 0.0 <= value <= 1.0):
        raise ValueError(f"{name} must be a number in [0, 1], got {value!r}")


def _check_gamma(gamma: float) -> None:
    _check_unit("gamma", gamma)
