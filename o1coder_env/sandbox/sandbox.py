"""The :class:`Sandbox`: a pool of warm workers, a result cache, and judging in the parent.

A program run goes: parent -> (program, test *inputs*) -> a worker -> a forked, confined child ->
raw outcomes (serialized return values, captured stdout, errors) -> parent, which compares them
with the expected answers it kept to itself. See ``docs/sandbox.md`` for the threat model.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import os
import select
import subprocess
import tempfile
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from functools import lru_cache, partial
from typing import IO, Any

from o1coder_env.sandbox import _codec
from o1coder_env.sandbox.backends import (
    BackendUnavailable,
    WorkerSpec,
    resolve_backend,
    start_worker_process,
)
from o1coder_env.sandbox.call_plan import plan_calls
from o1coder_env.sandbox.compare import stdout_equal, values_equal
from o1coder_env.sandbox.judge import JudgeVerdict, judge_answered_test, judge_assert_test
from o1coder_env.sandbox.report import ExecReport, Limits, Status, TestResult
from o1coder_env.sandbox.uids import UidLease
from o1coder_env.tasks.model import Task, TestCase, TestKind, encode_value

__all__ = ["Job", "Sandbox", "SandboxDeadline", "SandboxError", "get_default_sandbox",
           "resolve_sandbox", "shared_sandbox"]


class SandboxError(RuntimeError):
    """The sandbox itself failed (a worker could not start or broke its protocol)."""


class SandboxDeadline(SandboxError):
    """A run's ``wait_s`` passed before its verdict; its worker was replaced, nothing cached."""


@dataclass(frozen=True)
class Job:
    """One program to run against a batch of tests (see :meth:`Sandbox.run`)."""

    program: str
    tests: Sequence[TestCase]
    entry_point: str | None = None
    setup_code: str = ""
    limits: Limits | None = None


class _Worker:
    """The parent's handle on one worker process."""

    def __init__(self, backend: str, spec: WorkerSpec, lease: UidLease | None) -> None:
        self.backend = backend
        self.spec = spec
        self.lease = lease
        self.proc = start_worker_process(backend, spec)
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.wfd = self.proc.stdin.fileno()
        self.rfd = self.proc.stdout.fileno()
        # What was read from the worker and not yet taken as a message (see receive).
        self.inbox = bytearray()
        hello = self.receive(60.0)
        if hello is None or hello.get("t") != "hello":
            err = self._stderr()
            self.kill()
            raise BackendUnavailable(f"the {backend} sandbox worker did not start: {err}")
        self.features: dict[str, Any] = dict(hello.get("features", {}))
        self.pid = int(hello.get("pid", 0))
        # The worker's zygote (it forks the runs), as a pid of the worker's own namespace.
        self.zygote_pid = int(hello.get("zygote", 0))

    def _stderr(self) -> str:
        try:
            self.proc.wait(timeout=5)
            assert self.proc.stderr is not None
            return self.proc.stderr.read().decode(errors="replace")[-1000:] or "no output"
        except (subprocess.TimeoutExpired, OSError, ValueError):
            return "no output"

    def send(self, obj: dict) -> None:
        data = memoryview(_codec.pack_frame(obj))
        while data:
            data = data[os.write(self.wfd, data):]

    def receive(self, timeout: float) -> dict | None:
        """The worker's next message, or None when it closed or ``timeout`` seconds passed."""
        deadline = time.monotonic() + timeout
        buf = self.inbox
        if len(buf) < 4 and not self._fill(4, deadline):
            return None
        (n,) = _codec.FRAME_HEADER.unpack_from(buf)
        if len(buf) < 4 + n and not self._fill(4 + n, deadline):
            return None
        with memoryview(buf) as view:
            payload = bytes(view[4:4 + n])
        del buf[:4 + n]
        return _codec.load_payload(payload)

    def _fill(self, want: int, deadline: float) -> bool:
        """Read until the inbox holds ``want`` bytes; False when the worker closed or time ran out.

        Reads whatever is there (up to 1 MiB at a time), not one frame's bytes: the answers to a
        batch of planned calls arrive many at once, and each then costs no system call.
        """
        buf = self.inbox
        while len(buf) < want:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            ready, _, _ = select.select([self.rfd], [], [], left)
            if not ready:
                return False
            data = os.read(self.rfd, min(max(want - len(buf), 1 << 16), 1 << 20))
            if not data:
                return False
            buf += data
        return True

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=10)
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                self.send({"t": "quit"})
                self.proc.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                pass
        self.kill()


