"""Leased sandbox uids are clean when handed out: nothing an earlier holder ran survives.

Two test processes (or two sandboxes) on one machine lease uids from the same range; a worker
killed mid-run may leave processes running as its uid. Release and acquire both kill every
process of the uid, so a holder only ever sees its own processes. Needs root (the uid switch).
"""

from __future__ import annotations

import os
import signal
import time

import pytest

from o1coder_env.sandbox.uids import UidLease

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="uid leases are used only as root")


def _start_as(uid: int) -> int:
    """A process running as ``uid`` that sleeps (a leftover of some earlier run)."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the forked child
        try:
            os.setgid(uid)
            os.setuid(uid)
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            time.sleep(60)
        finally:
            os._exit(0)
    return pid


def _gone(pid: int) -> bool:
    got, _ = os.waitpid(pid, os.WNOHANG)
    if got == pid:
        return True
    for _ in range(100):  # the kill is asynchronous: give the kernel a moment
        time.sleep(0.01)
        got, _ = os.waitpid(pid, os.WNOHANG)
        if got == pid:
            return True
    return False


def test_release_kills_what_runs_as_the_uid():
    lease = UidLease.acquire()
    pid = _start_as(lease.uid)
    time.sleep(0.05)
    lease.release()
    assert _gone(pid)


def test_acquire_kills_an_earlier_holders_leftovers():
    lease = UidLease.acquire()
    uid = lease.uid
    lease._fd, fd = -1, lease._fd  # as if the holder died: the lock goes, nothing is swept
    os.close(fd)
    pid = _start_as(uid)
    time.sleep(0.05)
    again = [UidLease.acquire() for _ in range(2)]
    try:
        assert uid in {x.uid for x in again}  # the scan starts at the same place
        assert _gone(pid)
    finally:
        for x in again:
            x.release()
