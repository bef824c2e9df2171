#!/usr/bin/python3
# Builds data/sotu/ (document-term count matrix, vocabulary, document labels) from the State of the Union texts.
"""Build the State of the Union document-term matrix committed under data/sotu/.

Usage: /usr/bin/python3 scripts/data/build_sotu.py SOTU_DATA_DIR STOPWORDS_FILE OUT_DIR
(scripts/data/build_sotu.sh fetches the inputs and calls this.)

Choices (documented in data/sotu/README.md):
- one row per address, in file-name order (year, then president), one column per kept term;
- tokens: lower-cased runs of letters a-z (apostrophes join a word: "nation's" -> "nation's"),
  a trailing possessive "'s" is dropped, words still holding an apostrophe are dropped, as are
  words shorter than 3 letters and the tm package's English stop words;
- a term is kept when it appears in at least MIN_DOCS addresses and in at most MAX_DOC_FRACTION of
  them; of those, the MAX_TERMS with the largest total count are kept (ties: alphabetical);
- values are raw counts (integers stored as reals), which suit the KL / Poisson view of NMF.
Output is deterministic: same inputs, same bytes.
"""
import os
import re
import sys
from collections import Counter

MIN_DOCS = 5
MAX_DOC_FRACTION = 0.5
MAX_TERMS = 1500
MIN_LENGTH = 3
WORD = re.compile(r"[a-z]+(?:'[a-z]+)*")


def tokens(text, stop):
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    for w in WORD.findall(text):
        if w in stop:
            continue
        if w.endswith("'s"):
            w = w[:-2]
        if "'" in w or len(w) < MIN_LENGTH or w in stop:
            continue
        yield w


def main(data_dir, stop_file, out_dir):
    with open(stop_file, encoding="utf-8") as f:
        stop = {line.strip().lower().replace("\u2019", "'") for line in f if line.strip()}
    names = sorted(n for n in os.listdir(data_dir) if n.endswith(".txt"))
    docs, labels = [], []
    for name in names:
        stem = name[:-4]
        year, rest = stem.split("_", 1)
        president, party = rest.rsplit("_", 1)
        with open(os.path.join(data_dir, name), encoding="utf-8") as f:
            docs.append(Counter(tokens(f.read(), stop)))
        labels.append(f"{year}\t{president.replace('_', ' ').title()}\t{party}")
    n_docs = len(docs)
    df = Counter()
    total = Counter()
    for c in docs:
        df.update(c.keys())
        total.update(c)
    eligible = [t for t in df if df[t] >= MIN_DOCS and df[t] <= MAX_DOC_FRACTION * n_docs]
    eligible.sort(key=lambda t: (-total[t], t))
    vocab = sorted(eligible[:MAX_TERMS])
    column = {t: j for j, t in enumerate(vocab)}
    entries = []
    for i, c in enumerate(docs):
        for t, j in sorted(((t, column[t]) for t in c if t in column), key=lambda p: p[1]):
            entries.append((i, j, c[t]))
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "sotu.mtx"), "w", encoding="ascii", newline="\n") as f:
        f.write("%%MatrixMarket matrix coordinate real general\n")
        f.write("% State of the Union addresses 1790-2021: raw term counts, rows = addresses (documents.txt),\n")
        f.write("% columns = terms (vocab.txt). Built by scripts/data/build_sotu.py; see data/sotu/README.md.\n")
        f.write(f"{n_docs} {len(vocab)} {len(entries)}\n")
        for i, j, v in entries:
            f.write(f"{i + 1} {j + 1} {v}\n")
    with open(os.path.join(out_dir, "vocab.txt"), "w", encoding="ascii", newline="\n") as f:
        f.write("".join(t + "\n" for t in vocab))
    with open(os.path.join(out_dir, "documents.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write("".join(l + "\n" for l in labels))
    print(f"{n_docs} documents x {len(vocab)} terms, {len(entries)} non-zeros "
          f"({len(entries) / (n_docs * len(vocab)):.1%} dense), {sum(e[2] for e in entries)} tokens")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
