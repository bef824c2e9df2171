#!/usr/bin/env bash
# Rewrites api/Nmf.Fast.txt and api/Nmf.Fast.IO.txt from the built assemblies (after an intended public API change);
# review the diff with `git diff api/` and commit it. Usage: scripts/update-api-baseline.sh
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build tests/Nmf.Fast.Tests -c Release -nologo -v q
NMF_UPDATE_API_BASELINE=1 dotnet test tests/Nmf.Fast.Tests -c Release --no-build -nologo \
    --filter "FullyQualifiedName~PublicApiBaselineTests"
git --no-pager diff --stat -- api/ || true
