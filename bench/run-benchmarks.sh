#!/usr/bin/env bash
# Runs the BenchmarkDotNet suites of bench/Nmf.Fast.Benchmarks (GEMM shapes, solver iterations, MU, sparse products,
# projection) with a short job and copies BenchmarkDotNet's GitHub-Markdown reports into bench/results/.
#
# Usage: bench/run-benchmarks.sh [FILTER ...]        FILTER: BenchmarkDotNet --filter patterns (default '*': every suite)
# Env:   JOB (short; dry for a smoke test) · ARTIFACTS (out/benchmarks) · RESULTS (bench/results)
# Examples:
#   bench/run-benchmarks.sh                                   # everything, on a quiet machine (~15–20 min on 2 cores)
#   JOB=dry bench/run-benchmarks.sh '*ProjectionBenchmarks.ProjectOne*'   # smoke test of the script
set -euo pipefail
cd "$(dirname "$0")/.."
JOB=${JOB:-short}
ARTIFACTS=${ARTIFACTS:-out/benchmarks}
RESULTS=${RESULTS:-bench/results}
FILTERS=("$@")
[[ ${#FILTERS[@]} -gt 0 ]] || FILTERS=('*')
started=$(date +%s)
load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)

rm -rf "$ARTIFACTS/results"  # only this run's reports are copied
mkdir -p "$ARTIFACTS"
# --buildTimeout: BenchmarkDotNet builds its boilerplate project first; 120 s (its default) is not enough on a busy machine.
dotnet run -c Release --project bench/Nmf.Fast.Benchmarks -- \
  --filter "${FILTERS[@]}" --job "$JOB" --artifacts "$ARTIFACTS" --buildTimeout 900 2>&1 | tee "$ARTIFACTS/run.log"
if grep -q -e "failed to build the auto-generated" -e "executed benchmarks: 0" "$ARTIFACTS/run.log"; then
  echo "run-benchmarks.sh: BenchmarkDotNet did not run the benchmarks (see $ARTIFACTS/run.log); nothing copied" >&2
  exit 1
fi

shopt -s nullglob
reports=("$ARTIFACTS"/results/*-report-github.md)
if [[ ${#reports[@]} -eq 0 ]]; then
  echo "run-benchmarks.sh: no report in $ARTIFACTS/results (did the filter match a benchmark?)" >&2
  exit 1
fi
mkdir -p "$RESULTS"
[[ -f $RESULTS/README.md ]] || printf '%s\n' "# BenchmarkDotNet results" "" \
  "Reports copied here by \`bench/run-benchmarks.sh\` (each file begins with BenchmarkDotNet's machine and runtime header)." \
  "Compare rows within one report; the runs below say when, with what filter and at what load each was made." "" "## Runs" "" > "$RESULTS/README.md"
for report in "${reports[@]}"; do
  name=$(basename "$report")
  cp "$report" "$RESULTS/${name#Nmf.Fast.Benchmarks.}"
done
elapsed=$(( $(date +%s) - started ))
{
  echo "- $(date -u '+%Y-%m-%d %H:%M') UTC: \`JOB=$JOB bench/run-benchmarks.sh ${FILTERS[*]}\`, load average at start $load," \
       "${elapsed} s: $(for r in "${reports[@]}"; do n=$(basename "$r"); printf '%s ' "${n#Nmf.Fast.Benchmarks.}"; done)"
} >> "$RESULTS/README.md"
echo "run-benchmarks.sh: ${#reports[@]} report(s) copied to $RESULTS/ in ${elapsed} s"
