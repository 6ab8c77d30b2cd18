"""Search against sampling at equal token budgets: greedy, best-of-n, MCTS (with/without a PRM).

    python -m benchmarks.perf.search_vs_sampling_bench --budgets 256 512 1024 \
        --path "levels=1-3;count=4" --out runs/search_vs_sampling
    python -m benchmarks.perf.search_vs_sampling_bench --smoke --out /tmp/svs   # CI, tiny model

The claim of LATS, PG-TD and O1-Coder: at the same generation cost, a search guided by tests
(and a PRM) solves more held-out tasks than sampling. Every method plays each held-out
procedural task (``--split test``) once per seed through the bench's episode driver
(:func:`agents.base.run_episode`: the agent's simulator runs public tests only, the verdict is
the hidden tests), with a generator that stops answering once the episode has spent ``B``
completion tokens (:class:`TokenCap`). Methods at each budget ``B``:

- ``greedy``: one greedy trace (its cost does not depend on ``B``; the anchor);
- ``best-of-n``: up to ``--max-n`` sampled traces, the one passing most public tests replayed;
- ``mcts``: up to ``--max-rollouts`` rollouts (UCT, the paper's), best public-test trace
  replayed;
- ``mcts+prm``: the same with ``--prm``'s scores as PUCT priors and leaf values mixed with the
  rollout outcomes (``leaf_evaluation="mixed"``).

It prints pass@1 (hidden tests) with its Wilson interval and the mean completion tokens spent,
per method and budget, the ratio of each method's pass@1 to greedy's, and writes
``OUT/search_vs_sampling.json`` and ``OUT/search_vs_sampling.png`` (pass rate against tokens).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["METHODS", "TokenCap", "main"]

#: The methods compared, in plot order.
METHODS = ("greedy", "best-of-n", "mcts", "mcts+prm")


class TokenCap:
    """A step generator that answers only while fewer than ``limit`` completion tokens are spent.

    Every (prompt, sample) is asked for alone, so a budget is never overshot by more than one
    sample, whatever the batch a method asks for; past the limit the answers are empty (an
    agent sees a dead end). Batched decoding is lost, which costs wall time, not tokens.

    Args:
        inner: The generator (``generate(prompts, n=, sampling=)``).
        limit: The completion-token budget of one episode.
    """

    def __init__(self, inner: Any, limit: int) -> None:
        if limit < 1:
            raise ValueError(f"token budget must be >= 1, got {limit}")
        self.inner, self.limit, self.spent = inner, limit, 0

    def generate(self, prompts: Sequence[Any], n: int = 1, sampling: Any = None) -> list[list[Any]]:
        """``n`` samples per prompt while the budget lasts (empty ones after)."""
        from dataclasses import replace

        from agents.generators import Generation

        out: list[list[Any]] = []
        for prompt in prompts:
            row: list[Any] = []
            for index in range(n):
                if self.spent >= self.limit:
                    row.append(Generation(text="", prompt_tokens=0, completion_tokens=0,
                                          logprob=None, finish_reason="length"))
                    continue
                # One call per sample: each needs its own seed, or a seeded sampler returns the
                # same text n times (a search's k children would all merge into one).
                own = sampling if sampling is None or sampling.seed is None else \
                    replace(sampling, seed=sampling.seed + index)
                [[gen]] = (self.inner.generate([prompt], n=1, sampling=own)
                           if own is not None else self.inner.generate([prompt], n=1))
                self.spent += int(getattr(gen, "completion_tokens", 0) or 0)
                row.append(gen)
            out.append(row)
        return out

    @property
    def budget(self) -> Any:
        """The inner generator's own spend report."""
        return getattr(self.inner, "budget", None)


def _agent(method: str, args: argparse.Namespace) -> Any:
    from agents.baselines import BestOfNAgent, GreedyAgent
    from agents.mcts.agent import MCTSAgent

    if method == "greedy":
        return GreedyAgent(mode=args.mode, max_new_tokens=args.max_new_tokens)
    if method == "best-of-n":
        return BestOfNAgent(n=args.max_n, mode=args.mode, max_new_tokens=args.max_new_tokens)
    common = {"mode": args.mode, "rollouts": args.max_rollouts, "max_depth": args.max_depth,
              "k": args.k, "max_new_tokens": args.max_new_tokens}
    if method == "mcts":
        return MCTSAgent(**common)
    return MCTSAgent(**common, selection="puct", leaf_evaluation="mixed", prm_prior=True)


#: One episode's outcome: (success, completion tokens spent, seconds).
Outcome = tuple[bool, int, float]


