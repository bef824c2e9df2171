#!/usr/bin/env bash
# Packs the libraries (and the nmf tool) with zero warnings, restores samples/Nmf.Fast.Sample from those packages
# (never from the projects), publishes it as native AOT with zero trim/AOT warnings, runs it and checks its output.
# Usage: .ci/sample-aot.sh   (from anywhere; exits non-zero on any failure)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
packages="$root/artifacts/packages"
# A NuGet cache of the sample's own: a package of an unchanged version number (0.1.0 rebuilt) must not be served
# from an older copy, so the Nmf.Fast entries are deleted before each restore; the rest (ILCompiler) is kept.
cache="$root/artifacts/sample-nuget-cache"
log="$(mktemp -d)"
trap 'rm -rf "$log"' EXIT

version="$(dotnet msbuild "$root/src/Nmf.Fast/Nmf.Fast.csproj" -getProperty:Version -nologo)"
echo "sample-aot: packing $version into $packages"
rm -rf "$packages"
if ! dotnet pack "$root/NmfFast.sln" -c Release -o "$packages" -p:ContinuousIntegrationBuild=true -nologo >"$log/pack.log" 2>&1; then
    cat "$log/pack.log"; echo "sample-aot: pack failed" >&2; exit 1
fi
if grep -E ": warning [A-Z]+[0-9]+" "$log/pack.log"; then echo "sample-aot: pack warnings above" >&2; exit 1; fi
for id in Nmf.Fast Nmf.Fast.IO Nmf.Fast.Cli; do
    for ext in nupkg snupkg; do
        [ -f "$packages/$id.$version.$ext" ] || { echo "sample-aot: $id.$version.$ext missing" >&2; exit 1; }
    done
done

rm -rf "$cache/nmf.fast" "$cache/nmf.fast.io" "$root/samples/Nmf.Fast.Sample/obj" "$root/samples/Nmf.Fast.Sample/bin"
if ! dotnet publish "$root/samples/Nmf.Fast.Sample" -c Release -r linux-x64 -p:PublishAot=true -p:NmfFastVersion="$version" \
        --packages "$cache" -o "$log/bin" -nologo >"$log/publish.log" 2>&1; then
    cat "$log/publish.log"; echo "sample-aot: publish failed" >&2; exit 1
fi
if grep -E "warning (IL[23][0-9]{3}|SYSLIB|NU[0-9]{4}|CS[0-9]{4})" "$log/publish.log"; then
    echo "sample-aot: warnings above" >&2; exit 1
fi
# The sample must have compiled against the package, not a project: its assets name the package from the local folder.
grep -q "\"Nmf.Fast/$version\"" "$root/samples/Nmf.Fast.Sample/obj/project.assets.json" \
    || { echo "sample-aot: Nmf.Fast $version not restored as a package" >&2; exit 1; }

sample="$log/bin/Nmf.Fast.Sample"
[ -x "$sample" ] || { echo "sample-aot: $sample missing" >&2; exit 1; }
output="$("$sample")"
echo "$output"
grep -q "^nmf-sample: OK" <<<"$output" || { echo "sample-aot: the AOT sample did not reproduce scikit-learn's fit" >&2; exit 1; }
grep -q "30 iterations" <<<"$output" || { echo "sample-aot: unexpected iteration count" >&2; exit 1; }
echo "sample-aot: OK"
