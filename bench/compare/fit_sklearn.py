#!/usr/bin/python3
"""Side-by-side per-iteration timing of Nmf.Fast and scikit-learn 1.2 NMF from the same X, W0 and H0.

Usage (run through fit_sklearn.sh, which builds nmf and sets OPENBLAS_CORETYPE for this process only):
    fit_sklearn.py --nmf "dotnet src/Nmf.Fast.Cli/bin/Release/net10.0/nmf.dll" [--iters 200] [--threads 2]
                   [--cases all|hals|mu] [--repeat 3] [--markdown]

For every case: writes X (m×n, a noisy non-negative rank-k product), W0, H0 (|N(0,1)|·sqrt(mean X / k), as
scikit-learn's random init) as .npy; times scikit-learn's NMF(init='custom', tol=0, max_iter=iters) under
threadpoolctl(threads) and `nmf fit --init custom --tol 0 --max-iter iters --threads threads`; reports ms per
iteration (median of --repeat runs each), the speed-up, both final relative errors ‖X−WH‖/‖X‖, and the
GEMM floor: the time `nmf bench gemm` measures for the iteration's two big products (H·Xᵀ and Wᵀ·X, in the
A·Bᵀ form the HALS solver runs them; 4·m·n·k flops).
"""
import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np
from threadpoolctl import threadpool_limits
from sklearn.decomposition import NMF

warnings.simplefilter("ignore")

CASES = [
    # name, m, n, k, solver, loss, dtype
    ("dense 5000x2000 k=50", 5000, 2000, 50, "cd", "frobenius", "float64"),
    ("dense 5000x2000 k=50", 5000, 2000, 50, "cd", "frobenius", "float32"),
    ("dense 2000x1000 k=20", 2000, 1000, 20, "cd", "frobenius", "float64"),
    ("dense 2000x1000 k=20", 2000, 1000, 20, "cd", "frobenius", "float32"),
    ("dense 2000x1000 k=20", 2000, 1000, 20, "mu", "frobenius", "float64"),
    ("dense 2000x1000 k=20", 2000, 1000, 20, "mu", "kullback-leibler", "float64"),
]


def make_data(m, n, k, dtype, folder):
    rng = np.random.RandomState(0)
    X = np.abs(rng.standard_normal((m, k)) @ rng.standard_normal((k, n))) + 0.1 * rng.rand(m, n)
    X = X.astype(dtype)
    scale = np.sqrt(X.mean() / k)
    W0 = (np.abs(rng.standard_normal((m, k))) * scale).astype(dtype)
    H0 = (np.abs(rng.standard_normal((k, n))) * scale).astype(dtype)
    paths = {name: os.path.join(folder, f"{name}_{m}x{n}_{k}_{dtype}.npy") for name in ("X", "W0", "H0")}
    for name, a in (("X", X), ("W0", W0), ("H0", H0)):
        np.save(paths[name], a)
    return X, W0, H0, paths


def relative_error(X, W, H):
    X = X.astype(np.float64)
    return float(np.linalg.norm(X - W.astype(np.float64) @ H.astype(np.float64)) / np.linalg.norm(X))


def time_sklearn(X, W0, H0, k, solver, loss, iters, threads):
    model = NMF(n_components=k, init="custom", solver=solver, beta_loss=loss, tol=0.0, max_iter=iters)
    with threadpool_limits(limits=threads):
        t0 = time.perf_counter()
        W = model.fit_transform(X, W=W0.copy(), H=H0.copy())
        seconds = time.perf_counter() - t0
    return seconds / model.n_iter_, relative_error(X, W, model.components_)


def time_nmf(nmf, paths, k, solver, loss, dtype, iters, threads, folder):
    out = os.path.join(folder, "out")
    cmd = shlex.split(nmf) + [
        "fit", paths["X"], "--rank", str(k), "--solver", "hals" if solver == "cd" else "mu",
        "--loss", {"frobenius": "frobenius", "kullback-leibler": "kl"}[loss], "--init", "custom",
        "--init-w", paths["W0"], "--init-h", paths["H0"], "--tol", "0", "--max-iter", str(iters),
        "--threads", str(threads), "--dtype", dtype, "--json", "--quiet", "--out", out, "--force"]
    r = subprocess.run(cmd, capture_output=True, text=True, check=True)
    doc = json.loads(r.stdout)
    return doc["seconds_per_iteration"], doc["relative_error"]


def gemm_floor(nmf, m, n, k, dtype, threads):
    total = 0.0
    # The two products of a HALS iteration in the form the solver runs them (both A·Bᵀ, component-major):
    for extra in (["--m", str(k), "--n", str(m), "--k", str(n), "--transb"],    # H·Xᵀ   (k×n · (m×n)ᵀ)
                  ["--m", str(k), "--n", str(n), "--k", str(m), "--transb"]):   # Wᵀ·X = Wᵀ·(Xᵀ)ᵀ (k×m · (n×m)ᵀ)
        cmd = shlex.split(nmf) + ["bench", "gemm", *extra, "--dtype", dtype, "--threads", str(threads), "--repeat", "10", "--json"]
        r = subprocess.run(cmd, capture_output=True, text=True, check=True)
        total += json.loads(r.stdout)["seconds"]
    return total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--nmf", required=True, help="command that runs nmf, e.g. 'dotnet .../nmf.dll'")
    ap.add_argument("--iters", type=int, default=200)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--cases", default="all", choices=["all", "hals", "mu"])
    args = ap.parse_args()

    print(f"# Nmf.Fast vs scikit-learn {__import__('sklearn').__version__}, {args.iters} iterations, tol 0, "
          f"{args.threads} threads, OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}")
    print("| problem | solver, loss | dtype | scikit-learn ms/it | Nmf.Fast ms/it | speed-up | GEMM floor ms | Nmf.Fast / floor | rel. error sklearn | rel. error Nmf.Fast |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="nmf-compare-") as folder:
        for name, m, n, k, solver, loss, dtype in CASES:
            if args.cases == "hals" and solver != "cd" or args.cases == "mu" and solver != "mu":
                continue
            X, W0, H0, paths = make_data(m, n, k, dtype, folder)
            sk, nf = [], []
            for _ in range(args.repeat):   # interleaved, so both see the same machine load
                sk_it, sk_err = time_sklearn(X, W0, H0, k, solver, loss, args.iters, args.threads)
                nf_it, nf_err = time_nmf(args.nmf, paths, k, solver, loss, dtype, args.iters, args.threads, folder)
                sk.append(sk_it)
                nf.append(nf_it)
            sk_ms, nf_ms = 1e3 * statistics.median(sk), 1e3 * statistics.median(nf)
            floor_ms = 1e3 * gemm_floor(args.nmf, m, n, k, dtype, args.threads)
            label = "cd (HALS)" if solver == "cd" else f"mu, {loss}"
            print(f"| {name} | {label} | {dtype} | {sk_ms:.2f} | {nf_ms:.2f} | {sk_ms / nf_ms:.2f}× | {floor_ms:.2f} | "
                  f"{nf_ms / floor_ms:.2f} | {sk_err:.8f} | {nf_err:.8f} |", flush=True)


if __name__ == "__main__":
    sys.exit(main())
