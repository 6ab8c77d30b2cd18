"""The paper's Table 1 preset, end to end on MBPP with the tiny test model (as CI runs it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("transformers")


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from agents.generators.models import ModelNotInstalledError
    from agents.generators.tiny import build_tiny_model

    try:
        return build_tiny_model(tmp_path_factory.mktemp("tiny-model"))
    except ModelNotInstalledError as exc:
        pytest.skip(f"the SmolLM2 tokenizer is not installed: {exc}")


def test_table1_preset_on_two_mbpp_tasks(tiny_model: Path, mbpp_path: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks.table1 import PAPER_TABLE1, TABLE1_AGENTS
    from o1coder_cli.main import main

    out = tmp_path / "table1"
    code = main(["bench", "--preset", "table1", "--model", str(tiny_model), "--path",
                 str(mbpp_path), "--split", "validation", "--limit", "2", "--budget", "tiny",
                 # A CI-sized search: a quarter of the rollouts, depth 2 (the paper's: 15, 5).
                 "--max-steps", "2", "--aspr-k", "1", "--out", str(out), "--no-progress"])
    assert code == 0
    printed = capsys.readouterr().out
    for name in PAPER_TABLE1:  # the paper's rows are printed beside ours
        assert name in printed
    results = json.loads((out / "results.json").read_text())
    assert results["config"]["source"] == "mbpp"
    assert set(results["summary"]) == set(TABLE1_AGENTS)
    for label in TABLE1_AGENTS:
        assert results["summary"][label]["tasks"] == 2
    modes = {e["agent"]: e["mode"] for e in results["episodes"]}
    assert modes == {"mcts-vanilla-paper": "direct", "mcts-pseudo-paper": "pseudocode"}
    assert all(e["error"] is None for e in results["episodes"]), results["episodes"]
    # The tiny budget level scales the rollouts: the table says so beside the paper's numbers.
    assert "Not the paper's budget" in printed and "rollouts 4 (paper 15)" in printed
    assert "mcts-pseudo-paper max_depth 2 (paper 5)" in printed
    assert results["config"]["max_steps"] == 2


def _results_of(config: object) -> dict:
    return {"config": config.to_dict(),  # type: ignore[attr-defined]
            "agents": [s.to_dict() for s in config.specs()],  # type: ignore[attr-defined]
            "summary": {}}


def test_table1_preset_runs_at_the_papers_budget() -> None:
    import argparse

    from benchmarks.cli import add_parser, config_from_args
    from benchmarks.table1 import TABLE1_AGENTS, budget_differences, format_table1

    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers())
    config = config_from_args(parser.parse_args(["bench", "--preset", "table1"]))
    assert config.agents == list(TABLE1_AGENTS) and config.source == "mbpp"
    assert config.split == "test" and config.max_steps == 5
    assert budget_differences(_results_of(config)) == []
    table = format_table1(_results_of(config))
    assert "rollouts 15, max_depth 5, k 3, temperature 0.8, top_p 0.95, top_k 40" in table
    assert "Not the paper's budget" not in table

    short = config_from_args(parser.parse_args(["bench", "--preset", "table1", "--max-steps",
                                                "4", "--budget", "small"]))
    assert budget_differences(_results_of(short)) == [
        "mcts-vanilla-paper rollouts 8 (paper 15)", "mcts-pseudo-paper rollouts 8 (paper 15)",
        "mcts-pseudo-paper max_depth 4 (paper 5)"]