class Sandbox:
    """Run untrusted programs against tests; verdicts are decided in this (the parent) process.

    Args:
        backend: ``"auto"`` (bwrap when installed and working, else process), ``"process"``,
            ``"bwrap"`` or ``"docker"``.
        workers: Number of worker processes (default: one per CPU core).
        limits: Default resource limits for every run.
        cache_size: Reports kept in the LRU result cache (0 disables it).
        work_root: Where private per-worker directories are created (default: the system temp
            dir). Only directories the sandbox creates are ever removed.
        fork_ahead: Fork each run's child one run ahead, so that its fork and set-up overlap
            the run before it on an idle core (a short run's latency falls by a quarter to a
            third; see docs/sandbox.md). Default (``None``): on when there are fewer workers
            than cores. With a worker per core there is no idle core: forking ahead made a
            full batch ~20 % slower there, so it is off.

    Raises:
        BackendUnavailable: If the backend cannot start here (the message says why).
        ValueError: For an unknown backend name or a bad argument.
    """

    def __init__(self, backend: str = "auto", workers: int | None = None,
                 limits: Limits | None = None, cache_size: int = 4096, *,
                 work_root: str | None = None, fork_ahead: bool | None = None) -> None:
        if workers is not None and workers < 1:
            raise ValueError(f"workers must be >= 1, got {workers}")
        if cache_size < 0:
            raise ValueError(f"cache_size must be >= 0, got {cache_size}")
        # A forked child inherits this object; only the process that made it may close it (at
        # exit or when it is collected), else the child would stop the parent's workers.
        self._owner_pid = os.getpid()
        self.backend = resolve_backend(backend)
        self.limits = limits or Limits()
        cores = max(1, len(os.sched_getaffinity(0)))
        self.n_workers = workers or cores
        # Forking ahead takes a run's fork and set-up off its latency by doing them on an idle
        # core; with a worker per core there is none, and it cost ~20 % of throughput.
        self.fork_ahead = self.n_workers < cores if fork_ahead is None else bool(fork_ahead)
        self.cache_size = cache_size
        self._cache: OrderedDict[str, ExecReport] = OrderedDict()
        self._lock = threading.Lock()
        self._idle: list[_Worker] = []
        self._cond = threading.Condition(self._lock)
        self._closed = False
        self._stats = {"runs": 0, "cache_hits": 0, "tests": 0, "forks": 0, "worker_restarts": 0}
        self._executor: ThreadPoolExecutor | None = None
        self._root = tempfile.mkdtemp(prefix="o1coder-sandbox-", dir=work_root)
        os.chmod(self._root, 0o711)
        self._janitor = _start_janitor(self._root)
        # A sandbox still open when the interpreter exits (a server stopped by SIGTERM, an env
        # never closed) removes its folders then; __del__ is not guaranteed to run at exit. The
        # hook holds the sandbox weakly, and close() unregisters it.
        self._close_at_exit = partial(_close_if_alive, weakref.WeakMethod(self.close),
                                      self._owner_pid)
        atexit.register(self._close_at_exit)
        self._created_dirs: list[str] = []
        self._workers: list[_Worker] = []
        try:
            for i in range(self.n_workers):
                self._workers.append(self._start_worker(i))
        except BaseException:
            self.close()
            raise
        self._idle = list(self._workers)
        self.features = dict(self._workers[0].features)

    # --- workers --------------------------------------------------------------------------------
    def _start_worker(self, index: int) -> _Worker:
        lease = UidLease.acquire() if os.geteuid() == 0 else None
        wdir = os.path.join(self._root, f"w{index}")
        if wdir not in self._created_dirs:
            os.mkdir(wdir, 0o711)
            self._created_dirs.append(wdir)
        spec = WorkerSpec(index=index, root=wdir, uid=lease.uid if lease else None,
                          gid=lease.uid if lease else None,
                          disk_mb=self.limits.disk_mb, memory_mb=self.limits.memory_mb,
                          max_processes=self.limits.max_processes, fork_ahead=self.fork_ahead)
        try:
            return _spawn(lambda: _Worker(self.backend, spec, lease))
        except BaseException:
            if lease is not None:
                lease.release()
            raise

    def _acquire(self, deadline: float = float("inf")) -> _Worker:
        with self._cond:
            while not self._idle:
                if self._closed:
                    raise SandboxError("the sandbox is closed")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise SandboxDeadline("no worker became free before the deadline")
                self._cond.wait(None if left == float("inf") else left)
            if self._closed:
                raise SandboxError("the sandbox is closed")
            return self._idle.pop()

    def _release(self, worker: _Worker) -> None:
        with self._cond:
            self._idle.append(worker)
            self._cond.notify()

    def _replace(self, worker: _Worker) -> _Worker:
        worker.kill()
        if worker.lease is not None:
            worker.lease.release()
        new = self._start_worker(worker.spec.index)
        with self._lock:
            self._workers[self._workers.index(worker)] = new
            self._stats["worker_restarts"] += 1
        return new

    # --- public API -------------------------------------------------------------------------------
    def worker_pids(self) -> list[int]:
        """Host process ids of the worker processes (for monitoring and failure tests)."""
        with self._lock:
            return [w.proc.pid for w in self._workers]

    def run(self, program: str, tests: Sequence[TestCase], *, entry_point: str | None = None,
            setup_code: str = "", limits: Limits | None = None,
            wait_s: float | None = None) -> ExecReport:
        """Run ``program`` against ``tests``; one verdict per test, judged in this process.

        Args:
            program: A whole module defining ``entry_point`` (call tests) or a whole script
                (stdio tests).
            tests: The tests, any mix of call, stdio and assert kinds.
            entry_point: The function call tests call.
            setup_code: Code run after the program (MBPP's ``test_setup_code``).
            limits: Limits for this run (default: the sandbox's).
            wait_s: The longest this call may take. When it passes, the worker running the
                program is replaced at once (everything the program started is killed, so it
                holds no worker afterwards) and :class:`SandboxDeadline` is raised.

        Returns:
            The report (``cached=True`` when it came from the cache).

        Raises:
            SandboxDeadline: When ``wait_s`` passed first.
            SandboxError: When the sandbox itself failed (twice).
        """
        if not isinstance(program, str):
            raise TypeError(f"program must be a str, got {type(program).__name__}")
        tests = tuple(tests)
        for i, t in enumerate(tests):
            if not isinstance(t, TestCase):
                raise TypeError(f"tests[{i}] must be a TestCase, got {type(t).__name__}")
        if any(t.kind is TestKind.CALL for t in tests) and not entry_point:
            raise ValueError("call tests need an entry_point")
        if wait_s is not None and not wait_s > 0:
            raise ValueError(f"wait_s must be > 0, got {wait_s!r}")
        deadline = float("inf") if wait_s is None else time.monotonic() + wait_s
        limits = limits or self.limits
        key = self._cache_key(program, tests, entry_point, setup_code, limits) \
            if self.cache_size else ""  # hashing every test costs a run ~0.1 ms: only if used
        if self.cache_size:
            with self._lock:
                hit = self._cache.get(key)
                if hit is not None:
                    self._cache.move_to_end(key)
                    self._stats["cache_hits"] += 1
                    return replace(hit, cached=True)
        report = self._execute(program, tests, entry_point, setup_code, limits, deadline)
        if self.cache_size:
            with self._lock:
                self._cache[key] = report
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
        return report

    def run_batch(self, jobs: Sequence[Job]) -> list[ExecReport]:
        """Run many programs, spread over the workers; reports in the order of ``jobs``.

        Raises:
            TypeError: A job is not a :class:`Job` (or its program not a ``str``).
            SandboxError: The sandbox failed on a job (twice). After a job raises, no job
                starts; the first failure in job order is raised once the others are done.
        """
        jobs = list(jobs)
        for i, job in enumerate(jobs):
            if not isinstance(job, Job):
                raise TypeError(f"jobs[{i}] must be a Job, got {type(job).__name__}")
        if len(jobs) <= 1 or self.n_workers == 1:
            return [self._run_job(j) for j in jobs]
        with self._lock:
            if self._executor is None:
                # The calling thread takes jobs too: one helper thread per other worker.
                self._executor = ThreadPoolExecutor(self.n_workers - 1,
                                                    thread_name_prefix="o1coder-sandbox")
            executor = self._executor
        # Each thread takes the next job when it is free, the calling thread too: no future per
        # job and no wake-up of a waiting caller per job (with a worker per core, each wake-up
        # takes a core from the runs).
        reports: list[ExecReport | None] = [None] * len(jobs)
        failures: dict[int, BaseException] = {}
        order = iter(range(len(jobs)))  # shared: next() on it is atomic under the GIL

        def take_jobs() -> None:
            for i in order:
                if failures:
                    return  # a job failed: start no more (as map's cancelled futures)
                try:
                    reports[i] = self._run_job(jobs[i])
                except BaseException as exc:
                    failures[i] = exc
                    return

        helpers = [executor.submit(take_jobs) for _ in range(min(self.n_workers, len(jobs)) - 1)]
        take_jobs()
        # A copy: the helpers may still be adding to it (list() of a dict is atomic).
        for exc in list(failures.values()):
            if not isinstance(exc, Exception):  # interrupted: the helpers finish unwatched
                raise exc
        for helper in helpers:  # an earlier job may still fail: the first in job order counts
            helper.result()
        if failures:
            raise failures[min(failures)]
        return reports  # type: ignore[return-value]  # every slot was filled

    def _run_job(self, job: Job) -> ExecReport:
        return self.run(job.program, job.tests, entry_point=job.entry_point,
                        setup_code=job.setup_code, limits=job.limits)

    def run_task(self, task: Task, program: str, which: str = "hidden") -> ExecReport:
        """Run ``program`` against one of ``task``'s test sets (``public``/``hidden``/``all``)."""
        return self.run(program, task.tests(which), entry_point=task.entry_point,
                        setup_code=task.setup_code)

    @property
    def stats(self) -> dict[str, Any]:
        """Counters (runs, cache hits, tests, forks, worker restarts) and active protections."""
        with self._lock:
            out: dict[str, Any] = dict(self._stats)
        out.update(backend=self.backend, workers=self.n_workers, cache_entries=len(self._cache),
                   protections=dict(self.features))
        return out

    def close(self) -> None:
        """Stop the workers and remove the directories this sandbox created (exact paths)."""
        with self._cond:
            if self._closed:
                return
            self._closed = True
            self._cond.notify_all()
        atexit.unregister(self._close_at_exit)
        if self._executor is not None:
            self._executor.shutdown(wait=True)
        for worker in self._workers:
            worker.close()
            if worker.lease is not None:
                worker.lease.release()
        for path in reversed(self._created_dirs):
            _remove_created_dir(path)
        _remove_created_dir(self._root)
        _stop_janitor(self._janitor)

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:  # pragma: no cover - best effort
        if getattr(self, "_owner_pid", None) != os.getpid():
            return  # a forked child's copy (or a sandbox that failed before it had an owner)
        with contextlib.suppress(Exception):
            self.close()

    # --- internals --------------------------------------------------------------------------------
    def _cache_key(self, program: str, tests: tuple[TestCase, ...], entry: str | None,
                   setup: str, limits: Limits) -> str:
        h = hashlib.sha256()
        for part in (self.backend, program, entry or "", setup,
                     json.dumps(_limits_dict(limits), sort_keys=True)):
            h.update(part.encode("utf-8", "surrogatepass"))
            h.update(b"\x00")
        for t in tests:
            h.update(t.fingerprint().encode())
        return h.hexdigest()

    def _send_job(self, job: dict, budget: float, tests: tuple[TestCase, ...],
                  verdicts: dict[int, JudgeVerdict], deadline: float) -> dict | None:
        """One job on one worker: its ``done`` reply, or ``None`` if the worker died.

        Assert tests are judged here while the job runs (``verdicts`` gets one per test): the
        worker says when the child is at such a test, and relays each call the judge makes.
        """
        worker = self._acquire(deadline)

        def wait() -> float:
            return min(budget, deadline - time.monotonic())

        try:
            if not worker.alive():  # died while idle (killed from outside): replace it first
                worker = self._replace(worker)
            try:
                worker.send(job)
                reply = worker.receive(wait())
                while reply is not None and reply.get("t") in ("at", "ret", "stopped"):
                    if reply.get("t") != "at":
                        # Owed to a conversation the judge already ended (the test code
                        # finished before every answer to its batch of calls was read).
                        reply = worker.receive(wait())
                        continue
                    i = reply.get("i")
                    if type(i) is not int or not 0 <= i < len(tests) or \
                            tests[i].kind is not TestKind.ASSERT:
                        reply = None
                        break
                    verdicts[i] = self._judge_on(worker, tests[i], wait)
                    reply = worker.receive(wait())
            except OSError:
                reply = None
            except BaseException:
                # Interrupted mid-conversation (KeyboardInterrupt in the judge): the worker is
                # out of step with this process; kill it so the next use replaces it.
                worker.kill()
                raise
            if reply is None or reply.get("t") != "done":
                worker = self._replace(worker)
                reply = None
        finally:
            self._release(worker)
        return reply

    @staticmethod
    def _judge_on(worker: _Worker, test: TestCase, wait: Any) -> JudgeVerdict:
        """Run one assert test's code here, each call on the program relayed by ``worker``.

        The conversation always ends with "end", also after the box stopped: the worker waits
        for it, so that the channel is in step for the next test.
        """

        def receive() -> dict:
            return worker.receive(wait()) or {"t": "gone"}

        def roundtrip(msg: dict) -> dict:
            worker.send(msg)
            return receive()

        verdict = judge_assert_test(test.code, test.call, roundtrip, send=worker.send,
                                    receive=receive)
        worker.send({"t": "end"})
        return verdict

    def _execute(self, program: str, tests: tuple[TestCase, ...], entry: str | None,
                 setup: str, limits: Limits, deadline: float) -> ExecReport:
        specs = [_child_spec(t) for t in tests]
        script = bool(tests) and all(t.kind is TestKind.STDIO for t in tests)
        job = {"t": "run", "program": program, "setup": setup, "entry": entry or "",
               "mode": "script" if script else "module", "tests": specs,
               "limits": _limits_dict(limits)}
        budget = sum(float(s.get("timeout") or limits.timeout_s) for s in specs)
        budget = 2 * (budget + limits.timeout_s) + 30.0
        reply = None
        verdicts: dict[int, JudgeVerdict] = {}
        # A worker that dies mid-job is an infrastructure failure, not a verdict on the program:
        # retry once on a fresh worker, then raise (an exception is never cached as a report).
        for _attempt in range(2):
            verdicts.clear()
            reply = self._send_job(job, budget, tests, verdicts, deadline)
            with self._lock:
                self._stats["runs"] += 1
                self._stats["tests"] += len(tests)
            if reply is not None:
                break
            if time.monotonic() >= deadline:  # the worker was replaced: the program is gone
                raise SandboxDeadline(f"no verdict within wait_s ({len(tests)} tests); the "
                                      f"program's worker was replaced")
        if reply is None:
            raise SandboxError(f"the {self.backend} sandbox worker died twice running one "
                               f"program ({len(tests)} tests); no verdict was recorded")
        return _judge(tests, reply, limits, self.backend, verdicts)


