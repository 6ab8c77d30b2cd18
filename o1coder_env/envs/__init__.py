"""The Gymnasium envs: ``O1Coder-v0``, ``O1Coder-Direct-v0`` and ``O1Coder-Choice-v0``.

They are registered on ``import o1coder_env``; the classes are importable from here too.
"""

from __future__ import annotations

from o1coder_env.envs.base import EnvState, O1CoderBaseEnv
from o1coder_env.envs.choice import O1CoderChoiceEnv
from o1coder_env.envs.direct import O1CoderDirectEnv
from o1coder_env.envs.featurize import HashingFeaturizer, MiniLMFeaturizer, make_featurizer
from o1coder_env.envs.reasoning import O1CoderEnv, format_trace
from o1coder_env.envs.registration import ENV_IDS, register_envs, step_limits

__all__ = [
    "ENV_IDS",
    "EnvState",
    "HashingFeaturizer",
    "MiniLMFeaturizer",
    "O1CoderBaseEnv",
    "O1CoderChoiceEnv",
    "O1CoderDirectEnv",
    "O1CoderEnv",
    "format_trace",
    "make_featurizer",
    "register_envs",
    "step_limits",
]
