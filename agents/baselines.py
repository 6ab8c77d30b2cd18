"""Baseline agents (random, greedy, sample, best-of-n), the agent registry and ``load_agent``.

Every baseline works in both protocols: ``mode="pseudocode"`` (one reasoning step per action,
in ``O1Coder-v1``) and ``mode="direct"`` (one code step, in ``O1Coder-Direct-v2``); the mode
comes from the env the driver runs, through ``tools.mode``. Names usable on the bench CLI:
:data:`AGENTS` (``random``, ``greedy``, ``sample``, ``best-of-n``, ``mcts``).
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from agents.base import MODES, Agent, BaseAgent, pass_fraction, summarize_tests
from o1coder_env.protocol.steps import is_code_step

__all__ = [
    "AGENTS",
    "BestOfNAgent",
    "GreedyAgent",
    "RandomAgent",
    "SampleAgent",
    "load_agent",
    "make_agent",
]


class _StepwiseAgent(BaseAgent):
    """Generates one step per action with fixed sampling settings."""

    temperature = 0.0

    def __init__(self, *, mode: str = "pseudocode", temperature: float | None = None,
                 top_p: float = 0.95, top_k: int = 40, max_new_tokens: int = 256) -> None:
        super().__init__()
        if mode not in MODES:
            raise ValueError(f"unknown agent mode {mode!r}; expected one of {MODES}")
        self.mode = mode
        if temperature is not None:
            if temperature < 0:
                raise ValueError(f"temperature must be >= 0, got {temperature}")
            self.temperature = temperature
        self.top_p, self.top_k, self.max_new_tokens = top_p, top_k, max_new_tokens

    def act(self, observation: Any, info: dict[str, Any]) -> str:
        """Sample the next step after the agent's own trace."""
        return self.sample_steps(
            self.steps, n=1, temperature=self.temperature, top_p=self.top_p, top_k=self.top_k,
            max_new_tokens=self.max_new_tokens,
        )[0].text


class GreedyAgent(_StepwiseAgent):
    """Temperature 0, one step at a time (the paper's "vanilla"/"pseudocode" greedy CoT)."""

    name = "greedy"
    temperature = 0.0


class SampleAgent(_StepwiseAgent):
    """Sampling at temperature > 0 (default 0.8, the paper's), one step at a time."""

    name = "sample"
    temperature = 0.8

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if self.temperature <= 0:
            raise ValueError("the sample agent needs temperature > 0 (use greedy for 0)")


class RandomAgent(BaseAgent):
    """Uniform over the Choice env's actions; in text envs, a uniformly chosen sampled step.

    Args:
        k: Candidates sampled per step in text envs (one generator call), one kept at random.
    """

    name = "random"

    def __init__(self, *, mode: str = "pseudocode", k: int = 4) -> None:
        super().__init__()
        if k < 1:
            raise ValueError(f"k must be >= 1, got {k}")
        self.mode, self.k = mode, k

    def act(self, observation: Any, info: dict[str, Any]) -> str | int:
        """An action index drawn from ``tools.rng``, or one of ``k`` sampled steps."""
        assert self.tools is not None
        space = self.tools.action_space
        n_actions = getattr(space, "n", None)
        if n_actions is not None:  # a Discrete space: the Choice env
            return int(self.tools.rng.integers(int(n_actions)))
        candidates = self.sample_steps(self.steps, n=self.k, temperature=1.0)
        return candidates[int(self.tools.rng.integers(len(candidates)))].text


