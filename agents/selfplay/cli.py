"""``o1coder selfplay``: rounds of search -> PRM -> SFT -> DPO (-> TCG) -> held-out evaluation.

Examples::

    # CPU, SmolLM2-135M, a small budget (about 10-20 minutes per round on 2 cores):
    o1coder selfplay --rounds 2 --model smollm2-135m --out runs/selfplay
    # No model in the search (the offline candidate proposer); the policy is still trained:
    o1coder selfplay --rounds 2 --generator candidates --out runs/selfplay-cand
    # The closed loop with no given tests: round r's PRM (priors) and TCG guide round r+1:
    o1coder selfplay --rounds 3 --source procedural --path "levels=1-3;count=4" \
        --reward-tests tcg --tcg-steps 20 --prm-kind encoder --prm-use prior --out runs/sp

A rerun with the same ``--out`` resumes after the last finished round; ``--rounds`` may grow.
Every field of :class:`agents.selfplay.loop.SelfPlayConfig` is a flag (``--out`` sets
``out``); the field's help text is the flag's help.
"""

from __future__ import annotations

import argparse
import sys
import types
import typing
from dataclasses import MISSING
from typing import Any

__all__ = ["add_parser", "config_from_args"]


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add ``selfplay`` to the CLI."""
    from agents.selfplay.loop import SelfPlayConfig, config_fields

    parser = subparsers.add_parser(
        "selfplay", help="self-play rounds: MCTS trees -> PRM -> SFT -> DPO -> evaluation",
        description="Run self-play rounds: each synthesizes MCTS trees with the current policy, "
        "updates the PRM (--prm-kind), the policy (SFT on correct paths, then DPO on step "
        "pairs), optionally the TCG (--tcg-steps), and evaluates on the held-out split. The "
        "next round's search uses this round's policy, PRM (--prm-use) and, with "
        "--reward-tests tcg, only this round's TCG's tests. Writes OUT/round_NNN/ (trees, "
        "checkpoints, round.json), OUT/log.json, OUT/metrics.png and the summary JSON "
        "(--json, default OUT/selfplay.json); resumes after the last finished round.",
    )
    hints = typing.get_type_hints(SelfPlayConfig)
    for f in config_fields():
        flag = "--" + f.name.replace("_", "-")
        default = f.default if f.default is not MISSING else None
        text = f"{f.metadata.get('help', '')} (default: {default})"
        hint = hints[f.name]
        if typing.get_origin(hint) in (typing.Union, types.UnionType):
            hint = next(a for a in typing.get_args(hint) if a is not type(None))
        if hint is bool:
            parser.add_argument(flag, dest=f.name, action=argparse.BooleanOptionalAction,
                                default=default, help=text)
        elif typing.get_origin(hint) is tuple:
            parser.add_argument(flag, dest=f.name, nargs="+", type=typing.get_args(hint)[0],
                                default=default, help=text)
        else:
            parser.add_argument(flag, dest=f.name, type=hint, default=default, help=text)
    parser.set_defaults(func=_run)


def config_from_args(args: argparse.Namespace) -> Any:
    """The :class:`SelfPlayConfig` the parsed flags describe."""
    from agents.selfplay.loop import SelfPlayConfig, config_fields

    return SelfPlayConfig(**{f.name: getattr(args, f.name) for f in config_fields()})


def _run(args: argparse.Namespace) -> int:
    from agents.selfplay.loop import run_selfplay

    try:
        config = config_from_args(args)
        records = run_selfplay(config)
    except ValueError as exc:
        print(f"selfplay: {exc}", file=sys.stderr)
        return 2
    from agents.selfplay.loop import summary_path

    print(f"summary: {summary_path(config)}")
    for record in records:
        ev = record["eval"]
        print(f"round {record['round']}: held-out success {ev['success_rate']:.3f} "
              f"[{ev['success_rate_ci'][0]:.3f}, {ev['success_rate_ci'][1]:.3f}], mean reward "
              f"{ev['mean_reward']:.3f}, search solve rate "
              f"{record['stages']['synthesize']['solve_rate']:.3f}, policy {record['policy']}")
    return 0
