"""``o1coder train sft|dpo|grpo|ppo``: the policy trainers on the command line.

Every flag is a field of the method's run config (``--max-steps`` is ``max_steps``, ``--out`` is
``out_dir``), with the field's help text and default; booleans take ``--lora`` / ``--no-lora``.
The command prints the checkpoint folder and the final loss.
"""

from __future__ import annotations

import argparse
import json
import typing
from dataclasses import MISSING, fields
from typing import Any

from agents.training.configs import (
    DPORunConfig,
    GRPORunConfig,
    PPORunConfig,
    SFTRunConfig,
    TrainRunConfig,
)

__all__ = ["METHODS", "add_parser", "config_from_args"]

#: Subcommand -> (run-config class, one-line description).
METHODS: dict[str, tuple[type[TrainRunConfig], str]] = {
    "sft": (SFTRunConfig, "supervised fine-tuning on correct MCTS paths (TRL SFTTrainer)"),
    "dpo": (DPORunConfig, "iterated DPO on step-level preference pairs (TRL DPOTrainer)"),
    "grpo": (GRPORunConfig, "GRPO with sandbox (+ PRM) rewards (TRL GRPOTrainer)"),
    "ppo": (PPORunConfig, "token-level PPO with a value head on sandbox (+ PRM) rewards"),
}

_FLAG_NAMES = {"out_dir": "--out"}


def _base_type(hint: Any) -> tuple[Any, bool]:
    """(the scalar type, whether it is a tuple of that type) of a field's annotation."""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if typing.get_origin(hint) in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        return _base_type(args[0]) if len(args) == 1 else (str, False)
    if typing.get_origin(hint) is tuple:
        return args[0] if args else str, True
    return hint, False


def _add_config_flags(parser: argparse.ArgumentParser, cls: type) -> None:
    hints = typing.get_type_hints(cls)
    for f in fields(cls):
        if f.name.startswith("_"):
            continue
        flag = _FLAG_NAMES.get(f.name, "--" + f.name.replace("_", "-"))
        default = f.default if f.default is not MISSING else None
        help_text = f"{f.metadata.get('help', '')} (default: {default})"
        scalar, many = _base_type(hints[f.name])
        if scalar is bool:
            parser.add_argument(flag, dest=f.name, action=argparse.BooleanOptionalAction,
                                default=default, help=help_text)
        elif many:
            parser.add_argument(flag, dest=f.name, nargs="+", type=scalar, default=default,
                                help=help_text)
        else:
            parser.add_argument(flag, dest=f.name, type=scalar, default=default, help=help_text)


def config_from_args(method: str, args: argparse.Namespace) -> TrainRunConfig:
    """The run config of ``method`` from parsed arguments (validated by the config)."""
    cls = METHODS[method][0]
    values = {f.name: getattr(args, f.name) for f in fields(cls) if hasattr(args, f.name)}
    return cls(**values)


def _run(args: argparse.Namespace) -> int:
    from agents import training

    try:
        config = config_from_args(args.method, args)
    except ValueError as exc:
        raise SystemExit(f"o1coder train {args.method}: {exc}") from None
    runner = getattr(training, f"train_{args.method}")
    out = runner(config)
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    print(json.dumps({"checkpoint": str(out), "final_loss": metrics.get("final_loss"),
                      "steps": len(metrics.get("losses", [])),
                      "wall_s": metrics.get("wall_s")}))
    return 0


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add ``train`` and its ``sft``/``dpo``/``grpo``/``ppo`` subcommands to the CLI."""
    parser = subparsers.add_parser(
        "train",
        help="train the policy: SFT, iterated DPO, GRPO (TRL) or token-level PPO",
        description="Train a policy on MCTS data (sft, dpo) or on the env's sandbox rewards "
        "(grpo, ppo), save it with save_pretrained into --out with metrics.json. "
        "See docs/training.md.",
    )
    methods = parser.add_subparsers(dest="method", metavar="METHOD", required=True)
    for name, (cls, description) in METHODS.items():
        sub = methods.add_parser(name, help=description, description=(cls.__doc__ or "").strip())
        _add_config_flags(sub, cls)
        sub.set_defaults(func=_run, method=name)
