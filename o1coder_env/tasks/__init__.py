"""Tasks: the record, its test cases, and loaders for every supported source."""

from o1coder_env.tasks.errors import TaskDataError, UnknownSourceError, UnknownTaskError
from o1coder_env.tasks.model import ReasoningSteps, Task, TaskStyle, TestCase, TestKind
from o1coder_env.tasks.registry import (
    SOURCES,
    canonical_task_id,
    get_task,
    load_tasks,
    register_source,
    task_id_hint,
)

__all__ = [
    "SOURCES",
    "ReasoningSteps",
    "Task",
    "TaskDataError",
    "TaskStyle",
    "TestCase",
    "TestKind",
    "UnknownSourceError",
    "UnknownTaskError",
    "canonical_task_id",
    "get_task",
    "load_tasks",
    "register_source",
    "task_id_hint",
]
