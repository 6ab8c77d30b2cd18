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


def test_table1_preset_on_three_mbpp_tasks(tiny_model: Path, mbpp_path: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks.table1 import PAPER_TABLE1, TABLE1_AGENTS
    from o1coder_cli.main import main

    out = tmp_path / "table1"
    code = main(["bench", "--preset", "table1", "--model", str(tiny_model), "--path",
                 str(mbpp_path), "--split", "validation", "--limit", "3", "--budget", "tiny",
                 "--aspr-k", "1", "--out", str(out), "--no-progress"])
    assert code == 0
    printed = capsys.readouterr().out
    for name in PAPER_TABLE1:  # the paper's rows are printed beside ours
        assert name in printed
    results = json.loads((out / "results.json").read_text())
    assert results["config"]["source"] == "mbpp"
    assert set(results["summary"]) == set(TABLE1_AGENTS)
    for label in TABLE1_AGENTS:
        assert results["summary"][label]["tasks"] == 3
    modes = {e["agent"]: e["mode"] for e in results["episodes"]}
    assert modes == {"mcts-vanilla": "direct", "mcts-llm": "pseudocode"}
    assert all(e["error"] is None for e in results["episodes"]), results["episodes"]
