"""Executors: run a function over many work items here, in a process pool, or on a Ray cluster.

One small protocol serves the bench (``o1coder bench``), tree synthesis (``o1coder mcts``) and
evaluation rollouts (:func:`collect_rollouts`)::

    with make_executor("ray", workers=2) as executor:          # or "local"
        for result in executor.map(functools.partial(run_unit, config), units):
            ...                                                # results as they complete

* :class:`LocalExecutor` runs in this process for ``workers=1`` and in a ``forkserver`` process
  pool otherwise.
* :class:`RayExecutor` runs each item as a Ray task. ``address=None`` starts a private local Ray
  instance with ``num_cpus=workers``; ``address="auto"`` or ``"ray://host:10001"`` joins a running
  cluster. A task whose worker process (or node) dies is re-run by Ray up to ``max_retries``
  times; its ``ObjectRef`` still resolves to exactly one result, so the caller sees each item once.
  The callers' output files are keyed (bench: agent, task, seed; mcts: task id), so even a rerun
  after a crash never counts an item twice.

The function and every item must be picklable (a module-level function or a
:func:`functools.partial` of one; Ray also accepts closures, pickled by value with cloudpickle).
Work functions rebuild what they need (tasks, envs, generators, the sandbox) inside the worker and
cache it per process, so nothing heavy crosses the wire and the sandbox always runs on the node
that does the work. Generator backends that are servers (``openai``: vLLM, llama.cpp, any
OpenAI-compatible endpoint) are shared: every worker sends its requests to the same ``base_url``.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Protocol, TypeVar, runtime_checkable

__all__ = [
    "EXECUTORS",
    "Executor",
    "LocalExecutor",
    "RayExecutor",
    "RolloutSpec",
    "collect_rollouts",
    "make_executor",
    "ray_map",
]

T = TypeVar("T")
R = TypeVar("R")

#: Executor kinds accepted by :func:`make_executor` (and ``--executor``).
EXECUTORS: tuple[str, ...] = ("local", "ray")


@runtime_checkable
class Executor(Protocol):
    """Runs ``fn`` over items and yields the results as they complete (not in input order)."""

    workers: int

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """Yield ``fn(item)`` for every item, in completion order."""
        ...

    def close(self) -> None:
        """Release workers (idempotent)."""
        ...


class _ContextManaged:
    """``with executor:`` closes it on exit."""

    def close(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def __enter__(self) -> Any:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


class LocalExecutor(_ContextManaged):
    """This machine: in-process for one worker, a process pool for more.

    Args:
        workers: Worker processes; 1 runs every item in the calling process (so per-process
            caches are shared with the caller, and tracebacks are plain).
        start_method: Multiprocessing start method of the pool. ``forkserver`` (default) because
            torch and the sandbox's threads do not survive a plain ``fork`` well.
        in_process: Run in the calling process; default: only when ``workers`` is 1 (pass
            ``False`` for a one-process pool, e.g. to time a cold worker).

    Raises:
        ValueError: If ``workers`` < 1.

    The pool is created on the first :meth:`map` and kept until :meth:`close`, so a second map
    reuses warm workers (their caches of tasks, envs and generators). Its workers end within
    about a second of the owning process dying, also when it is killed by a signal, so a killed
    run leaves no worker behind writing into its output folder.
    """

    def __init__(self, workers: int = 1, *, start_method: str = "forkserver",
                 in_process: bool | None = None) -> None:
        if workers < 1:
            raise ValueError(f"workers must be >= 1, got {workers}")
        if in_process and workers != 1:
            raise ValueError(f"in_process needs workers=1, got {workers}")
        self.workers = workers
        self.in_process = workers == 1 if in_process is None else in_process
        self.start_method = start_method
        self._pool: Any = None

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """Yield ``fn(item)`` for every item as it completes (input order when in process)."""
        if self.in_process:
            for item in items:
                yield fn(item)
            return
        from concurrent.futures import FIRST_COMPLETED, wait

        pool = self._ensure_pool()
        # Bounded submission: a long item stream never builds a queue of pickled items.
        limit = 2 * self.workers
        iterator = iter(items)
        pending: set[Any] = set()
        try:
            for item in iterator:
                pending.add(pool.submit(fn, item))
                if len(pending) >= limit:
                    break
            while pending:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    yield future.result()
                    nxt = next(iterator, _END)
                    if nxt is not _END:
                        pending.add(pool.submit(fn, nxt))
        finally:
            for future in pending:
                future.cancel()

    def _ensure_pool(self) -> Any:
        if self._pool is None:
            import multiprocessing as mp
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(max_workers=self.workers,
                                             mp_context=mp.get_context(self.start_method),
                                             initializer=_exit_with, initargs=(os.getpid(),))
        return self._pool

    def close(self) -> None:
        """Shut the pool down (waits for running items)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


_END = object()


