// In-process, interleaved A/B timing of whole sparse HALS iterations under tuning knobs (internal static fields set by reflection).
using System.Diagnostics;
using System.Reflection;
using Nmf.Fast.Linear;
using Nmf.Fast.Solvers.Hals;

namespace Nmf.Fast.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/Nmf.Fast.Benchmarks -- sparse-ab THREADS ROUNDS CONFIG...</c>, CONFIG =
/// <c>Type.Field=value[+Type.Field=value…]</c> (a type of Nmf.Fast, e.g.
/// <c>Nmf.Fast.Linear.Sparse.CsrTimesDenseKernel.GatherPrefetchDistance=0</c>), <c>base</c> for no change,
/// <c>threads=N</c> for the unchanged loop on N threads, <c>componentmajor</c> for the loop as it was before the
/// factors were kept only row-major (Wᵀ and H updated beside their row-major copies, the Grams by the GEMM), and
/// <c>skipgram</c> (with <c>componentmajor</c>, joined by <c>+</c>) for that loop without its two Grams, <c>wholext</c> for the
/// loop before Xᵀ was cut in two pieces (the H step gathering through the whole packed Xᵀ, both steps' chunks taken in turn).
/// Runs HalsSolver's fused loop (W step, H step, each summing its factor's Gram from the swept tiles) on the issue-4 shape (20000×5000, 50 entries per
/// row, k = 20, double); each round gives every configuration in turn 2 warm-up and 5 timed iterations, so the
/// configurations share the shared host's slow and quiet minutes. Prints per configuration the median over rounds of
/// its median iteration, and the median over rounds of its time relative to the first configuration in the same round
/// (the figure to read on a noisy host).
/// </summary>
internal static class SparseHalsAb
{
    public static void Run(string[] args)
    {
        if (args.Length < 3)
        {
            Console.Error.WriteLine("usage: sparse-ab THREADS ROUNDS CONFIG...");
            Environment.Exit(2);
        }
        int threads = int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture), dop = threads;
        int rounds = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
        var defaults = new Dictionary<FieldInfo, object?>();
        var configs = args[2..].Select(c => (Name: c, Apply: Parse(c, defaults))).ToArray();
        var loop = new SparseHalsLoop(dop);
        var (data, ws, panel, htPanel, tileInner) = (loop.Data, loop.Workspace, loop.Panel, loop.HtPanel, loop.TileInner);
        // The first W step also writes W's row-major copy, which the first H step reads.
        SparseHalsStep.Run(data.PackedRows(dop), htPanel, ws.Wt, ws.Hessian, 0.0, ws.TileViolation, dop, panel, cross: null);

        bool skipGram = false, rowMajorOnly = false, wholeXt = false;
        var gramPartials = loop.GramPartials;
        void Iteration()
        {
            HalsSolver.AddToDiagonal(ws.GramH, 0, ws.Hessian);
            if (rowMajorOnly && !wholeXt)
            {
                // As HalsSolver: Xᵀ in two pieces at W's row `boundary`; on two workers each thread keeps its half of W.
                int boundary = SparseHalsStep.PieceBoundary<double>(SparseHalsLoop.M);
                bool owned = SparseHalsStep.OwnedPieces && SparseHalsStep.OwnsPieces(data.Matrix.NonZeroCount, data.Matrix.Cols, SparseHalsLoop.K, dop);
                SparseHalsStep.Run(data.PackedRows(dop), htPanel, null, ws.Hessian, 0.0, ws.TileViolation, dop, panel, cross: null,
                    gram: ws.GramW, gramPartials: gramPartials, halves: owned);
                HalsSolver.AddToDiagonal(ws.GramW, 0, ws.Hessian);
                var (first, second) = data.PackedColumnPieces(boundary, dop);
                SparseHalsStep.RunPieces(first, second, panel, null, ws.Hessian, 0.0, ws.TileViolation, dop, htPanel,
                    tileInner, innerAfterSweep: true, ws.GramH, gramPartials, owned ? ws.PiecePartials(data.Matrix.Cols, SparseHalsLoop.K) : null);
                return;
            }
            if (rowMajorOnly)
            {
                // The loop before Xᵀ was cut in pieces: each factor only row-major in the other step's operand panel, its Gram summed from the swept tiles.
                SparseHalsStep.Run(data.PackedRows(dop), htPanel, null, ws.Hessian, 0.0, ws.TileViolation, dop, panel, cross: null,
                    gram: ws.GramW, gramPartials: gramPartials);
                HalsSolver.AddToDiagonal(ws.GramW, 0, ws.Hessian);
                SparseHalsStep.Run(data.PackedColumns(dop), panel, null, ws.Hessian, 0.0, ws.TileViolation, dop, htPanel,
                    cross: null, tileInner, innerAfterSweep: true, gram: ws.GramH, gramPartials: gramPartials);
                return;
            }
            // The layout before: Wᵀ and H component-major, the row-major copies written beside them, the Grams by the GEMM.
            SparseHalsStep.Run(data.PackedRows(dop), htPanel, ws.Wt, ws.Hessian, 0.0, ws.TileViolation, dop, panel, cross: null);
            if (!skipGram) Gram.OfRows(ws.Wt.AsReadOnlyMatrixSpan(), ws.GramW.AsMatrixSpan(), dop);
            HalsSolver.AddToDiagonal(ws.GramW, 0, ws.Hessian);
            SparseHalsStep.Run(data.PackedColumns(dop), panel, ws.H, ws.Hessian, 0.0, ws.TileViolation, dop, htPanel,
                cross: null, tileInner, innerAfterSweep: true);
            if (!skipGram) Gram.OfRows(ws.H.AsReadOnlyMatrixSpan(), ws.GramH.AsMatrixSpan(), dop);
        }

