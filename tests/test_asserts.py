"""Assert-string conversion: plain asserts become call tests, everything else stays verbatim."""

from __future__ import annotations

import pytest

from o1coder_env.tasks.asserts import (
    assert_to_test,
    called_functions,
    function_asserts,
    parse_call_assert,
)
from o1coder_env.tasks.model import TestKind as Kind


@pytest.mark.parametrize(
    ("source", "args", "expected"),
    [
        ("assert add(1, 2) == 3", (1, 2), 3),
        ("assert 3 == add(1, 2)", (1, 2), 3),
        ("assert f([1, 2], (3,), {'a': 1}) == [(1, 2)]", ([1, 2], (3,), {"a": 1}), [(1, 2)]),
        ("assert f('x') is None", ("x",), None),
        ("assert f(0) is True", (0,), True),
        ("assert f(0) is False", (0,), False),
        ("assert not f(4)", (4,), False),
        ("assert f(4)", (4,), True),
        ("assert f(-1.5) == {1, 2}", (-1.5,), {1, 2}),
        ("assert f() == ''", (), ""),
        ('assert f(1) == 2, "message is ignored"', (1,), 2),
        ("assert (f(1) == 2)", (1,), 2),
    ],
)
def test_plain_forms_become_call_tests(source, args, expected):
    test = assert_to_test(source)
    assert test.kind is Kind.CALL
    assert test.args == args
    assert test.expected == expected
    assert type(test.expected) is type(expected)
    assert test.origin == source


@pytest.mark.parametrize(
    "source",
    [
        "assert f(set()) == 1",  # calls stay asserts, even set()
        "assert f(1) == set()",
        "assert f(x) == 1",  # a name
        "assert f(1, key=2) == 3",  # keyword argument
        "assert f(*xs) == 3",
        "assert math.isclose(f(1.0), 2.0)",
        "assert abs(f(1.0) - 2.0) < 1e-6",
        "assert f(1) == 2 == 2",  # chained
        "assert f(1) != 2",
        "assert f(1) < 2",
        "assert obj.f(1) == 2",  # attribute call
        "assert f(float('inf')) == 1",
        "assert f(1) == g(2)",
        "assert f(1) is 3",
        "assert set(f(1)) == {1}",
        "x = f(1)",  # not an assert at all
        "assert f(1) == 1\nassert f(2) == 2",  # two statements
        "assert f(1 ==",  # does not parse
    ],
)
def test_other_forms_stay_verbatim(source):
    assert parse_call_assert(source) is None
    test = assert_to_test(source)
    assert test.kind is Kind.ASSERT
    assert test.code == source.strip()


def test_func_names_restricts_the_callee():
    assert parse_call_assert("assert candidate(1) == 2", func_names={"candidate"}) is not None
    assert parse_call_assert("assert helper(1) == 2", func_names={"candidate"}) is None
    test = assert_to_test("assert helper(1) == 2", func_names={"candidate"})
    assert test.kind is Kind.ASSERT


def test_empty_assert_is_rejected():
    with pytest.raises(ValueError, match="non-empty"):
        assert_to_test("   ")


def test_called_functions_lists_builtins_last():
    assert called_functions("assert set(similar(a(1), 2)) == {1}") == ["similar", "a", "set"]
    assert called_functions("assert (") == []


def test_function_asserts_takes_only_top_level_asserts_of_the_body():
    code = (
        "METADATA = {}\n\n"
        "def check(candidate):\n"
        "    assert candidate(1) == 2\n"
        "    for i in range(3):\n"
        "        assert candidate(i) >= 0\n"
        "    assert candidate(2) == 3, 'msg'\n"
    )
    assert function_asserts(code) == ["assert candidate(1) == 2", "assert candidate(2) == 3, 'msg'"]
    assert function_asserts(code, "other") == []
    assert function_asserts("def check(:") == []


@pytest.mark.parametrize(("source", "equality"), [
    ("assert f(1) == 7", "python"),
    ("assert 7 == f(1)", "python"),
    ("assert f(1) is True", "strict"),
    ("assert f(1)", "strict"),
    ("assert not f(1)", "strict"),
])
def test_converted_asserts_keep_the_original_comparison(source, equality):
    test = assert_to_test(source, func_names={"f"})
    assert test.kind is Kind.CALL and test.equality == equality
