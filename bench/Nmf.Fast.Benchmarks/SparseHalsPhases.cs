// Stopwatch breakdown of one sparse HALS iteration by phase (products, transposes, sweeps, Grams, loss) on the issue-4 shape.
using System.Diagnostics;
using Nmf.Fast.Linear;
using Nmf.Fast.Linear.Sparse;
using Nmf.Fast.Memory;
using Nmf.Fast.Solvers;
using Nmf.Fast.Solvers.Data;
using Nmf.Fast.Solvers.Hals;

namespace Nmf.Fast.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/Nmf.Fast.Benchmarks -- sparse-phases [iterations=60] [threads=2] [fused]</c>:
/// runs the calls of <see cref="HalsSolver"/>'s loop on a 20000×5000 1% count matrix (k = 20, double) one phase at
/// a time, timing each with a stopwatch, and prints the median and minimum per phase and for the whole iteration, and
/// the median thread CPU time (meaningful with one thread: the calls then run on this thread, and the CPU time leaves
/// out the time the shared machine's scheduler gives to other processes).
/// BenchmarkDotNet would time each phase in isolation, with warm caches that the real loop does not give it; here the
/// phases run in the loop's order on the loop's data, so each sees the cache state the fit leaves it.
/// </summary>
internal static class SparseHalsPhases
{
    public static void Run(string[] args)
    {
        int iterations = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 60;
        int dop = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2;
        bool fused = args.Length > 2 && args[2] == "fused"; // HalsSolver's loop from iteration 2: SparseHalsStep per factor
        const int m = SparseHalsLoop.M, k = SparseHalsLoop.K;
        var loop = new SparseHalsLoop(dop);
        var (data, ws, panel) = (loop.Data, loop.Workspace, loop.Panel); // as HalsSolver: the sweeps leave W / Hᵀ row-major in the panel
        var settings = new SolverSettings { MaxIterations = 1, Tolerance = 0, Beta = 2, MaxDegreeOfParallelism = dop };
        double xNormSq = data.SquaredNorm();
        int boundary = SparseHalsStep.PieceBoundary<double>(m);
        bool owned = SparseHalsStep.OwnsPieces(data.Matrix.NonZeroCount, data.Matrix.Cols, k, dop);

        string[] names = ["H·Xᵀ (X·Hᵀ)", "W sweep", "Gram W", "Wᵀ·X (Xᵀ·W)", "H sweep", "Gram H", "loss", "iteration", "  of which H→Hᵀ", "  of which Wᵀ→W"];
        var wPanel = new Matrix<double>(m, k);
        var (htPanel, tileInner) = (loop.HtPanel, loop.TileInner);
        var times = new double[names.Length][];
        var cpu = new double[names.Length][];
        for (int p = 0; p < names.Length; p++) (times[p], cpu[p]) = (new double[iterations], new double[iterations]);
        for (int it = -5; it < iterations; it++) // five warm-up iterations (JIT tiers, pool threads)
        {
            long c0 = ProjectionCpuTime.ThreadCpuNanoseconds(), c = c0;
            void Lap(int phase, long start)
            {
                long now = ProjectionCpuTime.ThreadCpuNanoseconds();
                if (it >= 0)
                {
                    times[phase][it] = (Stopwatch.GetTimestamp() - start) * 1000.0 / Stopwatch.Frequency;
                    cpu[phase][it] = (now - (phase == 7 ? c0 : c)) * 1e-6;
                }
                c = ProjectionCpuTime.ThreadCpuNanoseconds();
            }

            long t0 = Stopwatch.GetTimestamp(), t = t0;
            if (fused)
            {
                // As HalsSolver: product + sweep per tile; W only in the data's panel, Hᵀ only in its own; each step sums its
                // factor's Gram from the swept tiles (the "Gram" phases are empty).
                Lap(0, t); t = Stopwatch.GetTimestamp();
                HalsSolver.AddToDiagonal(ws.GramH, 0, ws.Hessian);
                SparseHalsStep.Run(data.PackedRows(dop), htPanel, null, ws.Hessian, 0.0, ws.TileViolation, dop, panel, cross: null,
                    gram: ws.GramW, gramPartials: loop.GramPartials, halves: owned);
                Lap(1, t); t = Stopwatch.GetTimestamp();
                Lap(2, t); t = Stopwatch.GetTimestamp();
                Lap(3, t); t = Stopwatch.GetTimestamp();
                HalsSolver.AddToDiagonal(ws.GramW, 0, ws.Hessian);
                // As HalsSolver: Wᵀ·X is not stored; the loss's ⟨Wᵀ·X, H⟩ is summed per tile after the sweep.
                // …over Xᵀ in two pieces, on two threads each gathering the W rows it swept (SparseHalsStep.RunPieces).
                var (first, second) = data.PackedColumnPieces(boundary, dop);
                SparseHalsStep.RunPieces(first, second, panel, null, ws.Hessian, 0.0, ws.TileViolation, dop, htPanel,
                    tileInner, innerAfterSweep: true, ws.GramH, loop.GramPartials, owned ? ws.PiecePartials(data.Matrix.Cols, k) : null);
                Lap(4, t); t = Stopwatch.GetTimestamp();
                Lap(5, t); t = Stopwatch.GetTimestamp();
                _ = 0.5 * (xNormSq - 2 * tileInner.Sum() + Nmf.Fast.Solvers.Reductions.FrobeniusInner<double>(ws.GramW, ws.GramH));
                Lap(6, t);
                Lap(7, t0);
                continue;
            }
            data.FactorTimesTranspose(ws.H.AsReadOnlyMatrixSpan(), ws.CrossW.AsMatrixSpan(), dop, operandReady: it > -5);
            Lap(0, t); t = Stopwatch.GetTimestamp();
            HalsSolver.AddToDiagonal(ws.GramH, 0, ws.Hessian);
            HalsSweep.Run(ws.Wt, ws.Hessian, ws.CrossW, 0.0, ws.TileViolation, dop, panel);
            Lap(1, t); t = Stopwatch.GetTimestamp();
            Gram.OfRows(ws.Wt.AsReadOnlyMatrixSpan(), ws.GramW.AsMatrixSpan(), dop);
            Lap(2, t); t = Stopwatch.GetTimestamp();
            data.FactorTimes(ws.Wt.AsReadOnlyMatrixSpan(), ws.CrossH.AsMatrixSpan(), dop, operandReady: true);
            Lap(3, t); t = Stopwatch.GetTimestamp();
            HalsSolver.AddToDiagonal(ws.GramW, 0, ws.Hessian);
            HalsSweep.Run(ws.H, ws.Hessian, ws.CrossH, 0.0, ws.TileViolation, dop, panel);
            Lap(4, t); t = Stopwatch.GetTimestamp();
            Gram.OfRows(ws.H.AsReadOnlyMatrixSpan(), ws.GramH.AsMatrixSpan(), dop);
            Lap(5, t); t = Stopwatch.GetTimestamp();
            _ = HalsSolver.Loss(xNormSq, ws.CrossH, ws.H, ws, settings, updateH: true);
            Lap(6, t);
            Lap(7, t0);
            // Not part of the iteration: the operand transposes the products needed before the sweeps wrote the panel.
            t = Stopwatch.GetTimestamp();
            FactorTranspose.Transpose(ws.H.AsReadOnlyMatrixSpan(), htPanel.AsMatrixSpan(), dop);
            Lap(8, t); t = Stopwatch.GetTimestamp();
            FactorTranspose.Transpose(ws.Wt.AsReadOnlyMatrixSpan(), wPanel.AsMatrixSpan(), dop);
            Lap(9, t);
        }
        if (fused) names = ["(fused below)", "W step fused", "(in W step)", "(fused above)", "H step fused", "(in H step)", "loss", "iteration", "  (unused)", "  (unused)"];
        Console.WriteLine($"sparse HALS phases{(fused ? ", fused steps" : "")}, 20000×5000 nnz 10⁶, k = 20, double, threads {dop}, {iterations} iterations (wall median / min, thread CPU median, ms)");
        for (int p = 0; p < names.Length; p++)
        {
            Array.Sort(times[p]);
            Array.Sort(cpu[p]);
            Console.WriteLine($"  {names[p],-16} {times[p][iterations / 2],8:F3} {times[p][0],8:F3} {cpu[p][iterations / 2],8:F3}");
        }
    }
}
