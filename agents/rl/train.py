"""Training PPO (Stable-Baselines3) on the Choice env: the env factory and the loop."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from agents.rl.config import CHOICE_ENV_ID, CONFIG_FILE, PPOChoiceConfig
from agents.rl.plots import learning_curve, plot_learning_curve
from o1coder_env._optional import require

__all__ = ["make_choice_env", "train_ppo_choice"]


def make_choice_env(**kwargs: Any) -> Any:
    """``gym.make("O1Coder-Choice-v1", evaluation=True, **kwargs)`` with the envs registered.

    ``evaluation=True`` (unless ``kwargs`` say otherwise) keeps ``-v0``'s meaning: the env plays
    the split or tasks it is given (the test split by default) and reports hidden verdicts
    unless ``report_hidden=False``; pass ``evaluation=False`` for ``-v1``'s training mode.
    """
    import gymnasium as gym

    import o1coder_env  # noqa: F401  (registers the envs)

    return gym.make(CHOICE_ENV_ID, **{"evaluation": True, **kwargs})


# --- training ---------------------------------------------------------------------------------

def train_ppo_choice(config: PPOChoiceConfig) -> Path:
    """Train PPO on ``O1Coder-Choice-v1`` and save the run (see the module docstring).

    The same config and seed give the same model, parameter for parameter (SB3 seeds torch,
    the action sampling and every env's ``reset``; each env gets ``seed + index``).

    Returns:
        ``config.out_dir`` as a Path.
    """
    if not isinstance(config, PPOChoiceConfig):
        raise TypeError(f"train_ppo_choice needs a PPOChoiceConfig, got {type(config).__name__}")
    sb3 = require("stable_baselines3", "train", "PPO on the Choice env")
    from stable_baselines3.common.monitor import Monitor
    from stable_baselines3.common.vec_env import DummyVecEnv

    out = Path(config.out_dir)
    monitor_dir = out / "monitor"
    monitor_dir.mkdir(parents=True, exist_ok=True)
    for old in monitor_dir.glob("*.monitor.csv"):
        old.unlink()  # our own files from an earlier run into this folder: the curve is per run
    (out / CONFIG_FILE).write_text(json.dumps(config.to_dict(), indent=2) + "\n",
                                   encoding="utf-8")
    env_kwargs = config.env_kwargs(tasks=config.load_tasks())

    def factory(index: int) -> Any:
        def build() -> Any:
            return Monitor(make_choice_env(**env_kwargs), str(monitor_dir / str(index)))

        return build

    vec_env = DummyVecEnv([factory(i) for i in range(config.n_envs)])
    tb_dir = str(out / "tb") if config.tensorboard else None
    if tb_dir is not None:
        require("tensorboard", "train", "TensorBoard logs")
    model = sb3.PPO(
        "MlpPolicy", vec_env, learning_rate=config.learning_rate, n_steps=config.n_steps,
        batch_size=config.batch_size, n_epochs=config.n_epochs, gamma=config.gamma,
        gae_lambda=config.gae_lambda, clip_range=config.clip_range, ent_coef=config.ent_coef,
        vf_coef=config.vf_coef, max_grad_norm=config.max_grad_norm,
        policy_kwargs={"net_arch": list(config.net_arch)}, tensorboard_log=tb_dir,
        verbose=config.verbose, seed=config.seed, device=config.device,
    )
    if tb_dir is None:
        # Else SB3 makes an empty /tmp/SB3-<time> folder on every learn(): keep its log here.
        from stable_baselines3.common.logger import configure

        model.set_logger(configure(str(out / "sb3_log"),
                                   ["stdout", "csv"] if config.verbose else ["csv"]))
    started = time.perf_counter()
    try:
        model.learn(total_timesteps=config.total_timesteps, tb_log_name="PPO",
                    reset_num_timesteps=True, progress_bar=False)
    finally:
        vec_env.close()
    wall = time.perf_counter() - started
    model.save(out / "model.zip")
    curve = learning_curve(monitor_dir, window=config.curve_window)
    plot_learning_curve(curve, out / "learning_curve.png",
                        title=f"PPO on {CHOICE_ENV_ID} ({config.split}, seed {config.seed})")
    metrics = {
        "timesteps": int(model.num_timesteps), "episodes": len(curve["timesteps"]),
        "wall_s": round(wall, 3),
        "final_mean_reward": curve["moving_mean"][-1] if curve["moving_mean"] else None,
        "first_mean_reward": curve["moving_mean"][0] if curve["moving_mean"] else None,
    }
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    return out
