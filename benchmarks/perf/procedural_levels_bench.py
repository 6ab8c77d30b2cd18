r"""Calibration: a small model's pass rate on procedural tasks, level by level.

For each level, ``--per-level`` test-split tasks spread over every family (the first items of
``levels=L``, which interleave the families) are given to the model with the project's prompts
(:func:`~o1coder_env.protocol.prompts.build_step_messages`):

- ``vanilla``: one reply, the program in a ```python block (``vanilla-greedy``'s protocol);
- ``pseudocode``: outline, refinements, code, one step per call, up to ``--max-steps`` steps
  (``pseudo-greedy``'s protocol);

decoded greedily (1 sample) and/or with ``--samples`` samples at ``--temperature``. The program
of a reply is chosen by ``--program-rule`` (:data:`o1coder_env.protocol.steps.PROGRAM_RULES`):
``entry-point`` (default; what ``O1Coder-Direct-v2`` pays: the last fenced block that defines the
task's function) or ``last-fence`` (``O1Coder-Direct-v0``/``-v1``: the last fenced block); the
JSON output records it. A sample
passes when its program passes *all* the task's tests (public and hidden) in the sandbox. The
table gives, per level and setting, the pass rate over samples (pass@1) and, for sampling, the
share of tasks solved by at least one sample (pass@k). The anchor printed with it is the model's
generation speed in tokens/s, measured in the same run.

Run (SmolLM2-135M-Instruct on CPU is slow: size the run with the printed tokens/s)::

    python -m benchmarks.perf.procedural_levels_bench --per-level 10 --settings vanilla-greedy
    python -m benchmarks.perf.procedural_levels_bench --per-level 50 \
        --settings vanilla-greedy pseudo-greedy vanilla-sample pseudo-sample --out levels.json

The levels are tuned so that level 1 is at or above 50% and level 5 at or below 10% (issue #19);
docs/tasks.md has the measured table.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from o1coder_env.protocol.steps import PROGRAM_RULES

__all__ = ["SETTINGS", "Setting", "main", "run_setting", "select_tasks"]


@dataclass(frozen=True)
class Setting:
    """One row group of the table: a prompt mode and a decoding."""

    name: str
    mode: str  # "vanilla" or "pseudocode"
    samples: int  # 1 = greedy
    temperature: float


SETTINGS = {
    "vanilla-greedy": Setting("vanilla-greedy", "vanilla", 1, 0.0),
    "pseudo-greedy": Setting("pseudo-greedy", "pseudocode", 1, 0.0),
    "vanilla-sample": Setting("vanilla-sample", "vanilla", 8, 0.8),
    "pseudo-sample": Setting("pseudo-sample", "pseudocode", 8, 0.8),
}


def select_tasks(level: int, per_level: int, *, split: str = "test", seed: int = 0,
                 families: str = "") -> list[Any]:
    """``per_level`` tasks of ``level``, interleaving the families."""
    from o1coder_env.tasks import load_tasks
    from o1coder_env.tasks.procedural import FAMILIES

    names = [f for f in families.split(",") if f] or list(FAMILIES)
    count = math.ceil(per_level / len(names))
    spec = f"level={level};count={count};seed={seed};families={','.join(names)}"
    return load_tasks("procedural", split=split, path=spec, limit=per_level)


def _entry_point(task: Any) -> str | None:
    """The function a task's tests call (``None`` for stdin/stdout), as the envs read it."""
    from o1coder_env.tasks.model import TaskStyle

    return task.entry_point if task.style is TaskStyle.CALL else None


