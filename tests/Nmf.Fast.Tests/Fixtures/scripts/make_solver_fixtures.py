#!/usr/bin/python3
"""Writes the scikit-learn cross-check fixtures of the HALS ('cd') solver and transform.

Run by hand (needs Debian's python3-sklearn 1.2.x):  /usr/bin/python3 make_solver_fixtures.py
Outputs ../sklearn/cd_*.json: X, W0, H0 and scikit-learn's W, H, n_iter, reconstruction_err_ after a fit
from init='custom' (plus transform of a second matrix). Values are printed with repr(), which round-trips.
"""
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.decomposition import NMF

warnings.simplefilter("ignore")
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sklearn")


def mat(a):
    return [[float(v) for v in row] for row in np.asarray(a, dtype=np.float64)]


def case(name, m, n, k, dtype, seed, tol, max_iter, alpha_W=0.0, alpha_H="same", l1_ratio=0.0, zeros=0.0):
    rng = np.random.RandomState(seed)
    X = np.abs(rng.standard_normal((m, k)) @ rng.standard_normal((k, n))) + 0.1 * rng.rand(m, n)
    if zeros > 0:
        X[rng.rand(m, n) < zeros] = 0.0
    X = X.astype(dtype)
    W0 = np.abs(rng.standard_normal((m, k))).astype(dtype)
    H0 = np.abs(rng.standard_normal((k, n))).astype(dtype)
    Xnew = np.abs(rng.standard_normal((7, n))).astype(dtype)
    model = NMF(n_components=k, init="custom", solver="cd", beta_loss="frobenius", tol=tol, max_iter=max_iter,
                alpha_W=alpha_W, alpha_H=alpha_H, l1_ratio=l1_ratio)
    W = model.fit_transform(X, W=W0.copy(), H=H0.copy())
    Wnew = model.transform(Xnew)
    doc = {
        "sklearn": sklearn.__version__, "dtype": np.dtype(dtype).name, "tol": tol, "max_iter": max_iter,
        "alpha_W": alpha_W, "alpha_H": None if alpha_H == "same" else alpha_H, "l1_ratio": l1_ratio,
        "X": mat(X), "W0": mat(W0), "H0": mat(H0), "W": mat(W), "H": mat(model.components_),
        "n_iter": int(model.n_iter_), "reconstruction_err": float(model.reconstruction_err_),
        "Xnew": mat(Xnew), "Wnew": mat(Wnew),
    }
    with open(os.path.join(OUT, f"cd_{name}.json"), "w") as f:
        json.dump(doc, f, separators=(",", ":"))
    print(name, dtype.__name__, "n_iter", model.n_iter_, "err", model.reconstruction_err_)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    case("f64_fixed", 30, 20, 4, np.float64, 1, tol=0.0, max_iter=25)
    case("f64_default_tol", 40, 25, 5, np.float64, 2, tol=1e-4, max_iter=200)
    case("f64_l2", 30, 20, 4, np.float64, 3, tol=1e-4, max_iter=200, alpha_W=0.01)
    case("f64_l1_l2", 30, 20, 4, np.float64, 4, tol=1e-4, max_iter=200, alpha_W=0.02, alpha_H=0.005, l1_ratio=0.5)
    case("f64_l1_sparse", 35, 18, 3, np.float64, 5, tol=1e-4, max_iter=200, alpha_W=0.05, l1_ratio=1.0, zeros=0.3)
    case("f64_wide", 12, 50, 6, np.float64, 6, tol=1e-4, max_iter=200)
    case("f32_fixed", 30, 20, 4, np.float32, 7, tol=0.0, max_iter=25)
    case("f32_default_tol", 40, 25, 5, np.float32, 8, tol=1e-4, max_iter=200)
    case("f32_l1_l2", 30, 20, 4, np.float32, 9, tol=1e-4, max_iter=200, alpha_W=0.02, l1_ratio=0.3)
