"""Each TRL trainer trains a few steps on the tiny model: parameters change, loss is logged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("trl")
pytest.importorskip("peft")

from agents.generators.tiny import build_tiny_model
from agents.training import (
    DPORunConfig,
    GRPORunConfig,
    PPORunConfig,
    SFTRunConfig,
    train_dpo,
    train_grpo,
    train_ppo,
    train_sft,
)
from agents.training.data import sft_records_from_tasks

TINY = {"learning_rate": 1e-2, "max_length": 192, "logging_steps": 1}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("tiny"), num_layers=1, hidden_size=32)


def _weights(folder: Path) -> dict:
    from safetensors.torch import load_file

    return load_file(str(folder / "model.safetensors"))


def _changed(before: Path, after: Path) -> list[str]:
    a, b = _weights(before), _weights(after)
    assert a.keys() == b.keys()
    return [k for k in a if not bool((a[k] == b[k]).all())]


def _losses(out: Path) -> list[float]:
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["losses"] == [r["loss"] for r in metrics["log_history"] if "loss" in r]
    return metrics["losses"]


def _letters_prm(problem, steps):
    """A PRM that varies with the text, so a group's rewards differ (non-zero advantages)."""
    return [sum(c.isalpha() for c in s) / max(len(s), 1) for s in steps]


def test_sft_trains_and_logs_the_loss(tiny, tmp_path):
    out = train_sft(SFTRunConfig(model=str(tiny), out_dir=str(tmp_path / "sft"), max_steps=2,
                                 per_device_batch_size=2, limit=4, **TINY))
    losses = _losses(out)
    assert len(losses) >= 2 and all(loss > 0 for loss in losses)
    assert _changed(tiny, out)


def _write_pairs(path: Path, limit: int) -> Path:
    """Preference pairs: a task's reference answer over ``pass``."""
    with open(path, "w") as handle:
        for r in sft_records_from_tasks(limit=limit):
            bad = [{"role": "assistant", "content": "```python\npass\n```"}]
            handle.write(json.dumps({"task_id": r["task_id"], "prompt": r["prompt"],
                                     "chosen": r["completion"], "rejected": bad}) + "\n")
    return path


def test_dpo_iterates_and_moves_the_policy(tiny, tmp_path):
    pairs = _write_pairs(tmp_path / "pairs.jsonl", limit=2)
    out = train_dpo(DPORunConfig(model=str(tiny), data=str(pairs), out_dir=str(tmp_path / "dpo"),
                                 max_steps=1, iterations=2, per_device_batch_size=2, **TINY))
    metrics = json.loads((out / "metrics.json").read_text())
    assert {row["round"] for row in metrics["log_history"]} == {0, 1}
    assert len(_losses(out)) >= 2
    assert _changed(tiny, out)


def test_dpo_says_so_when_truncation_leaves_nothing(tiny, tmp_path):
    # Every prompt longer than max_length: TRL drops them all; we must say why, not fail in the
    # data loader with "num_samples=0" (self-play skips the stage on this error).
    from agents.training.common import NoTrainingData

    pairs = _write_pairs(tmp_path / "pairs.jsonl", limit=1)
    with pytest.raises(NoTrainingData, match="max_length=4"):
        train_dpo(DPORunConfig(model=str(tiny), data=str(pairs), out_dir=str(tmp_path / "dpo"),
                               max_steps=1, per_device_batch_size=1,
                               **{**TINY, "max_length": 4}))


def test_grpo_with_lora_trains_on_env_rewards(tiny, tmp_path):
    config = GRPORunConfig(model=str(tiny), out_dir=str(tmp_path / "grpo"), max_steps=1,
                           per_device_batch_size=4, num_generations=4, limit=2,
                           max_completion_length=8, alpha="0.5", lora=True,
                           lora_target_modules=("q_proj", "v_proj"), **TINY)
    out = train_grpo(config, prm=_letters_prm)
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["reward_stats"]["completions"] == 4
    assert any("reward" in row for row in metrics["log_history"])
    assert _losses(out)
    changed = _changed(tiny, out)  # merged LoRA: only the adapted projections move
    assert changed and all("q_proj" in k or "v_proj" in k for k in changed)


def test_ppo_trains_policy_and_value_head(tiny, tmp_path):
    config = PPORunConfig(model=str(tiny), out_dir=str(tmp_path / "ppo"), max_steps=2,
                          rollouts_per_step=2, ppo_epochs=1, limit=2, max_completion_length=8,
                          alpha="0.5", **TINY)
    out = train_ppo(config, prm=_letters_prm)
    losses = _losses(out)
    assert len(losses) == 2
    metrics = json.loads((out / "metrics.json").read_text())
    assert {"kl", "reward", "value_loss", "policy_loss"} <= set(metrics["log_history"][0])
    assert (out / "value_head.pt").is_file()
    assert _changed(tiny, out)
