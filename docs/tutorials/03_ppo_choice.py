"""Tutorial 3: PPO on ``O1Coder-Choice-v0`` with Stable-Baselines3, with a learning curve.

What you learn: how the Choice env turns step generation into a discrete choice among ``k``
candidate steps (the reference step and mutants of it) with numeric features, so a standard RL
library can learn on it; how to log episode returns with ``Monitor`` and plot the learning curve.

The policy sees hashed word features of the problem, the trace and each candidate; it is
rewarded at the code step by the fraction of public tests passed. Random choice scores about
``1/k`` of the time; PPO should do better as it learns which features mark good steps.

Run it::

    python docs/tutorials/03_ppo_choice.py --tiny     # 96 env steps (CI)
    python docs/tutorials/03_ppo_choice.py            # 4096 env steps, a few minutes

Output: ``OUT/learning_curve.png`` and ``OUT/monitor.csv``.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import gymnasium as gym
import numpy as np

import o1coder_env  # noqa: F401  (registers the envs)
from o1coder_env.sandbox import Limits
from o1coder_env.tasks import load_tasks


def main() -> None:
    """Train PPO, then plot its episode returns against a random policy's."""
    parser = argparse.ArgumentParser(description="Tutorial 3: PPO on the Choice env.")
    parser.add_argument("--tiny", action="store_true",
                        default=os.environ.get("O1CODER_TUTORIAL_TINY") == "1",
                        help="CI budget: 96 env steps")
    parser.add_argument("--out", default="tutorial-out/03", help="output folder")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    total_steps = 96 if args.tiny else 4096

    from stable_baselines3 import PPO
    from stable_baselines3.common.monitor import Monitor

    # Easy training tasks and a short per-test time limit: a mutant that loops forever costs
    # 0.5 s, not 3 s. Hidden tests are not needed for training (report_hidden=False).
    tasks = [t for t in load_tasks("builtin", split="train") if t.difficulty == "easy"][:8]
    env = gym.make("O1Coder-Choice-v0", tasks=tasks, k=4, limits=Limits(timeout_s=0.5),
                   report_hidden=False)
    env = Monitor(env, str(out / "monitor"))
    model = PPO("MlpPolicy", env, n_steps=32, batch_size=32, n_epochs=4, learning_rate=3e-4,
                seed=0, verbose=0)
    model.learn(total_timesteps=total_steps)
    returns = np.array(env.get_episode_rewards(), dtype=float)
    print(f"PPO: {len(returns)} episodes, mean return {returns.mean():.3f}, "
          f"last quarter {returns[-max(1, len(returns) // 4):].mean():.3f}")

    # A random policy on the same tasks, for reference.
    rng = np.random.default_rng(0)
    random_returns = []
    env.reset(seed=1)
    while len(random_returns) < max(8, len(returns) // 4):
        _, reward, terminated, truncated, _ = env.step(int(rng.integers(4)))
        if terminated or truncated:
            random_returns.append(float(reward))
            env.reset()
    print(f"random: {len(random_returns)} episodes, mean return {np.mean(random_returns):.3f}")

    # The learning curve: a moving average of episode returns.
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    window = max(1, min(20, len(returns) // 5))
    smooth = np.convolve(returns, np.ones(window) / window, mode="valid")
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.plot(returns, ".", alpha=0.3, label="episode return")
    ax.plot(np.arange(window - 1, len(returns)), smooth, label=f"moving mean ({window})")
    ax.axhline(np.mean(random_returns), color="gray", ls="--", label="random policy")
    ax.set_xlabel("episode")
    ax.set_ylabel("return (public-test pass fraction)")
    ax.set_title("PPO on O1Coder-Choice-v0")
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(out / "learning_curve.png", dpi=100)
    print(f"learning curve: {out / 'learning_curve.png'}")
    env.close()


if __name__ == "__main__":
    main()
