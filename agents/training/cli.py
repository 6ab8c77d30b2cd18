"""``o1coder train sft|dpo|grpo|ppo``: the policy trainers on the command line.

Every flag is a field of the method's run config (``--max-steps`` or ``--max_steps`` is
``max_steps``, ``--out`` is ``out_dir``), with the field's help text and default; booleans take
``--lora`` / ``--no-lora``. ``sft``, ``dpo`` and ``grpo`` also take every other field of TRL's
``SFTConfig`` / ``DPOConfig`` / ``GRPOConfig`` as ``--field value`` (parsed by transformers'
``HfArgumentParser``, so types, choices and booleans are TRL's own; ``--trl-help`` lists them);
they land in the run config's ``trl_args``. Example::

    o1coder train grpo --max-steps 20 --loss_type dr_grpo --scale_rewards batch --num_iterations 2

The command prints the checkpoint folder and the final loss.
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import json
import typing
from collections.abc import Sequence
from dataclasses import MISSING, fields
from typing import Any

from agents.training.configs import (
    DPORunConfig,
    GRPORunConfig,
    PPORunConfig,
    SFTRunConfig,
    TrainRunConfig,
)

__all__ = ["METHODS", "TRL_CONFIGS", "add_parser", "config_from_args", "trl_flags_parser"]

#: Subcommand -> (run-config class, one-line description).
METHODS: dict[str, tuple[type[TrainRunConfig], str]] = {
    "sft": (SFTRunConfig, "supervised fine-tuning on correct MCTS paths (TRL SFTTrainer)"),
    "dpo": (DPORunConfig, "iterated DPO on step-level preference pairs (TRL DPOTrainer)"),
    "grpo": (GRPORunConfig, "GRPO with sandbox (+ PRM) rewards (TRL GRPOTrainer)"),
    "ppo": (PPORunConfig, "token-level PPO with a value head on sandbox (+ PRM) rewards"),
}

#: Subcommand -> the TRL config class (in ``trl``) whose other fields pass through.
TRL_CONFIGS: dict[str, str] = {"sft": "SFTConfig", "dpo": "DPOConfig", "grpo": "GRPOConfig"}

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
        if f.name.startswith("_") or f.name == "trl_args":  # trl_args: the TRL flags fill it
            continue
        flags = [_FLAG_NAMES.get(f.name, "--" + f.name.replace("_", "-"))]
        if f.name not in _FLAG_NAMES and "_" in f.name:
            flags.append("--" + f.name)  # TRL's spelling of a field we share, e.g. --loss_type
        default = f.default if f.default is not MISSING else None
        help_text = f"{f.metadata.get('help', '')} (default: {default})"
        scalar, many = _base_type(hints[f.name])
        if scalar is bool:
            parser.add_argument(*flags, dest=f.name, action=argparse.BooleanOptionalAction,
                                default=default, help=help_text)
        elif many:
            parser.add_argument(*flags, dest=f.name, nargs="+", type=scalar, default=default,
                                help=help_text)
        else:
            parser.add_argument(*flags, dest=f.name, type=scalar, default=default,
                                help=help_text)


def trl_flags_parser(method: str) -> argparse.ArgumentParser:
    """A parser of the TRL config fields of ``method`` that the run config does not have.

    Built by transformers' ``HfArgumentParser`` field by field (TRL's types, choices, help);
    flags not given stay out of the result, so TRL's defaults (or ours) apply.

    Raises:
        ValueError: For a method without a TRL config (ppo).
    """
    from agents.training.common import RENAMED_TRL_FIELDS
    from o1coder_env._optional import require

    if method not in TRL_CONFIGS:
        raise ValueError(f"o1coder train {method} has no TRL config to pass flags to")
    trl = require("trl", "train", "TRL training")
    transformers = require("transformers", "train", "TRL training")
    trl_cls = getattr(trl, TRL_CONFIGS[method])
    own = {f.name for f in fields(METHODS[method][0])}
    parser = argparse.ArgumentParser(
        prog=f"o1coder train {method}", add_help=False,
        description=f"Fields of trl.{trl_cls.__name__} passed through (the run config's own "
        "flags are listed by --help).")
    hints = typing.get_type_hints(trl_cls)
    for f in dataclasses.fields(trl_cls):
        if not f.init or f.name in own or f.name in RENAMED_TRL_FIELDS:
            continue
        f = copy.copy(f)  # HfArgumentParser rewrites field.type: leave TRL's class alone
        f.type = hints[f.name]
        transformers.HfArgumentParser._parse_dataclass_field(parser, f)
    for action in parser._actions:
        action.default = argparse.SUPPRESS
    return parser


def parse_trl_flags(method: str, flags: Sequence[str]) -> dict[str, typing.Any]:
    """``{field: value}`` of TRL pass-through flags (``[]`` gives ``{}`` without importing TRL).

    Raises:
        SystemExit: For a flag that is neither ours nor a field of the TRL config.
    """
    if not flags:
        return {}
    parser = trl_flags_parser(method)
    values, unknown = parser.parse_known_args(list(flags))
    if unknown:
        parser.error(f"unrecognized arguments: {' '.join(unknown)} (neither a flag of "
                     f"`o1coder train {method}` nor a field of trl.{TRL_CONFIGS[method]})")
    return vars(values)


def config_from_args(method: str, args: argparse.Namespace) -> TrainRunConfig:
    """The run config of ``method`` from parsed arguments (validated by the config).

    ``args.extra_args`` (flags the subcommand parser did not know) are TRL config fields; they
    become the run config's ``trl_args``.
    """
    cls = METHODS[method][0]
    values = {f.name: getattr(args, f.name) for f in fields(cls)
              if hasattr(args, f.name) and f.name != "trl_args"}
    extra = list(getattr(args, "extra_args", None) or [])
    if extra and method not in TRL_CONFIGS:
        raise ValueError(f"unrecognized arguments: {' '.join(extra)}")
    values["trl_args"] = parse_trl_flags(method, extra)
    return cls(**values)


def _run(args: argparse.Namespace) -> int:
    from agents import training

    if getattr(args, "trl_help", False):
        print(trl_flags_parser(args.method).format_help())
        return 0
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
        if name in TRL_CONFIGS:
            sub.add_argument("--trl-help", action="store_true",
                             help=f"list the trl.{TRL_CONFIGS[name]} fields this command also "
                             "takes as --field value, and exit")
        # pass_through: the CLI hands flags this parser does not know to _run (TRL fields).
        sub.set_defaults(func=_run, method=name, pass_through=name in TRL_CONFIGS)
