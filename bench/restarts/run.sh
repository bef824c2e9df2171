#!/usr/bin/env bash
# 30 restarts of a 500×100, rank-3 KL fit with `nmf fit --runs 30`: concurrent runs (--threads 2) against the same 30
# runs one after another on one thread (--threads 1). Interleaves REPS repetitions, prints wall and CPU medians.
# Usage: bench/restarts/run.sh [REPS]   (needs a Release build of src/Nmf.Fast.Cli and /usr/bin/python3 with numpy)
set -euo pipefail
reps=${1:-5}
root=$(cd "$(dirname "$0")/../.." && pwd)
nmf=(dotnet "$root/src/Nmf.Fast.Cli/bin/Release/net10.0/nmf.dll")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 - "$work/x.npy" <<'PY'
import sys, numpy as np
r = np.random.RandomState(9)
np.save(sys.argv[1], r.rand(500, 3) @ (3 * r.rand(3, 100)) + 0.1 * r.rand(500, 100))
PY
run() { # threads -> "wall cpu"
  /usr/bin/time -f "%e %U %S" -o "$work/t" "${nmf[@]}" fit "$work/x.npy" --rank 3 --loss kl --runs 30 --max-iter 200 --tol 0 \
    --seed 0 --threads "$1" --quiet --json > "$work/out.json"
  awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$work/t"
}
: > "$work/seq"; : > "$work/par"
for ((i = 0; i < reps; i++)); do
  run 1 >> "$work/seq"
  run 2 >> "$work/par"
done
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
sw=$(cut -d' ' -f1 "$work/seq" | median); sc=$(cut -d' ' -f2 "$work/seq" | median)
pw=$(cut -d' ' -f1 "$work/par" | median); pc=$(cut -d' ' -f2 "$work/par" | median)
echo "sequential (--threads 1): wall $(paste -sd' ' <(cut -d' ' -f1 "$work/seq")) s -> median $sw s, CPU median $sc s"
echo "concurrent (--threads 2): wall $(paste -sd' ' <(cut -d' ' -f1 "$work/par")) s -> median $pw s, CPU median $pc s"
awk -v p="$pw" -v s="$sw" 'BEGIN { printf "ratio concurrent/sequential wall: %.2f\n", p / s }'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
