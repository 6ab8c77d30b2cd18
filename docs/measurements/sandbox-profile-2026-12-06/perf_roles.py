"""Where each sample's CPU goes, by process role, with the sandbox running at full throughput.

Run from the repository root, alone on the machine (needs ``perf``; root or a low
``kernel.perf_event_paranoid``)::

    python docs/measurements/sandbox-profile-2026-12-06/perf_roles.py [process|bwrap] [batches]

Two workers judge the 158 HumanEval canonical solutions with their call tests (x3, the
EvalPlus comparison's workload) ``batches`` times while ``perf record -a -g`` samples the whole
machine at 4 kHz. Each sample is put down to a role: the calling process (parent: the judge and
the dispatch), a worker, a zygote (a worker's long-lived child that forks the runs), or a run
(every other process: each run is a process of its own), and to a kind of work: a page fault
(the chain holds ``exc_page_fault``), else the system call it is in, else the process's exit,
else user space (the interpreter, libc), else other kernel work. Printed in ms of CPU per
judged sample. Unlike ``../sandbox-cpu-2026-12-04/perf_share.py`` (one worker, followed with
``perf -p``), this sees the parent and every worker at the throughput the bench measures.
"""

from __future__ import annotations

import collections
import os
import re
import subprocess
import sys
import tempfile
import time

from benchmarks.perf.sandbox_bench import call_test_jobs, call_tested_tasks
from o1coder_env.sandbox import Sandbox

HZ = 4000


def worker_pids(sb: Sandbox) -> list[int]:
    """The workers' pids (under bwrap, the first process below the bwrap ones)."""
    pids = []
    for worker in sb._workers:
        pid = worker.proc.pid
        while os.path.basename(os.readlink(f"/proc/{pid}/exe")) == "bwrap":
            with open(f"/proc/{pid}/task/{pid}/children") as fh:
                kids = fh.read().split()
            if not kids:
                break
            pid = int(kids[0])
        pids.append(pid)
    return pids


def record(backend: str, batches: int, data: str) -> tuple[int, list[int], int, float]:
    """Run the workload under ``perf record -a``; the parent pid, worker pids, samples, seconds."""
    jobs = call_test_jobs(call_tested_tasks())  # the EvalPlus comparison's workload
    with Sandbox(backend=backend, workers=2, cache_size=0) as sb:
        sb.run_batch(jobs[:8])  # warm-up
        workers = worker_pids(sb)
        perf = subprocess.Popen(["perf", "record", "-q", "-a", "-g", "-F", str(HZ), "-o", data],
                                stderr=subprocess.DEVNULL)
        time.sleep(1.0)
        t0 = time.perf_counter()
        for _ in range(batches):
            sb.run_batch(jobs)
        wall = time.perf_counter() - t0
        perf.send_signal(2)
        perf.wait()
    return os.getpid(), workers, len(jobs) * batches, wall


def read_chains(data: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every sample of ``data``: its pid and its call chain as (symbol, dso), leaf first."""
    out = subprocess.run(["perf", "script", "-i", data, "-F", "pid,ip,sym,dso"],
                         capture_output=True, text=True, check=True).stdout
    samples: list[tuple[str, list[tuple[str, str]]]] = []
    pid, chain = None, []
    for line in out.splitlines():
        parts = line.split()
        if not parts:
            if pid is not None:
                samples.append((pid, chain))
            pid, chain = None, []
            continue
        if pid is None:
            pid, parts = parts[0], parts[1:]
        if len(parts) >= 2:
            chain.append((parts[1], parts[-1]))
    if pid is not None:
        samples.append((pid, chain))
    return samples


def kind_of_work(chain: list[tuple[str, str]]) -> str:
    """Page fault, a system call, the exit, user space, or other kernel work."""
    symbols = " ".join(symbol for symbol, _ in chain)
    if "exc_page_fault" in symbols:
        return "page fault"
    call = re.search(r"__(?:x64|do)_sys_(\w+)", symbols)
    if call:
        return f"sys_{call.group(1)}"
    if "do_exit" in symbols:
        return "exit"
    if chain and "kernel" not in chain[0][1]:
        return "user (interpreter, libc)"
    return "kernel, other"


def main() -> None:
    """Record, then print ms of CPU per judged sample by role and kind of work."""
    backend = sys.argv[1] if len(sys.argv) > 1 else "process"
    batches = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    with tempfile.TemporaryDirectory(prefix="o1coder-perf-roles-") as tmp:
        data = os.path.join(tmp, "perf.data")
        parent, workers, judged, wall = record(backend, batches, data)
        samples = read_chains(data)
    per_pid = collections.Counter(pid for pid, _ in samples)
    others = {str(parent), *map(str, workers), "0"}
    # A zygote lives through the whole recording; a run lives for one job.
    zygotes = {pid for pid, n in per_pid.items() if pid not in others and n > HZ // 8}

    def role(pid: str) -> str:
        if pid == str(parent):
            return "parent"
        if pid in map(str, workers):
            return "worker"
        return "zygote" if pid in zygotes else "idle" if pid == "0" else "run"

    print(f"{backend}: {judged} samples judged in {wall:.2f} s ({judged / wall:.0f}/s under perf), "
          f"{len(samples)} perf samples at {HZ} Hz, load {os.getloadavg()[0]:.2f}")
    for name in ("run", "worker", "zygote", "parent"):
        kinds = collections.Counter(kind_of_work(c) for pid, c in samples if role(pid) == name)
        total = sum(kinds.values())
        print(f"== {name}: {1000 * total / HZ / judged:.3f} ms per judged sample")
        for kind, n in kinds.most_common(6):
            print(f"   {1000 * n / HZ / judged:6.3f} ms {100 * n / max(total, 1):5.1f} %  {kind}")


if __name__ == "__main__":
    main()