class BestOfNAgent(BaseAgent):
    """Samples ``n`` full traces, keeps the one that passes most public tests, replays it.

    Traces are grown together (one generator call per depth for all unfinished traces) and
    checked in the simulator, which runs public tests only. Ties go to the higher mean PRM
    score when a PRM is given, else to the higher log-probability per token.

    Args:
        n: Number of full samples.
        temperature: Sampling temperature (> 0, so that the samples differ).
        mode: ``"pseudocode"`` or ``"direct"`` (informational; the env decides).
    """

    name = "best-of-n"

    def __init__(self, *, n: int = 4, temperature: float = 0.8, top_p: float = 0.95,
                 top_k: int = 40, max_new_tokens: int = 256, mode: str = "pseudocode") -> None:
        super().__init__()
        if n < 1:
            raise ValueError(f"n must be >= 1, got {n}")
        if temperature <= 0:
            raise ValueError("best-of-n needs temperature > 0 (greedy samples are identical)")
        self.n, self.temperature, self.mode = n, temperature, mode
        self.top_p, self.top_k, self.max_new_tokens = top_p, top_k, max_new_tokens
        self.plan: list[str] = []
        self.candidates: list[dict[str, Any]] = []

    def on_reset(self) -> None:
        """Forget the previous task's plan."""
        self.plan, self.candidates = [], []

    def _sample_traces(self) -> list[tuple[list[str], float, int]]:
        assert self.tools is not None
        limit = 1 if self.tools.mode == "direct" else (self.tools.max_steps or 5)
        traces: list[list[str]] = [[] for _ in range(self.n)]
        logprob = [0.0] * self.n
        tokens = [0] * self.n
        # The first step: n samples of one prompt; later steps: one sample per open trace.
        first = self.sample_steps([], n=self.n, temperature=self.temperature, top_p=self.top_p,
                                  top_k=self.top_k, max_new_tokens=self.max_new_tokens)
        for i, gen in enumerate(first):
            traces[i].append(gen.text)
            logprob[i] += gen.logprob or 0.0
            tokens[i] += gen.completion_tokens
        for _ in range(1, limit):
            open_ids = [i for i, t in enumerate(traces) if not is_code_step(t[-1])]
            if not open_ids:
                break
            out = self.tools.sample_steps(
                [traces[i] for i in open_ids], n=1, temperature=self.temperature,
                top_p=self.top_p, top_k=self.top_k, max_new_tokens=self.max_new_tokens,
            )
            for i, group in zip(open_ids, out, strict=True):
                traces[i].append(group[0].text)
                logprob[i] += group[0].logprob or 0.0
                tokens[i] += group[0].completion_tokens
        return [(t, lp, tk) for t, lp, tk in zip(traces, logprob, tokens, strict=True)]

    def _score(self, trace: list[str]) -> dict[str, Any] | None:
        """Public-test results of a trace, from the simulator (which never runs hidden tests)."""
        assert self.tools is not None
        if not trace or not is_code_step(trace[-1]):
            return None
        sim = self.tools.simulator()
        info: dict[str, Any] = {}
        try:
            for step in trace:
                _, _, terminated, truncated, info = sim.step(step)
                if terminated or truncated:
                    break
        finally:
            sim.close()
        return summarize_tests(info.get("tests"))

    def act(self, observation: Any, info: dict[str, Any]) -> str:
        """Plan on the first call (sample, check, choose), then replay the chosen trace."""
        assert self.tools is not None
        if not self.plan and not self.steps:
            seen: dict[tuple[str, ...], dict[str, Any] | None] = {}
            for trace, lp, tk in self._sample_traces():
                key = tuple(trace)
                if key not in seen:  # identical samples are checked once
                    seen[key] = self._score(trace)
                tests = seen[key]
                prm = (float(np.mean(self.tools.prm(self.tools.problem, trace)))
                       if self.tools.prm is not None else None)
                self.candidates.append({
                    "steps": trace, "public_pass": pass_fraction(tests), "prm": prm,
                    "logprob_per_token": lp / max(tk, 1),
                })
            best = max(
                self.candidates,
                key=lambda c: (c["public_pass"],
                               c["prm"] if c["prm"] is not None else c["logprob_per_token"]),
            )
            self.plan = list(best["steps"])
        index = len(self.steps)
        if index < len(self.plan):
            return self.plan[index]
        # The env wants more steps than the plan has (it never ended): ask for a fresh one.
        return self.sample_steps(self.steps, n=1, temperature=0.0)[0].text


def _mcts_agent(**kwargs: Any) -> Agent:
    from agents.mcts.agent import MCTSAgent

    return MCTSAgent(**kwargs)


#: Agent names usable on the bench CLI -> factories taking keyword settings.
AGENTS: dict[str, Callable[..., Agent]] = {
    "random": RandomAgent,
    "greedy": GreedyAgent,
    "sample": SampleAgent,
    "best-of-n": BestOfNAgent,
    "mcts": _mcts_agent,
}


def make_agent(name: str, *, mode: str = "pseudocode", **settings: Any) -> Agent:
    """Build a registered agent (or a ``package.module:Class`` one) by name.

    Args:
        name: One of :data:`AGENTS`, or ``"package.module:Class"``.
        mode: ``"pseudocode"`` or ``"direct"``; the agent's name gets a ``-direct`` suffix in
            direct mode so that leaderboards tell them apart.
        **settings: Keyword settings of the agent (``n``, ``temperature``, ``rollouts``...).
            ``generator`` is accepted and ignored here: the driver hands the generator to the
            agent through its tools, so that its cost is counted.

    Raises:
        ValueError: For an unknown name or mode.
    """
    if mode not in MODES:
        raise ValueError(f"unknown agent mode {mode!r}; expected one of {MODES}")
    settings.pop("generator", None)
    if ":" in name:
        agent = load_agent(name, mode=mode, **settings)
    else:
        try:
            factory = AGENTS[name]
        except KeyError:
            raise ValueError(f"unknown agent {name!r}; known agents: {', '.join(AGENTS)} "
                             "(or package.module:Class)") from None
        agent = factory(mode=mode, **settings)
    if mode == "direct" and not str(getattr(agent, "name", "")).endswith("-direct"):
        agent.name = f"{agent.name}-direct"
    return agent


def load_agent(spec: str, **settings: Any) -> Agent:
    """Import ``"package.module:Class"`` and build it with ``settings``.

    Raises:
        ValueError: When the spec is malformed, the module or attribute is missing, or the
            object is not an agent (needs ``name``, ``reset`` and ``act``).
    """
    module_name, sep, attr = spec.partition(":")
    if not sep or not module_name or not attr:
        raise ValueError(f"agent spec must look like 'package.module:Class', got {spec!r}")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise ValueError(f"cannot import agent module {module_name!r}: {exc}") from exc
    try:
        target = getattr(module, attr)
    except AttributeError:
        raise ValueError(f"module {module_name!r} has no attribute {attr!r}") from None
    if callable(target):
        params: Mapping[str, inspect.Parameter]
        try:
            params = inspect.signature(target).parameters
        except (TypeError, ValueError):
            params = {}
        takes_any = any(p.kind is p.VAR_KEYWORD for p in params.values())
        if "mode" not in params and not takes_any:
            settings.pop("mode", None)  # a user's agent need not know about modes
        agent = target(**settings)
    else:
        agent = target
    for needed in ("reset", "act"):
        if not callable(getattr(agent, needed, None)):
            raise ValueError(f"{spec} is not an agent: it has no {needed}() method")
    if not hasattr(agent, "name"):
        agent.name = attr
    return agent
