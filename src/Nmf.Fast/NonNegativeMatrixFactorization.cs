// The public entry point NonNegativeMatrixFactorization.Fit (not "Nmf": a type named like the root namespace could not be called from user code): validates, initialises, runs the chosen solver and measures the result.
using System.Diagnostics;
using System.Numerics;
using Nmf.Fast.Init;
using Nmf.Fast.Losses;
using Nmf.Fast.Memory;
using Nmf.Fast.Solvers;
using Nmf.Fast.Solvers.Accelerated;
using Nmf.Fast.Solvers.Hals;
using Nmf.Fast.Solvers.MultiplicativeUpdate;
using Nmf.Fast.Validation;

namespace Nmf.Fast;

/// <summary>
/// Non-negative matrix factorization X ≈ W·H (X m×n with samples as rows, W m×k, H k×n) with scikit-learn's
/// <c>NMF</c> semantics: same options, same initialisations from the same seed, same update rules and
/// stopping rules, so the same numbers.
/// </summary>
public static partial class NonNegativeMatrixFactorization
{
    /// <summary>Fits W and H to X.</summary>
    /// <param name="x">The data, m×n, non-negative and finite.</param>
    /// <param name="options">Rank, solver, loss, init and the rest (see <see cref="NmfOptions"/>).</param>
    /// <param name="progress">Receives the loss after each iteration (and for the initial factors).</param>
    /// <param name="cancellationToken">Stops the fit between iterations; the current factors are returned, not converged.</param>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <exception cref="ArgumentException">X or the options are invalid; the message names the value and, for X, the first bad position.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    /// <remarks>With <see cref="NmfOptions.Runs"/> &gt; 1 this is <c>FitRuns(x, options, progress: progress).Best</c> (progress then reports every run, see <see cref="NmfProgress.Run"/>).</remarks>
    public static NmfResult<T> Fit<T>(Matrix<T> x, NmfOptions options, IProgress<NmfProgress>? progress = null, CancellationToken cancellationToken = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        return Fit(x.AsReadOnlyMatrixSpan(), options, progress, cancellationToken);
    }

    /// <inheritdoc cref="Fit{T}(Matrix{T}, NmfOptions, IProgress{NmfProgress}?, CancellationToken)"/>
    public static NmfResult<T> Fit<T>(ReadOnlyMatrixSpan<T> x, NmfOptions options, IProgress<NmfProgress>? progress = null, CancellationToken cancellationToken = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireSupportedType<T>();
        if (options is { Runs: not 1 }) return FitRuns(x, options, keepAllRuns: false, progress, cancellationToken).Best;
        NmfOptionsValidator.ValidateOptions(options);
        NmfOptionsValidator.ValidateForData(options, x);

        var clock = Stopwatch.StartNew();
        int m = x.Rows, n = x.Cols, k = options.Rank;
        int seed = options.Seed ?? System.Random.Shared.Next();
        var w = new Matrix<T>(m, k);
        var h = new Matrix<T>(k, n);
        NmfInit init;
        if (options.Init == NmfInit.Custom)
        {
            init = NmfInit.Custom;
            Convert(options.InitialW!, w);
            Convert(options.InitialH!, h);
        }
        else
        {
            init = NmfInitializer.Resolve(options.Init, m, n, k);
            NmfInitializer.Initialize(x, init, seed, w, h, options.MaxDegreeOfParallelism);
        }

        var settings = SettingsFor(options, m, n, updateH: true);
        var monitor = StartMonitor(options, settings, DenseData.SquaredNorm(x), progress, cancellationToken, clock);
        var solver = ResolveSolver(options.Solver, options.Beta, m, n, k, sparse: false);
        var solverStart = clock.Elapsed;
        var (iterations, converged) = RunSolver(solver, x, w, h, settings, monitor, updateH: true);
        var solverElapsed = clock.Elapsed - solverStart;
        var (reconstructionError, relativeError) = Errors(x, w, h, options.Beta, options.MaxDegreeOfParallelism);
        clock.Stop();
        return Result(w, h, options, solver, init, seed, iterations, converged, reconstructionError, relativeError, monitor, clock.Elapsed, solverElapsed);
    }

