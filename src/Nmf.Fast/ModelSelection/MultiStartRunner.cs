// Runs N seeded fits of one X (concurrently or one after another), scores each by its objective and keeps the best.
using System.Diagnostics;
using System.Numerics;
using Nmf.Fast.Losses;
using Nmf.Fast.Randomness;
using Nmf.Fast.Threading;

namespace Nmf.Fast.ModelSelection;

/// <summary>
/// The engine of <see cref="NonNegativeMatrixFactorization.FitRuns{T}(Memory.Matrix{T}, NmfOptions, bool, CancellationToken)"/>.
/// Run r uses seed <c>RestartSeeds(Seed)[r]</c> and nothing else that depends on the schedule, and every fit gives the
/// same numbers for any degree of parallelism, so the set of runs (and the best) is the same whatever the thread count.
/// </summary>
internal static class MultiStartRunner
{
    /// <summary>Validates the multi-run options (the fits validate the rest) and runs them.</summary>
    /// <param name="fitter">Fits X once with given options.</param>
    /// <param name="rows">m, for the regularisation scaling of the objective.</param>
    /// <param name="cols">n, likewise.</param>
    /// <param name="entries">Dense m·n or the stored entries of a sparse X (for <see cref="RestartScheduling"/>).</param>
    /// <param name="options">The options; Runs ≥ 1.</param>
    /// <param name="keepAllRuns">Keep every run's result rather than only the best.</param>
    /// <param name="onRun">Called once per finished run (from worker threads, in any order) with its index and result.</param>
    /// <param name="forceConcurrent">Tests only: null schedules by <see cref="RestartScheduling"/>; true or false forces it.</param>
    /// <param name="cancellationToken">Stops every fit between iterations; runs not yet started still run their initialisation.</param>
    public static MultiRunResult<T> Run<T, TFitter>(TFitter fitter, int rows, int cols, long entries, NmfOptions options, bool keepAllRuns,
        Action<int, NmfResult<T>>? onRun, bool? forceConcurrent, CancellationToken cancellationToken)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TFitter : struct, IRunFitter<T>
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Runs < 1) throw new ArgumentOutOfRangeException(nameof(options), options.Runs, $"Runs must be at least 1, got {options.Runs}.");
        if (options.Init == NmfInit.Custom && options.Runs > 1)
            throw new ArgumentException($"Runs = {options.Runs} with Init = Custom would repeat the same fit {options.Runs} times; use a random init for restarts.", nameof(options));
        if (options.Seed is < 0) throw new ArgumentOutOfRangeException(nameof(options), options.Seed, $"Seed must be non-negative, got {options.Seed}.");

        var clock = Stopwatch.StartNew();
        int runs = options.Runs;
        int baseSeed = options.Seed ?? Random.Shared.Next();
        var seeds = new int[runs];
        RestartSeeds.Derive(baseSeed, seeds);
        bool concurrent = forceConcurrent ?? RestartScheduling.RunConcurrently(runs, entries, options.MaxDegreeOfParallelism);
        var runOptions = options with
        {
            Runs = 1,
            Init = options.Init == NmfInit.Auto ? NmfInit.Random : options.Init,
            MaxDegreeOfParallelism = concurrent ? 1 : options.MaxDegreeOfParallelism,
        };
        fitter.Validate(runOptions);
        var sink = new RunSink<T>(runs, keepAllRuns, onRun, NonNegativeMatrixFactorization.SettingsFor(runOptions, rows, cols, updateH: true));
        // Results keep the caller's degree of parallelism (a model's Transform uses it), not the 1 of a concurrent run.
        var recordedOptions = runOptions with { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism };
        var action = new RunAction<T, TFitter>(fitter, runOptions, recordedOptions, seeds, sink, cancellationToken);
        if (concurrent)
            ParallelRange.For(runs, 1, options.MaxDegreeOfParallelism, action, chunksPerWorker: runs); // one run per chunk, taken as workers free up
        else
            action.Invoke(0, runs);
        clock.Stop();
        return new MultiRunResult<T>(sink.Best!, sink.BestRun, baseSeed, seeds, sink.Objectives, sink.AllRuns, concurrent, clock.Elapsed);
    }

    /// <summary>The objective of a finished fit: D_β = ½·reconstruction_err_² plus the regularisation penalty.</summary>
    internal static double Objective<T>(NmfResult<T> result, Solvers.SolverSettings settings) where T : unmanaged, IFloatingPointIeee754<T> =>
        0.5 * result.ReconstructionError * result.ReconstructionError
        + BetaDivergence.Penalty<T>(result.W.AsReadOnlyMatrixSpan(), result.H.AsReadOnlyMatrixSpan(), settings);

    /// <summary>Fits runs [start, end), each from its own seed, and records each with <paramref name="recordedOptions"/> and its seed.</summary>
    private readonly struct RunAction<T, TFitter>(TFitter fitter, NmfOptions options, NmfOptions recordedOptions, int[] seeds, RunSink<T> sink,
        CancellationToken cancellationToken) : IRangeAction
        where T : unmanaged, IFloatingPointIeee754<T>
        where TFitter : struct, IRunFitter<T>
    {
        public void Invoke(int start, int end)
        {
            for (int run = start; run < end; run++)
            {
                var result = fitter.Fit(options with { Seed = seeds[run] }, cancellationToken);
                if (options.MaxDegreeOfParallelism != recordedOptions.MaxDegreeOfParallelism)
                    result = WithOptions(result, recordedOptions with { Seed = seeds[run] });
                sink.Add(run, result);
            }
        }
    }

    /// <summary>The same result (same factor matrices, no copy) recorded with other options.</summary>
    private static NmfResult<T> WithOptions<T>(NmfResult<T> r, NmfOptions options) where T : unmanaged, IFloatingPointIeee754<T> =>
        new(r.W, new NmfModel<T>(r.H, options), r.Iterations, r.Converged, r.ReconstructionError, r.RelativeError, r.Trace, r.Seed, r.Init,
            r.Elapsed, r.SolverElapsed)
        {
            Solver = r.Solver,
            TargetIteration = r.TargetIteration,
            TargetElapsed = r.TargetElapsed,
        };

    /// <summary>Collects finished runs from any thread: objectives always, the best by (objective, run index), all when asked.</summary>
    private sealed class RunSink<T>(int runs, bool keepAll, Action<int, NmfResult<T>>? onRun, Solvers.SolverSettings settings)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly Lock _gate = new();

        public double[] Objectives { get; } = new double[runs];
        public NmfResult<T>[]? AllRuns { get; } = keepAll ? new NmfResult<T>[runs] : null;
        public NmfResult<T>? Best { get; private set; }
        public int BestRun { get; private set; } = -1;

        public void Add(int run, NmfResult<T> result)
        {
            double objective = Objective(result, settings);
            Objectives[run] = objective;
            if (AllRuns is not null) AllRuns[run] = result;
            onRun?.Invoke(run, result);
            lock (_gate)
            {
                // Order-free rule (lowest objective, then lowest index), so the schedule cannot change the winner.
                if (Best is null || objective < Objectives[BestRun] || (objective == Objectives[BestRun] && run < BestRun))
                {
                    Best = result;
                    BestRun = run;
                }
            }
        }
    }
}
