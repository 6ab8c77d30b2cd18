"""The jsonl source: o1coder's own schema, read back exactly and validated field by field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from o1coder_env.tasks import (
    ReasoningSteps,
    Task,
    TaskDataError,
    TestCase,
    UnknownSourceError,
    load_tasks,
)
from o1coder_env.tasks.jsonl import load_jsonl, write_jsonl


def _tasks() -> list[Task]:
    call = Task(
        task_id="mine/pairs", problem="Return the pairs.", entry_point="pairs",
        signature="def pairs(xs: list[int]) -> list[tuple[int, int]]:",
        prompt="def pairs(xs):\n", setup_code="import math",
        public_tests=(TestCase.call_case([[1, 2]], [(1, 2)]),),
        hidden_tests=(
            TestCase.call_case([[]], [], timeout_s=2.0),
            TestCase.call_case([{1, 2}], {frozenset({1}): b"x", "k": float("inf")}),
            TestCase.assert_case("assert pairs([3]) == []", origin="assert pairs([3]) == []"),
        ),
        reference_solution="def pairs(xs):\n    return list(zip(xs, xs[1:]))\n",
        reference_steps=ReasoningSteps("outline", ("refine 1", "refine 2")),
        source="mine", split="train", difficulty="easy", tags=("lists",),
        metadata={"author": "me", "n": 3},
    )
    stdio = Task(
        task_id="mine/echo", problem="Echo the input.", style="stdio",
        public_tests=(TestCase.stdio_case("hi\n", "hi\n"),),
        hidden_tests=(TestCase.stdio_case("", ""),), split="test",
    )
    return [call, stdio]


def test_roundtrip_is_exact(tmp_path: Path):
    path = write_jsonl(_tasks(), tmp_path / "tasks.jsonl")
    loaded = load_tasks("jsonl", path=str(path))
    original = _tasks()
    assert loaded[0] == original[0]
    assert loaded[1] == original[1].with_changes(source="jsonl")  # no source -> "jsonl"
    assert isinstance(loaded[0].public_tests[0].expected[0], tuple)
    assert [t.task_id for t in load_jsonl(str(path), "test")] == ["mine/echo"]


def test_json_array_and_blank_lines(tmp_path: Path):
    rows = [t.to_dict() for t in _tasks()]
    array = tmp_path / "tasks.json"
    array.write_text(json.dumps(rows))
    assert len(load_jsonl(str(array))) == 2
    spaced = tmp_path / "spaced.jsonl"
    spaced.write_text("\n" + json.dumps(rows[0]) + "\n\n" + json.dumps(rows[1]) + "\n")
    assert len(load_jsonl(str(spaced))) == 2


def _error(tmp_path: Path, second_row) -> TaskDataError:
    path = tmp_path / "bad.jsonl"
    first = json.dumps(_tasks()[1].to_dict())
    text = second_row if isinstance(second_row, str) else json.dumps(second_row)
    path.write_text(first + "\n" + text + "\n")
    with pytest.raises(TaskDataError) as info:
        load_jsonl(str(path))
    assert info.value.path == str(path)
    assert info.value.line == 2
    assert f"{path}, line 2" in str(info.value)
    return info.value


def _row(**changes):
    row = _tasks()[0].to_dict()
    row.update(changes)
    return row


@pytest.mark.parametrize(
    ("row", "field", "words"),
    [
        ({k: v for k, v in _row().items() if k != "task_id"}, "task_id", "missing"),
        (_row(task_id=""), "task_id", "non-empty"),
        (_row(task_id=7), "task_id", "expected str"),
        (_row(problem=None), "problem", "expected str"),
        (_row(style="web"), "style", "unknown style 'web'"),
        (_row(entry_point=None), "entry_point", "needs a non-empty entry_point"),
        (_row(public_tests={"kind": "call"}), "public_tests", "expected list"),
        (_row(hidden_tests=[{"kind": "fuzz"}]), "hidden_tests[0].kind", "unknown test kind"),
        (_row(hidden_tests=[{"kind": "call", "args": 1, "expected": 2}]),
         "hidden_tests[0].args", "expected list"),
        (_row(hidden_tests=[{"kind": "call", "args": []}]), "hidden_tests[0].expected", "missing"),
        (_row(hidden_tests=[{"kind": "assert", "code": "  "}]), "hidden_tests[0].code",
         "non-empty"),
        (_row(hidden_tests=[{"kind": "stdio", "stdin": "", "expected": "3"}]),
         "hidden_tests[0].kind", "call task cannot have stdio"),
        (_row(style="stdio", public_tests=[], hidden_tests=[{"kind": "stdio", "expected": 3}]),
         "hidden_tests[0].expected", "expected str"),
        (_row(hidden_tests=[{"kind": "call", "args": [], "expected": 1, "timeout_s": -1}]),
         "hidden_tests[0].timeout_s", "positive number"),
        (_row(hidden_tests=[{"kind": "call", "args": [], "expected": 1, "stdin": "x"}]),
         "hidden_tests[0].stdin", "unknown field"),
        (_row(public_tests=[{"kind": "call", "args": [{"__bytes__": "zz"}], "expected": 1}]),
         "public_tests[0].args", "cannot decode"),
        (_row(reference_steps={"refinements": []}), "reference_steps.outline", "missing"),
        (_row(reference_steps={"outline": "o", "refinements": [1]}),
         "reference_steps.refinements[0]", "expected str"),
        (_row(difficulty="extreme"), "difficulty", "easy, medium, hard"),
        (_row(tags="lists"), "tags", "expected list"),
        (_row(tags=[1]), "tags[0]", "expected str"),
        (_row(metadata=[]), "metadata", "expected dict"),
        (_row(setup_code=None), "setup_code", "expected str"),
        (_row(entrypoint="f"), "entrypoint", "unknown field"),
        (_row(task_id="mine/echo"), "task_id", "duplicate task_id 'mine/echo'"),
    ],
)
def test_schema_errors_name_file_line_and_field(tmp_path: Path, row, field, words):
    error = _error(tmp_path, row)
    assert error.field == field
    assert words in str(error)


def test_invalid_json_and_non_objects(tmp_path: Path):
    error = _error(tmp_path, '{"task_id": "x", ')
    assert "invalid JSON" in str(error) and error.field is None
    error = _error(tmp_path, "[1, 2]")
    assert "expected a JSON object" in str(error)


def test_path_is_required_and_must_exist(tmp_path: Path):
    with pytest.raises(ValueError, match="--path"):
        load_tasks("jsonl")
    with pytest.raises(FileNotFoundError, match="not found"):
        load_tasks("jsonl", path=str(tmp_path / "none.jsonl"))


def test_unknown_source_lists_the_known_ones():
    with pytest.raises(UnknownSourceError) as info:
        load_tasks("codeforces")
    for name in ("apps", "builtin", "humaneval", "jsonl", "mbpp", "taco"):
        assert name in str(info.value)
