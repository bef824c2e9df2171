// Allocation-free, thread-safe projection of new samples onto a fitted Frobenius model (per-sample HALS on w with H fixed).
using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Nmf.Fast.Linear;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Projection;

/// <summary>
/// Projects samples onto the components H of a fitted model in a request path: min over w ≥ 0 of
/// ½‖x − w·H‖² + L1·Σw + ½·L2·‖w‖², the problem <see cref="NmfModel{T}.Transform(ReadOnlyMatrixSpan{T}, IProgress{NmfProgress}?, CancellationToken)"/>
/// solves for the Frobenius loss (L1, L2 = the model's W regularisation scaled by n, as scikit-learn's <c>transform</c>).
/// <para>
/// Built once from the model (H copied, G = H·Hᵀ + L2·I precomputed); afterwards immutable, so any number of threads may
/// call <see cref="Project(ReadOnlySpan{T}, Span{T})"/> at once. A call allocates nothing: its scratch (k values for c = H·x)
/// (<see cref="ScratchLength"/> doubles) is on the stack for k ≤ <see cref="MaxStackRank"/>, otherwise the caller passes it
/// or it is rented from the shared <see cref="ArrayPool{T}"/>.
/// </para>
/// <para>
/// Per sample: c = H·x (in T, as Transform's product), then, by default, an active-set solve (<see cref="ProjectionMethod.ActiveSet"/>)
/// that ends at the exact optimum — a tighter stopping rule than Transform's. With <see cref="ProjectionMethod.CoordinateDescent"/>:
/// w = 0, then coordinate-descent sweeps t = 0..k−1 exactly as scikit-learn's <c>_update_cdnmf_fast</c>
/// (Cichocki &amp; Phan 2009, eq. 14): grad = G[t,·]·w − c_t + L1; violation += |projected grad|; w_t = max(w_t − grad/G[t,t], 0).
/// Stops when violation / first violation ≤ tolerance (or the first violation is 0) or after the sweep limit. This is the
/// rule of <c>Transform</c> evaluated per sample; for a one-row X the two run the same sweeps (in double here, so a
/// float model's weights differ from Transform's by round-off). Deterministic: the same
/// sample gives the same bits on every call and thread.
/// </para>
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class NmfProjector<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The largest rank whose per-call scratch goes on the stack (k² + 7k doubles ≈ 37 KB at 64).</summary>
    public const int MaxStackRank = 64;

    private readonly T[] _h;         // k×n row-major: component t is _h[t*n .. t*n+n)
    private readonly double[] _gram; // k×k: H·Hᵀ + L2·I
    private readonly double _l1;
    private readonly int _maxSweeps;
    private readonly double _tolerance;
    private readonly double _activeSetTolerance;
    private readonly ProjectionMethod _method;

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
        var gram = new Matrix<T>(Rank, Rank);
        Gram.OfRows(model.Components.AsReadOnlyMatrixSpan(), gram, 1);
        // scikit-learn's transform scales the W regularisation by n_features (see NonNegativeMatrixFactorization.SettingsFor).
        double alpha = o.AlphaW * Features;
        _l1 = alpha * o.L1Ratio;
        double l2 = alpha * (1.0 - o.L1Ratio);
        _gram = new double[Rank * Rank];
        for (int i = 0; i < Rank; i++)
            for (int j = 0; j < Rank; j++) _gram[i * Rank + j] = double.CreateTruncating(gram[i, j]) + (i == j ? l2 : 0);
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

    /// <summary>The doubles of scratch one call needs: k² + 7k.</summary>
    public int ScratchLength => Rank * Rank + 7 * Rank;

    /// <summary>Writes the non-negative weights of <paramref name="sample"/> (length n) to <paramref name="weights"/> (length k).</summary>
    /// <exception cref="ArgumentException">A span of the wrong length, or a negative, NaN or infinite value in the sample.</exception>
    public ProjectionResult Project(ReadOnlySpan<T> sample, Span<T> weights)
    {
        if (Rank <= MaxStackRank)
            return Project(sample, weights, stackalloc double[ScratchLength]);
        double[] rented = ArrayPool<double>.Shared.Rent(ScratchLength);
        try
        {
            return Project(sample, weights, rented.AsSpan(0, ScratchLength));
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
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
            throw new ArgumentException($"The scratch span has {scratch.Length} values; at least {ScratchLength} (k² + 7k) are needed.", nameof(scratch));
        RequireNonNegativeFinite(sample);

        // b = H·x − L1: the linear term of ½wᵀGw − bᵀw.
        var b = scratch[..k];
        var w = scratch.Slice(k, k);
        var work = scratch[(2 * k)..ScratchLength];
        ReadOnlySpan<T> h = _h;
        for (int t = 0; t < k; t++) b[t] = double.CreateTruncating(TensorPrimitives.Dot(h.Slice(t * n, n), sample)) - _l1;
        w.Clear();
        var result = _method == ProjectionMethod.ActiveSet ? ActiveSet(b, w, work) : null as ProjectionResult?;
        result ??= CoordinateDescent(b, w);
        for (int t = 0; t < k; t++) weights[t] = T.CreateTruncating(w[t]);
        return result.Value;
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
    /// Bro &amp; de Jong's FNNLS on (G, b): add the zero component with the largest descent direction g = b − G·w to the
    /// free set, solve the free set's system; while that solution has a non-positive entry, step towards it until the
    /// first free component hits 0 and fix it there. Returns null when a free sub-system is not positive definite.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ProjectionResult? ActiveSet(ReadOnlySpan<double> b, Span<double> w, Span<double> work)
    {
        int k = Rank;
        ReadOnlySpan<double> gram = _gram;
        var g = work[..k];
        var s = work.Slice(k, k);
        var free = work.Slice(2 * k, k);        // 1 = free, 0 = fixed at zero
        var index = work.Slice(3 * k, k);       // the free components, in the order they joined
        var y = work.Slice(4 * k, k);
        var factor = work.Slice(5 * k, k * k);  // Cholesky factor of G restricted to the free set
        free.Clear();
        double scale = 0;
        for (int t = 0; t < k; t++) scale = Math.Max(scale, Math.Abs(b[t]));
        double threshold = _activeSetTolerance * Math.Max(scale, double.Epsilon);
        int count = 0, steps = 0, validRows = 0;
        bool converged = false;
        b.CopyTo(g);   // w = 0
        while (true)
        {
            int best = -1;
            double bestValue = threshold;
            for (int t = 0; t < k; t++)
                if (free[t] == 0 && g[t] > bestValue) { bestValue = g[t]; best = t; }
            if (best < 0) { converged = true; break; }
            if (steps == _maxSweeps) break;
            steps++;
            free[best] = 1;
            index[count++] = best;
            for (int inner = 0; ; inner++)
            {
                if (!SolveFree(gram, b, index[..count], factor, validRows, y, s)) return null;
                validRows = count;
                double alpha = 1;
                for (int p = 0; p < count; p++)
                {
                    int t = (int)index[p];
                    if (s[t] <= 0) alpha = Math.Min(alpha, w[t] / (w[t] - s[t]));
                }
                if (alpha >= 1)
                {
                    for (int p = 0; p < count; p++) { int t = (int)index[p]; w[t] = s[t]; }
                    break;
                }
                // Step to the first free component that reaches zero and fix every such component at zero.
                int kept = 0;
                for (int p = 0; p < count; p++)
                {
                    int t = (int)index[p];
                    double v = w[t] + alpha * (s[t] - w[t]);
                    if (v <= 0 || (s[t] <= 0 && w[t] / (w[t] - s[t]) <= alpha))
                    {
                        w[t] = 0;
                        free[t] = 0;
                        validRows = Math.Min(validRows, p);   // rows after a removed component must be refactored
                    }
                    else { w[t] = v; index[kept++] = t; }
                }
                count = kept;
                if (count == 0 || inner > k) break;
            }
            // g = b − G·w over all components.
            for (int t = 0; t < k; t++) g[t] = b[t] - TensorPrimitives.Dot(gram.Slice(t * k, k), w);
        }
        return new ProjectionResult(steps, converged, KktResidual(b, w));
    }

    /// <summary>s[free] = G[free,free]⁻¹ b[free] by Cholesky; false when G[free,free] is not numerically positive definite.</summary>
    /// <remarks>
    /// The factor L (stride k) is kept between calls: rows 0..<paramref name="validRows"/>−1 belong to the same leading free
    /// components and are reused, so adding one component costs O(p²) instead of O(p³).
    /// </remarks>
    private static bool SolveFree(ReadOnlySpan<double> gram, ReadOnlySpan<double> b, ReadOnlySpan<double> index, Span<double> factor, int validRows, Span<double> y, Span<double> s)
    {
        int p = index.Length, k = b.Length;
        for (int i = validRows; i < p; i++)
        {
            int ti = (int)index[i];
            for (int j = 0; j <= i; j++)
            {
                double sum = gram[ti * k + (int)index[j]];
                for (int r = 0; r < j; r++) sum -= factor[i * k + r] * factor[j * k + r];
                if (i == j)
                {
                    if (!(sum > 1e-12 * gram[ti * k + ti])) return false;
                    factor[i * k + i] = Math.Sqrt(sum);
                }
                else factor[i * k + j] = sum / factor[j * k + j];
            }
        }
        // L·y = b[free], then Lᵀ·y = y.
        for (int i = 0; i < p; i++)
        {
            double sum = b[(int)index[i]];
            for (int r = 0; r < i; r++) sum -= factor[i * k + r] * y[r];
            y[i] = sum / factor[i * k + i];
        }
        for (int i = p - 1; i >= 0; i--)
        {
            double sum = y[i];
            for (int r = i + 1; r < p; r++) sum -= factor[r * k + i] * y[r];
            y[i] = sum / factor[i * k + i];
        }
        for (int i = 0; i < p; i++) s[(int)index[i]] = y[i];
        return true;
    }

    /// <summary>scikit-learn's coordinate-descent sweeps from w = 0 (see the class remarks) on (G, b).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ProjectionResult CoordinateDescent(ReadOnlySpan<double> b, Span<double> w)
    {
        int k = Rank;
        ReadOnlySpan<double> gram = _gram;
        w.Clear();
        int sweep = 0;
        bool converged = false;
        double violationInit = 0;
        while (sweep < _maxSweeps)
        {
            sweep++;
            double violation = 0;
            for (int t = 0; t < k; t++)
            {
                var row = gram.Slice(t * k, k);
                double grad = -b[t] + TensorPrimitives.Dot(row, w);
                double wt = w[t];
                double projected = wt == 0 ? Math.Min(grad, 0) : grad;
                violation += Math.Abs(projected);
                double hess = row[t];
                if (hess != 0) w[t] = Math.Max(wt - grad / hess, 0);
            }
            if (sweep == 1) violationInit = violation;
            if (violationInit == 0 || violation / violationInit <= _tolerance)
            {
                converged = true;
                break;
            }
        }
        return new ProjectionResult(sweep, converged, KktResidual(b, w));
    }

    private double KktResidual(ReadOnlySpan<double> b, ReadOnlySpan<double> w)
    {
        int k = Rank;
        ReadOnlySpan<double> gram = _gram;
        double worst = 0;
        for (int t = 0; t < k; t++)
        {
            double grad = TensorPrimitives.Dot(gram.Slice(t * k, k), w) - b[t];
            double projected = w[t] == 0 ? Math.Min(grad, 0) : grad;
            worst = Math.Max(worst, Math.Abs(projected));
        }
        return worst;
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
