"""Fuzzing TCG: type-aware mutation, reference outputs through the real sandbox, determinism."""

from __future__ import annotations

import random

import pytest

from o1coder_env import tcg
from o1coder_env.sandbox import Sandbox
from o1coder_env.tasks import Task, TestCase
from o1coder_env.tcg import (
    CachingTCG,
    FuzzingTCG,
    ValueMutator,
    call_from_assert,
    compute_outputs,
    mutate_stdin,
)

SECOND = """
def second_largest(xs):
    s = sorted(set(xs))
    if len(s) < 2:
        return None
    print("noise that must not reach the result")
    return s[-2]
"""

POSITIVE = """
def halve(n):
    if n < 0:
        raise ValueError("negative")
    return n // 2, n % 2
"""

SUM_STDIO = "n = int(input())\nxs = list(map(int, input().split()))\nprint(sum(xs[:n]) * 2)\n"


@pytest.fixture(scope="module")
def sandbox():
    sb = Sandbox(backend="process", workers=2)
    yield sb
    sb.close()


def call_task(task_id: str, entry: str, ref: str, public, hidden=()) -> Task:
    return Task(task_id, f"problem {task_id}", entry_point=entry, reference_solution=ref,
                public_tests=[TestCase.call_case(a, e) for a, e in public],
                hidden_tests=[TestCase.call_case(a, e) for a, e in hidden])


SECOND_TASK = call_task("t/second", "second_largest", SECOND,
                        [(([1, 2, 3],), 2), (([5, 5],), None)], [(([3, 1, 2],), 2)])
HALVE_TASK = call_task("t/halve", "halve", POSITIVE, [((7,), (3, 1)), ((0,), (0, 0))])
STDIO_TASK = Task("t/sum", "sum twice", style="stdio", reference_solution=SUM_STDIO,
                  public_tests=[TestCase.stdio_case("3\n1 2 3\n", "12\n")])


def test_value_mutator_keeps_types_and_is_deterministic():
    mut = ValueMutator(int_bound=100, max_len=10)
    values = [5, -2.5, "abba", [1, 2, 3], (1, "x"), {"a": 1}, {1, 2}, [[1], [2, 3]], True, None]
    for value in values:
        a = [mut.mutate(value, random.Random(7)) for _ in range(3)]
        b = [mut.mutate(value, random.Random(7)) for _ in range(3)]
        assert a == b
        for out in a:
            assert type(out) is type(value)
    rng = random.Random(0)
    ints = [mut.mutate(10, rng) for _ in range(200)]
    assert all(-100 <= i <= 100 for i in ints)
    assert {0, 1, -1, 9, 11} & set(ints)  # boundaries and neighbours occur
    tuples = [mut.mutate((1, 2, 3), rng) for _ in range(50)]
    assert all(len(t) == 3 for t in tuples)  # tuples keep their shape
    binary = [mut.mutate("0110", random.Random(i)) for i in range(50)]
    assert sum(set(s) <= {"0", "1"} for s in binary) >= 40  # the string's own alphabet dominates


def test_mutate_stdin_keeps_counts_consistent():
    rng = random.Random(3)
    for _ in range(100):
        text = mutate_stdin("3\n1 2 3\n", rng)
        lines = text.splitlines()
        assert len(lines) == 2
        assert int(lines[0]) == len(lines[1].split())
    for _ in range(50):
        lines = mutate_stdin("2\nab 1\ncd 2\n", rng).splitlines()
        assert int(lines[0]) == len(lines) - 1


def test_call_from_assert():
    t = call_from_assert("assert f([1, 2], 'x') == (3, None)", "f")
    assert t is not None and t.args == ([1, 2], "x") and t.expected == (3, None)
    assert call_from_assert("assert 4 == f(2)", "f").expected == 4
    assert call_from_assert("assert not f(2)", "f").expected is False
    assert call_from_assert("assert f(g(2)) == 1", "f") is None
    assert call_from_assert("assert h(2) == 1", "f") is None


