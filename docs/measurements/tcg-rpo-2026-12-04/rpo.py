"""The TCG's in-loop DPO with an added SFT loss on the chosen cases (RPO), against plain DPO.

Run from the repository root, with session 8's closed-loop run in ``runs/selfplay-closed`` and
the plain in-loop DPO TCG of ``docs/measurements/tcg-loop-dpo-2026-12-04/inloop_dpo.py`` in
``runs/tcg-dpo-inloop``::

    OMP_NUM_THREADS=2 python docs/measurements/tcg-rpo-2026-12-04/rpo.py

1. Round 1's TCG (loop SFT) gets 20 DPO steps with ``tcg_dpo_sft_weight=1.0`` on the loop's 12
   train tasks with the round's seed: exactly ``_update_tcg`` of ``selfplay --tcg-dpo-steps 20
   --tcg-dpo-sft-weight 1``.
2. Validation (the choice is made here, not on the held-out set): plain DPO and RPO write 3
   tests on each *train-split* task of levels 1-3 (one per family and level) that the loop did
   not train on.
3. Held-out: only if RPO's validity on the validation tasks is higher, it writes tests on the
   102 held-out tasks of ``validity.py`` (levels 1-3, 2 per family and level, test split),
   judged the same way, so that it stands beside the four TCGs measured there.
Writes ``runs/tcg-rpo/result.json``.
"""

import json
import time
from pathlib import Path

from agents.selfplay.loop import SelfPlayConfig, _tcg_quality, _update_tcg
from o1coder_env.stats import wilson_interval
from o1coder_env.tasks import load_tasks

saved = json.loads(Path("runs/selfplay-closed/selfplay_config.json").read_text())
saved.update(out="runs/tcg-rpo/run", tcg_steps=0, tcg_dpo_steps=20, tcg_dpo_sft_weight=1.0,
             json=None)
cfg = SelfPlayConfig(**{k: (tuple(v) if k == "eval_seeds" else v) for k, v in saved.items()})
train = load_tasks(cfg.source, split=cfg.train_split, path=cfg.path, limit=cfg.train_tasks)
seed = cfg.seed + 1  # round 1's
result: dict = {"train_tasks": [t.task_id for t in train]}
t0 = time.time()
info, rpo = _update_tcg(cfg, train, "runs/selfplay-closed/round_001/tcg",
                        Path("runs/tcg-rpo/round_001/tcg"), seed)
result.update(dpo=info, dpo_s=round(time.time() - t0))
print("trained", json.dumps(info, default=str), flush=True)

judge = SelfPlayConfig(out="runs/tcg-rpo/cfg", model="smollm2-135m", source="procedural",
                       tcg_kind="llm", tcg_tests=3, tcg_max_new_tokens=192, tcg_eval_mutants=5)


def measure(spec: str, tasks: list) -> dict:
    """Validity (valid / parsed, Wilson interval) of the TCG ``spec`` on ``tasks``, by level."""
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
    row = {"model": spec, "tasks": len(tasks), "asked": asked, "parsed": parsed, "valid": valid,
           "validity": ci.value if ci else None,
           "validity_ci": [ci.low, ci.high] if ci else None,
           "valid_per_asked": valid / asked if asked else None, "wall_s": round(time.time() - t)}
    print(spec, json.dumps(row), flush=True)
    return row


trained_on = {t.task_id for t in train}
validation = [t for t in load_tasks("procedural", split="train", path="levels=1-3;count=1")
              if t.task_id not in trained_on]
result["validation"] = {"task_ids": [t.task_id for t in validation],
                        "plain DPO": measure("runs/tcg-dpo-inloop/round_001/tcg", validation),
                        "RPO": measure(str(rpo), validation)}
better = (result["validation"]["RPO"]["validity"] or 0) > \
    (result["validation"]["plain DPO"]["validity"] or 0)
result["rpo_better_on_validation"] = better
if better:
    held = load_tasks("procedural", split="test", path="levels=1-3;count=2")
    result["held_out"] = {"task_ids": [t.task_id for t in held], "RPO": measure(str(rpo), held)}
Path("runs/tcg-rpo/result.json").write_text(json.dumps(result, indent=2, default=str))
