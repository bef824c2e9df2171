// Runs N seeded fits of one X (concurrently or one after another), scores each by its objective and keeps the best.
using System.Diagnostics;
using System.Numerics;
using Nmf.Fast.Losses;
using Nmf.Fast.Memory;
using Nmf.Fast.Randomness;
using Nmf.Fast.Threading;

namespace Nmf.Fast.ModelSelection;

/// <summary>
/// The engine of <see cref="NonNegativeMatrixFactorization.FitRuns{T}(Memory.Matrix{T}, NmfOptions, bool, IProgress{NmfProgress}?, CancellationToken)"/>.
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
    /// <param name="progress">Receives every run's progress, one report at a time, tagged as <see cref="NmfProgress.Run"/> describes; may be null.</param>
    /// <param name="cancellationToken">Stops every fit between iterations; runs not yet started still run their initialisation.</param>
    public static MultiRunResult<T> Run<T, TFitter>(TFitter fitter, int rows, int cols, long entries, NmfOptions options, bool keepAllRuns,
        Action<int, NmfResult<T>>? onRun, bool? forceConcurrent, IProgress<NmfProgress>? progress, CancellationToken cancellationToken)
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
        var sink = new RunSink<T>(runs, keepAllRuns, onRun, NonNegativeMatrixFactorization.SettingsFor(runOptions, rows, cols, updateH: true),
            progress, clock);
        // Results keep the caller's degree of parallelism (a model's Transform uses it), not the 1 of a concurrent run.
        var recordedOptions = runOptions with { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism };
        var queue = new RunQueue<T, TFitter>(fitter, runOptions, recordedOptions, seeds, sink, cancellationToken);
        if (concurrent)
            ParallelRange.For(RestartScheduling.Workers(runs, options.MaxDegreeOfParallelism), 1, options.MaxDegreeOfParallelism, new RunWorkers<T, TFitter>(queue));
        else
            queue.Work();
        clock.Stop();
        return new MultiRunResult<T>(sink.Best!, sink.BestRun, baseSeed, seeds, sink.Objectives, sink.AllRuns, concurrent, clock.Elapsed);
    }

    /// <summary>The objective of a finished fit: D_β = ½·reconstruction_err_² plus the regularisation penalty.</summary>
    internal static double Objective<T>(NmfResult<T> result, Solvers.SolverSettings settings) where T : unmanaged, IFloatingPointIeee754<T> =>
        0.5 * result.ReconstructionError * result.ReconstructionError
        + BetaDivergence.Penalty<T>(result.W.AsReadOnlyMatrixSpan(), result.H.AsReadOnlyMatrixSpan(), settings);

    /// <summary>
    /// Hands out run indices from one atomic counter: each worker takes the next run when it finishes one, so runs of
    /// unequal length (stopped by the tolerance at different iterations) keep every worker busy to the end. A run's
    /// result depends only on its index (its seed), never on which worker fitted it or in what order, and results are
    /// stored by index, so the output is the same for every schedule and thread count. Each worker fits its runs inside
    /// one <see cref="WorkspaceReuse"/> scope, so it allocates the solver workspace once, not once per run.
    /// </summary>
    private sealed class RunQueue<T, TFitter>(TFitter fitter, NmfOptions options, NmfOptions recordedOptions, int[] seeds, RunSink<T> sink,
        CancellationToken cancellationToken)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TFitter : struct, IRunFitter<T>
    {
        private int _next;
        private volatile bool _failed;

        /// <summary>Fits runs until none is left (or another worker's run threw); called once per worker.</summary>
        public void Work()
        {
            using var reuse = WorkspaceReuse.Open();
            while (!_failed)
            {
                int run = Interlocked.Increment(ref _next) - 1;
                if (run >= seeds.Length) return;
                try
                {
                    var result = fitter.Fit(options with { Seed = seeds[run] }, sink.ProgressFor(run), cancellationToken);
                    if (options.MaxDegreeOfParallelism != recordedOptions.MaxDegreeOfParallelism)
                        result = WithOptions(result, recordedOptions with { Seed = seeds[run] });
                    sink.Add(run, result);
                }
                catch
                {
                    _failed = true; // the other workers stop taking runs; the pool rethrows this on the calling thread
                    throw;
                }
            }
        }
    }

    /// <summary>Part w of the concurrent region is worker w draining the shared <see cref="RunQueue{T, TFitter}"/>.</summary>
    private readonly struct RunWorkers<T, TFitter>(RunQueue<T, TFitter> queue) : IRangeAction
        where T : unmanaged, IFloatingPointIeee754<T>
        where TFitter : struct, IRunFitter<T>
    {
        public void Invoke(int start, int end)
        {
            for (int worker = start; worker < end; worker++) queue.Work();
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

    /// <summary>
    /// Collects finished runs from any thread: objectives always, the best by (objective, run index), all when asked; and
    /// forwards progress to the caller's <see cref="IProgress{T}"/> one report at a time (under the same lock), so that
    /// the caller needs no locking and <see cref="NmfProgress.RunsFinished"/> never decreases from one report to the next.
    /// </summary>
    private sealed class RunSink<T>(int runs, bool keepAll, Action<int, NmfResult<T>>? onRun, Solvers.SolverSettings settings,
        IProgress<NmfProgress>? progress, Stopwatch clock)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly Lock _gate = new();
        private int _finished;

        public double[] Objectives { get; } = new double[runs];
        public NmfResult<T>[]? AllRuns { get; } = keepAll ? new NmfResult<T>[runs] : null;
        public NmfResult<T>? Best { get; private set; }
        public int BestRun { get; private set; } = -1;

        /// <summary>The progress a run's fit reports to: null without a caller's progress (no cost), else one small object per run.</summary>
        public IProgress<NmfProgress>? ProgressFor(int run) => progress is null ? null : new RunProgress<T>(this, run);

        /// <summary>One report of run <paramref name="run"/>'s fit, tagged with the state of all runs.</summary>
        public void Report(int run, NmfProgress point)
        {
            lock (_gate) progress!.Report(Tagged(point, run));
        }

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
                _finished++;
                progress?.Report(Tagged(new NmfProgress(result.Iterations, objective, TimeSpan.Zero) { RelativeError = result.RelativeError }, run));
            }
        }

        /// <summary>A run's point as the caller sees it (call under the lock): elapsed time since all runs started, the run counts and the best so far.</summary>
        private NmfProgress Tagged(NmfProgress point, int run) => point with
        {
            Elapsed = clock.Elapsed,
            Run = run,
            Runs = runs,
            RunsFinished = _finished,
            BestLoss = Best is null ? double.NaN : Objectives[BestRun],
        };
    }

    /// <summary>Forwards one run's reports to the sink; allocated once per run, and only when the caller asked for progress.</summary>
    private sealed class RunProgress<T>(RunSink<T> sink, int run) : IProgress<NmfProgress> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Report(NmfProgress value) => sink.Report(run, value);
    }
}
