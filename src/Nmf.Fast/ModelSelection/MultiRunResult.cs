// The outcome of a multi-start fit: the best run, every run's seed and objective, and optionally every run.
using System.Numerics;

namespace Nmf.Fast.ModelSelection;

/// <summary>
/// What <see cref="NonNegativeMatrixFactorization.FitRuns{T}(Memory.Matrix{T}, NmfOptions, bool, IProgress{NmfProgress}?, CancellationToken)"/>
/// returns: the run with the lowest objective (ties go to the lowest run index), and per run its seed and objective.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class MultiRunResult<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal MultiRunResult(NmfResult<T> best, int bestRun, int baseSeed, int[] seeds, double[] objectives,
        NmfResult<T>[]? allRuns, bool concurrent, TimeSpan elapsed)
    {
        Best = best;
        BestRun = bestRun;
        BaseSeed = baseSeed;
        Seeds = seeds;
        Objectives = objectives;
        AllRuns = allRuns;
        Concurrent = concurrent;
        Elapsed = elapsed;
    }

    /// <summary>The run with the lowest <see cref="Objectives"/> value.</summary>
    public NmfResult<T> Best { get; }

    /// <summary>The index of <see cref="Best"/> among the runs (0-based).</summary>
    public int BestRun { get; }

    /// <summary>The seed the run seeds were derived from: <see cref="NmfOptions.Seed"/>, or the one drawn when it was null.</summary>
    public int BaseSeed { get; }

    /// <summary>Run r's seed (pass it as <see cref="NmfOptions.Seed"/> with Runs = 1 and Init = Random to replay run r alone).</summary>
    public IReadOnlyList<int> Seeds { get; }

    /// <summary>
    /// Run r's final objective: D_β(X‖WH) (½‖X − WH‖²_F for β = 2) plus the regularisation penalty, the quantity the
    /// solvers minimise and <see cref="NmfProgress.Loss"/> reports.
    /// </summary>
    public IReadOnlyList<double> Objectives { get; }

    /// <summary>Every run in run order when the fit was asked to keep them; null otherwise.</summary>
    public IReadOnlyList<NmfResult<T>>? AllRuns { get; }

    /// <summary>True when runs ran concurrently, one single-threaded fit per core; false when they ran one after another,
    /// each using up to <see cref="NmfOptions.MaxDegreeOfParallelism"/> threads. The results are the same either way.</summary>
    public bool Concurrent { get; }

    /// <summary>Wall-clock time of all runs together.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>The number of runs.</summary>
    public int Count => Seeds.Count;
}
