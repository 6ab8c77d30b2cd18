"""Round 1 of the session-8 closed loop with the TCG's DPO stage added after its SFT.

Run from the repository root, with the session-8 run in ``runs/selfplay-closed``::

    OMP_NUM_THREADS=2 python docs/measurements/tcg-loop-dpo-2026-12-04/inloop_dpo.py

The loop's own functions, the run's own settings and tasks: round 1's TCG (after the loop's
20 SFT steps; validity 0.333 on the loop's 8 held-out tasks) gets 20 DPO steps on the same 12
train tasks with the round's seed (``selfplay --tcg-dpo-steps 20``), then is judged exactly as
the loop judged it. Writes ``runs/tcg-dpo-inloop/result.json``.
"""

import json
import time
from pathlib import Path

from agents.selfplay.loop import SelfPlayConfig, _tcg_quality, _update_tcg
from o1coder_env.tasks import load_tasks

saved = json.loads(Path("runs/selfplay-closed/selfplay_config.json").read_text())
saved.update(out="runs/tcg-dpo-inloop/run", tcg_steps=0, tcg_dpo_steps=20, json=None)
cfg = SelfPlayConfig(**{k: (tuple(v) if k == "eval_seeds" else v) for k, v in saved.items()})
train = load_tasks(cfg.source, split=cfg.train_split, path=cfg.path, limit=cfg.train_tasks)
held = load_tasks(cfg.source, split=cfg.eval_split, path=cfg.path, limit=cfg.eval_tasks)
seed = cfg.seed + 1  # round 1's
t0 = time.time()
info, path = _update_tcg(cfg, train, "runs/selfplay-closed/round_001/tcg",
                         Path("runs/tcg-dpo-inloop/round_001/tcg"), seed)
t1 = time.time()
quality = _tcg_quality(cfg, path, held[:cfg.tcg_eval_tasks], seed)
before = json.loads(Path("runs/selfplay-closed/round_001/round.json").read_text())["tcg_eval"]
result = {"round": 1, "train_tasks": len(train), "eval_tasks": cfg.tcg_eval_tasks,
          "tcg_before": "runs/selfplay-closed/round_001/tcg (in-loop SFT, 20 steps)",
          "tcg_after": path, "dpo": info, "dpo_s": round(t1 - t0),
          "eval_s": round(time.time() - t1), "before": before, "after": quality}
Path("runs/tcg-dpo-inloop/result.json").write_text(json.dumps(result, indent=2, default=str))
print(json.dumps(result, indent=2, default=str))
