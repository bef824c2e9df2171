// NonNegativeMatrixFactorization.FitRuns: many seeded starts of one fit (NmfOptions.Runs), the best kept, reproducible for any thread count.
using System.Numerics;
using System.Runtime.CompilerServices;
using Nmf.Fast.Memory;
using Nmf.Fast.ModelSelection;

namespace Nmf.Fast;

public static partial class NonNegativeMatrixFactorization
{
    /// <summary>
    /// Fits X from <see cref="NmfOptions.Runs"/> seeded starts and returns the best by objective (D_β plus the
    /// regularisation penalty), with every run's seed and objective and, when <paramref name="keepAllRuns"/>, every run.
    /// Run r uses the r-th seed derived from <see cref="NmfOptions.Seed"/> (scikit-learn's <c>n_init</c> scheme, see
    /// <see cref="MultiRunResult{T}.Seeds"/>); <see cref="NmfInit.Auto"/> becomes <see cref="NmfInit.Random"/>, since a
    /// deterministic start would repeat one fit. Small problems run one single-threaded fit per core at a time; large
    /// ones run the fits one after another, each on all cores. Either way the runs, and so the best, are bitwise the
    /// same for every <see cref="NmfOptions.MaxDegreeOfParallelism"/>.
    /// </summary>
    /// <param name="x">The data, m×n, non-negative and finite.</param>
    /// <param name="options">The options of every run; <see cref="NmfOptions.Runs"/> ≥ 1 is the number of runs.</param>
    /// <param name="keepAllRuns">Keep every run in <see cref="MultiRunResult{T}.AllRuns"/> (memory: one W and H per run).</param>
    /// <param name="progress">
    /// Receives each run's progress (what a single fit reports) and, when a run finishes, its final objective, every
    /// report tagged with <see cref="NmfProgress.Run"/>, <see cref="NmfProgress.Runs"/>, <see cref="NmfProgress.RunsFinished"/>
    /// and <see cref="NmfProgress.BestLoss"/>, with <see cref="NmfProgress.Elapsed"/> counted from the start of all runs.
    /// Reports come from the worker threads but one at a time (the implementation needs no locking), all before this
    /// method returns.
    /// </param>
    /// <param name="cancellationToken">Stops every fit between iterations (each returns its current factors, not converged).</param>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <exception cref="ArgumentException">X or the options are invalid (also: Runs &lt; 1, or Runs &gt; 1 with <see cref="NmfInit.Custom"/>).</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static MultiRunResult<T> FitRuns<T>(Matrix<T> x, NmfOptions options, bool keepAllRuns = false, IProgress<NmfProgress>? progress = null,
        CancellationToken cancellationToken = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        return FitRuns(x.AsReadOnlyMatrixSpan(), options, keepAllRuns, progress, cancellationToken);
    }

    /// <inheritdoc cref="FitRuns{T}(Matrix{T}, NmfOptions, bool, IProgress{NmfProgress}?, CancellationToken)"/>
    public static MultiRunResult<T> FitRuns<T>(ReadOnlyMatrixSpan<T> x, NmfOptions options, bool keepAllRuns = false, IProgress<NmfProgress>? progress = null,
        CancellationToken cancellationToken = default)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        FitRuns(x, options, keepAllRuns, onRun: null, forceConcurrent: null, cancellationToken, progress);

    /// <summary>
    /// As the dense overload, for a sparse (CSR) X; see <see cref="Fit{T}(CsrMatrix{T}, NmfOptions, IProgress{NmfProgress}?, CancellationToken)"/>
    /// for the solvers supported.
    /// </summary>
    /// <inheritdoc cref="FitRuns{T}(Matrix{T}, NmfOptions, bool, IProgress{NmfProgress}?, CancellationToken)"/>
    public static MultiRunResult<T> FitRuns<T>(CsrMatrix<T> x, NmfOptions options, bool keepAllRuns = false, IProgress<NmfProgress>? progress = null,
        CancellationToken cancellationToken = default)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        FitRuns(x, options, keepAllRuns, onRun: null, forceConcurrent: null, cancellationToken, progress);

    /// <summary>The dense multi-run fit with a per-run callback and, for tests, a forced schedule.</summary>
    internal static unsafe MultiRunResult<T> FitRuns<T>(ReadOnlyMatrixSpan<T> x, NmfOptions options, bool keepAllRuns,
        Action<int, NmfResult<T>>? onRun, bool? forceConcurrent, CancellationToken cancellationToken, IProgress<NmfProgress>? progress = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireSupportedType<T>();
        ArgumentNullException.ThrowIfNull(options);
        if (x.IsEmpty) throw new ArgumentException($"X must have at least one row and one column, got {x.Rows}×{x.Cols}.", nameof(x));
        fixed (T* px = &Unsafe.AsRef(in x.Origin))
        {
            var fitter = new DenseRunFitter<T>(new PinnedMatrixView<T>(px, x.Rows, x.Cols, x.Stride));
            return MultiStartRunner.Run(fitter, x.Rows, x.Cols, (long)x.Rows * x.Cols, options, keepAllRuns, onRun, forceConcurrent, progress, cancellationToken);
        }
    }

    /// <summary>The sparse multi-run fit with a per-run callback and, for tests, a forced schedule.</summary>
    internal static MultiRunResult<T> FitRuns<T>(CsrMatrix<T> x, NmfOptions options, bool keepAllRuns,
        Action<int, NmfResult<T>>? onRun, bool? forceConcurrent, CancellationToken cancellationToken, IProgress<NmfProgress>? progress = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        RequireSupportedType<T>();
        ArgumentNullException.ThrowIfNull(options);
        return MultiStartRunner.Run(new SparseRunFitter<T>(x), x.Rows, x.Cols, x.NonZeroCount, options, keepAllRuns, onRun, forceConcurrent, progress, cancellationToken);
    }
}
