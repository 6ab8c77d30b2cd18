"""Reinforcement learning with Stable-Baselines3 on the Choice env (PPO).

``train_ppo_choice(PPOChoiceConfig(...))`` trains and saves a run; :class:`PPOChoiceAgent`
plays it in ``O1Coder-Choice-v1`` (the bench loads it as
``agents.rl.sb3_ppo:PPOChoiceAgent``).
Importing this package is cheap: SB3 and torch load inside the functions. See ``docs/selfplay.md``.
"""

from __future__ import annotations

from agents.rl.sb3_ppo import (
    DEFAULT_MODEL_PATH,
    MODEL_ENV_VAR,
    ChoiceEvaluation,
    PPOChoiceAgent,
    PPOChoiceConfig,
    evaluate_choice,
    make_choice_env,
    train_ppo_choice,
)

__all__ = [
    "DEFAULT_MODEL_PATH",
    "MODEL_ENV_VAR",
    "ChoiceEvaluation",
    "PPOChoiceAgent",
    "PPOChoiceConfig",
    "evaluate_choice",
    "make_choice_env",
    "train_ppo_choice",
]
