#!/usr/bin/env python3
# Peer runner for `nmf compare`: times scikit-learn's NMF (solvers cd, mu) from a given W0/H0 and reports
# the relative error at a schedule of iteration counts, in the line protocol described in docs/compare.md.
#
# Every run uses init='custom' (the W0/H0 files), tol=0 and a fixed max_iter, so scikit-learn's own stopping
# rules never fire and the number of iterations is exactly the one asked for. scikit-learn only returns final
# factors, so the loss trace comes from re-running with increasing max_iter (each run starts again from
# W0/H0; the solvers are deterministic, so each run is a prefix of the longest one).
#
# X is a dense .npy, or a SciPy CSR .npz (scipy.sparse.save_npz format) that is fitted as a scipy.sparse CSR
# matrix: scikit-learn's sparse code paths, never densified.
#
# Output lines (tab-separated) on stdout:
#   info <key> <value>
#   run <solver> <kind: repeat|trace> <iterations> <seconds> <relative error>
#   factors <solver> <W .npy path> <H .npy path>
#   failed <solver> <message>
# Exit codes: 0 ok, 3 a required Python package is missing, 2 bad arguments.
import argparse
import os
import sys
import time
import warnings


def relative_error(x64, w, h, np):
    """||X - WH||_F / ||X||_F, evaluated in float64 from the factors (the same formula as nmf compare).

    For a sparse X without an m x n array: ||X||^2 - 2<X, WH> + <W'W, HH'>, with <X, WH> = sum(W * (X H')).
    """
    w = w.astype(np.float64)
    h = h.astype(np.float64)
    if not isinstance(x64, np.ndarray):
        norm_sq = float(np.dot(x64.data, x64.data))
        inner = float(np.sum(w * (x64 @ h.T)))
        residual = max(0.0, norm_sq - 2.0 * inner + float(np.sum((w.T @ w) * (h @ h.T))))
        return float(np.sqrt(residual) / np.sqrt(norm_sq))
    r = x64 - w @ h
    return float(np.sqrt(np.sum(r * r)) / np.sqrt(np.sum(x64 * x64)))


def load_x(path, dtype, np):
    """(X in float64 for the error, X in the working dtype for the fits): a dense array or a CSR matrix."""
    if path.endswith(".npz"):
        import scipy.sparse
        x64 = scipy.sparse.load_npz(path).tocsr().astype(np.float64)
        return x64, x64.astype(dtype)
    x64 = np.load(path).astype(np.float64)
    return x64, np.ascontiguousarray(x64.astype(dtype))


def peak_rss_kib():
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def emit(*fields):
    print("\t".join(str(f).replace("\t", " ").replace("\n", " ") for f in fields), flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--x", required=True)
    p.add_argument("--w0", required=True)
    p.add_argument("--h0", required=True)
    p.add_argument("--solvers", default="cd,mu")
    p.add_argument("--max-iter", type=int, required=True)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--dtype", choices=["float64", "float32"], default="float64")
    p.add_argument("--schedule", default="", help="comma-separated iteration counts for the loss trace")
    p.add_argument("--out", required=True, help="folder for the final factors")
    a = p.parse_args()

    try:
        import numpy as np
        import sklearn
        from sklearn.decomposition import NMF
    except ImportError as e:
        emit("missing", f"{type(e).__name__}: {e}")
        return 3
    try:
        import threadpoolctl
    except ImportError:
        threadpoolctl = None

    emit("info", "python", sys.version.split()[0])
    emit("info", "numpy", np.__version__)
    emit("info", "sklearn", sklearn.__version__)
    emit("info", "OPENBLAS_CORETYPE", os.environ.get("OPENBLAS_CORETYPE", "(unset)"))
    emit("info", "OMP_NUM_THREADS", os.environ.get("OMP_NUM_THREADS", "(unset)"))

    dtype = np.float64 if a.dtype == "float64" else np.float32
    try:
        x64, x = load_x(a.x, dtype, np)
    except ImportError as e:
        emit("missing", f"{type(e).__name__}: {e} (scipy is needed for a sparse X)")
        return 3
    if not isinstance(x, np.ndarray):
        import scipy
        emit("info", "scipy", scipy.__version__)
        emit("info", "input", f"scipy.sparse {x.format} matrix, nnz={x.nnz} (sparse fit)")
    w0 = np.load(a.w0).astype(dtype)
    h0 = np.load(a.h0).astype(dtype)
    schedule = [int(s) for s in a.schedule.split(",") if s.strip()]
    warnings.simplefilter("ignore")

    limiter = threadpoolctl.threadpool_limits(limits=a.threads) if threadpoolctl else None
    if threadpoolctl:
        for lib in threadpoolctl.threadpool_info():
            emit("info", "blas", f"{lib.get('internal_api')} {lib.get('version')} kernel={lib.get('architecture')} "
                                 f"threads={lib.get('num_threads')} ({os.path.basename(lib.get('filepath', ''))})")
    else:
        emit("info", "blas", "threadpoolctl not installed: BLAS kernel unknown, threads set by environment only")

    def fit(solver, iterations):
        model = NMF(n_components=w0.shape[1], init="custom", solver=solver, beta_loss="frobenius", tol=0.0,
                    max_iter=iterations, alpha_W=0.0, alpha_H=0.0)
        w, h = w0.copy(), h0.copy()  # scikit-learn may update W in place: every run starts from W0/H0
        start = time.perf_counter()
        w = model.fit_transform(x, W=w, H=h)
        seconds = time.perf_counter() - start
        return seconds, w, model.components_, model.n_iter_

    for solver in [s for s in a.solvers.split(",") if s]:
        try:
            fit(solver, 2)  # warm-up: imports, first-call allocations
            best = None
            for _ in range(a.repeats):
                seconds, w, h, n_iter = fit(solver, a.max_iter)
                err = relative_error(x64, w, h, np)
                emit("run", solver, "repeat", n_iter, f"{seconds:.9g}", f"{err:.17g}")
                best = (w, h)
            wp = os.path.join(a.out, f"sklearn_{solver}_W.npy")
            hp = os.path.join(a.out, f"sklearn_{solver}_H.npy")
            np.save(wp, np.ascontiguousarray(best[0]))
            np.save(hp, np.ascontiguousarray(best[1]))
            emit("factors", solver, wp, hp)
            for it in schedule:
                seconds, w, h, n_iter = fit(solver, it)
                emit("run", solver, "trace", n_iter, f"{seconds:.9g}", f"{relative_error(x64, w, h, np):.17g}")
        except Exception as e:  # one solver failing must not hide the other's results
            emit("failed", solver, f"{type(e).__name__}: {e}")

    if limiter is not None:
        limiter.restore_original_limits()
    emit("info", "peak_rss_kib", peak_rss_kib())
    return 0


if __name__ == "__main__":
    sys.exit(main())
