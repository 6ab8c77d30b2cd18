"""Tree synthesis: run MCTS over a task set and append one tree record per task (resumable).

The library behind ``o1coder mcts`` (and self-play's search phase):

- :func:`search_one`: search one task, return its tree record;
- :func:`synthesize`: every task not yet in the output file, in this process;
- :func:`synthesize_on`: the same, one task per executor unit (local pool or Ray), with
  :class:`SearchJob` describing what each worker rebuilds;
- :func:`candidate_pool`: whose steps the offline ``candidates`` generator offers as wrong ones;
- :func:`remote_task_ids`, :func:`search_remote`, :func:`synthesize_remote`: the same searches
  on an ``o1coder serve`` server (``o1coder mcts --remote URL``): the env, its programs and its
  snapshots stay there, the search runs here; the records are those of a local search.

Output lines are appended and flushed one record at a time, so an interruption never leaves
half a record; :func:`done_task_ids` drops a torn tail on resume. Record format:
:func:`agents.mcts.agent.tree_record`; data built from it: :mod:`agents.mcts.export`.
"""

from __future__ import annotations

import functools
import json
import os
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["POOLS", "SearchJob", "candidate_pool", "candidates_name", "done_task_ids",
           "remote_task_ids", "search_one", "search_remote", "search_task", "synthesize",
           "synthesize_on", "synthesize_remote"]


def done_task_ids(path: str | Path) -> set[str]:
    """Task ids already in an output file (a torn last line is ignored and truncated)."""
    path = Path(path)
    if not path.exists():
        return set()
    done: set[str] = set()
    good_bytes = 0
    with open(path, "rb") as handle:
        for raw in handle:
            try:
                done.add(json.loads(raw)["task_id"])
            except (ValueError, KeyError):
                break  # a torn line from an interrupted write: drop it and what follows
            good_bytes += len(raw)
    if good_bytes < path.stat().st_size:
        with open(path, "r+b") as handle:
            handle.truncate(good_bytes)
    return done


def _append(path: Path, record: dict[str, Any]) -> None:
    line = (json.dumps(record, ensure_ascii=False) + "\n").encode()
    # One write of the whole line, then fsync: a crash leaves either the line or a torn tail,
    # which done_task_ids() removes on the next run.
    with open(path, "ab") as handle:
        handle.write(line)
        handle.flush()
        os.fsync(handle.fileno())


def search_one(
    task: Any,
    generator: Any,
    config: Any,
    *,
    mode: str = "pseudocode",
    reward_tests: str = "public",
    generator_name: str = "",
    sandbox: Any = None,
    prm: Any = None,
    prm_prior: bool = False,
    tcg_tests: Sequence[Any] | None = None,
) -> tuple[dict[str, Any], bool]:
    """Run MCTS on one task; returns its tree record and whether the search solved it.

    Args:
        task: The task (the search sees its public copy only).
        generator: The step generator.
        config: The :class:`agents.mcts.search.MCTSConfig`.
        mode: ``pseudocode`` or ``direct``.
        reward_tests: ``public`` or ``tcg``.
        generator_name: The generator's name in the record.
        sandbox: The sandbox of the search's env (default: the shared one).
        prm: A PRM (``(problem, steps) -> scores``) for the leaf values
            (``config.leaf_evaluation`` ``"value"``/``"mixed"``) and/or the priors.
        prm_prior: The PRM's step scores are the PUCT priors (``config.selection="puct"``).
        tcg_tests: Tests made by a TCG from the real task (trusted code, see
            :func:`synthesize`). With them the search sees no given test at all: its task
            copy has neither public nor hidden tests, and ``reward_tests`` must be ``"tcg"``.
    """
    import gymnasium as gym

    import o1coder_env  # noqa: F401  (registers the envs)
    from agents.base import DIRECT_ENV_ID, PSEUDOCODE_ENV_ID, public_task

    env_id = DIRECT_ENV_ID if mode == "direct" else PSEUDOCODE_ENV_ID
    visible = public_task(task)
    # evaluation=True: the env plays the given task whatever its split (as -v0 did); it still
    # never runs or reports hidden tests (report_hidden=False).
    kwargs: dict[str, Any] = {"evaluation": True, "report_hidden": False,
                              "reward_tests": reward_tests, "max_steps": max(config.max_depth, 1)}
    if tcg_tests is not None:
        if reward_tests != "tcg":
            raise ValueError(f"tcg_tests need reward_tests='tcg', got {reward_tests!r}")
        from o1coder_env.tcg import FixedTCG

        # The paper's setting: no given test reaches the search, only the TCG's.
        env_task = visible.with_changes(public_tests=())
        kwargs["tcg"] = FixedTCG(task.task_id, list(tcg_tests))
        kwargs["tcg_tests"] = len(tcg_tests)
    else:
        # TCG tests are made from the reference solution (FuzzingTCG), so a tcg search keeps
        # the full task; it still never reports hidden tests.
        env_task = task if reward_tests == "tcg" else visible
    kwargs["tasks"] = [env_task]
    if sandbox is not None:
        kwargs["sandbox"] = sandbox
    env = gym.make(env_id, **kwargs)
    try:
        env.reset(seed=config.seed, options={"task_id": task.task_id})
        return _search_env(env, visible, generator, config, mode=mode,
                           reward_tests=reward_tests, generator_name=generator_name, prm=prm,
                           prm_prior=prm_prior,
                           tcg_tests=None if tcg_tests is None else len(tcg_tests))
    finally:
        env.close()


