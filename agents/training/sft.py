"""Supervised fine-tuning of the policy on correct reasoning paths (TRL ``SFTTrainer``).

The paper's step 3: the loss ``-log pi(S_1..m, code | Q)`` over the fully correct paths (D+) of
the MCTS trees. With ``format="prompt-completion"`` (default) each step is one example whose loss
covers only the step (TRL's completion-only loss); ``"messages"`` trains on whole traces.
"""

from __future__ import annotations

import time
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
from agents.training.configs import SFTRunConfig
from agents.training.data import load_sft_records, sft_records_from_tasks, to_dataset
from o1coder_env._optional import require

__all__ = ["sft_trl_config", "train_sft"]


def sft_trl_config(config: SFTRunConfig) -> Any:
    """The ``trl.SFTConfig`` of a run: our fields, then ``config.trl_args`` on top."""
    trl = require("trl", "train", "SFT training")
    return trl_config(trl.SFTConfig, config, dict(
        **trainer_kwargs(config, Path(config.out_dir)),
        num_train_epochs=config.epochs,
        max_length=config.max_length,
        packing=False,
    ))


def train_sft(config: SFTRunConfig) -> Path:
    """Fine-tune ``config.model`` on SFT records and save it.

    Data: ``config.data`` (a ``trees.jsonl``, built with :func:`agents.mcts.export.build_sft`, or
    ready SFT JSONL); when unset, the builtin train tasks' reference solutions as direct answers.

    Returns:
        ``config.out_dir``, holding the model (``save_pretrained``), its tokenizer and
        ``metrics.json`` (log history with the losses).
    """
    if not isinstance(config, SFTRunConfig):
        raise TypeError(f"train_sft needs an SFTRunConfig, got {type(config).__name__}")
    trl = require("trl", "train", "SFT training")
    started = time.time()
    out_dir = Path(config.out_dir)
    if config.data:
        records = load_sft_records(config.data, sft_format=config.sft_format,
                                   min_reward=config.min_reward, limit=config.limit)
    else:
        records = sft_records_from_tasks(limit=config.limit)
    model, tokenizer = load_policy(config)
    args = sft_trl_config(config)
    trainer = trl.SFTTrainer(model=model, args=args, train_dataset=to_dataset(records),
                             processing_class=tokenizer, peft_config=peft_config(config))
    check_trainable(trainer, len(records), config)
    trainer.train()
    save_policy(trainer.model, tokenizer, out_dir, merge_lora=config.merge_lora)
    write_metrics(out_dir, "sft", config, trainer.state.log_history, started,
                  {"examples": len(records)})
    return out_dir
