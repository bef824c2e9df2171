#!/usr/bin/python3
# Times SciPy's CSR × dense products on the sparse benchmark shape (20000×5000, 1%, k=20): the peer of SparseProductBenchmarks.
"""SciPy CSR x dense products on the shape of issue 4's sparse bar.

Usage (benchmark commands only may set the BLAS core type):
    OPENBLAS_CORETYPE=SkylakeX /usr/bin/python3 bench/compare/sparse_products.py [--repeat 30] [--threads 1]

X is 20000x5000 with exactly 50 stored entries per row (1%), counts 1 + a geometric-like tail, like
bench/Nmf.Fast.Benchmarks/SparseBenchmarkData.cs (same distribution, not the same random stream). Prints one
line per product and dtype with the median and minimum time and GFLOP/s = 2*nnz*k / time (the machines
are shared: the minimum is what the code does when it gets a core). SciPy's sparse products are
single-threaded C++ (sparsetools) whatever the BLAS thread count; --threads only caps BLAS via threadpoolctl.
"""
import argparse
import time

import numpy as np
import scipy
import scipy.sparse as sp
from threadpoolctl import threadpool_info, threadpool_limits

ROWS, COLS, PER_ROW, RANK = 20000, 5000, 50, 20


def poisson_csr(dtype, seed=42):
    rng = np.random.default_rng(seed)
    indices = np.empty(ROWS * PER_ROW, dtype=np.int32)
    for i in range(ROWS):
        indices[i * PER_ROW:(i + 1) * PER_ROW] = np.sort(rng.choice(COLS, PER_ROW, replace=False))
    counts = np.minimum(rng.geometric(0.67, ROWS * PER_ROW), 4).astype(dtype)
    indptr = np.arange(0, ROWS * PER_ROW + 1, PER_ROW, dtype=np.int32)
    return sp.csr_matrix((counts, indices, indptr), shape=(ROWS, COLS))


def timings(fn, repeat):
    """(median, minimum) seconds over `repeat` calls after one warm-up call."""
    fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return float(np.median(times)), float(np.min(times))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    print(f"numpy {np.__version__}, scipy {scipy.__version__}")
    for pool in threadpool_info():
        print(f"  {pool.get('internal_api')} {pool.get('version')} core={pool.get('architecture')} threads={pool.get('num_threads')}")
    with threadpool_limits(args.threads):
        for dtype in (np.float32, np.float64):
            x = poisson_csr(dtype)
            xt = x.T.tocsr()  # the CSR of X^T, built once, as Nmf.Fast does
            rng = np.random.default_rng(7)
            w = rng.random((ROWS, RANK)).astype(dtype)
            ht = rng.random((COLS, RANK)).astype(dtype)
            flops = 2.0 * x.nnz * RANK
            entry_rows = np.repeat(np.arange(ROWS, dtype=np.int32), np.diff(x.indptr))
            cases = {
                "X @ Ht (CSR x dense)": lambda: x @ ht,
                "X.T @ W (CSC x dense)": lambda: x.T @ w,
                "Xt @ W (transposed CSR x dense)": lambda: xt @ w,
                # What scikit-learn's _special_sparse_dot does for KL/beta on sparse X (gather rows, multiply, sum).
                "sampled (WH)_ij at nnz": lambda: np.multiply(w[entry_rows], ht[x.indices]).sum(axis=1),
            }
            for name, fn in cases.items():
                med, low = timings(fn, args.repeat)
                print(f"{np.dtype(dtype).name:8s} {name:34s} median {med * 1e3:8.3f} ms {flops / med / 1e9:6.2f} GFLOP/s"
                      f" | min {low * 1e3:8.3f} ms {flops / low / 1e9:6.2f} GFLOP/s")


if __name__ == "__main__":
    main()
