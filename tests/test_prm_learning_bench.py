"""The PRM learning benchmark runs end to end on tiny trees of two tasks (smoke grid)."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")


def _records(task_id: str, offset: int) -> dict:
    from agents.mcts import Evaluation, MCTSConfig, search

    good = f"```python\ndef f(a):\n    return a + {offset}\n```"
    bad = f"```python\ndef f(a):\n    return a - {offset}\n```"

    def expand(steps, k, rng):
        return ["add the offset", "subtract it"] if not steps else [good, bad]

    def evaluate(steps):
        return Evaluation(1.0 if steps[-1] == good else 0.0, {})

    result = search(expand, evaluate, MCTSConfig(rollouts=8, k=2, seed=offset))
    return json.loads(json.dumps({"task_id": task_id, "problem": f"Add {offset} to a.",
                                  "mode": "pseudocode", "tree": result.tree.to_dict()}))


def test_smoke_grid_trains_evaluates_and_chooses_on_validation(tmp_path, capsys) -> None:
    from agents.prm.encoder import minilm_path
    from benchmarks.perf.learning_prm_bench import main

    try:
        minilm_path()
    except RuntimeError as exc:
        pytest.skip(str(exc))
    paths = {}
    for split, offsets in (("fit", (1, 2)), ("val", (3, 4)), ("test", (5, 6))):
        paths[split] = tmp_path / f"{split}.jsonl"
        paths[split].write_text("".join(json.dumps(_records(f"toy/{split}{o}", o)) + "\n"
                                        for o in offsets))
    out = tmp_path / "grid.json"
    assert main(["--fit", str(paths["fit"]), "--val", str(paths["val"]), "--test",
                 str(paths["test"]), "--grid", "smoke", "--max-length", "64",
                 "--bootstrap", "20", "--out", str(out)]) == 0
    written = json.loads(out.read_text())
    # The toy problems are no builtin task's: no ceiling, said rather than failed.
    assert written["ceiling"] is None
    [row] = written["configs"]
    assert row["name"] == "bi-frozen-pw" and row["steps"] > 0
    for split in ("val", "test"):
        report = row[split]
        assert 0.0 <= report["pair_accuracy"] <= 1.0 and report["pairs"] > 0
        assert report["auc_task_diff_ci"][0] <= report["auc_task_diff_ci"][1]
    printed = capsys.readouterr().out
    assert "chosen on validation auc_task: bi-frozen-pw" in printed
    assert ("label ceiling: not available (4 trees' problems are not tasks of 'builtin'"
            in printed)
