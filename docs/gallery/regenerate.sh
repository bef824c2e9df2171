#!/usr/bin/env bash
# Rebuilds the gallery from scratch: fetches the data, publishes the native `nmf`, runs every command, copies the
# PNGs into docs/gallery/ and rewrites docs/gallery.md from the runs' JSON (render.py).
# Usage: docs/gallery/regenerate.sh            (from anywhere; ~5 min to publish, ~3 min of fits on 2 cores)
#        NMF=path/to/nmf docs/gallery/regenerate.sh   reuse a built nmf instead of publishing one
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
gallery=docs/gallery
runs=artifacts/gallery          # git-ignored: each command's --out folder and JSON
bash "$gallery/fetch-data.sh"

if [ -z "${NMF:-}" ]; then
    echo "regenerate: publishing the native-AOT nmf" >&2
    dotnet publish src/Nmf.Fast.Cli -c Release -r linux-x64 -p:PublishAot=true -o artifacts/gallery-nmf -nologo >/dev/null
    NMF=artifacts/gallery-nmf/nmf
fi
rm -rf "$runs"
mkdir -p "$runs"
"$NMF" --version --json > "$runs/version.json"

# run NAME ARGS...: runs `nmf ARGS... --out $runs/NAME --json`, keeps its JSON and wall time, and the command as typed.
run() {
    local name="$1"; shift
    local command=(nmf "$@" --out "$runs/$name" --json)
    echo "regenerate: ${command[*]}" >&2
    local start end
    start="$(date +%s.%N)"
    "$NMF" "$@" --out "$runs/$name" --json > "$runs/$name.json"
    end="$(date +%s.%N)"
    printf '%s\n' "${command[*]}" > "$runs/$name.command"
    /usr/bin/python3 -c "print(round($end - $start, 2))" > "$runs/$name.wall"
}

run mnist-nmf fit data/external/mnist.npy --rank 25 --solver mu --loss kl --init nndsvda --max-iter 200 --seed 0 --dtype float32 --image-shape 28x28 --quiet
run mnist-pca pca data/external/mnist.npy --rank 25 --seed 0 --dtype float32 --image-shape 28x28
run faces-nmf fit data/external/lfw_faces.npy --rank 16 --solver mu --loss kl --init nndsvda --max-iter 500 --seed 0 --image-shape 25x25 --quiet
run faces-pca pca data/external/lfw_faces.npy --rank 16 --seed 0 --image-shape 25x25
run digits-nmf fit data/external/digits.npy --rank 16 --seed 0 --image-shape 8x8 --quiet
run digits-pca pca data/external/digits.npy --rank 16 --seed 0 --image-shape 8x8
run sotu-nmf fit data/sotu/sotu.mtx --rank 8 --solver mu --loss kl --init nndsvda --max-iter 500 --seed 0 --vocab data/sotu/vocab.txt --quiet

for name in mnist-nmf mnist-pca faces-nmf faces-pca digits-nmf digits-pca; do
    cp "$runs/$name/components.png" "$gallery/$name-components.png"
done
# The faces' reconstructions show the original photographs: they stay in $runs, uncommitted.
for name in mnist-nmf mnist-pca digits-nmf digits-pca; do
    cp "$runs/$name/reconstructions.png" "$gallery/$name-reconstructions.png"
done
/usr/bin/python3 "$gallery/render.py" "$runs" data/sotu docs/gallery.md
echo "regenerate: wrote docs/gallery.md and $(ls "$gallery"/*.png | wc -l) PNGs" >&2
