"""The Agent protocol, the tools a fair agent may use, budget accounting and the episode driver.

An agent is anything with a ``name``, ``reset(task_view, tools)`` and ``act(observation, info)``
(see :class:`Agent`). The driver :func:`run_episode` is the only thing that touches the
evaluation env: it resets it on a task, hands the agent a *sanitized* view and an
:class:`AgentTools`, calls ``act`` until the episode ends, and returns an :class:`EpisodeRecord`
with the hidden-test verdict. Agents never see hidden tests or the reference solution:

- ``task_view`` is :meth:`Task.agent_view` (problem, prompt, public tests);
- observations and infos pass through :func:`sanitize` (hidden results removed);
- the simulator is built on a copy of the task stripped of hidden tests, reference solution,
  reference steps and metadata, with ``report_hidden=False``.

Budget is counted at the tools boundary, identically for every agent: generator calls,
generated samples (steps), prompt and completion tokens (from the generator's own reports),
programs sent to the sandbox, simulator steps, and wall time of the whole episode.

A user's agent in a few lines::

    from agents.base import BaseAgent

    class FirstSampleAgent(BaseAgent):
        name = "first-sample"

        def act(self, observation, info):
            # One step at a time, temperature 0.3; the driver stops after the code step.
            return self.sample_steps(self.steps, n=1, temperature=0.3)[0].text
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol, runtime_checkable

import numpy as np

from o1coder_env.protocol.prompts import STEP_STOP, build_step_messages, clean_step
from o1coder_env.protocol.steps import classify_step
from o1coder_env.tasks.model import Task

__all__ = [
    "DIRECT_ENV_ID",
    "MODES",
    "PSEUDOCODE_ENV_ID",
    "Agent",
    "AgentTools",
    "BaseAgent",
    "Budget",
    "CountingGenerator",
    "CountingSandbox",
    "EpisodeRecord",
    "Simulator",
    "public_task",
    "run_episode",
    "sanitize",
    "summarize_tests",
]

#: Agent modes: the paper's pseudocode protocol, or the vanilla one-code-step protocol.
MODES = ("pseudocode", "direct")
PSEUDOCODE_ENV_ID = "O1Coder-v0"
DIRECT_ENV_ID = "O1Coder-Direct-v0"

PRM = Callable[[str, Sequence[str]], Sequence[float]]

# Keys of observations/infos that an agent must never receive.
_PRIVATE_KEYS = ("hidden", "reference", "solution")


@runtime_checkable
class Agent(Protocol):
    """What the bench runner drives. Implement it directly or subclass :class:`BaseAgent`."""

    name: str

    def reset(self, task_view: dict[str, Any], tools: AgentTools) -> None:
        """Start a new task: ``task_view`` is ``Task.agent_view()``; ``tools`` its tools."""

    def act(self, observation: Any, info: dict[str, Any]) -> str | int:
        """Return the next step's text (or a candidate index in the Choice env)."""


