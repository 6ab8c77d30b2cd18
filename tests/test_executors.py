"""Executors: local and Ray give the same results, a lost Ray worker is retried and counted once.

One local Ray instance (``ray.init(num_cpus=2)``, its files in a fresh ``/tmp/o1ray-*`` directory
that the fixture removes) serves the whole module.
"""

from __future__ import annotations

import functools
import json
import math
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agents.executors import (
    Executor,
    LocalExecutor,
    RayExecutor,
    RolloutSpec,
    collect_rollouts,
    make_executor,
)
from benchmarks import runner
from benchmarks.runner import BenchConfig, run_bench

TINY_BENCH = {"agents": ["random", "mcts-candidates"], "limit": 2, "aspr_k": 1,
              "seeds": [0]}


@pytest.fixture(scope="module")
def ray_instance() -> Iterator[Any]:
    ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'o1coder[ray]')")
    # Short and ours: Ray's socket paths must fit in 107 bytes, and /tmp/ray may be someone's.
    temp_dir = tempfile.mkdtemp(prefix="o1ray-", dir="/tmp")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, _temp_dir=temp_dir)
    # Workers cannot import this test module: ship its functions by value.
    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])
    try:
        yield ray
    finally:
        ray.shutdown()
        shutil.rmtree(temp_dir, ignore_errors=True)


def _timeless(value: Any) -> Any:
    """A record without its wall-clock fields (the only thing allowed to differ)."""
    if isinstance(value, dict):
        return {k: _timeless(v) for k, v in value.items()
                if not (k.endswith("_s") or "wall" in k or k in ("seconds", "duration"))}
    if isinstance(value, list):
        return [_timeless(v) for v in value]
    return value


def _canonical(rows: list[dict[str, Any]], key: str) -> str:
    return json.dumps(sorted((_timeless(r) for r in rows), key=lambda r: str(r[key])),
                      sort_keys=True, default=str)


def _episodes(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (out / "episodes.jsonl").read_text().splitlines()]


# --- local executor, factory ---------------------------------------------------------------

def test_local_executor_runs_in_process_and_in_a_pool() -> None:
    with LocalExecutor(1) as serial:
        assert isinstance(serial, Executor)
        assert list(serial.map(math.factorial, range(6))) == [1, 1, 2, 6, 24, 120]
    with LocalExecutor(2) as pool:
        assert sorted(pool.map(math.factorial, range(12))) == sorted(
            math.factorial(i) for i in range(12))
        # The pool survives between maps (warm workers keep their caches).
        assert sorted(pool.map(abs, [-3, 2, -1])) == [1, 2, 3]


def test_pool_workers_end_when_the_owner_is_killed(tmp_path: Path) -> None:
    # A bench killed by a signal must not leave its pool workers running (they kept writing
    # into the run's output folder and holding both cores).
    import signal
    import subprocess
    import time

    script = tmp_path / "owner.py"
    script.write_text("import os, sys, time\n"
                      "from agents.executors import LocalExecutor\n"
                      "from tests.test_executors import worker_pid\n"
                      "if __name__ == '__main__':\n"
                      "    pool = LocalExecutor(2)\n"
                      "    pids = sorted(set(pool.map(worker_pid, range(8))))\n"
                      "    print(' '.join(map(str, pids)), flush=True)\n"
                      "    time.sleep(120)\n")
    root = Path(__file__).resolve().parents[1]
    # TMPDIR: the pool workers' sandboxes cannot remove their folders when they are killed.
    env = {**os.environ, "PYTHONPATH": f"{root}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
           "TMPDIR": str(script.parent)}
    owner = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True,
                             env=env, cwd=root)
    try:
        line = owner.stdout.readline() if owner.stdout else ""
        workers = [int(p) for p in line.split()]
        assert workers and owner.pid not in workers
        assert all(_alive(p) for p in workers)
        owner.send_signal(signal.SIGKILL)
        owner.wait(timeout=10)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(_alive(p) for p in workers):
            time.sleep(0.2)
        assert not any(_alive(p) for p in workers), "pool workers outlived their owner"
    finally:
        owner.kill()
        owner.wait()


def worker_pid(_: int) -> int:
    """The pool worker's pid (module-level, so the pool can pickle it)."""
    import time

    time.sleep(0.05)  # long enough that both workers take items
    return os.getpid()


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_make_executor_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="executor must be one of"):
        make_executor("dask")
    with pytest.raises(ValueError, match="address is only for"):
        make_executor("local", address="auto")
    with pytest.raises(ValueError, match="workers"):
        LocalExecutor(0)
    with pytest.raises(ValueError, match="workers"):
        RayExecutor(workers=0)
    with pytest.raises(ValueError, match="max_retries"):
        RayExecutor(max_retries=-1)


def test_collect_rollouts_validates_units() -> None:
    spec = RolloutSpec(make_env=dict, make_agent=dict)
    with pytest.raises(ValueError, match="rollout unit"):
        collect_rollouts(spec, [("task", "0")])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="reward_tests"):
        collect_rollouts(RolloutSpec(make_env=dict, make_agent=dict, reward_tests="hidden"), [])


# --- Ray -----------------------------------------------------------------------------------

def _kill_worker_once(marker: Path, item: int) -> int:
    """Dies (the whole worker process) the first time it sees item 3, then behaves."""
    if item == 3 and not marker.exists():
        marker.write_text(str(os.getpid()))
        os._exit(1)
    return item * item


