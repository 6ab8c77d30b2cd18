"""Registers the o1coder envs with Gymnasium; runs on ``import o1coder_env``.

Gymnasium has no plugin discovery, so ``import o1coder_env`` is what makes
``gym.make("O1Coder-v0")`` work. Registering twice (re-import, reload) is a no-op.
"""

from __future__ import annotations

import gymnasium as gym

__all__ = ["ENV_IDS", "TIME_LIMIT_MARGIN", "register_envs", "step_limits"]

#: id -> (entry point, default ``max_steps`` of the env, registered keyword defaults).
#: ``-v1`` trains by default (``evaluation=False``: the train split, no hidden tests run, the
#: test split refused); ``gym.make(ID, evaluation=True)`` evaluates. ``-v0`` keeps its original
#: behaviour (the test split, hidden verdicts in ``info``). ``O1Coder-Direct-v2`` is ``-v1`` whose
#: program is the last block that defines the task's entry point (``program_rule="entry-point"``);
#: the step envs (``O1Coder``, ``O1Coder-Choice``) keep their default scoring (the last python
#: block of the code step), so they have no ``-v2``; every env accepts ``program_rule=``.
_ENVS: dict[str, tuple[str, int, dict[str, object]]] = {
    "O1Coder-v0": ("o1coder_env.envs.reasoning:O1CoderEnv", 8, {}),
    "O1Coder-Direct-v0": ("o1coder_env.envs.direct:O1CoderDirectEnv", 1, {}),
    "O1Coder-Choice-v0": ("o1coder_env.envs.choice:O1CoderChoiceEnv", 8, {}),
    "O1Coder-v1": ("o1coder_env.envs.reasoning:O1CoderEnv", 8, {"evaluation": False}),
    "O1Coder-Direct-v1": ("o1coder_env.envs.direct:O1CoderDirectEnv", 1, {"evaluation": False}),
    "O1Coder-Choice-v1": ("o1coder_env.envs.choice:O1CoderChoiceEnv", 8, {"evaluation": False}),
    "O1Coder-Direct-v2": ("o1coder_env.envs.direct:O1CoderDirectEnv", 1,
                          {"evaluation": False, "program_rule": "entry-point"}),
}

#: The envs end their episodes themselves (terminated at the code step, truncated at
#: ``max_steps`` with the no-program reward). Gymnasium's ``TimeLimit`` (``max_episode_steps``)
#: is a safety net one step beyond: at exactly ``max_steps`` it would also flag a *terminating*
#: code step as truncated. To allow longer episodes pass both ``max_steps=N`` and
#: ``max_episode_steps=N + 1`` to ``gym.make``.
TIME_LIMIT_MARGIN = 1


def step_limits(max_steps: int) -> dict[str, int]:
    """The ``gym.make`` keywords for an episode of ``max_steps`` steps.

    Passing ``max_steps`` alone keeps the registered ``TimeLimit`` (default + margin), which
    truncates longer episodes before their code step; this returns both limits together.

    Args:
        max_steps: The env's step limit.

    Returns:
        ``{"max_steps": max_steps, "max_episode_steps": max_steps + TIME_LIMIT_MARGIN}``.
    """
    return {"max_steps": max_steps, "max_episode_steps": max_steps + TIME_LIMIT_MARGIN}


#: The registered env ids.
ENV_IDS: tuple[str, ...] = tuple(_ENVS)


def register_envs() -> None:
    """Register every o1coder env id that is not registered yet."""
    for env_id, (entry_point, max_steps, defaults) in _ENVS.items():
        if env_id not in gym.registry:
            gym.register(id=env_id, entry_point=entry_point,
                         max_episode_steps=max_steps + TIME_LIMIT_MARGIN, kwargs=dict(defaults))


register_envs()
