"""Tutorial 4: MCTS by hand. Watch the tree grow on one task, then export its data sets.

What you learn: how the paper's MCTS over reasoning steps works (select by UCT, expand ``k``
sampled steps, roll out to a code step, back up the test pass rate as the value ``V/N``), what
the tree looks like after 1, 3, 8... rollouts, and how a tree becomes training data: SFT on
correct paths, point-wise and pair-wise PRM data, and DPO preference pairs
(:mod:`agents.mcts.export`). The tree is also drawn as an HTML page (:mod:`benchmarks.viewer`).

The step generator is ``candidates`` (the reference step plus mutants, no model), so the search
runs in seconds on a CPU; swap in ``make_generator("hf", model="smollm2-135m")`` for an LLM.

Run it::

    python docs/tutorials/04_mcts_by_hand.py --tiny    # up to 6 rollouts (CI)
    python docs/tutorials/04_mcts_by_hand.py           # up to 30 rollouts
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import gymnasium as gym

import o1coder_env  # noqa: F401  (registers the envs)
from agents.base import public_task
from agents.generators import make_generator
from agents.mcts.agent import EnvSearch, tree_record
from agents.mcts.search import MCTSConfig
from agents.mcts.tree import Tree
from o1coder_env.protocol.prompts import task_problem_text
from o1coder_env.tasks import load_tasks


def print_tree(tree: Tree, best: set[int], max_children: int = 4) -> None:
    """Print the tree, one node a line: kind, N, V/N, terminal reward, first line of the step."""

    def show(node_id: int, indent: int) -> None:
        node = tree[node_id]
        text = next((line.strip() for line in node.step.splitlines()
                     if line.strip() and not line.startswith("```")), "(problem)")
        reward = f" r={node.reward:.2f}" if node.reward is not None else ""
        mark = "*" if node_id in best else " "
        print(f"{mark}{'  ' * indent}[{node.kind:7}] N={node.visits:<2} V/N={node.value:.2f}"
              f"{reward} | {text[:60]}")
        for child in node.children[:max_children]:
            show(child, indent + 1)
        if len(node.children) > max_children:
            print(f" {'  ' * (indent + 1)}... {len(node.children) - max_children} more")

    show(0, 0)


def main() -> None:
    """Search one task at growing budgets, print the trees, export data and a viewer page."""
    parser = argparse.ArgumentParser(description="Tutorial 4: MCTS by hand.")
    parser.add_argument("--tiny", action="store_true",
                        default=os.environ.get("O1CODER_TUTORIAL_TINY") == "1",
                        help="CI budget: up to 6 rollouts")
    parser.add_argument("--out", default="tutorial-out/04", help="output folder")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    budgets = (1, 3, 6) if args.tiny else (1, 3, 8, 30)

    pool = load_tasks("builtin", split="train")
    task = next(t for t in pool if t.task_id == "builtin/balance_pan_assignments")
    visible = public_task(task)  # the search sees public tests only, never hidden ones
    problem = task_problem_text(visible)

    records = []
    for rollouts in budgets:
        # Same seed, fresh env and generator: a bigger budget continues the same search.
        env = gym.make("O1Coder-v0", tasks=[visible], report_hidden=False, max_steps=5)
        env.reset(seed=0, options={"task_id": task.task_id})
        generator = make_generator("candidates", tasks=pool, seed=0)
        config = MCTSConfig(rollouts=rollouts, max_depth=5, k=3, c=2.0, seed=0)
        search = EnvSearch(env.unwrapped, generator, problem=problem, task_id=task.task_id,
                           config=config)
        result = search.run()
        env.close()
        best_node = result.tree.best_terminal()
        best = {0} | ({n.id for n in result.tree.path(best_node)} if best_node else set())
        print(f"\n=== after {rollouts} rollout(s): {len(result.tree)} nodes, "
              f"best reward {result.best_reward:.2f}, solved={result.solved} (* = best path)")
        print_tree(result.tree, best)
        records.append(tree_record(task.task_id, problem, result, mode="pseudocode",
                                   generator="candidates", reward_tests="public", wall_s=0.0))

    # Export the biggest tree as the data sets the paper trains on.
    from agents.mcts.export import build
    from o1coder_env.jsonl_io import write_jsonl

    final = records[-1:]
    write_jsonl(final, out / "trees.jsonl")
    print()
    for kind in ("sft", "prm", "prm-pairs", "dpo"):
        rows = build(kind, final)
        write_jsonl(rows, out / f"{kind}.jsonl")
        print(f"{kind:10} {len(rows):3} record(s) -> {out / (kind + '.jsonl')}")
    prm_rows = build("prm", final)
    if prm_rows:
        row = max(prm_rows, key=lambda r: r["visits"])
        print(f"a PRM example: step kind={row['kind']} value V/N={row['value']:.2f} "
              f"visits={row['visits']}")

    # And draw it: open OUT/tree.html in a browser.
    from benchmarks.viewer import write_html

    print(f"viewer page: {write_html(out / 'trees.jsonl', out / 'tree.html')}")


if __name__ == "__main__":
    main()
