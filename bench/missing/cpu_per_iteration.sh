#!/usr/bin/env bash
# CPU milliseconds per iteration of one `nmf fit` configuration on one thread, robust to a loaded machine: the process CPU
# time (user + sys) of a 30-iteration run minus that of a 5-iteration run, over 25. Setup (reading, validation, lists)
# cancels out; time the OS spends running other processes is not counted. Compare against a peer measured the same way.
# Usage: bench/missing/cpu_per_iteration.sh INPUT [nmf fit options...]   e.g.  ... data.npy --missing nan
#   (always adds --rank 20 --solver hals --init random --seed 0 --tol 0 --threads 1; NMF_DLL overrides the CLI build)
set -euo pipefail
cd "$(dirname "$0")/../.."
dll=${NMF_DLL:-src/Nmf.Fast.Cli/bin/Release/net10.0/nmf.dll}
common=(--rank 20 --solver hals --init random --seed 0 --tol 0 --threads 1 --json --quiet)
cpu() { /usr/bin/time -f "%U %S" dotnet "$dll" fit "$@" "${common[@]}" 2>&1 >/dev/null | tail -1 | awk '{print $1 + $2}'; }
short=$(cpu "$@" --max-iter 5)
long=$(cpu "$@" --max-iter 30)
/usr/bin/python3 -c "print(f'{($long - $short) / 25 * 1000:.1f}')"