def test_ray_retries_a_task_whose_worker_died_and_yields_it_once(ray_instance: Any,
                                                                 tmp_path: Path) -> None:
    marker = tmp_path / "died-once"
    executor = RayExecutor(workers=2, max_retries=2)
    assert executor.workers == 2
    results = list(executor.map(functools.partial(_kill_worker_once, marker), range(6)))
    executor.close()  # Ray was started by the fixture: the instance stays up
    assert ray_instance.is_initialized()
    assert marker.exists(), "the worker-killing path never ran"
    assert sorted(results) == [i * i for i in range(6)]  # 9 exactly once, nothing missing


def test_ray_without_retries_reports_the_lost_worker(ray_instance: Any, tmp_path: Path) -> None:
    executor = RayExecutor(workers=2, max_retries=0)
    with pytest.raises(ray_instance.exceptions.RayError):
        list(executor.map(functools.partial(_kill_worker_once, tmp_path / "m"), [3]))


def test_bench_through_ray_matches_the_local_executor(ray_instance: Any,
                                                      tmp_path: Path) -> None:
    local = run_bench(BenchConfig(**TINY_BENCH, out=str(tmp_path / "local")), progress=False)
    ray_out = tmp_path / "ray"
    remote = run_bench(BenchConfig(**TINY_BENCH, out=str(ray_out), executor="ray", workers=2),
                       progress=False)
    assert len(local["episodes"]) == 4 and all(e["error"] is None for e in remote["episodes"])
    assert _canonical(remote["episodes"], "agent") == _canonical(local["episodes"], "agent")
    assert _timeless(remote["summary"]) == _timeless(local["summary"])
    # Resume works the same through Ray: nothing runs again.
    seen: list[dict[str, Any]] = []
    run_bench(BenchConfig(**TINY_BENCH, out=str(ray_out), executor="ray", workers=2),
              progress=False, on_episode=seen.append)
    assert seen == [] and len(_episodes(ray_out)) == 4


def test_mcts_through_ray_matches_local_and_resumes(ray_instance: Any, tmp_path: Path) -> None:
    from agents.generators import make_generator
    from agents.mcts.search import MCTSConfig
    from agents.mcts.synthesize import SearchJob, synthesize, synthesize_on
    from o1coder_env.tasks import load_tasks

    config = MCTSConfig(rollouts=4, max_depth=4, k=2, seed=0)
    tasks = load_tasks("builtin", split="test", limit=3)
    local_out = tmp_path / "local.jsonl"
    generator = make_generator("candidates", tasks=load_tasks("builtin"), seed=0)
    synthesize(tasks, generator, config, out=local_out, generator_name="candidates",
               progress=False)
    ray_out = tmp_path / "ray.jsonl"
    job = SearchJob(config=config)
    with RayExecutor(workers=2) as executor:
        summary = synthesize_on(executor, job, tasks[:2], out=ray_out, progress=False)
        assert summary["ran"] == 2
        summary = synthesize_on(executor, job, tasks, out=ray_out, progress=False)
        assert (summary["ran"], summary["skipped"]) == (1, 2)  # resumed, not redone
    local_rows = [json.loads(x) for x in local_out.read_text().splitlines()]
    ray_rows = [json.loads(x) for x in ray_out.read_text().splitlines()]
    assert len(ray_rows) == 3
    assert _canonical(ray_rows, "task_id") == _canonical(local_rows, "task_id")


def test_collect_rollouts_same_through_ray_and_locally(ray_instance: Any) -> None:
    import gymnasium as gym

    import o1coder_env  # noqa: F401
    from agents.baselines import make_agent
    from o1coder_env.tasks import load_tasks

    tasks = load_tasks("builtin", split="test", limit=2)
    spec = RolloutSpec(make_env=functools.partial(gym.make, "O1Coder-Choice-v0", tasks=tasks),
                       make_agent=functools.partial(make_agent, "random"))
    units = [(t.task_id, seed) for t in tasks for seed in (0, 1)]
    local = collect_rollouts(spec, units)
    with RayExecutor(workers=2) as executor:
        remote = collect_rollouts(spec, units + units[:1], executor)  # a duplicate runs once
    assert [(r.task_id, r.seed) for r in remote] == units
    assert [_timeless(r.to_dict()) for r in remote] == [_timeless(r.to_dict()) for r in local]


@pytest.mark.slow
def test_bench_worker_lost_mid_run_is_not_counted_twice(ray_instance: Any, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    marker = tmp_path / "died-once"
    real_run_unit = runner.run_unit

    def run_unit_dying_once(config: BenchConfig, unit: runner.EpisodeUnit) -> dict[str, Any]:
        # A closure: Ray pickles it by value, so workers run exactly this wrapper.
        if unit.label == "random" and not marker.exists():
            marker.write_text("x")
            os._exit(1)
        return real_run_unit(config, unit)

    monkeypatch.setattr(runner, "run_unit", run_unit_dying_once)
    config = BenchConfig(agents=["random"], limit=3, aspr_k=0, out=str(tmp_path / "b"),
                         executor="ray", workers=2)
    results = run_bench(config, progress=False)
    assert marker.exists()
    rows = _episodes(tmp_path / "b")
    keys = [(r["agent"], r["task_id"], r["seed"]) for r in rows]
    assert len(keys) == len(set(keys)) == 3
    assert results["summary"]["random"]["episodes"] == 3
