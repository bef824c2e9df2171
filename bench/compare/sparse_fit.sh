#!/usr/bin/env bash
# Side-by-side sparse fit (issue 4 bar): Nmf.Fast sparse HALS vs scikit-learn cd (SciPy sparse) vs RcppML::nmf (dgCMatrix).
# 20000x5000, 1% Poisson-like counts, k = 20, 200 iterations, tol 0, same W0/H0 (sklearn nndsvda, seed 0) for Nmf.Fast and sklearn; RcppML 0.3.7 takes only an integer seed, 2 threads.
# Usage: bench/compare/sparse_fit.sh [RUNS=3]   (writes its inputs to a temp folder, removed afterwards)
# The three libraries take turns: round r runs Nmf.Fast, then scikit-learn, then RcppML, once each (a fresh process
# each), so a slow minute of this shared host lands on all three; the last lines give each library's median and the
# median over rounds of scikit-learn's time / Nmf.Fast's time in the same round.
#   NMF=command   the nmf to time; default: the native-AOT build in out/nmf-aot/nmf (the CLI as shipped) when it exists,
#                 else the JIT build (dotnet src/Nmf.Fast.Cli/bin/Release/net10.0/nmf.dll), whose first ~0.1 s of each
#                 process is compilation (≈ +0.5–1 ms per iteration over 200 iterations; docs/sparse.md).
#   Build the AOT binary with: dotnet publish src/Nmf.Fast.Cli -c Release -r linux-x64 -p:PublishAot=true -o out/nmf-aot
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-3}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 bench/compare/sparse_fit_data.py "$tmp"
if [[ -n "${NMF:-}" ]]; then
  nmf="$NMF"
elif [[ -x out/nmf-aot/nmf ]]; then
  nmf="out/nmf-aot/nmf"
else
  dotnet build src/Nmf.Fast.Cli -c Release -v q -nologo >/dev/null
  nmf="dotnet src/Nmf.Fast.Cli/bin/Release/net10.0/nmf.dll"
