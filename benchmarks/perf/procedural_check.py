"""Full self-check of the procedural source: references pass in the sandbox, hidden tests bite.

For ``--count`` tasks per (family, level) of ``--split``:

1. every reference solution passes all of its tests in the real sandbox;
2. the hidden tests of every task reject at least one mutant of its reference
   (:func:`o1coder_env.mutation.generate_mutants`, as the built-in suite's test does);
3. generation speed: milliseconds per task, and its ratio to the sandbox time of judging the
   same tasks' references (the anchor, measured in the same run).

Run::

    python -m benchmarks.perf.procedural_check --count 50 --split test
    python -m benchmarks.perf procedural-check          # the same through the perf entry point

Exit code 0 when every check passes. ``tests/test_procedural_sandbox.py`` runs the same functions
on a small sample in CI.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from collections.abc import Sequence
from typing import Any

from o1coder_env.tasks.model import Task

__all__ = ["main", "reference_failures", "toothless_tasks"]


def reference_failures(tasks: Sequence[Task], sandbox: Any) -> dict[str, list[Any]]:
    """Tasks whose reference fails one of its tests: id -> [(test index, status, message)]."""
    from o1coder_env.sandbox import Job

    reports = sandbox.run_batch([Job(t.reference_solution or "", t.all_tests,
                                     entry_point=t.entry_point) for t in tasks])
    return {
        t.task_id: [(r.index, r.status.value, r.message[:200]) for r in rep.results
                    if not r.passed]
        for t, rep in zip(tasks, reports, strict=True) if not rep.all_passed
    }


def toothless_tasks(tasks: Sequence[Task], sandbox: Any, *, max_mutants: int = 12) -> list[str]:
    """Tasks whose hidden tests accept every mutant tried (or that have no mutant at all).

    Mutants run with a 1 s limit per test (a test's own longer limit is dropped here): a mutant
    that loops or turns quadratic is rejected by the time limit, which counts as rejected.
    """
    from o1coder_env.mutation import generate_mutants
    from o1coder_env.sandbox import Job, Limits

    quick = Limits(timeout_s=1.0)
    toothless = []
    for task in tasks:
        hidden = tuple(dataclasses.replace(t, timeout_s=None) for t in task.hidden_tests)
        mutants = generate_mutants(task.reference_solution or "", max_mutants=max_mutants,
                                   seed=0)
        killed = False
        for start in range(0, len(mutants), 4):
            reports = sandbox.run_batch([
                Job(m.code, hidden, entry_point=task.entry_point, limits=quick)
                for m in mutants[start:start + 4]
            ])
            if not all(rep.all_passed for rep in reports):
                killed = True
                break
        if not killed:
            toothless.append(task.task_id)
    return toothless


def main(argv: Sequence[str] | None = None) -> int:
    """Run the checks; print a summary; return 0 when all pass."""
    parser = argparse.ArgumentParser(prog="procedural_check", description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=50, help="tasks per (family, level)")
    parser.add_argument("--split", default="test", choices=("train", "test"))
    parser.add_argument("--seed", type=int, default=0, help="first item of each stream")
    parser.add_argument("--families", default="", help="comma-separated (default: all)")
    parser.add_argument("--backend", default="process", help="sandbox backend")
    parser.add_argument("--skip-mutants", action="store_true", help="only check references")
    args = parser.parse_args(argv)

    from o1coder_env.sandbox import Sandbox
    from o1coder_env.tasks import load_tasks
    from o1coder_env.tasks.procedural import make_task

    spec = f"count={args.count};seed={args.seed}"
    if args.families:
        spec += f";families={args.families}"
    make_task.cache_clear()
    start = time.perf_counter()
    tasks = load_tasks("procedural", split=args.split, path=spec)
    generate_s = time.perf_counter() - start
    print(f"generated {len(tasks)} tasks ({args.split}, {spec}) in {generate_s:.2f}s: "
          f"{1000 * generate_s / len(tasks):.2f} ms/task")
    ok = True
    with Sandbox(backend=args.backend) as sandbox:
        start = time.perf_counter()
        failures = reference_failures(tasks, sandbox)
        judge_s = time.perf_counter() - start
        print(f"references judged in the sandbox in {judge_s:.1f}s; generation/judging time "
              f"ratio {generate_s / judge_s:.3f}")
        print(f"references passing all tests: {len(tasks) - len(failures)}/{len(tasks)}")
        for task_id, bad in list(failures.items())[:20]:
            print(f"  FAIL {task_id}: {bad[:2]}")
        ok = ok and not failures
        if not args.skip_mutants:
            start = time.perf_counter()
            toothless = toothless_tasks(tasks, sandbox)
            print(f"hidden tests rejecting a mutant: {len(tasks) - len(toothless)}/{len(tasks)} "
                  f"({time.perf_counter() - start:.0f}s)")
            for task_id in toothless[:20]:
                print(f"  TOOTHLESS {task_id}")
            ok = ok and not toothless
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
