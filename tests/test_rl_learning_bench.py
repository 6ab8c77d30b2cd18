"""The PPO learning benchmark's paired comparison (the run itself is the benchmark, not a test)."""

from __future__ import annotations

import pytest

from benchmarks.perf.learning_ppo_bench import paired_deltas


def test_paired_deltas_average_per_task_differences():
    tasks = ["a", "a", "b", "b", "c", "c"]
    trained = [1.0, 1.0, 0.0, 1.0, 0.5, 0.5]
    random_ = [0.0, 1.0, 0.0, 0.0, 0.5, 0.5]
    d = paired_deltas(tasks, trained, random_, seed=0)
    # per task: a +0.5, b +0.5, c 0.0 -> mean 1/3 over 3 tasks
    assert d["value"] == pytest.approx(1.0 / 3.0)
    assert d["n"] == 3
    assert d["low"] <= d["value"] <= d["high"]
    assert d["low"] >= 0.0  # no task got worse, so no resample is negative
    assert paired_deltas(tasks, trained, trained)["value"] == 0.0


def test_paired_deltas_reject_unequal_lengths():
    with pytest.raises(ValueError, match="equal lengths"):
        paired_deltas(["a", "b"], [1.0], [0.0, 1.0])
