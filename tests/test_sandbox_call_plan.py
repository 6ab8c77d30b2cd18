"""Planned judged calls: the calls an assert test makes, known before it runs.

The planner is checked on its own (what it plans, where it stops); the sandbox is checked on
every backend available here for the one thing that matters: a planned test gets exactly the
verdict the live conversation gives, including when the program hangs, crashes or raises
part-way, and the box still sees only arguments.
"""

from __future__ import annotations

import json

import pytest

from o1coder_env.sandbox import Limits, Sandbox
from o1coder_env.sandbox import judge as judge_module
from o1coder_env.sandbox import sandbox as sandbox_module
from o1coder_env.sandbox.call_plan import CallPlan, call_key, plan_calls
from o1coder_env.sandbox.judge import judge_answered_test
from o1coder_env.sandbox.sandbox import _child_spec
from o1coder_env.tasks import TestCase, TestKind, load_tasks
from tests.sandbox_backends import ALL_BACKENDS, count_judge_messages, statuses

BACKENDS = ALL_BACKENDS


def _names(plan: CallPlan) -> list[tuple[str, list]]:
    return [(c.handle[1], c.args) for c in plan.calls]


# --- the planner ------------------------------------------------------------------------------
def test_straight_line_check_is_planned_completely_in_order():
    code = ("METADATA = {'author': 'x'}\n\n"
            "def check(candidate):\n"
            "    assert candidate([1, 2]) == 3\n"
            "    assert abs(candidate([0.5]) - 0.5) < 1e-6\n"
            "    assert candidate('ab' + 'cd', k=-1) == candidate(())\n")
    plan = plan_calls(code, "check(total)")
    assert plan.complete
    encode = judge_module._codec.encode_strict
    assert _names(plan) == [("total", encode([[1, 2]])), ("total", encode([[0.5]])),
                            ("total", encode(["abcd"])), ("total", encode([()]))]
    assert plan.calls[2].kwargs == encode({"k": -1})


def test_module_level_asserts_plan_the_programs_names_only():
    code = ("import math\n"
            "expected = 4\n"
            "def helper(x):\n    return x\n"
            "assert f(2) == expected\n"
            "assert math.isclose(g(1.5), 2.0)\n"
            "assert helper(f(3)) == 9\n")
    plan = plan_calls(code, "")
    # helper() is the test's own function: it might call the program, so the plan stops there.
    assert _names(plan) == [("f", [2]), ("g", [1.5])]
    assert not plan.complete


@pytest.mark.parametrize("body, planned", [
    ("    for i in range(3):\n        assert candidate(i) == i\n", 0),
    ("    assert candidate(1) == 1\n    assert candidate(2) == 2 or candidate(3) == 3\n", 1),
    ("    assert candidate(1) == 1\n    x = [1]\n    assert candidate(x) == 1\n", 1),
    ("    assert candidate(1) == 1, str(candidate(0))\n    assert candidate(2) == 2\n", 1),
    ("    assert candidate(1) == 1\n    assert 0 < candidate(2) < candidate(3)\n", 2),
    ("    assert candidate(*[1]) == 1\n", 0),
    ("    assert candidate(1)(2) == 1\n", 0),
    ("    try:\n        candidate(1)\n    except ValueError:\n        pass\n", 0),
])
def test_the_plan_stops_where_the_order_is_not_certain(body, planned):
    plan = plan_calls("def check(candidate):\n" + body, "check(f)")
    assert len(plan.calls) == planned
    assert not plan.complete


def test_live_calls_match_planned_ones_by_exact_type():
    assert call_key(["g", "f"], [1], {}) != call_key(["g", "f"], [1.0], {})
    assert call_key(["g", "f"], [True], {}) != call_key(["g", "f"], [1], {})
    plan = plan_calls("def check(c):\n    assert c(1.0) == 1\n", "check(f)")
    assert plan.calls[0].key == call_key(["g", "f"], [1.0], judge_module._codec.encode_strict({}))


def test_a_rebound_parameter_or_odd_call_plans_nothing():
    assert plan_calls("def check(c):\n    c = len\n    assert c('a') == 1\n", "check(f)") == \
        CallPlan()
    assert plan_calls("def check(c):\n    assert c(1) == 1\n", "check(f, g)") == CallPlan()
    assert plan_calls("def check(c):\n    assert c(1) == 1\n", "check(1)") == CallPlan()
    assert plan_calls("this is not python", "") == CallPlan()


def test_most_humaneval_checks_are_planned_completely():
    tests = [x for t in load_tasks("humaneval") for x in t.hidden_tests
             if x.kind is TestKind.ASSERT]
    complete = sum(plan_calls(x.code, x.call).complete for x in tests)
    assert len(tests) == 164 and complete >= 140, complete


