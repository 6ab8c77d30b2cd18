"""The self-play loop's TCG stage (round 1 of docs/selfplay.md's command), with each case pool.

Run from the repository root after ``runs/tcg/sft`` and ``runs/tcg/sft-short`` exist
(docs/tcg.md, "Short cases (2026-12-05, later)")::

    OMP_NUM_THREADS=2 python docs/measurements/tcg-short-cases-2026-12-05/inloop.py all|short

Declared after the six rows of ``validity.py`` were seen, before this script ran: the TCG
with the most valid tests so far is the loop's in-loop DPO TCG (2026-12-04: 0.774 at T 0.3),
which gets a short stage on the loop's 12 train tasks (levels 1-2) after the standalone SFT.
This trains that stage exactly as round 1 of the self-play measurement's command would (its
settings, its train tasks, round 1's seed; ``agents.selfplay.loop._update_tcg``: 20 SFT then
20 DPO steps on synthetic pairs) from the SFT model of each case pool, with that pool
(``--tcg-cases``): ``all`` from ``runs/tcg/sft`` (the like-for-like replication of 0.774 with
today's SFT model) and ``short`` from ``runs/tcg/sft-short``. Each is judged at temperature 0.3
only (the loop's best setting) on the same 102 held-out tasks, by ``validity.py`` (rows
``loop all T=0.3`` and ``loop short T=0.3``). Both rows are reported, whatever they show.

Declared after those two rows were seen (short 0.804, all 0.720), before this ran: the same
stage with a second training seed (``inloop.py all|short 2``: round 2's seed instead of round
1's; folders ``runs/tcg/loop-{pool}-s2``), both pools, judged the same way (rows ``loop all s2
T=0.3`` and ``loop short s2 T=0.3``), to see how much one training run of the recipe moves.
Both reported, whatever they show.

Declared after those four rows were seen (short 0.804 and 0.763, pooled 0.784; all 0.720 and
0.787), before this ran (2026-12-05, session 15): two more training seeds of the short pool
only (``inloop.py short 3`` and ``inloop.py short 4``: seeds 3 and 4; folders
``runs/tcg/loop-short-s3`` and ``-s4``), judged the same way (rows ``loop short s3 T=0.3`` and
``loop short s4 T=0.3``), to read the recommended recipe's level over four training runs
instead of two. The pooled validity over all four seeds is the figure against the 80 % goal.
Both reported, whatever they show.

Declared after those two rows were seen (short s3 0.809, s4 0.733; pooled over four seeds
0.778), before this ran: seeds 3 and 4 of the all-cases pool too (``inloop.py all 3`` and
``inloop.py all 4``; rows ``loop all s3 T=0.3`` and ``loop all s4 T=0.3``), so that the two
pools are compared over the same four training seeds (pooled validity and valid tests per
request). Both reported, whatever they show.
"""

import json
import sys
import time
from pathlib import Path

from agents.selfplay.loop import SelfPlayConfig, _update_tcg
from o1coder_env.tasks import load_tasks

pool = sys.argv[1]
round_index = int(sys.argv[2]) if len(sys.argv) > 2 else 1
suffix = "" if round_index == 1 else f"-s{round_index}"
start = {"all": "runs/tcg/sft", "short": "runs/tcg/sft-short"}[pool]
cfg = SelfPlayConfig(out=f"runs/tcg-short/loop-{pool}{suffix}-run", rounds=3, model="smollm2-135m",
                     source="procedural", path="levels=1-2;count=1", train_tasks=12,
                     eval_tasks=34, tcg_kind="llm", tcg_model=start, tcg_steps=20,
                     tcg_dpo_steps=20, tcg_train_rounds=1, tcg_tests=3,
                     tcg_max_new_tokens=192, tcg_cases=pool)
train = load_tasks(cfg.source, split=cfg.train_split, path=cfg.path, limit=cfg.train_tasks)
seed = cfg.seed + round_index  # round 1's (or the declared second seed's)
t0 = time.time()
info, path = _update_tcg(cfg, train, start, Path(f"runs/tcg/loop-{pool}{suffix}"), seed)
result = {"pool": pool, "from": start, "train_tasks": [t.task_id for t in train], "seed": seed,
          "stage": info, "path": path, "wall_s": round(time.time() - t0)}
saved = Path(f"runs/tcg-short/loop-{pool}{suffix}.json")
saved.write_text(json.dumps(result, indent=2, default=str))
print(json.dumps(result, indent=2, default=str))
