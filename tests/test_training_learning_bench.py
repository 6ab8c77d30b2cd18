"""The DPO/GRPO learning benchmark's measuring parts: intervals, parse check, likelihood metrics."""

from __future__ import annotations

import json

import pytest

from benchmarks.perf.learning_trl_bench import likelihood_metrics, parses
from o1coder_env.stats import bootstrap_mean, paired_delta


def test_parses_checks_syntax_without_running():
    assert parses("def f(x):\n    return x + 1\n")
    assert parses("raise SystemExit(3)\n")  # compiled, never run
    assert not parses(None)
    assert not parses("def f(x) return x")
    assert not parses("x = 1\x00")


def test_bootstrap_mean_resamples_tasks():
    groups = [[0.0, 0.0], [1.0], [0.5, 0.5], [0.25, 0.75]]
    ci = bootstrap_mean(groups, seed=0, resamples=500)
    assert ci["value"] == pytest.approx(3.0 / 7.0)  # the mean of every answer, not of tasks
    assert ci["n"] == 4
    assert 0.0 <= ci["low"] < ci["value"] < ci["high"] <= 1.0
    assert bootstrap_mean(groups, seed=0, resamples=500) == ci  # seeded
    constant = bootstrap_mean([[0.3], [0.3, 0.3]], resamples=200)
    assert constant["low"] == constant["high"] == pytest.approx(0.3)
    with pytest.raises(ValueError, match="non-empty group"):
        bootstrap_mean([[], []])


def test_paired_delta_is_after_minus_before_per_task():
    before = {"a": [0.0, 0.0], "b": [0.5, 0.5], "c": [0.2, 0.4]}
    after = {"a": [1.0, 0.0], "b": [0.5, 0.5], "c": [0.3, 0.5]}
    delta = paired_delta(before, after, resamples=300)
    assert delta["value"] == pytest.approx((0.5 + 0.0 + 0.1) / 3)
    assert delta["low"] <= delta["value"] <= delta["high"]
    with pytest.raises(ValueError, match="same tasks"):
        paired_delta(before, {"a": [1.0]})


def test_likelihood_metrics_on_the_tiny_model(tmp_path):
    transformers = pytest.importorskip("transformers")
    from agents.generators.tiny import build_tiny_model
    from agents.training.data import prompt_messages
    from o1coder_env.tasks import load_tasks

    folder = build_tiny_model(tmp_path / "tiny", num_layers=1, hidden_size=32)
    model = transformers.AutoModelForCausalLM.from_pretrained(folder).eval()
    tokenizer = transformers.AutoTokenizer.from_pretrained(folder)
    tasks = load_tasks("builtin", split="test")[:2]
    ref = f"```python\n{tasks[0].reference_solution.strip()}\n```"
    pairs = [{"prompt": prompt_messages(tasks[0]),
              "chosen": [{"role": "assistant", "content": ref}],
              "rejected": [{"role": "assistant", "content": ref + "\n" + "x = 1\n" * 40}]}]
    out = likelihood_metrics(model, tokenizer, tasks, pairs)
    # A random model's per-token NLL is near log(vocab size); a much longer rejected answer has
    # the lower summed log-probability, so the pair is won.
    assert 1.0 < out["ref_nll"] < 20.0
    assert out["pair_acc"]["value"] == 1.0 and out["pair_acc"]["n"] == 1
    json.dumps(out)  # JSON-ready
    assert likelihood_metrics(model, tokenizer, tasks, [])["pair_acc"] is None


def test_resume_keeps_only_rows_of_the_same_settings(tmp_path):
    from benchmarks.perf.learning_trl_bench import _resumable

    settings = {"model": "m", "train_tasks": 0, "eval_tasks": 0, "samples": 4,
                "max_new_tokens": 160, "pairs_per_task": 2, "seed": 0, "dpo_steps": 10,
                "dpo_lr": 1e-5, "grpo_steps": 3, "grpo_lr": 1e-5, "grpo_prompts": 2}
    path = tmp_path / "learning_trl.json"
    assert _resumable(path, settings) == {}
    path.write_text(json.dumps({"settings": settings,
                                "rows": {"base": {}, "dpo": {}, "grpo": {}}}))
    assert sorted(_resumable(path, settings)["rows"]) == ["base", "dpo", "grpo"]
    fewer_grpo_steps = {**settings, "grpo_steps": 2}
    assert sorted(_resumable(path, fewer_grpo_steps)["rows"]) == ["base", "dpo"]
    with pytest.raises(ValueError, match="samples"):
        _resumable(path, {**settings, "samples": 8})
