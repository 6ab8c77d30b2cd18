"""The trusted judge: assert tests run outside the box, calling the program by proxy.

Real sandboxes on every backend available here; the judge's own pieces (the codec's bounds, the
handle semantics) are checked directly where no sandbox is needed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from o1coder_env.sandbox import Limits, Sandbox, _codec, bwrap_available
from o1coder_env.sandbox.judge import ProgramRef, judge_assert_test
from o1coder_env.sandbox.sandbox import _child_spec
from o1coder_env.tasks import TestCase
from tests.sandbox_backends import statuses

BACKENDS = ["process"] + (["bwrap"] if not bwrap_available() else [])


@pytest.fixture(scope="module", params=BACKENDS)
def sb(request):
    with Sandbox(backend=request.param, workers=1, cache_size=0,
                 limits=Limits(timeout_s=2.0)) as box:
        yield box


def test_the_box_gets_no_test_code():
    # A straight-line check: the box gets the calls' arguments, never what they must return.
    spec = _child_spec(TestCase.assert_case("def check(c):\n    assert c(1) == 123456\n",
                                            call="check(f)", timeout_s=3.0))
    assert spec == {"k": "plan", "timeout": 3.0,
                    "calls": [{"f": ["g", "f"], "a": [1], "kw": _codec.encode_strict({})}]}
    assert "123456" not in json.dumps(spec)
    # A check with a loop: the judge makes every call live.
    spec = _child_spec(TestCase.assert_case(
        "def check(c):\n    for i in range(3):\n        assert c(i) == 123456\n",
        call="check(f)"))
    assert spec == {"k": "judge"}


def test_humaneval_check_with_helpers_loops_and_tolerance(sb):
    program = "def f(x):\n    return x / 3\n"
    code = ("METADATA = {'tol': 1e-6}\n"
            "def close(a, b):\n    return abs(a - b) < METADATA['tol']\n"
            "def check(candidate):\n"
            "    for i in range(20):\n"
            "        assert close(candidate(i), i / 3)\n"
            "    assert candidate(3) == 1.0\n")
    report = sb.run(program, [TestCase.assert_case(code, call="check(f)")], entry_point="f")
    assert statuses(report) == ["passed"], report.to_dict()
    wrong = sb.run("def f(x):\n    return x / 3 + 1e-3\n",
                   [TestCase.assert_case(code, call="check(f)")], entry_point="f")
    assert statuses(wrong) == ["failed"]


def test_program_objects_travel_as_handles(sb):
    # MBPP 601 builds the program's own class in the test; MBPP 533 passes the type ``int``.
    program = ("class Pair:\n    def __init__(self, a, b):\n        self.a, self.b = a, b\n"
               "def longest(pairs):\n    return max(p.b - p.a for p in pairs)\n"
               "def drop(values, kind):\n    return [v for v in values if type(v) is not kind]\n"
               "def kw(a, *, b=0):\n    return a - b\n")
    tests = [TestCase.assert_case("assert longest([Pair(1, 5), Pair(2, 9)]) == 7"),
             TestCase.assert_case("assert drop((1, 2.5, 'x'), int) == [2.5, 'x']"),
             TestCase.assert_case("assert kw(5, b=2) == 3"),
             TestCase.assert_case("assert sys.getsizeof((1, 2)) > 0 and kw(1) == 1")]
    report = sb.run(program, tests, entry_point="longest")
    assert statuses(report) == ["passed"] * 4, report.to_dict()


def test_a_liar_object_never_equals(sb):
    program = ("class Liar:\n    def __eq__(self, o):\n        return True\n"
               "    __hash__ = object.__hash__\n"
               "def f(x):\n    return Liar()\n"
               "def g(x):\n    return [Liar()]\n")
    tests = [TestCase.assert_case("assert f(7) == 3"),
             TestCase.assert_case("assert g(7) == [3]"),
             TestCase.assert_case("assert 3 == f(7)")]
    report = sb.run(program, tests, entry_point="f")
    assert statuses(report) == ["failed"] * 3, report.to_dict()


def test_exceptions_cross_by_builtin_type_only(sb):
    program = ("import sys\n"
               "class Mine(Exception):\n    pass\n"
               "def f(x):\n"
               "    if x == 0:\n        raise ValueError('zero')\n"
               "    if x == 1:\n        raise Mine('mine')\n"
               "    sys.exit(0)\n")
    expects_value_error = ("try:\n    f(0)\nexcept ValueError as e:\n    assert str(e) == 'zero'\n"
                           "else:\n    raise AssertionError('no error')\n")
    swallows_everything = "try:\n    f(1)\nexcept ValueError:\n    pass\n"
    tests = [TestCase.assert_case(expects_value_error),
             TestCase.assert_case(swallows_everything),
             TestCase.assert_case("assert f(2) is None")]
    report = sb.run(program, tests, entry_point="f")
    assert statuses(report) == ["passed", "error", "error"], report.to_dict()
    assert report.results[1].error_type == "ProgramError"
    assert "SystemExit" in report.results[2].message


def test_timeout_and_crash_mid_check_stop_the_test_and_resume(sb):
    program = ("import os\n"
               "def f(x):\n"
               "    if x == 1:\n        while True:\n            pass\n"
               "    if x == 2:\n        os._exit(0)\n"
               "    return x\n")
    # A check that swallows every exception still cannot pass once the box stopped.
    stubborn = ("def check(c):\n"
                "    for i in (0, {bad}, 0):\n"
                "        try:\n            c(i)\n"
                "        except BaseException:\n            pass\n"
                "    assert c(0) == 0\n")
    tests = [TestCase.assert_case(stubborn.format(bad=1), call="check(f)", timeout_s=0.5),
             TestCase.assert_case(stubborn.format(bad=2), call="check(f)"),
             TestCase.assert_case("assert f(5) == 5")]
    report = sb.run(program, tests, entry_point="f")
    assert statuses(report) == ["timeout", "crashed", "passed"], report.to_dict()


def test_output_is_attributed_to_the_judged_test(sb):
    program = "def f(x):\n    print('saw', x)\n    return x\n"
    tests = [TestCase.assert_case("assert f(1) == 1"), TestCase.assert_case("assert f(2) == 3")]
    report = sb.run(program, tests, entry_point="f")
    assert statuses(report) == ["passed", "failed"]
    assert report.results[0].stdout == "saw 1\n" and report.results[1].stdout == "saw 2\n"


def test_unknown_names_and_non_callables_are_errors(sb):
    program = "VALUE = 3\ndef f(x):\n    return x\n"
    tests = [TestCase.assert_case("assert nothere(1) == 1"),
             TestCase.assert_case("assert VALUE() == 3")]
    report = sb.run(program, tests, entry_point="f")
    assert statuses(report) == ["error", "error"]
    assert report.results[0].error_type == "NameError"
    assert report.results[1].error_type == "TypeError"
    # The worker is still in step with the parent afterwards.
    assert sb.run(program, [TestCase.call_case((4,), 4)], entry_point="f").all_passed


def test_decoded_values_are_bounded_plain_data():
    deep: object = 1
    for _ in range(150):
        deep = [deep]
    with pytest.raises(ValueError, match="deep"):
        _codec.decode_strict(json.loads(json.dumps(deep)))
    with pytest.raises(ValueError, match="handle"):
        _codec.decode_strict({"__ref__": ["o", 0]})
    with pytest.raises(ValueError):
        _codec.decode_strict({"__type__": "object"})
    assert _codec.decode_strict({"__type__": "int"}) is int


def test_handles_compare_by_identity_and_refuse_everything_else():
    ref = ProgramRef(lambda h, a, k: {"t": "ret", "r": "value", "v": 1}, ["g", "f"], "f")
    assert ref != ref._handle and ref == ref
    with pytest.raises(AttributeError):
        ref.secret  # noqa: B018
    with pytest.raises(TypeError):
        iter(ref)


def test_judge_verdicts_without_a_box():
    replies = iter([{"t": "ret", "r": "value", "v": {"__tuple__": [1, 2]}},
                    {"t": "stopped"}])
    verdict = judge_assert_test("assert f() == (1, 2)\nf()\n", "", lambda msg: next(replies))
    assert verdict.status == "stopped"


def test_one_codec_for_task_files_the_box_and_the_oracle():
    from o1coder_env.tasks.model import decode_value, encode_value
    from o1coder_env.tcg import oracle

    value = {"a": (1, {2, 3}), 4: [b"x", bytearray(b"y"), 2**70, float("inf"), 1j],
             "c": __import__("collections").Counter("aab")}
    data = encode_value(value)
    assert data == _codec.encode_strict(value, canonical=True)
    assert decode_value(json.loads(json.dumps(data))) == value
    assert _codec.decode_strict(data) == value
    # The oracle's harness embeds the very same file (no copy of the functions).
    source = Path(_codec.__file__).read_text(encoding="utf-8")
    assert source.replace("from __future__ import annotations\n", "") in oracle._codec_source()
    with pytest.raises(TypeError):
        encode_value(type("IntLike", (int,), {})(3))  # only exact plain types are data


def test_an_interrupted_judge_leaves_no_worker_out_of_step(sb):
    # Test code that raises a BaseException the judge does not catch (as KeyboardInterrupt
    # would) leaves the worker mid-conversation; the next run must still be judged correctly.
    class Interrupt(BaseException):
        pass

    import builtins

    builtins._o1coder_test_interrupt = Interrupt  # reachable from the test code's builtins
    try:
        with pytest.raises(Interrupt):
            sb.run("def f(x):\n    return x\n",
                   [TestCase.assert_case("f(1)\nraise _o1coder_test_interrupt()\n")],
                   entry_point="f")
    finally:
        del builtins._o1coder_test_interrupt
    report = sb.run("def f(x):\n    return x\n",
                    [TestCase.assert_case("assert f(2) == 2"), TestCase.call_case((3,), 3)],
                    entry_point="f")
    assert report.all_passed, report.to_dict()


def test_huge_or_deep_results_reach_the_judge_only_as_opaque_handles(sb):
    program = ("def big(x):\n    return [0] * 3_000_000\n"
               "def deep(x):\n    v = 0\n    for _ in range(150):\n        v = [v]\n    return v\n")
    tests = [TestCase.assert_case("r = big(1)\nassert repr(r).startswith('<program object')\n"
                                  "assert r != [0] * 3_000_000\n", timeout_s=20.0),
             TestCase.assert_case("r = deep(1)\nassert 'program object' in repr(r)\n"
                                  "len(r)\n", timeout_s=20.0)]
    report = sb.run(program, tests, entry_point="big")
    assert statuses(report) == ["passed", "error"], report.to_dict()
    assert report.results[1].error_type == "TypeError"  # a handle has no len()


# Draws inputs at random, as HumanEval/38, /50 and /53 do, and fails on purpose with the inputs
# in its message, so that the test can see what was drawn.
RANDOM_CHECK = ("def check(c):\n"
                "    from random import randint, choice\n"
                "    import random\n"
                "    xs = [randint(0, 10**9) for _ in range(3)]\n"
                "    xs += [choice('abc'), random.random()]\n"
                "    assert c(xs) == 'never', repr(xs)\n")


def test_random_inputs_are_the_same_on_every_run_and_leave_the_process_random_alone(sb):
    import random

    program = "def f(x):\n    return x\n"
    test = TestCase.assert_case(RANDOM_CHECK, call="check(f)")
    random.seed(1234)
    expected_next = random.random()
    random.seed(1234)
    first = sb.run(program, [test], entry_point="f").results[0]
    second = sb.run(program, [test], entry_point="f").results[0]
    # Judging drew five values, none of them from this process's own generator.
    assert random.random() == expected_next
    assert first.status.value == second.status.value == "failed"
    assert first.message == second.message and "[" in first.message
    # Another test (other code) draws other values: the seed comes from the test itself.
    other = TestCase.assert_case(RANDOM_CHECK.replace("10**9", "10**9 + 1"), call="check(f)")
    assert sb.run(program, [other], entry_point="f").results[0].message != first.message


def test_test_code_can_seed_its_own_random_and_use_the_real_classes():
    from o1coder_env.sandbox.judge import private_random

    a, b = private_random("x"), private_random("x")
    assert [a.randint(0, 99) for _ in range(5)] == [b.randint(0, 99) for _ in range(5)]
    a.seed(7)
    b.seed(7)
    assert a.random() == b.random()
    assert private_random("y").random() != private_random("x").random()
    assert isinstance(a.Random(3), a.Random) and a.SystemRandom is not None


def test_clear_test_caches_empties_every_per_test_cache():
    from o1coder_env.sandbox import call_plan, judge, rehearsal
    from o1coder_env.sandbox.judge import _handle_of, _TestGlobals

    check = "def check(candidate):\n    assert candidate(1) == 2\n    assert candidate(2) == 3\n"
    call_plan.plan_calls(check, "check(f)")
    judge._compiled(check, "<test>", "exec")
    # A comprehension makes the static plan incomplete: the rehearsal runs and is kept.
    rehearsal.rehearsed_plan(check + "x = [candidate for candidate in ()]\n", "check(f)",
                             _TestGlobals, _handle_of)
    caches = (call_plan.plan_calls, judge._compiled, rehearsal._cached)
    assert all(c.cache_info().currsize > 0 for c in caches)
    judge.clear_test_caches()
    assert [c.cache_info().currsize for c in caches] == [0, 0, 0]