def _play(args: argparse.Namespace, task_ids: Sequence[str]) -> dict[str, Any]:
    """Play every method at every budget on ``task_ids`` (every seed); outcomes per row.

    Builds its own env, generator and PRM, so that it can run in a process of its own.

    Returns:
        ``{"<budget>/<method>": [outcome per (task, seed), in task then seed order]}``.
    """
    import gymnasium as gym

    import o1coder_env  # noqa: F401  (registers the envs)
    from agents.base import DIRECT_ENV_ID, PSEUDOCODE_ENV_ID, run_episode
    from agents.generators import make_generator
    from agents.prm import load_prm
    from o1coder_env.envs import step_limits
    from o1coder_env.tasks import load_tasks

    tasks = load_tasks("procedural", split=args.split, path=args.path, task_ids=list(task_ids))
    env_id = DIRECT_ENV_ID if args.mode == "direct" else PSEUDOCODE_ENV_ID
    max_steps = 1 if args.mode == "direct" else args.max_depth
    limits: dict[str, Any] = dict(step_limits(max_steps))
    env = gym.make(env_id, tasks=tasks, evaluation=True, sandbox=args.backend, **limits)
    generator = make_generator("hf", model=args.model)
    prm = load_prm(args.prm)
    played: dict[str, list[Outcome]] = {}
    try:
        for budget in args.budgets:
            for method in METHODS:
                if method == "greedy" and budget != args.budgets[0]:
                    continue  # greedy's cost and answer do not depend on the budget
                agent = _agent(method, args)
                outcomes: list[Outcome] = []
                for task in tasks:
                    for seed in args.seeds:
                        started = time.perf_counter()
                        capped = TokenCap(generator, budget if method != "greedy"
                                          else 10 ** 9)
                        record = run_episode(agent, env, task.task_id, seed, generator=capped,
                                             prm=prm if method == "mcts+prm" else None)
                        if record.error:
                            print(f"search_vs_sampling: {method} on {task.task_id}: "
                                  f"{record.error}", file=sys.stderr)
                        outcomes.append((bool(record.success), capped.spent,
                                         time.perf_counter() - started))
                played[f"{budget}/{method}"] = outcomes
    finally:
        env.close()
    return played


def _split(items: Sequence[str], parts: int) -> list[list[str]]:
    """``items`` dealt round-robin into at most ``parts`` non-empty lists (levels mix evenly)."""
    return [list(items[i::parts]) for i in range(min(parts, len(items)))]


