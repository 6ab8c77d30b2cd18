import ast

import pytest

from o1coder_env.mutation import OPERATORS, Mutant, generate_mutants, mutant_fold

# One sample per operator that surely gives it at least one mutant.
SAMPLES = {
    "comparison_flip": "def f(a, b):\n    return a == b\n",
    "boundary_shift": "def f(a, b):\n    return a < b\n",
    "off_by_one": "def f(x):\n    return x + 3\n",
    "range_bound": "def f(n):\n    return [i for i in range(n)]\n",
    "arithmetic_swap": "def f(a, b):\n    return a * b\n",
    "boolean_swap": "def f(a, b):\n    return a and b\n",
    "wrong_return": "def f(a, b):\n    return b\n",
    "dropped_branch": "def f(a):\n    if a:\n        a = 2\n    return a\n",
    "dropped_else": "def f(a):\n    if a:\n        b = 1\n    else:\n        b = 2\n    return b\n",
    "negated_condition": "def f(a):\n    while a:\n        a = a - 1\n    return a\n",
    "slice_swap": "def f(s, i):\n    return s[i:]\n",
    "unary_drop": "def f(a, b):\n    return -b\n",
    "bool_flip": "def f(a):\n    return True\n",
}

BIG = '''\
def solve(xs, k):
    """Doc string stays."""
    # a comment that splicing keeps
    total = 0
    for i in range(len(xs) - 1):
        if xs[i] < k and not xs[i] == 3:
            total += xs[i] * 2
        elif xs[i] > 10:
            total -= 1
        else:
            total = -total
    while total > 100 or False:
        total //= 2
    return total if total >= 0 else xs[1:k]
'''


def test_every_operator_has_a_sample():
    assert set(SAMPLES) == set(OPERATORS)


@pytest.mark.parametrize("operator", OPERATORS)
def test_each_operator_produces_a_mutant(operator):
    mutants = generate_mutants(SAMPLES[operator])
    ours = [m for m in mutants if m.operator == operator]
    assert ours, f"{operator} made no mutant of its sample"
    for m in ours:
        assert isinstance(m, Mutant)
        assert m.line >= 1
        assert m.description


def test_mutants_compile_differ_and_are_distinct():
    mutants = generate_mutants(BIG)
    assert len(mutants) > 30
    original = ast.unparse(ast.parse(BIG))
    normals = set()
    for m in mutants:
        compile(m.code, "<m>", "exec")
        normal = ast.unparse(ast.parse(m.code))
        assert normal != original
        normals.add(normal)
    assert len(normals) == len(mutants)
    assert {m.operator for m in mutants} == set(OPERATORS)


def test_splicing_keeps_comments_and_formatting():
    mutants = generate_mutants(BIG)
    kept = [m for m in mutants if "# a comment that splicing keeps" in m.code]
    # Nearly every mutant is a splice of the original text, not a re-rendering.
    assert len(kept) >= len(mutants) - 2
    flip = next(m for m in mutants if m.description == "line 12: '>' -> '<='")
    assert flip.code == BIG.replace("while total > 100", "while total <= 100")


def test_precedence_is_respected():
    # Dropping the unary minus or swapping an operator must not change how the rest parses.
    code = "def f(a, b, c):\n    return (a + b) * c\n"
    rendered = {
        m.description.split(": ", 1)[1]: ast.unparse(ast.parse(m.code).body[0].body[0].value)
        for m in generate_mutants(code) if m.operator == "arithmetic_swap"
    }
    assert rendered == {"'+' -> '-'": "(a - b) * c", "'*' -> '+'": "a + b + c"}


def test_deterministic_and_seeded_selection():
    a = generate_mutants(BIG, max_mutants=8, seed=3)
    b = generate_mutants(BIG, max_mutants=8, seed=3)
    c = generate_mutants(BIG, max_mutants=8, seed=4)
    assert a == b
    assert len(a) == 8
    assert a != c
    # The selection spreads over operators instead of taking the many off-by-one mutants.
    assert len({m.operator for m in a}) == 8
    assert generate_mutants(BIG, max_mutants=0) == []
    assert generate_mutants(BIG) == generate_mutants(BIG)


def test_unparsable_code_gives_no_mutants_and_bad_limit_raises():
    assert generate_mutants("def f(:\n") == []
    with pytest.raises(ValueError, match="max_mutants"):
        generate_mutants(BIG, max_mutants=-1)


def test_mutants_change_behaviour_on_a_real_function():
    code = (
        "def clamp(x, lo, hi):\n    if x < lo:\n        return lo\n"
        "    if x > hi:\n        return hi\n    return x\n"
    )
    inputs = [(-5, 0, 10), (0, 0, 10), (5, 0, 10), (10, 0, 10), (15, 0, 10)]
    ref_ns: dict = {}
    exec(code, ref_ns)
    expected = [ref_ns["clamp"](*a) for a in inputs]
    killed = 0
    mutants = generate_mutants(code)
    for m in mutants:
        ns: dict = {}
        exec(m.code, ns)
        if [ns["clamp"](*a) for a in inputs] != expected:
            killed += 1
    assert killed >= len(mutants) - 2  # at most a couple of equivalent mutants


FOLD_SOURCE = (
    "def grade(score, bonus):\n"
    "    total = score + bonus\n"
    "    if total >= 90:\n"
    "        return 'A'\n"
    "    if total > 75 and bonus < 5:\n"
    "        return 'B'\n"
    "    return 'C' * (total // 10)\n"
)


def test_folds_partition_the_mutants_stably():
    every = generate_mutants(FOLD_SOURCE)
    parts = [generate_mutants(FOLD_SOURCE, fold=(k, 3)) for k in range(3)]
    codes = [{m.code for m in part} for part in parts]
    assert all(codes)  # each fold is non-empty for a program with this many mutants
    assert set.union(*codes) == {m.code for m in every}
    assert sum(len(c) for c in codes) == len(every)  # disjoint
    for k, part in enumerate(parts):
        assert all(mutant_fold(m.code, 3) == k for m in part)
    # Formatting and comments do not move a mutant to another fold.
    first = parts[0][0].code
    assert mutant_fold("# note\n" + first.replace("    ", "        "), 3) == 0
    # max_mutants counts only mutants of the fold.
    assert len(generate_mutants(FOLD_SOURCE, max_mutants=2, seed=4, fold=(1, 3))) == min(
        2, len(parts[1]))


@pytest.mark.parametrize("fold", [(2, 2), (-1, 2), (0, 0), (0,), (True, 2), "0/2"])
def test_bad_folds_are_rejected(fold):
    with pytest.raises(ValueError, match="fold"):
        generate_mutants(FOLD_SOURCE, fold=fold)


def test_mutant_fold_errors():
    with pytest.raises(ValueError, match="folds must be >= 1"):
        mutant_fold("x = 1\n", 0)
    with pytest.raises(ValueError, match="parses"):
        mutant_fold("def (:\n", 2)