@dataclass
class Budget:
    """What an episode cost, counted at the tools boundary (the same for every agent).

    Attributes:
        generator_calls: Calls to the step generator (one call may batch many prompts).
        generated_steps: Samples the generator returned (each a candidate step).
        prompt_tokens: Prompt tokens the generator reported.
        completion_tokens: Completion tokens the generator reported.
        sandbox_runs: Programs the agent had run (public tests, simulator code steps).
        simulator_steps: Steps taken in simulators.
        env_steps: Steps taken in the evaluation env.
        wall_s: Wall time of the episode, agent and evaluation included.
    """

    generator_calls: int = 0
    generated_steps: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    sandbox_runs: int = 0
    simulator_steps: int = 0
    env_steps: int = 0
    wall_s: float = 0.0

    @property
    def tokens(self) -> int:
        """Prompt plus completion tokens."""
        return self.prompt_tokens + self.completion_tokens

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (``tokens`` included)."""
        return {**asdict(self), "tokens": self.tokens}


class CountingGenerator:
    """A step generator that adds every call's cost to a :class:`Budget`.

    Args:
        inner: Any object with ``generate(prompts, n=, sampling=) -> list[list[Generation]]``.
        budget: Where the costs go.
    """

    def __init__(self, inner: Any, budget: Budget) -> None:
        self.inner = inner
        self.budget = budget

    def generate(self, prompts: Sequence[Any], n: int = 1, sampling: Any = None) -> list[list[Any]]:
        """Delegate to the inner generator and count calls, samples and tokens."""
        if sampling is None:
            out = self.inner.generate(list(prompts), n=n)
        else:
            out = self.inner.generate(list(prompts), n=n, sampling=sampling)
        self.budget.generator_calls += 1
        for group in out:
            self.budget.generated_steps += len(group)
            for gen in group:
                self.budget.prompt_tokens += int(getattr(gen, "prompt_tokens", 0) or 0)
                self.budget.completion_tokens += int(getattr(gen, "completion_tokens", 0) or 0)
        return out

    def __getattr__(self, name: str) -> Any:
        # Read-only details of the inner generator (model name...) stay visible.
        if name in ("inner", "budget"):
            raise AttributeError(name)
        return getattr(self.inner, name)


class CountingSandbox:
    """A sandbox that counts the programs it is asked to run (cache hits included).

    Args:
        inner: A :class:`o1coder_env.sandbox.Sandbox` (or anything with ``run``/``run_batch``
            /``run_task``).
        budget: Where the counts go.
    """

    def __init__(self, inner: Any, budget: Budget) -> None:
        self.inner = inner
        self.budget = budget

    def run(self, *args: Any, **kwargs: Any) -> Any:
        """Run one program (counted)."""
        self.budget.sandbox_runs += 1
        return self.inner.run(*args, **kwargs)

    def run_batch(self, jobs: Sequence[Any], *args: Any, **kwargs: Any) -> Any:
        """Run several programs (each counted)."""
        self.budget.sandbox_runs += len(jobs)
        return self.inner.run_batch(jobs, *args, **kwargs)

    def run_task(self, *args: Any, **kwargs: Any) -> Any:
        """Run a program on a task's tests (counted)."""
        self.budget.sandbox_runs += 1
        return self.inner.run_task(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        if name in ("inner", "budget"):
            raise AttributeError(name)
        return getattr(self.inner, name)


def public_task(task: Task) -> Task:
    """A copy of ``task`` with everything an agent must not see removed.

    Hidden tests, the reference solution, the reference reasoning steps and the metadata (which
    loaders may fill with anything) are dropped; the problem and public tests stay.
    """
    return task.with_changes(
        hidden_tests=(), reference_solution=None, reference_steps=None, metadata={}
    )


def sanitize(value: Any) -> Any:
    """Remove hidden-test results and reference data from an observation or info dict."""
    if isinstance(value, Mapping):
        return {
            k: sanitize(v) for k, v in value.items()
            if not any(p in str(k).lower() for p in _PRIVATE_KEYS)
        }
    return value


def summarize_tests(results: Any) -> dict[str, Any] | None:
    """Normalize test results (an ExecReport, its dict, or a list of results) to a dict.

    Returns:
        ``{"passed", "passed_tests", "total_tests", "status", "results"}`` or ``None`` when
        there are none.
    """
    if results is None:
        return None
    if hasattr(results, "to_dict"):
        return results.to_dict(timings=False)
    if isinstance(results, Mapping):
        out = dict(results)
        if "passed_tests" not in out and isinstance(out.get("results"), list):
            out.update(_count(out["results"]))
        return out
    if isinstance(results, (list, tuple)):
        items = [r.to_dict(timings=False) if hasattr(r, "to_dict") else r for r in results]
        return {"results": items, **_count(items)}
    raise TypeError(f"cannot summarize test results of type {type(results).__name__}")


def _count(items: Sequence[Any]) -> dict[str, Any]:
    def ok(r: Any) -> bool:
        if isinstance(r, Mapping):
            return bool(r.get("passed", r.get("status") == "passed"))
        return bool(getattr(r, "passed", False))

    passed = sum(ok(r) for r in items)
    return {"passed_tests": passed, "total_tests": len(items),
            "passed": bool(items) and passed == len(items)}


def pass_fraction(summary: Mapping[str, Any] | None) -> float:
    """Passed / total of a :func:`summarize_tests` dict (0.0 for none)."""
    if not summary:
        return 0.0
    total = int(summary.get("total_tests", 0) or 0)
    return int(summary.get("passed_tests", 0) or 0) / total if total else 0.0


def _env_factory(env: Any) -> Callable[..., Any]:
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


class AgentTools:
    """Everything a fair agent may use during one episode; all of it budget-counted.

    Attributes:
        task_view: ``Task.agent_view()`` (problem, prompt, public tests).
        problem: The problem text as the policy reads it (statement plus what to implement).
        mode: ``"pseudocode"`` or ``"direct"``.
        generator: The step generator (counted), or ``None``.
        prm: A process reward model ``(problem, steps) -> scores``, or ``None``.
        action_space: The evaluation env's action space (a ``Discrete`` in the Choice env).
        rng: The episode's random generator (seeded by the episode seed).
        budget: The running :class:`Budget`.
        max_steps: The most steps the evaluation env allows, if known.

    With ``reward_tests="tcg"`` the constructor takes ``tcg_tests``: tests generated from the
    real task by trusted code (:func:`run_episode` asks the evaluation env), which the
    simulators score with (their public task copy has no reference to generate them).
    """

    def __init__(
        self,
        task: Task,
        *,
        mode: str,
        generator: Any,
        prm: PRM | None,
        sandbox: Any,
        budget: Budget,
        env_factory: Callable[..., Any] | None,
        action_space: Any,
        seed: int,
        reward_tests: str = "public",
        max_steps: int | None = None,
        tcg_tests: Sequence[Any] | None = None,
    ) -> None:
        from o1coder_env.protocol.prompts import task_problem_text

        if mode not in MODES:
            raise ValueError(f"unknown agent mode {mode!r}; expected one of {MODES}")
        # The only Task the tools ever hold: hidden tests and references are gone.
        self._task = public_task(task)
        self.task_view = task.agent_view()
        self.problem = task_problem_text(self._task)
        self.mode = mode
        self.budget = budget
        self.generator = CountingGenerator(generator, budget) if generator is not None else None
        self.prm = prm
        self.action_space = action_space
        self.rng = np.random.default_rng(seed)
        self.max_steps = max_steps
        self._seed = seed
        self._sandbox = sandbox
        self._counting_sandbox = CountingSandbox(sandbox, budget) if sandbox is not None else None
        self._env_factory = env_factory
        self._reward_tests = reward_tests
        if reward_tests == "tcg" and not tcg_tests:
            raise ValueError("reward_tests='tcg' needs the tests generated from the real task "
                             "(tcg_tests); the agent's public task has no reference to run")
        self._tcg_tests = tuple(tcg_tests or ())

    @property
    def task_id(self) -> str:
        """The current task's id."""
        return self._task.task_id

    def simulator(self) -> Simulator:
        """A fresh env on the public-only task, reset to its start (``report_hidden=False``).

        Raises:
            RuntimeError: When the episode has no env to clone.
        """
        if self._env_factory is None:
            raise RuntimeError("no simulator available: the episode was not driven by an env")
        overrides: dict[str, Any] = {
            "tasks": [self._task],
            "report_hidden": False,
            "reward_tests": self._reward_tests,
        }
        if self._reward_tests == "tcg":
            from o1coder_env.tcg import FixedTCG

            # Generated by trusted code from the real task; the public copy has no reference.
            overrides["tcg"] = FixedTCG(self._task.task_id, self._tcg_tests)
            overrides["tcg_tests"] = len(self._tcg_tests)
        overrides["sandbox"] = self._sandbox_for_agent()
        sim = Simulator(self._env_factory(**overrides), self._task, self.budget, self._seed)
        sim.reset()
        return sim

    def _sandbox_for_agent(self) -> CountingSandbox:
        """The counted sandbox every agent-side run goes through (default: the shared one)."""
        if self._counting_sandbox is None:
            from o1coder_env.sandbox import get_default_sandbox

            self._counting_sandbox = CountingSandbox(get_default_sandbox(), self.budget)
        return self._counting_sandbox

    def run_public_tests(self, program: str) -> Any:
        """Run a whole program on the task's public tests (counted); returns an ExecReport."""
        return self._sandbox_for_agent().run(
            program, self._task.public_tests, entry_point=self._task.entry_point,
            setup_code=self._task.setup_code,
        )

    def prompt_messages(self, steps: Sequence[str]) -> list[dict[str, str]]:
        """The chat messages asking for the next step after ``steps`` in this mode."""
        mode = "vanilla" if self.mode == "direct" and not steps else "pseudocode"
        return build_step_messages(self.problem, list(steps), mode=mode)

    def sample_steps(
        self,
        steps_batch: Sequence[Sequence[str]],
        *,
        n: int = 1,
        temperature: float = 0.8,
        top_p: float = 0.95,
        top_k: int = 40,
        max_new_tokens: int = 256,
    ) -> list[list[Any]]:
        """Sample ``n`` next steps for each trace of ``steps_batch`` in ONE generator call.

        Returns:
            For each trace, ``n`` :class:`agents.generators.Generation` whose ``text`` is cut
            to one step (``clean_step``).
        """
        if self.generator is None:
            raise RuntimeError("this episode has no step generator")
        from agents.generators import Prompt, Sampling

        prompts = [
            Prompt(messages=self.prompt_messages(steps), task_id=self.task_id,
                   steps=tuple(steps), mode="vanilla" if self.mode == "direct" else "pseudocode")
            for steps in steps_batch
        ]
        sampling = Sampling(
            temperature=temperature, top_p=top_p, top_k=top_k, max_new_tokens=max_new_tokens,
            stop=() if self.mode == "direct" else STEP_STOP,
            seed=int(self.rng.integers(2**31 - 1)),
        )
        out = self.generator.generate(prompts, n=n, sampling=sampling)
        return [[_with_text(g, clean_step(g.text)) for g in group] for group in out]


def _with_text(generation: Any, text: str) -> Any:
    from dataclasses import replace

    try:
        return replace(generation, text=text)
    except TypeError:
        return generation


class BaseAgent:
    """A convenient base: keeps the task view, the tools and the agent's own trace.

    Subclasses implement :meth:`act` (and optionally :meth:`on_reset`). ``self.steps`` holds
    the steps this agent has taken so far in the episode (appended by :meth:`remember`, which
    the driver calls after each step).
    """

    name = "base"

    def __init__(self) -> None:
        self.task_view: dict[str, Any] = {}
        self.tools: AgentTools | None = None
        self.steps: list[str] = []

    def reset(self, task_view: dict[str, Any], tools: AgentTools) -> None:
        """Store the view and tools, clear the trace, then call :meth:`on_reset`."""
        self.task_view = task_view
        self.tools = tools
        self.steps = []
        self.on_reset()

    def on_reset(self) -> None:
        """Hook for per-task setup (nothing by default)."""

    def remember(self, action: str | int, step_text: str) -> None:
        """Record a step taken (called by the driver after each env step)."""
        self.steps.append(step_text)

    def act(self, observation: Any, info: dict[str, Any]) -> str | int:
        """Return the next step; subclasses must implement it."""
        raise NotImplementedError(f"{type(self).__name__} must implement act()")

    def sample_steps(self, steps: Sequence[str], *, n: int = 1, temperature: float = 0.8,
                     **sampling: Any) -> list[Any]:
        """Sample ``n`` next steps after ``steps`` (see :meth:`AgentTools.sample_steps`)."""
        assert self.tools is not None, "reset() must be called before act()"
        return self.tools.sample_steps([steps], n=n, temperature=temperature, **sampling)[0]


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
    env_id = getattr(spec, "id", "") or ""
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
            the agent's simulators); it must report hidden-test results in its final info.
        task_id: The task to solve (must be among the env's tasks).
        seed: Episode seed (env reset and the agent's ``tools.rng``).
        generator: The step generator the agent may use (wrapped to count its cost).
        prm: An optional process reward model the agent may use.
        sandbox: The sandbox for the agent's own runs (default: the process-wide one).
        reward_tests: Test source of the simulators' rewards: ``"public"`` or ``"tcg"``.
        max_steps: A hard cap on the agent's actions (default: the env's own limit, or 64).

    Returns:
        The :class:`EpisodeRecord`; an agent exception is recorded in ``error``, not raised.
    """
    if reward_tests not in ("public", "tcg"):
        raise ValueError(f"reward_tests for agents must be 'public' or 'tcg' (never hidden), "
                         f"got {reward_tests!r}")
    start = time.perf_counter()
    budget = Budget()
    mode = _mode_of(env)
    observation, info = env.reset(seed=seed, options={"task_id": task_id})
    task: Task = env.unwrapped.task
    if task.task_id != task_id:
        raise ValueError(f"the env reset to task {task.task_id!r}, not {task_id!r}")
    limit = max_steps or getattr(env.unwrapped, "max_steps", None) or 64
    try:
        factory: Callable[..., Any] | None = _env_factory(env)
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
    except Exception as exc:  # an agent's bug scores 0, it does not stop the benchmark
        record.error = f"{type(exc).__name__}: {exc}"
    record.public = summarize_tests(final_info.get("tests"))
    record.hidden = summarize_tests(final_info.get("hidden"))
    record.success = bool(record.hidden and record.hidden.get("passed"))
    budget.wall_s = time.perf_counter() - start
    record.budget = budget.to_dict()
    return record