_spawner: ThreadPoolExecutor | None = None
_spawner_lock = threading.Lock()


def _spawn(start: Any) -> Any:
    """Run ``start`` (which starts a worker process) on one long-lived thread.

    A worker's ``PR_SET_PDEATHSIG`` fires when the *thread* that forked it exits, so a worker
    started from a short-lived thread (a reward function's pool, a replacement made in
    ``run_batch``'s pool) would be killed with that thread. This thread lives as long as the
    interpreter.
    """
    global _spawner
    with _spawner_lock:
        if _spawner is None:
            _spawner = ThreadPoolExecutor(1, thread_name_prefix="o1coder-sandbox-spawn")
        spawner = _spawner
    return spawner.submit(start).result()


@lru_cache(maxsize=64)
def _limits_dict(limits: Limits) -> dict[str, Any]:
    """``asdict(limits)``, once per distinct limits (every run sends them). Never mutated."""
    return asdict(limits)


def _child_spec(test: TestCase) -> dict[str, Any]:
    """What the child may see of a test: its inputs, never its expected answer.

    An assert test's code never leaves this process. When the calls it makes are known in
    advance (a complete :func:`~o1coder_env.sandbox.call_plan.plan_calls` plan: straight-line
    asserts with literal arguments), the child gets those calls' arguments and runs them itself
    (``"plan"``); the judge checks the answers after the run. Otherwise the child only learns
    that test ``i`` is judged, then serves the calls the judge makes (``"judge"``).
    """
    spec: dict[str, Any] = {"k": test.kind.value}
    if test.timeout_s is not None:
        spec["timeout"] = test.timeout_s
    if test.kind is TestKind.CALL:
        spec["a"] = [encode_value(a) for a in test.args]
    elif test.kind is TestKind.STDIO:
        spec["in"] = test.stdin
    else:
        plan = plan_calls(test.code, test.call)
        if plan.complete:
            spec["k"] = "plan"
            spec["calls"] = plan.messages()
        else:
            spec["k"] = "judge"
    return spec


