"""What every trainer shares: loading the policy, LoRA, trainer arguments, saving, metrics.

Device placement is accelerate's (through the transformers ``Trainer`` or our PPO loop's
``Accelerator``): a GPU when there is one, else the CPU.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from agents.training.configs import TrainRunConfig
from o1coder_env._optional import require

__all__ = [
    "RENAMED_TRL_FIELDS",
    "NoTrainingData",
    "check_trainable",
    "load_policy",
    "peft_config",
    "save_policy",
    "trainer_kwargs",
    "trl_config",
    "trl_field_names",
    "write_metrics",
]

#: TRL / ``TrainingArguments`` fields that one of our run-config fields sets under another name.
RENAMED_TRL_FIELDS: dict[str, str] = {
    "output_dir": "out_dir",
    "per_device_train_batch_size": "per_device_batch_size",
    "warmup_steps": "warmup_ratio",
}


class NoTrainingData(ValueError):
    """Nothing is left to train on (no records, or every record dropped by the trainer)."""


def check_trainable(trainer: Any, records: int, config: TrainRunConfig) -> None:
    """Raise :class:`NoTrainingData` when the trainer's dataset came out empty.

    TRL drops examples whose prompt alone fills ``max_length``; with few records that can be all
    of them, and training would then fail deep inside the data loader ("num_samples=0").

    Raises:
        NoTrainingData: If the trainer has no training example left.
    """
    dataset = getattr(trainer, "train_dataset", None)
    if dataset is not None and len(dataset) == 0:
        raise NoTrainingData(
            f"all {records} training record(s) were dropped by the trainer (prompts longer than "
            f"max_length={config.max_length} tokens are dropped); raise max_length or give "
            f"shorter examples")


def load_policy(config: TrainRunConfig) -> tuple[Any, Any]:
    """Load the policy model and its tokenizer (aliases resolved offline).

    The tokenizer gets a pad token (the EOS token) when it has none, and left padding is left
    to the trainers that need it.
    """
    torch = require("torch", "train", "training a policy")
    transformers = require("transformers", "train", "training a policy")
    from agents.generators.models import resolve_model

    path = resolve_model(config.model)
    tokenizer = transformers.AutoTokenizer.from_pretrained(path)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    dtype = torch.bfloat16 if config.bf16 else torch.float32
    model = transformers.AutoModelForCausalLM.from_pretrained(path, dtype=dtype)
    if model.generation_config.pad_token_id is None:
        model.generation_config.pad_token_id = tokenizer.pad_token_id
    return model, tokenizer


def peft_config(config: TrainRunConfig) -> Any:
    """A peft ``LoraConfig`` from the run config, or ``None`` when LoRA is off."""
    if not config.lora:
        return None
    peft = require("peft", "train", "LoRA training")
    targets: Any = list(config.lora_target_modules)
    if targets == ["all-linear"]:
        targets = "all-linear"
    return peft.LoraConfig(r=config.lora_r, lora_alpha=config.lora_alpha,
                           lora_dropout=config.lora_dropout, target_modules=targets,
                           task_type="CAUSAL_LM", bias="none")


def trainer_kwargs(config: TrainRunConfig, out_dir: Path) -> dict[str, Any]:
    """The ``TrainingArguments`` fields every TRL config of ours sets the same way."""
    return {
        "output_dir": str(out_dir / "trainer"),
        "max_steps": config.max_steps,
        "learning_rate": config.learning_rate,
        "per_device_train_batch_size": config.per_device_batch_size,
        "gradient_accumulation_steps": config.gradient_accumulation_steps,
        "seed": config.seed,
        "data_seed": config.seed,
        "logging_steps": config.logging_steps,
        "logging_first_step": True,
        "warmup_steps": config.warmup_ratio,
        "bf16": config.bf16,
        "gradient_checkpointing": config.gradient_checkpointing,
        "report_to": config.report_to,
        "save_strategy": "steps" if config.save_steps else "no",
        "save_steps": config.save_steps or 500,
        "disable_tqdm": True,
        "dataloader_num_workers": 0,
    }


def trl_field_names(trl_config_cls: type) -> set[str]:
    """The fields a TRL config class takes in its constructor."""
    import dataclasses

    return {f.name for f in dataclasses.fields(trl_config_cls) if f.init}


def trl_config(trl_config_cls: type, config: TrainRunConfig, ours: dict[str, Any]) -> Any:
    """Build a TRL config: our settings ``ours``, then ``config.trl_args`` on top.

    Every TRL field is reachable: the ones we expose under a run-config field (same name, or
    :data:`RENAMED_TRL_FIELDS`) through that field, every other one through ``trl_args``.

    Raises:
        ValueError: If ``trl_args`` names a field the TRL class does not have, or one that a
            run-config field already sets (naming the field to use instead).
    """
    import dataclasses

    owner = type(config).__name__
    extra = dict(config.trl_args)
    unknown = sorted(set(extra) - trl_field_names(trl_config_cls))
    if unknown:
        raise ValueError(f"{owner}.trl_args: {unknown} are not fields of trl."
                         f"{trl_config_cls.__name__}")
    own = {f.name for f in dataclasses.fields(config)}
    shadowed = {k: RENAMED_TRL_FIELDS.get(k, k) for k in extra
                if k in own or k in RENAMED_TRL_FIELDS}
    if shadowed:
        use = ", ".join(f"{k} -> {owner}.{v}" for k, v in sorted(shadowed.items()))
        raise ValueError(f"{owner}.trl_args sets fields the run config has its own field for; "
                         f"set those instead ({use})")
    return trl_config_cls(**{**ours, **extra})


def save_policy(model: Any, tokenizer: Any, out_dir: Path, *, merge_lora: bool) -> Path:
    """Save the trained policy (``save_pretrained``) and its tokenizer into ``out_dir``.

    A peft model is merged into its base weights first when ``merge_lora`` is set, so the folder
    loads with plain ``from_pretrained`` (and ``HFGenerator``); otherwise the adapter is saved.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    if merge_lora and hasattr(model, "merge_and_unload"):
        model = model.merge_and_unload()
    model.save_pretrained(out_dir)
    tokenizer.save_pretrained(out_dir)
    return out_dir


def write_metrics(out_dir: Path, method: str, config: TrainRunConfig,
                  log_history: list[dict[str, Any]], started: float,
                  extra: dict[str, Any] | None = None) -> Path:
    """Write ``metrics.json``: the method, the config, the log history and the final loss."""
    losses = [row["loss"] for row in log_history if "loss" in row]
    payload: dict[str, Any] = {
        "method": method,
        "config": asdict(config),
        "log_history": log_history,
        "losses": losses,
        "final_loss": losses[-1] if losses else None,
        "wall_s": round(time.time() - started, 3),
    }
    payload.update(extra or {})
    path = out_dir / "metrics.json"
    path.write_text(json.dumps(payload, indent=2, default=str) + "\n", encoding="utf-8")
    return path
