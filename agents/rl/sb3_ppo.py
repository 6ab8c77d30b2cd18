"""PPO (Stable-Baselines3) on ``O1Coder-Choice-v0``: config, training, the saved agent, evaluation.

Reads top to bottom like a CleanRL script: :class:`PPOChoiceConfig` (every hyperparameter an
explicit, typed, documented field), :func:`make_choice_env` (the env factory), then
:func:`train_ppo_choice` (the loop: SB3's ``PPO.learn`` with a ``Monitor`` per env, TensorBoard
logs, the model saved, a learning-curve PNG), :class:`PPOChoiceAgent` (the saved policy as an
:class:`agents.base.Agent` the bench can drive) and :func:`evaluate_choice` (an agent over every
task of a split and several seeds, with 95 % confidence intervals).

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

from __future__ import annotations

import json
import math
import os
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

import numpy as np

from agents.base import BaseAgent
from o1coder_env._optional import require
from o1coder_env.config_fields import help_field

__all__ = [
    "DEFAULT_MODEL_PATH",
    "MODEL_ENV_VAR",
    "ChoiceEvaluation",
    "PPOChoiceAgent",
    "PPOChoiceConfig",
    "evaluate_choice",
    "load_trained_config",
    "make_choice_env",
    "plot_learning_curve",
    "train_ppo_choice",
]

CHOICE_ENV_ID = "O1Coder-Choice-v0"
#: Environment variable naming the saved model the bench's :class:`PPOChoiceAgent` loads.
MODEL_ENV_VAR = "O1CODER_PPO_MODEL"
#: Where :class:`PPOChoiceAgent` looks when neither ``model_path`` nor the variable is set
#: (relative to the working directory; the default ``out_dir`` of :class:`PPOChoiceConfig`).
DEFAULT_MODEL_PATH = "runs/ppo-choice/model.zip"
CONFIG_FILE = "ppo_config.json"


@dataclass
class PPOChoiceConfig:
    """Every setting of a PPO run on ``O1Coder-Choice-v0`` (SB3's names where they exist)."""

    out_dir: str = help_field("Run folder: model, config, Monitor CSVs, TensorBoard, plot.",
                              "runs/ppo-choice")
    # --- the env -----------------------------------------------------------------------------
    source: str = help_field("Task source the agent trains on.", "builtin")
    split: str | None = help_field(
        "Split it trains on (train; the test split is held out).", "train")
    path: str | None = help_field("Data file for file-based sources (jsonl, mbpp...).", None)
    task_ids: tuple[str, ...] | None = help_field("Only these task ids (default: the whole split).",
                                                  None)
    k: int = help_field(
        "Candidates per step (the Discrete action size); the bench's env uses 4.", 4)
    feature_dim: int = help_field("Hashing-featurizer buckets per text (the bench's env uses 64).",
                                  64)
    max_steps: int = help_field("Steps per episode before truncation (the bench's env uses 4 by "
                                "default; the saved agent rescales its step feature to this "
                                "value).", 6)
    reward_mode: str = help_field("Outcome reward: fraction (passed/total) or binary.", "fraction")
    sandbox_backend: str = help_field(
        "Sandbox backend scoring the code steps: process, bwrap, auto.",
        "process")
    timeout_s: float = help_field(
        "Sandbox time limit per test while training (s): wrong candidates "
        "that loop forever cost this much each time they are tried.", 1.0)
    n_envs: int = help_field("Envs stepped together (a DummyVecEnv: the sandbox already runs the "
                             "programs in worker processes).", 4)
    # --- PPO ---------------------------------------------------------------------------------
    total_timesteps: int = help_field("Env steps to train for (over all envs).", 20_000)
    learning_rate: float = help_field("Adam learning rate.", 3e-4)
    n_steps: int = help_field("Steps per env per rollout (the buffer holds n_steps * n_envs).", 128)
    batch_size: int = help_field("Minibatch size of each gradient step.", 64)
    n_epochs: int = help_field("Passes over each rollout buffer.", 10)
    gamma: float = help_field("Discount factor (episodes are short: the outcome comes at the end).",
                              0.99)
    gae_lambda: float = help_field("GAE lambda.", 0.95)
    clip_range: float = help_field("PPO policy clipping.", 0.2)
    ent_coef: float = help_field("Entropy bonus (keeps exploring among the K candidates).", 0.01)
    vf_coef: float = help_field("Value-loss weight.", 0.5)
    max_grad_norm: float = help_field("Gradient clipping norm.", 0.5)
    net_arch: tuple[int, ...] = help_field("Hidden layer sizes of the policy and value MLPs.",
                                           (128, 128))
    seed: int = help_field("Seed of PPO, the envs and the task order (same seed, same run).", 0)
    device: str = help_field("Torch device: cpu (an MLP this small is faster there), cuda, auto.",
                             "cpu")
    # --- logging -----------------------------------------------------------------------------
    tensorboard: bool = help_field("Write TensorBoard logs under out_dir/tb.", True)
    curve_window: int = help_field("Episodes in the learning curve's moving average.", 50)
    verbose: int = help_field("SB3 verbosity: 0 quiet, 1 rollout tables.", 0)

    def __post_init__(self) -> None:
        owner = type(self).__name__
        if self.task_ids is not None:
            self.task_ids = tuple(self.task_ids)
        self.net_arch = tuple(self.net_arch)
        for name in ("k", "feature_dim"):
            if not _is_int(getattr(self, name)) or getattr(self, name) < 2:
                raise ValueError(f"{owner}.{name} must be an int >= 2, got "
                                 f"{getattr(self, name)!r}")
        for name in ("max_steps", "n_envs", "total_timesteps", "n_steps", "batch_size",
                     "n_epochs", "curve_window"):
            if not _is_int(getattr(self, name)) or getattr(self, name) < 1:
                raise ValueError(f"{owner}.{name} must be an int >= 1, got "
                                 f"{getattr(self, name)!r}")
        if self.n_steps * self.n_envs < 2:
            raise ValueError(f"{owner}: n_steps * n_envs must be >= 2 (PPO normalizes "
                             f"advantages over the buffer), got {self.n_steps * self.n_envs}")
        for name in ("learning_rate", "clip_range", "max_grad_norm", "timeout_s"):
            value = getattr(self, name)
            if not _is_number(value) or value <= 0:
                raise ValueError(f"{owner}.{name} must be a number > 0, got {value!r}")
        for name in ("gamma", "gae_lambda"):
            value = getattr(self, name)
            if not _is_number(value) or not 0.0 <= value <= 1.0:
                raise ValueError(f"{owner}.{name} must be in [0, 1], got {value!r}")
        for name in ("ent_coef", "vf_coef"):
            value = getattr(self, name)
            if not _is_number(value) or value < 0:
                raise ValueError(f"{owner}.{name} must be a number >= 0, got {value!r}")
        if self.reward_mode not in ("fraction", "binary"):
            raise ValueError(f"{owner}.reward_mode must be 'fraction' or 'binary', got "
                             f"{self.reward_mode!r}")
        if not self.net_arch or not all(_is_int(n) and n >= 1 for n in self.net_arch):
            raise ValueError(f"{owner}.net_arch must be positive layer sizes, got "
                             f"{self.net_arch!r}")
        if not isinstance(self.out_dir, str) or not self.out_dir:
            raise ValueError(f"{owner}.out_dir must be a non-empty path, got {self.out_dir!r}")

    def env_kwargs(self, tasks: Sequence[Any] | None = None) -> dict[str, Any]:
        """The ``gym.make`` keyword arguments of the training env.

        Args:
            tasks: Already loaded tasks (replaces source/split/path/task_ids, so that several
                envs share one load).

        The training env does not run hidden tests (``report_hidden=False``): PPO learns from
        the reward alone, and skipping them halves the sandbox work per episode.
        """
        from o1coder_env.envs import step_limits
        from o1coder_env.sandbox import Limits

        kwargs: dict[str, Any] = {
            "k": self.k, "feature_dim": self.feature_dim, **step_limits(self.max_steps),
            "reward_mode": self.reward_mode,
            "sandbox": self.sandbox_backend, "limits": Limits(timeout_s=self.timeout_s),
            "report_hidden": False,
        }
        if tasks is not None:
            kwargs["tasks"] = list(tasks)
            return kwargs
        kwargs.update(source=self.source, split=self.split, path=self.path)
        if self.task_ids is not None:
            kwargs["task_ids"] = list(self.task_ids)
        return kwargs

    def load_tasks(self) -> list[Any]:
        """The training tasks (loaded once per run)."""
        from o1coder_env.tasks import load_tasks

        tasks = load_tasks(self.source, split=self.split, path=self.path,
                           task_ids=list(self.task_ids) if self.task_ids else None)
        if not tasks:
            raise ValueError(f"no training tasks: source={self.source!r} split={self.split!r} "
                             f"path={self.path!r} task_ids={self.task_ids!r}")
        return tasks

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PPOChoiceConfig:
        """Rebuild a config from :meth:`to_dict` output (unknown keys are an error)."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown PPOChoiceConfig field(s): {', '.join(unknown)}")
        return cls(**data)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value))


# --- the env factory --------------------------------------------------------------------------

def make_choice_env(**kwargs: Any) -> Any:
    """``gym.make("O1Coder-Choice-v0", **kwargs)`` with the envs registered."""
    import gymnasium as gym

    import o1coder_env  # noqa: F401  (registers the envs)

    return gym.make(CHOICE_ENV_ID, **kwargs)


# --- training ---------------------------------------------------------------------------------

def train_ppo_choice(config: PPOChoiceConfig) -> Path:
    """Train PPO on ``O1Coder-Choice-v0`` and save the run (see the module docstring).

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


def learning_curve(monitor_dir: str | Path, window: int = 50) -> dict[str, list[float]]:
    """Episode rewards of the Monitor CSVs, ordered by wall time, against cumulative timesteps.

    Returns:
        ``{"timesteps", "rewards", "moving_mean"}`` (lists of equal length; empty when no
        episode finished).
    """
    from stable_baselines3.common.monitor import LoadMonitorResultsError, load_results

    try:
        frame = load_results(str(monitor_dir))
    except LoadMonitorResultsError:  # no Monitor file yet: no finished episode
        return {"timesteps": [], "rewards": [], "moving_mean": []}
    frame = frame.sort_values("t", kind="stable")
    rewards = [float(r) for r in frame["r"]]
    timesteps = [int(x) for x in np.cumsum(frame["l"].to_numpy())]
    moving = [float(np.mean(rewards[max(0, i + 1 - window): i + 1])) for i in range(len(rewards))]
    return {"timesteps": timesteps, "rewards": rewards, "moving_mean": moving}


def plot_learning_curve(curve: dict[str, list[float]], path: str | Path, *,
                        title: str = "PPO learning curve") -> Path:
    """Write episode reward vs timesteps (points and the moving average) as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4))
    if curve["timesteps"]:
        ax.plot(curve["timesteps"], curve["rewards"], ".", alpha=0.2, markersize=3,
                label="episode reward")
        ax.plot(curve["timesteps"], curve["moving_mean"], "-", linewidth=2,
                label="moving mean")
        ax.legend(loc="lower right")
    else:
        ax.text(0.5, 0.5, "no finished episode", ha="center", va="center",
                transform=ax.transAxes)
    ax.set_xlabel("timesteps")
    ax.set_ylabel("episode reward")
    ax.set_title(title)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


# --- the saved policy as an agent -------------------------------------------------------------

_MODELS: dict[tuple[str, float], Any] = {}
_MODELS_LOCK = threading.Lock()


def resolve_model_path(model_path: str | Path | None = None) -> Path:
    """The model file: ``model_path``, else ``$O1CODER_PPO_MODEL``, else :data:`DEFAULT_MODEL_PATH`.

    A run folder is accepted too (its ``model.zip`` is used).

    Raises:
        FileNotFoundError: When the file does not exist (the message says how to make one).
    """
    if model_path:
        raw, origin = str(model_path), "model_path"
    elif os.environ.get(MODEL_ENV_VAR):
        raw, origin = os.environ[MODEL_ENV_VAR], MODEL_ENV_VAR
    else:
        raw, origin = DEFAULT_MODEL_PATH, "the default path"
    path = Path(raw)
    if path.is_dir():
        path = path / "model.zip"
    if not path.is_file():
        raise FileNotFoundError(
            f"no PPO model at {path} (from {origin}); train one with "
            f"`o1coder rl train-ppo --out-dir {path.parent}` or set {MODEL_ENV_VAR}"
        )
    return path


def load_ppo_model(model_path: str | Path | None = None) -> Any:
    """Load a saved PPO model (cached per file and modification time, CPU)."""
    sb3 = require("stable_baselines3", "train", "the PPO agent")
    path = resolve_model_path(model_path)
    key = (str(path.resolve()), path.stat().st_mtime)
    with _MODELS_LOCK:
        model = _MODELS.get(key)
        if model is None:
            model = sb3.PPO.load(str(path), device="cpu")
            _MODELS[key] = model
    return model


def load_trained_config(model_path: str | Path) -> PPOChoiceConfig:
    """The :class:`PPOChoiceConfig` saved beside ``model_path`` (its run's ``ppo_config.json``).

    Raises:
        FileNotFoundError: When the run folder has no ``ppo_config.json`` (without it the
            agent cannot know the step scale the policy was trained on).
    """
    path = Path(model_path).parent / CONFIG_FILE
    if not path.is_file():
        raise FileNotFoundError(
            f"no {CONFIG_FILE} beside the PPO model {model_path}: the agent needs the run's "
            f"k, feature_dim and max_steps (train_ppo_choice writes it; copy it with the model)"
        )
    return PPOChoiceConfig.from_dict(json.loads(path.read_text(encoding="utf-8")))


class PPOChoiceAgent(BaseAgent):
    """A trained SB3 PPO policy acting in ``O1Coder-Choice-v0`` (usable by the bench).

    Args:
        model_path: The saved ``model.zip`` (or its run folder). Default: the environment
            variable ``O1CODER_PPO_MODEL``, else ``runs/ppo-choice/model.zip``.
        deterministic: Take the most probable action (True) or sample from the policy, seeded
            by the episode's ``tools.rng``.
        mode: Accepted for the bench's ``make_agent``; the Choice env decides the protocol.

    The agent reads the run's ``ppo_config.json`` (:func:`load_trained_config`). The env must
    have the observation size the model was trained on (same ``k`` and ``feature_dim``); a
    mismatch raises ``ValueError`` naming both. The env's ``step_index / max_steps`` feature is
    replaced by ``step_index / trained max_steps`` before the policy sees it, so a policy trained
    with ``max_steps=6`` and evaluated in the bench's 4-step env reads the feature on the scale
    it learned (the env's step limit still applies).
    """

    name = "ppo-choice"

    def __init__(self, *, model_path: str | Path | None = None, deterministic: bool = True,
                 mode: str = "pseudocode") -> None:
        super().__init__()
        self.model_path = resolve_model_path(model_path)
        self.trained = load_trained_config(self.model_path)
        self.deterministic = bool(deterministic)
        self.mode = mode
        self.model = load_ppo_model(self.model_path)

    def on_reset(self) -> None:
        """Check that the episode runs in a Choice env of the model's action size."""
        assert self.tools is not None
        space = self.tools.action_space
        want = int(self.model.action_space.n)
        if getattr(space, "n", None) is None:
            raise TypeError(f"PPOChoiceAgent acts in {CHOICE_ENV_ID} (a Discrete action "
                            f"space), got {space!r}")
        if int(space.n) != want:
            raise ValueError(f"the env offers {int(space.n)} candidates but the model at "
                             f"{self.model_path} was trained with k={want}")

    def policy_observation(self, observation: Any) -> np.ndarray:
        """The env's observation with the step feature on the trained ``max_steps`` scale.

        Raises:
            ValueError: When the shape differs from the model's (another k or feature_dim).
        """
        obs = np.asarray(observation, dtype=np.float32).copy()
        want = tuple(self.model.observation_space.shape)
        if obs.shape != want:
            raise ValueError(f"observation shape {obs.shape} does not match the model's {want} "
                             f"(train with the env's k and feature_dim)")
        # Layout: (k + 2) * dim features, then step_index / max_steps, then k code flags.
        step_slot = obs.shape[0] - 1 - int(self.model.action_space.n)
        obs[step_slot] = min(1.0, len(self.steps) / self.trained.max_steps)
        return obs

    def act(self, observation: Any, info: dict[str, Any]) -> int:
        """The policy's candidate index for this observation."""
        obs = self.policy_observation(observation)
        if self.deterministic:
            action, _ = self.model.predict(obs, deterministic=True)
            return int(action)
        assert self.tools is not None
        # Sample from the policy's distribution with the episode's own generator.
        probs = self.action_probabilities(obs)
        return int(self.tools.rng.choice(len(probs), p=probs))

    def action_probabilities(self, observation: np.ndarray) -> np.ndarray:
        """The policy's probability of each candidate (float64, sums to 1)."""
        import torch

        obs_tensor, _ = self.model.policy.obs_to_tensor(observation)
        with torch.no_grad():
            dist = self.model.policy.get_distribution(obs_tensor)
            probs = dist.distribution.probs[0].cpu().numpy().astype(np.float64)
        return probs / probs.sum()


# --- evaluation -------------------------------------------------------------------------------

@dataclass(frozen=True)
class ChoiceEvaluation:
    """An agent over every task of a split and several seeds.

    Attributes:
        agent: The agent's name.
        episodes: Episodes run (tasks x seeds).
        mean_reward: Mean episode reward with a 95 % normal interval, ``(value, low, high)``.
        success_rate: Fraction of episodes whose program passed every hidden test, with a
            95 % Wilson interval, ``(value, low, high)``.
        rewards: Every episode's reward, in (task, seed) order.
        successes: Every episode's hidden-test verdict, same order.
    """

    agent: str
    episodes: int
    mean_reward: tuple[float, float, float]
    success_rate: tuple[float, float, float]
    rewards: tuple[float, ...]
    successes: tuple[bool, ...]

    def to_dict(self, *, per_episode: bool = False) -> dict[str, Any]:
        """JSON-ready dict (per-episode lists only when asked)."""
        out = asdict(self)
        if not per_episode:
            out.pop("rewards")
            out.pop("successes")
        return out

    def line(self) -> str:
        """One human-readable line."""
        r, s = self.mean_reward, self.success_rate
        return (f"{self.agent:<14} reward {r[0]:.3f} [{r[1]:.3f}, {r[2]:.3f}]  "
                f"success {s[0]:.3f} [{s[1]:.3f}, {s[2]:.3f}]  (n={self.episodes})")


def evaluate_choice(agent: Any, env: Any, *, seeds: Sequence[int] = (0, 1, 2),
                    task_ids: Sequence[str] | None = None) -> ChoiceEvaluation:
    """Run ``agent`` with :func:`agents.base.run_episode` on every task and seed.

    Args:
        agent: Any agent acting in the Choice env (:class:`PPOChoiceAgent`, ``random``...).
        env: The evaluation env (``make_choice_env(split="test", ...)``).
        seeds: Episode seeds (each task is played once per seed).
        task_ids: Tasks to play (default: every task of the env).

    Raises:
        RuntimeError: When an episode recorded an agent error (a broken agent is not a score).
    """
    from agents.base import run_episode
    from o1coder_env.stats import mean_interval, wilson_interval

    if not seeds:
        raise ValueError("evaluate_choice needs at least one seed")
    ids = list(task_ids) if task_ids is not None else [t.task_id for t in env.unwrapped.tasks]
    rewards: list[float] = []
    successes: list[bool] = []
    for task_id in ids:
        for seed in seeds:
            record = run_episode(agent, env, task_id, int(seed))
            if record.error:
                raise RuntimeError(f"{getattr(agent, 'name', agent)} failed on {task_id} seed "
                                   f"{seed}: {record.error}")
            rewards.append(record.reward)
            successes.append(record.success)
    reward_ci = mean_interval(rewards)
    success_ci = wilson_interval(sum(successes), len(successes))
    return ChoiceEvaluation(
        agent=str(getattr(agent, "name", type(agent).__name__)), episodes=len(rewards),
        mean_reward=(reward_ci.value, reward_ci.low, reward_ci.high),
        success_rate=(success_ci.value, success_ci.low, success_ci.high),
        rewards=tuple(rewards), successes=tuple(successes),
    )
