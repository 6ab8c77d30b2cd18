"""PRM learning benchmark: train encoder PRMs on fit trees, compare them with the heuristic.

    python -m benchmarks.perf.learning_prm_bench --fit fit.jsonl --val val.jsonl \
        --test test.jsonl --grid pairwise --device cuda --out runs/prm_grid.json

Each config of the chosen grid trains on ``--fit`` and is evaluated on ``--val`` and ``--test``
(held-out tasks) against the heuristic PRM on the same steps: pooled AUC, per-task AUC
(``auc_task``) and pair accuracy, each with its task-bootstrap interval and the *paired*
interval of the difference with the heuristic. The headline is the config with the best
validation ``--select`` metric; the test figures of every config are written too, for
transparency, and must not be used to choose. The anchor is the heuristic PRM: the script
prints each config's test metric as a difference from it.

Before the grid it prints the label ceiling of the validation and test trees: the scores of the
reference oracle (``agents.prm.oracle``, which knows each task's reference steps). Choose the
search settings of the trees by the *validation* ceiling; a ceiling whose paired interval with
the heuristic includes 0 means no PRM can show a gain on those trees.

The trees come from ``o1coder mcts`` (see docs/prm.md for the settings that make labels worth
learning: ``--pool``, ``--recovery 0.2``, ``--reward-tests tcg``). One config trains in
10-30 s on one GPU; on a CPU the cross encoding takes minutes per epoch.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

__all__ = ["GRIDS", "main"]

_PAIR = {"objective": "pairwise", "lr": 5e-5, "epochs": 3}

#: Named grids of encoder PRM configs (``PRMTrainConfig`` fields).
GRIDS: dict[str, list[tuple[str, dict[str, Any]]]] = {
    "pointwise": [
        ("cross-pw-5e-5-e3", {"encoding": "cross", "objective": "pointwise", "lr": 5e-5,
                              "epochs": 3}),
        ("cross-pw-2e-5-e5", {"encoding": "cross", "objective": "pointwise", "lr": 2e-5,
                              "epochs": 5}),
        ("cross-pw-5e-5-e8", {"encoding": "cross", "objective": "pointwise", "lr": 5e-5,
                              "epochs": 8}),
        ("cross-pw-1e-4-e5", {"encoding": "cross", "objective": "pointwise", "lr": 1e-4,
                              "epochs": 5}),
        ("cross-all-pw-5e-5-e3", {"encoding": "cross", "objective": "pointwise", "lr": 5e-5,
                                  "epochs": 3, "pooling": "all"}),
        ("bi-pw-5e-5-e3", {"encoding": "bi", "objective": "pointwise", "lr": 5e-5,
                           "epochs": 3}),
        ("bi-frozen-pw", {"encoding": "bi", "objective": "pointwise", "freeze_encoder": True,
                          "epochs": 50, "batch_size": 32, "head_lr": 0.01}),
    ],
    "pairwise": [
        *[(f"{enc}-pair-5e-5-e3-s{seed}", {"encoding": enc, **_PAIR, "seed": seed})
          for seed in (0, 1, 2) for enc in ("cross", "bi")],
        ("cross-pw-2e-5-e5-s0", {"encoding": "cross", "objective": "pointwise", "lr": 2e-5,
                                 "epochs": 5}),
        ("cross-pair-2e-5-e8-s0", {"encoding": "cross", "objective": "pairwise", "lr": 2e-5,
                                   "epochs": 8}),
    ],
    "smoke": [("bi-frozen-pw", {"encoding": "bi", "objective": "pointwise",
                                "freeze_encoder": True, "epochs": 5, "batch_size": 8,
                                "head_lr": 0.01})],
}

_KEEP = ("auc", "auc_ci", "auc_diff_ci", "auc_baseline", "auc_code", "auc_plan", "auc_code_pass",
         "auc_code_diff_ci", "auc_plan_diff_ci", "auc_task", "auc_task_ci", "auc_task_diff_ci",
         "auc_task_baseline", "pair_accuracy", "pair_accuracy_ci", "pair_accuracy_diff_ci",
         "pair_accuracy_baseline", "steps", "pairs")


def _read(path: str) -> list[dict[str, Any]]:
    from agents.mcts.export import read_tree_records

    records = list(read_tree_records(path))
    if not records:
        raise SystemExit(f"learning_prm_bench: {path} holds no tree record")
    return records


def _ceiling(args: argparse.Namespace, splits: dict[str, list[dict[str, Any]]],
             heuristic: Any) -> dict[str, Any] | None:
    """The reference oracle's report on each split (None when it does not know the tasks)."""
    from agents.prm.evaluate import evaluate_prm
    from agents.prm.oracle import ReferenceOraclePRM

    if args.oracle_source == "none":
        return None
    try:
        oracle = ReferenceOraclePRM.from_source(args.oracle_source)
    except ValueError as exc:
        print(f"label ceiling: not available ({exc})")
        return None
    unknown = sum(not oracle.knows(str(r["problem"])) for records in splits.values()
                  for r in records)
    if unknown:
        print(f"label ceiling: not available ({unknown} trees' problems are not tasks of "
              f"{args.oracle_source!r}; pass their source with --oracle-source)")
        return None
    reports = {split: evaluate_prm(oracle, records, bootstrap=args.bootstrap,
                                   baseline=heuristic) for split, records in splits.items()}
    out = {}
    for split, report in reports.items():
        out[split] = {k: report[k] for k in _KEEP if k in report}
        print(f"label ceiling (reference oracle), {split}: auc {report['auc']:.3f} "
              f"(vs heuristic {_ci(report.get('auc_diff_ci'))}), auc_task {report['auc_task']:.3f} "
              f"(vs heuristic {_ci(report.get('auc_task_diff_ci'))})", flush=True)
    return out


