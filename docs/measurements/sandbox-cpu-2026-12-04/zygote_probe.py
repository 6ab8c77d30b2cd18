"""Would a zygote (a small process that forks the runs) save the worker's copy-on-write faults?

Run: ``python docs/measurements/sandbox-cpu-2026-12-04/zygote_probe.py direct|zygote``

A stand-in worker with the sandbox worker's preloads forks 1,500 runs. Each run decodes a job,
compiles and calls a small program and encodes its answers; after each run the worker decodes
the job again and encodes a reply, as the real worker does. ``direct``: the worker forks each run
itself. ``zygote``: the worker asks a process it forked once (the zygote) to fork each run.
Prints wall time, CPU (this process, and its reaped descendants) and page faults per run.
"""

import json
import os
import resource
import sys
import time

PRELOAD = ("typing", "collections", "math", "re", "itertools", "functools", "heapq", "bisect",
           "string", "copy", "fractions", "decimal", "hashlib", "operator", "array",
           "dataclasses", "enum", "io", "json", "ctypes", "select", "shutil")
JOB = json.dumps({"code": "def f(x):\n    return [i * x for i in range(50)]\n" * 5,
                  "tests": [{"k": "call", "a": [i]} for i in range(8)],
                  "limits": {"timeout_s": 3}})
RUNS = 1500


def run_work() -> int:
    """What a run does: decode the job, compile and call the program, encode the answers."""
    job = json.loads(JOB)
    namespace: dict = {}
    exec(compile(job["code"], "<program>", "exec"), namespace)
    return len([json.dumps(namespace["f"](t["a"][0])) for t in job["tests"]])


def worker_work() -> int:
    """What the worker does around a run: decode the job, encode the reply."""
    job = json.loads(JOB)
    return len(json.dumps({"t": "done", "tests": [{"r": "pass", "dur": 0.001}
                                                  for _ in job["tests"]]}))


def usage() -> tuple[float, float, int, int]:
    """CPU seconds and minor faults: this process, and its reaped descendants."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime, me.ru_minflt,
            kids.ru_minflt)


def direct() -> float:
    """The worker forks every run."""
    t0 = time.perf_counter()
    for _ in range(RUNS):
        pid = os.fork()
        if pid == 0:
            run_work()
            os._exit(0)
        os.waitpid(pid, 0)
        worker_work()
    return time.perf_counter() - t0


def zygote() -> float:
    """A zygote forked once forks every run; the worker only asks and waits."""
    req_r, req_w = os.pipe()
    rep_r, rep_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(req_w)
        os.close(rep_r)
        while os.read(req_r, 1):
            run = os.fork()
            if run == 0:
                run_work()
                os._exit(0)
            os.waitpid(run, 0)
            os.write(rep_w, b"x")
        os._exit(0)
    os.close(req_r)
    os.close(rep_w)
    t0 = time.perf_counter()
    for _ in range(RUNS):
        os.write(req_w, b"g")
        os.read(rep_r, 1)
        worker_work()
    wall = time.perf_counter() - t0
    os.close(req_w)
    os.waitpid(pid, 0)  # the zygote's CPU and its runs' reach RUSAGE_CHILDREN now
    return wall


def main() -> None:
    """Measure one mode and print per-run figures."""
    for name in PRELOAD:
        __import__(name)
    mode = sys.argv[1]
    before = usage()
    wall = {"direct": direct, "zygote": zygote}[mode]()
    after = usage()
    me, kids = after[0] - before[0], after[1] - before[1]
    print(f"{mode}: wall {1000 * wall / RUNS:.3f} ms/run; cpu self {1000 * me / RUNS:.3f} ms + "
          f"descendants {1000 * kids / RUNS:.3f} ms = {1000 * (me + kids) / RUNS:.3f} ms; "
          f"minor faults self {(after[2] - before[2]) / RUNS:.0f}, descendants "
          f"{(after[3] - before[3]) / RUNS:.0f}")


if __name__ == "__main__":
    main()
