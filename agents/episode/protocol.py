"""The Agent protocol and :class:`BaseAgent`, the base most agents subclass.

An agent is anything with a ``name``, ``reset(task_view, tools)`` and ``act(observation, info)``;
what it may use during an episode is :class:`~agents.episode.tools.AgentTools`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from o1coder_env.protocol.prompts import MODES as PROMPT_MODES

if TYPE_CHECKING:
    from agents.episode.tools import AgentTools

__all__ = ["DIRECT_ENV_ID", "MODES", "PRM", "PSEUDOCODE_ENV_ID", "Agent", "BaseAgent"]

#: Agent modes: the prompts' vocabulary (:data:`o1coder_env.protocol.prompts.MODES`).
MODES = PROMPT_MODES
#: The newest id of each env the agents play (Gymnasium notes an older version as out of date).
#: Both train by default (``evaluation=False``: the train split, no hidden tests run, the test
#: split refused): pass ``evaluation=True`` to play the test split or any given tasks and report
#: hidden verdicts, which is what ``-v0`` did. ``O1Coder-Direct-v2`` takes as the program the
#: last block that defines the entry point (``program_rule="entry-point"``; ``-v0``/``-v1``: the
#: last python block, ``program_rule="last-fence"``).
PSEUDOCODE_ENV_ID = "O1Coder-v1"
DIRECT_ENV_ID = "O1Coder-Direct-v2"

PRM = Callable[[str, Sequence[str]], Sequence[float]]


@runtime_checkable
class Agent(Protocol):
    """What the bench runner drives. Implement it directly or subclass :class:`BaseAgent`."""

    name: str

    def reset(self, task_view: dict[str, Any], tools: AgentTools) -> None:
        """Start a new task: ``task_view`` is ``Task.agent_view()``; ``tools`` its tools."""

    def act(self, observation: Any, info: dict[str, Any]) -> str | int:
        """Return the next step's text (or a candidate index in the Choice env)."""


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
