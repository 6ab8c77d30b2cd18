import numpy as np
import pytest

from o1coder_env.protocol.steps import extract_code, is_code_step
from o1coder_env.step_candidates import CandidateProposer, code_step, reference_trace
from o1coder_env.tasks.model import ReasoningSteps, Task, TestCase


def _task(i: int, op: str = "+") -> Task:
    ref = (
        f"def f{i}(xs):\n"
        f"    total = {i}\n"
        f"    for x in xs:\n"
        f"        if x > {i}:\n"
        f"            total = total {op} x\n"
        f"    return total\n"
    )
    return Task(
        task_id=f"t/{i:02d}",
        problem=f"Problem {i}.",
        entry_point=f"f{i}",
        public_tests=(TestCase.call_case(([1, 2, 30],), None),),
        reference_solution=ref,
        reference_steps=ReasoningSteps(f"outline {i}", (f"refine {i}a", f"refine {i}b")),
    )


TASKS = [_task(i) for i in range(6)]


def test_reference_trace():
    trace = reference_trace(TASKS[1])
    assert trace[:3] == ["outline 1", "refine 1a", "refine 1b"]
    assert is_code_step(trace[3])
    assert extract_code(trace[3]) == TASKS[1].reference_solution
    bare = Task(task_id="h/0", problem="p", entry_point="g",
                reference_solution="def g():\n    pass\n")
    assert reference_trace(bare) == [code_step("def g():\n    pass\n")]
    with pytest.raises(ValueError, match="no reference_solution"):
        reference_trace(Task(task_id="h/1", problem="p", entry_point="g"))


def test_following_the_labels_walks_the_reference_trace():
    prop = CandidateProposer(TASKS, mutants_per_task=6)
    rng = np.random.default_rng(0)
    task = TASKS[2]
    steps: list[str] = []
    for _ in range(4):
        labelled = prop.propose_with_labels(task, steps, 5, rng)
        texts = [t for t, _ in labelled]
        assert len(set(texts)) == 5
        assert sum(label for _, label in labelled) == 1
        steps.append(labelled[CandidateProposer.correct_index(labelled)][0])
    assert steps == reference_trace(task)


def test_wrong_candidates_by_position():
    prop = CandidateProposer(TASKS, mutants_per_task=6)
    rng = np.random.default_rng(1)
    task = TASKS[3]
    ref_code = reference_trace(task)[-1]
    at_outline = prop.propose_with_labels(task, [], 5, rng)
    wrong = [t for t, ok in at_outline if not ok]
    assert any(t.startswith("outline ") for t in wrong)  # other tasks' outlines
    assert any(is_code_step(t) for t in wrong)  # premature buggy code
    assert ref_code not in [t for t, _ in at_outline]  # premature reference code: never
    assert all(t != "outline 3" for t in wrong)
    at_code = prop.propose_with_labels(task, reference_trace(task)[:3], 4, rng)
    assert all(is_code_step(t) for t, _ in at_code)  # mutants first at the code position
    assert dict(at_code)[ref_code] is True
    # Past the end (or off the reference path) the reference code step is still offered.
    off_path = prop.propose_with_labels(task, ["my own outline", "x", "y", "z", "w"], 3, rng)
    assert (ref_code, True) in off_path
    assert not prop.is_reference_prefix(task, ["my own outline"])
    assert prop.is_reference_prefix(task, reference_trace(task)[:2])


def test_deterministic_for_an_rng_state_and_order_of_tasks():
    a = CandidateProposer(TASKS).propose(TASKS[0], [], 4, np.random.default_rng(7))
    b = CandidateProposer(list(reversed(TASKS))).propose(TASKS[0], [], 4, np.random.default_rng(7))
    assert a == b
    draws = {tuple(CandidateProposer(TASKS).propose(TASKS[0], [], 4, np.random.default_rng(s)))
             for s in range(6)}
    assert len(draws) > 1


def test_errors():
    prop = CandidateProposer(TASKS[:1], mutants_per_task=0)
    with pytest.raises(ValueError, match="only"):
        prop.propose(TASKS[0], [], 10, np.random.default_rng(0))
    with pytest.raises(ValueError, match="k must be"):
        prop.propose(TASKS[0], [], 0, np.random.default_rng(0))
    with pytest.raises(ValueError, match="duplicate"):
        CandidateProposer([TASKS[0], TASKS[0]])
    with pytest.raises(ValueError, match="mutants_per_task"):
        CandidateProposer(TASKS, mutants_per_task=-1)


def test_task_outside_the_pool_is_prepared_on_use():
    prop = CandidateProposer(TASKS[:3])
    extra = _task(9, op="-")
    out = prop.propose_with_labels(extra, [], 3, np.random.default_rng(0))
    assert ("outline 9", True) in out
