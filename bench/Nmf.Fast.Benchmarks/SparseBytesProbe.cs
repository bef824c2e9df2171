// Sparse HALS's two fused steps over X and Xᵀ packed with byte values against the same with float values, in turns in one process.
using Nmf.Fast.Linear.Sparse;
using Nmf.Fast.Solvers.Hals;

namespace Nmf.Fast.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/Nmf.Fast.Benchmarks -- sparse-bytes THREADS ROUNDS</c>: one W step and one H
/// step of sparse HALS (factors row-major, Grams from the tiles, as HalsSolver runs them) on the issue-4 shape, over
/// packed X and Xᵀ with byte values (3 bytes an entry) and with float values (6 bytes), alternating round by round;
/// medians of each round's 5 iterations, and the byte/float ratio per round.
/// </summary>
internal static class SparseBytesProbe
{
    public static void Run(string[] args)
    {
        int dop = int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture);
        int rounds = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
        var loop = new SparseHalsLoop(dop);
        var x = loop.Data.Matrix;
        var bytes = (X: PackedCsr<double>.Pack(x, dop), Xt: PackedCsr<double>.PackTransposed(x, null, dop));
        CsrNarrowing.StoreBytes = false;
        var floats = (X: PackedCsr<double>.Pack(x, dop), Xt: PackedCsr<double>.PackTransposed(x, null, dop));
        CsrNarrowing.StoreBytes = true;
        if (!bytes.X.ByteValues || !bytes.Xt.ByteValues || !floats.X.NarrowValues || !floats.Xt.NarrowValues)
            throw new InvalidOperationException("The data did not pack as bytes and as floats.");
        var ws = loop.Workspace;
        SparseHalsStep.Run(bytes.X, loop.HtPanel, ws.Wt, ws.Hessian, 0.0, ws.TileViolation, dop, loop.Panel, cross: null);
        void Iteration((PackedCsr<double> X, PackedCsr<double> Xt) a)
        {
            HalsSolver.AddToDiagonal(ws.GramH, 0, ws.Hessian);
            SparseHalsStep.Run(a.X, loop.HtPanel, null, ws.Hessian, 0.0, ws.TileViolation, dop, loop.Panel, cross: null,
                gram: ws.GramW, gramPartials: loop.GramPartials);
            HalsSolver.AddToDiagonal(ws.GramW, 0, ws.Hessian);
            SparseHalsStep.Run(a.Xt, loop.Panel, null, ws.Hessian, 0.0, ws.TileViolation, dop, loop.HtPanel,
                cross: null, loop.TileInner, innerAfterSweep: true, gram: ws.GramH, gramPartials: loop.GramPartials);
        }
        var configs = new[] { ("float values", floats), ("byte values", bytes) };
        var medians = configs.Select(_ => new List<double>()).ToArray();
        var ratio = new List<double>();
        for (int r = 0; r < rounds; r++)
        {
            for (int c = 0; c < configs.Length; c++)
            {
                var config = configs[c].Item2;
                medians[c].Add(SparseHalsLoop.MedianLap(() => Iteration(config)));
            }
            ratio.Add(medians[1][^1] / medians[0][^1]);
        }
        Console.WriteLine($"sparse HALS iteration (both fused steps), 20000×5000 nnz 10⁶, k = 20, double, threads {dop}, {rounds} rounds (ms)");
        for (int c = 0; c < configs.Length; c++)
        {
            var s = medians[c].Order().ToArray();
            Console.WriteLine($"  {configs[c].Item1,-14} median {s[s.Length / 2],7:F3} min {s[0],7:F3}");
        }
        var q = ratio.Order().ToArray();
        Console.WriteLine($"  byte / float per round: median {q[q.Length / 2]:F3} (quartiles {q[q.Length / 4]:F3}–{q[3 * q.Length / 4]:F3}), bytes faster in {q.Count(v => v < 1)} of {q.Length}");
    }
}
