"""The ``jsonl`` source: tasks in o1coder's own documented schema, one JSON object a line.

Each line is :meth:`Task.to_dict` of one task (see ``docs/tasks.md`` for a full example row), so
``Task.from_dict`` and this loader read back exactly what ``to_dict`` writes. Every field is
validated, and each problem raises :class:`TaskDataError` naming the file, the line and the field.

This module also holds :func:`read_json_rows`, the row reader every file-based loader uses.
"""

from __future__ import annotations

import gzip
import json
import math
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from o1coder_env.tasks.errors import TaskDataError
from o1coder_env.tasks.model import (
    ReasoningSteps,
    Task,
    TaskStyle,
    TestCase,
    TestKind,
    decode_value,
)

__all__ = ["DIFFICULTIES", "load_jsonl", "read_json_rows", "task_from_row", "write_jsonl"]

#: Allowed values of ``difficulty`` (besides ``null``).
DIFFICULTIES: tuple[str, ...] = ("easy", "medium", "hard")

_TASK_FIELDS = (
    "task_id", "problem", "style", "entry_point", "signature", "prompt", "public_tests",
    "hidden_tests", "reference_solution", "reference_steps", "setup_code", "source", "split",
    "difficulty", "tags", "metadata",
)
_TEST_FIELDS = {
    TestKind.CALL: ("kind", "args", "expected", "timeout_s", "origin"),
    TestKind.STDIO: ("kind", "stdin", "expected", "timeout_s", "origin"),
    TestKind.ASSERT: ("kind", "code", "call", "timeout_s", "origin"),
}


def read_json_rows(path: str | Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(line_number, row)`` for each JSON object in a data file.

    Reads ``.jsonl`` (one object a line; blank lines skipped), ``.jsonl.gz`` and ``.json`` (a
    JSON array of objects; the number is then the 1-based position in the array).

    Raises:
        FileNotFoundError: If the file does not exist (the message names it).
        TaskDataError: For invalid JSON or a row that is not an object.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"task data file not found: {path}")
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        if path.name.endswith(".json") or path.name.endswith(".json.gz"):
            try:
                data = json.load(handle)
            except json.JSONDecodeError as exc:
                raise TaskDataError(f"invalid JSON: {exc}", path=str(path), line=exc.lineno) \
                    from None
            if not isinstance(data, list):
                raise TaskDataError("a .json task file must hold an array of objects",
                                    path=str(path))
            for number, row in enumerate(data, start=1):
                if not isinstance(row, dict):
                    raise TaskDataError(f"expected a JSON object, got {type(row).__name__}",
                                        path=str(path), line=number)
                yield number, row
            return
        for number, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                row = json.loads(text)
            except json.JSONDecodeError as exc:
                raise TaskDataError(f"invalid JSON: {exc.msg} (column {exc.colno})",
                                    path=str(path), line=number) from None
            if not isinstance(row, dict):
                raise TaskDataError(f"expected a JSON object, got {type(row).__name__}",
                                    path=str(path), line=number)
            yield number, row


class _Row:
    """Typed field access on one row; every error names file, line and field."""

    def __init__(self, row: Mapping[str, Any], path: str, line: int, prefix: str = "") -> None:
        self.row, self.path, self.line, self.prefix = row, path, line, prefix

    def error(self, field: str | None, message: str) -> TaskDataError:
        if field is not None and self.prefix:
            field = f"{self.prefix}.{field}"
        return TaskDataError(message, path=self.path, line=self.line, field=field)

    def get(self, field: str, types: type | tuple[type, ...], *, required: bool = False,
            default: Any = None, nullable: bool = False) -> Any:
        if field not in self.row:
            if required:
                raise self.error(field, "missing required field")
            return default
        value = self.row[field]
        if value is None and nullable:
            return None
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in _tuple(types)):
            names = " or ".join(t.__name__ for t in _tuple(types))
            raise self.error(field, f"expected {names}{' or null' if nullable else ''}, "
                                    f"got {type(value).__name__} {_short(value)}")
        return value


