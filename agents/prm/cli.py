"""``o1coder prm train`` and ``o1coder prm eval``: train a PRM on MCTS trees, evaluate it.

::

    o1coder mcts --source builtin --split train --generator candidates --out train_trees.jsonl
    o1coder prm train --data train_trees.jsonl --kind encoder --objective pointwise --out prm_enc
    o1coder mcts --source builtin --split test --generator candidates --out test_trees.jsonl
    o1coder prm eval --model prm_enc --data test_trees.jsonl
    o1coder prm eval --model heuristic --data test_trees.jsonl
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from typing import Any

from o1coder_env.config_fields import config_help

__all__ = ["add_parser"]


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add ``prm`` with its ``train`` and ``eval`` subcommands."""
    from agents.prm.train import PRMTrainConfig

    parser = subparsers.add_parser(
        "prm", help="train and evaluate process reward models on MCTS trees",
        description="Process reward models: `prm train` fits an encoder or generative PRM to "
        "the node values of MCTS trees (trees.jsonl from `o1coder mcts`); `prm eval` reports "
        "step-level AUC, pair accuracy and the best-of-n reranking gain on held-out trees.",
    )
    parser.set_defaults(func=lambda args: (parser.print_help(), 2)[1])
    sub = parser.add_subparsers(dest="prm_command", metavar="SUBCOMMAND")

    train = sub.add_parser("train", help="train a PRM on trees.jsonl",
                           description="Train a PRM and write a checkpoint folder "
                           "(save_pretrained) with train_config.json and train_log.jsonl.")
    train.add_argument("--data", required=True, help="trees.jsonl from `o1coder mcts`")
    train.add_argument("--out", required=True, help="checkpoint folder to write")
    helps = config_help(PRMTrainConfig)
    train.add_argument("--kind", default="encoder", choices=("encoder", "generative"),
                       help=helps["kind"])
    train.add_argument("--objective", default="pointwise", choices=("pointwise", "pairwise"),
                       help=helps["objective"])
    train.add_argument("--model", default=None, help=helps["model"])
    train.add_argument("--epochs", type=float, default=3.0, help=helps["epochs"] + " (3)")
    train.add_argument("--max-steps", type=int, default=None, help=helps["max_steps"])
    train.add_argument("--lr", type=float, default=None, help=helps["lr"])
    train.add_argument("--head-lr", type=float, default=1e-3, help=helps["head_lr"])
    train.add_argument("--batch-size", type=int, default=None, help=helps["batch_size"])
    train.add_argument("--max-length", type=int, default=None, help=helps["max_length"])
    train.add_argument("--margin", type=float, default=0.1, help=helps["margin"])
    train.add_argument("--pooling", default="step", choices=("step", "all"),
                       help=helps["pooling"] + " (step)")
    train.add_argument("--encoding", default="cross", choices=("cross", "bi"),
                       help=helps["encoding"] + " (cross)")
    train.add_argument("--freeze-encoder", action="store_true", help=helps["freeze_encoder"])
    train.add_argument("--lora-r", type=int, default=8, help=helps["lora_r"])
    train.add_argument("--lora-alpha", type=int, default=32, help=helps["lora_alpha"])
    train.add_argument("--seed", type=int, default=0, help=helps["seed"])
    train.add_argument("--device", default="cpu", help=helps["device"])
    train.add_argument("--eval-data", default=None,
                       help="held-out trees.jsonl to evaluate on after training")
    train.add_argument("--no-progress", action="store_true", help="no progress bar")
    train.set_defaults(func=_train)

    ev = sub.add_parser("eval", help="evaluate a PRM on held-out trees",
                        description="Step-level AUC (all, code steps, pseudocode steps), pair "
                        "accuracy, and best-of-n pass rates when reranking by PRM vs by "
                        "log-probability. Prints a JSON object.")
    ev.add_argument("--model", required=True,
                    help="checkpoint folder from `prm train`, 'heuristic', or "
                    "'reference-oracle[:SOURCE]' (knows each task's reference steps: the "
                    "ceiling the trees' labels allow; SOURCE defaults to builtin)")
    ev.add_argument("--data", required=True, help="held-out trees.jsonl")
    ev.add_argument("--threshold", type=float, default=0.5,
                    help="a step is positive when its value V/N >= this (0.5)")
    ev.add_argument("--margin", type=float, default=0.1, help="least value gap of a pair (0.1)")
    ev.add_argument("--n", type=int, default=4, help="best-of-n: traces per draw (4)")
    ev.add_argument("--groups", type=int, default=20, help="best-of-n: draws per task (20)")
    ev.add_argument("--logprob-model", default=None,
                    help="causal LM scoring traces for the log-probability baseline (e.g. "
                    "smollm2-135m); default: the tree's stored log-probabilities")
    ev.add_argument("--bootstrap", type=int, default=1000,
                    help="task-bootstrap resamples for the 95%% intervals of AUC and pair "
                    "accuracy (1000; 0 = none)")
    ev.add_argument("--seed", type=int, default=0,
                    help="seed of the best-of-n draws and the bootstrap")
    ev.add_argument("--baseline", default="heuristic",
                    help="a second PRM (checkpoint folder or 'heuristic') scored on the same "
                    "steps: reports its AUCs and pair accuracy and the paired bootstrap "
                    "intervals of the differences (default: heuristic; 'none' to skip)")
    ev.add_argument("--out", default=None, help="also write the JSON report to this file")
    ev.set_defaults(func=_eval)


