// Stopwatch timing of the three ways to get Wᵀ·X for sparse X: gather through the packed Xᵀ (and building it), and the scatter over X's rows.
using System.Diagnostics;
using Nmf.Fast.Linear.Sparse;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/Nmf.Fast.Benchmarks -- sparse-wtx [repeats=30] [threads=2]</c>: on the
/// issue-4 shape (20000×5000, nnz 10⁶, k = 20, double) times, as medians and minima of the repeats: building the packed
/// Xᵀ (counting sort, reused arrays: no first-touch cost), Wᵀ·X by the gather through it, and Wᵀ·X by
/// <see cref="TransposedScatterKernel"/> over packed X and over X as stored. This is the trade-off behind sparse HALS's
/// first H step (scatter, no Xᵀ) against the later ones (gather through the Xᵀ built at iteration 2).
/// </summary>
internal static class SparseTransposedProducts
{
    public static void Run(string[] args)
    {
        int repeats = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 30;
        int dop = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2;
        const int m = 20000, n = 5000, k = 20;
        var (rp, ci, v) = SparseBenchmarkData.Poisson<double>(m, n, 50, seed: 42);
        var x = CsrMatrix<double>.TakeOwnership(m, n, rp, ci, v);
        var packed = PackedCsr<double>.Pack(x, dop);
        var asStored = PackedCsr<double>.AsStored(x);
        var w = SparseBenchmarkData.Uniform<double>(m, k, new System.Random(1));
        var c = new Matrix<double>(n, k);
        var ct = new Matrix<double>(k, n); // the gather writes component-major, as the unfused H step did
        PackedCsr<double>? transposed = null;
        var cases = new (string Name, Action Body)[]
        {
            ("build packed Xᵀ", () => transposed = PackedCsr<double>.PackTransposed(x, packed, dop)),
            ("gather via packed Xᵀ", () => SparseKernels.MultiplyTransposed(transposed!, w.AsReadOnlyMatrixSpan(), ct.AsMatrixSpan(), dop)),
            ("scatter, packed X", () => TransposedScatterKernel.Multiply(packed, w.AsReadOnlyMatrixSpan(), c.AsMatrixSpan(), dop)),
            ("scatter, X as stored", () => TransposedScatterKernel.Multiply(asStored, w.AsReadOnlyMatrixSpan(), c.AsMatrixSpan(), dop)),
        };
        Console.WriteLine($"Wᵀ·X, 20000×5000 nnz 10⁶, k = {k}, double, threads {dop}, {repeats} repeats (median / min, ms)");
        foreach (var (name, body) in cases)
        {
            body(); // warm-up (and the Xᵀ for the gather)
            var times = new double[repeats];
            for (int r = 0; r < repeats; r++)
            {
                long t0 = Stopwatch.GetTimestamp();
                body();
                times[r] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            }
            Array.Sort(times);
            Console.WriteLine($"  {name,-24} {times[repeats / 2],8:F3} {times[0],8:F3}");
        }
    }
}