_RAW_STATUS = {
    "timeout": Status.TIMEOUT,
    "output_limit": Status.OUTPUT_LIMIT,
    "crashed": Status.CRASHED,
    "memory": Status.MEMORY,
    "error": Status.ERROR,
}


def _judge(tests: tuple[TestCase, ...], reply: dict, limits: Limits, backend: str,
           verdicts: dict[int, JudgeVerdict]) -> ExecReport:
    keep = limits.report_chars
    extra = {"protections": reply.get("features", {})}
    load = reply.get("load")
    if load is not None and load.get("t") == "compile_error":
        msg = f"{load.get('etype', '')}: {load.get('msg', '')}"
        results = tuple(TestResult(i, Status.COMPILE_ERROR, error_type=load.get("etype", ""),
                                   message=msg[:keep], weak=t.kind is TestKind.ASSERT)
                        for i, t in enumerate(tests))
        return ExecReport(results, compiled=False, compile_error=msg, backend=backend,
                          extra=extra)
    judged: list[TestResult] = []
    for i, test in enumerate(tests):
        raw = load if load is not None else (reply["tests"][i] or {
            "r": "crashed", "msg": "no result was reported"})
        judged.append(_judge_one(i, test, raw, keep, verdicts.get(i)))
    return ExecReport(tuple(judged), backend=backend, extra=extra)


