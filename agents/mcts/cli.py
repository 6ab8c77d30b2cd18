"""``o1coder mcts``: synthesize search trees over a task set; ``o1coder mcts export``: build data.

Synthesis (resumable: tasks already in ``--out`` are skipped; each task's record is appended
and flushed as one line, so an interruption never leaves half a record)::

    o1coder mcts --source builtin --split train --generator candidates --out trees.jsonl
    o1coder mcts --source builtin --limit 3 --generator hf --model smollm2-135m --out t.jsonl
    o1coder mcts --source builtin --split train --executor ray --workers 2 --out trees.jsonl
    o1coder mcts --remote http://127.0.0.1:8000 --source builtin --split train --out t.jsonl

Export (see :mod:`agents.mcts.export` for the record formats)::

The library doing the work is :mod:`agents.mcts.synthesize`.

    o1coder mcts export --trees trees.jsonl --kind sft --out sft.jsonl
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from agents.mcts.synthesize import (
    POOLS,
    SearchJob,
    candidate_pool,
    candidates_name,
    remote_task_ids,
    synthesize,
    synthesize_on,
    synthesize_remote,
)

__all__ = ["add_parser"]


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
    parser.add_argument("--plan-steps", type=int, default=0,
                        help="pseudocode: the first N steps are plans, cut before any code "
                        "fence, so the tree branches on plans before programs (0 = off, the "
                        "paper's rule; must be below --max-depth)")
    parser.add_argument("--prm", default=None,
                        help="a PRM (o1coder prm train folder, or heuristic) whose step scores "
                        "are the PUCT priors (implies --selection puct; local searches only)")
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
    parser.add_argument("--remote", default=None, metavar="URL",
                        help="search on an `o1coder serve` server (its env, programs and "
                        "snapshots stay there; the search runs here, one task at a time): "
                        "the tasks are the server's (--tasks/--limit select among them); "
                        "--source/--split/--path then only give the candidates generator its "
                        "pool (and the searched tasks' reference steps). The server must play "
                        "--max-depth steps and score on public tests; it runs no hidden test "
                        "for the search")
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


def _run(args: argparse.Namespace) -> int:
    if getattr(args, "mcts_command", None):
        return 0  # handled by the subcommand's own func
    from agents.mcts.search import MCTSConfig
    from o1coder_env.tasks import load_tasks

    try:
        config = MCTSConfig(
            rollouts=args.rollouts, max_depth=args.max_depth, k=args.k, c=args.c,
            temperature=args.temperature, top_p=args.top_p, top_k=args.top_k,
            max_new_tokens=args.max_new_tokens, selection=args.selection, seed=args.seed,
            plan_steps=args.plan_steps,
        )
    except ValueError as exc:
        print(f"mcts: {exc}", file=sys.stderr)
        return 2
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
    prm = None
    if args.prm is not None:
        if args.remote is not None or args.executor != "local" or args.workers != 1:
            print("--prm guides a search in this process: drop --remote, --executor and "
                  "--workers", file=sys.stderr)
            return 2
        from dataclasses import replace

        from agents.prm import load_prm

        try:
            prm = load_prm(args.prm)
        except (FileNotFoundError, ValueError) as exc:
            print(f"mcts: --prm {args.prm!r}: {exc}", file=sys.stderr)
            return 2
        config = replace(config, selection="puct")
    if args.remote is not None:
        return _run_remote(args, config)
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
        generator, name = _step_generator(args, tasks)
        sandbox = None
        if args.backend != "auto":
            from o1coder_env.sandbox import Sandbox

            sandbox = Sandbox(backend=args.backend)
        try:
            summary = synthesize(
                tasks, generator, config, out=args.out, mode=args.mode,
                reward_tests=args.reward_tests, generator_name=name,
                progress=not args.no_progress, sandbox=sandbox, prm=prm,
                prm_prior=prm is not None,
            )
        finally:
            if sandbox is not None:
                sandbox.close()
    print(f"mcts: {summary['ran']} task(s) searched, {summary['skipped']} already in "
          f"{args.out}, {summary['solved']} solved on {args.reward_tests} tests, "
          f"{summary['wall_s']:.1f}s", file=sys.stderr)
    return 0


def _run_remote(args: argparse.Namespace, config: Any) -> int:
    """``o1coder mcts --remote URL``: the searches of a local run, on the server's env."""
    from o1coder_env.remote import RemoteEnvError
    from o1coder_env.tasks import load_tasks

    if args.executor != "local" or args.workers != 1:
        print("--remote runs its searches in this process (each in its own server session); "
              "drop --executor/--workers", file=sys.stderr)
        return 2
    if args.backend != "auto":
        print("--backend picks this machine's sandbox; with --remote the programs run on the "
              "server (its --env-kwargs sandbox)", file=sys.stderr)
        return 2
    if args.reward_tests != "public":
        print("--reward-tests tcg makes tests from the tasks' references, which stay on the "
              "server; a --remote search scores on public tests", file=sys.stderr)
        return 2
    try:
        ids = remote_task_ids(args.remote, task_ids=args.tasks or None, limit=args.limit)
        if not ids:
            print(f"no tasks selected at {args.remote}", file=sys.stderr)
            return 2
        if args.generator == "candidates":
            # Oracle-fed: its steps are the tasks' reference steps and mutants, which a remote
            # env never sends, so the searched tasks must be here too (--source/--split).
            local = load_tasks(args.source, split=args.split, path=args.path)
            by_id = {t.task_id: t for t in local}
            missing = [i for i in ids if i not in by_id]
            if missing:
                print(f"--generator candidates is oracle-fed (reference steps and mutants), "
                      f"and a remote env never sends references: {len(missing)} served task(s) "
                      f"are not in --source {args.source} --split {args.split} (first: "
                      f"{missing[:3]}); name the source the server serves, or use "
                      "--generator hf/openai", file=sys.stderr)
                return 2
        searched = [by_id[i] for i in ids] if args.generator == "candidates" else []
        generator, name = _step_generator(args, searched)
        summary = synthesize_remote(args.remote, ids, generator, config, out=args.out,
                                    mode=args.mode, reward_tests=args.reward_tests,
                                    generator_name=name, progress=not args.no_progress)
    except ValueError as exc:
        print(f"o1coder mcts: {exc}", file=sys.stderr)
        return 2
    except RemoteEnvError as exc:
        print(f"o1coder mcts: {exc} (rerun the same command to resume)", file=sys.stderr)
        return 1
    print(f"mcts: {summary['ran']} task(s) searched on {args.remote}, {summary['skipped']} "
          f"already in {args.out}, {summary['solved']} solved on public tests, "
          f"{summary['wall_s']:.1f}s", file=sys.stderr)
    return 0


