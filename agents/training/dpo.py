"""Iterated DPO of the policy on step-level preference pairs (TRL ``DPOTrainer``).

Pairs are sibling steps of the MCTS trees whose values ``V/N`` differ by at least ``margin``
(:func:`agents.mcts.export.build_dpo`): at the same state, the better step is ``chosen``. Each of
``iterations`` rounds trains ``max_steps`` steps and the next round takes the result as both the
starting policy and the new reference (iterated DPO: the KL anchor moves with the policy).
Regenerating pairs with the improved policy between rounds is the self-play loop's job.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from agents.training.common import (
    check_trainable,
    load_policy,
    peft_config,
    save_policy,
    trainer_kwargs,
    trl_config,
    write_metrics,
)
from agents.training.configs import DPORunConfig
from agents.training.data import load_dpo_records, to_dataset
from o1coder_env._optional import require

__all__ = ["dpo_trl_config", "train_dpo"]


def dpo_trl_config(config: DPORunConfig) -> Any:
    """The ``trl.DPOConfig`` of a run: our fields, then ``config.trl_args`` on top."""
    trl = require("trl", "train", "DPO training")
    return trl_config(trl.DPOConfig, config, dict(
        **trainer_kwargs(config, Path(config.out_dir)),
        beta=config.beta,
        loss_type=[config.loss_type],
        max_length=config.max_length,
    ))


def train_dpo(config: DPORunConfig, *, callbacks: Sequence[Any] = ()) -> Path:
    """Train ``config.model`` with (iterated) DPO on ``config.data`` and save it.

    Args:
        config: The run config.
        callbacks: More ``transformers.TrainerCallback`` objects (e.g. a held-out evaluation).

    Returns:
        ``config.out_dir``: the model (``save_pretrained``), its tokenizer and ``metrics.json``
        (the log history of every round, each row tagged with its ``round``).

    Raises:
        ValueError: Without ``config.data`` (DPO needs preference pairs).
    """
    if not isinstance(config, DPORunConfig):
        raise TypeError(f"train_dpo needs a DPORunConfig, got {type(config).__name__}")
    if not config.data:
        raise ValueError("DPORunConfig.data must name a trees.jsonl or a preference JSONL")
    trl = require("trl", "train", "DPO training")
    started = time.time()
    out_dir = Path(config.out_dir)
    records = load_dpo_records(config.data, margin=config.margin, limit=config.limit)
    dataset = to_dataset(records)
    model, tokenizer = load_policy(config)
    history: list[dict[str, Any]] = []
    for round_index in range(config.iterations):
        args = dpo_trl_config(config)
        # ref_model=None: TRL uses a frozen copy of the starting policy (or the adapter-free
        # base under LoRA), so each round's reference is the previous round's result.
        trainer = trl.DPOTrainer(model=model, ref_model=None, args=args, train_dataset=dataset,
                                 processing_class=tokenizer, peft_config=peft_config(config),
                                 callbacks=list(callbacks))
        check_trainable(trainer, len(records), config)
        trainer.train()
        history += [{**row, "round": round_index} for row in trainer.state.log_history]
        model = trainer.model
        last = round_index == config.iterations - 1
        if config.lora and not last and hasattr(model, "merge_and_unload"):
            # Fold this round's adapter in, so the next round's reference includes it.
            model = model.merge_and_unload()
    save_policy(model, tokenizer, out_dir, merge_lora=config.merge_lora)
    write_metrics(out_dir, "dpo", config, history, started,
                  {"pairs": len(records), "rounds": config.iterations})
    return out_dir
