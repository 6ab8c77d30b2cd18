r"""Does a small model learn through the env? GRPO (or DPO) on train tasks, pass@1 on held-out ones.

Run (the measurement: SmolLM2-135M-Instruct, procedural levels where the base model has signal)::

    HF_HUB_OFFLINE=1 python -m benchmarks.perf.learning_grpo_bench \
        --source procedural --train-path "levels=1-2;count=20" --eval-path "levels=1-2;count=1" \
        --steps 60 --eval-every 20
    python -m benchmarks.perf.learning_grpo_bench --method dpo        # DPO on self-made pairs
    python -m benchmarks.perf.learning_grpo_bench --variants outcome prm   # phi(alpha(t)) too
    python -m benchmarks.perf.learning_grpo_bench --smoke             # CI: tiny model, < 3 min
    python -m benchmarks.perf.learning_grpo_bench --eval-checkpoint runs/learning_grpo/outcome \
        --also-eval 'builtin=builtin:test:' 'L5=procedural:test:levels=5;count=1' --out cmp.json

What one run does, all sampling seeded:

1. Loads the train tasks (``--source/--train-split/--train-path``) and the held-out tasks
   (``--eval-split/--eval-path``; never trained on: the bench refuses overlapping task ids).
2. Evaluates the base model on the held-out tasks: ``--samples`` direct answers per task
   (``--eval-temperature``, top-p 0.95, ``--max-new-tokens``), drawn with the ``hf`` generator;
   a sample passes when its program passes all the task's hidden tests (public ones for tasks
   without hidden tests) in the sandbox. pass@1 = the mean over samples, per task, then over
   tasks.
3. Trains, from the base model, each ``--variants`` entry at the same budget:

   * ``grpo`` (default): TRL's ``GRPOTrainer`` (:func:`agents.training.train_grpo`) with the
     env's reward on the *public* tests (:class:`agents.training.rewards.SandboxReward`);
     ``outcome`` = outcome only, ``prm`` = phi(outcome, PRM scores, alpha(t)) with ``--prm``;
   * ``dpo``: pairs made by the project itself: ``--dpo-samples`` sampled answers per train task
     judged on the public tests; chosen = a passing answer (the task's reference solution when
     none passes, counted), rejected = a failing one; then TRL's ``DPOTrainer``.

   Every ``--eval-every`` steps the live policy is evaluated on the held-out tasks (the
   learning curve); training logs go to TensorBoard (``report_to``).
4. Evaluates the trained checkpoint exactly like the base (same prompts, sampling, seed) and
   prints pass@1 of both, the paired difference and its bootstrap 95 % interval over tasks
   (:func:`o1coder_env.stats.paired_delta`), and the generation / reward / update seconds.

Writes ``--out`` (default ``docs/measurements/learning/<method>.json``) with ``base_pass_at_1``,
``trained_pass_at_1``, ``paired_diff``, ``paired_ci``, ``eval_tasks``, ``train_steps``,
``wall_minutes``, ``cpu_cores``, ``command`` and more, and the learning-curve PNG beside it.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shlex
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["evaluate_pass", "load_model", "main", "make_preference_pairs"]

DEFAULT_OUT = "docs/measurements/learning/{method}.json"


def _load(source: str, split: str | None, path: str | None, limit: int | None) -> list[Any]:
    from o1coder_env.tasks import load_tasks

    return load_tasks(source, split=split, path=path or None, limit=limit)


def _judge_tests(tasks: Sequence[Any]) -> str:
    """Hidden tests when every task has some (the evaluation truth), else the public ones."""
    return "hidden" if all(t.tests("hidden") for t in tasks) else "public"


def sample_answers(model: Any, tokenizer: Any, tasks: Sequence[Any], *, samples: int,
                   max_new_tokens: int, temperature: float, seed: int) -> list[list[str]]:
    """``samples`` direct answers per task from ``model`` (the ``hf`` generator, seeded)."""
    from agents.generators import Prompt, Sampling
    from agents.generators.hf import HFGenerator
    from agents.training.data import prompt_messages

    was_training = bool(getattr(model, "training", False))
    model.eval()
    try:
        gen = HFGenerator.from_model(model, tokenizer, batch_size=max(samples, 16))
        sampling = Sampling(temperature=temperature, top_p=0.95, max_new_tokens=max_new_tokens,
                            seed=seed)
        rows = gen.generate([Prompt(prompt_messages(t)) for t in tasks], n=samples,
                            sampling=sampling)
    finally:
        model.train(was_training)
    return [[g.text for g in row] for row in rows]


def judge(tasks: Sequence[Any], answers: Sequence[Sequence[str]], tests: str
          ) -> dict[str, list[float]]:
    """Task id -> 1.0/0.0 per answer: does its program pass every ``tests`` test."""
    from agents.training.rewards import SandboxReward
    from o1coder_env.rewards import OutcomeConfig

    reward = SandboxReward(tasks, reward_tests=tests, outcome=OutcomeConfig(mode="binary"),
                           sandbox="process", timeout_s=2.0)
    texts = [a for row in answers for a in row]
    ids = [t.task_id for t, row in zip(tasks, answers, strict=True) for _ in row]
    scores = reward(texts, task_id=ids)
    out: dict[str, list[float]] = {t.task_id: [] for t in tasks}
    for task_id, score in zip(ids, scores, strict=True):
        out[task_id].append(1.0 if score is not None and score >= 1.0 else 0.0)
    return out


def evaluate_pass(model: Any, tokenizer: Any, tasks: Sequence[Any], *, samples: int,
                  max_new_tokens: int, temperature: float, seed: int) -> dict[str, Any]:
    """Held-out pass@1 of a policy: ``{"pass_at_1", "per_task", "tests", "eval_s"}``."""
    started = time.perf_counter()
    answers = sample_answers(model, tokenizer, tasks, samples=samples,
                             max_new_tokens=max_new_tokens, temperature=temperature, seed=seed)
    tests = _judge_tests(tasks)
    per_task = judge(tasks, answers, tests)
    rates = [sum(v) / len(v) for v in per_task.values()]
    return {"pass_at_1": sum(rates) / len(rates), "per_task": per_task, "tests": tests,
            "eval_s": round(time.perf_counter() - started, 1)}


def make_preference_pairs(model: Any, tokenizer: Any, tasks: Sequence[Any], *, samples: int,
                          max_new_tokens: int, temperature: float, seed: int,
                          per_task: int = 2) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """DPO records from the policy's own answers judged on the public tests.

    chosen = a passing answer (the reference solution when none passes), rejected = a failing
    answer; at most ``per_task`` pairs per task.

    Returns:
        The records (TRL's conversational preference format, with ``task_id``) and counts
        (``pairs``, ``tasks_with_pass``, ``reference_chosen``).
    """
    from agents.training.data import prompt_messages

    answers = sample_answers(model, tokenizer, tasks, samples=samples,
                             max_new_tokens=max_new_tokens, temperature=temperature, seed=seed)
    verdicts = judge(tasks, answers, "public")
    records: list[dict[str, Any]] = []
    counts = {"pairs": 0, "tasks_with_pass": 0, "reference_chosen": 0}
    for task, row in zip(tasks, answers, strict=True):
        passed = [a for a, v in zip(row, verdicts[task.task_id], strict=True) if v]
        failed = [a for a, v in zip(row, verdicts[task.task_id], strict=True) if not v]
        if passed:
            counts["tasks_with_pass"] += 1
        elif task.reference_solution:
            passed = [f"```python\n{task.reference_solution.strip()}\n```"]
            counts["reference_chosen"] += 1
        for chosen, rejected in list(zip(passed * per_task, failed, strict=False))[:per_task]:
            records.append({"task_id": task.task_id, "prompt": prompt_messages(task),
                            "chosen": [{"role": "assistant", "content": chosen}],
                            "rejected": [{"role": "assistant", "content": rejected}]})
    counts["pairs"] = len(records)
    return records, counts


def _curve_callback(tokenizer: Any, tasks: Sequence[Any], every: int, eval_kw: dict[str, Any],
                    curve: list[dict[str, Any]]) -> Any:
    """A ``TrainerCallback`` that evaluates the live policy every ``every`` optimizer steps."""
    from transformers import TrainerCallback

    class HeldOutCurve(TrainerCallback):
        def on_step_end(self, args: Any, state: Any, control: Any, **kw: Any) -> None:
            if every and state.global_step % every == 0 and state.global_step < state.max_steps:
                row = evaluate_pass(kw["model"], tokenizer, tasks, **eval_kw)
                curve.append({"step": state.global_step, "pass_at_1": row["pass_at_1"]})
                print(f"  step {state.global_step}: held-out pass@1 {row['pass_at_1']:.3f}",
                      flush=True)

    return HeldOutCurve()


def load_model(path: str) -> tuple[Any, Any]:
    """A saved causal LM (in eval mode, on CUDA when there is one) and its tokenizer.

    The trainer puts the policy on the GPU by itself; the base and trained checkpoints are put
    there too so that evaluation is not the run's bottleneck on a GPU machine.
    """
    import torch
    import transformers

    tokenizer = transformers.AutoTokenizer.from_pretrained(path)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    model: Any = transformers.AutoModelForCausalLM.from_pretrained(path)
    if torch.cuda.is_available():
        model = model.to("cuda")
    return model.eval(), tokenizer


def _params_changed(base: Any, trained: Any) -> float:
    """Largest absolute change of any parameter the two models share by name."""
    import torch

    before = dict(base.named_parameters())
    most = 0.0
    with torch.no_grad():
        for name, param in trained.named_parameters():
            if name in before and before[name].shape == param.shape:
                change = (param - before[name].to(param.device)).abs().max()
                most = max(most, float(change))
    return most


def _plot(path: Path, variants: dict[str, Any], title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax_r, ax_p) = plt.subplots(1, 2, figsize=(10, 4))
    for name, row in variants.items():
        steps = [p["step"] for p in row["train_curve"]]
        ax_r.plot(steps, [p["value"] for p in row["train_curve"]], label=name)
        ax_p.plot([p["step"] for p in row["heldout_curve"]],
                  [p["pass_at_1"] for p in row["heldout_curve"]], marker="o", label=name)
    metric = next((row["train_curve_metric"] for row in variants.values()), "")
    ax_r.set(xlabel="optimizer step", ylabel=metric, title="training signal")
    ax_p.set(xlabel="optimizer step", ylabel="held-out pass@1", title="held-out tasks")
    for ax in (ax_r, ax_p):
        ax.grid(alpha=0.3)
        ax.legend()
    fig.suptitle(title)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _train_variant(name: str, args: argparse.Namespace, base_path: str, train_tasks: list[Any],
                   run_dir: Path, tokenizer: Any, held_out: list[Any],
                   eval_kw: dict[str, Any], base_model: Any) -> dict[str, Any]:
    """Train one variant from the base model; return its curve, timings and checkpoint."""
    from agents.training import DPORunConfig, GRPORunConfig, train_dpo, train_grpo

    curve: list[dict[str, Any]] = []
    callback = _curve_callback(tokenizer, held_out, args.eval_every, eval_kw, curve)
    out_dir = run_dir / name
    common = {"model": base_path, "out_dir": str(out_dir), "max_steps": args.steps,
              "learning_rate": args.lr, "seed": args.seed, "lora": args.lora,
              "report_to": args.report_to, "logging_steps": 1}
    row: dict[str, Any] = {}
    started = time.perf_counter()
    if args.method == "grpo":
        config = GRPORunConfig(
            **common, source=args.source, split=args.train_split, path=args.train_path or None,
            task_ids=tuple(t.task_id for t in train_tasks),
            per_device_batch_size=args.num_generations * args.prompts_per_step,
            num_generations=args.num_generations, max_completion_length=args.max_new_tokens,
            temperature=args.temperature, beta=args.beta, loss_type=args.loss_type,
            prm=args.prm if name == "prm" else None, alpha=args.alpha,
            trl_args=dict(args.trl_args))
        out = train_grpo(config, callbacks=[callback])
        metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
        row["train_curve_metric"] = "train reward (mean over the group)"
        row["train_curve"] = [{"step": r["step"], "value": r["reward"]}
                              for r in metrics["log_history"] if "reward" in r]
        row["timings"] = metrics.get("timings")
        row["reward_stats"] = metrics.get("reward_stats")
    else:
        gen_start = time.perf_counter()
        pairs, counts = make_preference_pairs(
            base_model, tokenizer, train_tasks, samples=args.dpo_samples,
            max_new_tokens=args.max_new_tokens, temperature=args.temperature, seed=args.seed + 1)
        pairs_s = time.perf_counter() - gen_start
        if not pairs:
            raise SystemExit("DPO: no preference pair (every answer passed or none could be "
                             "paired); use harder train tasks or more --dpo-samples")
        data = run_dir / "dpo_pairs.jsonl"
        data.write_text("".join(json.dumps(r) + "\n" for r in pairs), encoding="utf-8")
        config_d = DPORunConfig(**common, data=str(data), beta=args.dpo_beta,
                                per_device_batch_size=args.dpo_batch, max_length=1024,
                                trl_args=dict(args.trl_args))
        out = train_dpo(config_d, callbacks=[callback])
        metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
        row["train_curve_metric"] = "DPO loss"
        row["train_curve"] = [{"step": r["step"], "value": r["loss"]}
                              for r in metrics["log_history"] if "loss" in r]
        row["pairs"] = counts
        row["timings"] = {"pair_making_s": round(pairs_s, 2),
                          "update_s": round(time.perf_counter() - started - pairs_s, 2)}
    row["train_s"] = round(time.perf_counter() - started, 1)
    row["checkpoint"] = str(out)
    row["heldout_curve"] = curve
    row["tensorboard"] = str(out / "trainer" / "runs") if args.report_to == "tensorboard" else None
    return row


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.perf.learning_grpo_bench",
                                     description=(__doc__ or "").splitlines()[0])
    add = parser.add_argument
    add("--method", choices=("grpo", "dpo"), default="grpo", help="trainer (default: grpo)")
    add("--variants", nargs="+", choices=("outcome", "prm"), default=["outcome"],
        help="rewards to train with at the same budget (grpo): outcome only, and/or phi with "
        "--prm (default: outcome)")
    add("--model", default="smollm2-135m", help="policy alias or folder (default: smollm2-135m)")
    add("--source", default="procedural", help="task source (default: procedural)")
    add("--train-split", default="train")
    add("--train-path", default="levels=1-2;count=20",
        help="source path/spec of the train tasks (procedural: the spec)")
    add("--train-limit", type=int, default=None, help="at most this many train tasks")
    add("--eval-split", default="test")
    add("--eval-path", default="levels=1-2;count=1",
        help="source path/spec of held-out tasks (default: one per family and level, 34)")
    add("--eval-limit", type=int, default=None, help="at most this many held-out tasks")
    add("--also-eval", nargs="*", default=[], metavar="NAME=SOURCE:SPLIT:PATH",
        help="more held-out sets reported for base and trained, e.g. "
        "'builtin=builtin:test:' 'L5=procedural:test:levels=5;count=4'")
    add("--steps", type=int, default=60, help="optimizer steps (default: 60)")
    add("--lr", type=float, default=1e-5, help="learning rate (default: 1e-5)")
    add("--lora", action=argparse.BooleanOptionalAction, default=False,
        help="train LoRA adapters instead of every weight (default: full)")
    add("--num-generations", type=int, default=8, help="GRPO group size (default: 8)")
    add("--prompts-per-step", type=int, default=1, help="GRPO prompts per step (default: 1)")
    add("--temperature", type=float, default=1.0, help="training sampling temperature")
    add("--beta", type=float, default=0.0, help="GRPO KL coefficient (default: 0)")
    add("--loss-type", default="dapo", help="GRPO loss (default: dapo)")
    add("--prm", default="heuristic", help="PRM of the 'prm' variant (default: heuristic)")
    add("--alpha", default="paper", help="alpha(t) of the 'prm' variant (default: paper)")
    add("--dpo-samples", type=int, default=8, help="answers per train task for DPO pairs")
    add("--dpo-beta", type=float, default=0.1)
    add("--dpo-batch", type=int, default=4)
    add("--trl", dest="trl_args", nargs="*", default=[], metavar="FIELD=JSON",
        help="more TRL config fields, e.g. scale_rewards='\"batch\"' num_iterations=2")
    add("--samples", type=int, default=4, help="answers per held-out task (default: 4)")
    add("--max-new-tokens", type=int, default=192, help="tokens per answer (default: 192)")
    add("--eval-temperature", type=float, default=0.7, help="held-out sampling temperature")
    add("--eval-every", type=int, default=0, help="held-out pass@1 every N steps (0: ends only)")
    add("--seed", type=int, default=0)
    add("--threads", type=int, default=None, help="torch threads (default: torch's choice)")
    add("--report-to", default="tensorboard", help="trainer logging (default: tensorboard)")
    add("--run-dir", default=None, help="checkpoints and logs (default: runs/learning_<method>)")
    add("--out", default=None, help=f"JSON path (default: {DEFAULT_OUT})")
    add("--eval-checkpoint", default=None, metavar="DIR",
        help="train nothing: evaluate this trained checkpoint against the base model on the "
        "held-out tasks and every --also-eval set, and write the comparison to --out")
    add("--smoke", action="store_true",
        help="CI run: a tiny random model, 2 builtin train and 2 test tasks, 2 steps (grpo: "
        "both variants)")
    return parser


def _parse_trl(items: Sequence[str], parser: argparse.ArgumentParser) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            parser.error(f"--trl takes FIELD=VALUE, got {item!r}")
        try:
            out[key] = json.loads(value)
        except json.JSONDecodeError:
            out[key] = value
    return out


def _smoke_settings(args: argparse.Namespace, scratch: Path) -> None:
    from agents.generators.tiny import build_tiny_model

    args.model = str(build_tiny_model(scratch / "tiny", num_layers=1, hidden_size=32))
    args.source, args.train_path, args.eval_path = "builtin", "", ""
    args.train_limit, args.eval_limit = 2, 2
    args.steps, args.num_generations, args.prompts_per_step = 2, 2, 1
    args.samples, args.max_new_tokens, args.dpo_samples = 2, 16, 4
    args.lr, args.eval_every, args.also_eval = 1e-3, 1, []
    if args.method == "grpo":
        # Both rewards run, the PRM weighted from step 0 (the paper's alpha(t) starts at 1). A
        # random model fails every task and its gibberish gets one PRM score, so no group has
        # an advantage and GRPO's loss is exactly 0; TRL's entropy bonus (passed through
        # trl_args) makes the update non-zero, so the run shows the weights move through TRL's
        # real optimizer step. It is no learning signal: the real runs do not set it.
        args.variants, args.alpha = ["outcome", "prm"], "0.5"
        args.trl_args = {"entropy_coef": 0.01, **args.trl_args}
    args.run_dir = args.run_dir or str(scratch / "run")


def _load_sets(args: argparse.Namespace, parser: argparse.ArgumentParser) -> dict[str, list[Any]]:
    """The ``--also-eval`` task sets by label."""
    sets: dict[str, list[Any]] = {}
    for spec in args.also_eval:
        label, _, rest = spec.partition("=")
        source, _, tail = rest.partition(":")
        split, _, path = tail.partition(":")
        if not label or not source:
            parser.error(f"--also-eval takes NAME=SOURCE:SPLIT:PATH, got {spec!r}")
        sets[label] = _load(source, split or None, path or None, args.eval_limit)
    return sets


def evaluate_checkpoint(args: argparse.Namespace, parser: argparse.ArgumentParser,
                        command: str) -> dict[str, Any]:
    """Base vs a trained checkpoint on the held-out tasks and each ``--also-eval`` set.

    Same sampling for both (``--samples``, ``--eval-temperature``, ``--max-new-tokens``,
    ``--seed``); per set: pass@1 of both, the paired difference and its 95 % interval.
    """
    import torch

    from agents.generators.models import resolve_model
    from o1coder_env.stats import paired_delta

    started = time.time()
    sets = {"held_out": _load(args.source, args.eval_split, args.eval_path, args.eval_limit)}
    sets.update(_load_sets(args, parser))
    eval_kw = {"samples": args.samples, "max_new_tokens": args.max_new_tokens,
               "temperature": args.eval_temperature, "seed": args.seed}
    base_model, tokenizer = load_model(str(resolve_model(args.model)))
    trained_model, _ = load_model(args.eval_checkpoint)
    rows: dict[str, Any] = {}
    for label, tasks in sets.items():
        base = evaluate_pass(base_model, tokenizer, tasks, **eval_kw)
        trained = evaluate_pass(trained_model, tokenizer, tasks, **eval_kw)
        diff = paired_delta(base["per_task"], trained["per_task"], seed=args.seed)
        rows[label] = {"tasks": len(tasks), "tests": base["tests"],
                       "base_pass_at_1": base["pass_at_1"],
                       "trained_pass_at_1": trained["pass_at_1"],
                       "paired_diff": diff["value"], "paired_ci": [diff["low"], diff["high"]]}
        print(f"{label}: base {base['pass_at_1']:.3f} -> trained {trained['pass_at_1']:.3f} "
              f"({diff['value']:+.3f} [{diff['low']:+.3f}, {diff['high']:+.3f}], "
              f"{len(tasks)} tasks)", flush=True)
    return {"model": args.model, "checkpoint": args.eval_checkpoint, "sets": rows,
            "eval_samples_per_task": args.samples,
            "wall_minutes": round((time.time() - started) / 60, 2),
            "cpu_cores": os.cpu_count(), "torch_threads": torch.get_num_threads(),
            "load_average_1m_end": round(os.getloadavg()[0], 2), "command": command}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print the figures and write the JSON and the PNG."""
    parser = _parser()
    args = parser.parse_args(argv)
    command = "python -m benchmarks.perf.learning_grpo_bench " + shlex.join(
        sys.argv[1:] if argv is None else argv)
    args.trl_args = _parse_trl(args.trl_args, parser)
    for name in ("steps", "num_generations", "prompts_per_step", "samples", "max_new_tokens",
                 "dpo_samples", "dpo_batch"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be >= 1")
    if args.method == "dpo" and args.variants != ["outcome"]:
        parser.error("--variants prm needs --method grpo (DPO has no reward to put phi into)")

    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    if args.eval_checkpoint:
        if args.out is None:
            parser.error("--eval-checkpoint needs --out (it never overwrites a training result)")
        report = evaluate_checkpoint(args, parser, command)
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.out}; wall {report['wall_minutes']} min")
        return 0
    started = time.time()
    with contextlib.ExitStack() as stack:
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="o1coder-lb-")))
        if args.smoke:
            _smoke_settings(args, scratch)
        from agents.generators.models import resolve_model

        base_path = str(resolve_model(args.model))
        train_tasks = _load(args.source, args.train_split, args.train_path, args.train_limit)
        held_out = _load(args.source, args.eval_split, args.eval_path, args.eval_limit)
        overlap = sorted({t.task_id for t in train_tasks} & {t.task_id for t in held_out})
        if overlap:
            parser.error(f"held-out tasks overlap the train tasks: {overlap[:5]}")
        extra_sets = _load_sets(args, parser)
        run_dir = Path(args.run_dir or f"runs/learning_{args.method}")
        run_dir.mkdir(parents=True, exist_ok=True)
        eval_kw = {"samples": args.samples, "max_new_tokens": args.max_new_tokens,
                   "temperature": args.eval_temperature, "seed": args.seed}
        base_model, tokenizer = load_model(base_path)
        print(f"{len(train_tasks)} train tasks, {len(held_out)} held-out tasks x {args.samples} "
              f"samples; torch threads {torch.get_num_threads()}", flush=True)
        base = evaluate_pass(base_model, tokenizer, held_out, **eval_kw)
        print(f"base held-out pass@1 {base['pass_at_1']:.3f} ({base['eval_s']} s)", flush=True)
        base_extra = {k: evaluate_pass(base_model, tokenizer, v, **eval_kw)
                      for k, v in extra_sets.items()}
        names = args.variants if args.method == "grpo" else ["dpo"]
        variants: dict[str, Any] = {}
        from o1coder_env.stats import paired_delta

        for name in names:
            row = _train_variant(name, args, base_path, train_tasks, run_dir, tokenizer,
                                 held_out, eval_kw, base_model)
            trained_model, _ = load_model(row["checkpoint"])
            trained = evaluate_pass(trained_model, tokenizer, held_out, **eval_kw)
            diff = paired_delta(base["per_task"], trained["per_task"], seed=args.seed)
            row.update({
                "trained_pass_at_1": trained["pass_at_1"],
                "paired_diff": diff["value"], "paired_ci": [diff["low"], diff["high"]],
                "params_changed": _params_changed(base_model, trained_model),
                "trained_eval_s": trained["eval_s"], "trained_per_task": trained["per_task"],
                "also_eval": {k: {"base_pass_at_1": base_extra[k]["pass_at_1"],
                                  "trained_pass_at_1": evaluate_pass(
                                      trained_model, tokenizer, v, **eval_kw)["pass_at_1"],
                                  "tasks": len(v)} for k, v in extra_sets.items()},
            })
            row["heldout_curve"] = ([{"step": 0, "pass_at_1": base["pass_at_1"]}]
                                    + row["heldout_curve"]
                                    + [{"step": args.steps, "pass_at_1": trained["pass_at_1"]}])
            variants[name] = row
            print(f"[{name}] trained pass@1 {trained['pass_at_1']:.3f}; paired diff "
                  f"{diff['value']:+.3f} [{diff['low']:+.3f}, {diff['high']:+.3f}]; timings "
                  f"{row['timings']}; train {row['train_s']} s", flush=True)
            del trained_model

        first = variants[names[0]]
        out = Path(args.out or DEFAULT_OUT.format(method=args.method))
        if args.smoke and args.out is None:  # never overwrite the measurement with a smoke run
            out = Path(f"runs/learning_smoke/{args.method}.json")
        png = out.with_suffix(".png")
        result: dict[str, Any] = {
            "method": args.method, "variant": names[0], "model": args.model,
            "base_pass_at_1": base["pass_at_1"],
            "trained_pass_at_1": first["trained_pass_at_1"],
            "paired_diff": first["paired_diff"], "paired_ci": first["paired_ci"],
            "eval_tasks": len(held_out), "eval_samples_per_task": args.samples,
            "eval_tests": base["tests"], "train_tasks": len(train_tasks),
            "train_steps": args.steps,
            "wall_minutes": round((time.time() - started) / 60, 2),
            "cpu_cores": os.cpu_count(), "torch_threads": torch.get_num_threads(),
            "accelerator": (torch.cuda.get_device_name(0) if torch.cuda.is_available()
                            else None),
            "load_average_1m_end": round(os.getloadavg()[0], 2),
            "command": command, "curve_png": str(png),
            "settings": {k: v for k, v in vars(args).items() if k != "trl_args"}
            | {"trl_args": args.trl_args},
            "base_per_task": base["per_task"], "base_eval_s": base["eval_s"],
            "variants": {k: {kk: vv for kk, vv in v.items() if kk != "trained_per_task"}
                         | {"trained_per_task": v["trained_per_task"]}
                         for k, v in variants.items()},
        }
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        _plot(png, variants, f"{args.method} on {args.model}: {len(train_tasks)} train tasks, "
              f"{len(held_out)} held-out")
        print(f"\n| policy | held-out pass@1 | paired diff vs base [95% CI] |\n|---|---|---|\n"
              f"| base | {base['pass_at_1']:.3f} | |")
        for name, row in variants.items():
            low, high = row["paired_ci"]
            label = args.method if name == args.method else f"{args.method}:{name}"
            print(f"| {label} | {row['trained_pass_at_1']:.3f} | "
                  f"{row['paired_diff']:+.3f} [{low:+.3f}, {high:+.3f}] |")
        print(f"wrote {out} and {png}; wall {result['wall_minutes']} min")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
