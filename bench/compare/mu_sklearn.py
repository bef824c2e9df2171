#!/usr/bin/python3
"""Side-by-side input and timing for multiplicative updates: scikit-learn 1.2.1 `mu` on a dense problem.

    OPENBLAS_NUM_THREADS=2 OPENBLAS_CORETYPE=SkylakeX /usr/bin/python3 bench/compare/mu_sklearn.py

Writes X, W0, H0 (float64, raw little-endian, row-major) to --out so Nmf.Fast's MultiplicativeUpdateBenchmarks
(NMF_MU_BENCH_DATA=<out>) factorizes exactly the same data from the same W0/H0, then times scikit-learn's
NMF(solver='mu', init='custom', tol=0, max_iter=--iters) for Frobenius and KL in float64 and float32 and prints one
JSON object per run: wall and CPU (all threads) ms per iteration (medians of --repeats fits) and the final relative error ‖X − WH‖_F / ‖X‖_F.
"""
import argparse
import json
import os
import time
import warnings

import numpy as np
from sklearn.decomposition import NMF


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--rows", type=int, default=2000)
    p.add_argument("--cols", type=int, default=1000)
    p.add_argument("--rank", type=int, default=20)
    p.add_argument("--iters", type=int, default=200)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--out", default="out/mu-bench")
    p.add_argument("--losses", default="frobenius,kullback-leibler")
    a = p.parse_args()

    rng = np.random.RandomState(42)
    m, n, k = a.rows, a.cols, a.rank
    # A noisy non-negative low-rank matrix: strictly positive, so every β is defined.
    x = np.abs(rng.standard_normal((m, k))) @ np.abs(rng.standard_normal((k, n))) + 0.1 * rng.uniform(size=(m, n))
    avg = np.sqrt(x.mean() / k)  # scikit-learn's init='random' scale
    w0 = avg * np.abs(rng.standard_normal((m, k)))
    h0 = avg * np.abs(rng.standard_normal((k, n)))
    os.makedirs(a.out, exist_ok=True)
    for name, arr in (("X", x), ("W0", w0), ("H0", h0)):
        np.ascontiguousarray(arr, dtype="<f8").tofile(os.path.join(a.out, f"{name}.f64"))
    with open(os.path.join(a.out, "shape.json"), "w") as f:
        json.dump(dict(rows=m, cols=n, rank=k), f)

    threads = os.environ.get("OPENBLAS_NUM_THREADS", "(all)")
    for loss in a.losses.split(","):
        for dtype in (np.float64, np.float32):
            xs, ws, hs = x.astype(dtype), w0.astype(dtype), h0.astype(dtype)
            times, cpu = [], []
            for _ in range(a.repeats):
                model = NMF(n_components=k, init="custom", solver="mu", beta_loss=loss, max_iter=a.iters, tol=0.0)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    t0, c0 = time.perf_counter(), time.process_time()
                    w = model.fit_transform(xs, W=ws.copy(), H=hs.copy())
                    times.append(time.perf_counter() - t0)
                    cpu.append(time.process_time() - c0)
            wh = w.astype(np.float64) @ model.components_.astype(np.float64)
            rel = np.linalg.norm(x - wh) / np.linalg.norm(x)
            print(json.dumps(dict(tool="scikit-learn", solver="mu", loss=loss, dtype=np.dtype(dtype).name, rows=m, cols=n,
                                  rank=k, iterations=int(model.n_iter_), threads=threads,
                                  ms_per_iteration=round(1000 * float(np.median(times)) / a.iters, 3),
                                  cpu_ms_per_iteration=round(1000 * float(np.median(cpu)) / a.iters, 3),
                                  relative_error=float(rel))), flush=True)


if __name__ == "__main__":
    main()