        var medians = configs.Select(_ => new List<double>()).ToArray();
        var relative = configs.Select(_ => new List<double>()).ToArray();
        var laps = new double[5];
        for (int r = 0; r < rounds; r++)
        {
            for (int c = 0; c < configs.Length; c++)
            {
                configs[c].Apply();
                skipGram = configs[c].Name.Contains("skipgram", StringComparison.Ordinal);
                rowMajorOnly = !configs[c].Name.Contains("componentmajor", StringComparison.Ordinal);
                wholeXt = configs[c].Name.Contains("wholext", StringComparison.Ordinal);
                dop = configs[c].Name.StartsWith("threads=", StringComparison.Ordinal) ? int.Parse(configs[c].Name[8..], System.Globalization.CultureInfo.InvariantCulture) : threads;
                Iteration();
                Iteration();
                for (int i = 0; i < laps.Length; i++)
                {
                    long t0 = Stopwatch.GetTimestamp();
                    Iteration();
                    laps[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                }
                Array.Sort(laps);
                medians[c].Add(laps[laps.Length / 2]);
                relative[c].Add(medians[c][^1] / medians[0][^1]);
            }
        }
        Console.WriteLine($"sparse HALS fused iteration, 20000×5000 nnz 10⁶, k = 20, double, threads {threads}, {rounds} rounds × 5 iterations (ms; relative to the first configuration, per round)");
        for (int c = 0; c < configs.Length; c++)
        {
            var s = medians[c].Order().ToArray();
            var q = relative[c].Order().ToArray();
            Console.WriteLine($"  {configs[c].Name,-60} median {s[s.Length / 2],7:F3} min {s[0],7:F3} | relative median {q[q.Length / 2]:F3} (quartiles {q[q.Length / 4]:F3}–{q[3 * q.Length / 4]:F3})");
        }
    }

    /// <summary>
    /// The action that sets <paramref name="config"/>'s fields. Every field any configuration names is first put back to
    /// the value it had at start-up, so a configuration never inherits what the one before it set.
    /// </summary>
    private static Action Parse(string config, Dictionary<FieldInfo, object?> defaults)
    {
        var assembly = typeof(Gemm).Assembly;
        var steps = new List<Action>();
        foreach (string assignment in config.Split('+'))
        {
            if (assignment is "base" or "skipgram" or "componentmajor" or "wholext" || assignment.StartsWith("threads=", StringComparison.Ordinal)) continue;
            string[] parts = assignment.Split('=');
            int dot = parts[0].LastIndexOf('.');
            var type = assembly.GetType(parts[0][..dot]) ?? throw new ArgumentException($"no type {parts[0][..dot]}");
            var field = type.GetField(parts[0][(dot + 1)..], BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
                ?? throw new ArgumentException($"no static field {parts[0]}");
            defaults.TryAdd(field, field.GetValue(null));
            object boxed = field.FieldType == typeof(bool) ? parts[1] is "1" or "true" : Convert.ChangeType(long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), field.FieldType, System.Globalization.CultureInfo.InvariantCulture);
            steps.Add(() => field.SetValue(null, boxed));
        }
        return () =>
        {
            foreach (var (field, value) in defaults) field.SetValue(null, value);
            steps.ForEach(s => s());
        };
    }
}
