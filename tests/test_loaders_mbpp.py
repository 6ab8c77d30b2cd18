"""The MBPP loader on the shared local copy (474 tasks: prompt, validation, train)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from o1coder_env.tasks import TaskDataError, load_tasks
from o1coder_env.tasks.mbpp import MissingSplitError, load_mbpp, normalize_code, split_of
from o1coder_env.tasks.model import TestKind as Kind


@pytest.fixture(scope="module")
def mbpp(mbpp_path):
    return load_tasks("mbpp", path=str(mbpp_path))


def test_loads_474_tasks_with_standard_splits(mbpp, mbpp_path):
    assert len(mbpp) == 474
    counts = {s: sum(t.split == s for t in mbpp) for s in ("prompt", "validation", "train")}
    assert counts == {"prompt": 10, "validation": 90, "train": 374}
    for split, n in counts.items():
        assert len(load_tasks("mbpp", path=str(mbpp_path), split=split)) == n
    ids = [int(t.task_id.split("/")[1]) for t in mbpp]
    assert ids == sorted(ids)


def test_the_local_copy_has_no_test_split(mbpp_path):
    with pytest.raises(MissingSplitError, match=r"no task of the 'test' split \(task ids 11-510\)"):
        load_tasks("mbpp", path=str(mbpp_path), split="test")


def test_unknown_split_lists_the_known_ones(mbpp_path):
    with pytest.raises(ValueError, match="known: prompt, test, validation, train"):
        load_mbpp(str(mbpp_path), "dev")


def test_split_of_ranges():
    assert [split_of(i) for i in (1, 10, 11, 510, 511, 600, 601, 974)] == [
        "prompt", "prompt", "test", "test", "validation", "validation", "train", "train"]
    with pytest.raises(ValueError):
        split_of(975)


def test_task_fields(mbpp):
    task = next(t for t in mbpp if t.task_id == "mbpp/2")
    assert task.entry_point == "similar_elements"
    assert task.signature == "def similar_elements(test_tup1, test_tup2):"
    assert task.problem.startswith("Write a function to find the similar elements")
    assert task.problem.endswith("assert similar_elements((3, 4, 5, 6),(5, 7, 4, 10)) == (4, 5)")
    assert "\r" not in task.reference_solution
    assert len(task.public_tests) == 1 and task.public_tests[0] == task.hidden_tests[0]
    assert len(task.hidden_tests) == 3
    first = task.hidden_tests[0]
    assert first.kind is Kind.CALL
    assert first.args == ((3, 4, 5, 6), (5, 7, 4, 10))
    assert first.expected == (4, 5)


def test_setup_code_and_non_literal_asserts(mbpp):
    task = next(t for t in mbpp if t.task_id == "mbpp/927")
    assert task.setup_code.startswith("root = Node(1)")
    assert "\r" not in task.setup_code
    assert all(t.kind is Kind.ASSERT for t in task.hidden_tests)  # they use `root`
    kinds = [t.kind for t in mbpp for t in t.hidden_tests]
    assert kinds.count(Kind.CALL) > 1350  # nearly all asserts are plain


def _row(**changes):
    row = {"text": "Write a function to add two numbers.",
           "code": "def add(a, b):\r\n\treturn a + b",
           "task_id": 601, "test_setup_code": "", "test_list": ["assert add(1, 2) == 3"],
           "challenge_test_list": []}
    row.update(changes)
    return row


def _write(tmp_path: Path, *rows) -> str:
    path = tmp_path / "mbpp.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return str(path)


def test_challenge_tests_are_extra_hidden_tests(tmp_path):
    path = _write(tmp_path, _row(challenge_test_list=["assert add(10, -2) == 8"]))
    (task,) = load_mbpp(path)
    assert [t.args for t in task.hidden_tests] == [(1, 2), (10, -2)]
    assert [t.args for t in task.public_tests] == [(1, 2)]
    assert task.metadata["n_challenge_tests"] == 1


def test_sanitized_format_json_array(tmp_path):
    row = {"source_file": "x", "task_id": 602, "prompt": "Add numbers.",
           "code": "import math\ndef add(a, b):\n    return a + b\n",
           "test_imports": ["import math"], "test_list": ["assert add(2, 2) == 4"]}
    path = tmp_path / "sanitized-mbpp.json"
    path.write_text(json.dumps([row]))
    (task,) = load_mbpp(str(path))
    assert task.problem.startswith("Add numbers.")
    assert task.setup_code == "import math"
    assert task.metadata["format"] == "sanitized"


def test_tabs_mixed_with_spaces_are_expanded():
    code = "def f(x):\r\n    if x:\r\n\treturn 1\r\n    return 0"
    fixed = normalize_code(code)
    compile(fixed, "f", "exec")
    assert "\r" not in fixed and "\t" not in fixed
    consistent = "def f(x):\n\treturn x"
    assert normalize_code(consistent) == consistent


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"task_id": "601"}, "task_id"),
        ({"task_id": 2000}, "task_id"),
        ({"text": ""}, "text"),
        ({"code": None}, "code"),
        ({"test_list": "assert add(1, 2) == 3"}, "test_list"),
        ({"test_list": []}, "test_list"),
        ({"challenge_test_list": [1]}, "challenge_test_list"),
        ({"test_setup_code": 3}, "test_setup_code"),
        ({"test_list": ["assert True"]}, "test_list"),  # no function to take the entry from
    ],
)
def test_malformed_rows_name_file_line_and_field(tmp_path, changes, field):
    path = _write(tmp_path, _row(task_id=603), _row(**changes))
    with pytest.raises(TaskDataError) as info:
        load_mbpp(path)
    assert (info.value.path, info.value.line, info.value.field) == (path, 2, field)


def test_duplicate_ids_and_bad_json(tmp_path):
    path = _write(tmp_path, _row(), _row())
    with pytest.raises(TaskDataError, match="duplicate") as info:
        load_mbpp(path)
    assert info.value.line == 2
    bad = tmp_path / "broken.jsonl"
    bad.write_text(json.dumps(_row()) + "\n{not json\n")
    with pytest.raises(TaskDataError, match="invalid JSON") as info:
        load_mbpp(str(bad))
    assert info.value.line == 2


def test_unknown_config_is_rejected():
    with pytest.raises(ValueError, match="known: full, sanitized"):
        load_mbpp("hf:tiny")


@pytest.mark.network
def test_online_full_config_has_the_test_split():
    if os.environ.get("HF_HUB_OFFLINE") == "1" or os.environ.get("HF_DATASETS_OFFLINE") == "1":
        pytest.skip("the Hugging Face hub is switched off (HF_HUB_OFFLINE/HF_DATASETS_OFFLINE)")
    tasks = load_mbpp(None, "test")
    assert len(tasks) == 500
