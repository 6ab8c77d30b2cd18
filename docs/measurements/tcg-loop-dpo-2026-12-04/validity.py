"""TCG validity on 102 held-out procedural tasks (levels 1-3, 2 per family and level), 4 TCGs.

Run from the repository root after ``inloop_dpo.py`` (needs the session-8 TCGs in ``runs/``)::

    OMP_NUM_THREADS=2 python docs/measurements/tcg-loop-dpo-2026-12-04/validity.py

Each TCG writes 3 tests per task and is judged as the self-play loop judges it
(``agents.selfplay.loop._tcg_quality``); validity = valid / parsed (the paper's measure), with
its Wilson interval. Writes ``runs/tcg-validity-s10/validity.json``.
"""

import json
import time
from pathlib import Path

from agents.selfplay.loop import SelfPlayConfig, _tcg_quality
from o1coder_env.stats import wilson_interval
from o1coder_env.tasks import load_tasks

TCGS = {
    "standalone SFT (80 steps, 204 train tasks L1-3)": "runs/tcg/sft",
    "standalone SFT + DPO (40 steps)": "runs/tcg/dpo",
    "loop round 1: + SFT (20 steps, 12 train tasks L1-2)": "runs/selfplay-closed/round_001/tcg",
    "loop round 1: + SFT + DPO (20 steps, same 12 tasks)": "runs/tcg-dpo-inloop/round_001/tcg",
}
cfg = SelfPlayConfig(out="runs/tcg-validity-s10/cfg", model="smollm2-135m", source="procedural",
                     tcg_kind="llm", tcg_tests=3, tcg_max_new_tokens=192, tcg_eval_mutants=5)
tasks = load_tasks("procedural", split="test", path="levels=1-3;count=2")
results: dict = {"tasks": len(tasks), "task_ids": [t.task_id for t in tasks],
                 "tests_per_task": 3, "tcgs": {}}
for label, spec in TCGS.items():
    t0 = time.time()
    per_level = {}
    for level in ("L1", "L2", "L3"):
        subset = [t for t in tasks if f"/{level}/" in t.task_id]
        q = _tcg_quality(cfg, spec, subset, seed=1)
        assert q is not None
        valid = round((q["validity"] or 0) * q["tests"])
        per_level[level] = {"tasks": q["tasks"], "asked": q["asked"], "parsed": q["tests"],
                            "valid": valid, "mutation_score": q["mutation_score"]}
    asked = sum(v["asked"] for v in per_level.values())
    parsed = sum(v["parsed"] for v in per_level.values())
    valid = sum(v["valid"] for v in per_level.values())
    ci = wilson_interval(valid, parsed) if parsed else None
    results["tcgs"][label] = {
        "model": spec, "per_level": per_level, "asked": asked, "parsed": parsed, "valid": valid,
        "validity": ci.value if ci else None, "validity_ci": [ci.low, ci.high] if ci else None,
        "valid_per_asked": valid / asked, "wall_s": round(time.time() - t0)}
    print(label, json.dumps(results["tcgs"][label]), flush=True)
Path("runs/tcg-validity-s10/validity.json").write_text(json.dumps(results, indent=2))
