"""GRPO (TRL ``GRPOTrainer``) with rewards from the env: sandbox outcome, PRM, phi, alpha(t).

For every prompt (a task's first step, ``prompt_mode``) the trainer samples ``num_generations``
completions; :class:`~agents.training.rewards.SandboxReward` runs each completion's program on
the task's tests and pays the env's outcome reward (aggregated with PRM scores by phi when a PRM
is set); :func:`~agents.training.rewards.TrainingProgressCallback` moves alpha(t) with the
optimizer step. Advantages are the rewards' z-scores within the group.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from agents.training.common import (
    load_policy,
    peft_config,
    save_policy,
    trainer_kwargs,
    trl_config,
    write_metrics,
)
from agents.training.configs import GRPORunConfig, RewardSettings, _alpha_spec
from agents.training.data import prompt_records_from_tasks, to_dataset
from agents.training.rewards import SandboxReward, TrainingProgressCallback, load_prm
from o1coder_env._optional import require
from o1coder_env.jsonl_io import read_jsonl
from o1coder_env.rewards import OutcomeConfig
from o1coder_env.tasks.registry import load_tasks

__all__ = ["build_reward", "grpo_trl_config", "prompt_records", "train_grpo"]


def build_reward(settings: RewardSettings, *, prm: Any = None) -> SandboxReward:
    """The reward function of a GRPO/PPO run, over the tasks its settings name.

    Args:
        settings: The run config (its reward fields).
        prm: A PRM callable that overrides ``settings.prm`` (the self-play loop passes its own).
    """
    tasks = load_tasks(settings.source, split=settings.split, path=settings.path,
                       task_ids=list(settings.task_ids) if settings.task_ids else None)
    outcome = OutcomeConfig(mode=settings.reward_mode,
                            compile_penalty=settings.compile_penalty)
    return SandboxReward(
        tasks,
        reward_tests=settings.reward_tests,
        outcome=outcome,
        prm=prm if prm is not None else load_prm(settings.prm),
        alpha=_alpha_spec(settings.alpha),
        gamma=settings.gamma,
        sandbox=settings.sandbox_backend,
        timeout_s=settings.timeout_s,
        max_wait_s=settings.max_wait_s,
        program_rule=settings.program_rule,
    )


def prompt_records(config: GRPORunConfig | Any) -> list[dict[str, Any]]:
    """Prompt records: ``config.data`` (JSONL with ``prompt`` and ``task_id``) or the tasks."""
    if config.data:
        records = read_jsonl(config.data, what="training data")
        for i, record in enumerate(records, 1):
            if "prompt" not in record or "task_id" not in record:
                raise ValueError(f"{config.data}: record {i} needs 'prompt' and 'task_id', has "
                                 f"{sorted(record)}")
        return records[: config.limit] if config.limit else records
    return prompt_records_from_tasks(config.source, split=config.split, path=config.path,
                                     task_ids=config.task_ids, mode=config.prompt_mode,
                                     limit=config.limit)


def grpo_trl_config(config: GRPORunConfig) -> Any:
    """The ``trl.GRPOConfig`` of a run: our fields, then ``config.trl_args`` on top."""
    trl = require("trl", "train", "GRPO training")
    return trl_config(trl.GRPOConfig, config, dict(
        **trainer_kwargs(config, Path(config.out_dir)),
        num_generations=config.num_generations,
        max_completion_length=config.max_completion_length,
        temperature=config.temperature,
        beta=config.beta,
        epsilon=config.epsilon,
        loss_type=config.loss_type,
        log_completions=False,
    ))


def _timed_trainer_class(trl: Any) -> Any:
    """``trl.GRPOTrainer`` that adds up where a step's time goes (generation vs the rest).

    ``timings["generation_s"]`` is the time in TRL's ``_generate`` (sampling the completions),
    ``timings["step_s"]`` the whole of every ``training_step`` (generation, rewards, log-prob
    passes, forward and backward); the reward's own time is kept by the reward function.
    """

    class TimedGRPOTrainer(trl.GRPOTrainer):
        timings: dict[str, float]

        def _generate(self, *args: Any, **kwargs: Any) -> Any:
            begin = time.perf_counter()
            try:
                return super()._generate(*args, **kwargs)
            finally:
                self.timings["generation_s"] += time.perf_counter() - begin

        def training_step(self, *args: Any, **kwargs: Any) -> Any:
            begin = time.perf_counter()
            try:
                return super().training_step(*args, **kwargs)
            finally:
                self.timings["step_s"] += time.perf_counter() - begin

    return TimedGRPOTrainer


def train_grpo(config: GRPORunConfig, *, prm: Any = None, callbacks: Sequence[Any] = ()) -> Path:
    """Train ``config.model`` with GRPO on the env's rewards and save it.

    Args:
        config: The run config.
        prm: Optional PRM callable overriding ``config.prm``.
        callbacks: More ``transformers.TrainerCallback`` objects (e.g. a held-out evaluation).

    Returns:
        ``config.out_dir``: model, tokenizer and ``metrics.json`` (log history with loss,
        reward, reward std, KL; the reward function's sandbox stats; and ``timings``: seconds
        spent generating, computing rewards and updating -- the rest of each step).
    """
    if not isinstance(config, GRPORunConfig):
        raise TypeError(f"train_grpo needs a GRPORunConfig, got {type(config).__name__}")
    trl = require("trl", "train", "GRPO training")
    started = time.time()
    out_dir = Path(config.out_dir)
    records = prompt_records(config)
    reward = build_reward(config, prm=prm)
    model, tokenizer = load_policy(config)
    args = grpo_trl_config(config)
    trainer = _timed_trainer_class(trl)(
        model=model, reward_funcs=[reward], args=args, train_dataset=to_dataset(records),
        processing_class=tokenizer, peft_config=peft_config(config),
        callbacks=[TrainingProgressCallback([reward]), *callbacks])
    trainer.timings = {"generation_s": 0.0, "step_s": 0.0}
    trainer.train()
    save_policy(trainer.model, tokenizer, out_dir, merge_lora=config.merge_lora)
    generation, reward_s = trainer.timings["generation_s"], reward.wall_s
    timings = {"generation_s": round(generation, 2), "reward_s": round(reward_s, 2),
               "update_s": round(max(0.0, trainer.timings["step_s"] - generation - reward_s), 2)}
    write_metrics(out_dir, "grpo", config, trainer.state.log_history, started,
                  {"prompts": len(records), "reward_stats": dict(reward.stats),
                   "final_alpha": reward.alpha, "timings": timings})
    return out_dir