def _ci(interval: list[float] | None) -> str:
    return "n/a" if interval is None else f"[{interval[0]:+.3f}, {interval[1]:+.3f}]"


def main(argv: list[str] | None = None) -> int:
    """Run the grid; print one line per config and the validation-chosen config's test row."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.perf.learning_prm_bench",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--fit", required=True, help="trees to train on")
    parser.add_argument("--val", required=True, help="held-out trees that choose the config")
    parser.add_argument("--test", required=True, help="held-out trees reported")
    parser.add_argument("--grid", default="pairwise", choices=sorted(GRIDS))
    parser.add_argument("--select", default="auc_task",
                        choices=("auc", "auc_task", "pair_accuracy"),
                        help="validation metric that chooses the headline config")
    parser.add_argument("--model", default="all-minilm-l6-v2", help="encoder (alias or folder)")
    parser.add_argument("--device", default="cpu", help="torch device (cuda on a GPU)")
    parser.add_argument("--max-length", type=int, default=384)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--bootstrap", type=int, default=500, help="task-bootstrap resamples")
    parser.add_argument("--budget-s", type=float, default=None,
                        help="start no new config after this many seconds")
    parser.add_argument("--limit", type=int, default=None,
                        help="use only the first N trees of each file (a smoke run)")
    parser.add_argument("--oracle-source", default="builtin",
                        help="task source of the trees, for the reference oracle's label "
                        "ceiling ('none' to skip)")
    parser.add_argument("--out", default=None,
                        help="write the ceiling and every config's report (JSON)")
    args = parser.parse_args(argv)

    from agents.prm import load_prm
    from agents.prm.evaluate import evaluate_prm
    from agents.prm.train import PRMTrainConfig, train_prm

    fit, val, test = (_read(p)[: args.limit] for p in (args.fit, args.val, args.test))
    heuristic = load_prm("heuristic")
    ceiling = _ceiling(args, {"val": val, "test": test}, heuristic)
    start = time.perf_counter()
    results: list[dict[str, Any]] = []
    for name, settings in GRIDS[args.grid]:
        if args.budget_s is not None and time.perf_counter() - start > args.budget_s:
            print(f"budget reached before {name}")
            break
        settings = {"model": args.model, "device": args.device, "max_length": args.max_length,
                    "batch_size": args.batch_size, **settings}
        t0 = time.perf_counter()
        prm, trained = train_prm(PRMTrainConfig(kind="encoder", **settings), fit, progress=False)
        row: dict[str, Any] = {"name": name, "config": settings, "steps": trained.steps,
                               "train_s": round(time.perf_counter() - t0, 1),
                               "last_loss": trained.history[-1]["loss"]
                               if trained.history else None}
        for split, records in (("val", val), ("test", test)):
            report = evaluate_prm(prm, records, bootstrap=args.bootstrap, baseline=heuristic)
            row[split] = {k: report[k] for k in _KEEP if k in report}
            row[split]["rerank"] = report["rerank"]
        results.append(row)
        t = row["test"]
        print(f"{name}: train {row['train_s']}s; val {args.select} "
              f"{row['val'][args.select]:.3f}; test auc {t['auc']:.3f}, auc_task "
              f"{t['auc_task']:.3f} (vs heuristic {t['auc_task'] - t['auc_task_baseline']:+.3f}), "
              f"pair accuracy {t['pair_accuracy']:.3f} (vs heuristic "
              f"{t['pair_accuracy'] - t['pair_accuracy_baseline']:+.3f})", flush=True)
        if args.out:
            Path(args.out).parent.mkdir(parents=True, exist_ok=True)
            Path(args.out).write_text(json.dumps({"ceiling": ceiling, "configs": results},
                                                 indent=1) + "\n", encoding="utf-8")
    if not results:
        return 1
    best = max(results, key=lambda r: r["val"][args.select])
    print(f"chosen on validation {args.select}: {best['name']}; test: "
          + json.dumps({k: best["test"][k] for k in ("auc", "auc_task", "auc_task_diff_ci",
                                                      "pair_accuracy", "pair_accuracy_diff_ci")}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
