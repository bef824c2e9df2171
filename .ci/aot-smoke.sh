#!/usr/bin/env bash
# AOT smoke test: publish the native `nmf`, run --version --json and a real fit on the embedded demo data, check the JSON.
# Usage: .ci/aot-smoke.sh   (from the repository root; exits non-zero on any failure)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

publish_log="$out/publish.log"
if ! dotnet publish "$root/src/Nmf.Fast.Cli" -c Release -r linux-x64 -p:PublishAot=true -o "$out/bin" -nologo >"$publish_log" 2>&1; then
    cat "$publish_log"; echo "aot-smoke: publish failed" >&2; exit 1
fi
# Trim/AOT analysis warnings (IL2xxx, IL3xxx) are failures even if the build went through.
if grep -E "warning (IL[23][0-9]{3}|SYSLIB)" "$publish_log"; then
    echo "aot-smoke: trim/AOT warnings above" >&2; exit 1
fi
nmf="$out/bin/nmf"
[ -x "$nmf" ] || { echo "aot-smoke: $nmf missing" >&2; exit 1; }

version_json="$("$nmf" --version --json)"
echo "$version_json"
python3 - "$version_json" <<'PY'
import json, sys
v = json.loads(sys.argv[1])
for field in ("version", "kernel", "threads"):
    assert field in v, f"--version --json lacks {field}"
assert v["kernel"] in ("avx512", "avx2", "scalar"), v["kernel"]
PY

fit_json="$("$nmf" demo --json --quiet --seed 0)"
echo "$fit_json"
python3 - "$fit_json" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
for field in ("rows", "cols", "rank", "iterations", "converged", "relative_error", "seconds"):
    assert field in r, f"demo --json lacks {field}"
assert (r["rows"], r["cols"], r["rank"]) == (1797, 64, 10), r
assert 0 < r["relative_error"] < 0.6, f"relative error {r['relative_error']} out of bounds"
PY

# The file path too: fit --out writes a model directory that transform loads (JSON + .npy in the AOT binary).
# (A CSV input made with awk keeps this script free of numpy: CI machines have only the .NET SDK and a stock python3.)
awk 'BEGIN { srand(1); for (i = 0; i < 60; i++) { line = ""; for (j = 0; j < 12; j++) line = line (j ? "," : "") rand(); print line } }' > "$out/x.csv"
"$nmf" fit "$out/x.csv" --rank 3 --seed 0 --out "$out/model" --json --quiet >/dev/null
"$nmf" transform --model "$out/model" "$out/x.csv" --out "$out/w.npy" --json > "$out/transform.json"
"$nmf" fit "$out/w.npy" --rank 1 --max-iter 1 --json --quiet --solver hals > "$out/w-shape.json"
python3 - "$out/w-shape.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert (r["rows"], r["cols"]) == (60, 3), f"transform wrote a {r['rows']}x{r['cols']} W, expected 60x3"
PY
echo "aot-smoke: OK"
