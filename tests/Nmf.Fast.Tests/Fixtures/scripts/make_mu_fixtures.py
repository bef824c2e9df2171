#!/usr/bin/python3
"""Writes scikit-learn 1.2.1 multiplicative-update fixtures for Nmf.Fast's tests (run by hand, needs python3-sklearn).

    /usr/bin/python3 tests/Nmf.Fast.Tests/Fixtures/scripts/make_mu_fixtures.py

Each case is one JSON file in ../sklearn-mu/: X, W0, H0 (init='custom'), the options, and scikit-learn's W, H,
n_iter and reconstruction error. Values are written with repr(), which round-trips float64 exactly; float32 cases
store the float32 values widened to float64 (also exact). The tests read them without Python.
"""
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.decomposition import NMF
from sklearn.decomposition._nmf import _fit_multiplicative_update, _beta_divergence
from sklearn.exceptions import ConvergenceWarning

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sklearn-mu")
M, N, K = 13, 11, 3
LOSSES = [("frobenius", 2.0), ("kullback-leibler", 1.0), ("itakura-saito", 0.0), (0.5, 0.5), (1.5, 1.5), (3.0, 3.0)]
REGULARISATIONS = {"plain": dict(alpha_W=0.0, alpha_H="same", l1_ratio=0.0),
                   "reg": dict(alpha_W=0.02, alpha_H=0.01, l1_ratio=0.3)}


def data(seed, with_zeros):
    rng = np.random.RandomState(seed)
    x = rng.uniform(0.05, 2.0, size=(M, N))
    if with_zeros:
        x[rng.uniform(size=(M, N)) < 0.15] = 0.0
    w0 = rng.uniform(0.1, 1.0, size=(M, K))
    h0 = rng.uniform(0.1, 1.0, size=(K, N))
    return x, w0, h0


def flat(a):
    return [float(v) for v in np.asarray(a, dtype=np.float64).ravel()]


def write(name, case):
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(case, f, separators=(",", ":"))


def fit_case(name, loss, beta, reg, dtype, max_iter, tol, seed):
    x, w0, h0 = data(seed, with_zeros=beta > 0)
    x, w0, h0 = x.astype(dtype), w0.astype(dtype), h0.astype(dtype)
    model = NMF(n_components=K, init="custom", solver="mu", beta_loss=loss, max_iter=max_iter, tol=tol, **REGULARISATIONS[reg])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        w = model.fit_transform(x, W=w0.copy(), H=h0.copy())
    alpha_h = REGULARISATIONS[reg]["alpha_H"]
    write(name, dict(
        sklearn=sklearn.__version__, kind="fit", beta=beta, dtype=np.dtype(dtype).name, rows=M, cols=N, rank=K,
        max_iter=max_iter, tol=tol, alpha_W=REGULARISATIONS[reg]["alpha_W"],
        alpha_H=REGULARISATIONS[reg]["alpha_W"] if alpha_h == "same" else alpha_h, l1_ratio=REGULARISATIONS[reg]["l1_ratio"],
        n_iter=int(model.n_iter_), reconstruction_err=float(model.reconstruction_err_),
        divergence=float(_beta_divergence(x, w, model.components_, beta)),
        X=flat(x), W0=flat(w0), H0=flat(h0), W=flat(w), H=flat(model.components_)))


def transform_case(name, loss, beta, seed):
    """W only (update_H=False), as NMF.transform runs it, but from a given W0."""
    x, w0, h0 = data(seed, with_zeros=beta > 0)
    w, h, n_iter = _fit_multiplicative_update(x, w0.copy(), h0.copy(), beta_loss=loss, max_iter=40, tol=0.0,
                                              l1_reg_W=0.0, l1_reg_H=0.0, l2_reg_W=0.0, l2_reg_H=0.0, update_H=False)
    write(name, dict(
        sklearn=sklearn.__version__, kind="transform", beta=beta, dtype="float64", rows=M, cols=N, rank=K,
        max_iter=40, tol=0.0, alpha_W=0.0, alpha_H=0.0, l1_ratio=0.0, n_iter=int(n_iter),
        reconstruction_err=float(_beta_divergence(x, w, h, beta, square_root=True)),
        divergence=float(_beta_divergence(x, w, h, beta)),
        X=flat(x), W0=flat(w0), H0=flat(h0), W=flat(w), H=flat(h)))


def main():
    os.makedirs(OUT, exist_ok=True)
    seed = 0
    for loss, beta in LOSSES:
        for reg in REGULARISATIONS:
            for dtype in (np.float64, np.float32):
                seed += 1
                fit_case(f"fit_beta{beta:g}_{reg}_{np.dtype(dtype).name}", loss, beta, reg, dtype, 50, 0.0, seed)
    # Default tolerance: the stopping rule decides n_iter, which must match exactly.
    for loss, beta in LOSSES[:3]:
        seed += 1
        fit_case(f"tol_beta{beta:g}_float64", loss, beta, "plain", np.float64, 1000, 1e-4, seed)
    for loss, beta in LOSSES[:2]:
        seed += 1
        transform_case(f"transform_beta{beta:g}_float64", loss, beta, seed)


if __name__ == "__main__":
    main()
