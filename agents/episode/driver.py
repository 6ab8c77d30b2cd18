"""The episode driver: the only code that touches the evaluation env (and its hidden tests).

The evaluation env is local (``gymnasium.make``) or remote
(:class:`o1coder_env.remote.RemoteEnv` on an ``o1coder serve`` evaluation server). Either way
the episode is judged by the hidden-test verdicts of the env's final ``info`` (``hidden``);
the driver takes the episode's task from the local env, or its public copy from the server,
which never sends hidden tests or references. A remote episode's simulators are sessions of
the same server with hidden reports turned off (:func:`remote_env_factory`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from agents.episode.budget import Budget
from agents.episode.protocol import PRM, Agent
from agents.episode.sanitize import sanitize, summarize_tests
from agents.episode.simulator import env_factory, remote_env_factory
from agents.episode.tools import AgentTools
from o1coder_env.protocol.steps import classify_step
from o1coder_env.remote import RemoteEnv, RemoteEnvError
from o1coder_env.stats import Interval, mean_interval, wilson_interval
from o1coder_env.tasks.model import Task

__all__ = ["EpisodeRecord", "EvaluationSummary", "evaluate_agent", "run_episode"]


@dataclass
class EpisodeRecord:
    """One episode: what the agent did, what it earned, and what it cost.

    Attributes:
        agent: The agent's name.
        task_id: The task.
        seed: The episode seed.
        mode: ``"pseudocode"``, ``"direct"`` or ``"choice"``.
        steps: The step texts, in order.
        step_kinds: ``outline``/``refine``/``code`` per step.
        actions: The raw actions (texts, or indices in the Choice env).
        reward: Sum of the evaluation env's rewards.
        public: Public-test results of the final program (``summarize_tests`` dict) or None.
        hidden: Hidden-test results of the final program, or None.
        success: True when every hidden test passed.
        terminated: The env ended the episode (a code step).
        truncated: The env cut it (step limit).
        budget: The episode's :class:`Budget` as a dict.
        error: The agent's exception, if it raised one (the episode then scores 0).
    """

    agent: str
    task_id: str
    seed: int
    mode: str
    steps: list[str] = field(default_factory=list)
    step_kinds: list[str] = field(default_factory=list)
    actions: list[str | int] = field(default_factory=list)
    reward: float = 0.0
    public: dict[str, Any] | None = None
    hidden: dict[str, Any] | None = None
    success: bool = False
    terminated: bool = False
    truncated: bool = False
    budget: dict[str, Any] = field(default_factory=dict)
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return asdict(self)


def _mode_of(env: Any) -> str:
    spec = getattr(env.unwrapped, "spec", None) or getattr(env, "spec", None)
    env_id = getattr(spec, "id", "") or getattr(env.unwrapped, "env_id", "") or ""
    if "Choice" in env_id:
        return "choice"
    if "Direct" in env_id:
        return "direct"
    return "pseudocode"


def _step_text(action: str | int, info: Mapping[str, Any], observation: Any) -> str:
    """The text of the step an action took (the Choice env maps an index to a candidate)."""
    if isinstance(action, str):
        return action
    for key in ("step", "chosen_step", "step_text"):
        if isinstance(info.get(key), str):
            return info[key]
    if isinstance(observation, Mapping) and observation.get("steps"):
        last = observation["steps"][-1]
        if isinstance(last, str):
            return last
    return str(action)


def run_episode(
    agent: Agent,
    env: Any,
    task_id: str,
    seed: int = 0,
    *,
    generator: Any = None,
    prm: PRM | None = None,
    sandbox: Any = None,
    reward_tests: str = "public",
    max_steps: int | None = None,
) -> EpisodeRecord:
    """Run one episode of ``agent`` on ``task_id`` in the evaluation ``env``.

    Args:
        agent: Any :class:`Agent`.
        env: The evaluation env, made with ``gymnasium.make`` (its id and kwargs are reused for
            the agent's simulators), or a :class:`o1coder_env.remote.RemoteEnv` (simulators
            are sessions of its server); it must report hidden-test results in its final
            info.
        task_id: The task to solve (must be among the env's tasks).
        seed: Episode seed (env reset and the agent's ``tools.rng``).
        generator: The step generator the agent may use (wrapped to count its cost).
        prm: An optional process reward model the agent may use.
        sandbox: The sandbox for the agent's own runs (default: the process-wide one).
        reward_tests: Test source of the simulators' rewards: ``"public"`` or ``"tcg"``.
        max_steps: A hard cap on the agent's actions (default: the env's own limit, or 64).

    Returns:
        The :class:`EpisodeRecord`; an agent exception is recorded in ``error``, not raised.

    Raises:
        ValueError: For ``reward_tests`` other than public/tcg, an env that reset to another
            task, or a remote env that cannot judge the episode (its server does not report
            hidden-test verdicts) or asked for ``reward_tests="tcg"``.
    """
    if reward_tests not in ("public", "tcg"):
        raise ValueError(f"reward_tests for agents must be 'public' or 'tcg' (never hidden), "
                         f"got {reward_tests!r}")
    start = time.perf_counter()
    budget = Budget()
    mode = _mode_of(env)
    remote = env.unwrapped if isinstance(env.unwrapped, RemoteEnv) else None
    if remote is not None:
        _check_remote_evaluation(remote, reward_tests)
    observation, info = env.reset(seed=seed, options={"task_id": task_id})
    # A remote env keeps the task on its server: the driver gets its public copy.
    task: Task = env.unwrapped.task if remote is None else remote.public_task()
    if task.task_id != task_id:
        raise ValueError(f"the env reset to task {task.task_id!r}, not {task_id!r}")
    limit = max_steps or getattr(env.unwrapped, "max_steps", None) or 64
    factory: Callable[..., Any] | None
    if remote is not None:
        factory = remote_env_factory(remote.url, timeout_s=remote.timeout_s,
                                     connect_timeout_s=remote.connect_timeout_s)
    else:
        try:
            factory = env_factory(env)
        except ValueError:
            factory = None
    # The simulators' TCG tests come from the real task (its reference), generated by the
    # evaluation env itself: the agent's public copy of the task has no reference to run.
    tcg_tests = env.unwrapped.tcg_tests_for(task) if reward_tests == "tcg" else None
    tools = AgentTools(
        task, mode="direct" if mode == "direct" else "pseudocode", generator=generator, prm=prm,
        sandbox=sandbox, budget=budget, env_factory=factory, action_space=env.action_space,
        seed=seed, reward_tests=reward_tests, max_steps=limit, tcg_tests=tcg_tests,
    )
    record = EpisodeRecord(agent=getattr(agent, "name", type(agent).__name__),
                           task_id=task_id, seed=seed, mode=mode)
    final_info: dict[str, Any] = dict(info)
    try:
        agent.reset(task.agent_view(), tools)
        done = False
        while not done and len(record.actions) < limit:
            action = agent.act(sanitize(observation), sanitize(dict(final_info)))
            if isinstance(action, (np.integer,)):
                action = int(action)
            observation, reward, terminated, truncated, step_info = env.step(action)
            budget.env_steps += 1
            final_info = dict(step_info)
            text = _step_text(action, final_info, observation)
            record.actions.append(action)
            record.steps.append(text)
            record.step_kinds.append(str(classify_step(text, len(record.steps) - 1).value))
            record.reward += float(reward)
            record.terminated, record.truncated = bool(terminated), bool(truncated)
            done = bool(terminated or truncated)
            if hasattr(agent, "remember"):
                agent.remember(action, text)
    except RemoteEnvError:
        raise  # a lost server is not the agent's failure: the episode did not happen
    except Exception as exc:  # an agent's bug scores 0, it does not stop the benchmark
        record.error = f"{type(exc).__name__}: {exc}"
    record.public = summarize_tests(final_info.get("tests"))
    record.hidden = summarize_tests(final_info.get("hidden"))
    record.success = bool(record.hidden and record.hidden.get("passed"))
    budget.wall_s = time.perf_counter() - start
    record.budget = budget.to_dict()
    return record


def _check_remote_evaluation(env: RemoteEnv, reward_tests: str) -> None:
    """Refuse a remote evaluation env that cannot judge an episode (before any step)."""
    if not env.reward_config.get("report_hidden"):
        raise ValueError(
            f"the server at {env.url} ({env.env_id}) does not report hidden-test verdicts, so "
            "no episode played on it can be judged; serve an evaluation env: --env-kwargs "
            "'{\"evaluation\": true}' (or \"report_hidden\": true)")
    if not env.report_hidden:
        raise ValueError(f"this RemoteEnv session of {env.url} has hidden reports turned off "
                         "(set_report_hidden(False)); an evaluation env must report them")
    if reward_tests == "tcg":
        raise ValueError("reward_tests='tcg' needs tests generated from the task's reference, "
                         "which a remote env keeps on its server; over a remote env the "
                         "agents' simulators score on public tests (reward_tests='public')")


@dataclass(frozen=True)
class EvaluationSummary:
    """Mean reward and success rate of a set of episodes, with their 95 % intervals.

    Attributes:
        episodes: How many episodes.
        mean_reward: Mean of the episode rewards (normal-approximation interval).
        success_rate: Share of episodes whose hidden tests all passed (Wilson interval).
        records: The episodes themselves.
    """

    episodes: int
    mean_reward: Interval
    success_rate: Interval
    records: tuple[EpisodeRecord, ...]


def evaluate_agent(agent: Agent, env: Any, task_ids: Sequence[str], seeds: Sequence[int], *,
                   strict: bool = False, **run_options: Any) -> EvaluationSummary:
    """Play ``agent`` once per task and seed with :func:`run_episode` and summarize.

    The one evaluation loop of the trainers (PPO on the Choice env, self-play's held-out
    evaluation): the same driver, hence the same no-leak rules, as the bench.

    Args:
        agent: Any :class:`Agent`.
        env: The evaluation env (reports hidden tests).
        task_ids: Tasks to play.
        seeds: Episode seeds; each task is played once per seed.
        strict: Raise when an episode recorded an agent error (a broken agent is not a score).
        **run_options: Passed to :func:`run_episode` (``generator``, ``prm``, ``sandbox``...).

    Raises:
        ValueError: Without any task or seed.
        RuntimeError: With ``strict`` when an agent raised.
    """
    if not task_ids or not seeds:
        raise ValueError(f"evaluate_agent needs tasks and seeds, got {len(task_ids)} tasks and "
                         f"{len(seeds)} seeds")
    records: list[EpisodeRecord] = []
    for task_id in task_ids:
        for seed in seeds:
            record = run_episode(agent, env, task_id, int(seed), **run_options)
            if strict and record.error:
                raise RuntimeError(f"{record.agent} failed on {task_id} seed {seed}: "
                                   f"{record.error}")
            records.append(record)
    successes = sum(r.success for r in records)
    return EvaluationSummary(
        episodes=len(records), mean_reward=mean_interval([r.reward for r in records]),
        success_rate=wilson_interval(successes, len(records)), records=tuple(records))