def _judge_one(i: int, test: TestCase, raw: dict, keep: int,
               verdict: JudgeVerdict | None = None) -> TestResult:
    weak = test.kind is TestKind.ASSERT
    r = raw.get("r") or raw.get("t")
    etype = str(raw.get("etype", ""))
    msg = str(raw.get("msg", ""))
    common: dict[str, Any] = {"stdout": str(raw.get("stdout", ""))[:keep],
              "stderr": str(raw.get("stderr", ""))[:keep],
              "duration_s": float(raw.get("dur", 0.0)), "weak": weak}
    answers = raw.get("answers")
    if test.kind is TestKind.ASSERT and type(answers) is list:
        verdict = judge_answered_test(test.code, test.call, answers)
        if verdict.status == "stopped" and r == "judged":
            # Every planned answer is in, yet the test code asked for another call: the plan
            # was wrong. Never a pass; said plainly rather than blamed on the program.
            return TestResult(i, Status.ERROR, error_type="JudgePlanError",
                              message="the test made a call its plan did not foresee (an "
                                      "o1coder bug; please report it)", **common)
        if verdict.status in ("fail", "error"):
            r = "judged"  # decided by answers the box gave before it stopped, as if live
    if r == "load_error":
        return TestResult(i, Status.MEMORY if etype == "MemoryError" else Status.ERROR,
                          error_type=etype, message=f"while loading the program: {msg}"[:keep],
                          **common)
    if r in _RAW_STATUS:
        status = _RAW_STATUS[r]
        if r == "error" and etype in ("MemoryError",):
            status = Status.MEMORY
        return TestResult(i, status, error_type=etype, message=msg[:keep], **common)
    if test.kind is TestKind.CALL:
        if r == "unserializable":
            return TestResult(i, Status.FAILED, error_type="Unserializable",
                              message=msg[:keep], **common)
        if r == "value":
            try:
                value = _codec.decode_strict(raw.get("v"))
            except (ValueError, TypeError, KeyError, IndexError) as exc:
                return TestResult(i, Status.FAILED, error_type="Unserializable",
                                  message=f"malformed value: {exc}"[:keep], **common)
            if values_equal(test.expected, value, test.equality):
                return TestResult(i, Status.PASSED, **common)
            return TestResult(i, Status.FAILED, message=f"returned {_short(value)}"[:keep],
                              **common)
    elif test.kind is TestKind.STDIO:
        if r == "ok":
            if stdout_equal(test.expected, str(raw.get("stdout", ""))):
                return TestResult(i, Status.PASSED, **common)
            return TestResult(i, Status.FAILED, message="wrong output", **common)
    elif r == "judged" and verdict is not None:
        # The only way an assert test passes: the judge ran its code to the end, here.
        if verdict.status == "pass":
            return TestResult(i, Status.PASSED, **common)
        if verdict.status == "fail":
            return TestResult(i, Status.FAILED, error_type=verdict.etype,
                              message=verdict.msg[:keep], **common)
        if verdict.status == "error":
            status = Status.MEMORY if verdict.etype == "MemoryError" else Status.ERROR
            return TestResult(i, status, error_type=verdict.etype,
                              message=verdict.msg[:keep], **common)
    return TestResult(i, Status.CRASHED, message=f"unexpected outcome {r!r} for a "
                      f"{test.kind.value} test", **common)


