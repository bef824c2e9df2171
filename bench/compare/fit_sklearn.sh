#!/usr/bin/env bash
# Builds nmf (Release) and runs the side-by-side timing against scikit-learn; extra arguments go to fit_sklearn.py
# (e.g. --cases hals --iters 50 --repeat 1). OPENBLAS_CORETYPE is set for this comparison only: the auto-detected
# OpenBLAS kernel is 5–6× slower on these Xeons (see /work/shared/REFERENCE.md), which would flatter Nmf.Fast.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dotnet build "$root/src/Nmf.Fast.Cli" -c Release -v quiet -nologo >/dev/null
OPENBLAS_CORETYPE=SkylakeX /usr/bin/python3 "$root/bench/compare/fit_sklearn.py" \
  --nmf "dotnet $root/src/Nmf.Fast.Cli/bin/Release/net10.0/nmf.dll" "$@"