def _search_env(env: Any, visible: Any, generator: Any, config: Any, *, mode: str,
                reward_tests: str, generator_name: str, prm: Any, prm_prior: bool,
                tcg_tests: int | None) -> tuple[dict[str, Any], bool]:
    """Search an env reset to ``visible``'s task (local or remote); its record and solved."""
    from agents.mcts.agent import EnvSearch, tree_record
    from o1coder_env.protocol.prompts import task_problem_text

    problem = task_problem_text(visible)
    t0 = time.perf_counter()
    env_search = EnvSearch(env.unwrapped, generator, problem=problem, task_id=visible.task_id,
                           config=config, mode=mode, prm=prm, prm_prior=prm_prior)
    result = env_search.run()
    record = tree_record(
        visible.task_id, problem, result, mode=mode, generator=generator_name,
        reward_tests=reward_tests, wall_s=time.perf_counter() - t0,
        extra={"source": visible.source, "split": visible.split,
               "code_cache_hits": env_search.cache_hits, "tcg_tests": tcg_tests},
    )
    return record, bool(result.solved)


def remote_task_ids(url: str, *, task_ids: Sequence[str] | None = None,
                    limit: int | None = None) -> list[str]:
    """The task ids an ``o1coder serve`` server serves, or ``task_ids`` checked against them.

    Raises:
        ValueError: When the server cannot be reached (the URL is named) or does not serve
            one of ``task_ids``.
    """
    from o1coder_env.remote import RemoteEnv, RemoteEnvError

    try:
        env = RemoteEnv(url)
    except RemoteEnvError as exc:
        raise ValueError(f"--remote {url}: {exc}") from None
    served = list(env.task_ids)
    if task_ids:
        unknown = [t for t in task_ids if t not in served]
        if unknown:
            raise ValueError(f"task(s) {unknown} are not among the {len(served)} tasks "
                             f"served at {env.url}")
        served = list(task_ids)
    return served if limit is None else served[:limit]


def _open_remote(url: str, config: Any, mode: str, reward_tests: str) -> Any:
    """A session of ``url`` fit for the search a local :func:`search_one` would run.

    Raises:
        ValueError: When the server's env is not that env (another protocol, step limit or
            reward tests) or cannot hide hidden tests.
    """
    from agents.episode.simulator import remote_env_factory

    if reward_tests != "public":
        raise ValueError(f"reward_tests={reward_tests!r} over a remote env: the tests are "
                         "generated from the task's reference, which stays on the server; "
                         "a remote search scores on public tests")
    env = remote_env_factory(url)(report_hidden=False, reward_tests=reward_tests)
    try:
        served_mode = ("choice" if "Choice" in env.env_id else
                       "direct" if "Direct" in env.env_id else "pseudocode")
        if served_mode != mode:
            raise ValueError(f"the server at {env.url} serves {env.env_id} ({served_mode} "
                             f"steps), the search's --mode is {mode}: serve "
                             f"{'O1Coder-Direct-v0' if mode == 'direct' else 'O1Coder-v1'}")
        depth = max(config.max_depth, 1)
        if mode == "pseudocode" and env.max_steps != depth:
            raise ValueError(
                f"the server at {env.url} plays {env.max_steps} steps per episode, a local "
                f"search of --max-depth {config.max_depth} plays {depth}: serve with "
                f"--env-kwargs '{{\"max_steps\": {depth}, ...}}' or pass --max-depth "
                f"{env.max_steps}")
    except Exception:
        env.close()
        raise
    return env


