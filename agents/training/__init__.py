"""Policy trainers on TRL: SFT, iterated DPO, GRPO with env rewards, token-level PPO.

Public functions (each returns the saved checkpoint folder, with ``metrics.json``)::

    train_sft(SFTRunConfig(...))    # TRL SFTTrainer on correct MCTS paths (D+)
    train_dpo(DPORunConfig(...))    # TRL DPOTrainer on step-level sibling pairs, iterated
    train_grpo(GRPORunConfig(...))  # TRL GRPOTrainer, reward = sandbox outcome (+ PRM via phi)
    train_ppo(PPORunConfig(...))    # token-level PPO with a value head (TRL 1.16 has no PPO)

Heavy imports (torch, transformers, trl, peft) happen inside the functions, so importing this
package is cheap. See ``docs/training.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from agents.training.configs import (
    DPORunConfig,
    GRPORunConfig,
    PPORunConfig,
    RewardSettings,
    SFTRunConfig,
    TrainRunConfig,
    config_help,
)

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

__all__ = [
    "DPORunConfig",
    "GRPORunConfig",
    "PPORunConfig",
    "RewardSettings",
    "SFTRunConfig",
    "TrainRunConfig",
    "config_help",
    "train_dpo",
    "train_grpo",
    "train_ppo",
    "train_sft",
]


def train_sft(config: SFTRunConfig) -> Path:
    """See :func:`agents.training.sft.train_sft`."""
    from agents.training.sft import train_sft as run

    return run(config)


def train_dpo(config: DPORunConfig, *, callbacks: Sequence[Any] = ()) -> Path:
    """See :func:`agents.training.dpo.train_dpo`."""
    from agents.training.dpo import train_dpo as run

    return run(config, callbacks=callbacks)


def train_grpo(config: GRPORunConfig, *, prm: Any = None, callbacks: Sequence[Any] = ()) -> Path:
    """See :func:`agents.training.grpo.train_grpo`."""
    from agents.training.grpo import train_grpo as run

    return run(config, prm=prm, callbacks=callbacks)


def train_ppo(config: PPORunConfig, *, prm: Any = None) -> Path:
    """See :func:`agents.training.ppo.train_ppo`."""
    from agents.training.ppo import train_ppo as run

    return run(config, prm=prm)
