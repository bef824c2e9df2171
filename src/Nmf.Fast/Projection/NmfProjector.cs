// Allocation-free, thread-safe projection of new samples onto a fitted Frobenius model: H·x, then a per-sample NNLS.
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Nmf.Fast.Linear;
using Nmf.Fast.Linear.Kernels;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Projection;

/// <summary>
/// Projects samples onto the components H of a fitted model in a request path: min over w ≥ 0 of
/// ½‖x − w·H‖² + L1·Σw + ½·L2·‖w‖², the problem <see cref="NmfModel{T}.Transform(ReadOnlyMatrixSpan{T}, IProgress{NmfProgress}?, CancellationToken)"/>
/// solves for the Frobenius loss (L1, L2 = the model's W regularisation scaled by n, as scikit-learn's <c>transform</c>).
/// <para>
/// Built once from the model (H copied; G = H·Hᵀ + L2·I and its Cholesky factor precomputed in double); afterwards
/// immutable, so any number of threads may call <see cref="Project(ReadOnlySpan{T}, Span{T})"/> at once. A call allocates
/// nothing: its scratch (<see cref="ScratchLength"/> doubles) is on the stack for k ≤ <see cref="MaxStackRank"/>, otherwise
/// the caller passes it or a per-thread array is reused (allocated on a thread's first call).
/// </para>
/// <para>
/// Per sample: b = H·x − L1 (H·x in T, by the GEMM's dot-product kernel, as Transform's product), then, by default, an
/// active-set solve (<see cref="ProjectionMethod.ActiveSet"/>) warm-started from the unconstrained solution G⁻¹b, which
/// ends at the exact optimum — a tighter stopping rule than Transform's. With <see cref="ProjectionMethod.CoordinateDescent"/>:
/// scikit-learn's coordinate-descent sweeps from w = 0 with Transform's relative stopping rule evaluated per sample; for a
/// one-row X the two run the same sweeps (in double here, so a float model's weights differ from Transform's by round-off).
/// Deterministic: the same sample gives the same bits on every call and thread.
/// </para>
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class NmfProjector<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The largest rank whose per-call scratch goes on the stack (k² + 6k doubles ≈ 36 KB at 64).</summary>
    public const int MaxStackRank = 64;

    /// <summary>Scratch for ranks above <see cref="MaxStackRank"/>: one array per thread, grown to the largest rank seen.</summary>
    [ThreadStatic]
    private static double[]? t_scratch;

    private readonly T[] _h;         // k×n row-major: component t is _h[t*n .. t*n+n)
    private readonly ProjectionGram _gram; // H·Hᵀ + L2·I with its Cholesky factor and inverse
    private readonly double _l1;
    private readonly int _maxSweeps;
    private readonly double _tolerance;
    private readonly double _activeSetTolerance;
    private readonly ProjectionMethod _method;
    private readonly bool _productsByRows;  // H·x by one TensorPrimitives dot per component instead of the GEMM

    /// <summary>Precomputes what the projections need from <paramref name="model"/>.</summary>
    /// <exception cref="NotSupportedException">The model was fitted with a loss other than Frobenius (β ≠ 2).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A sweep limit below 1 or a negative or NaN tolerance.</exception>
    public NmfProjector(NmfModel<T> model, ProjectorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var o = model.Options;
        if (o.Beta != NmfLoss.Frobenius)
            throw new NotSupportedException($"The projector solves the Frobenius problem; this model was fitted with β = {o.Beta}. Use NmfModel.Transform.");
        int maxSweeps = options?.MaxSweeps ?? o.MaxIterations;
        double tolerance = options?.Tolerance ?? o.Tolerance;
        double activeSetTolerance = options?.ActiveSetTolerance ?? (typeof(T) == typeof(float) ? 1e-5 : 1e-9);
        if (maxSweeps < 1) throw new ArgumentOutOfRangeException(nameof(options), maxSweeps, "MaxSweeps must be at least 1.");
        if (!(tolerance >= 0)) throw new ArgumentOutOfRangeException(nameof(options), tolerance, "Tolerance must be ≥ 0.");
        if (!(activeSetTolerance >= 0)) throw new ArgumentOutOfRangeException(nameof(options), activeSetTolerance, "ActiveSetTolerance must be ≥ 0.");

        Rank = model.Rank;
        Features = model.Features;
        _method = options?.Method ?? ProjectionMethod.ActiveSet;
        _maxSweeps = maxSweeps;
        _tolerance = tolerance;
        _activeSetTolerance = activeSetTolerance;
        _h = model.Components.AsReadOnlyMatrixSpan().AsSpan().ToArray();
        _productsByRows = ProductsByRows(KernelSelector.Default);
        var gram = new Matrix<T>(Rank, Rank);
        Gram.OfRows(model.Components.AsReadOnlyMatrixSpan(), gram, 1);
        // scikit-learn's transform scales the W regularisation by n_features (see NonNegativeMatrixFactorization.SettingsFor).
        double alpha = o.AlphaW * Features;
        _l1 = alpha * o.L1Ratio;
        double l2 = alpha * (1.0 - o.L1Ratio);
        var g = new double[Rank * Rank];
        for (int i = 0; i < Rank; i++)
            for (int j = 0; j < Rank; j++) g[i * Rank + j] = double.CreateTruncating(gram[i, j]) + (i == j ? l2 : 0);
        _gram = new ProjectionGram(g, Rank);
    }

    /// <summary>k: the length of every output span.</summary>
    public int Rank { get; }

    /// <summary>n: the length of every sample.</summary>
    public int Features { get; }

    /// <summary>The algorithm in use.</summary>
    public ProjectionMethod Method => _method;

    /// <summary>The sweep (coordinate descent) or step (active set) limit in use.</summary>
    public int MaxSweeps => _maxSweeps;

    /// <summary>The relative tolerance of coordinate descent.</summary>
    public double Tolerance => _tolerance;

    /// <summary>The doubles of scratch one call needs: k² + 6k.</summary>
    public int ScratchLength => ProjectionScratch.Length(Rank);

    /// <summary>Writes the non-negative weights of <paramref name="sample"/> (length n) to <paramref name="weights"/> (length k).</summary>
    /// <exception cref="ArgumentException">A span of the wrong length, or a negative, NaN or infinite value in the sample.</exception>
    [SkipLocalsInit]
    public ProjectionResult Project(ReadOnlySpan<T> sample, Span<T> weights)
    {
        if (Rank <= MaxStackRank)
            return Project(sample, weights, stackalloc double[ScratchLength]);
        var scratch = t_scratch;
        if (scratch is null || scratch.Length < ScratchLength) t_scratch = scratch = new double[ScratchLength];
        return Project(sample, weights, scratch.AsSpan(0, ScratchLength));
    }

    /// <summary>As <see cref="Project(ReadOnlySpan{T}, Span{T})"/> with caller-provided scratch of at least <see cref="ScratchLength"/> doubles (overwritten).</summary>
    /// <exception cref="ArgumentException">A span of the wrong length, or a negative, NaN or infinite value in the sample.</exception>
    public ProjectionResult Project(ReadOnlySpan<T> sample, Span<T> weights, Span<double> scratch)
    {
        int k = Rank, n = Features;
        if (sample.Length != n)
            throw new ArgumentException($"The sample has {sample.Length} values but the model has {n} features.", nameof(sample));
        if (weights.Length != k)
            throw new ArgumentException($"The weights span has {weights.Length} values but the model has rank {k}.", nameof(weights));
        if (scratch.Length < ScratchLength)
            throw new ArgumentException($"The scratch span has {scratch.Length} values; at least {ScratchLength} (k² + 6k) are needed.", nameof(scratch));
        RequireNonNegativeFinite(sample);

        var s = new ProjectionScratch(scratch, k);
        // b = H·x − L1, the linear term of ½wᵀGw − bᵀw.
        var products = MemoryMarshal.Cast<double, T>(s.Products)[..k];
        ComponentProducts(_h, sample, products, _productsByRows);
        for (int t = 0; t < k; t++) s.B[t] = double.CreateTruncating(products[t]) - _l1;

        int sweeps;
        bool converged;
        if (_method == ProjectionMethod.CoordinateDescent
            || !(ActiveSetNnls.Solve(_gram, warmStart: true, Threshold(s.B), _maxSweeps, s, out sweeps, out converged)
                 || ActiveSetNnls.Solve(_gram, warmStart: false, Threshold(s.B), _maxSweeps, s, out sweeps, out converged)))
            CoordinateDescentNnls.Solve(_gram.Matrix, _maxSweeps, _tolerance, s, out sweeps, out converged);
        for (int t = 0; t < k; t++) weights[t] = T.CreateTruncating(s.W[t]);
        return new ProjectionResult(sweeps, converged, NnlsOptimality.KktResidual(s.W, s.NegativeGradient));
    }

    /// <summary>
    /// Projects every row of <paramref name="samples"/> (m×n) into the same row of <paramref name="weights"/> (m×k),
    /// each with its own stopping rule; rows run one after another on the calling thread.
    /// </summary>
    /// <returns>The largest sweep count and KKT residual over the rows; converged when every row converged.</returns>
    /// <exception cref="ArgumentException">Shapes that do not match the model, or a negative, NaN or infinite value (naming its row).</exception>
    public ProjectionResult Project(ReadOnlyMatrixSpan<T> samples, MatrixSpan<T> weights)
    {
        if (samples.Cols != Features)
            throw new ArgumentException($"The samples have {samples.Cols} columns but the model has {Features} features.", nameof(samples));
        if (weights.Rows != samples.Rows || weights.Cols != Rank)
            throw new ArgumentException($"The weights are {weights.Rows}×{weights.Cols}; {samples.Rows}×{Rank} (samples × rank) are needed.", nameof(weights));
        int sweeps = 0;
        bool converged = true;
        double residual = 0;
        for (int i = 0; i < samples.Rows; i++)
        {
            ProjectionResult r;
            try
            {
                r = Project(samples.Row(i), weights.Row(i));
            }
            catch (ArgumentException e) when (e.ParamName == "sample")
            {
                throw new ArgumentException($"Row {i}: {e.Message}", nameof(samples));
            }
            sweeps = Math.Max(sweeps, r.Sweeps);
            converged &= r.Converged;
            residual = Math.Max(residual, r.KktResidual);
        }
        return new ProjectionResult(sweeps, converged, residual);
    }

    /// <summary>
    /// Whether H·x goes by <see cref="TensorPrimitives.Dot{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/> per component rather than the GEMM:
    /// when the GEMM has only its scalar tier (no AVX2 + FMA, e.g. an x86-64-v2 native-AOT build, or NMFFAST_KERNEL=scalar),
    /// which packs H for every call, while TensorPrimitives still runs 128-bit vectors there (n = 1000: k = 20 32 → 7.3 µs, k = 100 203 → 90 µs).
    /// </summary>
    internal static bool ProductsByRows(KernelTier gemmTier) => gemmTier == KernelTier.Scalar;

    /// <summary>
    /// products[t] = H[t]·x for the k×n row-major <paramref name="h"/>: by the GEMM's dot-product kernel (4 rows of H per
    /// pass over x) or, with <paramref name="byRows"/>, one TensorPrimitives dot per row.
    /// </summary>
    internal static void ComponentProducts(T[] h, ReadOnlySpan<T> sample, Span<T> products, bool byRows)
    {
        int n = sample.Length, k = products.Length;
        if (byRows)
        {
            for (int t = 0; t < k; t++) products[t] = TensorPrimitives.Dot(new ReadOnlySpan<T>(h, t * n, n), sample);
            return;
        }
        Gemm.Multiply(T.One, new ReadOnlyMatrixSpan<T>(sample, 1, n), MatrixOp.None, new ReadOnlyMatrixSpan<T>(h, k, n), MatrixOp.Transpose,
            T.Zero, new MatrixSpan<T>(products, 1, k), 1, KernelSelector.Default, upperOnly: false);
    }

    /// <summary>The active set's stopping threshold: a fraction of max |b|.</summary>
    private double Threshold(ReadOnlySpan<double> b)
    {
        double scale = 0;
        foreach (double v in b) scale = Math.Max(scale, Math.Abs(v));
        return _activeSetTolerance * Math.Max(scale, double.Epsilon);
    }

    private static void RequireNonNegativeFinite(ReadOnlySpan<T> sample)
    {
        if (sample.IsEmpty) return;
        T min = TensorPrimitives.Min(sample);   // NaN when any value is NaN
        T max = TensorPrimitives.Max(sample);
        if (min >= T.Zero && T.IsFinite(max)) return;
        for (int j = 0; j < sample.Length; j++)
        {
            T v = sample[j];
            if (T.IsNaN(v) || T.IsInfinity(v) || v < T.Zero)
                throw new ArgumentException($"The sample holds {v} at position {j}; values must be finite and ≥ 0.", nameof(sample));
        }
    }
}
