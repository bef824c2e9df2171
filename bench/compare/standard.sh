#!/usr/bin/env bash
# Runs `nmf compare` (native AOT) on the standard problems and refreshes the generated section of docs/performance.md
# (between <!-- standard:begin --> and <!-- standard:end -->) and docs/standard/<problem>/ (results.json + charts).
#
# Problems (rank, iterations, repeats chosen so the whole run stays under 15 minutes on 2 quiet cores):
#   dense-2000x1000-k20    planted X = W·H + 1% noise (make_planted.py)           k 20, 200 it., 3 repeats
#   dense-5000x2000-k50    the same generator, larger                              k 50,  50 it., 1 repeat
#   sparse-20000x5000-k20  1% density Poisson-like counts (sparse_fit_data.py)     k 20, 100 it., 2 repeats
#   digits-k10             data/digits.csv.gz, 1797×64 pixels (labels dropped)     k 10, 200 it., 3 repeats
#   sotu-k10               data/sotu/sotu.mtx, 233×1500 term counts, sparse        k 10, 200 it., 3 repeats
# The peers' loss traces re-run each fit at ~3.4× its iterations, which is most of the time: RcppML at k = 50 is
# the single largest cost.
#
# Usage: bench/compare/standard.sh
# Env:   THREADS (2) · OUT (out/standard) · NMF (an nmf binary; default: publish native AOT to out/nmf-aot)
#        PROBLEMS (space-separated subset of the names above) · MAX_ITER, REPEATS (override every problem's)
#        PEERS (sklearn,rcppml; 'none' for none) · UPDATE_DOCS (1; 0 leaves docs/ alone)
# Quick check of the script itself: PROBLEMS="digits-k10 sotu-k10" MAX_ITER=5 REPEATS=1 UPDATE_DOCS=0 bench/compare/standard.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-out/standard}
THREADS=${THREADS:-2}
PEERS=${PEERS:-sklearn,rcppml}
UPDATE_DOCS=${UPDATE_DOCS:-1}
PROBLEMS=${PROBLEMS:-"dense-2000x1000-k20 dense-5000x2000-k50 sparse-20000x5000-k20 digits-k10 sotu-k10"}
PY=/usr/bin/python3
started=$(date +%s)
mkdir -p "$OUT/data"

if [[ -z ${NMF:-} ]]; then
  echo "standard.sh: publishing the native-AOT nmf to out/nmf-aot …" >&2
  dotnet publish src/Nmf.Fast.Cli -c Release -r linux-x64 -p:PublishAot=true -o out/nmf-aot > "$OUT/publish.log"
  NMF=out/nmf-aot/nmf
fi

# rank iterations repeats, per problem
settings() {
  case $1 in
    dense-2000x1000-k20) echo "20 200 3" ;;
    dense-5000x2000-k50) echo "50 50 1" ;;
    sparse-20000x5000-k20) echo "20 100 2" ;;
    digits-k10) echo "10 200 3" ;;
    sotu-k10) echo "10 200 3" ;;
    *) echo "standard.sh: unknown problem '$1'" >&2; exit 2 ;;
  esac
}

# Makes the problem's input once (cached in $OUT/data) and prints its path.
input_for() {
  local d=$OUT/data
  case $1 in
    dense-2000x1000-k20)
      [[ -f $d/planted_2000x1000_k20.npy ]] || $PY bench/compare/make_planted.py "$d/planted_2000x1000_k20.npy" 2000 1000 20 0.01 0
      echo "$d/planted_2000x1000_k20.npy" ;;
    dense-5000x2000-k50)
      [[ -f $d/planted_5000x2000_k50.npy ]] || $PY bench/compare/make_planted.py "$d/planted_5000x2000_k50.npy" 5000 2000 50 0.01 0
      echo "$d/planted_5000x2000_k50.npy" ;;
    sparse-20000x5000-k20)
      mkdir -p "$d/sparse"
      [[ -f $d/sparse/X.npz ]] || $PY bench/compare/sparse_fit_data.py "$d/sparse" >&2
      echo "$d/sparse/X.npz" ;;
    digits-k10)
      [[ -f $d/digits.npy ]] || $PY -c "import numpy as np, sys; np.save(sys.argv[2], np.loadtxt(sys.argv[1], delimiter=',')[:, :64])" data/digits.csv.gz "$d/digits.npy"
      echo "$d/digits.npy" ;;
    sotu-k10)
      echo data/sotu/sotu.mtx ;;
  esac
}

