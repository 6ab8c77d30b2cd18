"""Does DPO / GRPO training move SmolLM2 on held-out tasks? A small before/after benchmark.

Run (CPU; the budget of the figures in docs/training.md: ~65 min on 2 cores shared with two
other jobs, of which ~25 min are the three held-out evaluations)::

    HF_HUB_OFFLINE=1 OMP_NUM_THREADS=1 python -m benchmarks.perf.learning_trl_bench \
        --out runs/learning_trl --train-tasks 0 --eval-tasks 0 --samples 4 \
        --dpo-steps 10 --grpo-steps 2

1. Held-out metrics of the base policy on ``--eval-tasks`` easy builtin *test* tasks
   (0: all of them):

   * sampled: ``--samples`` direct answers per task (temperature 0.7, ``--max-new-tokens``),
     each scored with the env's outcome reward on the public tests (the same
     :class:`~agents.training.rewards.SandboxReward` GRPO trains on). Reported: mean reward
     (pass fraction, partial passes count; 95 % bootstrap interval over tasks), pass rate
     (every public test passes), the share of answers with a python block and the share whose
     program parses (``compile``; Wilson intervals over answers);
   * likelihood (no sampling, so no sampling noise): the mean per-token negative log-likelihood
     of the held-out tasks' reference solutions (``ref_nll``, lower is better), and the
     preference accuracy on held-out pairs (reference solution vs a mutant of it that fails the
     public tests): the share of pairs where the policy gives the reference the higher summed
     log-probability (``pair_acc``, Wilson interval). A 135M model rarely passes a held-out
     task at this budget, so the sampled figures can hardly move; these two can.

2. DPO: pairs on ``--train-tasks`` easy builtin *train* tasks (0: all), chosen = the reference
   solution, rejected = a mutant of it that fails the public tests (``o1coder_env.mutation``);
   ``--dpo-steps`` steps; held-out metrics again.
3. GRPO: ``--grpo-steps`` steps from the base model on the same train tasks with the sandbox
   reward; held-out metrics again.

Each trained row also gets the change of mean reward against the base with a paired 95 %
bootstrap interval over tasks (the same prompts and sampling seed before and after). Figures go
to ``OUT/learning_trl.json`` (plus ``OUT/answers_<row>.jsonl``, every sampled answer and its
reward) and are printed as a table, whichever way they went. All sampling is seeded.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from o1coder_env.jsonl_io import write_jsonl
from o1coder_env.stats import bootstrap_mean, paired_delta

__all__ = ["evaluate", "main", "mutant_pairs", "parses"]


def _easy(split: str, n: int) -> list[Any]:
    """The first ``n`` easy builtin tasks of ``split`` (``n == 0``: all of them)."""
    from o1coder_env.tasks import load_tasks

    tasks = [t for t in load_tasks("builtin", split=split) if t.difficulty == "easy"]
    return tasks if n == 0 else tasks[:n]


def parses(program: str | None) -> bool:
    """Whether ``program`` is present and is valid Python (``compile`` only: nothing runs)."""
    if program is None:
        return False
    try:
        compile(program, "<answer>", "exec")
    except (SyntaxError, ValueError):  # ValueError: source with NUL bytes
        return False
    return True


def mutant_pairs(tasks: Sequence[Any], *, per_task: int, seed: int = 0) -> list[dict[str, Any]]:
    """DPO records: chosen = a task's reference solution, rejected = a failing mutant of it.

    Mutants that pass every public test are skipped (an equivalent mutant is no "rejected"
    answer); at most ``per_task`` pairs per task.
    """
    from agents.training.data import prompt_messages
    from o1coder_env.mutation import generate_mutants
    from o1coder_env.sandbox import Sandbox

    records: list[dict[str, Any]] = []
    with Sandbox(backend="process") as sandbox:
        for task in tasks:
            chosen = f"```python\n{task.reference_solution.strip()}\n```"
            taken = 0
            for mutant in generate_mutants(task.reference_solution, max_mutants=4 * per_task,
                                           seed=seed):
                report = sandbox.run(mutant.code, task.public_tests,
                                     entry_point=task.entry_point, setup_code=task.setup_code)
                if report.all_passed:
                    continue
                records.append({
                    "task_id": task.task_id, "prompt": prompt_messages(task),
                    "chosen": [{"role": "assistant", "content": chosen}],
                    "rejected": [{"role": "assistant",
                                  "content": f"```python\n{mutant.code.strip()}\n```"}],
                })
                taken += 1
                if taken == per_task:
                    break
    return records


def _answer_logprob(model: Any, tokenizer: Any, prompt: list[dict[str, str]],
                    answer: str) -> tuple[float, int]:
    """Summed log-probability of ``answer`` after the chat prompt, and its token count."""
    import torch

    prompt_ids = tokenizer.apply_chat_template(prompt, add_generation_prompt=True,
                                               tokenize=True, return_dict=False)
    if isinstance(prompt_ids, dict) or hasattr(prompt_ids, "keys"):
        prompt_ids = prompt_ids["input_ids"]
    answer_ids = tokenizer(answer, add_special_tokens=False)["input_ids"]
    answer_ids = [*answer_ids, tokenizer.eos_token_id]
    ids = torch.tensor([list(prompt_ids) + answer_ids])
    with torch.no_grad():
        logits = model(input_ids=ids).logits[0, :-1].float()
    logp = torch.log_softmax(logits, dim=-1)
    targets = ids[0, 1:]
    start = len(prompt_ids) - 1  # position predicting the first answer token
    picked = logp[start:].gather(1, targets[start:, None]).squeeze(1)
    return float(picked.sum()), len(answer_ids)


def likelihood_metrics(model: Any, tokenizer: Any, tasks: Sequence[Any],
                       pairs: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """``ref_nll`` on the tasks' reference answers and ``pair_acc`` on held-out pairs."""
    from agents.training.data import prompt_messages
    from o1coder_env.stats import wilson_interval

    # The chosen answer of a held-out pair is its task's reference answer: score each
    # (prompt, answer) once (forward passes are most of this function's cost on a CPU).
    cache: dict[str, tuple[float, int]] = {}

    def scored(prompt: list[dict[str, str]], answer: str) -> tuple[float, int]:
        key = json.dumps([prompt, answer])
        if key not in cache:
            cache[key] = _answer_logprob(model, tokenizer, prompt, answer)
        return cache[key]

    total_logp, total_tokens = 0.0, 0
    for task in tasks:
        answer = f"```python\n{task.reference_solution.strip()}\n```"
        logp, n = scored(prompt_messages(task), answer)
        total_logp, total_tokens = total_logp + logp, total_tokens + n
    wins = 0
    for pair in pairs:
        chosen, _ = scored(pair["prompt"], pair["chosen"][0]["content"])
        rejected, _ = scored(pair["prompt"], pair["rejected"][0]["content"])
        wins += chosen > rejected
    return {"ref_nll": -total_logp / max(total_tokens, 1),
            "pair_acc": wilson_interval(wins, len(pairs)).to_dict() if pairs else None}


