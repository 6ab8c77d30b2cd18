"""The committed measurement files keep the keys their readers (docs, issues, plots) rely on.

They are written by real runs, never by hand, so a change to a writer's format shows up here
before a re-run silently drops a key that docs/selfplay.md or a reader's script reads.
"""

import json
import math
from pathlib import Path

import pytest

MEASUREMENTS = Path(__file__).resolve().parent.parent / "docs" / "measurements"
ROUND_KEYS = {"round", "pass_at_1", "ci", "prm", "tcg", "policy", "prm_auc", "tcg_validity"}


def _is_interval(value: object) -> bool:
    return (isinstance(value, list) and len(value) == 2
            and all(isinstance(x, (int, float)) and math.isfinite(x) for x in value)
            and value[0] <= value[1])


@pytest.mark.parametrize("name", ["selfplay.json", "selfplay-run-D.json",
                                  "selfplay-run-D-first.json", "selfplay-tcg-short.json",
                                  "selfplay-own-tcg.json"])
def test_selfplay_summary_has_every_round_and_the_paired_interval(name: str) -> None:
    summary = json.loads((MEASUREMENTS / "learning" / name).read_text())
    rounds = summary["rounds"]
    assert [r["round"] for r in rounds] == list(range(len(rounds)))
    assert len(rounds) >= 4, "round 0 and at least three self-play rounds"
    for record in rounds:
        assert set(record) >= ROUND_KEYS, ROUND_KEYS - set(record)
        assert 0.0 <= record["pass_at_1"] <= 1.0
        assert _is_interval(record["ci"])
        assert record["ci"][0] <= record["pass_at_1"] <= record["ci"][1]
    for record in rounds[1:]:
        # every self-play round names the models it produced and measured them
        assert record["policy"] and record["prm"] and record["tcg"]
        assert 0.0 <= record["prm_auc"] <= 1.0
        assert 0.0 <= record["tcg_validity"] <= 1.0
    low, high = summary["paired_ci_last_vs_first"]
    assert _is_interval([low, high])
    diff = rounds[-1]["pass_at_1"] - rounds[0]["pass_at_1"]
    assert low <= summary["paired_diff_last_vs_first"] <= high
    assert summary["paired_diff_last_vs_first"] == pytest.approx(diff)


def test_tcg_own_valid_result_is_consistent_with_its_rows() -> None:
    result = json.loads((MEASUREMENTS / "tcg-own-valid-2026-12-05" / "result.json").read_text())
    seeds = result["seeds"]
    assert seeds == sorted(seeds) and len(seeds) >= 2
    for which, pooled_key in (("rows", "pooled_own"), ("start_rows", "pooled_start")):
        rows = [result[which][f"s{s}"] for s in seeds]
        for row in rows:
            assert row["valid"] <= row["parsed"] <= row["asked"]
            assert row["validity"] == pytest.approx(row["valid"] / row["parsed"])
            assert _is_interval(row["validity_ci"])
            assert row["validity_ci"][0] <= row["validity"] <= row["validity_ci"][1]
            assert sum(v["valid"] for v in row["per_level"].values()) == row["valid"]
        pooled = result[pooled_key]
        for key in ("parsed", "valid", "asked"):
            assert pooled[key] == sum(row[key] for row in rows)
        assert pooled["validity"] == pytest.approx(pooled["valid"] / pooled["parsed"])
    for s in seeds:
        # every trained model kept some of its own answers and was judged on the same tasks
        row = result["rows"][f"s{s}"]
        assert row["kept"] == row["records"] > 0
        assert row["asked"] == result["start_rows"][f"s{s}"]["asked"]
    diff = result["pooled_own"]["validity"] - result["pooled_start"]["validity"]
    assert result["difference"] == pytest.approx(diff)
    assert _is_interval(result["difference_ci"])
    assert result["difference_ci"][0] <= diff <= result["difference_ci"][1]
