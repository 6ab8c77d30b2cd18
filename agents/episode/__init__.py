"""One episode of an agent: protocol, tools, budget, simulator, sanitising and the driver.

Modules, one job each:

- :mod:`~agents.episode.protocol`: the :class:`Agent` protocol, :class:`BaseAgent`, modes.
- :mod:`~agents.episode.budget`: :class:`Budget` and the counting wrappers.
- :mod:`~agents.episode.sanitize`: what an agent may see (public task, sanitized infos).
- :mod:`~agents.episode.simulator`: the agent's private env on the public-only task.
- :mod:`~agents.episode.tools`: :class:`AgentTools`.
- :mod:`~agents.episode.driver`: :func:`run_episode` and :class:`EpisodeRecord`.

:mod:`agents.base` re-exports the public names (the stable import path).
"""
