#!/bin/bash
# Alternates the sandbox bench between the code before this session (081157d, "base", with this
# session's benchmarks/perf/sandbox_bench.py copied in so both print the same figures) and after
# ("new"): ROUNDS rounds, each backend in turn. One output file per run, load average appended.
# usage: alternate.sh ROUNDS "process bwrap" BASE_CHECKOUT NEW_CHECKOUT OUT_DIR
source /work/main/.venv/bin/activate
for r in $(seq $1); do
  for backend in $2; do
    for side in base new; do
      dir=$3; [ $side = new ] && dir=$4
      out=$5/round${r}_${side}_${backend}.txt
      (cd $dir && PYTHONPATH=$dir python -m benchmarks.perf.sandbox_bench --backend $backend \
          --leak-runs 5000 > $out 2>&1)
      echo "load after: $(cat /proc/loadavg)" >> $out
    done
  done
done