for name in $PROBLEMS; do
  read -r rank iterations repeats <<< "$(settings "$name")"
  iterations=${MAX_ITER:-$iterations}
  repeats=${REPEATS:-$repeats}
  input=$(input_for "$name")
  mkdir -p "$OUT/$name"
  t0=$(date +%s)
  echo "standard.sh: $name: rank $rank, $iterations iterations, $repeats repeats, $THREADS threads …" >&2
  "$NMF" compare "$input" --rank "$rank" --threads "$THREADS" --max-iter "$iterations" --repeats "$repeats" \
    --peers "$PEERS" --out "$OUT/$name/report" > "$OUT/$name/table.md" 2> "$OUT/$name/compare.log" || {
      echo "standard.sh: $name failed; see $OUT/$name/compare.log" >&2; tail -3 "$OUT/$name/compare.log" >&2; exit 1; }
  echo "$(( $(date +%s) - t0 ))" > "$OUT/$name/seconds"
  echo "standard.sh: $name done in $(cat "$OUT/$name/seconds") s" >&2
done
total=$(( $(date +%s) - started ))
echo "standard.sh: total elapsed ${total} s ($(( total / 60 )) min $(( total % 60 )) s)"

[[ $UPDATE_DOCS == 1 ]] || exit 0
$PY - "$OUT" "$total" $PROBLEMS <<'EOF'
# Copies each problem's results.json and charts to docs/standard/<name>/ and rewrites the marked section.
import json, os, shutil, sys, datetime
out, total, names = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
describe = {
    "dense-2000x1000-k20": "dense 2000×1000 planted (X = W·H + 1% noise), k = 20",
    "dense-5000x2000-k50": "dense 5000×2000 planted (X = W·H + 1% noise), k = 50",
    "sparse-20000x5000-k20": "sparse 20000×5000, 1% density, Poisson-like counts (`sparse_fit_data.py`), k = 20",
    "digits-k10": "digits (`data/digits.csv.gz`, 1797×64 pixels), k = 10",
    "sotu-k10": "State of the Union (`data/sotu/sotu.mtx`, 233×1500 term counts, sparse), k = 10",
}
charts = ["loss_vs_time.png", "time_per_iteration.png"]
lines = ["<!-- standard:begin -->", "## Standard comparison (generated by `bench/compare/standard.sh`)", ""]
first = None
body = []
for name in names:
    report = os.path.join(out, name, "report")
    with open(os.path.join(report, "results.json"), encoding="utf-8") as f:
        results = json.load(f)
    first = first or results
    target = os.path.join("docs", "standard", name)
    os.makedirs(target, exist_ok=True)
    shutil.copy(os.path.join(report, "results.json"), target)
    s, p = results["settings"], results["problem"]
    with open(os.path.join(out, name, "seconds"), encoding="ascii") as f:
        seconds = int(f.read())
    body += [f"### {describe.get(name, name)}", ""]
    body += [f"{s['max_iterations']} iterations, {s['repeats']} timed repeat(s), {s['threads']} thread(s), {s['dtype']}, "
             f"init {s['init']} seed {s['seed']}; load average at start {results['machine']['load_average']}; "
             f"this problem took {seconds} s. Command: `{s['command_line']}`.", ""]
    with open(os.path.join(out, name, "table.md"), encoding="utf-8") as f:
        table = [l.rstrip("\n") for l in f if l.startswith("|")]
    body += table + [""]
    t = results.get("target_relative_error")
    body += [f"Target error (1.01 × the best final error): {t:.4g}." if t is not None else "No target error (no run finished).", ""]
    for note in results.get("notes", []):
        body.append(f"- {note}")
    for run in results["runs"]:
        if run["status"] != "ok" and run.get("note"):
            body.append(f"- **{run['library']} {run['method']}** ({run['status']}): {run['note']}")
    if body[-1] != "":
        body.append("")
    for chart in charts:
        src = os.path.join(report, chart)
        if os.path.exists(src):
            shutil.copy(src, target)
            body.append(f"![{name} {chart[:-4].replace('_', ' ')}](standard/{name}/{chart})")
    body.append("")
m = first["machine"]
when = first["started_utc"][:16].replace("T", " ")
lines += [f"Run {when} UTC on {m['cpu']} ({m['logical_cores']} logical cores), {m['runtime']}, Nmf.Fast {m['nmf_fast_version']}; "
          f"whole script {total // 60} min {total % 60} s. Every problem: the same X, W₀/H₀ and iteration count for every library, "
          "stopping rules disabled; error = ‖X − WH‖_F/‖X‖_F from each library's factors (see docs/compare.md). A sparse X is "
          "fitted sparse by every library. The full report of a problem is rebuilt by "
          "`nmf compare --render docs/standard/<problem>/results.json --out DIR`.", ""]
lines += body + ["<!-- standard:end -->"]
section = "\n".join(lines) + "\n"
path = os.path.join("docs", "performance.md")
with open(path, encoding="utf-8") as f:
    text = f.read()
begin, end = "<!-- standard:begin -->", "<!-- standard:end -->"
if begin in text and end in text:
    text = text[: text.index(begin)] + section + text[text.index(end) + len(end):].lstrip("\n")
else:
    text = text.rstrip("\n") + "\n\n" + section
with open(path, "w", encoding="utf-8") as f:
    f.write(text)
print(f"standard.sh: refreshed {path} and docs/standard/ ({', '.join(names)})")
EOF
