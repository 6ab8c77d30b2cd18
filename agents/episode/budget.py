"""Budget accounting at the tools boundary: the counters and the counting wrappers.

The wrappers expose the *protocol* of what they wrap and nothing else: an agent holding
``tools.generator`` can call ``generate`` (and read the generator's ``budget``), an agent holding
the counted sandbox can run programs; neither reaches the wrapped object, its tasks (hidden
tests, references) or its verdict cache through them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["Budget", "CountingGenerator", "CountingSandbox"]


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

    Only the step-generator protocol passes through (``generate``, ``budget``,
    ``reset_budget``); the wrapped generator and its attributes (an offline generator's tasks,
    with their hidden tests and references) are not reachable from here.

    Args:
        inner: Any object with ``generate(prompts, n=, sampling=) -> list[list[Generation]]``.
        budget: Where the costs go.
    """

    __slots__ = ("__inner", "_episode_budget")

    def __init__(self, inner: Any, budget: Budget) -> None:
        self.__inner = inner
        self._episode_budget = budget

    def generate(self, prompts: Sequence[Any], n: int = 1, sampling: Any = None) -> list[list[Any]]:
        """Delegate to the inner generator and count calls, samples and tokens."""
        if sampling is None:
            out = self.__inner.generate(list(prompts), n=n)
        else:
            out = self.__inner.generate(list(prompts), n=n, sampling=sampling)
        spent = self._episode_budget
        spent.generator_calls += 1
        for group in out:
            spent.generated_steps += len(group)
            for gen in group:
                spent.prompt_tokens += int(getattr(gen, "prompt_tokens", 0) or 0)
                spent.completion_tokens += int(getattr(gen, "completion_tokens", 0) or 0)
        return out

    @property
    def budget(self) -> Any:
        """The wrapped generator's own spend report (a copy: read-only for the agent)."""
        from copy import copy

        return copy(self.__inner.budget)

    def reset_budget(self) -> None:
        """Refused: an agent does not reset the meter its episode is measured by."""
        raise PermissionError("an agent may not reset the generator's budget")


class CountingSandbox:
    """A sandbox that counts the programs it is asked to run (cache hits included).

    Only ``run``, ``run_batch`` and ``run_task`` pass through; the wrapped sandbox (its workers,
    its verdict cache) is not reachable from here.

    Args:
        inner: A :class:`o1coder_env.sandbox.Sandbox` (or anything with ``run``/``run_batch``
            /``run_task``).
        budget: Where the counts go.
    """

    __slots__ = ("__inner", "_episode_budget")

    def __init__(self, inner: Any, budget: Budget) -> None:
        self.__inner = inner
        self._episode_budget = budget

    def run(self, *args: Any, **kwargs: Any) -> Any:
        """Run one program (counted)."""
        self._episode_budget.sandbox_runs += 1
        return self.__inner.run(*args, **kwargs)

    def run_batch(self, jobs: Sequence[Any], *args: Any, **kwargs: Any) -> Any:
        """Run several programs (each counted)."""
        self._episode_budget.sandbox_runs += len(jobs)
        return self.__inner.run_batch(jobs, *args, **kwargs)

    def run_task(self, *args: Any, **kwargs: Any) -> Any:
        """Run a program on a task's tests (counted)."""
        self._episode_budget.sandbox_runs += 1
        return self.__inner.run_task(*args, **kwargs)