def _rows(args: argparse.Namespace, ids: Sequence[str], chunks: Sequence[Sequence[str]],
          parts: Sequence[dict[str, list[Outcome]]]) -> list[dict[str, Any]]:
    """One row per (budget, method) from the processes' outcomes, episodes back in task order."""
    from o1coder_env.stats import wilson_interval

    rows: list[dict[str, Any]] = []
    per = len(args.seeds)
    for budget in args.budgets:
        for method in METHODS:
            key = f"{args.budgets[0] if method == 'greedy' else budget}/{method}"
            by_task: dict[str, list[Outcome]] = {}
            for chunk, part in zip(chunks, parts, strict=True):
                for i, task_id in enumerate(chunk):
                    by_task[task_id] = part[key][i * per:(i + 1) * per]
            outcomes = [o for task_id in ids for o in by_task[task_id]]
            ci = wilson_interval(sum(o[0] for o in outcomes), len(outcomes))
            rows.append({"method": method, "budget": budget, "episodes": len(outcomes),
                         "pass_at_1": ci.value, "ci": [ci.low, ci.high],
                         "mean_tokens": sum(o[1] for o in outcomes) / len(outcomes),
                         "wall_s": round(sum(o[2] for o in outcomes), 2)})
            print(f"B={budget:>6} {method:<10} pass@1 {ci.value:.3f} [{ci.low:.3f}, "
                  f"{ci.high:.3f}]  tokens {rows[-1]['mean_tokens']:.0f}", flush=True)
    return rows


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Play every method at every budget; return the JSON-ready results.

    With ``args.workers`` > 1 the tasks are dealt to that many processes, each with its own
    model, env and sandbox (on a GPU machine: one model copy per process); the rows are the
    same as one process would give, episode for episode, as every episode is seeded by itself.
    """
    from o1coder_env.tasks import load_tasks

    tasks = load_tasks("procedural", split=args.split, path=args.path, limit=args.limit)
    if not tasks:
        raise SystemExit(f"search_vs_sampling: no procedural tasks for {args.path!r}")
    ids = [t.task_id for t in tasks]
    started = time.perf_counter()
    workers = max(1, int(getattr(args, "workers", 1) or 1))
    if workers == 1:
        chunks, parts = [ids], [_play(args, ids)]
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        chunks = _split(ids, workers)
        # spawn: a forked copy of a process that already holds a model (or CUDA) misbehaves.
        with ProcessPoolExecutor(len(chunks),
                                 mp_context=multiprocessing.get_context("spawn")) as pool:
            parts = list(pool.map(_play, [args] * len(chunks), chunks))
    rows = _rows(args, ids, chunks, parts)
    greedy = next(r["pass_at_1"] for r in rows if r["method"] == "greedy")
    for row in rows:
        row["ratio_vs_greedy"] = row["pass_at_1"] / greedy if greedy else None
    return {"model": args.model, "prm": args.prm, "path": args.path, "split": args.split,
            "mode": args.mode, "tasks": len(tasks), "seeds": list(args.seeds),
            "budgets": list(args.budgets), "rows": rows, "smoke": bool(args.smoke),
            "workers": workers, "wall_s": round(time.perf_counter() - started, 2),
            "command": " ".join(["python -m benchmarks.perf.search_vs_sampling_bench",
                                 *sys.argv[1:]])}


def plot(result: dict[str, Any], path: Path) -> Path:
    """Pass rate (with its interval) against the token budget, one line per method."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    for method in METHODS:
        rows = [r for r in result["rows"] if r["method"] == method]
        x = [r["budget"] for r in rows]
        y = [r["pass_at_1"] for r in rows]
        err = [[r["pass_at_1"] - r["ci"][0] for r in rows],
               [r["ci"][1] - r["pass_at_1"] for r in rows]]
        ax.errorbar(x, y, yerr=err, marker="o", capsize=3, label=method)
    ax.set_xscale("log", base=2)
    ax.set_xlabel("completion-token budget per task")
    ax.set_ylabel("held-out pass@1 (hidden tests)")
    ax.set_ylim(-0.05, 1.05)
    ax.set_title(f"search vs sampling ({result['tasks']} tasks, {result['model']})", fontsize=9)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def main(argv: Sequence[str] | None = None) -> int:
    """CLI entry point (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="smollm2-135m", help="hf generator model")
    parser.add_argument("--prm", default="heuristic",
                        help="PRM of mcts+prm: 'heuristic' or a trained PRM folder")
    parser.add_argument("--path", default="levels=1-3;count=4", help="procedural spec")
    parser.add_argument("--split", default="test", help="held-out split")
    parser.add_argument("--limit", type=int, default=None, help="at most this many tasks")
    parser.add_argument("--budgets", type=int, nargs="+", default=[256, 512, 1024, 2048],
                        help="completion-token budgets per task (>= 3 for the figure)")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0], help="episode seeds")
    parser.add_argument("--mode", choices=("pseudocode", "direct"), default="pseudocode")
    parser.add_argument("--max-new-tokens", type=int, default=160, help="longest step")
    parser.add_argument("--max-depth", type=int, default=4, help="most steps per trace")
    parser.add_argument("--k", type=int, default=3, help="MCTS children per expansion")
    parser.add_argument("--max-n", type=int, default=64, help="most best-of-n samples")
    parser.add_argument("--max-rollouts", type=int, default=64, help="most MCTS rollouts")
    parser.add_argument("--backend", default="process", help="sandbox backend")
    parser.add_argument("--workers", type=int, default=1,
                        help="processes the tasks are dealt to, each with its own model "
                             "(a GPU machine: one per few cores; results do not change)")
    parser.add_argument("--out", default="runs/search_vs_sampling", help="output folder")
    parser.add_argument("--smoke", action="store_true",
                        help="tiny random model, 2 level-1 tasks, budgets 8 16 32 (CI)")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.smoke:
        from agents.generators.tiny import build_tiny_model

        args.model = str(build_tiny_model(out / "tiny-model"))
        args.path, args.limit, args.budgets = "levels=1;count=1", 2, [8, 16, 32]
        args.max_new_tokens, args.max_depth, args.max_n, args.max_rollouts = 8, 2, 4, 4
    if len(args.budgets) < 3 and not args.smoke:
        print("search_vs_sampling: note: fewer than 3 budgets make no curve", file=sys.stderr)
    if any(b < 1 for b in args.budgets):
        parser.error(f"--budgets must be >= 1, got {args.budgets}")
    if args.workers < 1:
        parser.error(f"--workers must be >= 1, got {args.workers}")
    result = run(args)
    (out / "search_vs_sampling.json").write_text(json.dumps(result, indent=2) + "\n",
                                                 encoding="utf-8")
    plot(result, out / "search_vs_sampling.png")
    print(f"search_vs_sampling: wrote {out / 'search_vs_sampling.json'} and "
          f"{out / 'search_vs_sampling.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
