"""A SkyRL-gym env (``BaseTextEnv``) over the o1coder envs (extra ``skyrl``).

Register it and name it in SkyRL's data (``env_class``)::

    from o1coder_env.integrations.skyrl import register_skyrl_env
    register_skyrl_env()            # id "o1coder"

Each data row carries the task in ``reward_spec.ground_truth`` (a task id or JSON, see
:mod:`o1coder_env.integrations.ground_truth`). ``env_config`` may set:

* ``mode``: ``"steps"`` (default, ``O1Coder-v0``: each LLM turn is one step of the paper's
  protocol, outline -> refine* -> code; the env answers a reasoning step with a short user
  message asking for the next one) or ``"direct"`` (``O1Coder-Direct-v0``: the first turn is
  the answer);
* ``max_turns``: turns before the episode ends without code (default: the env's ``max_steps``);
* ``append_problem``: append the problem text to the last prompt message at ``init`` (default
  ``False``: the data set's prompt already states it);
* any env argument (``reward_tests``, ``reward_mode``, ``sandbox``...), among them
  ``program_rule``: ``"entry-point"`` scores a ``direct`` answer as ``O1Coder-Direct-v2`` does
  (the last block that defines the entry point) instead of the default ``"last-fence"``.

The reward is the env's own: the sum of what its steps paid (one terminal payment without a
PRM), and a turn limit reached without code pays the env's truncation reward
(:meth:`~o1coder_env.envs.base.O1CoderBaseEnv.end_episode`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from o1coder_env._optional import require
from o1coder_env.integrations.ground_truth import parse_ground_truth, scoring_env
from o1coder_env.protocol.prompts import task_problem_text

_base = require("skyrl_gym.envs.base_text_env", "skyrl", "the SkyRL-gym adapter")
BaseTextEnv = _base.BaseTextEnv
BaseTextEnvStepOutput = _base.BaseTextEnvStepOutput

__all__ = ["NEXT_STEP_PROMPT", "O1CoderSkyRLEnv", "register_skyrl_env"]

#: The user turn after a reasoning step in ``steps`` mode.
NEXT_STEP_PROMPT = ("Step recorded. Write the next step: refine the pseudocode, or give the "
                    "final program in a ```python block.")

_ADAPTER_KEYS = ("mode", "max_turns", "append_problem")


def _as_dict(config: Any) -> dict[str, Any]:
    if config is None:
        return {}
    if isinstance(config, Mapping):
        return dict(config)
    # omegaconf DictConfig (what SkyRL passes) converts to a plain dict.
    to_container = getattr(__import__("omegaconf", fromlist=["OmegaConf"]), "OmegaConf", None)
    if to_container is not None:
        return dict(to_container.to_container(config, resolve=True))
    raise TypeError(f"env_config must be a mapping, got {type(config).__name__}")


class O1CoderSkyRLEnv(BaseTextEnv):  # type: ignore[misc, valid-type]
    """One o1coder task per SkyRL episode.

    Args:
        env_config: Adapter and env settings (module docstring).
        extras: The data row's extras; ``extras["reward_spec"]["ground_truth"]`` is required.

    Raises:
        ValueError: For a missing ground truth or an unknown ``mode``.
    """

    def __init__(self, env_config: Any = None, extras: Mapping[str, Any] | None = None) -> None:
        super().__init__()
        config = _as_dict(env_config)
        extras = dict(extras or {})
        spec = extras.get("reward_spec") or {}
        if "ground_truth" not in spec:
            raise ValueError("the o1coder SkyRL env needs extras['reward_spec']['ground_truth'] "
                             "(a task id or JSON naming the task)")
        mode = config.get("mode", "steps")
        if mode not in ("steps", "direct"):
            raise ValueError(f"mode must be 'steps' or 'direct', got {mode!r}")
        env_kwargs = {k: v for k, v in config.items() if k not in _ADAPTER_KEYS}
        env_kwargs.setdefault("report_hidden", False)  # a training reward: hidden tests idle
        key, self.task_id, inline = parse_ground_truth(spec["ground_truth"], config)
        env_id = "O1Coder-v0" if mode == "steps" else "O1Coder-Direct-v0"
        self.env = scoring_env(key, inline, env_id=env_id, env_kwargs=env_kwargs)
        self.mode = mode
        self.max_turns = int(config.get("max_turns") or self.env.max_steps)
        self.append_problem = bool(config.get("append_problem", False))
        self.total_reward = 0.0
        self.done = False
        self.last_info: dict[str, Any] = {}

    def init(self, prompt: list[dict[str, str]]) -> tuple[list[dict[str, str]], dict[str, Any]]:
        """Start the episode on the row's task; return the prompt (and the task id)."""
        self.env.reset(options={"task_id": self.task_id})
        self.turns = 0
        self.total_reward = 0.0
        self.done = False
        prompt = [dict(m) for m in prompt]
        if self.append_problem and prompt:
            prompt[-1]["content"] = (f"{prompt[-1]['content']}\n\n"
                                     f"{task_problem_text(self.env.task)}")
        return prompt, {"task_id": self.task_id}

    def step(self, action: str) -> Any:
        """One LLM turn: one step of the env (the whole answer in ``direct`` mode)."""
        if self.done:
            raise RuntimeError("the episode has ended; call init() for a new one")
        self.turns += 1
        _, reward, terminated, truncated, info = self.env.step(action)
        self.total_reward += float(reward)
        done = bool(terminated or truncated)
        if not done and self.turns >= self.max_turns:
            end_reward, info = self.env.end_episode()
            self.total_reward += end_reward
            done = True
        self.done = done
        self.last_info = dict(info)
        observations = [] if done else [{"role": "user", "content": NEXT_STEP_PROMPT}]
        metadata = {"task_id": self.task_id, "step_kind": info.get("step_kind"),
                    "status": info.get("status")}
        return BaseTextEnvStepOutput(observations=observations,
                                     reward=self.total_reward if done else 0.0, done=done,
                                     metadata=metadata, postprocessed_action=None)

    def get_metrics(self) -> dict[str, Any]:
        """Per-episode metrics SkyRL averages: the outcome and the passed fraction."""
        sources = self.last_info.get("reward_sources", {})
        total = sum(v["total"] for v in sources.values())
        passed = sum(v["passed"] for v in sources.values())
        return {"reward": self.total_reward, "turns": self.turns,
                "pass_fraction": passed / total if total else 0.0,
                "solved": float(bool(total) and passed == total)}


def register_skyrl_env(env_id: str = "o1coder") -> str:
    """Register :class:`O1CoderSkyRLEnv` with ``skyrl_gym`` under ``env_id`` (idempotent).

    Returns:
        The id, for ``skyrl_gym.make(env_id, env_config=..., extras=...)``.
    """
    registration = require("skyrl_gym.envs.registration", "skyrl", "the SkyRL-gym adapter")
    if env_id not in registration.registry:
        registration.register(id=env_id,
                              entry_point="o1coder_env.integrations.skyrl:O1CoderSkyRLEnv")
    return env_id
