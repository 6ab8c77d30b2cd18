"""``o1coder mcts``: synthesize search trees over a task set; ``o1coder mcts export``: build data.

Synthesis (resumable: tasks already in ``--out`` are skipped; each task's record is appended
and flushed as one line, so an interruption never leaves half a record)::

    o1coder mcts --source builtin --split train --generator candidates --out trees.jsonl
    o1coder mcts --source builtin --limit 3 --generator hf --model smollm2-135m --out t.jsonl
    o1coder mcts --source builtin --split train --executor ray --workers 2 --out trees.jsonl

Export (see :mod:`agents.synthesis` for the record formats)::

    o1coder mcts export --trees trees.jsonl --kind sft --out sft.jsonl
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["POOLS", "SearchJob", "add_parser", "candidate_pool", "candidates_name",
           "done_task_ids", "search_one",
           "search_task", "synthesize", "synthesize_on"]


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add ``mcts`` (and its ``export`` subcommand) to the CLI."""
    parser = subparsers.add_parser(
        "mcts",
        help="synthesize MCTS reasoning trees over a task set (and export training data)",
        description="Run MCTS over reasoning steps on each task and append one JSON record per "
        "task (every node: id, parent, step, kind, N, V/N, terminal reward, public-test "
        "results) to --out. Resumable: tasks already in --out are skipped. "
        "`o1coder mcts export` turns trees into SFT/PRM/DPO data.",
    )
    parser.add_argument("--source", default="builtin", help="task source (default: builtin)")
    parser.add_argument("--path", default=None, help="data file for file-based sources")
    parser.add_argument("--split", default=None, help="split to use (train, test...)")
    parser.add_argument("--limit", type=int, default=None, help="at most this many tasks")
    parser.add_argument("--tasks", nargs="*", default=None, help="only these task ids")
    parser.add_argument("--generator", default="candidates",
                        choices=("candidates", "hf", "openai"), help="step generator backend")
    parser.add_argument("--model", default=None,
                        help="model for hf/openai (default: smollm2-135m for hf)")
    parser.add_argument("--pool", default="split", choices=POOLS,
                        help="candidates: whose steps and programs are offered as wrong ones: "
                        "'split' (default: the source's tasks in --split, so train trees never "
                        "show test tasks' reference steps), 'selected' (only the tasks "
                        "searched; keeps a validation subset of a split unseen too) or "
                        "'source' (every task of the source, the behaviour before 2026-11-26)")
    parser.add_argument("--recovery", type=float, default=1.0,
                        help="candidates: probability that the right next step is offered once "
                        "the trace has left the reference path (1.0 = always; lower values make "
                        "a wrong outline lead to wrong code, so pseudocode steps' values carry "
                        "information for PRM training, e.g. 0.2)")
    parser.add_argument("--base-url", default=None, help="server URL for --generator openai")
    parser.add_argument("--mode", default="pseudocode", choices=("pseudocode", "direct"),
                        help="pseudocode protocol or one direct code step")
    parser.add_argument("--rollouts", type=int, default=15, help="rollouts per task (15)")
    parser.add_argument("--max-depth", type=int, default=5, help="most steps per trace (5)")
    parser.add_argument("--k", type=int, default=3, help="children per expansion (3)")
    parser.add_argument("--c", type=float, default=2.0, help="exploration constant (2.0)")
    parser.add_argument("--temperature", type=float, default=0.8, help="sampling temperature")
    parser.add_argument("--top-p", type=float, default=0.95, help="nucleus sampling mass")
    parser.add_argument("--top-k", type=int, default=40, help="top-k sampling (0 = off)")
    parser.add_argument("--max-new-tokens", type=int, default=256, help="longest step")
    parser.add_argument("--selection", default="uct", choices=("uct", "puct"),
                        help="uct (the paper's) or puct (priors from log-probabilities)")
    parser.add_argument("--reward-tests", default="public", choices=("public", "tcg"),
                        help="tests that score terminal nodes (never hidden ones)")
    parser.add_argument("--seed", type=int, default=0, help="search seed")
    parser.add_argument("--backend", default="auto",
                        help="sandbox backend: auto (default), process, bwrap, docker")
    parser.add_argument("--out", required=False, default="trees.jsonl",
                        help="output JSONL (appended; resumable)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.add_argument("--executor", default="local", choices=("local", "ray"),
                        help="where the per-task searches run: local (this machine; default) "
                        "or ray (Ray tasks; needs o1coder[ray])")
    parser.add_argument("--workers", type=int, default=1,
                        help="parallel searches (local: processes; ray: tasks in flight and "
                        "CPUs of a locally started instance); 1 = in this process")
    parser.add_argument("--address", default=None,
                        help="Ray cluster to join for --executor ray (auto, ray://host:10001); "
                        "default: start a local Ray instance")
    parser.set_defaults(func=_run)

    sub = parser.add_subparsers(dest="mcts_command", metavar="SUBCOMMAND")
    export = sub.add_parser(
        "export", help="build SFT/PRM/DPO data from trees",
        description="Build training data from trees.jsonl: sft (fully correct paths, D+, "
        "TRL conversational prompt-completion), prm (point-wise: prefix, step, value V/N), "
        "prm-stepwise (TRL stepwise supervision), prm-pairs (sibling steps, higher vs lower "
        "value), dpo (TRL conversational preference pairs).",
    )
    export.add_argument("--trees", required=True, help="trees.jsonl from `o1coder mcts`")
    export.add_argument("--kind", required=True,
                        choices=("sft", "prm", "prm-stepwise", "prm-pairs", "dpo"))
    export.add_argument("--out", required=True, help="output JSONL")
    export.add_argument("--margin", type=float, default=None,
                        help="least value gap of a sibling pair (prm-pairs 0.1, dpo 0.2)")
    export.add_argument("--min-reward", type=float, default=1.0,
                        help="sft: least terminal reward of a correct path (1.0)")
    export.add_argument("--format", default="prompt-completion",
                        choices=("prompt-completion", "messages"), help="sft record format")
    export.set_defaults(func=_export)


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
    from agents.mcts.agent import EnvSearch, tree_record
    from o1coder_env.protocol.prompts import task_problem_text

    env_id = DIRECT_ENV_ID if mode == "direct" else PSEUDOCODE_ENV_ID
    visible = public_task(task)
    kwargs: dict[str, Any] = {"report_hidden": False, "reward_tests": reward_tests,
                              "max_steps": max(config.max_depth, 1)}
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
        problem = task_problem_text(visible)
        t0 = time.perf_counter()
        env_search = EnvSearch(env.unwrapped, generator, problem=problem,
                               task_id=task.task_id, config=config, mode=mode, prm=prm,
                               prm_prior=prm_prior)
        result = env_search.run()
        record = tree_record(
            task.task_id, problem, result, mode=mode, generator=generator_name,
            reward_tests=reward_tests, wall_s=time.perf_counter() - t0,
            extra={"source": task.source, "split": task.split,
                   "code_cache_hits": env_search.cache_hits,
                   "tcg_tests": None if tcg_tests is None else len(tcg_tests)},
        )
    finally:
        env.close()
    return record, bool(result.solved)


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
            :class:`agents.generators.candidates.CandidateGenerator`).
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


