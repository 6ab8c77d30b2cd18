"""Env overhead benchmark: reset, non-terminal step, and terminal step vs the bare sandbox call.

Run: ``python -m benchmarks.perf.env_bench [--repeat N] [--backend process]``. Prints one JSON
object. Targets (issue 4): reset and non-terminal step well under 1 ms; the terminal step within
10% of the bare ``Sandbox.run`` of the same program on the same test batch. The sandbox's result
cache is disabled for both timings, so each terminal step really runs the program.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from typing import Any

__all__ = ["main", "run_bench"]


def _median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 4)


def run_bench(repeat: int = 200, terminal_repeat: int = 30, backend: str = "process") -> dict:
    """Time the env against the bare sandbox; returns the medians in milliseconds."""
    import gymnasium as gym

    import o1coder_env  # noqa: F401
    from o1coder_env.sandbox import Sandbox
    from o1coder_env.step_candidates import reference_trace
    from o1coder_env.tasks import load_tasks

    task = sorted(load_tasks("builtin", split="test"),
                  key=lambda t: len(t.reference_solution or ""))[0]
    out: dict[str, Any] = {"task_id": task.task_id, "backend": backend}
    with Sandbox(backend=backend, cache_size=0) as sandbox:
        env: Any = gym.make("O1Coder-v1", evaluation=True, sandbox=sandbox,
                            task_ids=[task.task_id]).unwrapped
        trace = reference_trace(task)
        resets, steps, terminals, bare = [], [], [], []
        for _ in range(repeat):
            t0 = time.perf_counter()
            env.reset(seed=0)
            t1 = time.perf_counter()
            env.step(trace[0])
            t2 = time.perf_counter()
            resets.append(t1 - t0)
            steps.append(t2 - t1)
        plan = env._plan_for(task)
        batch, _ = plan.batch()
        for _ in range(terminal_repeat):
            env.reset(seed=0)
            for s in trace[:-1]:
                env.step(s)
            t0 = time.perf_counter()
            env.step(trace[-1])
            terminals.append(time.perf_counter() - t0)
            program = env._program_of(trace[-1])
            t0 = time.perf_counter()
            sandbox.run(program, batch, entry_point=task.entry_point, setup_code=task.setup_code)
            bare.append(time.perf_counter() - t0)
    out.update(
        reset_ms=_median_ms(resets),
        nonterminal_step_ms=_median_ms(steps),
        terminal_step_ms=_median_ms(terminals),
        bare_sandbox_ms=_median_ms(bare),
        tests_per_terminal=len(batch),
    )
    out["terminal_overhead_pct"] = round(
        100 * (out["terminal_step_ms"] - out["bare_sandbox_ms"]) / out["bare_sandbox_ms"], 2)
    return out


def main(argv: list[str] | None = None) -> int:
    """CLI entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200, help="reset/step samples")
    parser.add_argument("--terminal-repeat", type=int, default=30, help="terminal step samples")
    parser.add_argument("--backend", default="process", help="sandbox backend")
    args = parser.parse_args(argv)
    print(json.dumps(run_bench(args.repeat, args.terminal_repeat, args.backend), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
