#!/usr/bin/env bash
# Side-by-side sparse fit (issue 4 bar): Nmf.Fast sparse HALS vs scikit-learn cd (SciPy sparse) vs RcppML::nmf (dgCMatrix).
# 20000x5000, 1% Poisson-like counts, k = 20, 200 iterations, tol 0, same W0/H0 (sklearn nndsvda, seed 0) for Nmf.Fast and sklearn; RcppML 0.3.7 takes only an integer seed, 2 threads.
# Usage: bench/compare/sparse_fit.sh [RUNS=3]   (writes its inputs to a temp folder, removed afterwards)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-3}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 bench/compare/sparse_fit_data.py "$tmp"
dotnet build src/Nmf.Fast.Cli -c Release -v q -nologo >/dev/null
nmf="dotnet src/Nmf.Fast.Cli/bin/Release/net10.0/nmf.dll"
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores"
for r in $(seq "$runs"); do
  /usr/bin/time -v $nmf fit "$tmp/X.npz" --rank 20 --solver hals --init custom --init-w "$tmp/W0.npy" --init-h "$tmp/H0.npy" \
    --max-iter 200 --tol 0 --threads 2 --json --quiet >"$tmp/nmf$r.json" 2>"$tmp/time$r.txt"
  ms=$(/usr/bin/python3 -c "import json; d=json.load(open('$tmp/nmf$r.json')); print(f\"{d['seconds_per_iteration']*1e3:.3f} {d['iterations']} {d['relative_error']:.12f}\")")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/time$r.txt")
  echo "nmffast run $r ms_per_iter iterations relative_error: $ms peak_rss_kb $rss"
done
# Fixed cost of the process: the same command on a 2x2 sparse file.
printf '%%%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 1\n2 2 2\n' >"$tmp/tiny.mtx"
/usr/bin/time -v $nmf fit "$tmp/tiny.mtx" --rank 1 --init random --max-iter 1 --quiet >/dev/null 2>"$tmp/tiny.txt"
echo "nmffast baseline peak_rss_kb $(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/tiny.txt")"
nnz=$(/usr/bin/python3 -c "import scipy.sparse as sp; print(sp.load_npz('$tmp/X.npz').nnz)")
echo "csr_bytes $(( nnz * 12 + 20001 * 4 )) factor_bytes $(( (20000 + 5000) * 20 * 8 ))"
OPENBLAS_CORETYPE=SkylakeX OPENBLAS_NUM_THREADS=2 OMP_NUM_THREADS=2 /usr/bin/python3 bench/compare/sparse_fit_sklearn.py "$tmp" "$runs"
Rscript bench/compare/sparse_fit_rcppml.R "$tmp" "$runs"
