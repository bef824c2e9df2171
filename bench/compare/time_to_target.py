#!/usr/bin/python3
"""Time to a target error: Nmf.Fast (every solver) vs scikit-learn 'cd'/'mu' and RcppML, same data, same threads.

Usage (through time_to_target.sh, which builds nmf and sets OPENBLAS_CORETYPE for this process only):
    time_to_target.py --nmf "dotnet .../nmf.dll" [--problems small,large] [--dtype float64] [--threads 2]
                      [--max-iter 1000] [--max-seconds 30] [--repeat 3] [--no-rcppml]

Problems (generated here, seed 0): X = |N(0,1)|^(m×k) · |N(0,1)|^(k×n) + 0.1·U(0,1), a planted non-negative
rank-k product plus noise (relative noise ≈ 0.005, so the best attainable error is about that); W0, H0 = |N(0,1)|·sqrt(mean X / k) (scikit-learn's random init).
Every library gets up to --max-iter iterations (and at most about --max-seconds of solving), from the same W0/H0
(except RcppML, which has no custom init). For each library we record the relative error ‖X − WH‖_F/‖X‖_F after
every iteration and the time to reach it:
  * Nmf.Fast: `nmf fit --init custom --tol 0 --trace` (the trace's seconds run from the start of the fit);
    median over --repeat runs of the time at which each target is reached;
  * scikit-learn: one timed full run (max_iter N, tol 0) gives seconds per iteration; the error curve comes from
    an untimed replay of the same iterations one at a time (sklearn's private _fit_* with max_iter=1, which gives
    the same iterates); time at iteration i = i × seconds per iteration;
  * RcppML: see time_to_target_rcppml.R.
Target = 1.01 × the best final error any library attained. Prints a markdown table.
"""
import argparse
import csv
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np
import sklearn
from sklearn.decomposition import _nmf
from threadpoolctl import threadpool_limits

