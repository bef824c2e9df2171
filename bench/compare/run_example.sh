#!/usr/bin/env bash
# Re-runs the example comparison of docs/compare.md (dense 2000×1000 planted rank-20 problem, 2 threads,
# 200 iterations) with the native-AOT nmf binary and refreshes docs/compare-example/.
# Usage: bench/compare/run_example.sh          (env: THREADS, ITERATIONS, REPEATS, OUT to override)
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-out/compare-example}
THREADS=${THREADS:-2}
ITERATIONS=${ITERATIONS:-200}
REPEATS=${REPEATS:-3}
mkdir -p "$OUT"
dotnet publish src/Nmf.Fast.Cli -c Release -r linux-x64 -p:PublishAot=true -o out/nmf-aot > "$OUT/publish.log"
/usr/bin/python3 bench/compare/make_planted.py "$OUT/planted_2000x1000_k20.npy" 2000 1000 20 0.01 0
out/nmf-aot/nmf compare "$OUT/planted_2000x1000_k20.npy" --rank 20 --threads "$THREADS" \
  --max-iter "$ITERATIONS" --repeats "$REPEATS" --out "$OUT/report"
mkdir -p docs/compare-example
cp "$OUT"/report/{report.md,results.json,loss_vs_time.png,loss_vs_iteration.png,time_per_iteration.png} docs/compare-example/
echo "docs/compare-example/ refreshed from $OUT/report"