    /// <summary>The iteration monitor of a fit, with the target-error stop armed when the loss allows it to be read from the Grams.</summary>
    private static IterationMonitor StartMonitor(NmfOptions options, SolverSettings settings, double xSquaredNorm,
        IProgress<NmfProgress>? progress, CancellationToken cancellationToken, Stopwatch clock)
    {
        var monitor = new IterationMonitor(progress, cancellationToken, options.TimeBudget, clock);
        monitor.UseTarget(new TargetError(options.TargetError, xSquaredNorm,
            options.Beta == NmfLoss.Frobenius && settings is { L1W: 0, L2W: 0, L1H: 0, L2H: 0 }));
        return monitor;
    }

    /// <summary>The result of a fit, dense or sparse: a reached target counts as converged; a cancelled or timed-out fit never does.</summary>
    private static NmfResult<T> Result<T>(Matrix<T> w, Matrix<T> h, NmfOptions options, NmfSolver solver, NmfInit init, int seed,
        int iterations, bool converged, double reconstructionError, double relativeError, IterationMonitor monitor, TimeSpan elapsed, TimeSpan solverElapsed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        DivergenceGuard.ThrowIfDiverged(w, h, solver, options.Beta, iterations);
        return new(w, new NmfModel<T>(h, options), iterations, (converged || monitor.TargetIteration is not null) && !monitor.StoppedEarly,
            reconstructionError, relativeError, monitor.Trace, seed, init, elapsed, solverElapsed)
        {
            Solver = solver,
            TargetIteration = monitor.TargetIteration,
            TargetElapsed = monitor.TargetElapsed,
        };
    }

    /// <summary>
    /// The solver that runs for <paramref name="solver"/> when the data are not at hand (Transform, which solves with H
    /// fixed): <see cref="NmfSolver.Auto"/> becomes ANLS for the Frobenius loss and MU otherwise (<see cref="AutoSolverRule"/>).
    /// </summary>
    internal static NmfSolver ResolveSolver(NmfSolver solver, double beta) =>
        solver != NmfSolver.Auto ? solver : AutoSolverRule.Resolve(beta);

    /// <summary>
    /// The solver a fit of an m×n X at rank k runs for <paramref name="solver"/>: <see cref="NmfSolver.Auto"/> becomes the
    /// one measured fastest to a target error for this loss, storage, rank and size (<see cref="AutoSolverRule"/>).
    /// </summary>
    internal static NmfSolver ResolveSolver(NmfSolver solver, double beta, int rows, int cols, int rank, bool sparse) =>
        solver != NmfSolver.Auto ? solver : AutoSolverRule.Resolve(beta, rows, cols, rank, sparse);

    /// <summary>The solver settings for an m×n X: scikit-learn's regularisation scaling (see <see cref="SolverSettings"/>).</summary>
    internal static SolverSettings SettingsFor(NmfOptions options, int m, int n, bool updateH)
    {
        double alphaW = options.AlphaW, alphaH = options.EffectiveAlphaH, l1 = options.L1Ratio;
        return new SolverSettings
        {
            MaxIterations = options.MaxIterations,
            Tolerance = options.Tolerance,
            Beta = options.Beta,
            L1W = n * alphaW * l1,
            L2W = n * alphaW * (1.0 - l1),
            L1H = updateH ? m * alphaH * l1 : 0,
            L2H = updateH ? m * alphaH * (1.0 - l1) : 0,
            MaxDegreeOfParallelism = options.MaxDegreeOfParallelism,
        };
    }

