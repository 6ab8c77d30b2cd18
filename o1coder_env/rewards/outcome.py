"""Outcome reward: the score of the program written at the code step.

Pure functions of test counts, no sandbox: the env turns an :class:`~o1coder_env.sandbox.report.
ExecReport` into counts and calls :func:`outcome_reward`.

The formula (paper section "Rewards", ``../shared/PAPER_NOTES.md``)::

    pass  = passed / total                        (mode "fraction", the authors' code)
          | tau_pass if passed == total else tau_fail   (mode "binary", the paper's RL reward)
    R     = compile_weight * compiled + (1 - compile_weight) * pass
    R    -= compile_penalty   when the program does not compile (or there is no program)

``compiled`` is 1 when the program parses and 0 otherwise; a program that does not compile
passes no test, so in ``fraction`` mode its ``pass`` is 0 and in ``binary`` mode ``tau_fail``.
With the defaults (fraction, ``compile_weight=0``, ``compile_penalty=0``) R is the pass fraction in
``[0, 1]``, exactly the authors' terminal value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["OUTCOME_MODES", "OutcomeConfig", "mix_outcomes", "outcome_reward"]

#: The ways test results become a pass score.
OUTCOME_MODES = ("fraction", "binary")


@dataclass(frozen=True)
class OutcomeConfig:
    """How test results become the outcome reward R.

    Attributes:
        mode: ``"fraction"`` (passed / total) or ``"binary"`` (``tau_pass`` when every test
            passes, else ``tau_fail``).
        tau_pass: Pass score of a fully correct program in binary mode.
        tau_fail: Pass score of any other program in binary mode.
        compile_weight: The paper's alpha in ``alpha * compile + (1 - alpha) * pass``, in
            ``[0, 1]`` (the authors use 0).
        compile_penalty: Subtracted from R when the program does not compile, and when an
            episode ends without any program (>= 0).
    """

    mode: str = "fraction"
    tau_pass: float = 1.0
    tau_fail: float = 0.0
    compile_weight: float = 0.0
    compile_penalty: float = 0.0

    def __post_init__(self) -> None:
        if self.mode not in OUTCOME_MODES:
            raise ValueError(
                f"OutcomeConfig.mode must be one of {OUTCOME_MODES}, got {self.mode!r}"
            )
        if not 0.0 <= self.compile_weight <= 1.0:
            raise ValueError(
                f"OutcomeConfig.compile_weight must be in [0, 1], got {self.compile_weight!r}"
            )
        if self.compile_penalty < 0:
            raise ValueError(
                f"OutcomeConfig.compile_penalty must be >= 0, got {self.compile_penalty!r}"
            )
        if self.mode == "binary" and self.tau_pass < self.tau_fail:
            raise ValueError(
                f"OutcomeConfig.tau_pass ({self.tau_pass}) must be >= tau_fail ({self.tau_fail})"
            )

    @property
    def max_reward(self) -> float:
        """R of a program that compiles and passes every test."""
        best = 1.0 if self.mode == "fraction" else self.tau_pass
        return self.compile_weight + (1.0 - self.compile_weight) * best

    @property
    def min_reward(self) -> float:
        """R of a program that does not compile (also of an episode without a program)."""
        return outcome_reward(0, 1, compiled=False, config=self)


def outcome_reward(
    passed: int, total: int, *, compiled: bool, config: OutcomeConfig | None = None
) -> float:
    """The outcome reward R of one program on one test set.

    Args:
        passed: Tests passed (0 when the program did not compile).
        total: Tests run (> 0).
        compiled: Whether the program compiled.
        config: The reward settings (default :class:`OutcomeConfig`).

    Returns:
        R as defined in the module docstring.

    Raises:
        ValueError: If ``total`` is not positive or ``passed`` is outside ``[0, total]``.
    """
    cfg = config or OutcomeConfig()
    if total <= 0:
        raise ValueError(f"outcome_reward needs at least one test, got total={total}")
    if not 0 <= passed <= total:
        raise ValueError(f"passed must be in [0, total={total}], got {passed}")
    if not compiled:
        passed = 0
    if cfg.mode == "fraction":
        pass_score = passed / total
    else:
        pass_score = cfg.tau_pass if passed == total else cfg.tau_fail
    reward = cfg.compile_weight * float(compiled) + (1.0 - cfg.compile_weight) * pass_score
    if not compiled:
        reward -= cfg.compile_penalty
    return float(reward)


def mix_outcomes(rewards: Mapping[str, float], weights: Mapping[str, float]) -> float:
    """Weighted mean of per-source outcome rewards (``{"public": R_pub, "tcg": R_tcg}``).

    Args:
        rewards: Outcome reward per test source.
        weights: Non-negative weight per test source (normalized here; same keys).

    Raises:
        ValueError: If the keys differ, a weight is negative, or all weights are zero.
    """
    if set(rewards) != set(weights):
        raise ValueError(f"reward sources {sorted(rewards)} != weight sources {sorted(weights)}")
    if any(w < 0 for w in weights.values()):
        raise ValueError(f"test-source weights must be >= 0, got {dict(weights)}")
    total = sum(weights.values())
    if total <= 0:
        raise ValueError(f"test-source weights must not all be zero, got {dict(weights)}")
    return float(sum(rewards[k] * weights[k] for k in rewards) / total)
