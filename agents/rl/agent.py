"""A saved PPO run as an :class:`agents.base.Agent` the bench can drive."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

import numpy as np

from agents.base import BaseAgent
from agents.rl.config import (
    CHOICE_ENV_ID,
    CONFIG_FILE,
    DEFAULT_MODEL_PATH,
    MODEL_ENV_VAR,
    PPOChoiceConfig,
)
from o1coder_env._optional import require

__all__ = ["PPOChoiceAgent", "load_ppo_model", "load_trained_config", "resolve_model_path"]


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
    """A trained SB3 PPO policy acting in ``O1Coder-Choice-v1`` (usable by the bench).

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
