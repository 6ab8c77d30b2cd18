"""The built-in suite: original problems written for o1coder, the offline default data.

Splits are fixed per problem (``split=`` in its definition): ``train`` for synthesis and
training, ``test`` for evaluation. ``load_builtin(None, "test")`` returns the test split.
"""

from __future__ import annotations

import importlib
from functools import lru_cache

from o1coder_env.tasks.model import Task

__all__ = ["BUILTIN_MODULES", "load_builtin"]

#: Modules that define ``PROBLEMS: list[Task]``.
BUILTIN_MODULES = (
    "o1coder_env.tasks.builtin.problems_a",
    "o1coder_env.tasks.builtin.problems_b",
)


@lru_cache(maxsize=1)
def _all_tasks() -> tuple[Task, ...]:
    tasks: list[Task] = []
    seen: set[str] = set()
    for name in BUILTIN_MODULES:
        for task in importlib.import_module(name).PROBLEMS:
            if task.task_id in seen:
                raise ValueError(f"duplicate builtin task id {task.task_id!r} in {name}")
            seen.add(task.task_id)
            tasks.append(task)
    return tuple(sorted(tasks, key=lambda t: t.task_id))


def load_builtin(path: str | None = None, split: str | None = None) -> list[Task]:
    """Load the built-in suite.

    Args:
        path: Unused (the suite ships with the package); must be ``None``.
        split: ``"train"``, ``"test"`` or ``None`` for all.

    Returns:
        Tasks sorted by id.
    """
    if path is not None:
        raise ValueError("the builtin source takes no --path; use --source jsonl for a file")
    if split not in (None, "train", "test"):
        raise ValueError(f"builtin splits are 'train' and 'test', got {split!r}")
    return [t for t in _all_tasks() if split is None or t.split == split]
