"""The search-against-sampling bench's --smoke mode (tiny model, 2 procedural tasks)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("transformers")

from benchmarks.perf.search_vs_sampling_bench import METHODS, TokenCap, main


def test_smoke_writes_every_method_at_every_budget(tmp_path: Path) -> None:
    assert main(["--smoke", "--out", str(tmp_path)]) == 0
    result = json.loads((tmp_path / "search_vs_sampling.json").read_text())
    assert result["budgets"] == [8, 16, 32] and result["tasks"] == 2
    assert {(r["method"], r["budget"]) for r in result["rows"]} == {
        (m, b) for m in METHODS for b in result["budgets"]}
    for row in result["rows"]:
        assert row["ci"][0] <= row["pass_at_1"] <= row["ci"][1]
        if row["method"] != "greedy":  # a budget is overshot by one sample at most (8 tokens)
            assert row["mean_tokens"] <= row["budget"] + 8
    assert (tmp_path / "search_vs_sampling.png").read_bytes().startswith(b"\x89PNG")


def test_token_cap_stops_answering_at_the_budget() -> None:
    from agents.generators import make_generator
    from o1coder_env.tasks import load_tasks

    tasks = load_tasks("procedural", split="test", path="levels=1;count=1", limit=1)
    inner = make_generator("candidates", tasks=tasks, seed=0)
    from agents.generators import Prompt

    prompt = Prompt(messages=[{"role": "user", "content": "x"}], task_id=tasks[0].task_id,
                    steps=(), mode="pseudocode")
    first = inner.generate([prompt], n=1)[0][0]
    cap = TokenCap(inner, max(first.completion_tokens, 1))
    [row] = cap.generate([prompt], n=3)
    assert row[0].text and all(g.text == "" for g in row[1:])
    assert cap.spent == max(first.completion_tokens, 1) or cap.spent >= cap.limit
    with pytest.raises(ValueError, match="budget"):
        TokenCap(inner, 0)
