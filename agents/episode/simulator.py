"""The agent's private copy of the evaluation env, on the public-only task."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agents.episode.budget import Budget
from agents.episode.sanitize import sanitize
from o1coder_env.tasks.model import Task

__all__ = ["Simulator", "env_factory"]


def env_factory(env: Any) -> Callable[..., Any]:
    """A constructor of envs like ``env`` (its registered id and kwargs), with overrides."""
    from gymnasium.envs.registration import load_env_creator

    # The unwrapped env's spec: a wrapper's `spec` property deep-copies every kwarg (the whole
    # task list), which costs seconds per episode.
    spec = getattr(env.unwrapped, "spec", None) or getattr(env, "spec", None)
    if spec is None:
        raise ValueError("the evaluation env has no spec: create it with gymnasium.make()")
    base_kwargs = dict(spec.kwargs or {})

    creator = load_env_creator(spec.entry_point)

    def make(**overrides: Any) -> Any:
        kwargs = {**base_kwargs, **overrides}
        if "tasks" in overrides:
            # The env takes either tasks= or a source: the simulator's own task list wins.
            for key in ("source", "split", "path", "task_ids", "task_filter"):
                kwargs.pop(key, None)
        # The bare env class: a simulator needs no checker wrappers, and gym.make would try to
        # deep-copy the sandbox held in the kwargs.
        return creator(**kwargs)

    return make


class Simulator:
    """A private copy of the env for search and checking, on the public-only task.

    It runs public tests (or TCG tests) only and never reports hidden ones; every step and every
    program run is counted in the episode's budget. ``get_state``/``set_state`` allow tree search.
    """

    def __init__(self, env: Any, task: Task, budget: Budget, seed: int) -> None:
        self.env = env
        self.task = task
        self.budget = budget
        self._seed = seed
        self.observation: Any = None
        self.info: dict[str, Any] = {}

    def reset(self) -> tuple[Any, dict[str, Any]]:
        """Go back to the start of the task (no step taken)."""
        obs, info = self.env.reset(seed=self._seed, options={"task_id": self.task.task_id})
        self.observation, self.info = obs, dict(info)
        return obs, dict(info)

    def step(self, action: str | int) -> tuple[Any, float, bool, bool, dict[str, Any]]:
        """Take one step (counted); the info never holds hidden-test results."""
        self.budget.simulator_steps += 1
        obs, reward, terminated, truncated, info = self.env.step(action)
        self.observation, self.info = obs, dict(info)
        return obs, float(reward), bool(terminated), bool(truncated), sanitize(dict(info))

    def get_state(self) -> Any:
        """The env's state, for :meth:`set_state`."""
        return self.env.unwrapped.get_state()

    def set_state(self, state: Any) -> None:
        """Restore a state from :meth:`get_state`."""
        self.env.unwrapped.set_state(state)

    def close(self) -> None:
        """Close the underlying env."""
        self.env.close()
