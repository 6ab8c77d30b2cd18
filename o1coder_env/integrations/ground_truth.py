"""The ``ground_truth`` of a SkyRL / verl data row: which task judges a completion.

Both trainers carry a per-row ``ground_truth`` to the reward. o1coder's is one of:

* a task id string, ``"builtin/two_sum"``: the task is loaded from its source (``source`` in
  ``extra_info``/the env config, else the id's prefix: ``builtin``, ``mbpp``, ``HumanEval`` ->
  ``humaneval``...);
* a JSON object (string or dict) ``{"task_id": ID, "source": S, "split": SPLIT, "path": P}``;
* a JSON object ``{"task": TASK}`` with a whole task record (:meth:`Task.to_dict`, tests
  included), for data sets that must not depend on a task source at training time.

:func:`ground_truth_for` writes them. :func:`scoring_env` returns an env (cached per thread and
per task set) that judges completions for the task through the env's own code path.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Mapping
from typing import Any

import gymnasium as gym

from o1coder_env.tasks.model import Task

__all__ = ["ground_truth_for", "parse_ground_truth", "scoring_env"]

#: Sources a task id prefix names (``"HumanEval/0"`` -> ``humaneval``).
_PREFIX_SOURCES = {"builtin": "builtin", "humaneval": "humaneval", "mbpp": "mbpp",
                   "taco": "taco", "apps": "taco"}

_LOCAL = threading.local()


def ground_truth_for(task: Task, *, inline: bool = False, source: str | None = None,
                     split: str | None = None) -> str:
    """The ``ground_truth`` string of ``task`` for a SkyRL / verl data set.

    Args:
        task: The task.
        inline: Embed the whole task record (tests included) instead of naming it.
        source: The task source to name (default: ``task.source``).
        split: The split to name (default: ``task.split``).
    """
    if inline:
        return json.dumps({"task": task.to_dict()})
    ref = {"task_id": task.task_id, "source": source or task.source or None,
           "split": split or task.split or None}
    return json.dumps({k: v for k, v in ref.items() if v is not None})


def parse_ground_truth(ground_truth: Any, extra: Mapping[str, Any] | None = None
                       ) -> tuple[tuple[Any, ...], str, Task | None]:
    """Resolve a ``ground_truth`` (see the module docstring).

    Args:
        ground_truth: The row's ground truth.
        extra: ``extra_info`` (verl) or the env config (SkyRL): may name ``source``,
            ``split`` and ``path`` for a bare task id.

    Returns:
        ``(task set key, task id, inline task or None)``; the key is
        ``(source, split, path)`` for a task from a source.

    Raises:
        ValueError: For a ground truth of none of the accepted forms.
    """
    extra = dict(extra or {})
    data: Any = ground_truth
    if isinstance(data, str):
        text = data.strip()
        if text.startswith("{"):
            try:
                data = json.loads(text)
            except json.JSONDecodeError as exc:
                raise ValueError(f"ground_truth looks like JSON but is not: {exc}") from None
        else:
            data = {"task_id": text}
    if not isinstance(data, Mapping):
        raise ValueError(f"ground_truth must be a task id, a JSON object or a dict, got "
                         f"{type(ground_truth).__name__}")
    if "task" in data:
        task = Task.from_dict(data["task"])
        digest = hashlib.sha256(json.dumps(task.to_dict(), sort_keys=True).encode()).hexdigest()
        return ("inline", digest), task.task_id, task
    task_id = data.get("task_id")
    if not isinstance(task_id, str) or not task_id:
        raise ValueError(f"ground_truth needs 'task_id' or 'task', got keys {sorted(data)}")
    source = data.get("source") or extra.get("source")
    if not source:
        prefix = task_id.split("/", 1)[0].lower()
        source = _PREFIX_SOURCES.get(prefix)
        if source is None:
            raise ValueError(f"cannot tell the source of task {task_id!r}: name it in the "
                             "ground truth ({'task_id': ..., 'source': ...}) or extra_info")
    split = data.get("split", extra.get("split"))
    path = data.get("path", extra.get("path"))
    return (str(source), split, path), task_id, None


def scoring_env(key: tuple[Any, ...], inline: Task | None, *, env_id: str,
                env_kwargs: Mapping[str, Any] | None = None) -> Any:
    """An env (unwrapped) over the task set ``key``, cached per thread.

    Args:
        key: The task set key from :func:`parse_ground_truth`.
        inline: The inline task, when the key names one.
        env_id: ``"O1Coder-Direct-v0"`` (one completion = the answer) or ``"O1Coder-v0"``.
        env_kwargs: Other env arguments (``reward_tests``, ``program_rule``, ``prm``...), part
            of the cache key by identity.

    Returns:
        The env's unwrapped instance (no wrapper checks: the caller drives it correctly).
    """
    import o1coder_env  # noqa: F401  (registers the env ids)

    cache: dict[Any, Any] = getattr(_LOCAL, "envs", None) or {}
    _LOCAL.envs = cache
    extra = dict(env_kwargs or {})
    cache_key = (env_id, key, tuple(sorted((k, repr(v)) for k, v in extra.items())))
    env = cache.get(cache_key)
    if env is None:
        if inline is not None:
            extra["tasks"] = [inline]
        else:
            source, split, path = key
            extra.update(source=source, split=split, path=path)
        env = gym.make(env_id, **extra).unwrapped
        cache[cache_key] = env
    return env
