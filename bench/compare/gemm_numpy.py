#!/usr/bin/python3
"""Times the GEMM shapes of bench/compare/gemm.py with numpy (OpenBLAS); prints one JSON object per shape.

Usage: OPENBLAS_CORETYPE=SkylakeX gemm_numpy.py THREADS DTYPE REPEAT SHAPE...   (SHAPE = op:m:n:k, op in NN NT TN gram gramrows)
"""
import json
import sys
import time

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits


def make(op, m, n, k, dtype, rng):
    if op == "gram":
        w = rng.random((m, k), dtype=np.float64).astype(dtype)
        return lambda: w.T @ w
    if op == "gramrows":
        h = rng.random((k, m), dtype=np.float64).astype(dtype)
        return lambda: h @ h.T
    a = rng.random((k, m) if op[0] == "T" else (m, k)).astype(dtype)
    b = rng.random((n, k) if op[1] == "T" else (k, n)).astype(dtype)
    fa = (lambda: a.T) if op[0] == "T" else (lambda: a)
    fb = (lambda: b.T) if op[1] == "T" else (lambda: b)
    return lambda: fa() @ fb()


def main():
    threads, dtype, repeat = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    info = [i for i in threadpool_info() if i.get("internal_api") == "openblas"]
    kernel = f"openblas {info[0]['version']} {info[0].get('architecture')}" if info else "unknown"
    rng = np.random.default_rng(42)
    with threadpool_limits(threads):
        for spec in sys.argv[4:]:
            op, m, n, k = spec.split(":")
            m, n, k = int(m), int(n), int(k)
            if op in ("gram", "gramrows"):
                n = k
            f = make(op, m, n, k, np.float32 if dtype == "float32" else np.float64, rng)
            start = time.perf_counter()
            warm = 0
            while warm < 3 or (time.perf_counter() - start < 0.3 and warm < 50):
                f()
                warm += 1
            times = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                f()
                times.append(time.perf_counter() - t0)
            med = float(np.median(times))
            print(json.dumps({"op": op, "m": m, "n": n, "k": k, "dtype": dtype, "threads": threads,
                              "kernel": kernel, "seconds": med, "gflops": 2.0 * m * n * k / med / 1e9}), flush=True)


if __name__ == "__main__":
    main()
