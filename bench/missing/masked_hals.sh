#!/usr/bin/env bash
# Missing-values speed bars (issue 8): time per iteration of weighted HALS against plain HALS on the same shapes.
#  dense : 5000x2000, k = 20, 10% of the entries NaN (`--missing nan`) vs the full matrix, float64 and float32 (bar <= 3x)
#  sparse: 20000x5000, 1% stored, k = 20, `--missing stored` (only stored entries observed) vs the ordinary sparse fit (bar <= 2x)
# Medians and best-of (the shared machine is noisy). Both sides: --solver hals --init random --seed 0 --max-iter ITER --tol 0 --threads 2; runs alternate; medians printed.
# Usage: bench/missing/masked_hals.sh [RUNS=5] [ITER=30] [all|dense|sparse]   (the third picks the problems; default all)
# NMF_DLL=path/to/nmf.dll times that build instead of building this checkout (e.g. an older commit, for before/after).
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
iter=${2:-30}
which=${3:-all}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 bench/missing/make_data.py "$tmp"
if [ -z "${NMF_DLL:-}" ]; then dotnet build src/Nmf.Fast.Cli -c Release -v q -nologo >/dev/null; fi
nmf="dotnet ${NMF_DLL:-src/Nmf.Fast.Cli/bin/Release/net10.0/nmf.dll}"
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores"
common=(--rank 20 --solver hals --init random --seed 0 --max-iter "$iter" --tol 0 --threads 2 --json --quiet)
ms() { /usr/bin/python3 -c "import json,sys; d=json.load(sys.stdin); print(f\"{d['seconds_per_iteration']*1e3:.2f}\")"; }
median() { /usr/bin/python3 -c "import sys,statistics; v=[float(a) for a in sys.argv[1:]]; print(f'{statistics.median(v):.2f}')" "$@"; }
run_pair() { # label, plain args..., --, masked args...
  local label=$1; shift
  local plain=() masked=() side=plain
  for a in "$@"; do if [ "$a" = "--" ]; then side=masked; elif [ $side = plain ]; then plain+=("$a"); else masked+=("$a"); fi; done
  local p=() q=()
  for r in $(seq "$runs"); do
    p+=("$($nmf fit "${plain[@]}" "${common[@]}" | ms)")
    q+=("$($nmf fit "${masked[@]}" "${common[@]}" | ms)")
  done
  local mp mq
  mp=$(median "${p[@]}"); mq=$(median "${q[@]}")
  local bp bq
  bp=$(/usr/bin/python3 -c "import sys; print(min(float(a) for a in sys.argv[1:]))" "${p[@]}")
  bq=$(/usr/bin/python3 -c "import sys; print(min(float(a) for a in sys.argv[1:]))" "${q[@]}")
  echo "$label plain_ms_per_iter ${p[*]} | masked_ms_per_iter ${q[*]} | medians $mp $mq ratio $(/usr/bin/python3 -c "print(f'{$mq/$mp:.2f}')") | best $bp $bq ratio $(/usr/bin/python3 -c "print(f'{$bq/$bp:.2f}')")"
}
echo "load: $(uptime)"
if [ "$which" != sparse ]; then
run_pair "dense float64 5000x2000 k=20 10% missing:" "$tmp/dense.npy" -- "$tmp/dense_nan.npy" --missing nan
run_pair "dense float32 5000x2000 k=20 10% missing:" "$tmp/dense32.npy" --dtype float32 -- "$tmp/dense32_nan.npy" --missing nan --dtype float32
fi
[ "$which" = dense ] || run_pair "sparse float64 20000x5000 1% k=20 stored-only:" "$tmp/sparse.npz" -- "$tmp/sparse.npz" --missing stored
echo "load: $(uptime)"
