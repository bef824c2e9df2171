// NonNegativeMatrixFactorization.Fit on a CSR X: the same init and solver loops as dense through CsrFitData, never an m×n buffer.
using System.Diagnostics;
using System.Numerics;
using Nmf.Fast.Init;
using Nmf.Fast.Losses;
using Nmf.Fast.Memory;
using Nmf.Fast.Solvers;
using Nmf.Fast.Solvers.Accelerated;
using Nmf.Fast.Solvers.Data;
using Nmf.Fast.Solvers.Hals;
using Nmf.Fast.Solvers.MultiplicativeUpdate;
using Nmf.Fast.Validation;

namespace Nmf.Fast;

public static partial class NonNegativeMatrixFactorization
{
    /// <summary>
    /// Fits W and H to a sparse X (CSR) without densifying it: the same options, initialisations, update rules
    /// and stopping rules as the dense overload (scikit-learn's semantics on a SciPy sparse matrix), with the
    /// products over the stored entries only. Extra memory is O(nnz + (m + n)·k).
    /// </summary>
    /// <param name="x">The data, m×n, stored values non-negative and finite (missing entries are zeros).</param>
    /// <param name="options">As for the dense overload: every solver and, with multiplicative updates, every β.</param>
    /// <param name="progress">Receives the loss after each iteration (and for the initial factors).</param>
    /// <param name="cancellationToken">Stops the fit between iterations; the current factors are returned, not converged.</param>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <exception cref="ArgumentException">X or the options are invalid (β ≤ 0 is rejected whenever X has a zero entry).</exception>
    public static NmfResult<T> Fit<T>(CsrMatrix<T> x, NmfOptions options, IProgress<NmfProgress>? progress = null, CancellationToken cancellationToken = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        RequireSupportedType<T>();
        if (options is { Runs: not 1 }) return FitRuns(x, options, keepAllRuns: false, progress, cancellationToken).Best;
        // The fit's clock (trace seconds, Elapsed) includes checking X and the options, as a peer's fit call does.
        var clock = Stopwatch.StartNew();
        NmfOptionsValidator.ValidateOptions(options);
        NmfOptionsValidator.ValidateForData(options, x);
        var solver = ResolveSolver(options.Solver, options.Beta, x.Rows, x.Cols, options.Rank, sparse: true);

        int m = x.Rows, n = x.Cols, k = options.Rank;
        int seed = options.Seed ?? System.Random.Shared.Next();
        var data = new CsrFitData<T>(x);
        var w = new Matrix<T>(m, k);
        var h = new Matrix<T>(k, n);
        NmfInit init;
        // HALS reads W₀ once, transposing it into its Wᵀ, and uses w only as its row-major panel: a float64 W₀ given in
        // memory needs no copy into w first.
        var initialW = w;
        if (options.Init == NmfInit.Custom)
        {
            init = NmfInit.Custom;
            if (solver == NmfSolver.Hals && options.InitialW is Matrix<T> sameType) initialW = sameType;
            else Convert(options.InitialW!, w);
            Convert(options.InitialH!, h);
        }
        else
        {
            init = NmfInitializer.Resolve(options.Init, m, n, k);
            NmfInitializer.Initialize(data, init, seed, w.AsMatrixSpan(), h.AsMatrixSpan(), options.MaxDegreeOfParallelism);
        }

        var settings = SettingsFor(options, m, n, updateH: true);
        var monitor = StartMonitor(options, settings, data.SquaredNorm(), progress, cancellationToken, clock);
        var solverStart = clock.Elapsed;
        var (iterations, converged) = solver switch
        {
            NmfSolver.Hals => HalsSolver.Run(data, initialW, w, h, settings, monitor),
            NmfSolver.HalsAccelerated => AcceleratedHalsSolver.Run(data, w.AsMatrixSpan(), h.AsMatrixSpan(), settings, monitor, exact: false, extrapolate: true),
            NmfSolver.Anls => AcceleratedHalsSolver.Run(data, w.AsMatrixSpan(), h.AsMatrixSpan(), settings, monitor, exact: true, extrapolate: true),
            NmfSolver.MultiplicativeUpdate => SparseMultiplicativeUpdate.Run(data, w, h, settings, monitor),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Solver, "Unknown solver."),
        };
        var solverElapsed = clock.Elapsed - solverStart;
        var (reconstructionError, relativeError) = SparseErrors(data, w, h, options.Beta, options.MaxDegreeOfParallelism);
        clock.Stop();
        return Result(w, h, options, solver, init, seed, iterations, converged, reconstructionError, relativeError, monitor, clock.Elapsed, solverElapsed);
    }

    /// <summary>
    /// W for new sparse rows with H fixed (<see cref="NmfModel{T}.Transform(CsrMatrix{T}, IProgress{NmfProgress}?, CancellationToken)"/>):
    /// the dense TransformCore's rules — W₀ = 0 for the HALS family, √(mean(X)/k) for MU (mean over all m×n entries) — on
    /// the CSR products; Xᵀ is never built because H does not change.
    /// </summary>
    internal static Matrix<T> TransformCore<T>(CsrMatrix<T> x, NmfModel<T> model, IProgress<NmfProgress>? progress, CancellationToken cancellationToken)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        RequireSupportedType<T>();
        var options = model.Options;
        if (x.Cols != model.Features)
            throw new ArgumentException($"X has {x.Cols} columns but the model was fitted on {model.Features} features.", nameof(x));
        if (x.Rows == 0) throw new ArgumentException("X must have at least one row.", nameof(x));
        // The data checks of a fit (values, β ≤ 0 with zeros) without its initialisation rules, which concern W₀/H₀ of the fit.
        NmfOptionsValidator.ValidateForData(options with { Init = NmfInit.Random, InitialW = null, InitialH = null }, x);

        int m = x.Rows, k = model.Rank;
        var data = new CsrFitData<T>(x);
        var w = new Matrix<T>(m, k);
        var solver = ResolveSolver(options.Solver, options.Beta);
        if (solver == NmfSolver.MultiplicativeUpdate)
            w.AsSpan().Fill(T.CreateTruncating(Math.Sqrt(double.CreateTruncating(data.Mean()) / k)));
        var settings = SettingsFor(options, m, model.Features, updateH: false);
        var monitor = new IterationMonitor(progress, cancellationToken, options.TimeBudget, Stopwatch.StartNew());
        var h = model.Components;
        _ = solver switch
        {
            NmfSolver.Hals => HalsSolver.Run(data, w.AsMatrixSpan(), h.AsMatrixSpan(), settings, monitor, updateH: false),
            NmfSolver.HalsAccelerated => AcceleratedHalsSolver.Run(data, w.AsMatrixSpan(), h.AsMatrixSpan(), settings, monitor, exact: false, extrapolate: true, updateH: false),
            NmfSolver.Anls => AcceleratedHalsSolver.Run(data, w.AsMatrixSpan(), h.AsMatrixSpan(), settings, monitor, exact: true, extrapolate: true, updateH: false),
            NmfSolver.MultiplicativeUpdate => SparseMultiplicativeUpdate.Run(data, w, h, settings, monitor, updateH: false),
            _ => throw new ArgumentOutOfRangeException(nameof(model), options.Solver, "Unknown solver."),
        };
        return w;
    }

    /// <summary>reconstruction_err_ and ‖X − WH‖_F / ‖X‖_F from the stored entries and k×k Grams only.</summary>
    private static (double Reconstruction, double Relative) SparseErrors<T>(CsrFitData<T> data, Matrix<T> w, Matrix<T> h, double beta, int dop)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double xNormSq = data.SquaredNorm();
        double residual = SparseLosses.SquaredResidual(data.Matrix, w, h, dop);
        double relative = xNormSq == 0 ? 0 : Math.Sqrt(residual / xNormSq);
        double reconstruction = beta == NmfLoss.Frobenius
            ? Math.Sqrt(residual)
            : BetaDivergence.ErrorFromDivergence(SparseLosses.Divergence(data, w, h, beta, dop));
        return (reconstruction, relative);
    }
}
