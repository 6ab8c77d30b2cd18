"""The built-in suite: original problems written for o1coder, the offline default data.

The problems live in ``suite.jsonl`` (package data, one task a line in the documented ``jsonl``
schema, validated by :func:`o1coder_env.tasks.jsonl.task_from_row` on load). Inputs that run to
megabytes are not stored: such a test names a recipe in a ``generated`` field and
:mod:`o1coder_env.tasks.builtin._generated_inputs` makes it. Nothing is read at import; the
first :func:`load_builtin` call reads the file, and builds a split's tasks (with their large
inputs) only when that split is asked for.

Splits are fixed per problem: ``train`` for synthesis and training, ``test`` for evaluation.
``load_builtin(None, "test")`` returns the test split.
"""

from __future__ import annotations

import dataclasses
import json
from functools import cache
from importlib import resources
from typing import Any

from o1coder_env.tasks.errors import TaskDataError
from o1coder_env.tasks.jsonl import task_from_row
from o1coder_env.tasks.model import Task, TestKind

__all__ = ["SUITE_FILE", "load_builtin"]

#: The suite's data file, inside this package.
SUITE_FILE = "suite.jsonl"
_SPLITS = ("train", "test")


@cache
def _rows() -> tuple[tuple[int, dict[str, Any]], ...]:
    """``(line, row)`` of every task in the data file (JSON only: no Task is built yet)."""
    text = resources.files(__package__).joinpath(SUITE_FILE).read_text(encoding="utf-8")
    rows = []
    seen: dict[str, int] = {}
    for line, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            row = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise TaskDataError(f"invalid JSON: {exc.msg}", path=SUITE_FILE, line=line) from None
        task_id = row.get("task_id") if isinstance(row, dict) else None
        if task_id in seen:
            raise TaskDataError(f"duplicate task_id {task_id!r} (first on line {seen[task_id]})",
                                path=SUITE_FILE, line=line, field="task_id")
        seen[str(task_id)] = line
        rows.append((line, row))
    return tuple(rows)


def _task(line: int, row: dict[str, Any]) -> Task:
    """Validate a row (with generated inputs left out) and put the generated inputs in."""
    from o1coder_env.tasks.builtin._generated_inputs import generate

    row = dict(row)
    generated: dict[tuple[str, int], str] = {}
    for field in ("public_tests", "hidden_tests"):
        tests = []
        for i, test in enumerate(row.get(field, [])):
            if "generated" in test:
                test = dict(test)
                generated[(field, i)] = test.pop("generated")
                # An empty input the schema accepts, replaced by the generated one below.
                if test.get("kind") == TestKind.CALL.value:
                    test["args"] = []
                else:
                    test["stdin"] = ""
            tests.append(test)
        row[field] = tests
    task = task_from_row(row, path=SUITE_FILE, line=line, default_source="builtin")
    if task.split not in _SPLITS:
        raise TaskDataError(f"a builtin task's split is one of {_SPLITS}, got {task.split!r}",
                            path=SUITE_FILE, line=line, field="split")
    if not generated:
        return task
    changes: dict[str, Any] = {}
    for field in ("public_tests", "hidden_tests"):
        tests = list(getattr(task, field))
        for (where, i), name in generated.items():
            if where != field:
                continue
            try:
                value = generate(name)
            except KeyError as exc:
                raise TaskDataError(str(exc), path=SUITE_FILE, line=line,
                                    field=f"{field}[{i}].generated") from None
            if tests[i].kind is TestKind.CALL:
                tests[i] = dataclasses.replace(tests[i], args=tuple(value))
            else:
                tests[i] = dataclasses.replace(tests[i], stdin=value)
        changes[field] = tuple(tests)
    return task.with_changes(**changes)


@cache
def _split_tasks(split: str) -> tuple[Task, ...]:
    tasks = [_task(line, row) for line, row in _rows() if row.get("split") == split]
    return tuple(sorted(tasks, key=lambda t: t.task_id))


def load_builtin(path: str | None = None, split: str | None = None) -> list[Task]:
    """Load the built-in suite.

    Args:
        path: Unused (the suite ships with the package); must be ``None``.
        split: ``"train"``, ``"test"`` or ``None`` for all.

    Returns:
        Tasks sorted by id.

    Raises:
        ValueError: For a path or an unknown split.
        TaskDataError: If the data file is broken (naming line and field).
    """
    if path is not None:
        raise ValueError("the builtin source takes no --path; use --source jsonl for a file")
    if split not in (None, *_SPLITS):
        raise ValueError(f"builtin splits are 'train' and 'test', got {split!r}")
    if split is not None:
        return list(_split_tasks(split))
    return sorted((t for s in _SPLITS for t in _split_tasks(s)), key=lambda t: t.task_id)
