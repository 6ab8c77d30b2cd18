#!/bin/bash
# The full sandbox bench, the code before this session (a worktree of 7c7558a at
# /tmp/o1c-s22/wt) and after (this checkout), alternating, per backend; one file per run.
out=${OUT:-/tmp/o1c-s22/bench}
mkdir -p $out
export DOCKER_HOST=unix:///run/o1coder-docker.sock
for round in 1 2; do
  for tree in base new; do
    dir=$([ $tree = base ] && echo /tmp/o1c-s22/wt || echo /work/main)
    for be in process bwrap; do
      f=$out/round${round}_${tree}_${be}.txt
      (cd $dir && echo "=== $be (commit $(git rev-parse --short HEAD), $tree)" && date && \
       /work/main/.venv/bin/python -m benchmarks.perf.sandbox_bench --backend $be --leak-runs 5000 && \
       echo "end load: $(cat /proc/loadavg)") > $f 2>&1
    done
  done
done
