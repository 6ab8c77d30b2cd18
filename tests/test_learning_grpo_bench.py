"""The learning benchmark's --smoke mode: TRL's real trainers on a tiny model, JSON and PNG out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("trl")

from benchmarks.perf.learning_grpo_bench import main

KEYS = ("base_pass_at_1", "trained_pass_at_1", "paired_diff", "paired_ci", "eval_tasks",
        "train_steps", "wall_minutes", "cpu_cores", "command")


def _run(tmp_path: Path, method: str) -> dict:
    out = tmp_path / f"{method}.json"
    assert main(["--smoke", "--method", method, "--threads", "1", "--out", str(out),
                 "--run-dir", str(tmp_path / "run"), "--report-to", "tensorboard"]) == 0
    result = json.loads(out.read_text())
    assert all(k in result for k in KEYS), sorted(set(KEYS) - set(result))
    low, high = result["paired_ci"]
    assert low <= result["paired_diff"] <= high
    assert result["eval_tasks"] == 2 and result["train_steps"] == 2
    assert 0.0 <= result["base_pass_at_1"] <= 1.0 and "--smoke" in result["command"]
    assert out.with_suffix(".png").stat().st_size > 1000
    return result


@pytest.mark.slow
def test_grpo_smoke_trains_both_rewards_and_writes_the_figures(tmp_path):
    result = _run(tmp_path, "grpo")
    variants = result["variants"]
    assert sorted(variants) == ["outcome", "prm"]
    assert result["settings"]["trl_args"] == {"entropy_coef": 0.01}  # reached TRL (see --smoke)
    for row in variants.values():
        assert row["params_changed"] > 0
        assert set(row["timings"]) == {"generation_s", "reward_s", "update_s"}
        assert [p["step"] for p in row["heldout_curve"]] == [0, 1, 2]
        assert len(row["train_curve"]) == 2
        assert list(Path(row["tensorboard"]).rglob("events.out.tfevents*"))


@pytest.mark.slow
def test_dpo_smoke_trains_on_pairs_it_made(tmp_path):
    result = _run(tmp_path, "dpo")
    row = result["variants"]["dpo"]
    assert row["pairs"]["pairs"] >= 1 and row["params_changed"] > 0
    assert (tmp_path / "run" / "dpo_pairs.jsonl").is_file()
    # --eval-checkpoint: a checkpoint compared with itself, on the held-out and one more set,
    # must give identical pass rates (same seeded sampling on both sides).
    checkpoint, out = row["checkpoint"], tmp_path / "recheck.json"
    assert main(["--eval-checkpoint", checkpoint, "--model", checkpoint, "--source", "builtin",
                 "--eval-path", "", "--eval-limit", "2", "--samples", "2",
                 "--max-new-tokens", "8", "--threads", "1", "--also-eval", "more=builtin:train:",
                 "--out", str(out)]) == 0
    report = json.loads(out.read_text())
    assert sorted(report["sets"]) == ["held_out", "more"]
    for got in report["sets"].values():
        assert got["tasks"] == 2 and got["paired_diff"] == 0.0
        assert got["base_pass_at_1"] == got["trained_pass_at_1"]


def test_bad_arguments_name_the_flag(capsys):
    with pytest.raises(SystemExit):
        main(["--steps", "0"])
    assert "--steps must be >= 1" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--method", "dpo", "--variants", "prm"])
    assert "--variants prm needs --method grpo" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--eval-checkpoint", "some/run"])
    assert "--eval-checkpoint needs --out" in capsys.readouterr().err