def search_remote(url: str, task_id: str, generator: Any, config: Any, *,
                  mode: str = "pseudocode", reward_tests: str = "public",
                  generator_name: str = "", prm: Any = None,
                  prm_prior: bool = False) -> tuple[dict[str, Any], bool]:
    """:func:`search_one` on a server: MCTS here, the env and its snapshots there.

    The search sees the task as the server hands it out (its public copy) and the server runs
    no hidden test for it; the record is the one a local search of the same env writes.

    Args:
        url: The ``o1coder serve`` server.
        task_id: A task it serves.
        generator: The step generator (as :func:`search_one`).
        config: The :class:`agents.mcts.search.MCTSConfig`.
        mode: ``pseudocode`` or ``direct``: the served env's protocol.
        reward_tests: ``"public"`` (the only choice over the wire).
        generator_name: The generator's name in the record.
        prm: See :func:`search_one`.
        prm_prior: See :func:`search_one`.

    Raises:
        ValueError: When the server's env differs from the search's (see ``--mode``,
            ``--max-depth``) or does not serve ``task_id``.
    """
    env = _open_remote(url, config, mode, reward_tests)
    try:
        if task_id not in env.task_ids:
            raise ValueError(f"task {task_id!r} is not among the {len(env.task_ids)} tasks "
                             f"served at {env.url}")
        env.reset(seed=config.seed, options={"task_id": task_id})
        return _search_env(env, env.public_task(), generator, config, mode=mode,
                           reward_tests=reward_tests, generator_name=generator_name, prm=prm,
                           prm_prior=prm_prior, tcg_tests=None)
    finally:
        env.close()


def synthesize_remote(url: str, task_ids: Sequence[str], generator: Any, config: Any, *,
                      out: str | Path, mode: str = "pseudocode", reward_tests: str = "public",
                      generator_name: str = "", progress: bool = True) -> dict[str, Any]:
    """:func:`synthesize` on a server (``o1coder mcts --remote URL``), task by task.

    Returns:
        The summary of :func:`synthesize` (``no_tests`` is 0).
    """
    _open_remote(url, config, mode, reward_tests).close()  # a wrong server fails first
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    done = done_task_ids(out)
    todo = [t for t in task_ids if t not in done]
    start = time.perf_counter()
    results = (search_remote(url, task_id, generator, config, mode=mode,
                             reward_tests=reward_tests, generator_name=generator_name)
               for task_id in todo)
    solved = _drive(results, out, len(todo), progress)
    return {"tasks": len(task_ids), "skipped": len(task_ids) - len(todo), "ran": len(todo),
            "solved": solved, "no_tests": 0, "wall_s": time.perf_counter() - start}


def _drive(results: Iterator[tuple[dict[str, Any], bool]], out: Path, total: int,
           progress: bool) -> int:
    """Append each finished record to ``out`` (one flushed line) and count the solved ones."""
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=total, desc="mcts", unit="task", file=sys.stderr)
    solved = 0
    try:
        for record, ok in results:
            _append(out, record)
            solved += ok
            if bar is not None:
                bar.update(1)
                bar.set_postfix(solved=f"{solved}/{bar.n}")
    finally:
        if bar is not None:
            bar.close()
    return solved


