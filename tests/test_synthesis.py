"""Data builders from tree records: SFT (D+), point-wise/stepwise/pair-wise PRM and DPO."""

from __future__ import annotations

import json

import numpy as np
import pytest

from agents.mcts import Evaluation, MCTSConfig, Tree, search
from agents.mcts.export import (
    KINDS,
    build,
    build_dpo,
    build_prm,
    build_prm_pairs,
    build_prm_stepwise,
    build_sft,
    read_tree_records,
    sibling_pairs,
)
from o1coder_env.jsonl_io import write_jsonl

GOOD_CODE = "```python\ndef add(a, b):\n    return a + b\n```"
BAD_CODE = "```python\ndef add(a, b):\n    return a - b\n```"
OUTLINE = "Function add(a, b): return the sum."
WRONG_OUTLINE = "Function add(a, b): return the difference."


def _expand(steps, k, rng: np.random.Generator):
    if not steps:
        return [OUTLINE, WRONG_OUTLINE]
    if steps[0] == OUTLINE:
        return [GOOD_CODE, BAD_CODE]
    return [BAD_CODE]


def _evaluate(steps):
    return Evaluation(1.0 if steps[-1] == GOOD_CODE else 0.0, {"passed_tests": 1})


@pytest.fixture(scope="module")
def records():
    result = search(_expand, _evaluate, MCTSConfig(rollouts=8, k=2, seed=0))
    record = {"task_id": "toy/add", "problem": "Add two numbers. Implement `add(a, b)`.",
              "mode": "pseudocode", "tree": result.tree.to_dict()}
    return [json.loads(json.dumps(record))]


def test_sft_keeps_only_fully_correct_paths(records):
    data = build_sft(records)
    assert [r["completion"][0]["content"] for r in data] == [OUTLINE, GOOD_CODE]
    # The prompt of step 2 is exactly what the policy sees after the outline.
    assert OUTLINE in data[1]["prompt"][-1]["content"]
    assert all(r["task_id"] == "toy/add" for r in data)
    whole = build_sft(records, format="messages")
    assert len(whole) == 1 and whole[0]["messages"][-1]["role"] == "assistant"
    assert GOOD_CODE.strip() in whole[0]["messages"][-1]["content"]
    assert build_sft(records, min_reward=1.5) == []
    with pytest.raises(ValueError, match="SFT format"):
        build_sft(records, format="chatml")


def test_prm_values_are_soft_labels(records):
    data = build_prm(records)
    assert data and all(0.0 <= r["value"] <= 1.0 for r in data)
    by_step = {r["step"]: r for r in data}
    assert by_step[GOOD_CODE]["value"] == 1.0
    assert by_step[WRONG_OUTLINE]["value"] == 0.0
    assert by_step[GOOD_CODE]["prefix"] == [OUTLINE]
    assert 0.0 < by_step[OUTLINE]["value"] < 1.0


def test_stepwise_labels_follow_values(records):
    data = build_prm_stepwise(records, threshold=0.5)
    good = [r for r in data if r["completions"][-1] == GOOD_CODE]
    assert good and good[0]["labels"][-1] is True
    assert all(not r["labels"][-1] for r in data if r["completions"][-1] == BAD_CODE)


def test_pairs_prefer_the_higher_value_sibling(records):
    pairs = build_prm_pairs(records, margin=0.1)
    assert pairs and all(p["chosen_value"] - p["rejected_value"] >= 0.1 for p in pairs)
    assert {(p["chosen"], p["rejected"]) for p in pairs} >= {(GOOD_CODE, BAD_CODE),
                                                            (OUTLINE, WRONG_OUTLINE)}
    # A huge margin leaves nothing.
    assert build_prm_pairs(records, margin=2.0) == []
    with pytest.raises(ValueError, match="margin"):
        sibling_pairs(Tree(), margin=-1)


def test_dpo_records_are_trl_conversational_preference(records):
    from trl.data_utils import is_conversational

    data = build_dpo(records)
    assert data
    for row in data:
        assert set(row) >= {"prompt", "chosen", "rejected"}
        assert is_conversational(row)
        assert row["chosen"][0]["role"] == "assistant"
    sft = build_sft(records)
    assert is_conversational(sft[0])


def test_write_read_round_trip_and_dispatch(tmp_path, records):
    trees = tmp_path / "trees.jsonl"
    assert write_jsonl(records, trees) == 1
    loaded = list(read_tree_records(trees))
    assert loaded == records
    for kind in KINDS:
        assert isinstance(build(kind, loaded), list)
    with pytest.raises(ValueError, match="unknown data kind"):
        build("rlhf", loaded)


def test_read_tree_records_names_bad_lines(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"task_id": "x", "problem": "p", "tree": {"nodes": []}}\n{oops\n')
    with pytest.raises(ValueError, match=r"bad.jsonl:2"):
        list(read_tree_records(bad))
    bad.write_text('{"task_id": "x"}\n')
    with pytest.raises(ValueError, match="'problem'"):
        list(read_tree_records(bad))
