"""o1coder: a Gymnasium environment for reinforcement learning on LLM code reasoning.

Importing this package registers the environments with Gymnasium::

    import gymnasium as gym
    import o1coder_env  # noqa: F401  (registers O1Coder-v0 and friends)

    env = gym.make("O1Coder-v0")
"""

from __future__ import annotations

__version__ = "0.1.0"

from o1coder_env.envs import registration as _registration  # noqa: F401  (registers the envs)
from o1coder_env.tasks import Task, TestCase, load_tasks

__all__ = ["Task", "TestCase", "__version__", "load_tasks"]
