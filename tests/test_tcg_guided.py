"""Mutation-guided test selection: greedy kill cover, the kill matrix, guided fuzzing, folds."""

from __future__ import annotations

import itertools
import json
import random

import pytest

from o1coder_cli.main import main as cli_main
from o1coder_env.mutation import generate_mutants
from o1coder_env.sandbox import Sandbox
from o1coder_env.tasks import Task, TestCase
from o1coder_env.tcg import FuzzingTCG, evaluate_tests
from o1coder_env.tcg.metrics import kill_matrix, mutation_score
from o1coder_env.tcg.selection import select_by_kills, select_by_outputs


@pytest.fixture(scope="module")
def sandbox():
    sb = Sandbox(backend="process", workers=2)
    yield sb
    sb.close()


# --- pure selection ------------------------------------------------------------------------------
def test_select_by_outputs_prefers_new_outputs_then_order():
    keys = ["a", "a", "b", "a", "c"]
    assert select_by_outputs(keys, 3) == [0, 2, 4]
    assert select_by_outputs(keys, 4) == [0, 1, 2, 4]
    assert select_by_outputs(keys, 2, chosen=[3]) == [2, 3]  # "a" is seen through index 3
    assert select_by_outputs(keys, 0) == []
    assert select_by_outputs(keys, 99) == [0, 1, 2, 3, 4]


def test_select_by_kills_takes_the_biggest_gain_first_and_stops_at_the_cover():
    kills = [frozenset({0}), frozenset({0, 1, 2}), frozenset({3}), frozenset(), frozenset({1})]
    keys = ["x", "y", "z", "w", "v"]
    assert select_by_kills(kills, keys, 1) == [1]
    assert select_by_kills(kills, keys, 2) == [1, 2]
    # Cover {0..3} is done by 2 tests; the third place goes to a new output (index 0's "x").
    assert select_by_kills(kills, keys, 3) == [0, 1, 2]
    with pytest.raises(ValueError, match="rows"):
        select_by_kills(kills, keys[:2], 2)


def test_greedy_cover_is_optimal_for_one_test_and_complete_when_room():
    rng = random.Random(7)
    for _ in range(200):
        m, c = rng.randint(1, 8), rng.randint(1, 9)
        kills = [frozenset(j for j in range(m) if rng.random() < 0.3) for _ in range(c)]
        keys = [str(rng.randint(0, 3)) for _ in range(c)]
        killable = frozenset().union(*kills)
        best_one = max(len(k) for k in kills)
        assert len(frozenset().union(*(kills[i] for i in select_by_kills(kills, keys, 1)))) \
            == best_one
        full = select_by_kills(kills, keys, c)
        assert full == sorted(set(full)) and len(full) == c
        # Two tests: at least the best single test's kills, at most the best pair's (brute force).
        if c >= 2:
            got = len(frozenset().union(*(kills[i] for i in select_by_kills(kills, keys, 2))))
            brute = max(len(kills[a] | kills[b]) for a, b in itertools.combinations(range(c), 2))
            assert best_one <= got <= brute
        picked = select_by_kills(kills, keys, m + c)
        assert frozenset().union(*(kills[i] for i in picked)) == killable


# --- the kill matrix, in the real sandbox -------------------------------------------------------
INC = "def inc(x):\n    return x + 1\n"
INC_TASK = Task("t/inc", "add one", entry_point="inc", reference_solution=INC,
                public_tests=[TestCase.call_case((1,), 2)])


def test_kill_matrix_records_each_mutants_failures_and_stops_loopers(sandbox):
    tests = [TestCase.call_case((x,), x + 1) for x in (1, 2, 3, 4)]
    mutants = [
        "def inc(x):\n    return x + 2\n",                      # fails every test
        "def inc(x):\n    return x + 1 if x != 3 else 0\n",     # fails only x=3
        "def inc(x):\n    while True:\n        pass\n",         # loops: stopped after chunk 1
        "def inc(x):\n    return 1 + x\n",                      # equivalent: never killed
    ]
    kills = kill_matrix(INC_TASK, tests, mutants, sandbox=sandbox, timeout_s=0.3, chunk=2)
    assert kills == [frozenset({0, 2}), frozenset({0, 2}), frozenset({0, 1}), frozenset({0})]
    score = mutation_score(INC_TASK, tests, mutants, sandbox=sandbox, timeout_s=0.3)
    assert (score.killed, score.total) == (3, 4)
    with pytest.raises(ValueError, match="chunk"):
        kill_matrix(INC_TASK, tests, mutants, sandbox=sandbox, chunk=0)


