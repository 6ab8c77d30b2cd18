"""The sandbox worker: a long-lived, pre-started process; its zygote forks one child per run.

Run *inside the box* as ``python -I -S -B _worker.py CONFIG_JSON``, or imported from its folder
and ``main()`` called, which reads its bytecode instead of compiling it (see
``backends.worker_launch``); no site, no user paths, no package imports: standard library plus
the sibling modules ``_codec`` and ``_confine``.

Protocol with the parent (over the worker's stdin/stdout, moved to private fds at start): frames
of 4-byte length + JSON. The parent sends a job (program, setup code, the tests' *inputs only*,
limits); the worker answers with one raw outcome per test (the serialized return value or
captured stdout, or an error/timeout/crash verdict). Expected answers never reach this process.

Each run's process is forked by the worker's *zygote*: a process the worker forks once, before it
reads its first job, that never receives a job or an answer. It forks one child per run on the
worker's request (the child's pipe ends come over a unix socket) and reports its exit status.
So a child inherits no byte of another run: a process that once held a program, its inputs or
its answers (the worker) would hand them, freed but not erased, to every child it forked, and a
later program could read a correct program's answers out of its own memory. The worker asks
for each run's child one run ahead, as the run before it starts, so that the fork and the
child's set-up overlap that run on another core (only when the parent says there is one to
spare, ``fork_ahead``; else the child is forked when its run comes): the child starts a new
session, moves its result pipe to a random high fd and closes every other fd, rehearses its
first steps on harmless values (:meth:`_Child.warm_up`), and then waits, still privileged and
holding nothing of a run (its run dir does not exist yet). When the run comes, it reads its job
from its request pipe,
then: sets resource limits, drops to the worker's unprivileged uid (when started as root),
applies landlock and seccomp, then compiles and runs the program and its tests in turn, writing
one framed result (prefixed with a per-run random nonce) after each test. The worker enforces
each test's wall-clock limit from the previous frame, caps output, and after a crash or timeout
resumes the remaining tests in a fresh child (as it does, with no verdict taken, for a child
that died before it read its run, killed while it waited). Afterwards it kills the child's
process group and every process of the run's uid, reaps orphans (it is a child subreaper) and
removes the run directory it created (by exact path).
"""

from __future__ import annotations

import builtins
import contextlib
import ctypes
import errno
import gc
import io
import json
import marshal
import os
import resource  # the child sets its limits with it: imported once here, not per run
import select
import shutil
import signal
import socket
import struct
import sys
import time
from typing import Any, NoReturn

_HERE = os.path.dirname(os.path.abspath(__file__))

_NONCE_LEN = 16
_END_MARK_LEN = _NONCE_LEN + 4  # the run's nonce and a test's index (see _end_mark)
# A planned test's answers go to the child's answers file (a memfd the worker reads when the
# test ends) up to this many bytes per child, the rest through the result pipe.
_ANSWERS_IN_FILE = 1 << 20
# In a batch's list of answer values: that answer was a raise or a handle, not a value.
_NO_VALUE = object()
# The whole environment a program sees, plus HOME and TMPDIR (its run dir).
_BASE_ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}
_MAX_FRAME = 64 << 20
_PR_SET_PDEATHSIG = 1
_PR_GET_DUMPABLE = 3
_FIONREAD = 0x541B  # ioctl: bytes waiting in a pipe (asm-generic/ioctls.h)
_PR_SET_DUMPABLE = 4
_PR_SET_CHILD_SUBREAPER = 36

# Modules most programs import (HumanEval prompts start with `from typing import List`):
# imported once in the worker so each forked child gets them for free. Not `random` (nor
# `statistics`, which imports it): `random` reseeds itself from urandom in every forked child
# (an at-fork hook), which costs each run more than importing it costs the few that use it.
_PRELOAD = ("typing", "collections", "math", "re", "itertools", "functools", "heapq", "bisect",
            "string", "copy", "fractions", "decimal", "hashlib",
            "operator", "array", "dataclasses", "enum", "io", "json")


def _read_exact(fd: int, n: int) -> bytes | None:
    chunks = []
    while n:
        try:
            data = os.read(fd, n)
        except InterruptedError:  # pragma: no cover
            continue
        if not data:
            return None
        chunks.append(data)
        n -= len(data)
    return b"".join(chunks)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


class _Conversation:
    """Where a judged test stands: whose turn it is and how much child time is left."""

    def __init__(self) -> None:
        self.on = False  # a judged test is under way
        self.turn = ""  # "judge" (its next request is due) or "child" (a reply is due)
        self.ended = False  # the judge said "end"
        self.left = 0.0  # the test's time limit minus the child's time so far
        self.t0 = 0.0  # when the child's turn began
        self.pending = 0  # answers the child owes the judge (a call: 1; a batch: one per call)


class _JudgeGone(Exception):
    """The parent closed the channel in the middle of a judged test."""


class _ZygoteGone(Exception):
    """The zygote that forks the runs is gone: this worker cannot run anything more."""


class _ChildLost(Exception):
    """A run's child was gone before it read its run: no verdict, the run goes to another."""


#: The limits each run's child sets, in the order :meth:`_Child.main` gives their values.
_RLIMITS = (resource.RLIMIT_AS, resource.RLIMIT_CPU, resource.RLIMIT_FSIZE,
            resource.RLIMIT_NOFILE, resource.RLIMIT_NPROC, resource.RLIMIT_CORE)

#: The zygote's answer to a fork request (the child's pid), a wait request (b"W", pid) and the
#: answer (pid, wait status). Fork requests are one byte, b"F" (on demand: the zygote then waits
#: for the child by itself) or b"A" (ahead), with the child's pipe ends; see Worker.zygote.
_PID = struct.Struct("!q")
_WAIT = struct.Struct("!cq")
_EXIT = struct.Struct("!qq")


