"""Unprivileged uids for sandbox workers, leased across processes with file locks.

When the parent runs as root, each worker's children run as their own uid, so RLIMIT_NPROC binds
and "kill every process of this uid" cleans up daemons. Several sandboxes (and several test
processes on one machine) must never share a uid, or one would kill the other's children: a uid
is leased by holding an exclusive ``flock`` on a per-uid lock file for the worker's lifetime.
"""

from __future__ import annotations

import fcntl
import os
import signal
import tempfile
from dataclasses import dataclass

__all__ = ["FIRST_UID", "UID_COUNT", "UidLease"]

#: The leased range: far above login users and common container uid maps.
FIRST_UID = 2_000_000
UID_COUNT = 4096
_LOCK_DIR = os.path.join(tempfile.gettempdir(), "o1coder-sandbox-uids")


@dataclass
class UidLease:
    """A uid held by this process until :meth:`release` (or process exit)."""

    uid: int
    _fd: int

    @classmethod
    def acquire(cls) -> UidLease:
        """Lease the first free uid of the range.

        Raises:
            RuntimeError: If every uid of the range is taken.
        """
        os.makedirs(_LOCK_DIR, mode=0o700, exist_ok=True)
        start = os.getpid() % UID_COUNT  # spread processes out: fewer collisions to skip
        for k in range(UID_COUNT):
            uid = FIRST_UID + (start + k) % UID_COUNT
            fd = os.open(os.path.join(_LOCK_DIR, f"{uid}.lock"),
                         os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                continue
            lease = cls(uid, fd)
            lease.sweep()  # a holder that died may have left processes running as this uid
            return lease
        raise RuntimeError(f"no free sandbox uid in {FIRST_UID}..{FIRST_UID + UID_COUNT - 1}")

    def sweep(self) -> None:
        """Kill every process running as this uid (a worker's leftover children).

        ``kill(-1)`` from a process whose uids are all this uid reaches exactly those processes.
        Repeated to beat a racing fork.
        """
        for _ in range(3):
            pid = os.fork()
            if pid == 0:  # pragma: no cover - runs in the forked helper
                try:
                    os.setgid(self.uid)
                    os.setuid(self.uid)
                    os.kill(-1, signal.SIGKILL)
                except BaseException:
                    pass
                os._exit(0)
            os.waitpid(pid, 0)

    def release(self) -> None:
        """Kill what still runs as the uid, then give it back (idempotent).

        So a uid is clean when another sandbox (or another test process) leases it next: each
        sees only its own processes. The lock file stays: it is shared, not ours.
        """
        if self._fd >= 0:
            self.sweep()
            os.close(self._fd)
            self._fd = -1
