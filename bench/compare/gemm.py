#!/usr/bin/python3
"""Side-by-side GEMM benchmark: numpy/OpenBLAS (SkylakeX kernel forced) vs `nmf bench gemm`, as a ratio table.

Both run the same shapes in the same session, interleaved round by round; each cell is the median over rounds
of each tool's median time. Usage (from the repository root, after `dotnet build NmfFast.sln -c Release`):

    /usr/bin/python3 bench/compare/gemm.py [--rounds 3] [--repeat 10] [--threads 1,2] [--dtypes float32,float64]
                                           [--big] [--hals] [--only LABELS] [--nmf PATH] > table.md
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# (label, op, m, n, k): op(A) is m×k, op(B) is k×n; "gram" is WᵀW of an m×k W (Gram.OfColumns), "gramrows" is
# H·Hᵀ of a k×m H (Gram.OfRows); both count 2·m·k² flops, as numpy's syrk-backed products are credited.
SHAPES = [("square 2048", "NN", 2048, 2048, 2048)]
for r in (10, 20, 50, 100):
    SHAPES.append((f"X·Hᵀ 5000×2000·2000×{r}", "NT", 5000, r, 2000))
for r in (10, 20, 50, 100):
    SHAPES.append((f"Wᵀ·X {r}×5000·5000×2000", "TN", r, 2000, 5000))
for r in (10, 20, 50, 100):
    SHAPES.append((f"Gram WᵀW 5000×{r}", "gram", 5000, r, r))
for r in (10, 20, 50, 100):
    SHAPES.append((f"Gram H·Hᵀ {r}×2000", "gramrows", 2000, r, r))
BIG = [("square 4096", "NN", 4096, 4096, 4096)]
# The products HALS actually runs (factors stored component-major, A·Bᵀ with a narrow A, the dot-product path):
# H·Xᵀ of the W step and Wᵀ·X of the H step computed from a stored Xᵀ.
HALS = []
for r in (20, 50, 100):
    HALS.append((f"HALS H·Xᵀ {r}×2000·(5000×2000)ᵀ", "NT", r, 5000, 2000))
for r in (20, 50, 100):
    HALS.append((f"HALS Wᵀ·X as Wᵀ·(Xᵀ)ᵀ {r}×5000·(2000×5000)ᵀ", "NT", r, 2000, 5000))



def measured_peak(nmf, dtype):
    """FMA peak of one core on this machine, GFLOP/s (`nmf bench peak`)."""
    out = subprocess.run([nmf, "bench", "peak", "--dtype", dtype, "--json"], check=True, capture_output=True, text=True).stdout
    return json.loads(out)["gflops"]


def run_numpy(threads, dtype, repeat, shapes):
    env = dict(os.environ, OPENBLAS_CORETYPE="SkylakeX")
    env.pop("OPENBLAS_L2_SIZE", None)
    specs = [f"{op}:{m}:{n}:{k}" for _, op, m, n, k in shapes]
    out = subprocess.run(["/usr/bin/python3", os.path.join(HERE, "gemm_numpy.py"), str(threads), dtype, str(repeat), *specs],
                         env=env, check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def run_nmf(nmf, threads, dtype, repeat, shape):
    _, op, m, n, k = shape
    args = [nmf, "bench", "gemm", "--m", str(m), "--n", str(n), "--k", str(k), "--dtype", dtype,
            "--threads", str(threads), "--repeat", str(repeat), "--json"]
    if op == "gram":
        args += ["--gram"]
    elif op == "gramrows":
        args += ["--gram", "--transa"]
    else:
        if op[0] == "T":
            args.append("--transa")
        if op[1] == "T":
            args.append("--transb")
    env = dict(os.environ)
    env.pop("OPENBLAS_CORETYPE", None)
    return json.loads(subprocess.run(args, check=True, capture_output=True, text=True, env=env).stdout)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--repeat", type=int, default=10)
    p.add_argument("--threads", default="1,2")
    p.add_argument("--dtypes", default="float32,float64")
    p.add_argument("--big", action="store_true", help="also square 4096")
    p.add_argument("--hals", action="store_true", help="also the two products HALS runs (A·Bᵀ, narrow A)")
    p.add_argument("--only", default="", help="comma-separated substrings of shape labels to keep")
    p.add_argument("--nmf", default=os.path.join(ROOT, "src/Nmf.Fast.Cli/bin/Release/net10.0/nmf"))
    a = p.parse_args()
    shapes = SHAPES + (BIG if a.big else []) + (HALS if a.hals else [])
    if a.only:
        keep = a.only.split(",")
        shapes = [s for s in shapes if any(x in s[0] for x in keep)]

    rows = []
    blas_kernel = nmf_kernel = "?"
    peaks = {d: measured_peak(a.nmf, d) for d in a.dtypes.split(",")}
    for dtype in a.dtypes.split(","):
        for threads in (int(t) for t in a.threads.split(",")):
            np_times = {s[0]: [] for s in shapes}
            nmf_times = {s[0]: [] for s in shapes}
            for _ in range(a.rounds):
                for s, r in zip(shapes, run_numpy(threads, dtype, a.repeat, shapes)):
                    np_times[s[0]].append(r["seconds"])
                    blas_kernel = r["kernel"]
                for s in shapes:
                    r = run_nmf(a.nmf, threads, dtype, a.repeat, s)
                    nmf_times[s[0]].append(r["seconds"])
                    nmf_kernel = r["kernel"]
            for s in shapes:
                label, _, m, n, k = s
                flops = 2.0 * m * n * k
                t_np, t_nmf = statistics.median(np_times[label]), statistics.median(nmf_times[label])
                g_np, g_nmf = flops / t_np / 1e9, flops / t_nmf / 1e9
                peak = peaks[dtype] * threads
                # A Gram computes one triangle: m·k·(k+1) multiply-adds' worth of flops reach the FMA units.
                done = flops if s[1] not in ("gram", "gramrows") else m * k * (k + 1.0)
                rows.append((label, dtype, threads, g_np, g_nmf, g_nmf / g_np, 100.0 * done / t_nmf / 1e9 / peak))
                print(f"{label:28s} {dtype} t={threads}: numpy {g_np:7.1f}  nmf {g_nmf:7.1f}  ratio {g_nmf / g_np:5.2f}", file=sys.stderr)

    print(f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; "
          f"peer: numpy with {blas_kernel} (OPENBLAS_CORETYPE=SkylakeX); nmf kernel: {nmf_kernel}.")
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    print(f"CPU: {cpu}. Rounds: {a.rounds} × {a.repeat} repeats each, interleaved; cells are medians. "
          f"% of FMA peak uses the measured one-core peak (`nmf bench peak`) × threads (Gram rows: the m·k·(k+1) "
          f"flops of the triangle actually computed, while GFLOP/s counts 2·m·k² for both tools): "
          + ", ".join(f"{d} {p:.0f} GFLOP/s" for d, p in peaks.items()) + ".")
    print()
    print("| shape | dtype | threads | OpenBLAS GFLOP/s | Nmf.Fast GFLOP/s | ratio | % of FMA peak |")
    print("|---|---|---|---|---|---|---|")
    for label, dtype, threads, g_np, g_nmf, ratio, pct in rows:
        print(f"| {label} | {dtype} | {threads} | {g_np:.1f} | {g_nmf:.1f} | {ratio:.2f} | {pct:.0f}% |")


if __name__ == "__main__":
    main()
