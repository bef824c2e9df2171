// NonNegativeMatrixFactorization.Fit with missing entries or per-entry weights: dense X with NmfWeights, sparse X with SparseObservation.
using System.Diagnostics;
using System.Numerics;
using Nmf.Fast.Init;
using Nmf.Fast.Losses;
using Nmf.Fast.Memory;
using Nmf.Fast.Missing;
using Nmf.Fast.Solvers;
using Nmf.Fast.Solvers.Data;
using Nmf.Fast.Validation;

namespace Nmf.Fast;

public static partial class NonNegativeMatrixFactorization
{
    /// <summary>
    /// Fits W and H to the observed entries of X, each weighted: minimises ½·Σ ωᵢⱼ(xᵢⱼ − (WH)ᵢⱼ)² (Frobenius, by HALS with
    /// a Gram per row) or Σ ωᵢⱼ·d_β(xᵢⱼ | (WH)ᵢⱼ) (any β, by weighted multiplicative updates), plus the usual penalties.
    /// Entries with ω = 0 are missing: never read (NaN allowed there). Uniform weights give exactly the unweighted fit
    /// (with the penalties divided by the common weight, which is the same problem); a row or column with no observed entry
    /// gets a zero factor row and a line in <see cref="NmfResult{T}.Warnings"/>. See docs/missing-values.md.
    /// </summary>
    /// <param name="x">The data, m×n; non-negative and finite wherever the weight is positive.</param>
    /// <param name="weights">Ω, m×n (<see cref="NmfWeights{T}.MissingWhereNaN(Matrix{T})"/> makes NaN mean missing).</param>
    /// <param name="options">As for the unweighted fit. HALS, accelerated HALS and ANLS all run the weighted HALS; Auto picks it for β = 2, MU otherwise.</param>
    /// <param name="progress">Receives the weighted loss after each iteration (and for the initial factors).</param>
    /// <param name="cancellationToken">Stops the fit between iterations; the current factors are returned, not converged.</param>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <exception cref="ArgumentException">The weights do not have X's shape, every entry is missing, an observed entry is invalid, or the options are invalid.</exception>
    public static NmfResult<T> Fit<T>(Matrix<T> x, NmfWeights<T> weights, NmfOptions options, IProgress<NmfProgress>? progress = null, CancellationToken cancellationToken = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weights);
        RequireSupportedType<T>();
        NmfOptionsValidator.ValidateOptions(options);
        var problem = WeightedProblem<T>.Create(x.AsReadOnlyMatrixSpan(), weights, options.Beta, nameof(x), nameof(weights));
        if (weights.IsUniform(out T common))
            return UniformlyWeighted(x, double.CreateTruncating(common), options, progress, cancellationToken);
        // The zero-filled X stands in for X in the data checks (missing entries are 0 there; the β ≤ 0 rule on observed zeros was checked above).
        NmfOptionsValidator.ValidateForData(options.Beta <= 0 ? options with { Beta = NmfLoss.KullbackLeibler } : options, problem.ZeroFilled.AsReadOnlyMatrixSpan());

