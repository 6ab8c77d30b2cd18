"""The tools a fair agent may use during one episode, every one of them budget-counted."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from agents.episode.budget import Budget, CountingGenerator, CountingSandbox
from agents.episode.protocol import MODES, PRM
from agents.episode.sanitize import public_task
from agents.episode.simulator import Simulator
from o1coder_env.protocol.prompts import STEP_STOP, build_step_messages, clean_step
from o1coder_env.tasks.model import Task

__all__ = ["AgentTools"]


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
        self._counting_sandbox = CountingSandbox(sandbox, budget) if sandbox is not None else None
        self._env_factory = env_factory
        self._reward_tests = reward_tests

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
