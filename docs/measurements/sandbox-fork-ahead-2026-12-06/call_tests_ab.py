"""Call tests alone: samples/s and box CPU per sample of one checkout's sandbox.

158 HumanEval canonical solutions x3 with their converted call tests, best of 3 passes; the CPU
is the worker trees' (workers, zygotes, children). Run from the root of the checkout to
measure, alternating two checkouts (see ``call_tests_ab.txt``):

    python docs/measurements/sandbox-fork-ahead-2026-12-06/call_tests_ab.py BACKEND [WORKERS]
"""

from __future__ import annotations

import json
import sys
import time

sys.path.insert(0, ".")  # the checkout run from, not an installed copy

from benchmarks.perf.sandbox_bench import tree_cpu_s
from o1coder_env.sandbox import Job, Sandbox
from o1coder_env.tasks import TestKind, load_tasks


def main() -> None:
    """Print one JSON line: samples/s, box CPU ms per sample, samples passed."""
    backend = sys.argv[1]
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    tasks = [t for t in load_tasks("humaneval") if t.reference_solution
             and any(x.kind is TestKind.CALL for x in t.hidden_tests)]
    jobs = [Job(t.reference_solution or "",
                [x for x in t.hidden_tests if x.kind is TestKind.CALL],
                entry_point=t.entry_point) for t in tasks] * 3
    best, cpu = float("inf"), []
    with Sandbox(backend=backend, workers=workers, cache_size=0) as sb:
        sb.run_batch(jobs[:8])
        roots = [w.proc.pid for w in sb._workers]
        for _ in range(3):
            before = tree_cpu_s(roots)
            t0 = time.perf_counter()
            reports = sb.run_batch(jobs)
            best = min(best, time.perf_counter() - t0)
            after = tree_cpu_s(roots)
            cpu.append(1000 * ((after[0] - before[0]) + (after[1] - before[1])) / len(jobs))
    print(json.dumps({"workers": workers, "per_s": round(len(jobs) / best, 1),
                      "box_cpu_ms": round(min(cpu), 3),
                      "passed": sum(r.all_passed for r in reports)}))


if __name__ == "__main__":
    main()
