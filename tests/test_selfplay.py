"""The self-play loop end to end: tiny model, candidate search, SFT + DPO, evaluation, resume."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("trl")
pytest.importorskip("transformers")

from _env_fixtures import tiny_tasks

from agents.selfplay.loop import SelfPlayConfig, finished_rounds, run_selfplay
from o1coder_env.tasks.jsonl import write_jsonl


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    from agents.generators.tiny import build_tiny_model

    root = tmp_path_factory.mktemp("selfplay")
    tasks = tiny_tasks()
    # Three train tasks, one held out: a JSONL source with those splits.
    tasks = [t.with_changes(split="train") for t in tasks[:3]] + [tasks[3]]
    data = write_jsonl(tasks, root / "tasks.jsonl")
    model = build_tiny_model(root / "tiny-model")
    return data, model


def config(setup: tuple[Path, Path], out: Path, rounds: int) -> SelfPlayConfig:
    data, model = setup
    return SelfPlayConfig(
        out=str(out), rounds=rounds, model=str(model), source="jsonl", path=str(data),
        train_split="train", eval_split="test", generator="candidates", rollouts=4, k=3,
        max_depth=3, max_new_tokens=8, sft_steps=1, dpo_steps=1, batch_size=2, max_length=1024,
        dpo_margin=0.1,
    )


def test_two_rounds_then_resume(setup: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "run"
    messages: list[str] = []
    records = run_selfplay(config(setup, out, 2), log=messages.append)
    assert [r["round"] for r in records] == [1, 2]
    for index, record in enumerate(records, start=1):
        folder = out / f"round_{index:03d}"
        assert (folder / "round.json").is_file() and (folder / "trees.jsonl").is_file()
        assert record["stages"]["synthesize"]["tasks"] == 3
        assert record["stages"]["sft"]["status"] == "trained"
        assert record["stages"]["sft"]["examples"] > 0
        assert record["stages"]["dpo"]["status"] in ("trained",) or \
            record["stages"]["dpo"]["status"].startswith("skipped")
        assert (Path(record["policy"]) / "config.json").is_file()
        ev = record["eval"]
        assert ev["episodes"] == 1
        # One episode: the success rate is exactly 0 or 1, inside its own Wilson interval, and
        # a success means the episode's reward was the full outcome.
        assert ev["success_rate"] in (0.0, 1.0)
        assert ev["success_rate_ci"][0] <= ev["success_rate"] <= ev["success_rate_ci"][1]
        assert ev["mean_reward_ci"] == [ev["mean_reward"], ev["mean_reward"]]
        if ev["success_rate"] == 1.0:
            assert ev["mean_reward"] > 0
    # Round 2 starts from round 1's policy: the loop feeds its checkpoint back.
    assert records[1]["policy_in"] == records[0]["policy"]
    assert records[1]["policy"] != records[0]["policy"]
    log = json.loads((out / "log.json").read_text())
    assert [r["round"] for r in log["rounds"]] == [1, 2]
    assert (out / "metrics.png").read_bytes().startswith(b"\x89PNG")

    # A third call with --rounds 2 does nothing.
    stamp = (out / "round_002" / "round.json").stat().st_mtime_ns
    again = run_selfplay(config(setup, out, 2), log=messages.append)
    assert len(again) == 2 and "nothing to do" in messages[-1]
    assert (out / "round_002" / "round.json").stat().st_mtime_ns == stamp
    assert not (out / "round_003").exists()

    # With --rounds 3 it runs exactly one more round, from round 2's policy.
    more = run_selfplay(config(setup, out, 3), log=messages.append)
    assert [r["round"] for r in more] == [1, 2, 3]
    assert more[2]["policy_in"] == records[1]["policy"]
    assert len(finished_rounds(out)) == 3


@pytest.mark.slow
def test_interrupted_round_is_redone_and_settings_are_checked(setup: tuple[Path, Path],
                                                              tmp_path: Path) -> None:
    out = tmp_path / "run"
    run_selfplay(config(setup, out, 1), log=lambda _m: None)
    # Simulate a crash in round 1 after its checkpoints, before round.json.
    (out / "round_001" / "round.json").unlink()
    records = run_selfplay(config(setup, out, 1), log=lambda _m: None)
    assert records[0]["stages"]["sft"]["status"] == "reused"
    # Different settings in the same folder are refused, naming the field.
    changed = config(setup, out, 1)
    changed.rollouts = 5
    with pytest.raises(ValueError, match="rollouts"):
        run_selfplay(changed, log=lambda _m: None)


def test_config_rejects_bad_values() -> None:
    with pytest.raises(ValueError, match="generator"):
        SelfPlayConfig(generator="gpt")
    with pytest.raises(ValueError, match="rounds"):
        SelfPlayConfig(rounds=0)
    with pytest.raises(ValueError, match="prm_kind"):
        SelfPlayConfig(prm_kind="oracle")


def test_cli_flags(tmp_path: Path) -> None:
    import argparse

    from agents.selfplay.cli import add_parser, config_from_args

    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["selfplay", "--rounds", "3", "--out", str(tmp_path),
                              "--generator", "candidates", "--eval-seeds", "0", "1",
                              "--no-prm-freeze-encoder", "--train-tasks", "2"])
    cfg = config_from_args(args)
    assert cfg.rounds == 3 and cfg.out == str(tmp_path) and cfg.eval_seeds == (0, 1)
    assert cfg.prm_freeze_encoder is False and cfg.train_tasks == 2
