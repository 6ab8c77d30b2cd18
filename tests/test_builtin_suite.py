"""Self-consistency of the built-in suite: shape, references, and hidden tests with teeth."""

from __future__ import annotations

import ast
from collections import Counter

import pytest

from o1coder_env.tasks import TaskStyle, load_tasks

TASKS = load_tasks("builtin")


def test_suite_size_and_spread() -> None:
    assert len(TASKS) >= 80
    difficulties = Counter(t.difficulty for t in TASKS)
    assert set(difficulties) == {"easy", "medium", "hard"}
    assert min(difficulties.values()) >= 10
    assert sum(t.style is TaskStyle.STDIO for t in TASKS) >= 15
    splits = Counter(t.split for t in TASKS)
    assert set(splits) == {"train", "test"}
    assert splits["test"] >= 20


def test_splits_partition_the_suite() -> None:
    train = {t.task_id for t in load_tasks("builtin", split="train")}
    test = {t.task_id for t in load_tasks("builtin", split="test")}
    assert not train & test
    assert train | test == {t.task_id for t in TASKS}


@pytest.mark.parametrize("task", TASKS, ids=lambda t: t.task_id)
def test_task_is_complete(task) -> None:
    assert task.problem.strip()
    assert len(task.public_tests) >= 3
    assert len(task.hidden_tests) >= 8
    assert task.reference_solution
    ast.parse(task.reference_solution)
    assert task.reference_steps is not None
    assert task.reference_steps.outline.strip()
    assert len(task.reference_steps.refinements) >= 1
    assert "```python" not in task.reference_steps.outline
    if task.style is TaskStyle.CALL:
        assert task.entry_point and f"def {task.entry_point}" in task.reference_solution


@pytest.fixture(scope="module")
def sandbox():
    from o1coder_env.sandbox import Sandbox

    with Sandbox(backend="process") as sb:
        yield sb


def test_every_reference_passes_all_tests(sandbox) -> None:
    from o1coder_env.sandbox import Job

    jobs = [
        Job(t.reference_solution, t.all_tests, entry_point=t.entry_point) for t in TASKS
    ]
    reports = sandbox.run_batch(jobs)
    failures = {
        t.task_id: [(r.index, r.status.value, r.message[:200]) for r in rep.results if not r.passed]
        for t, rep in zip(TASKS, reports, strict=True)
        if not rep.all_passed
    }
    assert not failures


def test_hidden_tests_reject_a_mutant_of_every_reference(sandbox) -> None:
    from o1coder_env.mutation import generate_mutants
    from o1coder_env.sandbox import Job, Limits

    # A mutant that loops is killed by its time limit; a short limit keeps this test fast.
    quick = Limits(timeout_s=1.0)
    toothless = []
    for task in TASKS:
        mutants = generate_mutants(task.reference_solution, max_mutants=12, seed=0)
        assert mutants, f"{task.task_id}: no mutant could be made of the reference"
        killed = False
        # Two at a time (one per worker), stopping at the first mutant the hidden tests reject.
        for start in range(0, len(mutants), 2):
            reports = sandbox.run_batch([
                Job(m.code, task.hidden_tests, entry_point=task.entry_point, limits=quick)
                for m in mutants[start:start + 2]
            ])
            if not all(rep.all_passed for rep in reports):
                killed = True
                break
        if not killed:
            toothless.append(task.task_id)
    assert not toothless, f"hidden tests reject none of the mutants for: {toothless}"


def test_suite_is_package_data_with_recipes_for_large_inputs() -> None:
    import json
    from importlib import resources

    from o1coder_env.tasks.builtin._generated_inputs import RECIPES

    text = resources.files("o1coder_env.tasks.builtin").joinpath("suite.jsonl").read_text()
    rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    assert [r["task_id"] for r in rows] == sorted(t.task_id for t in TASKS)
    named = [t["generated"] for r in rows for f in ("public_tests", "hidden_tests")
             for t in r[f] if "generated" in t]
    # Every recipe is used once and every generated test names a recipe.
    assert sorted(named) == sorted(RECIPES) and len(named) == len(set(named)) > 0
    # The file stays small: the large inputs are made, not stored.
    assert len(text) < 1_000_000


def test_a_broken_row_names_the_field() -> None:
    import json
    from importlib import resources

    from o1coder_env.tasks.builtin import _task
    from o1coder_env.tasks.errors import TaskDataError

    text = resources.files("o1coder_env.tasks.builtin").joinpath("suite.jsonl").read_text()
    row = next(json.loads(line) for line in text.splitlines()
               if '"generated"' in line)
    index = next(i for i, t in enumerate(row["hidden_tests"]) if "generated" in t)
    row["hidden_tests"][index]["generated"] = "no_such_recipe"
    with pytest.raises(TaskDataError, match=rf"hidden_tests\[{index}\]\.generated"):
        _task(7, row)
    row["hidden_tests"][index].pop("generated")
    row["split"] = "validation"
    with pytest.raises(TaskDataError, match="split"):
        _task(7, row)
