"""A verl custom reward function, ``compute_score``, scoring like ``O1Coder-Direct-v0``.

The signature is verl's: ``compute_score(data_source, solution_str, ground_truth,
extra_info=None)``. Name it in verl's trainer config::

    custom_reward_function:
      path: /path/to/site-packages/o1coder_env/integrations/verl.py
      name: compute_score

``solution_str`` is the model's whole answer; ``ground_truth`` names the task (a task id, or a
JSON object, see :mod:`o1coder_env.integrations.ground_truth`). The answer is scored exactly as
``O1Coder-Direct-v0`` scores its action: the program is
:func:`~o1coder_env.protocol.steps.program_from_completion` of the answer and runs once in the
sandbox on the task's reward tests through the env's own scoring
(:func:`~o1coder_env.envs.scoring.score_program`). The result is verl's dict form:
``{"score": R, "passed": ..., "total": ..., "compiled": ..., "status": ...}``.

``extra_info`` may set ``reward_tests`` (``"public"`` by default, as the env), ``reward_mode``,
``source``/``split``/``path`` (for a bare task id), ``sandbox`` (a backend name) and
``program_rule``: ``"last-fence"`` (default, ``O1Coder-Direct-v0``/``-v1`` scoring: the last fenced
block) or ``"entry-point"`` (``O1Coder-Direct-v2`` scoring: the last block that defines the
task's entry point). verl is not imported: it needs GPUs to train, this function does not.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from o1coder_env.integrations.ground_truth import parse_ground_truth, scoring_env

__all__ = ["ENV_KEYS", "compute_score"]

#: ``extra_info`` keys passed on to the env.
ENV_KEYS = ("reward_tests", "reward_mode", "tau_pass", "tau_fail", "compile_weight",
            "compile_penalty", "sandbox", "program_rule")


def compute_score(data_source: str, solution_str: str, ground_truth: Any,
                  extra_info: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Score one answer on its task (the ``O1Coder-Direct-v0`` reward).

    Args:
        data_source: verl's data source name (used as the task source when it names one and
            nothing else does, e.g. ``"mbpp"``).
        solution_str: The model's answer (a fenced program or bare code).
        ground_truth: The task: ``"builtin/two_sum"``, ``'{"task_id": ..., "source": ...}'`` or
            ``'{"task": {...}}'``.
        extra_info: Optional settings (see the module docstring).

    Returns:
        ``{"score", "passed", "total", "compiled", "status", "task_id"}``.

    Raises:
        ValueError: For a ground truth that names no task of its source.
        TypeError: For a ``solution_str`` that is not a string.
    """
    if not isinstance(solution_str, str):
        raise TypeError(f"solution_str must be a str, got {type(solution_str).__name__}")
    extra = dict(extra_info or {})
    if "source" not in extra and data_source in ("builtin", "humaneval", "mbpp", "taco"):
        extra["source"] = data_source
    key, task_id, inline = parse_ground_truth(ground_truth, extra)
    env_kwargs: dict[str, Any] = {k: extra[k] for k in ENV_KEYS if k in extra}
    env_kwargs.setdefault("report_hidden", False)  # a training reward: hidden tests stay idle
    env = scoring_env(key, inline, env_id="O1Coder-Direct-v0", env_kwargs=env_kwargs)
    env.reset(options={"task_id": task_id})
    _, reward, _, _, info = env.step(solution_str)
    sources = info.get("reward_sources", {})
    return {
        "score": float(reward),
        "passed": int(sum(v["passed"] for v in sources.values())),
        "total": int(sum(v["total"] for v in sources.values())),
        "compiled": bool(info.get("compiled")),
        "status": str(info.get("status")),
        "task_id": task_id,
    }
