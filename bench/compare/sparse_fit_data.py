# Builds the sparse-fit benchmark input: 20000x5000, 1% density, Poisson-like counts; W0/H0 = scikit-learn nndsvda (seed 0).
import sys, numpy as np, scipy.sparse as sp, scipy.io
from sklearn.decomposition._nmf import _initialize_nmf

out, m, n, k = sys.argv[1], 20000, 5000, 20
rng = np.random.default_rng(0)
x = sp.random(m, n, density=0.01, format="csr", random_state=np.random.RandomState(0),
              data_rvs=lambda size: 1.0 + rng.poisson(1.5, size)).astype(np.float64)
x.sort_indices()
sp.save_npz(f"{out}/X.npz", x, compressed=False)
scipy.io.mmwrite(f"{out}/X.mtx", x)
w0, h0 = _initialize_nmf(x, k, init="nndsvda", random_state=0)
np.save(f"{out}/W0.npy", w0)
np.save(f"{out}/H0.npy", h0)
print(f"X {m}x{n} nnz {x.nnz}")
