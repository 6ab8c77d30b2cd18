"""``o1coder serve`` as a real subprocess on loopback, for the server and RemoteEnv tests."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """An ``o1coder serve`` subprocess on 127.0.0.1.

    Args:
        *args: More ``o1coder serve`` arguments (``--env``, ``--max-sessions``...).
        env_kwargs: The ``--env-kwargs`` object.
        port: The port (default: a free one).
    """

    def __init__(self, *args: str, env_kwargs: Mapping[str, Any], port: int | None = None
                 ) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.args = args
        self.env_kwargs = dict(env_kwargs)
        self.proc: subprocess.Popen[str] | None = None

    def start(self, timeout_s: float = 180.0) -> Server:
        """Start the server and wait until ``/health`` answers."""
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        # The log goes to a file: an unread pipe fills up and blocks the server.
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - open while the server runs
            mode="w+", prefix="o1coder-serve-", suffix=".log", delete=False)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "o1coder_cli.main", "serve", "--port", str(self.port),
             "--env-kwargs", json.dumps(self.env_kwargs), *self.args],
            env=env, stdout=subprocess.DEVNULL, stderr=self.log, text=True)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.log.seek(0)
                raise RuntimeError(f"server exited: {self.log.read()[-2000:]}")
            try:
                with urllib.request.urlopen(self.url + "/health", timeout=2) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("server did not answer /health in time")

    def stop(self) -> None:
        """Stop the server as a user would (SIGTERM: it closes its sandbox, which removes its
        folders in the temp dir), SIGKILL if it has not exited in 30 s; remove its log."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=30)
        self.kill()

    def kill(self) -> None:
        """Kill the server (SIGKILL: no clean shutdown) and remove its log."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=30)
        if os.environ.get("O1CODER_KEEP_SERVE_LOG") != "1":
            Path(self.log.name).unlink(missing_ok=True)
