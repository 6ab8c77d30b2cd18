"""Can the self-play loop's TCG reach 80 % validity if it is sampled colder?

Run from the repository root, with the in-loop DPO TCG of
``docs/measurements/tcg-loop-dpo-2026-12-04/inloop_dpo.py`` in ``runs/tcg-dpo-inloop``::

    OMP_NUM_THREADS=2 python docs/measurements/tcg-dpo-grid-2026-12-05/grid.py

Declared before any figure was seen:

1. Candidates, each judged on the validation set of ``tcg-rpo-2026-12-04/rpo.py`` (the 39
   train-split tasks of levels 1-3, one per family and level, that the loop never trained on; 3
   tests asked per task), exactly as the loop judges its TCG:
   - ``plain T=0.7``: the in-loop DPO TCG as the loop samples it (figure reused from
     ``tcg-rpo-2026-12-04/result.json``, same tasks, seed and code path);
   - ``plain T=0.3`` and ``plain T=0`` (greedy): the same TCG, sampled colder;
   - two DPO variants were declared as well (the DPO stage on 153 other train-split tasks, 60
     steps; beta 0.3 instead of 0.1) and dropped for time, after the first candidate's figure
     (T=0.3) was seen and before anything else was: with the machine shared, one judgement of
     39 tasks took 18 minutes.
2. The candidate with the highest validation validity among those that write at least 0.45
   valid tests per test asked (a TCG that writes almost nothing is no use to the loop) is
   chosen; if it beats ``plain T=0.7`` there, it alone is judged on the 102 held-out tasks of
   ``tcg-loop-dpo-2026-12-04/validity.py`` (test split, levels 1-3, 2 per family and level),
   where ``plain T=0.7`` measured 0.762 [0.700, 0.815].
Writes ``runs/tcg-dpo-grid/result.json``.
"""

import json
import time
from pathlib import Path

from agents.selfplay.loop import SelfPlayConfig, _tcg_quality
from o1coder_env.stats import wilson_interval
from o1coder_env.tasks import load_tasks

OUT = Path("runs/tcg-dpo-grid")
PLAIN = "runs/tcg-dpo-inloop/round_001/tcg"
MIN_VALID_PER_ASKED = 0.45


def measure(spec: str, tasks: list, temperature: float, key: str) -> dict:
    """Validity (valid / parsed, Wilson interval) of the TCG ``spec`` on ``tasks``.

    Each row is kept in ``OUT/rows/KEY.json`` and reused, so that an interrupted run resumes.
    """
    cache = OUT / "rows" / f"{key}.json"
    if cache.is_file():
        return dict(json.loads(cache.read_text()))
    judge = SelfPlayConfig(out=str(OUT / "cfg"), model="smollm2-135m", source="procedural",
                           tcg_kind="llm", tcg_tests=3, tcg_max_new_tokens=192,
                           tcg_eval_mutants=5, tcg_temperature=temperature)
    t = time.time()
    asked = parsed = valid = 0
    for level in ("L1", "L2", "L3"):
        subset = [x for x in tasks if f"/{level}/" in x.task_id]
        if not subset:
            continue
        q = _tcg_quality(judge, spec, subset, seed=1)
        assert q is not None
        asked += q["asked"]
        parsed += q["tests"]
        valid += round((q["validity"] or 0) * q["tests"])
    ci = wilson_interval(valid, parsed) if parsed else None
    row = {"model": spec, "temperature": temperature, "tasks": len(tasks), "asked": asked,
           "parsed": parsed, "valid": valid, "validity": ci.value if ci else None,
           "validity_ci": [ci.low, ci.high] if ci else None,
           "valid_per_asked": valid / asked if asked else None, "wall_s": round(time.time() - t)}
    print(spec, json.dumps(row), flush=True)
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(row))
    return row


rpo = json.loads(Path("docs/measurements/tcg-rpo-2026-12-04/result.json").read_text())
validation_ids = rpo["validation"]["task_ids"]
pool = load_tasks("procedural", split="train", path="levels=1-3;count=4")
by_id = {t.task_id: t for t in pool}
validation = [by_id[i] for i in validation_ids]

result: dict = {"validation_task_ids": validation_ids, "validation": {}}
plain = dict(rpo["validation"]["plain DPO"], temperature=0.7, reused=True)
result["validation"]["plain T=0.7"] = plain
result["validation"]["plain T=0.3"] = measure(PLAIN, validation, 0.3, "val-T0.3")
result["validation"]["plain T=0"] = measure(PLAIN, validation, 0.0, "val-T0")
(OUT / "result.json").write_text(json.dumps(result, indent=2, default=str))

eligible = {k: v for k, v in result["validation"].items()
            if (v["valid_per_asked"] or 0) >= MIN_VALID_PER_ASKED}
chosen = max(eligible, key=lambda k: eligible[k]["validity"] or 0)
result["chosen"] = chosen
if chosen != "plain T=0.7" and eligible[chosen]["validity"] > plain["validity"]:
    held = load_tasks("procedural", split="test", path="levels=1-3;count=2")
    row = result["validation"][chosen]
    result["held_out"] = {"task_ids": [t.task_id for t in held],
                          chosen: measure(row["model"], held, row["temperature"],
                                          f"held-out-{chosen}")}
(OUT / "result.json").write_text(json.dumps(result, indent=2, default=str))
print(json.dumps({k: v for k, v in result.items() if "task_ids" not in k}, indent=1,
                 default=str))
