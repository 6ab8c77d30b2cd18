"""Learning evidence for PPO on ``O1Coder-Choice-v0``: held-out metrics before and after training.

Trains PPO on the TRAIN split of the built-in suite, then plays every TEST task once per seed
with three agents: the random agent, the untrained PPO policy (same seed, zero updates: the
"before") and the trained one (the "after"). Prints mean reward and hidden-test success rate
with 95 % intervals and writes ``OUT/learning_ppo.json``. The figures are whatever they are:
nothing is tuned on the test split.

    python -m benchmarks.perf.learning_ppo_bench --timesteps 4096 --out runs/learning-ppo
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timesteps", type=int, default=4096, help="PPO env steps (4096)")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2],
                        help="evaluation episode seeds (0 1 2)")
    parser.add_argument("--train-seed", type=int, default=0, help="PPO seed (0)")
    parser.add_argument("--out", default="runs/learning-ppo", help="output folder")
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
    # "Before": the policy PPO starts from (same seed and spaces, no update), saved as a model.
    before_dir = out / "untrained"
    before_dir.mkdir(parents=True, exist_ok=True)
    env = make_choice_env(**config.env_kwargs(tasks=config.load_tasks()[:1]))
    sb3.PPO("MlpPolicy", env, seed=config.seed, device="cpu",
            policy_kwargs={"net_arch": list(config.net_arch)}).save(before_dir / "model.zip")
    env.close()
    started = time.perf_counter()
    run = train_ppo_choice(config)
    train_s = time.perf_counter() - started

    test_env = make_choice_env(split="test", k=config.k, feature_dim=config.feature_dim,
                               max_steps=config.max_steps, max_episode_steps=config.max_steps + 1)
    results = {}
    agents = [("random", RandomAgent()),
              ("ppo-untrained", PPOChoiceAgent(model_path=before_dir)),
              ("ppo-trained", PPOChoiceAgent(model_path=run))]
    for label, agent in agents:
        agent.name = label
        result = evaluate_choice(agent, test_env, seeds=args.seeds)
        results[label] = result.to_dict()
        print(result.line(), flush=True)
    payload = {"timesteps": args.timesteps, "train_wall_s": round(train_s, 1),
               "seeds": args.seeds, "train_metrics": json.loads(
                   (run / "metrics.json").read_text(encoding="utf-8")), "test": results}
    (out / "learning_ppo.json").write_text(json.dumps(payload, indent=2) + "\n",
                                           encoding="utf-8")
    print(f"PPO trained {args.timesteps} steps in {train_s:.0f}s; results in "
          f"{out / 'learning_ppo.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