class Worker:
    """The worker loop; ``cfg`` comes from the parent as JSON on the command line."""

    def __init__(self, cfg: dict) -> None:
        sys.path.insert(0, _HERE)
        import _codec
        import _confine

        self.codec = _codec
        self.cfg = cfg
        # Both set (the run uid/gid) or both None (no uid drop): typed Any for that reason.
        self.uid: Any = cfg.get("uid")
        self.gid: Any = cfg.get("gid")
        self.root = cfg["root"]  # the per-worker directory (run dirs are created inside)
        self.counter = 0
        # The worker's ends of the pipes of a child forked ahead of its run, and its answers
        # file (prepare_spare).
        self.spare: tuple[int, int, int, int, int] | None = None
        # Fork each run's child one run ahead (the parent decides: only with a core to spare).
        self.fork_ahead = bool(cfg.get("fork_ahead"))
        # Pids the zygote sent while the worker waited for another answer (see wait_child).
        self.pids_read: list[int] = []
        # A predecessor in this slot that was killed mid-run left its run dir behind. Remove it,
        # and name run dirs by this worker's pid too, so a leftover that cannot be removed (an
        # orphan still writing there) never makes this worker's mkdir fail on every job.
        for entry in os.listdir(self.root):
            if entry.startswith("run-"):
                shutil.rmtree(os.path.join(self.root, entry), ignore_errors=True)
        self.ctl_in = os.dup(0)
        self.ctl_out = os.dup(1)
        null = os.open("/dev/null", os.O_RDWR)
        os.dup2(null, 0)
        os.dup2(null, 1)
        os.close(null)
        # The children's stdin: opened once here rather than by every child.
        self.null_fd = os.open("/dev/null", os.O_RDONLY)
        # One handle for the worker and its children (a CDLL per child costs a dlopen each run).
        self.libc = libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        self.subreaper = libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
        libc.prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0)
        if cfg.get("check_parent") and os.getppid() == 1:
            os._exit(3)  # the parent died before PDEATHSIG was set
        for name in _PRELOAD:
            with contextlib.suppress(ImportError):
                __import__(name)
        # Done once here rather than in every child (each child inherits the result): the
        # stdlib reached through fds opened while privileged, and an environment holding only
        # what programs may see (the child adds its HOME and TMPDIR).
        self.pinned_fds = self.pin_import_dirs() if self.uid is not None else []
        self.child_streams = (
            io.TextIOWrapper(io.FileIO(0, "r", closefd=False), encoding="utf-8"),
            io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8",
                             errors="backslashreplace"),
            io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8",
                             errors="backslashreplace", line_buffering=True),
        )
        # The harness each child runs, built here once with everything it binds: a child only
        # gives it its pipes (every object a child creates or first touches costs it a page
        # copied from the zygote).
        self.harness = _Harness(_codec, builtins)
        os.environ.clear()
        os.environ.update(_BASE_ENV)
        self.confine = _confine.Confinement(
            self.root, _expand_read_roots(cfg.get("read_roots", [])),
            [r[:-2] for r in cfg.get("read_roots", []) if r.endswith("/*")],
            use_seccomp=cfg.get("seccomp", True),
            use_landlock=cfg.get("landlock", True),
        )
        self.features = {
            **self.confine.active,
            "uid_drop": self.uid is not None,
            "subreaper": self.subreaper,
            "rlimits": True,
            "fresh_workdir": True,
            "scrubbed_env": True,
        }
        # The worker lists its orphans through this fd: once it is confined (below) it can no
        # longer open /proc by name. Where the kernel has no such file, the worker stays
        # unconfined and each child applies every layer itself, as before.
        me = os.getpid()
        try:
            self.children_fd = os.open(f"/proc/{me}/task/{me}/children", os.O_RDONLY)
        except OSError:
            self.children_fd = -1
        if self.children_fd >= 0 and cfg.get("confine_worker", True):
            self.confine.apply_shared()
        # Last, before any job: everything a child needs is set up, and nothing of a run has
        # been read yet. Every child is forked from this state, never from the worker's.
        self.zygote_sock, zygote_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.zygote_pid = os.fork()
        if self.zygote_pid == 0:  # pragma: no cover - runs in the zygote
            self.zygote_sock.close()
            self.zygote(zygote_end)
        zygote_end.close()

    # --- the zygote ---------------------------------------------------------------------------
    def zygote(self, sock: socket.socket) -> NoReturn:
        """Fork a child or reap one per request on ``sock``; answer with its pid or wait status.

        Runs in the process forked at the end of ``__init__``. It holds no job: a fork request
        is one byte and the child's four pipe ends (the child reads its job from its request
        pipe). ``F``: fork, answer the pid, wait for the child and answer its status (one
        child at a time). ``A`` (forking ahead): fork and answer the pid only; several children
        may live at once (the next run's is forked while the current one runs), and a wait
        request (``W`` and a pid the worker killed) is answered with that child's status.
        Answers come in the order of the requests.
        """
        code = 0
        try:
            worker = os.getppid()
            self.libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
            if os.getppid() != worker:
                os._exit(3)
            # The parent's channel is the worker's alone: a zygote holding it open would hide
            # the worker's death from the parent.
            for fd in (self.ctl_in, self.ctl_out, self.children_fd):
                if fd >= 0:
                    os.close(fd)
            # What every child sets up the same way is set up here, once: the text streams
            # over fds 0-2 (each child moves its capture pipes there) and no limit on int
            # digits. The zygote itself never writes to them.
            self.harness.install(self.child_streams)
            self.harness.quicken()
            # Nothing is imported from here on: the sandbox's own modules leave the import
            # system, so a program cannot import them by name (it learns nothing from them).
            sys.path[:] = [p for p in sys.path if p != _HERE]
            for name in ("_codec", "_confine", "_worker", "__main__"):
                sys.modules.pop(name, None)
            # Last before the first fork; held (never read) for the zygote's life.
            pool_filler = _fill_allocator_pools()  # noqa: F841
            while True:
                try:
                    msg, fds, _flags, _addr = socket.recv_fds(sock, _WAIT.size, 5)
                except OSError:
                    break
                if msg[:1] == b"W" and len(msg) == _WAIT.size and not fds:
                    pid = _WAIT.unpack(msg)[1]
                    try:
                        _, status = os.waitpid(pid, 0)
                    except ChildProcessError:
                        pid, status = -1, 0  # not a child of ours: the worker stops
                    sock.send(_EXIT.pack(pid, status))
                    continue
                if msg not in (b"F", b"A") or len(fds) != 5:
                    break  # the worker closed the socket (or sent nonsense): stop
                # Every object so far goes to the collector's permanent generation: a collection
                # in the child then never writes to (and so copies) the zygote's pages.
                gc.freeze()
                pid = os.fork()
                if pid == 0:  # pragma: no cover - runs in the child
                    child_code = 70
                    try:
                        # The zygote's socket is not closed here: take_fds closes its fd with
                        # every other one the run must not hold, before any program runs, and
                        # a close() through the object would first copy the pages it touches.
                        _Child(self, *fds).main()
                        child_code = 0
                    except BaseException:
                        child_code = 71
                    finally:
                        os._exit(child_code)
                for fd in fds:
                    os.close(fd)
                sock.send(_PID.pack(pid))
                if msg == b"F":  # one child at a time: wait for it now, unasked
                    _, status = os.waitpid(pid, 0)
                    sock.send(_EXIT.pack(pid, status))
        except BaseException:
            code = 1
        os._exit(code)

    def spawn(self, fds: list[int]) -> None:
        """Have the zygote fork a child holding ``fds``.

        Its pid is read when it is needed (:meth:`child_pid`): the worker goes on meanwhile,
        without a round trip's wait.
        """
        try:
            socket.send_fds(self.zygote_sock, [b"A" if self.fork_ahead else b"F"], fds)
        except OSError:
            raise _ZygoteGone from None

    def child_pid(self) -> int:
        """The pid of the oldest child :meth:`spawn` asked for whose pid was not taken yet."""
        if self.pids_read:
            return self.pids_read.pop(0)
        data = self._zygote_answer()
        if len(data) != _PID.size:
            raise _ZygoteGone  # an answer nobody asked for: out of step
        return _PID.unpack(data)[0]

    def wait_child(self, pid: int) -> int:
        """Have the zygote reap ``pid`` (killed, or about to end); its wait status.

        Without forking ahead the zygote waits for each child as soon as it forked it (one
        child at a time) and sends its status unasked; else it waits when asked.
        """
        if self.fork_ahead:
            try:
                self.zygote_sock.send(_WAIT.pack(b"W", pid))
            except OSError:
                raise _ZygoteGone from None
        while True:
            data = self._zygote_answer()
            if len(data) == _PID.size:  # the answer to an earlier fork, read ahead of its turn
                self.pids_read.append(_PID.unpack(data)[0])
                continue
            if _EXIT.unpack(data)[0] != pid:
                raise _ZygoteGone
            return _EXIT.unpack(data)[1]

    def _zygote_answer(self) -> bytes:
        """The zygote's next answer: a pid (fork) or a pid and wait status (wait)."""
        try:
            data = self.zygote_sock.recv(_EXIT.size)
        except OSError:
            data = b""
        if len(data) not in (_PID.size, _EXIT.size):
            raise _ZygoteGone
        return data

    @staticmethod
    def pin_import_dirs() -> list[int]:
        """Reach the stdlib through fds opened while still privileged; return those fds.

        The interpreter may live where the unprivileged uid cannot traverse (pyenv under a 0700
        /root); ``/proc/self/fd/N`` paths resolve without walking those parents. Each child
        inherits the fds at the same numbers (and keeps them), so the paths hold there too.
        """
        fds, pinned = [], []
        for entry in sys.path:
            if entry == _HERE or not os.path.isdir(entry):
                continue
            fd = os.open(entry, os.O_PATH | os.O_DIRECTORY)
            fds.append(fd)
            pinned.append(f"/proc/self/fd/{fd}")
        sys.path[:] = [_HERE, *pinned]
        sys.path_importer_cache.clear()
        return fds

    # --- parent channel ---------------------------------------------------------------------
    def send(self, obj: dict) -> None:
        _write_all(self.ctl_out, self.codec.pack_frame(obj))

    def receive(self) -> dict | None:
        head = _read_exact(self.ctl_in, 4)
        if head is None:
            return None
        (n,) = self.codec.FRAME_HEADER.unpack(head)
        payload = _read_exact(self.ctl_in, n)
        if payload is None:
            return None
        return self.codec.load_payload(payload)

    def serve(self) -> None:
        self.send({"t": "hello", "pid": os.getpid(), "zygote": self.zygote_pid,
                   "features": self.features})
        while True:
            if self.fork_ahead:
                try:
                    # The first run's child (later ones are forked as the run before them
                    # starts).
                    self.prepare_spare()
                except _ZygoteGone:
                    return
            job = self.receive()
            if job is None or job.get("t") == "quit":
                self.drop_spare()
                return
            try:
                reply = self.run_job(job)
            except (_JudgeGone, _ZygoteGone):
                return
            self.send(reply)

    # --- the child forked ahead of its run ----------------------------------------------------
    def prepare_spare(self) -> None:
        """Have the zygote fork the next run's child now, unless one is already waiting.

        The child does what does not depend on its run (its fds, streams, session, warm-up) and
        then waits for its run on the request pipe, still privileged: it is of no run's uid and
        has no run directory, and the program running meanwhile cannot signal it (another uid,
        or landlock's signal scope) nor read it (it is not dumpable). Only the worker's ends of
        its pipes are kept here.
        """
        if self.spare is not None:
            return
        res_r, res_w = os.pipe()
        ack_r, ack_w = os.pipe()
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        # Where the child writes a planned test's answers without waking this worker (one
        # file per child: the worker reads it, by its own offset, when the test ends).
        answers = os.memfd_create("o1coder-answers", os.MFD_CLOEXEC)
        try:
            self.spawn([res_w, ack_r, out_w, err_w, answers])
        except _ZygoteGone:
            for fd in (res_r, ack_w, out_r, err_r, answers):
                os.close(fd)
            raise
        finally:
            for fd in (res_w, ack_r, out_w, err_w):
                os.close(fd)
        self.spare = (res_r, ack_w, out_r, err_r, answers)

    def take_spare(self) -> tuple[tuple[int, int, int, int, int], int | None]:
        """A child for a run: its pipe ends (result, request, stdout, stderr), answers file, pid.

        The child forked ahead, or one forked now. The pid of one forked now is ``None``, to be
        read when it is needed (:meth:`child_pid`): the worker sends the child its run and
        supervises it meanwhile, without waiting for the fork.
        """
        fresh = self.spare is None
        self.prepare_spare()
        assert self.spare is not None
        ends, self.spare = self.spare, None
        return ends, None if fresh else self.child_pid()

    def drop_spare(self) -> None:
        """Kill and reap the child waiting for a run (the worker is quitting)."""
        if self.spare is None:
            return
        ends, self.spare = self.spare, None
        for fd in ends:
            os.close(fd)
        with contextlib.suppress(_ZygoteGone):
            self.kill_all(self.child_pid())

    # --- one job --------------------------------------------------------------------------------
    def run_job(self, job: dict) -> dict:
        tests = job["tests"]
        n = len(tests)
        outcomes: list[dict | None] = [None] * n
        start = 0
        while True:
            verdict = self.run_child(job, start, outcomes)
            if verdict.get("t") in ("compile_error", "load_error", "load_crash"):
                return {"t": "done", "load": verdict, "tests": outcomes, "features": self.features}
            resume = verdict["resume"]
            if resume >= n:
                return {"t": "done", "load": None, "tests": outcomes, "features": self.features}
            start = resume

    def _timeout(self, job: dict, i: int) -> float:
        t = job["tests"][i].get("timeout")
        return float(t if t else job["limits"]["timeout_s"])

    def run_child(self, job: dict, start: int, outcomes: list) -> dict:
        """Run tests ``start..`` in a child forked for them; fill ``outcomes``; say where to resume.

        The child is the one forked ahead of this run (:meth:`prepare_spare`), or a fresh one.
        """
        for attempt in range(2):
            try:
                return self._run_in_child(job, start, outcomes)
            except _ChildLost:
                # It died before it read its run (killed from outside while it waited): the
                # program never ran, so this is no verdict. One fresh child more, then give up
                # and let the parent replace this worker.
                if attempt:
                    raise _ZygoteGone from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _run_in_child(self, job: dict, start: int, outcomes: list) -> dict:
        ends, pid = self.take_spare()
        self.counter += 1
        run_dir = os.path.join(self.root, f"run-{os.getpid()}-{self.counter}")
        try:
            os.mkdir(run_dir, 0o700)
            if self.uid is not None:
                os.chown(run_dir, self.uid, self.gid)
        except OSError:
            for fd in ends:
                os.close(fd)
            self.kill_all(self.child_pid() if pid is None else pid)
            raise
        if self.fork_ahead:
            # The next run's child is forked now, while this one runs on another core: by the
            # time the next job comes, it has done all that needs no run.
            self.prepare_spare()
        nonce = os.urandom(_NONCE_LEN)
        # The child learns its run from its request pipe: it was forked from the zygote,
        # which never holds a job. In marshal's format, not JSON: the child decodes it after
        # the fork, where every page its decoder touches is copied, and marshal builds the
        # same plain data touching far fewer (it is data from this process, never a program's).
        body = marshal.dumps((start, nonce, run_dir, job, _rlimits(job, start)))
        intro = self.codec.FRAME_HEADER.pack(len(body)) + body
        try:
            verdict = self.supervise(job, start, outcomes, nonce, pid, ends, intro)
        finally:
            for fd in ends:
                os.close(fd)
            self.remove_run_dir(run_dir)
        return verdict

    def supervise(self, job: dict, start: int, outcomes: list, nonce: bytes, pid: int | None,
                  ends: tuple[int, int, int, int, int], intro: bytes) -> dict:
        res_r, ack_w, out_r, err_r, answers_fd = ends
        limits = job["limits"]
        cap = int(limits["output_bytes"])
        tests = job["tests"]
        n = len(tests)
        for fd in (res_r, out_r, err_r, ack_w):
            os.set_blocking(fd, False)
        streams = {out_r: bytearray(), err_r: bytearray()}
        counted = [0]
        open_fds = {res_r, out_r, err_r}
        buf = bytearray()
        phase = "load"
        cur = start
        t_start = time.monotonic()
        deadline = t_start + float(limits["timeout_s"])
        reason = ""
        load_frame: dict | None = None
        # A planned test (the judge knows every call it makes): the box runs the calls by
        # itself and this collects the answers, which the judge checks afterwards. The child
        # writes them to its answers file (read here from ``answers_at[0]`` on), then, past
        # _ANSWERS_IN_FILE, through the result pipe.
        answers: list[dict] = []
        answers_at = [0]
        answers_buf = bytearray()
        # A judged test is a conversation: the judge (the parent) sends calls, the child answers
        # each. ``turn`` says who is due; the child's time counts against the test's limit, the
        # judge's does not (its test code is trusted and runs outside the box).
        conv = _Conversation()
        # Answers to the judge's calls read but not yet sent: those that came in one read go in
        # one write (a batch's answers arrive many at once).
        outgoing: list[bytes] = []

        def send_answers() -> bool:
            """Send the answers read; False (and none sent) if the output went over its limit.

            The output the program wrote before them is in its pipes by now: it is drained and
            counted first, as before each answer.
            """
            nonlocal deadline
            if not outgoing:
                return True
            if not drain():
                outgoing.clear()
                return False
            _write_all(self.ctl_out, b"".join(outgoing))
            conv.pending -= len(outgoing)
            outgoing.clear()
            if conv.pending <= 0:  # every answer is in: the judge's turn
                conv.turn = "judge"
                deadline = float("inf")
            return True

        def pull_answers() -> bool:
            """Take the current test's answers from the answers file; False if it is forged.

            Read in order and before any answer that came through the pipe, which the child
            writes only after the file is full. Only as many as the test has calls: the child
            may already be writing the next test's. A frame cut short (a child killed
            mid-write) is left unread.
            """
            due = len(tests[cur].get("calls") or ()) if phase == "tests" and cur < n else 0
            while len(answers) < due:
                frame, framing = self._next_frame(answers_buf, nonce)
                if framing == "incomplete":
                    data = os.pread(answers_fd, 1 << 16, answers_at[0])
                    if not data:
                        return True
                    answers_at[0] += len(data)
                    answers_buf.extend(data)
                    continue
                if framing != "ok" or frame is None or frame.get("t") != "ret":
                    return False
                answers.append(_answer(frame))
            return True

        def take(fd: int, data: bytes) -> bool:
            counted[0] += len(data)
            room = cap - len(streams[fd])
            if room > 0:
                streams[fd] += data[:room]
            return counted[0] <= cap

        def drain() -> bool:
            ok = True
            for fd in (out_r, err_r):
                while fd in open_fds:
                    try:
                        data = os.read(fd, 65536)
                    except BlockingIOError:
                        break
                    if not data:
                        open_fds.discard(fd)
                        break
                    ok = take(fd, data) and ok
            return ok

        def flush_streams(mark: bytes | None = None) -> tuple[str, str]:
            """The output of the test just reported.

            With ``mark``, what follows the mark is kept for the next test: the child went on
            to it without waiting for a go.
            """
            texts = []
            counted[0] = 0
            for fd in (out_r, err_r):
                data = streams[fd]
                at = -1 if mark is None else data.find(mark)
                if at < 0:
                    texts.append(bytes(data).decode("utf-8", "replace"))
                    data.clear()
                    continue
                texts.append(bytes(data[:at]).decode("utf-8", "replace"))
                del data[:at + _END_MARK_LEN]
                counted[0] += len(data)
            return texts[0], texts[1]

        def push(data: bytes, until: float) -> bool:
            """Write to the child's request channel; False if it is gone or never reads."""
            view = memoryview(data)
            while view:
                try:
                    view = view[os.write(ack_w, view):]
                except BlockingIOError:
                    left = until - time.monotonic()
                    if left <= 0:
                        return False
                    select.select([], [ack_w], [], left)
                except OSError:
                    return False
            return True

        def begin(now: float) -> float:
            """Test ``cur`` starts; returns the new deadline.

            Where the child waits for a go (:func:`_waits_for_go`), this sends it, so the output
            drained before belongs to the test just reported. A judged test opens the judge's
            conversation (no deadline at its turn).
            """
            if _waits_for_go(tests, cur, start):
                push(b"k", now + 1.0)
            answers.clear()
            if tests[cur]["k"] != "judge":
                return now + self._timeout(job, cur)
            conv.on, conv.turn, conv.ended = True, "judge", False
            conv.left = self._timeout(job, cur)
            self.send({"t": "at", "i": cur})
            return float("inf")

        if not push(intro, deadline):
            self.kill_all(self.child_pid() if pid is None else pid)
            raise _ChildLost
        while not reason:
            now = time.monotonic()
            if now >= deadline:
                reason = "timeout"
                break
            waiting = list(open_fds)
            if conv.on and not conv.ended:
                # At the judge's turn its next request; at the child's, an early "end" (the
                # test code finished before the answers to a batch of calls were all in).
                waiting.append(self.ctl_in)
            try:
                ready, _, _ = select.select(
                    waiting, [], [], None if deadline == float("inf") else deadline - now)
            except InterruptedError:  # pragma: no cover
                continue
            for fd in ready:
                if fd == self.ctl_in:
                    msg = self.receive()
                    now = time.monotonic()
                    if msg is None:  # the parent is gone
                        reason = "judge_gone"
                        break
                    kind = msg.get("t")
                    if conv.turn == "child":
                        # Only "end" may come now: the judge is done with this test although
                        # answers are still due. Kill the child; its test was judged.
                        reason = "judge_ended" if kind == "end" else "judge_gone"
                        break
                    if kind == "call":
                        request: dict = {"c": "call", "f": msg.get("f"), "a": msg.get("a", []),
                                         "kw": msg.get("kw", {})}
                        conv.pending = 1
                    elif kind == "batch" and type(msg.get("calls")) is list and msg["calls"]:
                        request = {"c": "batch", "calls": msg["calls"]}
                        conv.pending = len(msg["calls"])
                    elif kind == "end":
                        request = {"c": "end"}
                        conv.ended = True
                    else:
                        # Gone, or out of step (e.g. a new job while a test is judged): quit,
                        # so that the parent replaces this worker instead of guessing.
                        reason = "judge_gone"
                        break
                    conv.turn, conv.t0 = "child", now
                    deadline = now + max(conv.left, 0.0)
                    if not push(self.codec.pack_frame(request), deadline):
                        reason = "timeout" if time.monotonic() >= deadline else "exit"
                        break
                    continue
                try:
                    data = os.read(fd, 1 << 16)
                except BlockingIOError:
                    continue
                if fd != res_r:
                    if not data:
                        open_fds.discard(fd)
                    elif not take(fd, data):
                        reason = "output"
                        break
                    continue
                if not data:
                    open_fds.discard(fd)
                    reason = "exit"
                    break
                buf += data
                while not reason:
                    frame, framing = self._next_frame(buf, nonce)
                    if framing == "incomplete":
                        break
                    if framing != "ok":
                        reason = "protocol"
                        break
                    assert frame is not None
                    now = time.monotonic()
                    kind = frame.get("t")
                    judged = phase == "tests" and tests[cur]["k"] == "judge"
                    planned = phase == "tests" and tests[cur]["k"] == "plan"
                    if phase == "load":
                        if kind == "ready":
                            phase = "tests"
                            t_start = now
                            if cur >= n:
                                reason = "finished"
                                break
                            deadline = begin(now)
                        elif kind in ("compile_error", "load_error"):
                            if not drain():
                                reason = "output"
                                break
                            out, err = flush_streams()
                            load_frame = {"t": kind, "etype": str(frame.get("etype", "")),
                                          "msg": str(frame.get("msg", ""))[:2000],
                                          "stdout": out, "stderr": err}
                            reason = "finished"
                        else:
                            reason = "protocol"
                    elif judged and kind == "ret" and conv.turn == "child" \
                            and not conv.ended and len(outgoing) < conv.pending:
                        conv.left -= now - conv.t0
                        conv.t0 = now
                        outgoing.append(self.codec.pack_frame(_answer(frame)))
                    elif planned and kind == "ret" and pull_answers() and \
                            len(answers) < len(tests[cur].get("calls") or ()):
                        answers.append(_answer(frame))
                    elif kind == "test" and frame.get("i") == cur and (
                            not judged or (conv.turn == "child" and conv.ended)):
                        if not drain():
                            reason = "output"
                            break
                        out, err = flush_streams(_end_mark(tests, cur, start, nonce))
                        if judged:
                            # Only the judge's verdict counts; the child merely says it is done.
                            outcome: dict = {"r": "judged"}
                            conv.on = False
                        elif planned:
                            if not pull_answers() or \
                                    len(answers) != len(tests[cur].get("calls") or ()):
                                reason = "protocol"  # a test frame before every answer
                                break
                            outcome = {"r": "judged", "answers": list(answers)}
                        else:
                            outcome = {k: frame[k] for k in ("r", "v", "etype", "msg")
                                       if k in frame}
                        outcome.update(stdout=out, stderr=err, dur=now - t_start)
                        outcomes[cur] = outcome
                        cur += 1
                        t_start = now
                        if cur >= n:
                            reason = "finished"
                            break
                        deadline = begin(now)
                    else:
                        reason = "protocol"
                if not send_answers() and not reason:
                    reason = "output"
                if reason:
                    break
        status = self.kill_all(self.child_pid() if pid is None else pid)
        if phase == "load" and reason != "finished" and _unread(self.libc, ack_w):
            # Part of its run is still in its request pipe: it stopped before it read its run
            # (killed from outside while it waited), so no program ran and this is no verdict.
            raise _ChildLost
        if reason == "judge_gone":
            raise _JudgeGone
        if reason == "judge_ended":  # the judge has its verdict; nothing more is owed
            conv.on = False
            drain()
            out, err = flush_streams()
            outcomes[cur] = {"r": "judged", "stdout": out, "stderr": err,
                             "dur": time.monotonic() - t_start}
            return {"resume": cur + 1}
        if conv.on:
            self.stop_conversation(conv)
        output_ok = drain() and reason != "output"
        if reason == "finished":
            if load_frame is not None:
                return load_frame
            return {"resume": cur}
        out, err = flush_streams()
        if not output_ok:
            reason = "output"
        outcome = self._stop_outcome(reason, status, job, cur, phase)
        if phase == "tests" and cur < n and tests[cur]["k"] == "plan":
            pull_answers()  # the child is gone: what it wrote is all there is
            outcome["answers"] = list(answers)  # the judge decides what they were worth
        outcome.update(stdout=out, stderr=err, dur=time.monotonic() - t_start)
        if phase == "load":
            return {"t": "load_crash", **outcome}
        outcomes[cur] = outcome
        return {"resume": cur + 1}

    def stop_conversation(self, conv: _Conversation) -> None:
        """The child stopped mid-conversation: tell the judge, and wait for its "end".

        The judge closes every conversation with "end", so the channel is in step again after
        it. Requests it sent before it learnt of the stop are answered "stopped".
        """
        conv.on = False
        if conv.ended:
            return
        if conv.turn == "child":
            self.send({"t": "stopped"})  # the answers in flight will never come
        while True:
            msg = self.receive()
            kind = msg.get("t") if msg is not None else None
            if kind == "end":
                return
            if kind not in ("call", "batch"):
                raise _JudgeGone
            self.send({"t": "stopped"})

    def _next_frame(self, buf: bytearray, nonce: bytes) -> tuple[dict | None, str]:
        head = _NONCE_LEN + 4
        if len(buf) < head:
            return None, "incomplete"
        if not buf.startswith(nonce):
            return None, "bad"
        (length,) = self.codec.FRAME_HEADER.unpack_from(buf, _NONCE_LEN)
        if length > _MAX_FRAME:
            return None, "bad"
        if len(buf) < head + length:
            return None, "incomplete"
        with memoryview(buf) as view:
            payload = bytes(view[head:head + length])
        del buf[:head + length]
        try:
            frame = self.codec.load_payload(payload)
        except (ValueError, RecursionError):  # a forged frame nested past the parser's stack
            return None, "bad"
        return (frame, "ok") if isinstance(frame, dict) else (None, "bad")

    @staticmethod
    def _stop_outcome(reason: str, status: int, job: dict, cur: int, phase: str) -> dict:
        if reason == "timeout":
            return {"r": "timeout", "msg": "wall-clock limit exceeded"}
        if reason == "output":
            return {"r": "output_limit", "msg": "output limit exceeded"}
        if reason == "protocol":
            return {"r": "crashed", "msg": "result channel corrupted (forged or malformed frame)"}
        if os.WIFSIGNALED(status):
            sig = os.WTERMSIG(status)
            if sig == signal.SIGXCPU:
                return {"r": "timeout", "msg": "CPU time limit exceeded"}
            if sig == signal.SIGXFSZ:
                return {"r": "error", "etype": "FileSizeLimitExceeded",
                        "msg": "file size limit exceeded"}
            try:
                name = signal.Signals(sig).name
            except ValueError:  # pragma: no cover
                name = str(sig)
            return {"r": "crashed", "msg": f"killed by signal {name}"}
        code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else -1
        tests = job["tests"]
        if phase == "tests" and code == 0 and cur < len(tests) and tests[cur]["k"] == "stdio":
            # A script that flushed its answer and called os._exit(0): judge what it printed.
            return {"r": "ok", "msg": "exited before the harness reported"}
        return {"r": "crashed", "msg": f"process exited with status {code} before reporting"}

    # --- cleanup ------------------------------------------------------------------------------
    def kill_all(self, pid: int) -> int:
        """Kill the child's process group, every process of the run uid, reap; child status.

        The zygote reaps the child and reports its wait status: when the worker answers, no
        process of the run is left, not even a zombie.
        """
        with contextlib.suppress(OSError):
            os.killpg(pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
        status = self.wait_child(pid)
        if self._reap_orphans() and self.uid is not None:
            # Something outlived the child: also kill whatever else runs as the run's uid.
            self._sweep_uid()
            self._reap_orphans()
        return status

    def _sweep_uid(self) -> None:
        # kill(-1) from a process with the run uid reaches every process of that uid (daemons
        # that left the session included) and nothing else. Repeat to beat a racing fork.
        for _ in range(3):
            helper = os.fork()
            if helper == 0:  # pragma: no cover - runs in the helper
                try:
                    os.setgid(self.gid)
                    os.setuid(self.uid)
                    os.kill(-1, signal.SIGKILL)
                except BaseException:
                    pass
                os._exit(0)
            os.waitpid(helper, 0)

    def _reap_orphans(self) -> bool:
        """Kill and reap processes re-parented to this worker (it is a subreaper).

        Returns:
            True when there was anything to kill or reap.
        """
        found = False
        for _ in range(50):
            children = self.children()
            for child in children:
                with contextlib.suppress(OSError):
                    os.kill(child, signal.SIGKILL)
            reaped = False
            # Wait only for the children just killed: they end at once. A blocking wait for
            # *any* child would also wait for a grandchild re-parented here after the listing
            # (a daemon chain), which may sleep forever and so hang the worker until the
            # caller's deadline. The next pass lists and kills such late arrivals.
            for child in children:
                try:
                    os.waitpid(child, 0)
                    reaped = True
                except ChildProcessError:
                    pass
            while True:
                try:
                    got, _ = os.waitpid(-1, os.WNOHANG)
                except ChildProcessError:
                    break
                if got == 0:
                    break
                reaped = True
            found = found or reaped or bool(children)
            if not children and not reaped:
                return found
        return True

    def children(self) -> list[int]:
        """This worker's children but the zygote: orphans it adopted as a subreaper."""
        return [pid for pid in self._all_children() if pid != self.zygote_pid]

    def _all_children(self) -> list[int]:
        if self.children_fd < 0:
            return _children_of(os.getpid())
        chunks = []
        offset = 0
        while True:  # read from the start: /proc regenerates the list on a read at offset 0
            data = os.pread(self.children_fd, 1 << 16, offset)
            chunks.append(data)
            offset += len(data)
            if len(data) < 1 << 16:
                break
        return [int(x) for x in b"".join(chunks).split()]

    def remove_run_dir(self, run_dir: str) -> None:
        """Remove the run directory this worker created (exact path; symlinks not followed)."""
        try:
            os.rmdir(run_dir)  # most programs write nothing: one syscall, no tree walk
            return
        except OSError:
            pass
        try:
            shutil.rmtree(run_dir)
        except OSError:
            shutil.rmtree(run_dir, ignore_errors=True)


def _fill_allocator_pools(cap: int = 4096) -> list:
    """Fill the free blocks of pymalloc's partly used pools; return what fills them (to keep).

    Called in the zygote, last thing before it forks. A child's new objects otherwise go first
    into the free blocks left here and there in pools the zygote filled over its life (a few
    per 16 KiB pool, in hundreds of pools): each first write to such a page copies it from the
    zygote, a few objects per copy. With those blocks taken, a child's objects go into fresh
    pools, packed. Measured on the HumanEval canonical solutions: ~25 fewer page copies per
    run of ~450 (a copy costs ~1-1.5 us of the run's CPU on a 2-core VM).

    The free blocks per size class come from ``sys._debugmallocstats`` (CPython's own report,
    written to fd 2, here caught in a memory file). Anything else (another interpreter, another
    report format, a memory file refused) fills nothing: this only saves work.

    Args:
        cap: At most this many blocks per size class (bounds the memory held if the report
            ever says something unexpected).

    Returns:
        The objects that fill the blocks: plain ``object()``, floats and zero bytes, none of
        which the collector tracks. The caller keeps them alive.
    """
    stats = getattr(sys, "_debugmallocstats", None)
    if stats is None:
        return []
    try:
        report = os.memfd_create("o1coder-mallocstats", os.MFD_CLOEXEC)
    except OSError:  # refused (a filter, an old kernel): nothing is filled, nothing breaks
        return []
    try:
        saved = os.dup(2)
        try:
            os.dup2(report, 2)
            try:
                stats()
            finally:
                os.dup2(saved, 2)
        finally:
            os.close(saved)
        text = os.pread(report, 1 << 20, 0).decode("ascii", "replace")
    except OSError:
        return []
    finally:
        os.close(report)
    filler: list = []
    # The size-class table: "class size num_pools blocks_in_use avail_blocks".
    for line in text.splitlines():
        fields = line.split()
        if len(fields) != 5 or not all(f.isdigit() for f in fields):
            continue
        size, free = int(fields[1]), min(int(fields[4]), cap)
        if size == 16:
            filler.extend(object() for _ in range(free))  # 16 bytes: refcount and type
        elif size == 32:
            filler.extend(float(i) + 0.5 for i in range(free))  # 24 bytes, in the 32 class
        elif size >= 48:
            # A bytes object of n bytes takes 33 + n: exactly the class's block size.
            filler.extend(bytes(size - 33) for _ in range(free))
    return filler


def _rlimits(job: dict, start: int) -> tuple[tuple[int, tuple[int, int]], ...]:
    """The resource limits of a child that runs ``job``'s tests from ``start``: (limit, pair).

    CPU time covers the load and every test left, a second over (the wall-clock limits, which
    the worker enforces, come first); the soft limit sends SIGXCPU, a second later SIGKILL.
    Worked out here, not in the child, which would pay for the arithmetic in copied pages.
    """
    limits = job["limits"]
    mib = 1 << 20
    cpu = int(sum(float(t.get("timeout") or limits["timeout_s"]) for t in job["tests"][start:])
              + float(limits["timeout_s"])) + 1
    values = (int(limits["memory_mb"]) * mib, cpu, int(limits["file_size_mb"]) * mib,
              int(limits["open_files"]), int(limits["max_processes"]), 0)
    return tuple((res, (value, value + 1 if res == resource.RLIMIT_CPU else value))
                 for res, value in zip(_RLIMITS, values, strict=True))


def _unread(libc: ctypes.CDLL, fd: int) -> int:
    """Bytes written to the pipe ``fd`` (either end) that nobody has read yet.

    Through ``libc`` (the worker's handle): ``fcntl`` and ``termios`` are not imported for
    this one failure-path call, as every module the worker imports is in every fork.
    """
    count = ctypes.c_int(0)
    return count.value if libc.ioctl(fd, _FIONREAD, ctypes.byref(count)) == 0 else 0


def _answer(frame: dict) -> dict:
    """The child's answer to one judged call, as the judge gets it: only the answer's fields.

    The type is set here, never taken from the child, so a forged frame cannot pose as another
    kind of message.
    """
    return {"t": "ret", **{k: frame[k] for k in ("r", "v", "h", "type", "etype", "msg")
                           if k in frame}}


def _waits_for_go(tests: list, i: int, first: int) -> bool:
    """Whether the child waits for the worker's go before test ``i`` (``first``: its first).

    A stdio test's output is its answer, so it must hold exactly what that test wrote: the
    child waits before a stdio test and before the test after one, until the worker has
    drained what came before. Between other tests it goes straight on and marks where each
    test's output ends instead (:func:`_end_mark`); the load's output goes to the first test.
    """
    return i > first and (tests[i]["k"] == "stdio" or tests[i - 1]["k"] == "stdio")


def _end_mark(tests: list, i: int, first: int, nonce: bytes) -> bytes | None:
    """What the child writes to its stdout and stderr after test ``i``, or None.

    Written when the next test starts without a go (:func:`_waits_for_go`): the worker splits
    each stream there, so output the next test writes before the worker reads test ``i``'s
    frame is still that test's. The run's nonce makes a chance match with a program's own
    output impossible; a program that forges it only moves its own output between its tests.
    """
    if i + 1 >= len(tests) or _waits_for_go(tests, i + 1, first):
        return None
    return nonce + i.to_bytes(_END_MARK_LEN - _NONCE_LEN, "big")


def _expand_read_roots(roots: list[str]) -> list[str]:
    """Readable paths for landlock.

    A directory ending in ``/*`` stands for its entries minus ``site-packages`` (the stdlib dir
    of a base interpreter holds its installed packages).
    """
    out = []
    for root in roots:
        if root.endswith("/*"):
            base = root[:-2]
            try:
                names = os.listdir(base)
            except OSError:
                continue
            out += [os.path.join(base, n) for n in names
                    if n not in ("site-packages", "dist-packages")]
        elif os.path.exists(root):
            out.append(root)
    return out


def _children_of(pid: int) -> list[int]:
    """The children of ``pid``, by name under /proc (for a worker that is not confined)."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            return [int(x) for x in fh.read().split()]
    except OSError:
        out = []
        for name in os.listdir("/proc"):
            if name.isdigit():
                try:
                    with open(f"/proc/{name}/stat") as fh:
                        fields = fh.read().rsplit(")", 1)[1].split()
                    if int(fields[1]) == pid:
                        out.append(int(name))
                except (OSError, IndexError, ValueError):
                    continue
        return out


class _Child:
    """The forked child: read its run, confine itself, then run the program and its tests."""

    def __init__(self, worker: Worker, res_w: int, ack_r: int, out_w: int, err_w: int,
                 answers: int) -> None:
        self.w = worker
        self.res_w = res_w
        self.ack_r = ack_r
        self.out_w = out_w
        self.err_w = err_w
        self.answers = answers
        self.z_pid = os.getppid()  # the zygote: this child was just forked from it

    def read_run(self, fd: int) -> None:
        """The run, the first frame on the request pipe (marshal): test, nonce, run dir, job.

        Blocks until the worker has a run for this child: it was forked ahead of its run.
        """
        chunks, want, header = [], 4, True
        while want:
            data = os.read(fd, want)
            if not data:
                os._exit(73)  # the worker is gone
            chunks.append(data)
            want -= len(data)
            if not want and header:
                (want,) = self.w.codec.FRAME_HEADER.unpack(b"".join(chunks))
                chunks, header = [], False
        self.start, self.nonce, self.run_dir, self.job, self.rlimits = \
            marshal.loads(b"".join(chunks))

    def warm_up(self) -> None:
        """Do now, on harmless values, what the run will do first.

        Copy-on-write faults are most of a run's fixed cost: the first write to each page this
        child shares with the zygote (a reference count, an allocator's free list) copies the
        page. Pages written here are this child's own by the time its run comes, so the run's
        own decode, limits, landlock layer and compile find them copied already (measured in
        the child, a ``pass`` run: 220 faults after its run came -> ~150).
        """
        marshal.loads(marshal.dumps((0, b"", "", {"limits": {"timeout_s": 1.0}, "tests": []},
                                     ())))
        for res in _RLIMITS:
            resource.setrlimit(res, resource.getrlimit(res))
        os.environ["HOME"] = os.environ["TMPDIR"] = "/"  # the run dir, once the run comes
        self.w.libc.prctl(_PR_GET_DUMPABLE, 0, 0, 0, 0)
        self.w.confine.prepare_run_layer()

    def main(self) -> None:
        ahead = self.w.fork_ahead
        if not ahead:
            # Forked for a run already on its way: read it first, then set up in one go (this
            # order measured fastest with a worker per core busy).
            self.read_run(self.ack_r)
        rfd, afd, answers = self.take_fds()
        harness = self.w.harness
        harness.rfd, harness.afd, harness.answers = rfd, afd, answers
        if ahead:
            # Forked one run ahead: everything that needs no run is done now, while the run
            # before it runs, and the run's own first steps are rehearsed. The child is still
            # privileged here and runs nothing but this module's code.
            self.warm_up()
            harness.warm_up()
            self.read_run(afd)
        self.enter_run()
        self.w = None  # type: ignore[assignment]  # nothing of the worker is needed any more
        harness.run(self.job, self.start, self.nonce)

    def take_fds(self) -> tuple[int, int, int]:
        """New session; pipes and answers file moved to random high fds, all else closed."""
        os.setsid()
        pick = int.from_bytes(os.urandom(6), "big")
        rfd = 300 + pick % 700
        afd = 1000 + (pick >> 16) % 700
        ans = 1700 + (pick >> 32) % 700
        os.dup2(self.res_w, rfd)
        os.dup2(self.ack_r, afd)
        os.dup2(self.answers, ans)
        os.dup2(self.w.null_fd, 0)
        os.dup2(self.out_w, 1)
        os.dup2(self.err_w, 2)
        keep = sorted({rfd, afd, ans, self.w.confine.ruleset_fd, *self.w.pinned_fds} - {-1})
        low = 3
        for fd in keep:
            os.closerange(low, fd)
            low = fd + 1
        os.closerange(low, 65536)
        for fd in (rfd, afd, ans):
            os.set_inheritable(fd, False)
        return rfd, afd, ans

    def enter_run(self) -> None:
        """Into the run: its dir and environment, limits, uid, parent-death signal, landlock."""
        os.chdir(self.run_dir)
        # The worker's environment is already _BASE_ENV: only the run's own paths are added.
        os.environ["HOME"] = os.environ["TMPDIR"] = self.run_dir
        for res, pair in self.rlimits:  # worked out by the worker (_rlimits)
            resource.setrlimit(res, pair)
        if self.w.uid is not None:
            os.setgroups([])
            os.setgid(self.w.gid)
            os.setuid(self.w.uid)
            # else /proc/self/fd is root's after setuid
            self.w.libc.prctl(_PR_SET_DUMPABLE, 1, 0, 0, 0)
        # Die with the zygote, which dies with the worker: the parent replaces a worker that
        # overran its caller's deadline (or broke), and the program must not run on without
        # it. Set after the uid change, which clears it; a zygote already gone is caught by the
        # ppid check.
        zygote_pid = self.z_pid
        self.w.libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != zygote_pid:
            os._exit(72)
        # ".": the run dir, already our cwd; its absolute path may cross a directory the
        # dropped uid cannot traverse (a 0700 work_root), so it is not opened by name.
        self.w.confine.apply(".")


class _Harness:
    """Runs untrusted code. Everything it needs is bound before the program starts.

    Built once in the worker; each child sets its pipes (``rfd``, ``afd``) and runs it.
    """

    def __init__(self, codec, builtins) -> None:
        self.job: dict = {}
        self.start = 0
        self.nonce = b""
        self.rfd = -1  # the child's result pipe
        self.afd = -1  # the child's request pipe
        self.answers = -1  # the child's answers file (a planned test's answers)
        self.answers_room = _ANSWERS_IN_FILE
        self.read = os.read
        self.encode = codec.encode_strict
        self.decode = codec.decode_strict
        self.pack = codec.pack_frame
        self.unserializable = codec.Unserializable
        self.builtins = builtins
        self.write = os.write
        self.write_all = _write_all
        self.perf = time.perf_counter
        self.header = codec.FRAME_HEADER
        self.loads = codec.load_payload
        self.waits_for_go = _waits_for_go
        self.end_mark = _end_mark
        self.ready = self.pack({"t": "ready"})

    @staticmethod
    def install(streams: tuple) -> None:
        """Make ``streams`` (text over fds 0-2) the process's, and lift the int-digits limit."""
        sys.stdin, sys.stdout, sys.stderr = streams
        sys.__stdout__ = sys.stdout  # type: ignore[misc]
        sys.__stderr__ = sys.stderr  # type: ignore[misc]
        sys.set_int_max_str_digits(0)

    def warm_up(self) -> None:
        """Compile and run an empty program, and encode and frame a value, sending nothing.

        Done before the run comes, for the reason :meth:`_Child.warm_up` gives.
        """
        exec(compile("pass\n", "<program>", "exec", dont_inherit=True),
             {"__name__": "solution", "__builtins__": self.builtins})
        value = self.decode(self.encode([1, "a", 2.5, None, True, {"k": [1]}]))
        self.pack({"t": "ret", "r": "value", "v": self.encode(value)})

    def quicken(self) -> None:
        """Run the per-test path on harmless values until the interpreter has specialized it.

        Called in the zygote, before any child exists. CPython 3.11 rewrites a function's
        bytecode in place after its first 8 calls; done in every child, that is work plus a
        copied page for each code object. Nothing of it is kept: no program, run or answer.
        """
        job, self.job = self.job, {"entry": "f"}
        try:
            g = {"f": lambda *args: [args, {"k": (1, 2.5)}, "s", None, True]}
            call = {"k": "call", "a": self.encode([[1, "a"], {"b": 2.0}, (3,), None])}
            request = {"f": ["g", "f"], "a": call["a"], "kw": {}}
            for _ in range(20):
                outcome = self.run_test(call, g, None)
                outcome.update(t="test", i=0)
                self.pack(outcome)
                self.pack(self.answer(request, g, []))
                self.decode(outcome["v"])
                self.end_mark([call, call], 0, 0, b"nonce")
        finally:
            self.job = job

    def send(self, obj: dict) -> None:
        self.send_frame(self.pack(obj))

    def send_frame(self, frame: bytes) -> None:
        self.write_all(self.rfd, self.nonce + frame)

    def give_answer(self, obj: dict) -> None:
        """Write a planned test's answer.

        To the answers file, which wakes nobody (the worker reads it when the test ends), or
        through the result pipe once the file holds _ANSWERS_IN_FILE.
        """
        data = self.nonce + self.pack(obj)
        if len(data) > self.answers_room:
            self.answers_room = 0  # in order: everything after this goes through the pipe
            self.write_all(self.rfd, data)
            return
        self.answers_room -= len(data)
        self.write_all(self.answers, data)

    def wait_ack(self) -> None:
        with contextlib.suppress(BaseException):
            self.read(self.afd, 1)

    def flush(self) -> None:
        for stream in (sys.__stdout__, sys.__stderr__, sys.stdout, sys.stderr):
            try:  # not contextlib.suppress: an object per stream, after every call and test
                if stream is not None:
                    stream.flush()
            except BaseException:
                pass

    @staticmethod
    def describe(exc: BaseException) -> tuple[str, str]:
        try:
            etype = type(exc).__name__
            msg = str(exc)[:1000]
        except BaseException:
            return "Exception", "(unprintable exception)"
        return etype, msg

    def run(self, job: dict, start: int, nonce: bytes) -> None:
        """Run ``job``'s program, then its tests from ``start``; frames carry ``nonce``."""
        self.job, self.start, self.nonce = job, start, nonce
        try:
            code = compile(job["program"], "<program>", "exec", dont_inherit=True)
            # Most jobs have no setup code: compiling "" would still cost a parser run.
            setup = compile(job["setup"], "<setup>", "exec", dont_inherit=True) \
                if job.get("setup") else None
        except BaseException as exc:  # SyntaxError, ValueError (null bytes), RecursionError...
            etype, msg = self.describe(exc)
            self.send({"t": "compile_error", "etype": etype, "msg": msg})
            return
        self.code = code
        script = job.get("mode") == "script"
        g: dict = {"__name__": "solution", "__builtins__": self.builtins}
        if not script:
            try:
                exec(code, g)
                if setup is not None:
                    exec(setup, g)
            except BaseException as exc:
                self.flush()
                etype, msg = self.describe(exc)
                self.send({"t": "load_error", "etype": etype, "msg": msg})
                return
        self.flush()
        self.send_frame(self.ready)
        tests = job["tests"]
        for i in range(self.start, len(tests)):
            if self.waits_for_go(tests, i, self.start):
                self.wait_ack()
            outcome = self.run_test(tests[i], g, setup)
            self.flush()
            mark = self.end_mark(tests, i, self.start, nonce)
            if mark is not None:
                # Before the frame: when the worker reads the frame, the mark is in the pipes.
                for fd in (1, 2):
                    with contextlib.suppress(BaseException):
                        self.write(fd, mark)
            outcome["t"] = "test"
            outcome["i"] = i
            self.send(outcome)

    def read_request(self) -> dict | None:
        """One framed request of the judge, relayed by the worker on the ack channel."""
        head = self.read_exact(4)
        if head is None:
            return None
        (n,) = self.header.unpack(head)
        payload = self.read_exact(n)
        return None if payload is None else self.loads(payload)

    def read_exact(self, n: int) -> bytes | None:
        chunks = []
        while n:
            data = self.read(self.afd, n)
            if not data:
                return None
            chunks.append(data)
            n -= len(data)
        return b"".join(chunks)

    def run_judged(self, g: dict) -> dict:
        """A test judged outside the box: run each call the judge asks for, return its value.

        The judge holds the test code and the expected values; this process only sees the
        arguments of each call. A value that is not plain data stays here and the judge gets a
        handle to it (it can pass the handle back as an argument, or call it).
        """
        objects: list = []
        while True:
            req = self.read_request()
            if req is None:
                return {"r": "judged"}
            kind = req.get("c")
            if kind == "call":
                self.send(self.answer(req, g, objects))
            elif kind == "batch":
                # Calls the judge knows the test makes, in its order: answered one by one,
                # each as soon as it is computed, so the judge reads them as the test goes.
                # A call may pass an earlier answer of the batch back (["a", k]): its value,
                # decoded afresh, as the judge would send it live.
                values: list = []
                for one in req.get("calls") or ():
                    reply = self.answer(one, g, objects, values)
                    values.append(reply["v"] if reply["r"] == "value" else _NO_VALUE)
                    self.send(reply)
            else:
                return {"r": "judged"}

    def answer(self, req, g: dict, objects: list, values: list | None = None) -> dict:
        """Run one call of the judge's on the program; the reply frame (value, handle, raise)."""
        try:
            target = self.resolve(req.get("f"), g, objects, values)

            def resolve(h):
                return self.resolve(h, g, objects, values)

            args = self.decode(req.get("a", []), resolve)
            kwargs = self.decode(req.get("kw", {}), resolve)
            value = target(*args, **kwargs)
            try:
                reply = {"r": "value", "v": self.encode(value)}
            except self.unserializable:
                objects.append(value)
                reply = {"r": "ref", "h": ["o", len(objects) - 1],
                         "type": self.describe_type(value)}
        except MemoryError:
            reply = {"r": "raise", "etype": "MemoryError", "msg": "memory limit exceeded"}
        except BaseException as exc:
            etype, msg = self.describe(exc)
            reply = {"r": "raise", "etype": etype, "msg": msg}
        self.flush()
        reply["t"] = "ret"
        return reply

    def resolve(self, handle, g: dict, objects: list, values: list | None = None):
        """The object a handle from the judge names.

        ``["g", name]``: a program global; ``["o", n]``: an object the judge got a handle to;
        in a batch, ``["a", k]``: the batch's k-th answer, decoded afresh (its own copy, as a
        live call would bring it).
        """
        if type(handle) is list and len(handle) == 2:
            kind, key = handle
            if kind == "g" and type(key) is str:
                if key not in g:
                    raise NameError(f"name {key!r} is not defined by the program")
                return g[key]
            if kind == "o" and type(key) is int and 0 <= key < len(objects):
                return objects[key]
            if kind == "a" and type(key) is int and values is not None and \
                    0 <= key < len(values):
                if values[key] is _NO_VALUE:
                    raise ValueError("the answer passed back is not a value")
                return self.decode(values[key])
        raise ValueError("malformed handle")

    @staticmethod
    def describe_type(value) -> str:
        try:
            return str(type(value).__name__)[:100]
        except BaseException:
            return "object"

    def run_test(self, spec: dict, g: dict, setup) -> dict:
        kind = spec["k"]
        try:
            if kind == "judge":
                return self.run_judged(g)
            if kind == "plan":
                objects: list = []
                for one in spec.get("calls") or ():
                    self.give_answer(self.answer(one, g, objects))
                return {"r": "judged"}
            if kind == "call":
                entry = self.job.get("entry") or ""
                fn = g.get(entry)
                if fn is None:
                    return {"r": "error", "etype": "NameError",
                            "msg": f"entry point {entry!r} is not defined by the program"}
                args = self.decode(spec["a"])
                value = fn(*args)
                try:
                    return {"r": "value", "v": self.encode(value)}
                except self.unserializable as exc:
                    return {"r": "unserializable", "msg": str(exc)}
            if kind == "stdio":
                self.set_stdin(spec.get("in", ""))
                gs = {"__name__": "__main__", "__builtins__": self.builtins}
                try:
                    if setup is not None:
                        exec(setup, gs)
                    exec(self.code, gs)
                except SystemExit as exc:
                    if exc.code not in (None, 0):
                        return {"r": "error", "etype": "SystemExit",
                                "msg": f"exit status {exc.code!r}"[:200]}
                return {"r": "ok"}
            return {"r": "error", "etype": "ValueError", "msg": f"unknown test kind {kind!r}"}
        except MemoryError:
            return {"r": "memory", "etype": "MemoryError", "msg": "memory limit exceeded"}
        except BaseException as exc:
            etype, msg = self.describe(exc)
            return {"r": "error", "etype": etype, "msg": msg}

    def set_stdin(self, text: str) -> None:
        fd = os.memfd_create("stdin", 0)
        self.write_all(fd, text.encode("utf-8"))
        os.lseek(fd, 0, os.SEEK_SET)
        os.dup2(fd, 0)
        os.close(fd)
        sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False), encoding="utf-8")


def main() -> None:
    """Entry point: ``python -I -S -B _worker.py CONFIG_JSON``."""
    try:
        cfg = json.loads(sys.argv[1])
    except (IndexError, ValueError):
        sys.stderr.write("usage: _worker.py CONFIG_JSON\n")
        sys.exit(2)
    try:
        worker = Worker(cfg)
    except OSError as exc:
        sys.stderr.write(f"sandbox worker failed to start: {exc}\n")
        sys.exit(3)
    try:
        worker.serve()
    except BrokenPipeError:
        pass
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            raise


if __name__ == "__main__":
    main()
