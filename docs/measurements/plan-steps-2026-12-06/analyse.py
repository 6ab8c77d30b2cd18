"""Plans first, and a PRM to order them: what the search finds on held-out procedural tasks.

Reads the tree files of ``o1coder mcts`` runs (one per setting, the same tasks), runs each
task's best program on its **hidden** tests (which the search never saw: it was scored on the
public ones) and prints, per setting, the search's solve rate on public tests, the hidden-test
pass rate of the best trace (Wilson 95 % intervals), the tree shape, and paired differences
(bootstrap over tasks) between the named pairs of settings.

Run from the repository root, after the commands in docs/selfplay.md:

    python docs/measurements/plan-steps-2026-12-06/analyse.py runs/plan-exp > result.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from o1coder_env.protocol.steps import extract_code
from o1coder_env.sandbox import Sandbox
from o1coder_env.stats import paired_delta, wilson_interval
from o1coder_env.tasks import load_tasks

SETTINGS = ("code-first", "plans", "plans-prm")
PAIRS = (("code-first", "plans"), ("plans", "plans-prm"), ("code-first", "plans-prm"))


def _ci(successes: int, n: int) -> list[float]:
    interval = wilson_interval(successes, n)
    return [interval.low, interval.high]


def _hidden_pass(sandbox: Sandbox, task, steps: list[str]) -> bool:
    code = extract_code(steps[-1]) if steps else None
    if not code:
        return False
    report = sandbox.run_task(task, code, which="hidden")
    return bool(report.results) and all(r.passed for r in report.results)


def main() -> None:
    """Print the JSON summary of the settings found in the folder given."""
    folder = Path(sys.argv[1])
    tasks = {t.task_id: t for t in load_tasks("procedural", split="test",
                                              path="levels=1-2;count=1")}
    out: dict = {"settings": {}, "pairs": {}}
    per_task: dict[str, dict[str, list[float]]] = {}
    with Sandbox(backend="process") as sandbox:
        for name in SETTINGS:
            path = folder / f"{name}.jsonl"
            if not path.is_file():
                continue
            records = [json.loads(line) for line in path.read_text().splitlines() if line]
            hidden = {r["task_id"]: _hidden_pass(sandbox, tasks[r["task_id"]], r["best_steps"])
                      for r in records}
            per_task[name] = {t: [float(v)] for t, v in hidden.items()}
            n = len(records)
            solved = sum(bool(r["solved"]) for r in records)
            depths = [max(node["depth"] for node in r["tree"]["nodes"]) for r in records]
            out["settings"][name] = {
                "tasks": n,
                "config": records[0]["config"],
                "public_solved": solved,
                "public_solve_rate": solved / n,
                "public_ci": _ci(solved, n),
                "hidden_pass": sum(hidden.values()),
                "hidden_pass_rate": sum(hidden.values()) / n,
                "hidden_ci": _ci(sum(hidden.values()), n),
                "trees_deeper_than_1": sum(d > 1 for d in depths),
                "mean_nodes": sum(len(r["tree"]["nodes"]) for r in records) / n,
                "wall_s": sum(r["wall_s"] for r in records),
            }
    for before, after in PAIRS:
        if before in per_task and after in per_task:
            delta = paired_delta(per_task[before], per_task[after], seed=0)
            out["pairs"][f"{after} - {before}"] = {
                "hidden_diff": delta["value"], "ci": [delta["low"], delta["high"]]}
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
