"""Shared set-up of the agent and MCTS tests."""

from __future__ import annotations

import functools

import o1coder_env  # noqa: F401  (registers the envs; a broken import must fail, not skip)
from o1coder_env.sandbox import Sandbox


@functools.lru_cache(maxsize=1)
def process_sandbox() -> Sandbox:
    """One process-backend sandbox: these tests check agents, not the sandbox's confinement."""
    return Sandbox(backend="process")