def _short(value: Any, limit: int = 200) -> str:
    try:
        text = repr(value)
    except ValueError:
        # An int past Python's 4300-digit str() limit (a program may return 10**5000): the
        # verdict must not turn into an exception in the parent.
        return f"<a {type(value).__name__} too large to print>"
    return text if len(text) <= limit else text[:limit] + "..."


#: The janitor: a background shell (reparented away from this process once its parent shell
#: exits) that reads one byte from the pipe. EOF, with no byte, means every holder of the write
#: end is gone without ``close``: it removes the folder (``rm`` never follows links). The byte
#: ``close`` writes means the folder is already removed: it exits. Its input is moved to fd 3
#: because a non-interactive shell gives background commands /dev/null as their stdin.
_JANITOR_SCRIPT = ('exec 3<&0 </dev/null; '
                   '(if [ -z "$(head -c 1 <&3)" ]; then exec rm -rf -- "$0"; fi) & exit 0')


def _start_janitor(root: str) -> IO[bytes] | None:
    """A process that removes ``root`` once the sandbox's process is gone, however it went.

    Exit hooks do not run when a process is killed (SIGKILL, ``os._exit``, a Ray worker stopped
    by its raylet), which left empty sandbox folders in the temp dir. The janitor waits on a pipe
    whose only write end this process holds (workers are exec'd, so they do not inherit it). It
    is not this process's child (Ray kills a worker's children when it stops it) and runs in its
    own session (a signal sent to this process group does not reach it). Returns the write end,
    or ``None`` if the janitor could not start (then ``close`` and the exit hook remain).
    """
    try:
        shell = subprocess.Popen(["/bin/sh", "-c", _JANITOR_SCRIPT, root],
                                 stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, close_fds=True,
                                 start_new_session=True, env={"PATH": "/usr/bin:/bin",
                                                              "LANG": "C"})
    except OSError:
        return None
    shell.wait()  # the shell itself exits at once; its background child is the janitor
    return shell.stdin


