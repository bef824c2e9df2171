// Runs Nmf.Fast's solvers in-process from the shared W₀/H₀ and records timings, the loss trace and memory.
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Cli.Compare;

internal static class NmfFastRunner
{
    /// <summary>The stopping rule of each solver, and how the comparison disables it.</summary>
    public static string StoppingRule(NmfSolver solver) => solver == NmfSolver.Hals
        ? "scikit-learn's cd rule: stop when the projected-gradient violation falls to tol × the first one; here tol = 0 (stops only at violation 0), so exactly max-iter iterations"
        : "scikit-learn's mu rule: every 10 iterations, stop when the relative loss decrease ≤ tol; here tol = 0, so exactly max-iter iterations";

    /// <summary>Short name of a solver in the report.</summary>
    public static string MethodName(NmfSolver solver) => solver == NmfSolver.Hals ? "HALS" : "MU";

    /// <summary>
    /// Times <see cref="NonNegativeMatrixFactorization.Fit{T}(Matrix{T}, NmfOptions, IProgress{NmfProgress}?, CancellationToken)"/>,
    /// or its CSR overload for a sparse X (one untimed
    /// full warm-up run, then <see cref="CompareSettings.Repeats"/> full runs); a solver that is not available yet
    /// (<see cref="NotSupportedException"/>) is reported as skipped. Without <paramref name="warmUp"/> the untimed run is
    /// left out (a later round of an interleaved comparison: the process is warm already).
    /// </summary>
    public static LibraryRun Run(CompareInput x, Matrix<double> w0, Matrix<double> h0, NmfSolver solver, CompareSettings settings, bool warmUp = true)
    {
        var run = new LibraryRun
        {
            Library = "Nmf.Fast",
            Method = MethodName(solver),
            StartingPoint = "shared W₀ and H₀ (NmfInit.Custom)",
            StoppingRule = StoppingRule(solver),
            TraceMethod = "every iteration, from the fit's own loss trace: √(2·loss)/‖X‖_F with loss = ½‖X − WH‖²_F (evaluated from the Gram matrices)",
            MemoryMethod = "VmHWM of the nmf process itself after this solver's first round (in-process; includes the runtime and nmf compare's own float64 copy of X; the high-water mark only grows, so a later solver also carries an earlier one's peak)",
            Iterations = settings.MaxIterations,
        };
        run.Info.Add(new("threads", $"MaxDegreeOfParallelism = {settings.Threads}"));
        if (x.IsSparse) run.Info.Add(new("input", "CsrMatrix (sparse fit, X never densified)"));
        try
        {
            if (x.Sparse is { } sparse)
            {
                if (settings.Float32)
                {
                    var x32 = ToFloat(sparse);
                    RunTyped(options => NonNegativeMatrixFactorization.Fit(x32, options), x, w0, h0, solver, settings, warmUp, run);
                }
                else RunTyped(options => NonNegativeMatrixFactorization.Fit(sparse, options), x, w0, h0, solver, settings, warmUp, run);
            }
            else if (settings.Float32)
            {
                var x32 = ToFloat(x.Dense!);
                RunTyped(options => NonNegativeMatrixFactorization.Fit(x32, options), x, w0, h0, solver, settings, warmUp, run);
            }
            else
            {
                var x64 = x.Dense!;
                RunTyped(options => NonNegativeMatrixFactorization.Fit(x64, options), x, w0, h0, solver, settings, warmUp, run);
            }
        }
        catch (NotSupportedException e)
        {
            run.Status = RunStatus.Skipped;
            run.Note = $"not available in this build of Nmf.Fast ({e.Message})";
        }
        return run;
    }

    private static void RunTyped<T>(Func<NmfOptions, NmfResult<T>> fit, CompareInput x, Matrix<double> w0, Matrix<double> h0, NmfSolver solver,
        CompareSettings settings, bool warmUp, LibraryRun run)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var options = new NmfOptions
        {
            Rank = settings.Rank,
            Solver = solver,
            Init = NmfInit.Custom,
            InitialW = w0,
            InitialH = h0,
            MaxIterations = settings.MaxIterations,
            Tolerance = 0,
            Seed = 0,
            MaxDegreeOfParallelism = settings.Threads,
        };
        // Warm-up: one whole untimed fit, so that under the JIT the timed runs see fully tiered-up code (a short
        // warm-up leaves the hot loops at tier 0 or in OSR code); a native-AOT build needs it only for first-touch.
        if (warmUp) fit(options);

        var results = new List<NmfResult<T>>();
        long allocated = 0;
        for (int r = 0; r < settings.Repeats; r++)
        {
            GC.Collect();
            long before = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            var result = fit(options);
            clock.Stop();
            allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            run.RepeatSeconds.Add(clock.Elapsed.TotalSeconds);
            results.Add(result);
        }
        run.PeakRssBytes = ProcessMemory.PeakResidentBytes();
        run.Info.Add(new("managed allocation per fit", string.Create(CultureInfo.InvariantCulture, $"{allocated / 1048576.0:0.0} MiB")));

        // The trace and factors of the repeat with the median time.
        int median = MedianIndex(run.RepeatSeconds);
        var chosen = results[median];
        run.Iterations = chosen.Iterations;
        double xNorm = x.FrobeniusNorm();
        foreach (var point in chosen.Trace)
            if (point.Iteration > 0)
                run.Trace.Add(new TracePoint(point.Iteration, point.Elapsed.TotalSeconds, RelativeError.FromHalfSquaredLoss(point.Loss, xNorm)));
        run.FinalRelativeError = x.RelativeErrorOf(ToDouble(chosen.W).AsReadOnlyMatrixSpan(), ToDouble(chosen.H).AsReadOnlyMatrixSpan());
        if (!double.IsFinite(run.FinalRelativeError))
        {
            run.Status = RunStatus.NonFinite;
            run.Note = "the final factors are not finite";
        }
        if (chosen.Iterations != settings.MaxIterations)
            run.Note = $"stopped after {chosen.Iterations} of {settings.MaxIterations} iterations";
    }

    private static int MedianIndex(List<double> seconds)
    {
        var order = Enumerable.Range(0, seconds.Count).OrderBy(i => seconds[i]).ToArray();
        return order[(order.Length - 1) / 2];
    }

    private static Matrix<float> ToFloat(Matrix<double> source)
    {
        var result = new Matrix<float>(source.Rows, source.Cols);
        var s = source.AsSpan();
        var d = result.AsSpan();
        for (int i = 0; i < s.Length; i++) d[i] = (float)s[i];
        return result;
    }

    private static CsrMatrix<float> ToFloat(CsrMatrix<double> source)
    {
        var values = new float[source.NonZeroCount];
        var s = source.Values;
        for (int i = 0; i < values.Length; i++) values[i] = (float)s[i];
        return CsrMatrix<float>.TakeOwnership(source.Rows, source.Cols, source.RowPointers.ToArray(), source.ColumnIndices.ToArray(), values);
    }

    private static Matrix<double> ToDouble<T>(Matrix<T> source) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (source is Matrix<double> same) return same;
        var result = new Matrix<double>(source.Rows, source.Cols);
        var s = source.AsSpan();
        var d = result.AsSpan();
        for (int i = 0; i < s.Length; i++) d[i] = double.CreateTruncating(s[i]);
        return result;
    }
}
