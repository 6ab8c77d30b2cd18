"""The settings of a PPO run on ``O1Coder-Choice-v1`` and the run folder's names."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from typing import Any

from o1coder_env.config_fields import help_field

__all__ = ["CHOICE_ENV_ID", "CONFIG_FILE", "DEFAULT_MODEL_PATH", "MODEL_ENV_VAR", "PPOChoiceConfig"]


#: The newest Choice env id (``-v1``: trains by default; :func:`agents.rl.train.make_choice_env`
#: passes ``evaluation=True`` unless told otherwise, so it plays the split it is given, as ``-v0``).
CHOICE_ENV_ID = "O1Coder-Choice-v1"
#: Environment variable naming the saved model the bench's :class:`PPOChoiceAgent` loads.
MODEL_ENV_VAR = "O1CODER_PPO_MODEL"
#: Where :class:`PPOChoiceAgent` looks when neither ``model_path`` nor the variable is set
#: (relative to the working directory; the default ``out_dir`` of :class:`PPOChoiceConfig`).
DEFAULT_MODEL_PATH = "runs/ppo-choice/model.zip"
CONFIG_FILE = "ppo_config.json"


@dataclass
class PPOChoiceConfig:
    """Every setting of a PPO run on ``O1Coder-Choice-v1`` (SB3's names where they exist)."""

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
