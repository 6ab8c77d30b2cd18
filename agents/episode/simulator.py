"""The agent's private copy of the evaluation env, on the public-only task."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agents.episode.budget import Budget
from agents.episode.sanitize import sanitize
from o1coder_env.tasks.model import Task

__all__ = ["Simulator", "env_factory", "remote_env_factory"]


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


def remote_env_factory(url: str, **remote_kwargs: Any) -> Callable[..., Any]:
    """A constructor of simulator envs that live on an ``o1coder serve`` server.

    The ``env_factory`` of :class:`agents.episode.tools.AgentTools` when the agent's simulators
    should run remotely: each call opens a :class:`o1coder_env.remote.RemoteEnv` session, and
    :class:`Simulator` (``get_state``/``set_state`` for tree search) drives it as a local env.
    A remote env cannot be reconfigured per episode, so the overrides a simulator asks for are
    checked against what the server serves instead: the task must be among its tasks and it
    must score on the same tests (``public``). Hidden tests: a simulator's session of a server
    that reports them (an evaluation server, as in a remote bench) turns them off
    (``RemoteEnv.set_report_hidden(False)``) before its first step, so they neither run nor
    reach the agent.

    Args:
        url: The server, e.g. ``"http://127.0.0.1:8000"``.
        **remote_kwargs: Passed to ``RemoteEnv`` (``timeout_s``, ``connect_timeout_s``).

    Raises:
        ValueError: (from the returned constructor) When the server's env does not match
            the overrides (another reward source, hidden tests reported, an unknown task, a
            test-case generator handed in).
    """
    from o1coder_env.remote import RemoteEnv

    def make(**overrides: Any) -> Any:
        env = RemoteEnv(url, **remote_kwargs)
        try:
            _check_remote(env, overrides)
        except Exception:
            env.close()
            raise
        return env

    return make


def _check_remote(env: Any, overrides: dict[str, Any]) -> None:
    """Refuse a server whose env is not the simulator ``overrides`` describe."""
    from o1coder_env.envs.scoring import parse_reward_tests

    unknown = sorted(set(overrides) - {"tasks", "report_hidden", "reward_tests", "sandbox"})
    if unknown:
        raise ValueError(f"a remote simulator cannot take {unknown} (the server's env is "
                         "configured by o1coder serve --env-kwargs); use reward_tests='public'")
    reward = env.reward_config
    served = {str(k): float(v) for k, v in (reward.get("reward_tests") or {}).items()}
    wanted = parse_reward_tests(overrides.get("reward_tests", "public"))
    if served != {str(k): float(v) for k, v in wanted.items()}:
        raise ValueError(f"the server at {env.url} scores on {served}, the simulator must "
                         f"score on {dict(wanted)}: serve with --env-kwargs "
                         "'{\"reward_tests\": \"public\", ...}'")
    if overrides.get("report_hidden") is False and reward.get("report_hidden") is not False:
        if "set_report_hidden" not in env.spec_data.get("messages", ()):
            raise ValueError(f"the server at {env.url} reports hidden tests and cannot turn "
                             "them off per session (an older o1coder serve); a simulator must "
                             "not see them: serve with --env-kwargs "
                             "'{\"report_hidden\": false, ...}' (O1Coder-v1 does by default)")
        env.set_report_hidden(False)
    missing = [t.task_id for t in overrides.get("tasks", ()) if t.task_id not in env.task_ids]
    if missing:
        raise ValueError(f"task(s) {missing} are not among the {len(env.task_ids)} tasks the "
                         f"server at {env.url} serves")


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
