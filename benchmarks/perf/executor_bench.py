"""Executor throughput: bench episodes per second, locally with 1 and 2 workers and through Ray.

Run: ``python -m benchmarks.perf.executor_bench [--limit 12] [--agents random mcts-candidates]
[--seeds 0 1] [--workers 2]``. Prints one JSON object: for each executor the episodes, wall
seconds and episodes/s of the same bench units (the same run, one after another), Ray's start-up
time (reported apart: a cluster is started once, not per job), and Ray's overhead against the
local pool at the same worker count (target: under 20%).

Each executor starts with cold workers (fresh processes build their tasks, envs and sandbox), so
the figures include that warm-up, as a real bench run does.
"""

from __future__ import annotations

import argparse
import functools
import json
import shutil
import tempfile
import time
from typing import Any

__all__ = ["main", "run_bench"]


def _time_map(executor: Any, config: Any, units: list[Any]) -> dict[str, Any]:
    from benchmarks.runner import run_unit

    start = time.perf_counter()
    rows = list(executor.map(functools.partial(run_unit, config), units))
    wall = time.perf_counter() - start
    return {"episodes": len(rows), "wall_s": round(wall, 3),
            "episodes_per_s": round(len(rows) / wall, 4),
            "errors": sum(r["error"] is not None for r in rows)}


def run_bench(limit: int = 12, agents: tuple[str, ...] = ("random", "mcts-candidates"),
              seeds: tuple[int, ...] = (0,), workers: int = 2) -> dict[str, Any]:
    """Time the same bench units through each executor; returns the figures."""
    import ray

    from agents.executors import LocalExecutor, RayExecutor
    from benchmarks.runner import BenchConfig, machine_info, plan_units

    config = BenchConfig(agents=list(agents), limit=limit, seeds=list(seeds), aspr_k=0,
                         llm_limit=0)
    units = plan_units(config)
    out: dict[str, Any] = {"units": len(units), "agents": list(agents), "limit": limit,
                           "seeds": list(seeds), "machine": machine_info()}
    # Every executor starts cold: the 1-worker figure uses a one-process pool, not this process.
    with LocalExecutor(1, in_process=False) as single:
        out["local_1"] = _time_map(single, config, units)
    with LocalExecutor(workers) as pool:
        out[f"local_{workers}"] = _time_map(pool, config, units)
    temp_dir = tempfile.mkdtemp(prefix="o1ray-", dir="/tmp")
    try:
        t0 = time.perf_counter()
        executor = RayExecutor(workers=workers, temp_dir=temp_dir, log_to_driver=False)
        out["ray_start_s"] = round(time.perf_counter() - t0, 3)
        out[f"ray_{workers}"] = _time_map(executor, config, units)
        executor.close()
    finally:
        if ray.is_initialized():
            ray.shutdown()
        shutil.rmtree(temp_dir, ignore_errors=True)
    local_rate = out[f"local_{workers}"]["episodes_per_s"]
    ray_rate = out[f"ray_{workers}"]["episodes_per_s"]
    out["ray_overhead_vs_local"] = round(1 - ray_rate / local_rate, 4)
    out["speedup_local_2_vs_1"] = round(local_rate / out["local_1"]["episodes_per_s"], 3)
    return out


def main(argv: list[str] | None = None) -> int:
    """CLI entry point: print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=12, help="builtin tasks (12)")
    parser.add_argument("--agents", nargs="+", default=["random", "mcts-candidates"])
    parser.add_argument("--seeds", nargs="+", type=int, default=[0])
    parser.add_argument("--workers", type=int, default=2, help="parallel workers (2)")
    args = parser.parse_args(argv)
    result = run_bench(args.limit, tuple(args.agents), tuple(args.seeds), args.workers)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
