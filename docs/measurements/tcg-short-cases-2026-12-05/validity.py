"""TCG validity on the 102 held-out procedural tasks: SFT and DPO on the tasks' shorter tests.

Run from the repository root after the training commands of docs/tcg.md ("Short cases
(2026-12-05)"), which write ``runs/tcg/sft-short``, ``runs/tcg/dpo-short`` and ``runs/tcg/dpo``
(``runs/tcg/sft`` is the SFT model of ``tcg-onpolicy-2026-12-05``)::

    OMP_NUM_THREADS=2 python docs/measurements/tcg-short-cases-2026-12-05/validity.py [KEY ...]

Declared before any figure was seen:

- Why: most invalid tests of the SmolLM2 TCG are slips in an expected value it computes in its
  head (``triangle(158) == 21535``). SFT and the synthetic DPO pairs show it cases drawn from
  all of a task's data tests, large inputs included. ``--cases short`` draws them from the
  shorter half as written (``agents.tcg.training.short_cases``), so the model learns to write
  tests it can compute. The risk: shorter tests may kill fewer mutants, so the mutation score
  of the valid tests is reported with every row.
- The held-out tasks and the judging are those of ``tcg-onpolicy-2026-12-05/validity.py``
  (test split, levels 1-3, 2 per family and level: 102 tasks, 3 tests asked per task, judged as
  the self-play loop judges its TCG, ``agents.selfplay.loop._tcg_quality``, seed 1); validity =
  valid / parsed (the paper's measure) with its Wilson interval.
- Candidates, each sampled at temperature 0.3 and 0.7 (six rows):
  ``sft short``: SmolLM2 after 80 SFT steps with ``--cases short``, otherwise the command of
  ``runs/tcg/sft``; ``dpo short``: 40 synthetic-pair DPO steps from it with ``--cases short``;
  ``dpo``: 40 synthetic-pair DPO steps from ``runs/tcg/sft`` (all cases), the command of
  2026-12-04 (0.738 at 0.7 then, from that day's SFT model), re-run as the like-for-like anchor.
- The anchors already measured on these tasks: ``runs/tcg/sft`` 0.391 (T 0.7) and 0.632
  (T 0.3). The issue's goal (validity >= 0.80 after DPO) is read on the DPO rows. Every row is
  reported, whatever it shows.

- Added after the six rows above were seen (see ``inloop.py`` there): the loop's TCG stage
  from each SFT model, rows ``loop all T=0.3`` (``runs/tcg/loop-all``) and ``loop short
  T=0.3`` (``runs/tcg/loop-short``); after those were seen, the same with a second training
  seed (``loop all s2 T=0.3``, ``loop short s2 T=0.3``; see ``inloop.py``); after those were
  seen, two more seeds of the short pool (``loop short s3 T=0.3``, ``loop short s4 T=0.3``);
  after those were seen, the same two seeds of the all-cases pool (``loop all s3 T=0.3``,
  ``loop all s4 T=0.3``).

Each row is kept in ``runs/tcg-short/rows/KEY.json`` and reused; the result is written to
``runs/tcg-short/result.json``. Pass row keys to judge only those.
"""

import json
import sys
import time
from pathlib import Path

from agents.selfplay.loop import SelfPlayConfig, _tcg_quality
from o1coder_env.stats import wilson_interval
from o1coder_env.tasks import load_tasks

OUT = Path("runs/tcg-short")
ROWS = {
    "sft short T=0.3": ("runs/tcg/sft-short", 0.3),
    "sft short T=0.7": ("runs/tcg/sft-short", 0.7),
    "dpo short T=0.3": ("runs/tcg/dpo-short", 0.3),
    "dpo short T=0.7": ("runs/tcg/dpo-short", 0.7),
    "dpo T=0.3": ("runs/tcg/dpo", 0.3),
    "dpo T=0.7": ("runs/tcg/dpo", 0.7),
    "loop all T=0.3": ("runs/tcg/loop-all", 0.3),
    "loop short T=0.3": ("runs/tcg/loop-short", 0.3),
    "loop all s2 T=0.3": ("runs/tcg/loop-all-s2", 0.3),
    "loop short s2 T=0.3": ("runs/tcg/loop-short-s2", 0.3),
    "loop short s3 T=0.3": ("runs/tcg/loop-short-s3", 0.3),
    "loop short s4 T=0.3": ("runs/tcg/loop-short-s4", 0.3),
    "loop all s3 T=0.3": ("runs/tcg/loop-all-s3", 0.3),
    "loop all s4 T=0.3": ("runs/tcg/loop-all-s4", 0.3),
}


def measure(key: str, spec: str, temperature: float, tasks: list) -> dict:
    """Validity of the TCG ``spec`` sampled at ``temperature`` on ``tasks``, level by level."""
    cache = OUT / "rows" / f"{key.replace(' ', '_')}.json"
    if cache.is_file():
        return dict(json.loads(cache.read_text()))
    cfg = SelfPlayConfig(out=str(OUT / "cfg"), model="smollm2-135m", source="procedural",
                         tcg_kind="llm", tcg_tests=3, tcg_max_new_tokens=192,
                         tcg_eval_mutants=5, tcg_temperature=temperature)
    started = time.time()
    per_level = {}
    for level in ("L1", "L2", "L3"):
        subset = [t for t in tasks if f"/{level}/" in t.task_id]
        q = _tcg_quality(cfg, spec, subset, seed=1)
        assert q is not None
        per_level[level] = {"tasks": q["tasks"], "asked": q["asked"], "parsed": q["tests"],
                            "valid": round((q["validity"] or 0) * q["tests"]),
                            "mutation_score": q["mutation_score"]}
    asked = sum(v["asked"] for v in per_level.values())
    parsed = sum(v["parsed"] for v in per_level.values())
    valid = sum(v["valid"] for v in per_level.values())
    ci = wilson_interval(valid, parsed) if parsed else None
    row = {"model": spec, "temperature": temperature, "per_level": per_level, "asked": asked,
           "parsed": parsed, "valid": valid, "validity": ci.value if ci else None,
           "validity_ci": [ci.low, ci.high] if ci else None, "valid_per_asked": valid / asked,
           "wall_s": round(time.time() - started)}
    print(key, json.dumps(row), flush=True)
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(row))
    return row


tasks = load_tasks("procedural", split="test", path="levels=1-3;count=2")
wanted = sys.argv[1:] or list(ROWS)
result: dict = {"tasks": len(tasks), "task_ids": [t.task_id for t in tasks], "tests_per_task": 3,
                "rows": {}}
saved_rows = OUT / "result.json"
if saved_rows.is_file():
    result["rows"] = json.loads(saved_rows.read_text()).get("rows", {})
for key in wanted:
    spec, temperature = ROWS[key]
    result["rows"][key] = measure(key, spec, temperature, tasks)
for spec in sorted({spec for spec, _ in ROWS.values()}):
    log = Path(spec) / "tcg_train.json"
    if log.is_file():
        saved = json.loads(log.read_text())
        result.setdefault("training", {})[spec] = {
            "config": saved["config"], "records": saved["records"],
            "first_loss": saved["losses"][0], "last_loss": saved["losses"][-1]}
OUT.mkdir(parents=True, exist_ok=True)
(OUT / "result.json").write_text(json.dumps(result, indent=2))
