#!/usr/bin/env python3
# Writes a planted NMF problem as a float64 .npy: X = W·H + noise (clipped at 0), W m×k and H k×n half-sparse uniform.
# Usage: /usr/bin/python3 bench/compare/make_planted.py OUT.npy [m n k noise seed]   (defaults 2000 1000 20 0.01 0)
import sys

import numpy as np


def main():
    out = sys.argv[1]
    m, n, k = (int(v) for v in (sys.argv[2:5] if len(sys.argv) >= 5 else (2000, 1000, 20)))
    noise = float(sys.argv[5]) if len(sys.argv) >= 6 else 0.01
    seed = int(sys.argv[6]) if len(sys.argv) >= 7 else 0
    rng = np.random.RandomState(seed)
    w = rng.rand(m, k) * (rng.rand(m, k) < 0.5)
    h = rng.rand(k, n) * (rng.rand(k, n) < 0.5)
    x = w @ h
    x += noise * x.std() * rng.randn(m, n)  # noise relative to the signal's spread
    np.save(out, np.maximum(x, 0.0))


if __name__ == "__main__":
    main()
