"""An unconfined fork server: the anchor the sandbox benchmark measures its own cost against.

The cheapest harness that still gives every sample its own process: a small, warm Python
interpreter (the sandbox worker's preloaded modules and nothing else) that forks once per sample
and runs the whole sample (program and test code together) in the child, with no confinement,
no uid change, no result protocol and no trusted judge; the exit status is the verdict. What the
sandbox costs beyond this is the price of its isolation and of judging outside the box.

It also times a bare ``fork`` + ``_exit`` + ``waitpid`` of itself: the per-run floor's anchor,
taken in a process the size of a sandbox worker (a fork's cost grows with the memory of the
process that forks, so the benchmark's own, larger interpreter would flatter the floor).

Run by :class:`ForkServer` as ``python -I -S -B .../fork_server.py MODULE...``, the flags the
sandbox worker runs with: no ``site`` (a ``.pth`` file may import modules that hook ``fork``)
and nothing but the modules named. The server imports only what it needs at the top; the
client's ``subprocess`` and ``threading`` are imported when a client starts: ``threading``
registers an after-fork hook that every child of the server would run, ~0.3 ms per fork on a
2-core VM (before 2026-12-06 it was imported, and the bare fork measured 0.87-1.0 ms against
0.42-0.44 ms without it).
"""

from __future__ import annotations

import contextlib
import os
import struct
import sys
import time
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    import subprocess

__all__ = ["ForkServer", "bare_fork_ms", "serve"]

_HEADER = struct.Struct("!cI")  # request kind (b"R" run, b"F" bare forks), payload length


def _read_exact(stream: IO[bytes], n: int) -> bytes:
    data = stream.read(n)
    if len(data) != n:
        raise EOFError("the other end closed the channel")
    return data


def _run_sample(source: bytes, null_fd: int) -> bool:
    """Fork; the child runs ``source`` and exits 0 if it raised nothing."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the forked child
        code = 1
        try:
            os.dup2(null_fd, 1)
            os.dup2(null_fd, 2)
            exec(compile(source, "<sample>", "exec"), {"__name__": "__sample__"})
            code = 0
        except BaseException:
            pass
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    return status == 0


def bare_fork_ms(reps: int) -> float:
    """Median ms of ``fork`` + ``_exit(0)`` + ``waitpid`` of this process."""
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the forked child
            os._exit(0)
        os.waitpid(pid, 0)
        times.append(time.perf_counter() - t0)
    times.sort()
    return times[len(times) // 2] * 1e3


def serve(preload: list[str]) -> None:
    """Import ``preload``, then answer requests on stdin/stdout until stdin closes."""
    # Run as a script, this file's folder heads sys.path: a sample imports only what a
    # sandbox run could (the worker drops its own folder the same way).
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != here]
    for name in preload:
        with contextlib.suppress(ImportError):
            __import__(name)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    null_fd = os.open(os.devnull, os.O_WRONLY)
    while True:
        try:
            kind, n = _HEADER.unpack(_read_exact(stdin, _HEADER.size))
            payload = _read_exact(stdin, n)
        except EOFError:
            return
        if kind == b"R":
            stdout.write(b"1" if _run_sample(payload, null_fd) else b"0")
        else:
            stdout.write(f"{bare_fork_ms(int(payload)):.6f}\n".encode())
        stdout.flush()


class ForkServer:
    """A running fork server, one request at a time (use one per thread).

    Args:
        preload: Modules the server imports before it serves (the sandbox worker's list).
    """

    def __init__(self, preload: list[str] | tuple[str, ...]) -> None:
        # Here, not at the top: the server runs this file, and must not import threading.
        import subprocess
        import threading

        self._proc: subprocess.Popen[bytes] = subprocess.Popen(
            [sys.executable, "-I", "-S", "-B", os.path.abspath(__file__), *preload],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self._lock = threading.Lock()

    @property
    def pid(self) -> int:
        """The server's process id."""
        return self._proc.pid

    def _ask(self, kind: bytes, payload: bytes) -> bytes:
        stdin, stdout = self._proc.stdin, self._proc.stdout
        assert stdin is not None and stdout is not None
        with self._lock:
            stdin.write(_HEADER.pack(kind, len(payload)) + payload)
            stdin.flush()
            return stdout.read(1) if kind == b"R" else stdout.readline()

    def run(self, source: str) -> bool:
        """Run one sample (a whole script) in a forked child; True if it raised nothing."""
        answer = self._ask(b"R", source.encode("utf-8", "surrogatepass"))
        if answer not in (b"0", b"1"):
            raise RuntimeError("the fork server stopped")
        return answer == b"1"

    def bare_fork_ms(self, reps: int = 200) -> float:
        """Median ms of a bare ``fork`` + ``_exit`` + ``waitpid`` of the server itself."""
        line = self._ask(b"F", str(reps).encode())
        if not line:
            raise RuntimeError("the fork server stopped")
        return float(line)

    def close(self) -> None:
        """Stop the server."""
        if self._proc.stdin is not None:
            self._proc.stdin.close()
        import subprocess

        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        if self._proc.stdout is not None:
            self._proc.stdout.close()

    def __enter__(self) -> ForkServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


if __name__ == "__main__":
    serve(sys.argv[1:])
