"""Rewards: the outcome reward, the PRM hook and the paper's aggregation phi.

Pure math, no sandbox and no env: the envs compute test counts and PRM scores and call these.
"""

from __future__ import annotations

from o1coder_env.rewards.aggregation import (
    AlphaSchedule,
    ConstantAlpha,
    LinearAlpha,
    PaperAlpha,
    discounted_mean,
    make_alpha_schedule,
    phi,
    step_process_reward,
)
from o1coder_env.rewards.outcome import OUTCOME_MODES, OutcomeConfig, mix_outcomes, outcome_reward
from o1coder_env.rewards.prm import PRM, ConstantPRM, PRMCallable, checked_scores, last_step_score

__all__ = [
    "OUTCOME_MODES",
    "PRM",
    "AlphaSchedule",
    "ConstantAlpha",
    "ConstantPRM",
    "LinearAlpha",
    "OutcomeConfig",
    "PRMCallable",
    "PaperAlpha",
    "checked_scores",
    "discounted_mean",
    "last_step_score",
    "make_alpha_schedule",
    "mix_outcomes",
    "outcome_reward",
    "phi",
    "step_process_reward",
]