fi
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; nmf: $nmf"
# scikit-learn's dense Gram products go through numpy's BLAS: without Debian's libopenblas0-pthread numpy falls back to
# the reference BLAS and scikit-learn's cd runs ≈ 12 % slower here (31.3 vs 28.0 ms per iteration), which would flatter
# the ratio. Say which BLAS it is, and warn when it is not OpenBLAS.
blas=$(env OPENBLAS_CORETYPE=SkylakeX /usr/bin/python3 -c "
import numpy, threadpoolctl
libs = [i for i in threadpoolctl.threadpool_info() if i['user_api'] == 'blas']
print(' '.join(f\"{i['internal_api']} {i.get('version')} {i.get('architecture')}\" for i in libs) or 'reference')")
echo "scikit-learn's BLAS: $blas"
if [[ "$blas" != openblas* ]]; then
  echo "WARNING: numpy is not using OpenBLAS (apt-get install -y libopenblas0-pthread): scikit-learn's times are not comparable" >&2
fi
sk_env=(env OPENBLAS_CORETYPE=SkylakeX OPENBLAS_NUM_THREADS=2 OMP_NUM_THREADS=2)
for r in $(seq "$runs"); do
  /usr/bin/time -v $nmf fit "$tmp/X.npz" --rank 20 --solver hals --init custom --init-w "$tmp/W0.npy" --init-h "$tmp/H0.npy" \
    --max-iter 200 --tol 0 --threads 2 --json --quiet >"$tmp/nmf$r.json" 2>"$tmp/time$r.txt"
  ms=$(/usr/bin/python3 -c "import json; d=json.load(open('$tmp/nmf$r.json')); print(f\"{d['seconds_per_iteration']*1e3:.3f} {d['iterations']} {d['relative_error']:.12f}\")")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/time$r.txt")
  echo "nmffast run $r ms_per_iter iterations relative_error: $ms peak_rss_kb $rss"
  "${sk_env[@]}" /usr/bin/python3 bench/compare/sparse_fit_sklearn.py "$tmp" 1 | tee -a "$tmp/sklearn.txt" | sed "s/^/round $r /"
  Rscript bench/compare/sparse_fit_rcppml.R "$tmp" 1 | tee -a "$tmp/rcppml.txt" | sed "s/^/round $r /"
done
# Fixed cost of the process: the same command (same .npz reader, solver, custom init) on a 3x2 sparse file, so that
# the runtime, the JIT'ed code and the loaded assemblies (System.IO.Compression for .npz) are counted as fixed.
/usr/bin/python3 - "$tmp" <<'PY'
import sys, numpy as np, scipy.sparse as sp
d = sys.argv[1]
sp.save_npz(f"{d}/tiny.npz", sp.csr_matrix(np.array([[1.0, 0.0], [0.0, 2.0], [3.0, 0.0]])), compressed=False)
np.save(f"{d}/tinyW.npy", np.ones((3, 1))); np.save(f"{d}/tinyH.npy", np.ones((1, 2)))
PY
/usr/bin/time -v $nmf fit "$tmp/tiny.npz" --rank 1 --solver hals --init custom --init-w "$tmp/tinyW.npy" --init-h "$tmp/tinyH.npy" \
  --max-iter 200 --tol 0 --threads 2 --json --quiet >/dev/null 2>"$tmp/tiny.txt"
base=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/tiny.txt")
echo "nmffast baseline peak_rss_kb $base"
# The same fit from the MatrixMarket copy of X (read row by row straight into CSR): peak RSS only.
/usr/bin/time -v $nmf fit "$tmp/X.mtx" --rank 20 --solver hals --init custom --init-w "$tmp/W0.npy" --init-h "$tmp/H0.npy" \
  --max-iter 200 --tol 0 --threads 2 --json --quiet >/dev/null 2>"$tmp/mtx.txt"
echo "nmffast mtx input peak_rss_kb $(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/mtx.txt")"
nnz=$(/usr/bin/python3 -c "import scipy.sparse as sp; print(sp.load_npz('$tmp/X.npz').nnz)")
csr=$(( nnz * 12 + 20001 * 4 )); factors=$(( (20000 + 5000) * 20 * 8 ))
echo "csr_bytes $csr factor_bytes $factors (X's CSC companion for Xt*W is another csr_bytes, by design)"
/usr/bin/python3 - "$tmp" "$base" "$csr" "$factors" "$runs" <<'PY'
import sys, re, statistics
d, base, csr, factors, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
peaks = [int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(f"{d}/time{r}.txt").read()).group(1)) for r in range(1, runs + 1)]
above = (statistics.median(peaks) - base) * 1024
print(f"nmffast memory above_baseline_mb {above / 1e6:.1f} = {above / (csr + factors):.2f} x (csr + factors) = {above / (2 * csr + factors):.2f} x (csr + csc + factors)")
PY
/usr/bin/python3 - "$tmp" "$runs" <<'PY'
import sys, json, statistics
d, runs = sys.argv[1], int(sys.argv[2])
nmf = [json.load(open(f"{d}/nmf{r}.json"))["seconds_per_iteration"] * 1e3 for r in range(1, runs + 1)]
def column(path, key):
    return [float(line.split()[line.split().index(key) + 1]) for line in open(path)]
sk = column(f"{d}/sklearn.txt", "ms_per_iter_median")
rc = column(f"{d}/rcppml.txt", "ms_per_iter_median")
last = open(f"{d}/sklearn.txt").read().split()
err = last[last.index("relative_error") + 1]
print(f"nmffast ms_per_iter_median {statistics.median(nmf):.3f} min {min(nmf):.3f}")
print(f"sklearn_cd ms_per_iter_median {statistics.median(sk):.3f} min {min(sk):.3f} iterations 200 relative_error {err}")
print(f"rcppml ms_per_iter_median {statistics.median(rc):.3f} min {min(rc):.3f}")
ratios = [s / n for s, n in zip(sk, nmf)]
print("ratio sklearn_cd/nmffast per round " + " ".join(f"{x:.2f}" for x in ratios) + f" median {statistics.median(ratios):.2f}")
ratios = [c / n for c, n in zip(rc, nmf)]
print("ratio rcppml/nmffast per round " + " ".join(f"{x:.2f}" for x in ratios) + f" median {statistics.median(ratios):.2f}")
PY
