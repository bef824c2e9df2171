#!/usr/bin/python3
"""Writes scikit-learn 1.2.1 initialisations that NmfInitializer must reproduce.

Run by hand from the repository root:  /usr/bin/python3 tests/Nmf.Fast.Tests/Fixtures/scripts/make_init_fixtures.py
Output under tests/Nmf.Fast.Tests/Fixtures/init/, one file per case, named
  <init>_<dtype>_<m>x<n>_k<k>_s<seed>.bin
holding, little-endian and without padding: int32 m, n, k, seed; then X (m·n), W (m·k), H (k·n), all
row-major in the case's dtype (float32 or float64). W and H are sklearn.decomposition._nmf._initialize_nmf(
X, k, init, eps=1e-6, random_state=seed). randomized_svd_<dtype>_... files hold U (m·k), S (k), Vt (k·n)
from sklearn.utils.extmath.randomized_svd(X, k, random_state=seed) instead of W and H.
"""
import os
import numpy as np
import sklearn
from sklearn.decomposition._nmf import _initialize_nmf
from sklearn.utils.extmath import randomized_svd

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "init")


def planted(m, n, r, seed):
    """Non-negative, approximately rank r, singular values decaying by ~2x: well separated leading triplets."""
    rs = np.random.RandomState(seed)
    x = np.zeros((m, n))
    for j in range(r):
        x += 0.5 ** j * np.outer(rs.rand(m) ** 3, rs.rand(n) ** 3) * (4.0 if j == 0 else 1.0)
    return x + 0.01 * rs.rand(m, n)


def write(name, x, k, seed, a, b, c=None):
    m, n = x.shape
    dt = x.dtype
    path = os.path.join(OUT, f"{name}_{'float32' if dt == np.float32 else 'float64'}_{m}x{n}_k{k}_s{seed}.bin")
    with open(path, "wb") as f:
        np.asarray([m, n, k, seed], dtype="<i4").tofile(f)
        for arr in (x, a, b) + ((c,) if c is not None else ()):
            np.ascontiguousarray(arr, dtype=dt.newbyteorder("<")).tofile(f)


def main():
    assert sklearn.__version__ == "1.2.1", sklearn.__version__
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if f.endswith(".bin"):
            os.remove(os.path.join(OUT, f))

    # Random init: the README example and a few shapes and seeds, float64 and float32.
    example = np.array([[1, 1], [2, 1], [3, 1.2], [4, 1], [5, 0.8], [6, 1]])
    rs = np.random.RandomState(7)
    random_cases = [(example, 2, 0), (rs.rand(20, 7), 3, 1), (rs.rand(13, 40) * 3, 5, 42),
                    (rs.rand(30, 30), 4, 2**31 - 1), (rs.rand(9, 11), 15, 3)]
    for x, k, seed in random_cases:
        for dt in (np.float64, np.float32):
            xd = x.astype(dt)
            w, h = _initialize_nmf(xd, k, init="random", random_state=seed)
            assert w.dtype == dt and h.dtype == dt
            write("random", xd, k, seed, w, h)

    # NNDSVD family on planted matrices with separated singular values (incl. m < n, m > n, and the
    # k + 10 >= min(m, n) case where the sketch spans everything).
    nndsvd_cases = [((50, 30, 5), 3, 0), ((30, 50, 5), 4, 1), ((70, 20, 6), 4, 42), ((30, 12, 4), 3, 5),
                    ((12, 30, 4), 2, 0), ((80, 30, 6), 2, 2**31 - 1)]
    for (m, n, r), k, seed in nndsvd_cases:
        x = planted(m, n, r, seed + m)
        s = np.linalg.svd(x, compute_uv=False)
        assert np.all(s[:k] / s[1:k + 1] > 1.4), (m, n, k, s[:k + 1])
        for init in ("nndsvd", "nndsvda", "nndsvdar"):
            for dt in (np.float64, np.float32) if init == "nndsvda" else (np.float64,):
                xd = x.astype(dt)
                w, h = _initialize_nmf(xd, k, init=init, random_state=seed)
                assert w.dtype == dt
                write(init, xd, k, seed, w, h)
        if m in (50, 30) and n != 12:
            u, s, vt = randomized_svd(x, k, random_state=seed)
            write("randomized_svd", x, k, seed, u, s, vt)
    total = sum(os.path.getsize(os.path.join(OUT, f)) for f in os.listdir(OUT))
    print("wrote", OUT, total, "bytes")


if __name__ == "__main__":
    main()
