"""Learning evidence for PPO on ``O1Coder-Choice-v1``: held-out metrics before and after training.

Trains PPO on the TRAIN split of the built-in suite, then plays every TEST task once per seed
with three agents: the random agent, the untrained PPO policy (same seed, zero updates: the
"before") and the trained one (the "after"). Prints mean reward and hidden-test success rate
with 95 % intervals, and the trained agent's paired differences against the other two (same
task and seed per episode; 95 % bootstrap interval over tasks), and writes
``OUT/learning_ppo.json`` (with every episode's reward and verdict). The figures are whatever
they are: nothing is tuned on the test split.

    python -m benchmarks.perf.learning_ppo_bench --timesteps 4096 --out runs/learning-ppo
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path
from typing import Any

from o1coder_env.envs import step_limits

__all__ = ["main", "paired_deltas"]


def paired_deltas(task_ids: list[str], a: list[float], b: list[float], *,
                  seed: int = 0) -> dict[str, float]:
    """Mean of ``a - b`` over tasks (per-task means of paired episodes), bootstrap 95 % CI.

    Raises:
        ValueError: If the three lists differ in length.
    """
    from o1coder_env.stats import paired_delta

    if not len(task_ids) == len(a) == len(b):
        raise ValueError(f"paired episodes need equal lengths, got {len(task_ids)} task ids, "
                         f"{len(a)} and {len(b)} values")
    after: dict[str, list[float]] = {}
    before: dict[str, list[float]] = {}
    for task_id, x, y in zip(task_ids, a, b, strict=True):
        after.setdefault(task_id, []).append(float(x))
        before.setdefault(task_id, []).append(float(y))
    return paired_delta(before, after, seed=seed)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timesteps", type=int, default=4096, help="PPO env steps (4096)")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2],
                        help="evaluation episode seeds (0 1 2)")
    parser.add_argument("--train-seed", type=int, default=0, help="PPO seed (0)")
    parser.add_argument("--out", default="runs/learning-ppo", help="output folder")
    parser.add_argument("--skip-train", action="store_true",
                        help="evaluate the models an earlier run saved in OUT (e.g. with more "
                             "--seeds) instead of training again")
    args = parser.parse_args(argv)

    import stable_baselines3 as sb3

    from agents.baselines import RandomAgent
    from agents.rl.sb3_ppo import (
        PPOChoiceAgent,
        PPOChoiceConfig,
        evaluate_choice,
        make_choice_env,
        train_ppo_choice,
    )

    out = Path(args.out)
    config = PPOChoiceConfig(out_dir=str(out / "ppo"), total_timesteps=args.timesteps,
                             seed=args.train_seed)
    before_dir = out / "untrained"
    if args.skip_train:
        run = Path(config.out_dir)
        for needed in (before_dir / "model.zip", run / "model.zip"):
            if not needed.is_file():
                raise SystemExit(f"--skip-train: {needed} is missing (run without it first)")
        train_s = None
    else:
        # "Before": the policy PPO starts from (same seed and spaces, no update), saved.
        before_dir.mkdir(parents=True, exist_ok=True)
        env = make_choice_env(**config.env_kwargs(tasks=config.load_tasks()[:1]))
        sb3.PPO("MlpPolicy", env, seed=config.seed, device="cpu",
                policy_kwargs={"net_arch": list(config.net_arch)}).save(before_dir / "model.zip")
        env.close()
        started = time.perf_counter()
        run = train_ppo_choice(config)
        train_s = time.perf_counter() - started

    test_env = make_choice_env(split="test", k=config.k, feature_dim=config.feature_dim,
                               **step_limits(config.max_steps))
    results: dict[str, Any] = {}
    evaluations = {}
    agents = [("random", RandomAgent()),
              ("ppo-untrained", PPOChoiceAgent(model_path=before_dir)),
              ("ppo-trained", PPOChoiceAgent(model_path=run))]
    task_ids = [t.task_id for t in test_env.unwrapped.tasks]
    episode_tasks = [tid for tid in task_ids for _ in args.seeds]
    # Where the reference step sits among the first step's candidates, per evaluation seed: a
    # reset seed fixes the shuffle for every task alike, so few seeds test few positions, and a
    # policy that prefers one position wins or loses that lottery (use many seeds).
    positions: dict[int, dict[int, int]] = {}
    for seed in args.seeds:
        counts: dict[int, int] = {}
        for task_id in task_ids:
            test_env.reset(seed=int(seed), options={"task_id": task_id})
            where = int(test_env.unwrapped.oracle_action())
            counts[where] = counts.get(where, 0) + 1
        positions[int(seed)] = dict(sorted(counts.items()))
    print("reference step position at the first step, per seed:", positions, flush=True)
    for label, agent in agents:
        agent.name = label
        t0 = time.perf_counter()
        result = evaluate_choice(agent, test_env, seeds=args.seeds, task_ids=task_ids)
        evaluations[label] = result
        results[label] = {**result.to_dict(per_episode=True),
                          "eval_wall_s": round(time.perf_counter() - t0, 1)}
        print(result.line(), flush=True)
    trained = evaluations["ppo-trained"]
    deltas = {}
    for other in ("random", "ppo-untrained"):
        base = evaluations[other]
        deltas[f"trained-minus-{other}"] = {
            "mean_reward": paired_deltas(episode_tasks, list(trained.rewards),
                                         list(base.rewards)),
            "success_rate": paired_deltas(episode_tasks, [float(x) for x in trained.successes],
                                          [float(x) for x in base.successes]),
        }
        for metric, d in deltas[f"trained-minus-{other}"].items():
            print(f"trained - {other:<14} {metric:<12} {d['value']:+.3f} "
                  f"[{d['low']:+.3f}, {d['high']:+.3f}]  (paired, {d['n']} tasks)")
    payload = {"timesteps": args.timesteps,
               "train_wall_s": None if train_s is None else round(train_s, 1),
               "seeds": args.seeds, "episode_task_ids": episode_tasks,
               "reference_positions_per_seed": positions,
               "machine": {"cpus": os.cpu_count(), "loadavg_end": os.getloadavg()},
               "train_metrics": json.loads((run / "metrics.json").read_text(encoding="utf-8")),
               "test": results, "paired": deltas}
    # A re-evaluation keeps the training run's own figures.
    target = out / ("learning_ppo_eval.json" if args.skip_train else "learning_ppo.json")
    target.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    trained_for = "reused" if train_s is None else f"trained in {train_s:.0f}s"
    print(f"PPO {args.timesteps} steps, {trained_for}; results in {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
