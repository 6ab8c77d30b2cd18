"""The TACO/APPS loaders on the project's own fixture files (same row format as the datasets)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from o1coder_env.tasks import TaskDataError, TaskStyle, load_tasks
from o1coder_env.tasks.model import TestKind as Kind
from o1coder_env.tasks.taco import load_apps, load_taco

FIXTURES = Path(__file__).parent / "fixtures"
TACO = FIXTURES / "taco_sample.jsonl"
APPS = FIXTURES / "apps_sample.jsonl"


@pytest.fixture(scope="module")
def taco():
    with pytest.warns(UserWarning, match="skipped 1 row"):
        return {t.task_id: t for t in load_taco(str(TACO))}


def test_rows_become_tasks_and_rows_without_tests_are_skipped(taco):
    assert list(taco) == [f"taco/test/{i}" for i in range(5)]
    assert {t.source for t in taco.values()} == {"taco"}


def test_stdio_rows(taco):
    task = taco["taco/test/0"]
    assert task.style is TaskStyle.STDIO and task.entry_point is None
    assert [(t.stdin, t.expected) for t in task.hidden_tests][:2] == [("1 2\n", "3\n"),
                                                                      ("-5 5\n", "0\n")]
    assert all(t.kind is Kind.STDIO for t in task.hidden_tests)
    assert len(task.public_tests) == 2  # up to 3, at most half of the 4 tests
    assert task.difficulty == "easy" and task.metadata["raw_difficulty"] == "EASY"
    assert task.tags == ("Mathematics",)  # TACO's python-repr string list
    assert task.metadata["skill_types"] == ["Implementation"]
    assert task.reference_solution.startswith("a, b = map(int")
    lines = taco["taco/test/1"]  # inputs/outputs given as lists of lines
    assert lines.hidden_tests[0].stdin == "3\nant\nbee\ncat\n"
    assert lines.hidden_tests[0].expected == "cat\nbee\nant\n"
    assert lines.difficulty == "hard"


def test_call_rows_unwrap_outputs_only_when_all_are_wrapped(taco):
    vowels = taco["taco/test/2"]
    assert vowels.style is TaskStyle.CALL and vowels.entry_point == "count_vowels"
    assert [(t.args, t.expected) for t in vowels.hidden_tests] == [
        (("banana",), 3), (("",), 0), (("queue",), 4)]
    assert vowels.prompt.startswith("def count_vowels(s):")
    assert vowels.signature == "def count_vowels(s):"
    pairs = taco["taco/test/3"]  # outputs are 2-element lists and []: taken as they are
    assert [t.expected for t in pairs.hidden_tests] == [[1, 2], [0, 1], []]


def test_leetcode_style_gets_a_module_level_shim(taco):
    task = taco["taco/test/4"]
    assert task.entry_point == "maxProduct" and task.difficulty is None
    namespace: dict = {}
    exec(task.reference_solution + "\n" + task.setup_code, namespace)  # our own fixture code
    assert namespace["maxProduct"]([1, 5, 4]) == 20
    own: dict = {}  # a program that defines the function itself keeps it
    exec("def maxProduct(xs):\n    return -1\nclass Solution: pass\n" + task.setup_code, own)
    assert own["maxProduct"]([1]) == -1


def test_apps_rows_use_problem_id_and_apps_difficulty():
    tasks = load_apps(str(APPS))
    assert [t.task_id for t in tasks] == ["apps/test/4000", "apps/test/4001"]
    assert [t.difficulty for t in tasks] == ["easy", "medium"]
    assert tasks[1].hidden_tests[0].expected == [2, 4]  # [[2, 4]] unwrapped
    assert tasks[0].metadata["url"] == "https://example.invalid/1"


def test_split_from_argument_or_row(tmp_path):
    assert {t.split for t in load_apps(str(APPS), "train")} == {"train"}
    rows = [json.loads(line) for line in APPS.read_text().splitlines()]
    rows[0]["split"] = "train"
    rows[1]["split"] = "test"
    path = tmp_path / "apps.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    assert [t.task_id for t in load_tasks("apps", path=str(path), split="test")] == [
        "apps/test/4001"]


def test_malformed_fixture_names_file_line_and_field():
    with pytest.raises(TaskDataError) as info:
        load_taco(str(FIXTURES / "taco_malformed.jsonl"))
    assert (info.value.line, info.value.field) == (2, "input_output")
    assert "1 outputs" in str(info.value) and "taco_malformed.jsonl" in str(info.value)


def _base() -> dict:
    return json.loads(APPS.read_text().splitlines()[1])


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"question": ""}, "question"),
        ({"input_output": "{not json"}, "input_output"),
        ({"input_output": json.dumps([1, 2])}, "input_output"),
        ({"input_output": json.dumps({"inputs": "x", "outputs": []})}, "input_output.inputs"),
        ({"input_output": json.dumps({"fn_name": "f", "inputs": [1], "outputs": [2]})},
         "input_output.inputs[0]"),
        ({"input_output": json.dumps({"fn_name": "no such", "inputs": [], "outputs": []})},
         "input_output.fn_name"),
        ({"input_output": json.dumps({"inputs": [3], "outputs": ["3"]})},
         "input_output.inputs[0]"),
        ({"solutions": json.dumps([1])}, "solutions"),
        ({"difficulty": "trivial"}, "difficulty"),
        ({"starter_code": 5}, "starter_code"),
        ({"problem_id": ""}, "problem_id"),
        ({"tags": "not a list"}, "tags"),
    ],
)
def test_row_errors_name_the_field(tmp_path, changes, field):
    path = tmp_path / "rows.jsonl"
    path.write_text(json.dumps(_base()) + "\n" + json.dumps({**_base(), "problem_id": 9,
                                                             **changes}) + "\n")
    with pytest.raises(TaskDataError) as info:
        load_apps(str(path))
    assert (info.value.path, info.value.line, info.value.field) == (str(path), 2, field)


def test_duplicate_ids_are_rejected(tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_text(json.dumps(_base()) + "\n" + json.dumps(_base()) + "\n")
    with pytest.raises(TaskDataError, match="duplicate") as info:
        load_apps(str(path))
    assert info.value.line == 2


def test_online_split_is_checked_before_any_download():
    with pytest.raises(ValueError, match="known: train, test"):
        load_taco(None, "validation")