        var clock = Stopwatch.StartNew();
        int m = x.Rows, n = x.Cols;
        var (w, h, init, seed) = InitialFactors<T>(options, m, n, (method, s, wm, hm) =>
            NmfInitializer.Initialize(problem.ZeroFilled.AsReadOnlyMatrixSpan(), method, s, wm, hm, options.MaxDegreeOfParallelism));
        var settings = SettingsFor(options, m, n, updateH: true);
        var monitor = StartMonitor(options, settings, problem.WeightedSquaredNorm, progress, cancellationToken, clock);
        var solver = ResolveSolver(options.Solver, options.Beta) == NmfSolver.MultiplicativeUpdate ? NmfSolver.MultiplicativeUpdate : NmfSolver.Hals;
        var (rows, cols) = problem.Lists(withColumns: true);
        var solverStart = clock.Elapsed;
        var (iterations, converged) = solver == NmfSolver.Hals
            ? MaskedHalsSolver.Run<T>(new DenseWeightedData<T>(problem.Weighted, problem.WeightedSquaredNorm, keepTranspose: true), rows, cols,
                w.AsMatrixSpan(), h.AsMatrixSpan(), settings, monitor, updateH: true)
            : MaskedMultiplicativeUpdate.Run<T>(problem.ZeroFilled, weights.AsReadOnlyMatrixSpan(), w.AsMatrixSpan(), h.AsMatrixSpan(), settings, monitor, updateH: true);
        var solverElapsed = clock.Elapsed - solverStart;
        double squared = 2 * WeightedDivergence.Dense<T>(problem.ZeroFilled.AsReadOnlyMatrixSpan(), weights.AsReadOnlyMatrixSpan(), w.AsReadOnlyMatrixSpan(),
            h.AsReadOnlyMatrixSpan(), NmfLoss.Frobenius, options.MaxDegreeOfParallelism);
        double reconstruction = options.Beta == NmfLoss.Frobenius
            ? Math.Sqrt(squared)
            : BetaDivergence.ErrorFromDivergence(WeightedDivergence.Dense<T>(problem.ZeroFilled.AsReadOnlyMatrixSpan(), weights.AsReadOnlyMatrixSpan(),
                w.AsReadOnlyMatrixSpan(), h.AsReadOnlyMatrixSpan(), options.Beta, options.MaxDegreeOfParallelism));
        clock.Stop();
        return Result(w, h, options, solver, init, seed, iterations, converged, reconstruction,
            TargetError.FromSquaredResidual(squared, problem.WeightedSquaredNorm), monitor, clock.Elapsed, solverElapsed).Rebuilt(null, UnobservedWarnings(rows, cols));
    }

    /// <summary>
    /// Fits a sparse X where <paramref name="observation"/> says what the absent entries mean:
    /// <see cref="SparseObservation.ZerosObserved"/> is the ordinary sparse fit; <see cref="SparseObservation.StoredEntriesOnly"/>
    /// fits only the stored entries (the recommender case) by weighted HALS with a Gram per row built from that row's stored
    /// entries (or as a correction of the full Gram when the row is nearly full). Frobenius loss only for stored-entries fits.
    /// </summary>
    /// <param name="x">The data, m×n; stored values non-negative and finite.</param>
    /// <param name="observation">What an absent entry means.</param>
    /// <param name="options">As for the sparse fit.</param>
    /// <param name="progress">Receives the loss over the observed entries after each iteration.</param>
    /// <param name="cancellationToken">Stops the fit between iterations; the current factors are returned, not converged.</param>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <exception cref="ArgumentException">X has no stored entry (with <see cref="SparseObservation.StoredEntriesOnly"/>) or the options or values are invalid.</exception>
    /// <exception cref="NotSupportedException">A β other than 2 with <see cref="SparseObservation.StoredEntriesOnly"/>.</exception>
    public static NmfResult<T> Fit<T>(CsrMatrix<T> x, SparseObservation observation, NmfOptions options, IProgress<NmfProgress>? progress = null, CancellationToken cancellationToken = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        if (observation == SparseObservation.ZerosObserved) return Fit(x, options, progress, cancellationToken);
        if (observation != SparseObservation.StoredEntriesOnly) throw new ArgumentOutOfRangeException(nameof(observation), observation, "Unknown observation mode.");
        RequireSupportedType<T>();
        NmfOptionsValidator.ValidateOptions(options);
        NmfOptionsValidator.ValidateForData(options, x);
        if (options.Beta != NmfLoss.Frobenius)
            throw new NotSupportedException($"Fitting only the stored entries of a sparse X supports the Frobenius loss (β = 2), got β = {options.Beta}; densify X and use NmfWeights for other β.");
        if (x.NonZeroCount == 0)
            throw new ArgumentException($"The {x.Rows}×{x.Cols} sparse X stores no entry, so with StoredEntriesOnly every entry is missing.", nameof(x));

        var clock = Stopwatch.StartNew();
        int m = x.Rows, n = x.Cols;
        var fitData = new CsrFitData<T>(x);
        var (w, h, init, seed) = InitialFactors<T>(options, m, n, (method, s, wm, hm) =>
            NmfInitializer.Initialize(fitData, method, s, wm.AsMatrixSpan(), hm.AsMatrixSpan(), options.MaxDegreeOfParallelism));
        var settings = SettingsFor(options, m, n, updateH: true);
        var data = new StoredEntriesData<T>(x, fitData.Transposed);
        var monitor = StartMonitor(options, settings, data.WeightedSquaredNorm, progress, cancellationToken, clock);
        var rows = ObservationLists<T>.FromStoredEntries(x);
        var cols = ObservationLists<T>.FromStoredEntries(fitData.Transposed);
        var solverStart = clock.Elapsed;
        var (iterations, converged) = MaskedHalsSolver.Run<T>(data, rows, cols, w.AsMatrixSpan(), h.AsMatrixSpan(), settings, monitor, updateH: true);
        var solverElapsed = clock.Elapsed - solverStart;
        double squared = 2 * WeightedDivergence.StoredEntries<T>(x, w.AsReadOnlyMatrixSpan(), h.AsReadOnlyMatrixSpan(), NmfLoss.Frobenius);
        clock.Stop();
        return Result(w, h, options, NmfSolver.Hals, init, seed, iterations, converged, Math.Sqrt(squared),
            TargetError.FromSquaredResidual(squared, data.WeightedSquaredNorm), monitor, clock.Elapsed, solverElapsed).Rebuilt(null, UnobservedWarnings(rows, cols));
    }

    /// <summary>All weights equal c &gt; 0: c·loss + penalty has the minimiser of loss + penalty / c, so run the unweighted fit with scaled α.</summary>
    private static NmfResult<T> UniformlyWeighted<T>(Matrix<T> x, double common, NmfOptions options, IProgress<NmfProgress>? progress, CancellationToken cancellationToken)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (common == 1) return Fit(x, options, progress, cancellationToken);
        var scaled = options with { AlphaW = options.AlphaW / common, AlphaH = options.EffectiveAlphaH / common };
        return Fit(x, scaled, progress, cancellationToken).Rebuilt(options, []);
    }

    /// <summary>A copy of <paramref name="r"/> with other model options (null keeps them) and the given warnings.</summary>
    private static NmfResult<T> Rebuilt<T>(this NmfResult<T> r, NmfOptions? options, IReadOnlyList<string> warnings)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        new(r.W, options is null ? r.Model : new NmfModel<T>(r.H, options), r.Iterations, r.Converged, r.ReconstructionError, r.RelativeError,
            r.Trace, r.Seed, r.Init, r.Elapsed, r.SolverElapsed)
        {
            Solver = r.Solver,
            TargetIteration = r.TargetIteration,
            TargetElapsed = r.TargetElapsed,
            Warnings = warnings,
        };

    /// <summary>W₀ and H₀ from the options (custom) or the chosen initialisation.</summary>
    private static (Matrix<T> W, Matrix<T> H, NmfInit Init, int Seed) InitialFactors<T>(NmfOptions options, int m, int n,
        Action<NmfInit, int, Matrix<T>, Matrix<T>> initialize)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = options.Rank;
        int seed = options.Seed ?? System.Random.Shared.Next();
        var w = new Matrix<T>(m, k);
        var h = new Matrix<T>(k, n);
        if (options.Init == NmfInit.Custom)
        {
            Convert(options.InitialW!, w);
            Convert(options.InitialH!, h);
            return (w, h, NmfInit.Custom, seed);
        }
        var init = NmfInitializer.Resolve(options.Init, m, n, k);
        initialize(init, seed, w, h);
        return (w, h, init, seed);
    }

    /// <summary>One line for the rows and one for the columns with no observed entry (their factor rows are zero).</summary>
    internal static IReadOnlyList<string> UnobservedWarnings<T>(ObservationLists<T> rows, ObservationLists<T>? cols)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var warnings = new List<string>();
        Describe(rows, "row", "W");
        if (cols is not null) Describe(cols, "column", "H");
        return warnings;

        void Describe(ObservationLists<T> lists, string what, string factor)
        {
            var empty = new List<int>();
            for (int i = 0; i < lists.Count; i++)
                if (lists.Observed[i] == 0) empty.Add(i);
            if (empty.Count == 0) return;
            string shown = string.Join(", ", empty.Take(10)) + (empty.Count > 10 ? ", …" : "");
            warnings.Add($"{empty.Count} {what}(s) of X have no observed entry ({shown}); their {factor} entries were set to zero.");
        }
    }
}