def _records(path: str) -> list[dict[str, Any]]:
    from agents.mcts.export import read_tree_records

    records = list(read_tree_records(path))
    if not records:
        raise SystemExit(f"o1coder prm: {path} holds no tree record")
    return records


def _train(args: argparse.Namespace) -> int:
    from agents.prm.evaluate import evaluate_prm
    from agents.prm.train import PRMTrainConfig, train_prm

    try:
        config = PRMTrainConfig(
            kind=args.kind, objective=args.objective, model=args.model, epochs=args.epochs,
            max_steps=args.max_steps, lr=args.lr, head_lr=args.head_lr,
            batch_size=args.batch_size, max_length=args.max_length, margin=args.margin,
            pooling=args.pooling, encoding=args.encoding, freeze_encoder=args.freeze_encoder,
            lora_r=args.lora_r, lora_alpha=args.lora_alpha, seed=args.seed, device=args.device,
        )
        records = _records(args.data)
        _, result = train_prm(config, records, out=args.out, progress=not args.no_progress)
    except (ValueError, FileNotFoundError) as exc:
        print(f"o1coder prm train: {exc}", file=sys.stderr)
        return 2
    last = result.history[-1]["loss"] if result.history else math.nan
    print(f"trained {config.kind}/{config.objective}: {result.steps} steps on "
          f"{result.examples} examples in {result.wall_s:.1f}s, last loss {last:.4f}; "
          f"saved to {args.out}")
    if args.eval_data:
        from agents.prm import load_prm

        report = evaluate_prm(load_prm(args.out), _records(args.eval_data),
                              baseline=load_prm("heuristic"))
        print(json.dumps(report, indent=2))
    return 0


def _eval(args: argparse.Namespace) -> int:
    from agents.prm import load_prm
    from agents.prm.evaluate import LMLogprobScorer, evaluate_prm

    try:
        prm = load_prm(args.model)
        baseline = None if args.baseline in ("none", args.model) else load_prm(args.baseline)
        records = _records(args.data)
        logprob = LMLogprobScorer(args.logprob_model) if args.logprob_model else None
        report = evaluate_prm(prm, records, threshold=args.threshold, margin=args.margin,
                              n=args.n, groups=args.groups, seed=args.seed, logprob=logprob,
                              bootstrap=args.bootstrap, baseline=baseline)
    except (ValueError, FileNotFoundError) as exc:
        print(f"o1coder prm eval: {exc}", file=sys.stderr)
        return 2
    named = {"model": str(args.model), "data": args.data}
    if baseline is not None:
        named["baseline"] = str(args.baseline)
    text = json.dumps({**named, **report}, indent=2)
    print(text)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
    return 0
