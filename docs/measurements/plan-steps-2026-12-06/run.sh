#!/bin/bash
# usage: plan-exp.sh NAME EXTRA_ARGS...
cd /work/main && . .venv/bin/activate
name=$1; shift
echo "start $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"
OMP_NUM_THREADS=1 /usr/bin/time -f "wall %e s, peak %M KB" o1coder mcts --source procedural \
  --path "levels=1-2;count=1" --split test --rollouts 5 --k 2 --max-depth 3 \
  --max-new-tokens 128 --generator hf --model smollm2-135m --selection puct \
  --out runs/plan-exp/$name.jsonl --no-progress "$@"
echo "end $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"