def _programs(generator: Any, tasks: Sequence[Any], setting: Setting, *, max_steps: int,
              max_new_tokens: int, seed: int, program_rule: str = "entry-point",
              ) -> tuple[list[list[str | None]], list[list[str | list[str]]]]:
    """For each task, ``setting.samples`` programs (``None`` where no code step came).

    Returns:
        The programs and, beside them, what the model wrote: the whole reply (vanilla) or the
        list of steps (pseudocode), so that saved completions can be judged again later.
    """
    from agents.generators import Prompt, Sampling
    from o1coder_env.protocol.prompts import (
        STEP_STOP,
        build_step_messages,
        clean_step,
        task_problem_text,
    )
    from o1coder_env.protocol.steps import (
        check_program_rule,
        extract_code,
        is_code_step,
        program_from_completion,
    )

    problems = [task_problem_text(t) for t in tasks]
    sampling = Sampling(temperature=setting.temperature, max_new_tokens=max_new_tokens,
                        stop=() if setting.mode == "vanilla" else STEP_STOP, seed=seed)
    if setting.mode == "vanilla":
        prompts = [Prompt(messages=build_step_messages(p, mode="vanilla"), mode="vanilla")
                   for p in problems]
        out = generator.generate(prompts, n=setting.samples, sampling=sampling)
        return ([[program_from_completion(g.text, entry_point=_entry_point(task),
                                          rule=check_program_rule(program_rule)) for g in group]
                 for task, group in zip(tasks, out, strict=True)],
                [[g.text for g in group] for group in out])
    # Pseudocode: one trace per (task, sample), advanced one step per round, all in one batch.
    traces: list[list[str]] = [[] for _ in range(len(tasks) * setting.samples)]
    programs: list[str | None] = [None] * len(traces)
    live = list(range(len(traces)))
    for round_ in range(max_steps):
        if not live:
            break
        prompts = [Prompt(messages=build_step_messages(problems[i // setting.samples],
                                                       traces[i]), mode="pseudocode")
                   for i in live]
        step_sampling = Sampling(temperature=setting.temperature, max_new_tokens=max_new_tokens,
                                 stop=STEP_STOP, seed=seed + round_)
        out = generator.generate(prompts, n=1, sampling=step_sampling)
        still = []
        for i, group in zip(live, out, strict=True):
            step = clean_step(group[0].text)
            traces[i].append(step)
            if is_code_step(step):
                # The step envs' rule: one python block of the code step.
                programs[i] = extract_code(step, fallback_any_fence=False,
                                           entry_point=_entry_point(tasks[i // setting.samples]),
                                           rule=check_program_rule(program_rule))
            elif round_ + 1 < max_steps:
                still.append(i)
        live = still
    size = setting.samples
    return ([programs[k * size:(k + 1) * size] for k in range(len(tasks))],
            [list(traces[k * size:(k + 1) * size]) for k in range(len(tasks))])


def run_setting(generator: Any, sandbox: Any, tasks: Sequence[Any], setting: Setting, *,
                max_steps: int = 4, max_new_tokens: int = 192, seed: int = 0,
                program_rule: str = "entry-point") -> dict[str, Any]:
    """Generate and judge; return pass@1 (over samples), pass@k (over tasks) and counts."""
    from o1coder_env.protocol.steps import check_program_rule
    from o1coder_env.sandbox import Job

    check_program_rule(program_rule)
    programs, written = _programs(generator, tasks, setting, max_steps=max_steps,
                                  max_new_tokens=max_new_tokens, seed=seed,
                                  program_rule=check_program_rule(program_rule))
    jobs, owners = [], []
    for k, (task, group) in enumerate(zip(tasks, programs, strict=True)):
        for program in group:
            if program:
                jobs.append(Job(program, task.all_tests, entry_point=task.entry_point))
                owners.append(k)
    reports = sandbox.run_batch(jobs) if jobs else []
    passed = [0] * len(tasks)
    verdicts: list[list[bool]] = [[] for _ in tasks]
    for k, report in zip(owners, reports, strict=True):
        passed[k] += int(report.all_passed)
        verdicts[k].append(bool(report.all_passed))
    total = len(tasks) * setting.samples
    return {
        "setting": setting.name, "tasks": len(tasks), "samples": setting.samples,
        "program_rule": program_rule,
        "pass_at_1": sum(passed) / total if total else 0.0,
        "pass_at_k": sum(p > 0 for p in passed) / len(tasks) if tasks else 0.0,
        "solved_by_family": {t.metadata["family"]: p for t, p in zip(tasks, passed,
                                                                     strict=True) if p},
        # per task: samples passed and the first sample's program, to see what the model wrote
        "details": [{"task_id": t.task_id, "passed": p, "program": (group[0] or "")[:600]}
                    for t, p, group in zip(tasks, passed, programs, strict=True)],
        # everything the model wrote, per task and sample (for --save-completions)
        "completions": [{"task_id": t.task_id, "written": w, "programs": g,
                         "passed": _sample_verdicts(g, v)}
                        for t, w, g, v in zip(tasks, written, programs, verdicts, strict=True)],
    }


def _sample_verdicts(programs: Sequence[str | None], judged: Sequence[bool]) -> list[bool]:
    """Per sample: passed? (samples with no program were not judged and fail)."""
    out, it = [], iter(judged)
    for program in programs:
        out.append(bool(program) and next(it))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Run the calibration; print the per-level table (and write JSON with ``--out``)."""
    parser = argparse.ArgumentParser(prog="procedural_levels_bench",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--per-level", type=int, default=10, help="tasks per level")
    parser.add_argument("--levels", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    parser.add_argument("--settings", nargs="+", default=["vanilla-greedy"],
                        choices=sorted(SETTINGS))
    parser.add_argument("--model", default="smollm2-135m", help="hf generator model or alias")
    parser.add_argument("--families", default="", help="comma-separated (default: all)")
    parser.add_argument("--max-steps", type=int, default=4, help="pseudocode steps per trace")
    parser.add_argument("--max-new-tokens", type=int, default=192)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--seed", type=int, default=0, help="first task item and sampling seed")
    parser.add_argument("--out", default=None, help="write the results as JSON here")
    parser.add_argument("--save-completions", default=None, metavar="JSONL",
                        help="also write every completion (reply or steps, program, verdict) "
                        "here, one row per level, setting and task")
    parser.add_argument("--threads", type=int, default=None,
                        help="torch CPU threads (1 is much faster on a loaded machine)")
    parser.add_argument("--program-rule", default="entry-point", choices=list(PROGRAM_RULES),
                        help="which fenced block of a reply is the program: entry-point (the "
                             "last that defines the task's function; O1Coder-Direct-v2) or "
                             "last-fence (the last; O1Coder-Direct-v0/-v1)")
    args = parser.parse_args(argv)
    print(f"program rule: {args.program_rule}", flush=True)
    if args.save_completions:  # one file per run: rows are appended level by level below
        open(args.save_completions, "w", encoding="utf-8").close()
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)

    from agents.generators.hf import HFGenerator
    from o1coder_env.sandbox import Sandbox

    generator = HFGenerator(args.model, batch_size=args.batch_size)
    print(f"model {args.model} loaded in {generator.load_s:.1f}s", flush=True)
    results = []
    with Sandbox(backend="process") as sandbox:
        for level in args.levels:
            tasks = select_tasks(level, args.per_level, seed=args.seed, families=args.families)
            for name in args.settings:
                generator.reset_budget()
                start = time.perf_counter()
                row = run_setting(generator, sandbox, tasks, SETTINGS[name],
                                  max_steps=args.max_steps, max_new_tokens=args.max_new_tokens,
                                  seed=args.seed, program_rule=args.program_rule)
                seconds = time.perf_counter() - start
                budget = generator.budget
                tokens = getattr(budget, "completion_tokens", 0) or 0
                row.update(level=level, seconds=round(seconds, 1),
                           tokens_per_s=round(tokens / seconds, 1) if seconds else None)
                completions = row.pop("completions")
                if args.save_completions:
                    with open(args.save_completions, "a", encoding="utf-8") as fh:
                        for item in completions:
                            fh.write(json.dumps({"level": level, "setting": name,
                                                 "program_rule": args.program_rule,
                                                 **item}) + "\n")
                results.append(row)
                print(f"L{level} {name:15s} pass@1 {row['pass_at_1']:.2f}  pass@k "
                      f"{row['pass_at_k']:.2f}  ({row['tasks']} tasks x {row['samples']}, "
                      f"{seconds:.0f}s, {row['tokens_per_s']} tok/s)  solved: "
                      f"{row['solved_by_family']}", flush=True)
                if args.out:  # keep what is measured so far if the run is cut short
                    with open(args.out, "w", encoding="utf-8") as fh:
                        json.dump({"args": vars(args), "program_rule": args.program_rule,
                                   "results": results}, fh, indent=1)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            json.dump({"args": vars(args), "program_rule": args.program_rule,
                       "results": results}, fh, indent=1)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
