#!/usr/bin/python3
"""Writes the NumPy legacy RandomState streams that NumPyRandomState must reproduce bit for bit.

Run by hand from the repository root:  /usr/bin/python3 tests/Nmf.Fast.Tests/Fixtures/scripts/make_rng_fixtures.py
Output (raw little-endian, no header) under tests/Nmf.Fast.Tests/Fixtures/rng/:
  seed_<s>_uint32.bin   first 650 raw 32-bit words (crosses the 624-word regeneration)
  seed_<s>_uniform.f64  first 1000 random_sample() values of a fresh RandomState(s)
  seed_<s>_normal.f64   first 1001 standard_normal() values of a fresh RandomState(s) (odd: ends on a fresh pair)
  seed_<s>_mixed.f64    normal(), random_sample(), normal(), normal(1.5, 2.5), ... (the Gaussian cache across other draws)
  seed_<s>_randint.i64  300 randint(0, 1000) then 100 randint(0, 2**31 - 1)
"""
import os
import numpy as np

SEEDS = [0, 1, 42, 2**31 - 1, 2**32 - 1]
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "rng")


def main():
    os.makedirs(OUT, exist_ok=True)
    for s in SEEDS:
        rs = np.random.RandomState(s)
        words = rs.randint(0, 2**32, size=650, dtype=np.uint64).astype("<u4")
        # randint over the full 32-bit range returns raw words; check against the tempered output directly.
        words.tofile(os.path.join(OUT, f"seed_{s}_uint32.bin"))
        np.random.RandomState(s).random_sample(1000).astype("<f8").tofile(os.path.join(OUT, f"seed_{s}_uniform.f64"))
        np.random.RandomState(s).standard_normal(1001).astype("<f8").tofile(os.path.join(OUT, f"seed_{s}_normal.f64"))
        rs = np.random.RandomState(s)
        mixed = []
        for _ in range(60):
            mixed.append(rs.standard_normal())
            mixed.append(rs.random_sample())
            mixed.append(rs.standard_normal())
            mixed.append(rs.normal(1.5, 2.5))
        np.asarray(mixed, dtype="<f8").tofile(os.path.join(OUT, f"seed_{s}_mixed.f64"))
        rs = np.random.RandomState(s)
        ints = np.concatenate([rs.randint(0, 1000, size=300), rs.randint(0, 2**31 - 1, size=100)])
        ints.astype("<i8").tofile(os.path.join(OUT, f"seed_{s}_randint.i64"))
    print("wrote", OUT)


if __name__ == "__main__":
    main()
