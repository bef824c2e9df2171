#!/usr/bin/python3
# Generates the small .npy/.npz/.mtx/.csv fixtures under tests/Nmf.Fast.Tests/Fixtures/io with real NumPy/SciPy.
# Run from anywhere: /usr/bin/python3 tests/Nmf.Fast.Tests/IO/Fixtures/make_fixtures.py
# Dense fixtures hold base[i, j] = 10*i + j (+0.5 for floats) for a 3x4 matrix, so tests can rebuild them by formula;
# every sparse fixture has a companion <name>.dense.npy (float64) written by NumPy from the same SciPy matrix.
import os
import numpy as np
import scipy.sparse as sp
import scipy.io as sio

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Fixtures", "io")
os.makedirs(OUT, exist_ok=True)


def path(name):
    return os.path.join(OUT, name)


base = (10 * np.arange(3)[:, None] + np.arange(4)[None, :]).astype(np.int64)

# Dense .npy: every dtype, both byte orders, both memory orders, versions 1.0/2.0/3.0.
for dt in ["<f2", "<f4", "<f8", ">f4", ">f8", ">f2"]:
    np.save(path(f"dense_{dt[1:]}_{'be' if dt[0] == '>' else 'le'}.npy"), (base + 0.5).astype(dt))
for dt in ["<i1", "<i2", "<i4", "<i8", ">i2", ">i4", ">i8", "|u1", "<u2", "<u4", "<u8", ">u2", ">u4", ">u8"]:
    np.save(path(f"dense_{dt[1:]}_{'be' if dt[0] == '>' else 'le'}.npy"), base.astype(dt))
np.save(path("dense_bool.npy"), (base % 2 == 0))
np.save(path("dense_f8_fortran.npy"), np.asfortranarray(base + 0.5))
np.save(path("dense_f4_be_fortran.npy"), np.asfortranarray((base + 0.5).astype(">f4")))
np.save(path("dense_i2_fortran.npy"), np.asfortranarray(base.astype("<i2")))
np.save(path("vector_f8.npy"), np.arange(5, dtype=np.float64) + 0.5)
for version in [(2, 0), (3, 0)]:
    with open(path(f"dense_f8_v{version[0]}.npy"), "wb") as f:
        np.lib.format.write_array(f, base + 0.5, version=version)
np.save(path("empty_0x3.npy"), np.zeros((0, 3)))

# .npy files that must be rejected.
np.save(path("bad_complex.npy"), np.ones((2, 2), dtype=np.complex128))
np.save(path("bad_object.npy"), np.array([[1, "a"], [None, 2.0]], dtype=object), allow_pickle=True)
np.save(path("bad_strings.npy"), np.array([["ab", "cd"]]))
np.save(path("bad_3d.npy"), np.zeros((2, 2, 2)))
np.save(path("bad_scalar.npy"), np.float64(3.0))
np.save(path("bad_datetime.npy"), np.array([[1, 2]], dtype="datetime64[s]"))
np.save(path("bad_structured.npy"), np.zeros((2,), dtype=[("a", "<f4"), ("b", "<i4")]))

# Sparse matrix with duplicates-free, unsorted-free canonical structure plus an empty row and an empty column.
rows = np.array([0, 0, 1, 3, 3, 3, 4])
cols = np.array([0, 4, 2, 1, 4, 5, 0])
vals = np.array([1.5, 2.0, 3.25, 4.0, 5.5, 6.0, 7.75])
S = sp.coo_matrix((vals, (rows, cols)), shape=(5, 6))
np.save(path("sparse.dense.npy"), S.toarray())
sp.save_npz(path("sparse_csr.npz"), S.tocsr())  # deflated members (default)
sp.save_npz(path("sparse_csr_stored.npz"), S.tocsr(), compressed=False)
sp.save_npz(path("sparse_csc.npz"), S.tocsc())
sp.save_npz(path("sparse_coo.npz"), S)
sp.save_npz(path("sparse_csr_f4.npz"), S.tocsr().astype(np.float32))
sp.save_npz(path("sparse_csr_int.npz"), S.tocsr().astype(np.int64))
big_index = S.tocsr()
big_index.indices = big_index.indices.astype(np.int64)
big_index.indptr = big_index.indptr.astype(np.int64)
sp.save_npz(path("sparse_csr_i8idx.npz"), big_index)
sp.save_npz(path("bad_bsr.npz"), S.tobsr())
np.savez(path("dense_savez.npz"), base + 0.5)
np.savez(path("bad_two_arrays.npz"), a=base, b=base)

# MatrixMarket variants (scipy.io.mmwrite), each with a companion dense reference.
sio.mmwrite(path("mm_coord_real.mtx"), S, comment="coordinate real general")
np.save(path("mm_coord_real.dense.npy"), S.toarray())
sio.mmwrite(path("mm_coord_int.mtx"), sp.coo_matrix(S.toarray().round().astype(np.int64)), field="integer")
np.save(path("mm_coord_int.dense.npy"), S.toarray().round())
sio.mmwrite(path("mm_coord_pattern.mtx"), S, field="pattern")
np.save(path("mm_coord_pattern.dense.npy"), (S.toarray() != 0).astype(np.float64))
Sym = sp.coo_matrix(np.array([[2.0, 1.0, 0.0], [1.0, 0.0, 3.5], [0.0, 3.5, 4.0]]))
sio.mmwrite(path("mm_coord_symmetric.mtx"), Sym, symmetry="symmetric")
np.save(path("mm_coord_symmetric.dense.npy"), Sym.toarray())
sio.mmwrite(path("mm_array_real.mtx"), base + 0.5)
np.save(path("mm_array_real.dense.npy"), base + 0.5)
sio.mmwrite(path("mm_array_symmetric.mtx"), Sym.toarray(), symmetry="symmetric")
np.save(path("mm_array_symmetric.dense.npy"), Sym.toarray())
sio.mmwrite(path("bad_complex.mtx"), sp.coo_matrix(np.array([[1 + 2j, 0], [0, 3]])))

# CSV / whitespace text.
np.savetxt(path("dense_header.csv"), base + 0.5, delimiter=",", header="a,b,c,d", comments="")
np.savetxt(path("dense_comment.csv"), base + 0.5, delimiter=",", header="made by numpy")
np.savetxt(path("dense_space.txt"), base + 0.5)

total = sum(os.path.getsize(path(f)) for f in os.listdir(OUT))
print(f"{len(os.listdir(OUT))} fixtures, {total} bytes in {os.path.normpath(OUT)}")
