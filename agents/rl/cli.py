"""``o1coder rl``: ``train-ppo`` (PPO on the Choice env) and ``eval-ppo`` (against random).

Examples::

    o1coder rl train-ppo --out-dir runs/ppo-choice --total-timesteps 8192
    o1coder rl eval-ppo --model runs/ppo-choice --split test --seeds 0 1 2

``train-ppo`` has one flag per field of :class:`agents.rl.sb3_ppo.PPOChoiceConfig` (the field's
help text is the flag's help). ``eval-ppo`` plays every task of the split once per seed with the
PPO agent and the random agent and prints both with 95 % confidence intervals.
"""

from __future__ import annotations

import argparse
import json
import sys
import types
import typing
from dataclasses import MISSING, fields
from pathlib import Path
from typing import Any

__all__ = ["add_parser", "config_from_args"]


def _config_class() -> Any:
    from agents.rl.sb3_ppo import PPOChoiceConfig

    return PPOChoiceConfig


def _add_config_flags(parser: argparse.ArgumentParser) -> None:
    cls = _config_class()
    hints = typing.get_type_hints(cls)
    for f in fields(cls):
        flag = "--" + f.name.replace("_", "-")
        hint = hints[f.name]
        default = f.default if f.default is not MISSING else None
        text = f"{f.metadata.get('help', '')} (default: {default})"
        if hint is bool:
            parser.add_argument(flag, dest=f.name, action=argparse.BooleanOptionalAction,
                                default=default, help=text)
            continue
        base = hint
        if typing.get_origin(hint) in (typing.Union, types.UnionType):  # X | None -> X
            base = next(a for a in typing.get_args(hint) if a is not type(None))
        if typing.get_origin(base) is tuple or base is tuple:
            item = typing.get_args(base)[0] if typing.get_args(base) else str
            parser.add_argument(flag, dest=f.name, nargs="+", type=item, default=default,
                                help=text)
        elif base in (int, float, str):
            parser.add_argument(flag, dest=f.name, type=base, default=default, help=text)
        else:  # pragma: no cover - a new field type needs a flag rule
            raise TypeError(f"no CLI rule for PPOChoiceConfig.{f.name}: {hint}")


def config_from_args(args: argparse.Namespace) -> Any:
    """The :class:`PPOChoiceConfig` the parsed ``train-ppo`` flags describe."""
    cls = _config_class()
    return cls(**{f.name: getattr(args, f.name) for f in fields(cls)})


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add ``rl`` with its ``train-ppo`` and ``eval-ppo`` subcommands."""
    parser = subparsers.add_parser(
        "rl", help="reinforcement learning with Stable-Baselines3 (PPO on the Choice env)",
        description="Train PPO on O1Coder-Choice-v1 (train-ppo) and evaluate it against the "
        "random agent on held-out tasks (eval-ppo).",
    )
    parser.set_defaults(func=lambda _args: (parser.print_help(), 2)[1])
    sub = parser.add_subparsers(dest="rl_command", metavar="SUBCOMMAND")

    train = sub.add_parser(
        "train-ppo", help="train PPO on O1Coder-Choice-v1",
        description="Train SB3 PPO on O1Coder-Choice-v1 (train split by default). Writes "
        "OUT_DIR/model.zip, ppo_config.json, monitor/*.csv, tb/ (TensorBoard), "
        "learning_curve.png and metrics.json.",
    )
    _add_config_flags(train)
    train.set_defaults(func=_train)

    evaluate = sub.add_parser(
        "eval-ppo", help="evaluate a PPO model and the random agent on held-out tasks",
        description="Play every task of --split once per seed with the PPO agent and with the "
        "random agent; print mean reward and hidden-test success rate with 95%% intervals.",
    )
    evaluate.add_argument("--model", default=None,
                          help="model.zip or run folder (default: $O1CODER_PPO_MODEL, else "
                          "runs/ppo-choice/model.zip)")
    evaluate.add_argument("--source", default="builtin", help="task source (builtin)")
    evaluate.add_argument("--path", default=None, help="data file for file-based sources")
    evaluate.add_argument("--split", default="test", help="held-out split (test)")
    evaluate.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2],
                          help="episode seeds (0 1 2)")
    evaluate.add_argument("--stochastic", action="store_true",
                          help="sample the PPO policy's actions instead of taking the argmax")
    evaluate.add_argument("--json", dest="json_out", default=None,
                          help="also write the results to this JSON file")
    evaluate.set_defaults(func=_eval)


def _train(args: argparse.Namespace) -> int:
    from agents.rl.sb3_ppo import train_ppo_choice

    try:
        config = config_from_args(args)
    except ValueError as exc:
        print(f"rl train-ppo: {exc}", file=sys.stderr)
        return 2
    out = train_ppo_choice(config)
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    print(f"rl train-ppo: {metrics['timesteps']} timesteps, {metrics['episodes']} episodes, "
          f"{metrics['wall_s']:.0f}s; moving mean reward {metrics['first_mean_reward']} -> "
          f"{metrics['final_mean_reward']}; model {out / 'model.zip'}", file=sys.stderr)
    return 0


def _eval(args: argparse.Namespace) -> int:
    from agents.baselines import RandomAgent
    from agents.rl.sb3_ppo import (
        CONFIG_FILE,
        PPOChoiceAgent,
        evaluate_choice,
        make_choice_env,
        resolve_model_path,
    )

    try:
        model_path = resolve_model_path(args.model)
    except FileNotFoundError as exc:
        print(f"rl eval-ppo: {exc}", file=sys.stderr)
        return 2
    env_settings = _trained_env_settings(model_path.parent / CONFIG_FILE)
    env = make_choice_env(source=args.source, split=args.split, path=args.path, **env_settings)
    rows = {}
    for agent in (PPOChoiceAgent(model_path=model_path, deterministic=not args.stochastic),
                  RandomAgent()):
        result = evaluate_choice(agent, env, seeds=args.seeds)
        rows[result.agent] = result.to_dict()
        print(result.line())
    env.close()
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


def _trained_env_settings(config_path: Path) -> dict[str, Any]:
    """The env shape the model was trained with (k, feature_dim, max_steps), if recorded."""
    if not config_path.is_file():
        return {}
    saved = json.loads(config_path.read_text(encoding="utf-8"))
    from o1coder_env.envs import step_limits

    out = {key: saved[key] for key in ("k", "feature_dim") if key in saved}
    if "max_steps" in saved:
        out.update(step_limits(saved["max_steps"]))
    return out
