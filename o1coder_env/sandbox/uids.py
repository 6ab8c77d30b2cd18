"""Unprivileged uids for sandbox workers, leased across processes with file locks.

When the parent runs as root, each worker's children run as their own uid, so RLIMIT_NPROC binds
and "kill every process of this uid" cleans up daemons. Several sandboxes (and several test
processes on one machine) must never share a uid, or one would kill the other's children: a uid
is leased by holding an exclusive ``flock`` on a per-uid lock file for the worker's lifetime.
"""

from __future__ import annotations

import fcntl
import os
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
            return cls(uid, fd)
        raise RuntimeError(f"no free sandbox uid in {FIRST_UID}..{FIRST_UID + UID_COUNT - 1}")

    def release(self) -> None:
        """Give the uid back (idempotent). The lock file stays: it is shared, not ours."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