def evaluate(model_dir: str, tasks: list[Any], *, samples: int, max_new_tokens: int,
             seed: int, pairs: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
    """Held-out metrics of a policy (see the module docstring).

    Returns:
        The metrics, plus ``per_task`` (task id -> rewards of its answers) and ``answers``
        (one record per sampled answer: task, text, reward, has code, parses).
    """
    import torch
    import transformers

    from agents.training.data import prompt_messages
    from agents.training.rewards import SandboxReward
    from o1coder_env.protocol.steps import extract_code
    from o1coder_env.stats import wilson_interval

    started = time.time()
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
    programs = [extract_code(t, fallback_any_fence=True) for t in texts]
    per_task: dict[str, list[float]] = {}
    for task_id, score in zip(ids, scores, strict=True):
        per_task.setdefault(task_id, []).append(score)
    n = len(texts)
    row: dict[str, Any] = {
        "mean_reward": bootstrap_mean(list(per_task.values()), seed=seed),
        "pass_rate": wilson_interval(sum(s >= 1.0 for s in scores), n).to_dict(),
        "has_code": wilson_interval(sum(p is not None for p in programs), n).to_dict(),
        "parses": wilson_interval(sum(parses(p) for p in programs), n).to_dict(),
        "n_answers": n,
    }
    row.update(likelihood_metrics(model, tokenizer, tasks, pairs))
    row["eval_s"] = round(time.time() - started, 1)
    row["per_task"] = per_task
    row["answers"] = [{"task_id": t, "reward": s, "has_code": p is not None, "parses": parses(p),
                       "text": x} for t, s, p, x in zip(ids, scores, programs, texts, strict=True)]
    return row


def _fmt(cell: Any) -> str:
    if cell is None:
        return "-"
    if isinstance(cell, dict):
        return f"{cell['value']:.3f} [{cell['low']:.3f}, {cell['high']:.3f}]"
    return f"{cell:.3f}"


#: Settings a row depends on: every row needs the evaluation ones to match, a trained row also
#: its method's own.
_EVAL_SETTINGS = ("model", "train_tasks", "eval_tasks", "samples", "max_new_tokens",
                  "pairs_per_task", "seed")
_METHOD_SETTINGS = {"dpo": ("dpo_steps", "dpo_lr"),
                    "grpo": ("grpo_steps", "grpo_lr", "grpo_prompts")}


def _resumable(path: Path, settings: dict[str, Any]) -> dict[str, Any]:
    """The earlier results at ``path``, keeping only rows measured with ``settings``.

    Raises:
        ValueError: If the evaluation settings differ (no row could be compared).
    """
    if not path.is_file():
        return {}
    previous = json.loads(path.read_text(encoding="utf-8"))
    old = previous.get("settings", {})
    changed = [k for k in _EVAL_SETTINGS if old.get(k) != settings[k]]
    if changed:
        raise ValueError(f"--resume: {path} was measured with other settings ({', '.join(changed)}"
                         f"); use another --out or the same settings")
    rows = previous.get("rows", {})
    for method, keys in _METHOD_SETTINGS.items():
        if method in rows and any(old.get(k) != settings[k] for k in keys):
            del rows[method]  # trained differently: train and measure it again
    return previous


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print the table and write ``OUT/learning_trl.json``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", default="smollm2-135m")
    parser.add_argument("--out", default="runs/learning_trl")
    parser.add_argument("--train-tasks", type=int, default=4,
                        help="easy builtin train tasks to train on (0: all 20)")
    parser.add_argument("--eval-tasks", type=int, default=4,
                        help="easy builtin test tasks to evaluate on (0: all 8)")
    parser.add_argument("--samples", type=int, default=2, help="answers per held-out task")
    parser.add_argument("--max-new-tokens", type=int, default=160)
    parser.add_argument("--pairs-per-task", type=int, default=2,
                        help="DPO pairs per train task (and held-out pairs per test task)")
    parser.add_argument("--dpo-steps", type=int, default=6, help="DPO steps (0: skip DPO)")
    parser.add_argument("--dpo-lr", type=float, default=1e-5)
    parser.add_argument("--grpo-steps", type=int, default=3, help="GRPO steps (0: skip GRPO)")
    parser.add_argument("--grpo-lr", type=float, default=1e-5)
    parser.add_argument("--grpo-prompts", type=int, default=2,
                        help="prompts per GRPO step (4 completions each)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--resume", action="store_true",
                        help="reuse the rows of OUT/learning_trl.json measured with the same "
                             "settings (a row per policy; an interrupted run keeps its rows)")
    args = parser.parse_args(argv)
    for name in ("train_tasks", "eval_tasks", "dpo_steps", "grpo_steps"):
        if getattr(args, name) < 0:
            parser.error(f"--{name.replace('_', '-')} must be >= 0")
    for name in ("samples", "max_new_tokens", "pairs_per_task", "grpo_prompts"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be >= 1")

    import torch

    from agents.generators.models import resolve_model
    from agents.training import DPORunConfig, GRPORunConfig, train_dpo, train_grpo

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    base = resolve_model(args.model)
    train, held_out = _easy("train", args.train_tasks), _easy("test", args.eval_tasks)
    held_out_pairs = mutant_pairs(held_out, per_task=args.pairs_per_task, seed=args.seed)
    write_jsonl(held_out_pairs, out / "heldout_pairs.jsonl")
    eval_kw = {"samples": args.samples, "max_new_tokens": args.max_new_tokens,
               "seed": args.seed, "pairs": held_out_pairs}
    results: dict[str, Any] = {
        "model": args.model, "settings": vars(args),
        "train_tasks": [t.task_id for t in train], "eval_tasks": [t.task_id for t in held_out],
        "heldout_pairs": len(held_out_pairs),
        "machine": {"cpus": os.cpu_count(), "torch_threads": torch.get_num_threads(),
                    "loadavg_start": os.getloadavg()},
        "rows": {},
    }
    if args.resume:
        previous = _resumable(out / "learning_trl.json", vars(args))
        results["rows"] = previous.get("rows", {})
        for key in ("dpo_pairs", "dpo_train_s", "dpo_losses", "dpo_train_reward_acc",
                    "grpo_train_s", "grpo_train_rewards", "grpo_reward_stats"):
            if key in previous and key.split("_")[0] in results["rows"]:
                results[key] = previous[key]
        results["resumed_rows"] = sorted(results["rows"])
        print("resuming with rows", results["resumed_rows"], flush=True)
    started = time.time()

    def record(name: str, model_dir: str) -> None:
        row = evaluate(model_dir, held_out, **eval_kw)
        write_jsonl(row.pop("answers"), out / f"answers_{name}.jsonl")
        if name != "base":
            row["delta_mean_reward"] = paired_delta(
                results["rows"]["base"]["per_task"], row["per_task"], seed=args.seed)
        results["rows"][name] = row
        print(name, {k: v for k, v in row.items() if k != "per_task"}, flush=True)
        # Written after every row, so an interrupted run keeps what it measured.
        (out / "learning_trl.json").write_text(json.dumps(results, indent=2) + "\n")

    if "base" not in results["rows"]:
        record("base", base)

    if args.dpo_steps and "dpo" not in results["rows"]:
        pairs = mutant_pairs(train, per_task=args.pairs_per_task, seed=args.seed)
        write_jsonl(pairs, out / "dpo_pairs.jsonl")
        results["dpo_pairs"] = len(pairs)
        t0 = time.time()
        dpo_dir = train_dpo(DPORunConfig(model=base, data=str(out / "dpo_pairs.jsonl"),
                                         out_dir=str(out / "dpo"), max_steps=args.dpo_steps,
                                         per_device_batch_size=2, learning_rate=args.dpo_lr,
                                         beta=0.1, max_length=768, seed=args.seed))
        results["dpo_train_s"] = round(time.time() - t0, 1)
        history = json.loads((dpo_dir / "metrics.json").read_text())["log_history"]
        results["dpo_losses"] = [r["loss"] for r in history if "loss" in r]
        results["dpo_train_reward_acc"] = [r["rewards/accuracies"] for r in history
                                           if "rewards/accuracies" in r]
        record("dpo", str(dpo_dir))

    if args.grpo_steps and "grpo" not in results["rows"]:
        t0 = time.time()
        grpo_dir = train_grpo(GRPORunConfig(
            model=base, out_dir=str(out / "grpo"), max_steps=args.grpo_steps,
            task_ids=tuple(t.task_id for t in train), per_device_batch_size=4 * args.grpo_prompts,
            num_generations=4, max_completion_length=args.max_new_tokens,
            learning_rate=args.grpo_lr, temperature=0.9, seed=args.seed))
        grpo_metrics = json.loads((grpo_dir / "metrics.json").read_text())
        results["grpo_train_s"] = round(time.time() - t0, 1)
        results["grpo_train_rewards"] = [r["reward"] for r in grpo_metrics["log_history"]
                                         if "reward" in r]
        results["grpo_reward_stats"] = grpo_metrics.get("reward_stats")
        record("grpo", str(grpo_dir))

    results["wall_s"] = round(time.time() - started, 1)
    results["machine"]["loadavg_end"] = os.getloadavg()
    (out / "learning_trl.json").write_text(json.dumps(results, indent=2) + "\n")
    print(f"\n{len(held_out)} held-out tasks x {args.samples} samples; "
          f"{len(held_out_pairs)} held-out pairs\n"
          "| policy | mean reward | delta vs base | pass rate | has code | parses | ref NLL "
          "| pair acc |\n|---|---|---|---|---|---|---|---|")
    for name, row in results["rows"].items():
        print(f"| {name} | {_fmt(row['mean_reward'])} | {_fmt(row.get('delta_mean_reward'))} | "
              f"{_fmt(row['pass_rate'])} | {_fmt(row['has_code'])} | {_fmt(row['parses'])} | "
              f"{row['ref_nll']:.3f} | {_fmt(row['pair_acc'])} |")
    print(f"wall {results['wall_s']} s; DPO losses {results.get('dpo_losses')}; GRPO train "
          f"rewards {results.get('grpo_train_rewards')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
