"""Named task sources and the one function that loads tasks from any of them.

A source is a loader function ``load(path: str | None, split: str | None) -> list[Task]``
registered by name. Loaders are referenced as ``"module:function"`` strings and imported on first
use, so an optional dependency of one loader never slows down or breaks the others.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Sequence

from o1coder_env.tasks.errors import UnknownSourceError, UnknownTaskError
from o1coder_env.tasks.model import Task

__all__ = ["ID_LOOKUPS", "SOURCES", "canonical_task_id", "get_task", "load_tasks",
           "register_source", "task_id_hint"]

Loader = Callable[[str | None, str | None], list[Task]]

#: Registered sources: name -> "module:function" (or a callable).
SOURCES: dict[str, str | Loader] = {
    "builtin": "o1coder_env.tasks.builtin:load_builtin",
    "humaneval": "o1coder_env.tasks.humaneval:load_humaneval",
    "mbpp": "o1coder_env.tasks.mbpp:load_mbpp",
    "taco": "o1coder_env.tasks.taco:load_taco",
    "apps": "o1coder_env.tasks.taco:load_apps",
    "jsonl": "o1coder_env.tasks.jsonl:load_jsonl",
    "procedural": "o1coder_env.tasks.procedural:load_procedural",
}

#: Sources whose tasks are made from their ids (so any id works, not only those the default
#: selection lists): name -> "module:function" taking ``(task_ids, path, split)``.
ID_LOOKUPS: dict[str, str] = {
    "procedural": "o1coder_env.tasks.procedural:procedural_tasks_by_id",
}


#: Sources whose original data numbers its tasks: the bare number (``11`` or ``"11"``) names
#: the task ``<prefix>11``.
NUMBERED_SOURCES: dict[str, str] = {"mbpp": "mbpp/", "humaneval": "HumanEval/"}


def canonical_task_id(source: str, task_id: str | int) -> str:
    """The o1coder id of ``task_id`` in ``source``: MBPP's ``11`` (int or str) is ``mbpp/11``.

    Other ids are returned as they are.

    Raises:
        TypeError: For anything but a string or an integer.
    """
    if isinstance(task_id, bool) or not isinstance(task_id, (str, int)):
        raise TypeError(f"a task id is a string (or the number of the original data), got "
                        f"{task_id!r}")
    text = str(task_id)
    prefix = NUMBERED_SOURCES.get(source)
    if prefix is not None and text.isdigit():
        return f"{prefix}{int(text)}"
    return text


def task_id_hint(source: str, tasks: Sequence[Task]) -> str:
    """What the ids of ``source`` look like, for an unknown-id error message."""
    examples = ", ".join(repr(t.task_id) for t in tasks[:2]) or "(the source has no task)"
    hint = f"ids of source {source!r} look like {examples}"
    if source in NUMBERED_SOURCES:
        hint += " (the bare number of the original data works too)"
    return hint


def register_source(name: str, loader: str | Loader) -> None:
    """Register a task source under ``name`` (a callable or a ``"module:function"`` string)."""
    SOURCES[name] = loader


def _resolve(name: str) -> Loader:
    try:
        target = SOURCES[name]
    except KeyError:
        known = ", ".join(sorted(SOURCES))
        raise UnknownSourceError(f"unknown task source {name!r}; known sources: {known}") from None
    if callable(target):
        return target
    module_name, _, attr = target.partition(":")
    return getattr(importlib.import_module(module_name), attr)


def load_tasks(
    source: str = "builtin",
    *,
    split: str | None = None,
    path: str | None = None,
    limit: int | None = None,
    task_ids: Iterable[str | int] | None = None,
    filter: Callable[[Task], bool] | None = None,
) -> list[Task]:
    """Load tasks from a named source.

    Args:
        source: A registered source name (see :data:`SOURCES`).
        split: The split to keep (``train``, ``test``...); ``None`` keeps all.
        path: A local file for sources that read one (``jsonl``; offline ``mbpp``...).
        limit: Keep at most this many tasks (after filtering), in the source's order.
        task_ids: Keep only these ids, in the order given (MBPP and HumanEval also take the
            bare number of the original data: ``11`` is ``mbpp/11``).
        filter: Keep only tasks for which this returns true.

    Returns:
        The tasks, in a deterministic order.

    Raises:
        UnknownSourceError: If ``source`` is not registered.
        UnknownTaskError: If a requested id is not in the source.
        TaskDataError: If the data is malformed (names file, line and field).
    """
    if limit is not None and limit < 0:
        raise ValueError(f"limit must be >= 0, got {limit}")
    if task_ids is not None and source in ID_LOOKUPS:
        module_name, _, attr = ID_LOOKUPS[source].partition(":")
        lookup = getattr(importlib.import_module(module_name), attr)
        tasks = lookup(list(task_ids), path, split)
    else:
        loader = _resolve(source)
        if limit is not None and filter is None and getattr(loader, "takes_limit", False):
            # A generating source makes only the first `limit` tasks instead of all of them.
            tasks = loader(path, split, limit=limit)  # type: ignore[call-arg]
        else:
            tasks = loader(path, split)
    if task_ids is not None:
        by_id = {t.task_id: t for t in tasks}
        wanted: Sequence[str] = [canonical_task_id(source, i) for i in task_ids]
        missing = [i for i in wanted if i not in by_id]
        if missing:
            raise UnknownTaskError(
                f"task id(s) not found in source {source!r}"
                f"{f' split {split!r}' if split else ''}: {', '.join(missing[:10])}; "
                f"{task_id_hint(source, tasks)}"
            )
        tasks = [by_id[i] for i in wanted]
    if filter is not None:
        tasks = [t for t in tasks if filter(t)]
    if limit is not None:
        tasks = tasks[:limit]
    return tasks


def get_task(task_id: str, source: str = "builtin", *, path: str | None = None) -> Task:
    """Load one task by id."""
    return load_tasks(source, path=path, task_ids=[task_id])[0]