    /// <summary>W for new rows with H fixed; see <see cref="NmfModel{T}.Transform(ReadOnlyMatrixSpan{T}, IProgress{NmfProgress}?, CancellationToken)"/>.</summary>
    internal static Matrix<T> TransformCore<T>(ReadOnlyMatrixSpan<T> x, NmfModel<T> model, IProgress<NmfProgress>? progress, CancellationToken cancellationToken)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireSupportedType<T>();
        var options = model.Options;
        if (x.Cols != model.Features)
            throw new ArgumentException($"X has {x.Cols} columns but the model was fitted on {model.Features} features.", nameof(x));
        if (x.Rows == 0) throw new ArgumentException("X must have at least one row.", nameof(x));
        InputChecks.RequireNonNegativeFinite(x, "X", nameof(x));
        if (options.Beta <= 0 && InputChecks.HasZero(x))
            throw new ArgumentException($"With β = {options.Beta} ≤ 0 the loss is undefined where X is zero, and X contains zeros.", nameof(x));

        int m = x.Rows, k = model.Rank;
        var w = new Matrix<T>(m, k);
        // scikit-learn's _check_w_h for update_H=False: zeros for cd, √(mean(X)/k) for mu (which cannot leave 0).
        var solver = ResolveSolver(options.Solver, options.Beta);
        if (solver == NmfSolver.MultiplicativeUpdate)
            w.AsSpan().Fill(T.CreateTruncating(Math.Sqrt(DenseData.Mean(x) / k)));
        var settings = SettingsFor(options, m, model.Features, updateH: false);
        var monitor = new IterationMonitor(progress, cancellationToken, options.TimeBudget, Stopwatch.StartNew());
        var h = model.Components;
        RunSolver(solver, x, w, h, settings, monitor, updateH: false);
        return w;
    }

    private static (int Iterations, bool Converged) RunSolver<T>(NmfSolver solver, ReadOnlyMatrixSpan<T> x, Matrix<T> w, Matrix<T> h,
        SolverSettings settings, IterationMonitor monitor, bool updateH)
        where T : unmanaged, IFloatingPointIeee754<T> => solver switch
        {
            NmfSolver.Hals => HalsSolver.Run(x, w.AsMatrixSpan(), h.AsMatrixSpan(), settings, monitor, updateH),
            NmfSolver.MultiplicativeUpdate => MultiplicativeUpdateSolver.Run(x, w.AsMatrixSpan(), h.AsMatrixSpan(), settings, monitor, updateH),
            NmfSolver.HalsAccelerated => AcceleratedHalsSolver.Run(x, w.AsMatrixSpan(), h.AsMatrixSpan(), settings, monitor, exact: false, extrapolate: true, updateH),
            NmfSolver.Anls => AcceleratedHalsSolver.Run(x, w.AsMatrixSpan(), h.AsMatrixSpan(), settings, monitor, exact: true, extrapolate: true, updateH),
            _ => throw new ArgumentOutOfRangeException(nameof(solver), solver, "Unknown solver."),
        };

    /// <summary>scikit-learn's reconstruction_err_ = √(2·D_β) and ‖X − WH‖_F / ‖X‖_F.</summary>
    private static (double Reconstruction, double Relative) Errors<T>(ReadOnlyMatrixSpan<T> x, Matrix<T> w, Matrix<T> h, double beta, int dop)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double residual = DenseData.SquaredResidual(x, w.AsReadOnlyMatrixSpan(), h.AsReadOnlyMatrixSpan(), dop);
        double xNorm = Math.Sqrt(DenseData.SquaredNorm(x));
        double relative = xNorm == 0 ? 0 : Math.Sqrt(residual) / xNorm;
        double reconstruction = beta == NmfLoss.Frobenius
            ? Math.Sqrt(residual)
            : BetaDivergence.ErrorFromDivergence(BetaDivergence.Compute(x, w.AsReadOnlyMatrixSpan(), h.AsReadOnlyMatrixSpan(), beta, dop));
        return (reconstruction, relative);
    }

    private static void Convert<T>(Matrix<double> source, Matrix<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var s = source.AsSpan();
        var d = destination.AsSpan();
        for (int i = 0; i < s.Length; i++) d[i] = T.CreateTruncating(s[i]);
    }

    private static void RequireSupportedType<T>()
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
            throw new NotSupportedException($"Nmf works on float or double matrices, not {typeof(T).Name}.");
    }
}