def synthesize(
    tasks: list[Any],
    generator: Any,
    config: Any,
    *,
    out: str | Path,
    mode: str = "pseudocode",
    reward_tests: str = "public",
    generator_name: str = "",
    progress: bool = True,
    sandbox: Any = None,
    prm: Any = None,
    prm_prior: bool = False,
    tcg: Any = None,
    tcg_tests: int = 10,
) -> dict[str, Any]:
    """Run MCTS on each task not yet in ``out`` (in this process) and append its tree record.

    Args:
        tasks: The tasks (those already in ``out`` are skipped: resume).
        generator: The step generator.
        config: The :class:`agents.mcts.search.MCTSConfig`.
        out: The output JSONL (one tree record per task).
        mode: ``pseudocode`` or ``direct``.
        reward_tests: ``public`` or ``tcg``.
        generator_name: The generator's name in the records.
        progress: Show a progress bar.
        sandbox: The sandbox of the search's env.
        prm: See :func:`search_one`.
        prm_prior: See :func:`search_one`.
        tcg: A test-case generator (``generate(task, n=...)``), run here, in trusted code, on
            the real task (its reference included); the search then sees only its tests (no
            given test, ``reward_tests="tcg"``). A task it makes no test for is not searched
            (counted in ``no_tests``): nothing could judge its programs.
        tcg_tests: Tests asked of ``tcg`` per task.

    Returns:
        A summary: ``tasks``, ``skipped``, ``ran``, ``solved`` (of the tasks run now),
        ``no_tests``, ``wall_s``.
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    done = done_task_ids(out)
    todo = [t for t in tasks if t.task_id not in done]
    start = time.perf_counter()
    no_tests: list[str] = []

    def results() -> Iterator[tuple[dict[str, Any], bool]]:
        for task in todo:
            made = None
            if tcg is not None:
                made = list(tcg.generate(task, n=tcg_tests))
                if not made:
                    no_tests.append(task.task_id)
                    continue
            yield search_one(task, generator, config, mode=mode, reward_tests=reward_tests,
                             generator_name=generator_name, sandbox=sandbox, prm=prm,
                             prm_prior=prm_prior, tcg_tests=made)

    solved = _drive(results(), out, len(todo), progress)
    return {"tasks": len(tasks), "skipped": len(tasks) - len(todo),
            "ran": len(todo) - len(no_tests), "solved": solved, "no_tests": len(no_tests),
            "wall_s": time.perf_counter() - start}


@dataclass(frozen=True)
class SearchJob:
    """Everything an executor's worker needs to search one task (picklable, rebuilt there).

    Attributes:
        config: The :class:`agents.mcts.search.MCTSConfig`.
        generator: Backend: ``candidates``, ``hf`` or ``openai`` (a server every worker shares).
        model: Model for ``hf``/``openai``.
        base_url: Server URL for ``openai``.
        source: Task source; the ``candidates`` proposer draws wrong steps from all of it.
        path: Data file of the source.
        mode: ``pseudocode`` or ``direct``.
        reward_tests: ``public`` or ``tcg``.
        backend: Sandbox backend in the worker (``auto`` = the process-wide default sandbox).
        recovery: ``candidates``: the generator's ``recovery`` (see
            :class:`agents.generators.candidates_backend.CandidateGenerator`).
        split: The split searched (the ``split`` pool).
        pool: ``candidates``: whose steps are the wrong candidates (:func:`candidate_pool`).
        pool_ids: The task ids searched (the ``selected`` pool).
    """

    config: Any
    generator: str = "candidates"
    model: str | None = None
    base_url: str | None = None
    source: str = "builtin"
    path: str | None = None
    mode: str = "pseudocode"
    reward_tests: str = "public"
    backend: str = "auto"
    recovery: float = 1.0
    split: str | None = None
    pool: str = "split"
    pool_ids: tuple[str, ...] = ()

    @property
    def generator_name(self) -> str:
        """The generator's name as written in the tree records."""
        if self.generator == "candidates":
            return candidates_name(self.recovery)
        if self.generator == "hf":
            return f"hf:{self.model or 'smollm2-135m'}"
        return f"openai:{self.model}"


_WORKER_CACHE: dict[Any, Any] = {}


#: Candidate pools of ``o1coder mcts --pool``.
POOLS = ("split", "selected", "source")


