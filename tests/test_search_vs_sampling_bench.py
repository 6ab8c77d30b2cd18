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


def test_token_cap_samples_differ_under_one_seeded_call(tmp_path: Path) -> None:
    """A seeded call for n samples must not give n copies of one sample (MCTS's k children
    merged into one, and best-of-n drew a single trace, before each sample got its own seed)."""
    from agents.generators import Prompt, Sampling, make_generator
    from agents.generators.models import ModelNotInstalledError
    from agents.generators.tiny import build_tiny_model

    try:
        model = build_tiny_model(tmp_path / "tiny")
    except ModelNotInstalledError as exc:
        pytest.skip(f"the tiny model's tokenizer is not installed: {exc}")
    cap = TokenCap(make_generator("hf", model=str(model)), 10_000)
    prompt = Prompt(messages=[{"role": "user", "content": "Write a function."}], task_id="t",
                    steps=(), mode="pseudocode")
    sampling = Sampling(temperature=1.0, top_p=1.0, top_k=0, max_new_tokens=12, seed=7)
    [row] = cap.generate([prompt], n=4, sampling=sampling)
    assert len({g.text for g in row}) > 1
    # Still reproducible: the same call gives the same samples.
    [again] = TokenCap(cap.inner, 10_000).generate([prompt], n=4, sampling=sampling)
    assert [g.text for g in again] == [g.text for g in row]