def _tuple(types: type | tuple[type, ...]) -> tuple[type, ...]:
    return types if isinstance(types, tuple) else (types,)


def _short(value: Any) -> str:
    text = json.dumps(value, default=repr)
    return text if len(text) <= 60 else text[:57] + "..."


def _decode(row: _Row, field: str, value: Any) -> Any:
    try:
        return decode_value(value)
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise row.error(field, f"cannot decode tagged value {_short(value)}: {exc}") from None


def _test_from_dict(data: Any, row: _Row, field: str) -> TestCase:
    if not isinstance(data, dict):
        raise row.error(field, f"expected a test object, got {type(data).__name__}")
    test = _Row(data, row.path, row.line, prefix=field)
    kind_text = data.get("kind")
    try:
        kind = TestKind(kind_text)
    except ValueError:
        known = ", ".join(k.value for k in TestKind)
        raise row.error(f"{field}.kind", f"unknown test kind {kind_text!r}; known: {known}") \
            from None
    unknown = sorted(set(data) - set(_TEST_FIELDS[kind]))
    if unknown:
        raise row.error(f"{field}.{unknown[0]}",
                        f"unknown field for a {kind.value} test; allowed: "
                        f"{', '.join(_TEST_FIELDS[kind])}")
    timeout = data.get("timeout_s")
    if timeout is not None and (
        isinstance(timeout, bool) or not isinstance(timeout, (int, float))
        or not math.isfinite(timeout) or timeout <= 0
    ):
        raise row.error(f"{field}.timeout_s", f"expected a positive number, got {_short(timeout)}")
    origin = data.get("origin", "")
    if not isinstance(origin, str):
        raise row.error(f"{field}.origin", f"expected str, got {type(origin).__name__}")
    common: dict[str, Any] = {"timeout_s": None if timeout is None else float(timeout),
                              "origin": origin}
    if kind is TestKind.CALL:
        args = test.get("args", list, default=[])
        if "expected" not in data:
            raise test.error("expected", "missing required field")
        return TestCase.call_case(
            [_decode(row, f"{field}.args", a) for a in args],
            _decode(row, f"{field}.expected", data["expected"]), **common,
        )
    if kind is TestKind.STDIO:
        stdin = test.get("stdin", str, default="")
        expected = test.get("expected", str, required=True)
        return TestCase.stdio_case(stdin, expected, **common)
    code = test.get("code", str, required=True)
    if not code.strip():
        raise test.error("code", "an assert test needs non-empty code")
    return TestCase.assert_case(code, test.get("call", str, default=""), **common)