def candidate_pool(pool: str, source: str, *, split: str | None, path: str | None,
                   selected: list[Any]) -> list[Any]:
    """The tasks whose steps the ``candidates`` generator offers as wrong ones.

    Other tasks' reference outlines and programs become the wrong candidates of a tree. Drawn
    from the whole source, train trees would hold the test tasks' reference steps (and a
    policy or PRM trained on them would have seen the held-out tasks' solutions), so the
    default is the split searched.

    Args:
        pool: ``"split"``, ``"selected"`` or ``"source"`` (see :data:`POOLS`).
        source: The task source.
        split: The split searched (``None``: the whole source).
        path: The source's data file.
        selected: The tasks searched (for ``"selected"``).

    Raises:
        ValueError: For an unknown pool.
    """
    from o1coder_env.tasks import load_tasks

    if pool == "selected":
        return list(selected)
    if pool == "split":
        return load_tasks(source, split=split, path=path)
    if pool == "source":
        return load_tasks(source, path=path)
    raise ValueError(f"pool must be one of {POOLS}, got {pool!r}")


def candidates_name(recovery: float) -> str:
    """The ``generator`` field of a candidates tree record (names a ``recovery`` below 1)."""
    return "candidates" if recovery == 1.0 else f"candidates:recovery={recovery:g}"


def _job_generator(job: SearchJob) -> Any:
    """The job's generator, built once per worker process (the candidates one per seed)."""
    key = ("gen", job.generator, job.model, job.base_url, job.source, job.path,
           job.config.seed, job.recovery, job.split, job.pool, job.pool_ids)
    if key not in _WORKER_CACHE:
        from agents.generators import make_generator

        if job.generator == "candidates":
            from o1coder_env.tasks import load_tasks

            selected = load_tasks(job.source, path=job.path, task_ids=list(job.pool_ids)) \
                if job.pool == "selected" else []
            pool = candidate_pool(job.pool, job.source, split=job.split, path=job.path,
                                  selected=selected)
            _WORKER_CACHE[key] = make_generator("candidates", tasks=pool, seed=job.config.seed,
                                                recovery=job.recovery)
        elif job.generator == "hf":
            _WORKER_CACHE[key] = make_generator("hf", model=job.model or "smollm2-135m")
        else:
            _WORKER_CACHE[key] = make_generator("openai", base_url=job.base_url,
                                                model=job.model)
    return _WORKER_CACHE[key]


def _job_sandbox(job: SearchJob) -> Any:
    if job.backend == "auto":
        return None  # the worker's process-wide default sandbox
    key = ("sandbox", job.backend)
    if key not in _WORKER_CACHE:
        from o1coder_env.sandbox import Sandbox

        _WORKER_CACHE[key] = Sandbox(backend=job.backend)
    return _WORKER_CACHE[key]


def search_task(job: SearchJob, task: Any) -> tuple[dict[str, Any], bool]:
    """Executor unit: search one task with everything rebuilt (and cached) in this process.

    The candidates generator seeds each draw from ``(generator seed, sampling seed, task,
    steps)`` and the search's own generator from ``config.seed``, so a task's tree does not
    depend on which worker ran it or what it ran before.
    """
    return search_one(task, _job_generator(job), job.config, mode=job.mode,
                      reward_tests=job.reward_tests, generator_name=job.generator_name,
                      sandbox=_job_sandbox(job))


def synthesize_on(executor: Any, job: SearchJob, tasks: list[Any], *, out: str | Path,
                  progress: bool = True) -> dict[str, Any]:
    """Like :func:`synthesize`, one task per executor unit (records appended as they finish).

    Args:
        executor: A :class:`agents.executors.Executor` (local pool or Ray).
        job: What each worker builds (see :class:`SearchJob`).
        tasks: The tasks; those already in ``out`` are skipped (resume).
        out: The output JSONL (same format as :func:`synthesize`; line order is completion
            order).
        progress: Show a progress bar.
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    done = done_task_ids(out)
    todo = [t for t in tasks if t.task_id not in done]
    start = time.perf_counter()
    solved = _drive(executor.map(functools.partial(search_task, job), todo), out, len(todo),
                    progress)
    return {"tasks": len(tasks), "skipped": len(tasks) - len(todo), "ran": len(todo),
            "solved": solved, "wall_s": time.perf_counter() - start}