def test_the_box_gets_the_calls_arguments_and_never_the_expected_values():
    spec = _child_spec(TestCase.assert_case(
        "def check(c):\n    assert c('needle') == 'HAYSTACK-987'\n", call="check(f)"))
    assert spec["k"] == "plan" and spec["calls"][0]["a"] == ["needle"]
    assert "HAYSTACK-987" not in json.dumps(spec)


# --- judging answers the box already gave ------------------------------------------------------
def _ret(value):
    return {"t": "ret", "r": "value", "v": judge_module._codec.encode_strict(value)}


def test_answers_are_judged_in_order_and_missing_ones_stop_the_test():
    code = "assert f(1) == 1\nassert f(2) == 4\nassert f(3) == 9\n"
    assert judge_answered_test(code, "", [_ret(1), _ret(4), _ret(9)]).status == "pass"
    assert judge_answered_test(code, "", [_ret(1), _ret(5), _ret(9)]).status == "fail"
    # The box stopped after two answers: the test fails if it failed before that, else stops.
    assert judge_answered_test(code, "", [_ret(0), _ret(4)]).status == "fail"
    assert judge_answered_test(code, "", [_ret(1), _ret(4)]).status == "stopped"
    raised = {"t": "ret", "r": "raise", "etype": "ZeroDivisionError", "msg": "boom"}
    verdict = judge_answered_test(code, "", [_ret(1), raised, _ret(9)])
    assert (verdict.status, verdict.etype) == ("error", "ZeroDivisionError")


# --- the same verdicts as the live conversation, on a real sandbox -----------------------------
@pytest.fixture(scope="module", params=BACKENDS)
def sb(request):
    with Sandbox(backend=request.param, workers=1, cache_size=0,
                 limits=Limits(timeout_s=1.0)) as box:
        yield box


_PROGRAM = ("import os\n"
            "seen = []\n"
            "def f(x):\n"
            "    seen.append(x)\n"
            "    if x == 'hang':\n        while True:\n            pass\n"
            "    if x == 'crash':\n        os._exit(3)\n"
            "    if x == 'raise':\n        raise KeyError(x)\n"
            "    if x == 'wrong':\n        return -1\n"
            "    return len(seen)\n")


@pytest.mark.parametrize("calls, expected", [
    (["a", "b", "c"], "passed"),
    (["a", "wrong", "hang"], "failed"),  # fails at its 2nd call, before the one that hangs
    (["a", "b", "hang"], "timeout"),
    (["wrong", "crash"], "failed"),
    (["a", "crash", "b"], "crashed"),
    (["a", "raise", "b"], "error"),
])
def test_planned_tests_get_the_verdict_of_the_live_conversation(sb, monkeypatch, calls,
                                                                  expected):
    # f returns how many calls it has seen: the program sees the calls in the test's order.
    code = "def check(c):\n" + "".join(
        f"    assert c({x!r}) == {i + 1}\n" for i, x in enumerate(calls))
    test = TestCase.assert_case(code, call="check(f)")
    assert _child_spec(test)["k"] == "plan"
    planned = sb.run(_PROGRAM, [test, TestCase.assert_case("assert f('z') >= 1")],
                     entry_point="f")
    monkeypatch.setattr(sandbox_module, "plan_calls", lambda code, call: CallPlan())
    monkeypatch.setattr(judge_module, "rehearsed_plan", lambda *args: CallPlan())
    assert _child_spec(test)["k"] == "judge"
    live = sb.run(_PROGRAM, [test, TestCase.assert_case("assert f('z') >= 1")],
                  entry_point="f")
    assert statuses(planned) == statuses(live) == [expected, "passed"], (
        planned.to_dict(), live.to_dict())
    assert planned.results[0].error_type == live.results[0].error_type


def test_returning_none_fails_the_same_way_planned_or_live(sb, monkeypatch):
    tasks = load_tasks("humaneval", limit=25)
    jobs = []
    for task in tasks:
        body = task.prompt + "    return None\n"
        jobs.append(sandbox_module.Job(body, [x for x in task.hidden_tests
                                              if x.kind is TestKind.ASSERT],
                                       entry_point=task.entry_point))
    planned = [statuses(r) for r in sb.run_batch(jobs)]
    monkeypatch.setattr(sandbox_module, "plan_calls", lambda code, call: CallPlan())
    monkeypatch.setattr(judge_module, "rehearsed_plan", lambda *args: CallPlan())
    live = [statuses(r) for r in sb.run_batch(jobs)]
    assert planned == live
    assert sum(s == ["passed"] for s in planned) <= 2  # a few tasks accept None for some inputs


