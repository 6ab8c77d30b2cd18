"""PPO (Stable-Baselines3) on ``O1Coder-Choice-v1``: the stable import path of its parts.

One module per job: :mod:`agents.rl.config` (:class:`PPOChoiceConfig`, every hyperparameter
an explicit, typed, documented field), :mod:`agents.rl.train` (:func:`make_choice_env`, the env
factory, and :func:`train_ppo_choice`, the loop: SB3's ``PPO.learn`` with a ``Monitor`` per env,
TensorBoard logs, the model saved, a learning-curve PNG), :mod:`agents.rl.plots` (the curve),
:mod:`agents.rl.agent` (:class:`PPOChoiceAgent`, the saved policy as an
:class:`agents.base.Agent` the bench can drive) and :mod:`agents.rl.evaluate`
(:func:`evaluate_choice`: an agent over every task of a split and several seeds, with 95 %
confidence intervals). This module re-exports them: the bench loads
``agents.rl.sb3_ppo:PPOChoiceAgent``.

A run folder holds::

    model.zip            the SB3 PPO model (PPO.load)
    ppo_config.json      the config (the agent reads k / feature_dim / max_steps from it: it
                         checks k and feature_dim against the env and gives the policy the
                         step feature on the trained max_steps scale)
    monitor/*.monitor.csv  SB3 Monitor logs: one row per episode (reward, length, time)
    tb/PPO_1/            TensorBoard event files (rollout/ep_rew_mean, train/loss...)
    learning_curve.png   episode reward vs timesteps (raw and a moving average)
    metrics.json         timesteps, wall time, final moving-average reward

Example::

    from agents.rl import PPOChoiceConfig, train_ppo_choice
    run = train_ppo_choice(PPOChoiceConfig(out_dir="runs/ppo-choice", total_timesteps=4096))
"""


from agents.rl.agent import PPOChoiceAgent, load_ppo_model, load_trained_config, resolve_model_path
from agents.rl.config import (
    CHOICE_ENV_ID,
    CONFIG_FILE,
    DEFAULT_MODEL_PATH,
    MODEL_ENV_VAR,
    PPOChoiceConfig,
)
from agents.rl.evaluate import ChoiceEvaluation, evaluate_choice
from agents.rl.plots import learning_curve, plot_learning_curve
from agents.rl.train import make_choice_env, train_ppo_choice

__all__ = [
    "CHOICE_ENV_ID",
    "CONFIG_FILE",
    "DEFAULT_MODEL_PATH",
    "MODEL_ENV_VAR",
    "ChoiceEvaluation",
    "PPOChoiceAgent",
    "PPOChoiceConfig",
    "evaluate_choice",
    "learning_curve",
    "load_ppo_model",
    "load_trained_config",
    "make_choice_env",
    "plot_learning_curve",
    "resolve_model_path",
    "train_ppo_choice",
]