def _start_time(pid: int) -> str | None:
    """A process's start time in clock ticks since boot (Linux), or None if it is gone."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as fh:
            return fh.read().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def _exit_with(owner: int, period_s: float = 1.0) -> None:
    """Pool initializer: end this worker once the process that made the pool is gone.

    A pool worker's parent is the forkserver, not the owner, so it outlives an owner killed by a
    signal (``kill``, an OOM kill) and would go on writing results into the run's output folder
    and holding CPU. A daemon thread checks the owner every ``period_s``: by its start time
    where ``/proc`` has it (a reused pid is then not mistaken for the owner), else by
    ``kill(owner, 0)``.
    """
    import threading
    import time

    born = _start_time(owner)

    def gone() -> bool:
        if born is not None:
            return _start_time(owner) != born
        try:
            os.kill(owner, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        return False

    def watch() -> None:
        while not gone():
            time.sleep(period_s)
        os._exit(1)

    threading.Thread(target=watch, name="o1coder-exit-with-owner", daemon=True).start()


def _apply(fn: Callable[[Any], Any], item: Any) -> Any:
    """The body of every Ray task: ``fn`` arrives once through the object store."""
    return fn(item)


class RayExecutor(_ContextManaged):
    """Ray tasks, on a private local instance or an existing cluster.

    Args:
        address: ``None`` starts a local Ray instance with ``num_cpus=workers`` (stopped again by
            :meth:`close`); ``"auto"`` joins the cluster this node belongs to (``ray start``);
            ``"ray://host:10001"`` connects through Ray Client. If Ray is already initialized
            in this process, that instance is used as is and left running.
        workers: Items in flight at once (one CPU each). ``None`` uses every CPU of the cluster.
        max_retries: Times Ray re-runs a task whose worker process or node died (system
            failures only: an exception raised by ``fn`` is not retried, it propagates).
        num_cpus_per_task: CPUs reserved by each task (raise it for work that is itself parallel).
        temp_dir: Ray's session/log/socket directory for a locally started instance (default:
            Ray's own, ``/tmp/ray``). Keep it short: Ray's socket paths must fit in 107 bytes.
        runtime_env: Ray runtime environment (e.g. ``{"working_dir": "."}`` or ``{"pip": [...]}``)
            for cluster nodes that do not have the project installed.
        log_to_driver: Forward workers' stdout/stderr to this process.

    Raises:
        MissingExtraError: If Ray is not installed (``pip install 'o1coder[ray]'``).
        ValueError: On bad arguments.
    """

    def __init__(
        self,
        address: str | None = None,
        workers: int | None = None,
        *,
        max_retries: int = 3,
        num_cpus_per_task: float = 1,
        temp_dir: str | None = None,
        runtime_env: dict[str, Any] | None = None,
        log_to_driver: bool = True,
    ) -> None:
        if workers is not None and workers < 1:
            raise ValueError(f"workers must be >= 1, got {workers}")
        if max_retries < 0:
            raise ValueError(f"max_retries must be >= 0, got {max_retries}")
        if num_cpus_per_task <= 0:
            raise ValueError(f"num_cpus_per_task must be > 0, got {num_cpus_per_task}")
        from o1coder_env._optional import require

        self._ray = require("ray", "ray", "the Ray executor")
        self.address = address
        self.max_retries = max_retries
        self.num_cpus_per_task = num_cpus_per_task
        self._owns_ray = False
        if not self._ray.is_initialized():
            kwargs: dict[str, Any] = {"log_to_driver": log_to_driver,
                                      "include_dashboard": False}
            if runtime_env is not None:
                kwargs["runtime_env"] = runtime_env
            if address is None:
                kwargs["num_cpus"] = workers or os.cpu_count() or 1
                if temp_dir is not None:
                    os.makedirs(temp_dir, exist_ok=True)
                    kwargs["_temp_dir"] = os.path.abspath(temp_dir)
            else:
                kwargs["address"] = address
            self._ray.init(**kwargs)
            self._owns_ray = True
        if workers is None:
            cpus = float(self._ray.cluster_resources().get("CPU", 1))
            workers = max(1, int(cpus // num_cpus_per_task))
        self.workers = workers
        self._remote = self._ray.remote(_apply).options(
            num_cpus=num_cpus_per_task, max_retries=max_retries, retry_exceptions=False)

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """Yield ``fn(item)`` for every item as its Ray task completes.

        At most ``2 * workers`` tasks are in flight (the next one is queued while a worker
        finishes), so a long item stream does not flood the object store. If the consumer stops
        early, the tasks still pending are cancelled.
        """
        ray = self._ray
        fn_ref = ray.put(fn)  # shipped once; each task receives it resolved
        limit = 2 * self.workers
        iterator = iter(items)
        pending: list[Any] = []
        try:
            for item in iterator:
                pending.append(self._remote.remote(fn_ref, item))
                if len(pending) >= limit:
                    break
            while pending:
                ready, pending = ray.wait(pending, num_returns=1)
                yield ray.get(ready[0])
                nxt = next(iterator, _END)
                if nxt is not _END:
                    pending.append(self._remote.remote(fn_ref, nxt))
        finally:
            for ref in pending:
                ray.cancel(ref)

    def close(self) -> None:
        """Stop the Ray instance if this executor started it (idempotent)."""
        if self._owns_ray and self._ray.is_initialized():
            self._ray.shutdown()
        self._owns_ray = False


def make_executor(kind: str = "local", *, workers: int | None = 1, address: str | None = None,
                  **options: Any) -> LocalExecutor | RayExecutor:
    """Build an executor by name.

    Args:
        kind: ``local`` or ``ray``.
        workers: Parallel workers (``None`` for Ray = every CPU of the cluster; 1 for local).
        address: Ray address (``auto``, ``ray://host:port``); only for ``ray``.
        **options: Passed to :class:`RayExecutor` (``max_retries``, ``temp_dir``...) or
            :class:`LocalExecutor` (``start_method``).

    Raises:
        ValueError: For an unknown kind, or an address given to the local executor.
    """
    if kind == "local":
        if address is not None:
            raise ValueError("address is only for executor='ray' (got the local executor)")
        return LocalExecutor(workers or 1, **options)
    if kind == "ray":
        return RayExecutor(address, workers, **options)
    raise ValueError(f"executor must be one of {list(EXECUTORS)}, got {kind!r}")


def ray_map(fn: Callable[[Any, T], R], config: Any, units: Sequence[T], *,
            address: str | None = None, workers: int | None = None,
            **options: Any) -> Iterator[R]:
    """``fn(config, unit)`` for every unit through a :class:`RayExecutor`, as they complete.

    The bench runner's entry point for ``executor="ray"``: ``config`` travels once through the
    object store (bound with :func:`functools.partial`), units one per task.
    """
    with RayExecutor(address, workers, **options) as executor:
        yield from executor.map(functools.partial(fn, config), units)


# --- evaluation rollouts ---------------------------------------------------------------------

@dataclass(frozen=True)
class RolloutSpec:
    """How a worker builds what one evaluation episode needs (all picklable factories).

    Attributes:
        make_env: ``() -> env`` (an env made with ``gymnasium.make``; it must report hidden-test
            results, as :func:`agents.base.run_episode` requires).
        make_agent: ``() -> Agent``; called once per episode, so agents start fresh.
        make_generator: ``(seed) -> generator`` or ``None`` for agents without one.
        reward_tests: Test source of the agents' own simulators (``public`` or ``tcg``).
        max_steps: Cap on the agent's actions (``None`` = the env's own limit).
    """

    make_env: Callable[[], Any]
    make_agent: Callable[[], Any]
    make_generator: Callable[[int], Any] | None = None
    reward_tests: str = "public"
    max_steps: int | None = None


_ROLLOUT_CACHE: dict[str, Any] = {}


def _cached(kind: str, factory: Callable[..., Any], *args: Any) -> Any:
    """One env/generator per worker process and factory (keyed by the factory's pickle)."""
    key = kind + hashlib.sha1(pickle.dumps((factory, args))).hexdigest()
    if key not in _ROLLOUT_CACHE:
        _ROLLOUT_CACHE[key] = factory(*args)
    return _ROLLOUT_CACHE[key]


def _rollout(spec: RolloutSpec, unit: tuple[str, int]) -> tuple[tuple[str, int], Any]:
    from agents.base import run_episode

    task_id, seed = unit
    env = _cached("env", spec.make_env)
    generator = (_cached("gen", spec.make_generator, seed)
                 if spec.make_generator is not None else None)
    record = run_episode(spec.make_agent(), env, task_id, seed, generator=generator,
                         reward_tests=spec.reward_tests, max_steps=spec.max_steps)
    return unit, record


def collect_rollouts(spec: RolloutSpec, units: Iterable[tuple[str, int]],
                     executor: Executor | None = None) -> list[Any]:
    """Run one evaluation episode per ``(task_id, seed)`` unit through an executor.

    Args:
        spec: The factories (see :class:`RolloutSpec`).
        units: ``(task_id, seed)`` pairs; duplicates are run once.
        executor: Where to run (default: in this process).

    Returns:
        The :class:`agents.base.EpisodeRecord` of every unit, in the order of ``units`` (so the
        result does not depend on the executor or on completion order).

    Raises:
        ValueError: If ``reward_tests`` is not ``public``/``tcg`` or a unit is malformed.
    """
    if spec.reward_tests not in ("public", "tcg"):
        raise ValueError(f"reward_tests must be 'public' or 'tcg', got {spec.reward_tests!r}")
    ordered: list[tuple[str, int]] = []
    seen: set[tuple[str, int]] = set()
    for unit in units:
        if (not isinstance(unit, tuple) or len(unit) != 2 or not isinstance(unit[0], str)
                or not isinstance(unit[1], int)):
            raise ValueError(f"a rollout unit is (task_id: str, seed: int), got {unit!r}")
        if unit not in seen:
            seen.add(unit)
            ordered.append(unit)
    executor = executor or LocalExecutor(1)
    results = dict(executor.map(functools.partial(_rollout, spec), ordered))
    return [results[unit] for unit in ordered]