# --- guided fuzzing ------------------------------------------------------------------------------
GRADE = (
    "def grade(score):\n"
    "    if score >= 90:\n"
    "        return 'A'\n"
    "    if score >= 80:\n"
    "        return 'B'\n"
    "    if score > 59:\n"
    "        return 'C'\n"
    "    return 'F'\n"
)
GRADE_TASK = Task(
    "t/grade", "letter grade", entry_point="grade", reference_solution=GRADE,
    public_tests=[TestCase.call_case((s,), g) for s, g in ((95, "A"), (85, "B"), (61, "C"),
                                                           (12, "F"))],
    hidden_tests=[TestCase.call_case((s,), g) for s, g in ((90, "A"), (80, "B"), (60, "C"),
                                                           (59, "F"), (100, "A"))],
)


def test_guided_fuzzing_kills_at_least_as_many_mutants_and_stays_valid(sandbox):
    guided = FuzzingTCG(sandbox, seed=3).generate(GRADE_TASK, n=4)
    plain = FuzzingTCG(sandbox, seed=3, guide_mutants=0).generate(GRADE_TASK, n=4)
    assert len(guided) == len(plain) == 4
    assert sandbox.run(GRADE, guided, entry_point="grade").all_passed
    assert FuzzingTCG(sandbox, seed=3).generate(GRADE_TASK, n=4) == guided  # deterministic
    q_guided = evaluate_tests(GRADE_TASK, guided, sandbox=sandbox, coverage=False)
    q_plain = evaluate_tests(GRADE_TASK, plain, sandbox=sandbox, coverage=False)
    assert q_guided.killed >= q_plain.killed
    assert q_guided.killed > 0


def test_guide_fold_only_uses_its_fold_and_eval_scores_the_other(sandbox):
    fold0 = FuzzingTCG(sandbox, seed=3, guide_fold=(0, 2)).generate(GRADE_TASK, n=4)
    assert sandbox.run(GRADE, fold0, entry_point="grade").all_passed
    q = evaluate_tests(GRADE_TASK, fold0, sandbox=sandbox, coverage=False, mutant_fold=(1, 2))
    held_out = generate_mutants(GRADE, max_mutants=20, fold=(1, 2))
    assert q.mutants == len(held_out) > 0
    assert q.hidden_killed is not None and q.hidden_killed <= q.mutants


def test_guided_options_are_checked():
    with pytest.raises(ValueError, match="guide_mutants"):
        FuzzingTCG(guide_mutants=-1)
    with pytest.raises(ValueError, match="pool_factor"):
        FuzzingTCG(pool_factor=0)
    with pytest.raises(ValueError, match="fold"):
        FuzzingTCG(guide_fold=(2, 2))


def test_cli_fold_flags(tmp_path, capsys):
    out = tmp_path / "t.jsonl"
    assert cli_main(["tcg", "generate", "--task-ids", "builtin/additive_persistence", "--n", "3",
                     "--guide-fold", "0/2", "--backend", "process", "--out", str(out)]) == 0
    row = json.loads(out.read_text())
    assert row["task_id"] == "builtin/additive_persistence" and len(row["tests"]) == 3
    report = tmp_path / "eval.json"
    assert cli_main(["tcg", "eval", "--task-ids", "builtin/additive_persistence", "--tests",
                     str(out), "--mutant-fold", "1/2", "--no-coverage", "--backend", "process",
                     "--out", str(report)]) == 0
    (task_row,) = json.loads(report.read_text())["tasks"]
    assert task_row["n_valid"] == 3 and task_row["mutants"] > 0
    with pytest.raises(SystemExit):
        cli_main(["tcg", "eval", "--tests", str(out), "--mutant-fold", "2/2"])
    assert "expected K/F" in capsys.readouterr().err


def test_tcg_eval_judges_every_test_an_llm_generator_wrote(tmp_path):
    """`tcg generate` keeps only an LLM TCG's valid tests in "tests"; `tcg eval` must judge the
    whole report.parsed, or its validity would always be 1."""
    from o1coder_env.tasks import load_tasks

    (task,) = load_tasks("builtin", task_ids=["builtin/additive_persistence"])
    right = [t.to_dict() for t in task.public_tests[:2]]
    wrong = {**right[0], "expected": -1}
    out = tmp_path / "llm.jsonl"
    out.write_text(json.dumps({"task_id": task.task_id, "generator": "hf", "tests": right,
                               "report": {"parsed": [*right, wrong], "invalid": [
                                   {"test": wrong, "reason": "reference failed"}]}}) + "\n")
    report = tmp_path / "eval.json"
    assert cli_main(["tcg", "eval", "--task-ids", task.task_id, "--tests", str(out),
                     "--max-mutants", "2", "--no-coverage", "--backend", "process",
                     "--out", str(report)]) == 0
    (row,) = json.loads(report.read_text())["tasks"]
    assert row["n_tests"] == 3 and row["n_valid"] == 2
    assert row["validity"] == pytest.approx(2 / 3)
