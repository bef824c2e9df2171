#!/usr/bin/env bash
# Builds the CLI and runs the numpy/OpenBLAS vs `nmf bench gemm` comparison (see gemm.py for options).
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build src/Nmf.Fast.Cli/Nmf.Fast.Cli.csproj -c Release -v quiet -nologo >/dev/null
exec /usr/bin/python3 bench/compare/gemm.py "$@"