def _stop_janitor(pipe: IO[bytes] | None) -> None:
    """Tell the janitor the folder is gone (``close`` removed it): it exits, removing nothing."""
    if pipe is None:
        return
    with contextlib.suppress(OSError, ValueError):
        pipe.write(b"x")
        pipe.flush()
    with contextlib.suppress(OSError, ValueError):
        pipe.close()


def _remove_created_dir(path: str) -> None:
    """Remove a directory the sandbox created itself, by exact path, never following links."""
    import shutil

    if os.path.islink(path) or not os.path.isdir(path):
        return
    shutil.rmtree(path, ignore_errors=True)


_shared: dict[str, Sandbox] = {}
_shared_lock = threading.Lock()


def shared_sandbox(backend: str = "auto") -> Sandbox:
    """The process-wide :class:`Sandbox` of ``backend``: the one registry of shared sandboxes.

    Keyed by the *resolved* backend, so ``"auto"`` and the backend it picks share one pool of
    workers and one result cache (a process never holds two pools of n-CPU workers for one
    backend). Made on first use, remade if closed, closed at interpreter exit.

    Raises:
        ValueError: If ``backend`` is not a known backend name.
    """
    resolved = resolve_backend(backend)
    with _shared_lock:
        sandbox = _shared.get(resolved)
        if sandbox is None or sandbox._closed:
            sandbox = Sandbox(backend=resolved)  # closed at exit by its own hook
            _shared[resolved] = sandbox
        return sandbox


def _close_if_alive(close: weakref.WeakMethod[Any], owner: int) -> None:
    """At interpreter exit: close a sandbox that is still open (it holds workers and folders).

    Only in the process that made it: a forked child that exits normally must not stop the
    parent's workers or remove its folders.
    """
    method = close()
    if method is not None and os.getpid() == owner:
        with contextlib.suppress(Exception):
            method()


def get_default_sandbox() -> Sandbox:
    """The process-wide shared :class:`Sandbox` of ``backend="auto"``."""
    return shared_sandbox("auto")


def resolve_sandbox(sandbox: Sandbox | str | None) -> Sandbox:
    """What a ``sandbox=`` argument means, for every holder that makes its sandbox lazily.

    ``None`` is :func:`get_default_sandbox`; a backend name (``"process"``, ``"bwrap"``,
    ``"auto"``...) is that backend's :func:`shared_sandbox` (so the holder stays picklable, e.g.
    in async vector envs); anything else is a sandbox object used as is.
    """
    if sandbox is None:
        return get_default_sandbox()
    if isinstance(sandbox, str):
        return shared_sandbox(sandbox)
    return sandbox