def test_a_complete_plan_makes_no_live_call(sb, monkeypatch):
    sent = count_judge_messages(monkeypatch)
    program = "def f(x):\n    return x * 2\n"
    code = "def check(c):\n" + "".join(f"    assert c({i}) == {2 * i}\n" for i in range(20))
    partial = code + "    for i in range(3):\n        assert c(i) == 2 * i\n"
    report = sb.run(program, [TestCase.assert_case(code, call="check(f)")], entry_point="f")
    assert report.all_passed and sent["call"] == 0 and sent["batch"] == 0
    report = sb.run(program, [TestCase.assert_case(partial, call="check(f)")], entry_point="f")
    # The loop stops the static plan; a rehearsal of the code plans its 3 calls too: one batch.
    assert report.all_passed and sent["batch"] == 1 and sent["call"] == 0
    # A loop whose length depends on an answer is rehearsed up to the answer it needs: the 20
    # straight-line calls and the first call of the loop go in one batch, the rest are live.
    dependent = code + "    for i in range(c(1)):\n        assert c(i) == 2 * i\n"
    report = sb.run(program, [TestCase.assert_case(dependent, call="check(f)")], entry_point="f")
    assert report.all_passed and sent["batch"] == 2 and sent["call"] == 2


def test_constant_arithmetic_in_arguments_is_folded_as_python_would():
    plan = plan_calls("def check(c):\n    assert c(3 * 19) == 1\n    assert c([1, 0**0]) == 1\n"
                      "    assert c('ab' * 2, -(2 ** 3)) == 1\n", "check(f)")
    encode = judge_module._codec.encode_strict
    assert plan.complete
    assert [c.args for c in plan.calls] == [encode([57]), encode([[1, 1]]), encode(["abab", -8])]
    # Past the size bounds the planner stops; the judge then makes the call live, as Python would.
    assert plan_calls("def check(c):\n    assert c(2 ** 100000) == 1\n", "check(f)") == CallPlan()


def test_a_failing_asserts_message_gets_the_answer_of_the_call_it_repeats():
    code = ("def check(c):\n"
            "    assert c(1) == 1, 'first: ' + str(c(1))\n"
            "    assert c(2) == 4, 'second: ' + str(c(2))\n")
    assert plan_calls(code, "check(f)").complete
    verdict = judge_answered_test(code, "check(f)", [_ret(1), _ret(5)])
    assert (verdict.status, verdict.msg) == ("fail", "second: 5")
    # A message calling with other arguments could need an answer the box never gave.
    other = "def check(c):\n    assert c(1) == 1, str(c(0))\n    assert c(2) == 4\n"
    assert _names(plan_calls(other, "check(f)")) == [("f", [1])]
    assert not plan_calls(other, "check(f)").complete


def test_failure_messages_are_the_same_planned_or_live(sb, monkeypatch):
    program = "def f(x):\n    return x * 10\n"
    code = ("def check(candidate):\n"
            "    assert candidate(1) == 10, 'one: ' + str(candidate(1))\n"
            "    assert candidate(2) == 21, 'two: ' + str(candidate(2))\n")
    test = TestCase.assert_case(code, call="check(f)")
    assert _child_spec(test)["k"] == "plan"
    planned = sb.run(program, [test], entry_point="f")
    monkeypatch.setattr(sandbox_module, "plan_calls", lambda code, call: CallPlan())
    monkeypatch.setattr(judge_module, "rehearsed_plan", lambda *args: CallPlan())
    live = sb.run(program, [test], entry_point="f")
    assert [(r.status.value, r.message) for r in planned.results] == \
        [(r.status.value, r.message) for r in live.results] == [("failed", "two: 20")]


@pytest.mark.parametrize("size, calls", [(20_000, 1), (50_000, 5), (400_000, 4),
                                         (3_000_000, 2)])
def test_planned_answers_larger_than_a_pipe_are_all_read(sb, size, calls):
    # Many answers, and answers larger than a pipe holds, reach the judge whole and in order
    # (a stall on a full pipe would read as a timeout).
    program = f"def f(i):\n    return str(i) * {size}\n"
    code = "".join(f"assert f({i}) == str({i}) * {size}\n" for i in range(calls))
    test = TestCase.assert_case(code)
    assert _child_spec(test)["k"] == "plan"
    report = sb.run(program, [test, TestCase.assert_case("assert f(7) == '8'")], entry_point="f")
    assert statuses(report) == ["passed", "failed"], report.to_dict()


def test_planned_tests_in_a_row_each_get_their_own_answers(sb):
    # The child runs on from one planned test to the next without waiting for the worker, and
    # its answers file holds both tests' answers: each test must be judged on its own.
    program = "def f(x):\n    return -1 if x == 23 else x * x\n"
    tests = [TestCase.assert_case("".join(f"assert f({10 * t + i}) == {(10 * t + i) ** 2}\n"
                                          for i in range(4))) for t in range(5)]
    assert all(_child_spec(t)["k"] == "plan" for t in tests)
    for _ in range(5):
        report = sb.run(program, tests, entry_point="f")
        assert statuses(report) == ["passed", "passed", "failed", "passed", "passed"], (
            report.to_dict())
