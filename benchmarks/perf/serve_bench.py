"""``o1coder serve`` latency on loopback: p50/p99 of a step through the WebSocket vs in process.

Run: ``python -m benchmarks.perf.serve_bench [--sessions 8] [--episodes 20] [--max-seconds 120]``
(needs ``o1coder[serve]``). Starts ``o1coder serve`` on a free 127.0.0.1 port, then each of
``--sessions`` concurrent :class:`~o1coder_env.remote.RemoteEnv` clients plays episodes of
``max_steps=3`` reasoning steps (non-terminal steps, then a truncation: no sandbox call, so the
figure is the server's own overhead). The anchor is the same episodes on a local env in this
process. Prints one JSON object: p50/p99 step latency remote and local, the p50 ratio, steps/s.
Bounded: at most ``--episodes`` per session and ``--max-seconds`` in all.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

__all__ = ["main", "run_bench"]

ENV_ID = "O1Coder-v1"
ENV_KWARGS: dict[str, Any] = {"sandbox": "process", "max_steps": 3}


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return round(ordered[index] * 1000, 3)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_server(sessions: int) -> tuple[subprocess.Popen[str], str]:
    port = _free_port()
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": f"{root}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "o1coder_cli.main", "serve", "--env", ENV_ID, "--port", str(port),
         "--max-sessions", str(sessions), "--env-kwargs", json.dumps(ENV_KWARGS)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("o1coder serve exited; is o1coder[serve] installed?")
        try:
            with urllib.request.urlopen(url + "/health", timeout=2):
                return proc, url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("o1coder serve did not answer /health within 180 s")


def _episodes(env: Any, episodes: int, deadline: float, out: list[float]) -> None:
    for e in range(episodes):
        if time.monotonic() > deadline:
            return
        env.reset(seed=e)
        for i in range(3):
            t0 = time.perf_counter()
            env.step(f"step {i}: refine the plan")
            out.append(time.perf_counter() - t0)


def run_bench(sessions: int = 8, episodes: int = 20, max_seconds: float = 120.0) -> dict:
    """Time remote steps (``sessions`` concurrent clients) against local ones."""
    import gymnasium as gym

    import o1coder_env  # noqa: F401
    from o1coder_env.remote import RemoteEnv

    deadline = time.monotonic() + max_seconds
    local: list[float] = []
    _episodes(gym.make(ENV_ID, **ENV_KWARGS), episodes, deadline, local)
    proc, url = _start_server(sessions)
    try:
        remote: list[list[float]] = [[] for _ in range(sessions)]
        envs = [RemoteEnv(url) for _ in range(sessions)]
        started = time.perf_counter()
        threads = [threading.Thread(target=_episodes, args=(env, episodes, deadline, samples))
                   for env, samples in zip(envs, remote, strict=True)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started
        for env in envs:
            env.close()
    finally:
        proc.kill()
        proc.wait(timeout=30)
    flat = [s for samples in remote for s in samples]
    out = {
        "sessions": sessions,
        "remote_steps": len(flat),
        "remote_p50_ms": _percentile(flat, 50),
        "remote_p99_ms": _percentile(flat, 99),
        "local_p50_ms": _percentile(local, 50),
        "local_p99_ms": _percentile(local, 99),
        "remote_steps_per_s": round(len(flat) / wall, 1),
    }
    out["p50_ratio_remote_over_local"] = round(out["remote_p50_ms"] / max(out["local_p50_ms"],
                                                                          1e-6), 1)
    return out


def main(argv: list[str] | None = None) -> int:
    """CLI entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=8, help="concurrent client sessions")
    parser.add_argument("--episodes", type=int, default=20, help="episodes per session")
    parser.add_argument("--max-seconds", type=float, default=120.0, help="time bound")
    args = parser.parse_args(argv)
    print(json.dumps(run_bench(args.sessions, args.episodes, args.max_seconds), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
