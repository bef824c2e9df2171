# scikit-learn NMF(solver='cd') on the sparse benchmark input from the shared W0/H0: ms/iteration (median of runs) and relative error.
import sys, time, numpy as np, scipy.sparse as sp
from sklearn.decomposition import NMF

d, runs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3
x = sp.load_npz(f"{d}/X.npz").tocsr()
w0, h0 = np.load(f"{d}/W0.npy"), np.load(f"{d}/H0.npy")

def relative_error(x, w, h):
    coo = x.tocoo()
    inner = 0.0
    for s in range(0, coo.nnz, 200000):
        r, c, v = coo.row[s:s+200000], coo.col[s:s+200000], coo.data[s:s+200000]
        inner += float(np.dot(v, np.einsum("ij,ij->i", w[r], h.T[c])))
    xx = float(np.dot(x.data, x.data))
    res = xx - 2 * inner + float(np.sum((w.T @ w) * (h @ h.T)))
    return np.sqrt(max(res, 0.0) / xx)

times = []
for _ in range(runs):
    model = NMF(n_components=w0.shape[1], solver="cd", init="custom", max_iter=200, tol=0, random_state=0)
    t = time.perf_counter()
    w = model.fit_transform(x, W=w0.copy(), H=h0.copy())
    times.append((time.perf_counter() - t) / model.n_iter_ * 1e3)
print(f"sklearn_cd ms_per_iter_median {np.median(times):.3f} min {min(times):.3f} iterations {model.n_iter_} relative_error {relative_error(x, w, model.components_):.12f}")
