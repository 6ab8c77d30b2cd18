"""Does DPO / GRPO training move SmolLM2 on held-out tasks? A small before/after benchmark.

Run (CPU, a few minutes)::

    HF_HUB_OFFLINE=1 python -m benchmarks.perf.learning_trl_bench --out runs/learning_trl

1. Held-out metric of the base policy: on ``--eval-tasks`` easy builtin *test* tasks, sample
   ``--samples`` direct answers each (temperature 0.7, ``--max-new-tokens``), score each with the
   env's outcome reward on the public tests (the same :class:`~agents.training.rewards.
   SandboxReward` GRPO trains on). Reported: mean reward, fraction of answers passing every
   public test, fraction of answers with a python block.
2. DPO: pairs on ``--train-tasks`` easy builtin *train* tasks, chosen = the reference solution,
   rejected = a mutant of it that fails the public tests (``o1coder_env.mutation``); a few
   steps; held-out metric again.
3. GRPO: a few steps on the same train tasks with the sandbox reward; held-out metric again.

Figures go to ``OUT/learning_trl.json`` and are printed as a table, whichever way they went.
All sampling is seeded.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

__all__ = ["evaluate", "main"]


def _easy(split: str, n: int) -> list[Any]:
    from o1coder_env.tasks import load_tasks

    tasks = [t for t in load_tasks("builtin", split=split) if t.difficulty == "easy"]
    return tasks[:n]


def evaluate(model_dir: str, tasks: list[Any], *, samples: int, max_new_tokens: int,
             seed: int) -> dict[str, float]:
    """Held-out metric of a policy: sampled direct answers scored on the public tests."""
    import torch
    import transformers

    from agents.training.data import prompt_messages
    from agents.training.rewards import SandboxReward
    from o1coder_env.protocol.steps import extract_code

    tokenizer = transformers.AutoTokenizer.from_pretrained(model_dir)
    tokenizer.padding_side = "left"
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    model = transformers.AutoModelForCausalLM.from_pretrained(model_dir).eval()
    prompts = [tokenizer.apply_chat_template(prompt_messages(t), add_generation_prompt=True,
                                             tokenize=False) for t in tasks for _ in range(samples)]
    ids = [t.task_id for t in tasks for _ in range(samples)]
    enc = tokenizer(prompts, return_tensors="pt", padding=True, add_special_tokens=False)
    transformers.set_seed(seed)
    with torch.no_grad():
        out = model.generate(**enc, do_sample=True, temperature=0.7, top_p=0.95,
                             max_new_tokens=max_new_tokens, pad_token_id=tokenizer.pad_token_id)
    texts = tokenizer.batch_decode(out[:, enc["input_ids"].shape[1]:], skip_special_tokens=True)
    reward = SandboxReward(tasks, sandbox="process", timeout_s=2.0)
    scores = [float(s or 0.0) for s in reward(texts, task_id=ids)]
    return {
        "mean_reward": sum(scores) / len(scores),
        "pass_rate": sum(s >= 1.0 for s in scores) / len(scores),
        "has_code": sum(extract_code(t) is not None for t in texts) / len(texts),
        "answers": len(texts),
    }


def _dpo_pairs(tasks: list[Any], path: Path) -> int:
    from agents.training.data import prompt_messages
    from o1coder_env.mutation import generate_mutants
    from o1coder_env.sandbox import Sandbox

    n = 0
    with Sandbox(backend="process") as sandbox, open(path, "w", encoding="utf-8") as handle:
        for task in tasks:
            for mutant in generate_mutants(task.reference_solution, max_mutants=6, seed=0):
                report = sandbox.run(mutant.code, task.public_tests, entry_point=task.entry_point,
                                     setup_code=task.setup_code)
                if report.all_passed:
                    continue  # an equivalent mutant is no "rejected" answer
                chosen = f"```python\n{task.reference_solution.strip()}\n```"
                rejected = f"```python\n{mutant.code.strip()}\n```"
                handle.write(json.dumps({
                    "task_id": task.task_id, "prompt": prompt_messages(task),
                    "chosen": [{"role": "assistant", "content": chosen}],
                    "rejected": [{"role": "assistant", "content": rejected}],
                }) + "\n")
                n += 1
                if n % 2 == 0:
                    break  # two pairs per task
    return n


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print the table and write ``OUT/learning_trl.json``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", default="smollm2-135m")
    parser.add_argument("--out", default="runs/learning_trl")
    parser.add_argument("--train-tasks", type=int, default=4)
    parser.add_argument("--eval-tasks", type=int, default=4)
    parser.add_argument("--samples", type=int, default=2, help="answers per held-out task")
    parser.add_argument("--max-new-tokens", type=int, default=160)
    parser.add_argument("--dpo-steps", type=int, default=6)
    parser.add_argument("--grpo-steps", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    from agents.generators.models import resolve_model
    from agents.training import DPORunConfig, GRPORunConfig, train_dpo, train_grpo

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    base = resolve_model(args.model)
    train, held_out = _easy("train", args.train_tasks), _easy("test", args.eval_tasks)
    eval_kw = {"samples": args.samples, "max_new_tokens": args.max_new_tokens, "seed": args.seed}
    results: dict[str, Any] = {"model": args.model, "train_tasks": [t.task_id for t in train],
                               "eval_tasks": [t.task_id for t in held_out], "rows": {}}
    started = time.time()
    results["rows"]["base"] = evaluate(base, held_out, **eval_kw)
    print("base", results["rows"]["base"], flush=True)

    pairs = out / "dpo_pairs.jsonl"
    results["dpo_pairs"] = _dpo_pairs(train, pairs)
    t0 = time.time()
    dpo_dir = train_dpo(DPORunConfig(model=base, data=str(pairs), out_dir=str(out / "dpo"),
                                     max_steps=args.dpo_steps, per_device_batch_size=2,
                                     learning_rate=5e-6, beta=0.1, max_length=768,
                                     seed=args.seed))
    results["dpo_train_s"] = round(time.time() - t0, 1)
    results["dpo_losses"] = json.loads((dpo_dir / "metrics.json").read_text())["losses"]
    results["rows"]["dpo"] = evaluate(str(dpo_dir), held_out, **eval_kw)
    print("dpo", results["rows"]["dpo"], flush=True)

    t0 = time.time()
    grpo_dir = train_grpo(GRPORunConfig(
        model=base, out_dir=str(out / "grpo"), max_steps=args.grpo_steps,
        task_ids=tuple(t.task_id for t in train), per_device_batch_size=4, num_generations=4,
        max_completion_length=args.max_new_tokens, learning_rate=2e-6, temperature=0.9,
        seed=args.seed))
    grpo_metrics = json.loads((grpo_dir / "metrics.json").read_text())
    results["grpo_train_s"] = round(time.time() - t0, 1)
    results["grpo_train_rewards"] = [r["reward"] for r in grpo_metrics["log_history"]
                                     if "reward" in r]
    results["rows"]["grpo"] = evaluate(str(grpo_dir), held_out, **eval_kw)
    print("grpo", results["rows"]["grpo"], flush=True)
    results["wall_s"] = round(time.time() - started, 1)

    (out / "learning_trl.json").write_text(json.dumps(results, indent=2) + "\n")
    print(f"\n| policy | mean reward | pass rate | has code |  ({len(held_out)} held-out tasks x "
          f"{args.samples} samples)\n|---|---|---|---|")
    for name, row in results["rows"].items():
        print(f"| {name} | {row['mean_reward']:.3f} | {row['pass_rate']:.3f} | "
              f"{row['has_code']:.3f} |")
    print(f"wall {results['wall_s']} s; DPO losses {results['dpo_losses']}; GRPO train rewards "
          f"{results['grpo_train_rewards']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
