"""Red team: nothing one run writes is visible to another run, on every backend.

A correct program could record its answers where a later program, which does not solve the task,
reads them back. Each run gets a fresh working directory; these tests check that every other
place a program might write (its parent directory, the temp dirs, its home) refuses the write,
that the refusal comes from the confinement (landlock on), and that a later run reads nothing.
"""

from __future__ import annotations

import pytest

from o1coder_env.sandbox import Sandbox
from o1coder_env.tasks import TestCase
from tests.sandbox_backends import ALL_BACKENDS, zygote_children

BACKENDS = ALL_BACKENDS

_PLACES = "('..', '../..', '/tmp', '/var/tmp', '/dev/shm')"
# The writer returns the places its write reached and the error types of the refusals; the
# reader returns whatever it could read back. Call tests compare both in the parent.
WRITER = f"""
import os
def f():
    reached, refusals = [], set()
    for d in {_PLACES}:
        try:
            with open(os.path.join(d, 'o1coder_cross_run.txt'), 'w') as fh:
                fh.write('ANSWER-42')
            reached.append(d)
        except OSError as exc:
            refusals.add(type(exc).__name__)
    with open('local.txt', 'w') as fh:  # the run's own directory stays writable
        fh.write('mine')
    reached.append('cwd')
    return [reached, sorted(refusals - {{'PermissionError', 'FileNotFoundError', 'OSError'}})]
"""
READER = f"""
import os
def f():
    found = []
    for d in {_PLACES} + ('.',):
        for name in ('o1coder_cross_run.txt', 'local.txt'):
            try:
                with open(os.path.join(d, name)) as fh:
                    found.append(d + '/' + name + '=' + fh.read())
            except OSError:
                pass
    return found
"""


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_later_run_reads_nothing_an_earlier_run_wrote(backend):
    with Sandbox(backend=backend, workers=1) as box:
        assert box.features.get("landlock_abi", 0) > 0, "landlock must confine the writes"
        # Only the run's own directory took the write; every refusal was a filesystem error.
        wrote = box.run(WRITER, [TestCase.call_case((), [["cwd"], []])], entry_point="f")
        assert wrote.results[0].status.value == "passed", wrote.results[0]
        # A second run, on the same worker, finds nothing of the first: not even its own dir.
        read = box.run(READER, [TestCase.call_case((), [])], entry_point="f")
        assert read.results[0].status.value == "passed", read.results[0]


# The earlier run's answer and its source both carry REMNANT_MARK. The reader probes its address
# space a page at a time with write(2) into a pipe (EFAULT, not a crash, where nothing is mapped)
# around its heap, its C heap and its modules, and returns every copy of the mark followed by
# "-" (the answer) or a quote (the source text); its own copy of the mark, built at run time from
# two halves, is followed by a NUL. It also returns whether it read memory at all (its own marker
# found), so that finding nothing cannot come from a probe that reads nothing.
REMNANT_MARK = "O1CREM" + "NANT"
MEMORY_WRITER = f"""
def f(x):
    token = {REMNANT_MARK!r} + 'SOURCE'
    return {REMNANT_MARK!r} + '-ANSWER-' + str(x * 7919)
"""
MEMORY_READER = f"""
import ctypes, os

def f():
    libc = ctypes.CDLL(None, use_errno=True)
    libc.write.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_size_t]
    r, w = os.pipe()
    mine = ('READER' + 'MARK') * 4
    buf = ctypes.create_string_buffer(mine.encode() * 64)
    anchors = [id(object()), ctypes.addressof(buf), id(ctypes), id(os.environ), id(f), id(mine)]
    pages = set()
    for a in anchors:
        for k in range(-8192, 8192):
            pages.add((a & ~0xFFF) + k * 4096)
    found, own, readable = set(), 0, 0
    needle = ({REMNANT_MARK[:3]!r} + {REMNANT_MARK[3:]!r}).encode()
    for page in sorted(p for p in pages if p > 0):
        if libc.write(w, page, 1) != 1:
            continue
        os.read(r, 1)
        readable += 1
        data = ctypes.string_at(page, 4096)
        own += data.count(mine.encode())
        i = data.find(needle)
        while i >= 0:
            if data[i + len(needle):i + len(needle) + 1] in (b'-', b"'"):
                found.add(data[i:i + 32].decode('latin-1'))
            i = data.find(needle, i + 1)
    return [readable > 1000, own > 0, sorted(found)]
"""


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_later_run_finds_nothing_of_an_earlier_run_in_its_memory(backend):
    """An earlier program's source and answers never reach a later program's address space.

    A child forked from a process that once held another run's job or answers inherits those
    bytes (freed, not erased). A later program could find there a correct program's answers
    for the same inputs, or its source, and return them without solving the task.
    """
    assert REMNANT_MARK not in MEMORY_READER
    with Sandbox(backend=backend, workers=1, cache_size=0) as box:
        for x in (11, 12, 13):
            expected = f"{REMNANT_MARK}-ANSWER-{x * 7919}"
            wrote = box.run(MEMORY_WRITER, [TestCase.call_case((x,), expected)], entry_point="f")
            assert wrote.results[0].status.value == "passed", wrote.results[0]
        read = box.run(MEMORY_READER, [TestCase.call_case((), [True, True, []], timeout_s=30.0)],
                       entry_point="f")
        assert read.results[0].status.value == "passed", read.results[0]


