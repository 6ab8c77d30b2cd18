"""The reference oracle scores a task's own reference steps 1 and every other step 0."""

from __future__ import annotations

import pytest

from agents.prm import load_prm
from agents.prm.base import StepExample
from agents.prm.oracle import ReferenceOraclePRM
from o1coder_env.protocol.prompts import task_problem_text
from o1coder_env.step_candidates import reference_trace
from o1coder_env.tasks import load_tasks


@pytest.fixture(scope="module")
def two_tasks():
    tasks = [t for t in load_tasks("builtin") if t.reference_steps is not None]
    return tasks[0], tasks[1]


def test_own_reference_steps_score_one_and_others_zero(two_tasks) -> None:
    own, other = two_tasks
    oracle = load_prm("reference-oracle")
    assert isinstance(oracle, ReferenceOraclePRM)
    problem = task_problem_text(own)
    trace = reference_trace(own)
    assert len(trace) >= 2
    assert oracle(problem, trace) == [1.0] * len(trace)
    assert oracle.knows(problem) and not oracle.knows(problem + " ")
    # Surrounding whitespace does not matter; another task's step and a changed step do.
    wrong = [f"  {trace[0]}\n", reference_trace(other)[0], trace[-1].replace("return", "yield")]
    assert oracle.score_examples([StepExample(problem, (), step) for step in wrong]) \
        == [1.0, 0.0, 0.0]


def test_unknown_problems_and_sources_are_named(two_tasks) -> None:
    oracle = ReferenceOraclePRM(two_tasks[:1])
    with pytest.raises(ValueError, match="does not know the problem 'Add two"):
        oracle("Add two numbers.", ["step"])
    with pytest.raises(ValueError, match=r"reference-oracle: .*no-such-source"):
        load_prm("reference-oracle:no-such-source")
    no_reference = two_tasks[0].with_changes(reference_solution=None)
    with pytest.raises(ValueError, match="none of the tasks given has one"):
        ReferenceOraclePRM([no_reference])