def test_compute_outputs_reads_values_and_drops_failures(sandbox):
    inputs = [TestCase.call_case((9,), None), TestCase.call_case((-1,), None),
              TestCase.call_case(("x",), None)]
    res = compute_outputs(HALVE_TASK, inputs, POSITIVE, sandbox=sandbox)
    assert res[0].ok and res[0].output == (4, 1)  # a tuple survives the JSON round trip
    assert not res[1].ok and "ValueError" in res[1].error
    assert not res[2].ok


def test_fuzzing_call_task_valid_distinct_deterministic(sandbox):
    gen = FuzzingTCG(sandbox, seed=1)
    assert isinstance(gen, tcg.TestCaseGenerator)
    tests = gen.generate(SECOND_TASK, n=8)
    assert len(tests) == 8
    keys = {repr(t.args) for t in tests}
    assert len(keys) == 8
    assert not keys & {repr(t.args) for t in SECOND_TASK.public_tests}
    report = sandbox.run(SECOND, tests, entry_point="second_largest")
    assert report.all_passed  # expected outputs are the reference's
    assert gen.generate(SECOND_TASK, n=8) == tests
    other = FuzzingTCG(sandbox, seed=2).generate(SECOND_TASK, n=8)
    assert other != tests


def test_fuzzing_drops_inputs_the_reference_rejects(sandbox):
    tests = FuzzingTCG(sandbox, seed=0).generate(HALVE_TASK, n=10)
    assert tests
    assert all(t.args[0] >= 0 for t in tests)
    assert all(t.expected == (t.args[0] // 2, t.args[0] % 2) for t in tests)


def test_fuzzing_stdio_task(sandbox):
    tests = FuzzingTCG(sandbox, seed=0).generate(STDIO_TASK, n=6)
    assert 1 <= len(tests) <= 6
    for t in tests:
        n, *rest = t.stdin.split("\n")
        xs = [int(v) for v in rest[0].split()]
        assert t.expected.strip() == str(sum(xs[: int(n)]) * 2)


def test_fuzzing_errors_and_cache(sandbox):
    no_ref = SECOND_TASK.with_changes(reference_solution=None)
    with pytest.raises(ValueError, match="reference"):
        FuzzingTCG(sandbox).generate(no_ref, n=3)
    with pytest.raises(ValueError, match="n must be"):
        FuzzingTCG(sandbox).generate(SECOND_TASK, n=-1)
    with pytest.raises(ValueError, match="seed_tests"):
        FuzzingTCG(sandbox, seed_tests="secret")
    cached = CachingTCG(FuzzingTCG(sandbox, seed=5))
    first = cached.generate(SECOND_TASK, n=4)
    assert cached.generate(SECOND_TASK, n=4) == first
    assert (cached.hits, cached.misses) == (1, 1)


def test_fuzzing_says_why_when_the_reference_rejects_every_input(sandbox):
    always_fails = HALVE_TASK.with_changes(
        reference_solution="def halve(n):\n    raise RuntimeError('broken reference')\n")
    with pytest.raises(ValueError, match=r"failed on all .* broken reference"):
        FuzzingTCG(sandbox, seed=0).generate(always_fails, n=5)


def test_huge_int_outputs_become_serialisable_tests(sandbox):
    # 10**5000 has more digits than Python's str()/JSON allows by default: the oracle must read
    # it, and the test made from it must round-trip through to_dict/from_dict and hash.
    prog = "def power(x):\n    return [10 ** x]\n"
    task = call_task("t/power", "power", prog, [((3,), [1000])])
    (res,) = compute_outputs(task, [TestCase.call_case((5000,), None)], prog, sandbox=sandbox)
    assert res.ok and res.output == [10 ** 5000]
    test = TestCase.call_case((5000,), res.output)
    assert TestCase.from_dict(test.to_dict()) == test
    assert sandbox.run(prog, [test], entry_point="power").all_passed