def _the_next_run_is_judged_as_usual(box: Sandbox) -> None:
    """After an attack: the same worker judges the next program, with no restart."""
    after = box.run("def g(x):\n    return x + 1\n", [TestCase.call_case((1,), 2)],
                    entry_point="g")
    assert after.all_passed, after.to_dict()
    assert box.stats["worker_restarts"] == 0


# Probes its parent (the zygote) with signal 0, then SIGKILLs it, then every process it may
# signal (kill(-1): nothing outside its own run, whatever the call returns).
SIGNALLER = """
import os, signal

def f():
    out = []
    for pid, sig in ((os.getppid(), 0), (os.getppid(), signal.SIGKILL)):
        try:
            os.kill(pid, sig)
            out.append('sent')
        except OSError as exc:
            out.append(type(exc).__name__)
    try:
        os.kill(-1, signal.SIGKILL)
    except OSError:
        pass
    return out
"""


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_run_cannot_signal_the_processes_that_supervise_it(backend):
    """The zygote that forked the run (its parent) and the worker cannot be signalled by it.

    Where the program runs as its own uid (process and bwrap as root) the kernel refuses by
    uid; where it shares the worker's uid (docker) landlock's signal scope refuses. Either way
    the refusal is an error the program sees, and the worker goes on with the next run.
    """
    with Sandbox(backend=backend, workers=1, cache_size=0) as box:
        if not (box.features.get("signal_scope") or box.features.get("uid_drop")):
            pytest.skip("the run shares the worker's uid and landlock has no signal scope "
                        "(ABI < 6) here: docs/sandbox.md says what is not defended then")
        zygote = box._workers[0].zygote_pid
        assert zygote > 0
        report = box.run(SIGNALLER, [TestCase.call_case((), ["PermissionError"] * 2)],
                         entry_point="f")
        assert report.results[0].status.value == "passed", report.results[0]
        _the_next_run_is_judged_as_usual(box)
        assert box._workers[0].zygote_pid == zygote


# The next run's child is forked as this run starts and waits beside it for its own run. The
# program tries to kill every process with a pid just above its own (where that child's lands).
NEIGHBOUR_KILLER = """
import os, signal, time

def f():
    time.sleep(0.05)
    me, seen = os.getpid(), set()
    for pid in range(me + 1, me + 64):
        try:
            os.kill(pid, signal.SIGKILL)
            seen.add('sent')
        except ProcessLookupError:
            pass
        except OSError as exc:
            seen.add(type(exc).__name__)
    return sorted(seen)
"""


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_run_cannot_kill_the_next_runs_waiting_child(backend):
    """The child forked for the next run waits while this run runs: the program cannot signal
    it (refused by uid, or by landlock's signal scope where the uid is shared), it is alive,
    not a zombie, after the run, and the next run is judged in it with no worker restart."""
    import time

    with Sandbox(backend=backend, workers=1, cache_size=0, fork_ahead=True) as box:
        if not (box.features.get("signal_scope") or box.features.get("uid_drop")):
            pytest.skip("the run shares the worker's uid and landlock has no signal scope "
                        "(ABI < 6) here: docs/sandbox.md says what is not defended then")
        box.run("def g(x):\n    return x\n", [TestCase.call_case((1,), 1)], entry_point="g")
        report = box.run(NEIGHBOUR_KILLER, [TestCase.call_case((), ["PermissionError"])],
                         entry_point="f")
        assert report.results[0].status.value == "passed", report.results[0]
        end = time.monotonic() + 5
        while True:
            waiting = zygote_children(box)
            if (len(waiting) == 1 and waiting[0][1] == "S") or time.monotonic() > end:
                break
            time.sleep(0.01)
        assert len(waiting) == 1 and waiting[0][1] == "S", waiting
        _the_next_run_is_judged_as_usual(box)


# Finds the socket objects on its own call stack (the zygote's end of the worker's fork channel
# is a local of the zygote's loop, which forked this run) and asks through each for a fork, as
# the worker would: with five fds of its own. Returns how many it found, how many were live and
# how many requests went out.
ZYGOTE_SOCKET_HUNT = """
import os, socket, stat, sys

def f():
    seen, live, sent = set(), 0, 0
    frame = sys._getframe()
    while frame is not None:
        for value in list(frame.f_locals.values()):
            if not isinstance(value, socket.socket) or id(value) in seen:
                continue
            seen.add(id(value))
            fd = value.fileno()
            try:
                if fd < 0 or not stat.S_ISSOCK(os.fstat(fd).st_mode):
                    continue
            except OSError:
                continue
            live += 1
            try:
                socket.send_fds(value, [b'F'], [0, 1, 2, 0, 1])
                sent += 1
            except OSError:
                pass
        frame = frame.f_back
    return [len(seen), live, sent]
"""


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_zygotes_socket_is_dead_in_every_run(backend):
    """The zygote's socket object is on the run's stack (the run was forked inside its loop),
    but its fd was closed before the program started: the program cannot ask it for forks or
    waits. The hunt must find the object (else it proves nothing), and the zygote must fork
    nothing for it."""
    with Sandbox(backend=backend, workers=1, cache_size=0) as box:
        report = box.run(ZYGOTE_SOCKET_HUNT, [TestCase.call_case((), [1, 0, 0])],
                         entry_point="f")
        assert report.results[0].status.value == "passed", report.results[0]
        _the_next_run_is_judged_as_usual(box)