def task_from_row(data: Mapping[str, Any], *, path: str, line: int,
                  default_source: str = "jsonl") -> Task:
    """Validate one row of the ``jsonl`` schema and build its :class:`Task`.

    Args:
        data: The decoded JSON object.
        path: File name, for error messages.
        line: Line number, for error messages.
        default_source: ``source`` to use when the row has none.

    Raises:
        TaskDataError: Naming the file, line and field of the first problem found.
    """
    row = _Row(data, path, line)
    unknown = sorted(set(data) - set(_TASK_FIELDS))
    if unknown:
        raise row.error(unknown[0], f"unknown field; allowed: {', '.join(_TASK_FIELDS)}")
    task_id = row.get("task_id", str, required=True)
    if not task_id.strip():
        raise row.error("task_id", "must be a non-empty string")
    problem = row.get("problem", str, required=True)
    style_text = row.get("style", str, default="call")
    try:
        style = TaskStyle(style_text)
    except ValueError:
        known = ", ".join(s.value for s in TaskStyle)
        raise row.error("style", f"unknown style {style_text!r}; known: {known}") from None
    entry_point = row.get("entry_point", str, nullable=True)
    if style is TaskStyle.CALL and not entry_point:
        raise row.error("entry_point", "a call-style task needs a non-empty entry_point")
    tests: dict[str, tuple[TestCase, ...]] = {}
    for name in ("public_tests", "hidden_tests"):
        items = row.get(name, list, default=[])
        tests[name] = tuple(
            _test_from_dict(item, row, f"{name}[{i}]") for i, item in enumerate(items)
        )
        for i, test in enumerate(tests[name]):
            if style is TaskStyle.STDIO and test.kind is TestKind.CALL:
                raise row.error(f"{name}[{i}].kind", "a stdio task cannot have call tests")
            if style is TaskStyle.CALL and test.kind is TestKind.STDIO:
                raise row.error(f"{name}[{i}].kind", "a call task cannot have stdio tests")
    steps_data = row.get("reference_steps", dict, nullable=True)
    steps = None
    if steps_data is not None:
        steps_row = _Row(steps_data, path, line, prefix="reference_steps")
        extra = sorted(set(steps_data) - {"outline", "refinements"})
        if extra:
            raise steps_row.error(extra[0], "unknown field; allowed: outline, refinements")
        outline = steps_row.get("outline", str, required=True)
        refinements = steps_row.get("refinements", list, default=[])
        for i, item in enumerate(refinements):
            if not isinstance(item, str):
                raise row.error(f"reference_steps.refinements[{i}]",
                                f"expected str, got {type(item).__name__}")
        steps = ReasoningSteps(outline, tuple(refinements))
    difficulty = row.get("difficulty", str, nullable=True)
    if difficulty is not None and difficulty not in DIFFICULTIES:
        raise row.error("difficulty", f"expected one of {', '.join(DIFFICULTIES)} or null, "
                                      f"got {difficulty!r}")
    tags = row.get("tags", list, default=[])
    for i, tag in enumerate(tags):
        if not isinstance(tag, str):
            raise row.error(f"tags[{i}]", f"expected str, got {type(tag).__name__}")
    return Task(
        task_id=task_id,
        problem=problem,
        style=style,
        entry_point=entry_point,
        signature=row.get("signature", str, nullable=True),
        prompt=row.get("prompt", str, default=""),
        public_tests=tests["public_tests"],
        hidden_tests=tests["hidden_tests"],
        reference_solution=row.get("reference_solution", str, nullable=True),
        reference_steps=steps,
        setup_code=row.get("setup_code", str, default=""),
        source=row.get("source", str, default="") or default_source,
        split=row.get("split", str, default=""),
        difficulty=difficulty,
        tags=tuple(tags),
        metadata=row.get("metadata", dict, default={}),
    )


def load_jsonl(path: str | None, split: str | None = None) -> list[Task]:
    """Load tasks written in o1coder's own schema (one :meth:`Task.to_dict` a line).

    Args:
        path: A ``.jsonl``, ``.jsonl.gz`` or ``.json`` (array) file. Required.
        split: Keep only tasks whose ``split`` field equals this; ``None`` keeps all.

    Returns:
        The tasks in file order.

    Raises:
        ValueError: If no path is given.
        FileNotFoundError: If the file does not exist.
        TaskDataError: For invalid JSON, a wrong type, a missing ``task_id``, an unknown style or
            test kind, an unknown field or a duplicate id; it names the file, line and field.
    """
    if not path:
        raise ValueError("the jsonl source needs a file: pass path=... (CLI: --path FILE)")
    tasks: list[Task] = []
    seen: dict[str, int] = {}
    for line, data in read_json_rows(path):
        task = task_from_row(data, path=str(path), line=line)
        if task.task_id in seen:
            raise TaskDataError(
                f"duplicate task_id {task.task_id!r} (first seen on line {seen[task.task_id]})",
                path=str(path), line=line, field="task_id",
            )
        seen[task.task_id] = line
        if split is None or task.split == split:
            tasks.append(task)
    return tasks


def write_jsonl(tasks: list[Task], path: str | Path) -> Path:
    """Write tasks in the ``jsonl`` schema (what :func:`load_jsonl` reads back).

    Returns:
        The path written.
    """
    path = Path(path)
    with path.open("w", encoding="utf-8") as handle:
        for task in tasks:
            handle.write(json.dumps(task.to_dict(), ensure_ascii=False) + "\n")
    return path