warnings.simplefilter("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))
PROBLEMS = {"small": (2000, 1000, 20), "large": (5000, 2000, 50)}
NMF_SOLVERS = ["hals", "hals-accel", "anls", "mu"]


def make_problem(m, n, k, dtype, folder):
    """Writes X.npy, W0.npy, H0.npy (and X.bin for R) into folder; returns X, W0, H0 and the .npy paths."""
    rng = np.random.RandomState(0)
    planted_w, planted_h = np.abs(rng.standard_normal((m, k))), np.abs(rng.standard_normal((k, n)))
    arrays = {"X": (planted_w @ planted_h + 0.1 * rng.rand(m, n)).astype(dtype)}
    scale = np.sqrt(arrays["X"].mean() / k)
    for name, shape in (("W0", (m, k)), ("H0", (k, n))):
        arrays[name] = (np.abs(rng.standard_normal(shape)) * scale).astype(dtype)
    paths = {name: os.path.join(folder, f"{name}.npy") for name in arrays}
    for name, a in arrays.items():
        np.save(paths[name], a)
    arrays["X"].astype("<f8").tofile(os.path.join(folder, "X.bin"))
    return arrays["X"], arrays["W0"], arrays["H0"], paths


def rel_error(X, W, H, xnorm):
    return float(np.linalg.norm(X - W.astype(np.float64) @ H.astype(np.float64)) / xnorm)


def nmf_curve(cmd, paths, k, solver, dtype, threads, max_iter, max_seconds, folder):
    trace = os.path.join(folder, f"trace_{solver}.csv")
    args = shlex.split(cmd) + ["fit", paths["X"], "--rank", str(k), "--solver", solver, "--init", "custom",
                               "--init-w", paths["W0"], "--init-h", paths["H0"], "--tol", "0", "--max-iter", str(max_iter),
                               "--time-budget", str(max_seconds), "--threads", str(threads), "--dtype", dtype,
                               "--trace", trace, "--quiet", "--json"]
    subprocess.run(args, check=True, capture_output=True)
    with open(trace) as f:
        rows = [r for r in csv.DictReader(f) if r["relative_error"]]
    t0 = float(rows[0]["seconds"])
    return [(int(r["iteration"]), float(r["seconds"]) - t0, float(r["relative_error"])) for r in rows[1:]]


def sklearn_curve(X, W0, H0, solver, threads, max_iter, max_seconds):
    xnorm = float(np.linalg.norm(X.astype(np.float64)))
    fit = _nmf._fit_coordinate_descent if solver == "cd" else _nmf._fit_multiplicative_update
    with threadpool_limits(threads), sklearn.config_context(assume_finite=True):
        # Probe the per-iteration time, then size the timed run to the budget.
        t0 = time.perf_counter()
        fit(X, W0.copy(), H0.copy(), tol=0, max_iter=5)
        per_iter = (time.perf_counter() - t0) / 5
        iters = int(max(5, min(max_iter, max_seconds / per_iter)))
        model = sklearn.decomposition.NMF(n_components=W0.shape[1], solver=solver, init="custom", tol=0, max_iter=iters)
        t0 = time.perf_counter()
        model.fit_transform(X, W=W0.copy(), H=H0.copy())
        per_iter = (time.perf_counter() - t0) / iters
        W, H = W0.copy(), H0.copy()
        curve = []
        for i in range(1, iters + 1):
            W, H, _ = fit(X, W, H, tol=0, max_iter=1)
            curve.append((i, i * per_iter, rel_error(X, W, H, xnorm)))
    return curve


def rcppml_curve(folder, m, n, k, threads, max_iter, max_seconds):
    out = os.path.join(folder, "rcppml.csv")
    subprocess.run(["Rscript", os.path.join(HERE, "time_to_target_rcppml.R"), os.path.join(folder, "X.bin"), str(m), str(n),
                    str(k), str(threads), str(max_seconds), str(max_iter), out], check=True, capture_output=True)
    with open(out) as f:
        return [(int(r["iteration"]), float(r["seconds"]), float(r["relative_error"])) for r in csv.DictReader(f)]


def time_to(curve, target):
    for it, sec, err in curve:
        if err <= target:
            return it, sec
    return None


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--nmf", required=True)
    p.add_argument("--problems", default="small,large")
    p.add_argument("--dtype", default="float64")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--max-iter", type=int, default=1000)
    p.add_argument("--max-seconds", type=float, default=30)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--no-rcppml", action="store_true")
    a = p.parse_args()
    for name in a.problems.split(","):
        m, n, k = PROBLEMS[name]
        with tempfile.TemporaryDirectory() as folder:
            X, W0, H0, paths = make_problem(m, n, k, a.dtype, folder)
            curves = {}  # library -> list of curves (repeats)
            for solver in NMF_SOLVERS:
                curves[f"Nmf.Fast {solver}"] = [nmf_curve(a.nmf, paths, k, solver, a.dtype, a.threads, a.max_iter, a.max_seconds, folder)
                                                for _ in range(a.repeat)]
                print(f"# {name} Nmf.Fast {solver}: final {curves[f'Nmf.Fast {solver}'][0][-1]}", file=sys.stderr)
            for solver in ("cd", "mu"):
                curves[f"scikit-learn {solver}"] = [sklearn_curve(X, W0, H0, solver, a.threads, a.max_iter, a.max_seconds)]
                print(f"# {name} sklearn {solver}: final {curves[f'scikit-learn {solver}'][0][-1]}", file=sys.stderr)
            if not a.no_rcppml and a.dtype == "float64":
                curves["RcppML"] = [rcppml_curve(folder, m, n, k, a.threads, a.max_iter, a.max_seconds)]
                print(f"# {name} RcppML: final {curves['RcppML'][0][-1]}", file=sys.stderr)
        best = min(min(err for _, _, err in c) for cs in curves.values() for c in cs)
        targets = [("1.01×best", 1.01 * best), ("1.1×best", 1.1 * best), ("1.5×best", 1.5 * best)]
        print(f"\n### dense {m}×{n}, rank {k}, {a.dtype}, {a.threads} threads — best final error {best:.5f}\n")
        header = "| library | iterations run | final error | " + " | ".join(f"time to {t} ({v:.5f})" for t, v in targets) + " |"
        print(header)
        print("|" + "---|" * (3 + len(targets)))
        for lib, cs in curves.items():
            final = statistics.median(c[-1][2] for c in cs)
            cells = []
            for _, target in targets:
                hits = [time_to(c, target) for c in cs]
                if any(h is None for h in hits):
                    cells.append(f"not reached ({statistics.median(c[-1][1] for c in cs):.2f} s)")
                else:
                    cells.append(f"{statistics.median(h[1] for h in hits):.3f} s (it {statistics.median(h[0] for h in hits):.0f})")
            print(f"| {lib} | {cs[0][-1][0]} | {final:.5f} | " + " | ".join(cells) + " |")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
