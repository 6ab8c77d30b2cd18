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


from agents.episode.budget import Budget, CountingGenerator, CountingSandbox
from agents.episode.driver import EpisodeRecord, EvaluationSummary, evaluate_agent, run_episode
from agents.episode.protocol import (
    DIRECT_ENV_ID,
    MODES,
    PRM,
    PSEUDOCODE_ENV_ID,
    Agent,
    BaseAgent,
)
from agents.episode.sanitize import pass_fraction, public_task, sanitize, summarize_tests
from agents.episode.simulator import Simulator
from agents.episode.tools import AgentTools

__all__ = [
    "DIRECT_ENV_ID",
    "MODES",
    "PRM",
    "PSEUDOCODE_ENV_ID",
    "Agent",
    "AgentTools",
    "BaseAgent",
    "Budget",
    "CountingGenerator",
    "CountingSandbox",
    "EpisodeRecord",
    "EvaluationSummary",
    "Simulator",
    "evaluate_agent",
    "pass_fraction",
    "public_task",
    "run_episode",
    "sanitize",
    "summarize_tests",
]
