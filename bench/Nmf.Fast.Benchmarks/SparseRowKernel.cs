// Stopwatch timing of the CSR × dense row kernel alone on sparse HALS's two products, X·Hᵀ and Xᵀ·W.
using System.Diagnostics;
using Nmf.Fast.Linear.Sparse;

namespace Nmf.Fast.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/Nmf.Fast.Benchmarks -- sparse-rows [rounds=40] [threads=1] [cols=5000]</c>:
/// the issue-4 shape (20000 rows, 50 entries per row, k = 20, double, packed: 16-bit indices and float values) with
/// <c>cols</c> columns, so that the gathered Hᵀ (cols × 20 doubles: 800 KB at 5000) can be shrunk into L2 (1000) or L1
/// (200). Times <see cref="SparseKernels.ProductRows{T, TIndex, TValue}"/> over all rows of X (B = Hᵀ) and of Xᵀ (B = W)
/// and prints medians and minima (ms). Two threads split the rows in halves (a plain thread, not the worker pool), so
/// the figure is the kernel's, without the solver's tiles, sweeps or chunking.
/// </summary>
internal static unsafe class SparseRowKernel
{
    public static void Run(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 40;
        int threads = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1;
        int n = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5000;
        const int m = 20000, k = 20;
        var (rp, ci, v) = SparseBenchmarkData.Poisson<double>(m, n, 50, seed: 42);
        var x = Nmf.Fast.Memory.CsrMatrix<double>.TakeOwnership(m, n, rp, ci, v);
        var packed = PackedCsr<double>.Pack(x, 1);
        var transposed = PackedCsr<double>.PackTransposed(x, packed, 1);
        if (!packed.NarrowColumns || !packed.NarrowValues || !transposed.NarrowColumns || !transposed.NarrowValues)
            throw new InvalidOperationException("the benchmark expects 16-bit indices and float values");
        var w = SparseBenchmarkData.Uniform<double>(m, k, new System.Random(1));
        var ht = SparseBenchmarkData.Uniform<double>(n, k, new System.Random(2));
        var xht = new double[m * k];
        var xtw = new double[n * k];
        var times = new[] { new List<double>(), new List<double>() };
        fixed (int* rpx = packed.RowPointers) fixed (ushort* cx = packed.NarrowColumnIndices) fixed (float* vx = packed.NarrowValueSpan)
        fixed (int* rpt = transposed.RowPointers) fixed (ushort* ct = transposed.NarrowColumnIndices) fixed (float* vt = transposed.NarrowValueSpan)
        fixed (double* pw = w.AsSpan()) fixed (double* ph = ht.AsSpan()) fixed (double* pxht = xht) fixed (double* pxtw = xtw)
        {
            var products = new[]
            {
                (Args: new CsrProductArgs<double>(rpx, cx, vx, ph, k, pxht, k, k), Rows: m),
                (Args: new CsrProductArgs<double>(rpt, ct, vt, pw, k, pxtw, k, k), Rows: n),
            };
            for (int r = 0; r < rounds + 2; r++)
            {
                for (int p = 0; p < products.Length; p++)
                {
                    var (a, rows) = products[p];
                    long t0 = Stopwatch.GetTimestamp();
                    if (threads == 1)
                    {
                        SparseKernels.ProductRows<double, ushort, float>(SparseTier.Vector512, a, 0, rows);
                    }
                    else
                    {
                        var second = new Thread(() => SparseKernels.ProductRows<double, ushort, float>(SparseTier.Vector512, a, rows / 2, rows));
                        second.Start();
                        SparseKernels.ProductRows<double, ushort, float>(SparseTier.Vector512, a, 0, rows / 2);
                        second.Join();
                    }
                    if (r >= 2) times[p].Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds); // two warm-up rounds
                }
            }
        }
        Console.WriteLine($"CSR × dense row kernel, 20000×{n}, nnz 10⁶, k = {k}, double, threads {threads}, {rounds} rounds (median / min, ms)");
        string[] names = ["X·Hᵀ (B = Hᵀ)", "Xᵀ·W (B = W)"];
        for (int p = 0; p < times.Length; p++)
        {
            var sorted = times[p].Order().ToArray();
            Console.WriteLine($"  {names[p],-16} {sorted[sorted.Length / 2],8:F3} {sorted[0],8:F3}");
        }
    }
}