def _run(args: argparse.Namespace) -> int:
    if getattr(args, "mcts_command", None):
        return 0  # handled by the subcommand's own func
    from agents.generators import make_generator
    from agents.mcts.search import MCTSConfig
    from o1coder_env.tasks import load_tasks

    config = MCTSConfig(
        rollouts=args.rollouts, max_depth=args.max_depth, k=args.k, c=args.c,
        temperature=args.temperature, top_p=args.top_p, top_k=args.top_k,
        max_new_tokens=args.max_new_tokens, selection=args.selection, seed=args.seed,
    )
    if args.generator == "openai" and (not args.base_url or not args.model):
        print("--generator openai needs --base-url and --model", file=sys.stderr)
        return 2
    if args.workers < 1:
        print(f"--workers must be >= 1, got {args.workers}", file=sys.stderr)
        return 2
    if args.address is not None and args.executor != "ray":
        print("--address is only for --executor ray", file=sys.stderr)
        return 2
    if not 0.0 <= args.recovery <= 1.0:
        print(f"--recovery must lie in [0, 1], got {args.recovery}", file=sys.stderr)
        return 2
    if args.recovery != 1.0 and args.generator != "candidates":
        print("--recovery is only for --generator candidates", file=sys.stderr)
        return 2
    tasks = load_tasks(args.source, split=args.split, path=args.path, limit=args.limit,
                       task_ids=args.tasks or None)
    if not tasks:
        print("no tasks selected", file=sys.stderr)
        return 2
    if args.executor == "ray" or args.workers > 1:
        from agents.executors import make_executor

        job = SearchJob(config=config, generator=args.generator, model=args.model,
                        base_url=args.base_url, source=args.source, path=args.path,
                        mode=args.mode, reward_tests=args.reward_tests, backend=args.backend,
                        recovery=args.recovery, split=args.split, pool=args.pool,
                        pool_ids=tuple(t.task_id for t in tasks))
        with make_executor(args.executor, workers=args.workers,
                           address=args.address) as executor:
            summary = synthesize_on(executor, job, tasks, out=args.out,
                                    progress=not args.no_progress)
    else:
        if args.generator == "candidates":
            pool = candidate_pool(args.pool, args.source, split=args.split, path=args.path,
                                  selected=tasks)
            generator = make_generator("candidates", tasks=pool, seed=args.seed,
                                       recovery=args.recovery)
            name = candidates_name(args.recovery)
        elif args.generator == "hf":
            model = args.model or "smollm2-135m"
            generator = make_generator("hf", model=model)
            name = f"hf:{model}"
        else:
            generator = make_generator("openai", base_url=args.base_url, model=args.model)
            name = f"openai:{args.model}"
        sandbox = None
        if args.backend != "auto":
            from o1coder_env.sandbox import Sandbox

            sandbox = Sandbox(backend=args.backend)
        try:
            summary = synthesize(
                tasks, generator, config, out=args.out, mode=args.mode,
                reward_tests=args.reward_tests, generator_name=name,
                progress=not args.no_progress, sandbox=sandbox,
            )
        finally:
            if sandbox is not None:
                sandbox.close()
    print(f"mcts: {summary['ran']} task(s) searched, {summary['skipped']} already in "
          f"{args.out}, {summary['solved']} solved on {args.reward_tests} tests, "
          f"{summary['wall_s']:.1f}s", file=sys.stderr)
    return 0


def _export(args: argparse.Namespace) -> int:
    from agents.synthesis import build, read_tree_records, write_jsonl

    options: dict[str, Any] = {}
    if args.kind in ("prm-pairs", "dpo") and args.margin is not None:
        options["margin"] = args.margin
    if args.kind == "sft":
        options.update(min_reward=args.min_reward, format=args.format)
    records = build(args.kind, read_tree_records(args.trees), **options)
    n = write_jsonl(records, args.out)
    print(f"export: {n} {args.kind} record(s) -> {args.out}", file=sys.stderr)
    return 0
