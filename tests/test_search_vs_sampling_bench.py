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


def test_rows_put_episodes_dealt_to_processes_back_in_task_order() -> None:
    import argparse

    from benchmarks.perf.search_vs_sampling_bench import _rows, _split

    ids = [f"t{i}" for i in range(7)]
    args = argparse.Namespace(budgets=[8, 16], seeds=[0, 1])

    def outcome(task_id: str, seed: int, key: str) -> tuple[bool, int, float]:
        index = int(task_id[1:])  # success and tokens tell every (task, seed, row) apart
        return (index % 3 == 0 and seed == 1, 100 * index + seed + len(key), 0.5)

    def play(chunk: list[str]) -> dict[str, list[tuple[bool, int, float]]]:
        keys = ["8/greedy"] + [f"{b}/{m}" for b in (8, 16) for m in METHODS if m != "greedy"]
        return {k: [outcome(t, s, k) for t in chunk for s in args.seeds] for k in keys}

    chunks = _split(ids, 3)
    assert chunks == [["t0", "t3", "t6"], ["t1", "t4"], ["t2", "t5"]]
    assert _split(ids[:2], 5) == [["t0"], ["t1"]]
    one = _rows(args, ids, [ids], [play(ids)])
    dealt = _rows(args, ids, chunks, [play(c) for c in chunks])
    assert one == dealt
    greedy = [r for r in one if r["method"] == "greedy"]
    assert [r["budget"] for r in greedy] == [8, 16] and greedy[0]["episodes"] == 14
    assert greedy[0]["pass_at_1"] == 3 / 14  # t0, t3, t6 with seed 1


def test_smoke_in_two_processes_gives_the_rows_of_one(tmp_path: Path) -> None:
    assert main(["--smoke", "--out", str(tmp_path / "one")]) == 0
    assert main(["--smoke", "--workers", "2", "--out", str(tmp_path / "two")]) == 0
    one, two = (json.loads((tmp_path / d / "search_vs_sampling.json").read_text())
                for d in ("one", "two"))
    assert two["workers"] == 2 and one["workers"] == 1

    def strip(rows: list[dict]) -> list[dict]:
        return [{k: v for k, v in r.items() if k != "wall_s"} for r in rows]

    assert strip(one["rows"]) == strip(two["rows"])
