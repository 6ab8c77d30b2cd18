"""``o1coder bench``: run agents on tasks, print the leaderboard, write results/plots."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

__all__ = ["add_parser", "config_from_args"]

_EPILOG = """\
examples:
  o1coder bench                                  # offline defaults (builtin test split, SmolLM2,
                                                 #   plus the procedural-l1-3 suite)
  o1coder bench --agents random mcts-candidates --out runs/fast
  o1coder bench --agent mypkg.agents:MyAgent --llm-limit 5
  o1coder bench --source mbpp --path mbpp.jsonl --split validation --limit 20
  o1coder bench --preset table1 --model Qwen/Qwen2.5-1.5B-Instruct
  o1coder bench --generator openai --base-url http://127.0.0.1:8000/v1 --model qwen
  o1coder bench --config bench.toml               # any option below as a key
  o1coder bench --remote http://127.0.0.1:8000 --agents random --max-steps 8
                                                 # on an `o1coder serve` evaluation server
                                                 #   (docs/integrations.md, "Serve the env")
"""


def add_parser(subparsers: Any) -> None:
    """Add the ``bench`` subcommand."""
    from benchmarks.agents import BENCH_AGENTS, DEFAULT_AGENTS
    from benchmarks.runner import BUDGETS, DEFAULT_SUITES, SUITES

    agent_help = "; ".join(f"{k}: {v.description}" for k, v in BENCH_AGENTS.items())
    p = subparsers.add_parser(
        "bench", help="benchmark agents: leaderboard, results.json, plot",
        description="Run every agent on every task (and seed) the same way, then print the "
        "leaderboard and write OUT/results.json, OUT/leaderboard.md and OUT/plot.png. "
        "Interrupted runs resume: finished episodes in OUT/episodes.jsonl are skipped.",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--agents", nargs="+", default=None, metavar="NAME",
                   help=f"agents to run (default: {' '.join(DEFAULT_AGENTS)}). {agent_help}")
    p.add_argument("--agent", action="append", default=None, metavar="MODULE:CLASS",
                   dest="custom_agents", help="add your own agent (repeatable)")
    p.add_argument("--source", default=None, help="task source (default builtin)")
    p.add_argument("--path", default=None, help="local data file for the source")
    p.add_argument("--split", default=None, help="split (default test; 'all' for every split)")
    p.add_argument("--limit", type=int, default=None, help="at most N tasks")
    p.add_argument("--tasks", nargs="+", default=None, metavar="TASK_ID", help="these tasks only")
    p.add_argument("--llm-limit", type=int, default=None,
                   help="LLM agents run on the first N tasks only (0 = all; default: the same "
                   "tasks as --limit/--tasks when given, else 2)")
    p.add_argument("--seeds", nargs="+", type=int, default=None,
                   help="episode seeds (default 0); several seeds give pass@k")
    p.add_argument("--workers", type=int, default=None, help="parallel worker processes")
    p.add_argument("--executor", choices=("local", "ray"), default=None,
                   help="where episodes run (default local)")
    p.add_argument("--address", dest="executor_address", default=None,
                   help="Ray cluster address (auto, ray://host:10001) for --executor ray")
    p.add_argument("--out", default=None, help="output directory (default bench-out)")
    p.add_argument("--generator", choices=("hf", "openai"), default=None,
                   help="LLM backend of the LLM agents (default hf)")
    p.add_argument("--model", default=None,
                   help="model id, local path or alias (default smollm2-135m, offline)")
    p.add_argument("--base-url", default=None, help="OpenAI-compatible server URL")
    p.add_argument("--budget", choices=list(BUDGETS), default=None,
                   help="scales rollouts, samples and tokens of the LLM agents")
    p.add_argument("--max-steps", type=int, default=None,
                   help="env step limit (default 4: outline, 2 refinements, code)")
    p.add_argument("--aspr-k", type=int, default=None,
                   help="code-step samples per correct path for ASPR (default 4; 0 = off)")
    p.add_argument("--suites", nargs="+", default=None, metavar="SUITE",
                   help=f"task sets run after the main one, each with its own agents "
                   f"({'; '.join(f'{k}: {v.description}' for k, v in SUITES.items())}); "
                   f"'none' for none. Default: {' '.join(DEFAULT_SUITES)} for a bare "
                   "`o1coder bench` (no task, agent, preset or config option), else none")
    p.add_argument("--remote", nargs="+", default=None, metavar="URL",
                   help="play on `o1coder serve` evaluation servers (one per env id the agents "
                   "play: O1Coder-v0 for pseudocode agents, O1Coder-Direct-v0 for vanilla-*, "
                   "O1Coder-Choice-v0 for random) instead of local envs; the tasks are the "
                   "servers' (--tasks/--limit select among them), episodes are judged by the "
                   "hidden-test verdicts the server reports, and nothing hidden reaches this "
                   "process. ASPR is off (--aspr-k 0); mcts-candidates needs the served tasks "
                   "locally too (--source/--split) for its reference steps")
    p.add_argument("--config", default=None, help="JSON or TOML file with any of these options")
    p.add_argument("--preset", choices=("table1",), default=None,
                   help="table1: the paper's vanilla-vs-pseudocode MCTS comparison on MBPP "
                   "test at its budget (15 rollouts, depth 5, 3 children, T 0.8, top-p 0.95, "
                   "top-k 40); our budget is printed beside the paper's numbers")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(func=_run)


def _read_config_file(path: str) -> dict[str, Any]:
    file = Path(path)
    if not file.exists():
        raise FileNotFoundError(f"config file not found: {path}")
    text = file.read_text(encoding="utf-8")
    if file.suffix == ".toml":
        try:
            import tomllib
        except ModuleNotFoundError as exc:  # Python 3.10
            raise ValueError("TOML configs need Python 3.11+; use a .json config") from exc
        data = tomllib.loads(text)
        data = data.get("bench", data)
    else:
        data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: the config must be a table/object of options")
    return {k.replace("-", "_"): v for k, v in data.items()}


def config_from_args(args: argparse.Namespace) -> Any:
    """Merge defaults < preset < config file < command-line flags into a BenchConfig."""
    from dataclasses import fields

    from benchmarks.runner import DEFAULT_SUITES, BenchConfig

    known = {f.name for f in fields(BenchConfig)}
    values: dict[str, Any] = {}
    # The default job (`make bench`) adds the suites where the model agents have signal; any
    # choice of tasks or agents is the user's whole selection.
    selection = ("source", "path", "split", "limit", "tasks", "agents", "custom_agents",
                 "remote")
    if not (args.preset or args.config or any(getattr(args, n, None) is not None
                                              for n in selection)):
        values["suites"] = list(DEFAULT_SUITES)
    if args.preset == "table1":
        from benchmarks.table1 import TABLE1_AGENTS, TABLE1_MAX_STEPS

        # The paper's setting: MBPP test split, MCTS at its budget (the agents' settings), and
        # an env long enough for depth 5.
        values.update(agents=list(TABLE1_AGENTS), source="mbpp", split="test", llm_limit=0,
                      out="bench-table1", max_steps=TABLE1_MAX_STEPS)
    if args.config:
        file_values = _read_config_file(args.config)
        unknown = sorted(set(file_values) - known)
        if unknown:
            raise ValueError(f"{args.config}: unknown option(s) {unknown}; known: {sorted(known)}")
        values.update(file_values)
    for name in known:
        flag = getattr(args, name, None)
        if flag is not None:
            values[name] = flag
    if values.get("remote") and "aspr_k" not in values:
        values["aspr_k"] = 0  # ASPR judges samples on hidden tests, which stay on the server
    if values.get("split") == "all":
        values["split"] = None
    if values.get("suites") == ["none"]:
        values["suites"] = []
    return BenchConfig(**values)


def _run(args: argparse.Namespace) -> int:
    from benchmarks.report import format_leaderboard
    from benchmarks.runner import run_bench
    from o1coder_env.remote import RemoteEnvError

    try:
        config = config_from_args(args)
    except (ValueError, FileNotFoundError, TypeError) as exc:
        print(f"o1coder bench: {exc}", file=sys.stderr)
        return 2
    try:
        results = run_bench(config, progress=not args.no_progress)
    except (ValueError, KeyError, FileNotFoundError) as exc:
        print(f"o1coder bench: {exc}", file=sys.stderr)
        return 2
    except RemoteEnvError as exc:  # a server went away mid-run; finished episodes are kept
        print(f"o1coder bench: {exc} (rerun the same command to resume)", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(results["summary"], indent=1))
    else:
        print(format_leaderboard(results))
        if args.preset == "table1":
            from benchmarks.table1 import format_table1

            print(format_table1(results))
        # Say which task count each agent ran on: the LLM agents may run on a subset.
        counts = ", ".join(f"{label}: {m['tasks']}" for label, m in results["summary"].items())
        print(f"tasks per agent: {counts}")
        for name, suite in (results.get("suites") or {}).items():
            counts = ", ".join(f"{label}: {m['tasks']}" for label, m in suite["summary"].items())
            print(f"suite {name}, tasks per agent: {counts}")
        out = Path(config.out)
        print(f"wrote {out / 'results.json'}, {out / 'leaderboard.md'}, {out / 'plot.png'}")
    return 0
