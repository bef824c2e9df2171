# Inputs of the missing-values benchmark: dense 5000x2000 rank-20 + noise (full, and with 10% NaN), sparse 20000x5000 1% counts.
import sys, numpy as np, scipy.sparse as sp

out = sys.argv[1]
rng = np.random.default_rng(0)
m, n, k = 5000, 2000, 20
x = rng.random((m, k)) @ rng.random((k, n)) + 0.1 * rng.random((m, n))
np.save(f"{out}/dense.npy", x)
xm = x.copy()
xm[rng.random((m, n)) < 0.10] = np.nan
np.save(f"{out}/dense_nan.npy", xm)
np.save(f"{out}/dense32.npy", x.astype(np.float32))
np.save(f"{out}/dense32_nan.npy", xm.astype(np.float32))
s = sp.random(20000, 5000, density=0.01, format="csr", random_state=np.random.RandomState(0),
              data_rvs=lambda size: 1.0 + rng.poisson(1.5, size)).astype(np.float64)
s.sort_indices()
sp.save_npz(f"{out}/sparse.npz", s, compressed=False)
print(f"dense {m}x{n}, {np.isnan(xm).mean():.3f} missing; sparse 20000x5000 nnz {s.nnz}")
