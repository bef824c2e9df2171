#!/bin/sh
# Time to a target error, Nmf.Fast vs scikit-learn and RcppML (see time_to_target.py). Extra arguments go to the script,
# e.g.  bench/compare/time_to_target.sh --problems small,sparse,sotu --dtype float32 --repeat 3 --max-seconds 20 --plots out/ttt
set -e
cd "$(dirname "$0")/../.."
# NMF_CMD overrides the engine command, e.g. an AOT-published binary (no JIT warm-up):
#   dotnet publish src/Nmf.Fast.Cli -c Release -r linux-x64 -p:PublishAot=true -o out/nmf-aot && NMF_CMD=out/nmf-aot/nmf bench/compare/time_to_target.sh
# (without -p:PublishAot=true the publish is a JIT app whose first iterations include compilation)
if [ -z "$NMF_CMD" ]; then
  dotnet build src/Nmf.Fast.Cli -c Release -v q -nologo >/dev/null
  NMF_CMD="dotnet src/Nmf.Fast.Cli/bin/Release/net10.0/nmf.dll"
fi
uptime >&2
# OpenBLAS's auto-detected kernel is 5–6× slower on this CPU (docs/performance.md); force SkylakeX for the peers only.
OPENBLAS_CORETYPE=SkylakeX /usr/bin/python3 bench/compare/time_to_target.py --nmf "$NMF_CMD" "$@"
uptime >&2
