#!/bin/bash
# The full sandbox bench on the code before this session (a worktree of bfbaca2 at
# /tmp/o1c-s23/base, with this session's benchmarks/perf/{anchors,sandbox_bench}.py copied in,
# so that both are measured the same way) and after (this checkout), alternating, per backend.
out=${OUT:-/tmp/o1c-s23/bench}
mkdir -p $out
for round in 1 2; do
  for tree in base new; do
    dir=$([ $tree = base ] && echo /tmp/o1c-s23/base || echo /work/main)
    for be in process bwrap; do
      f=$out/round${round}_${tree}_${be}.txt
      (cd $dir && echo "=== $be (commit $(git rev-parse --short HEAD), $tree)" && date && \
       /work/main/.venv/bin/python -m benchmarks.perf.sandbox_bench --backend $be --leak-runs 5000 && \
       echo "end load: $(cat /proc/loadavg)") > $f 2>&1
    done
  done
done