def _export(args: argparse.Namespace) -> int:
    from agents.mcts.export import build, read_tree_records
    from o1coder_env.jsonl_io import write_jsonl

    options: dict[str, Any] = {}
    if args.kind in ("prm-pairs", "dpo") and args.margin is not None:
        options["margin"] = args.margin
    if args.kind == "sft":
        options.update(min_reward=args.min_reward, format=args.format)
    records = build(args.kind, read_tree_records(args.trees), **options)
    n = write_jsonl(records, args.out)
    print(f"export: {n} {args.kind} record(s) -> {args.out}", file=sys.stderr)
    return 0


def _step_generator(args: argparse.Namespace, searched: list[Any]) -> tuple[Any, str]:
    """The step generator of ``--generator`` and its name in the tree records.

    Args:
        args: The parsed ``o1coder mcts`` arguments.
        searched: The tasks searched (the ``candidates`` pool is built around them).
    """
    from agents.generators import make_generator

    if args.generator == "candidates":
        pool = candidate_pool(args.pool, args.source, split=args.split, path=args.path,
                              selected=searched)
        return (make_generator("candidates", tasks=pool, seed=args.seed, recovery=args.recovery),
                candidates_name(args.recovery))
    if args.generator == "hf":
        model = args.model or "smollm2-135m"
        return make_generator("hf", model=model), f"hf:{model}"
    return (make_generator("openai", base_url=args.base_url, model=args.model),
            f"openai:{args.model}")
