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
/// is on the stack for k ≤ <see cref="MaxStackRank"/>, otherwise the caller passes it or it is rented from the shared
/// <see cref="ArrayPool{T}"/>.
/// </para>
/// <para>
/// Per sample: c = H·x, w = 0, then coordinate-descent sweeps t = 0..k−1 exactly as scikit-learn's <c>_update_cdnmf_fast</c>
/// (Cichocki &amp; Phan 2009, eq. 14): grad = G[t,·]·w − c_t + L1; violation += |projected grad|; w_t = max(w_t − grad/G[t,t], 0).
/// Stops when violation / first violation ≤ tolerance (or the first violation is 0) or after the sweep limit. This is the
/// rule of <c>Transform</c> evaluated per sample; for a one-row X the two run the same sweeps. Deterministic: the same
/// sample gives the same bits on every call and thread.
/// </para>
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class NmfProjector<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The largest rank whose per-call scratch goes on the stack.</summary>
    public const int MaxStackRank = 256;

    private readonly T[] _h;      // k×n row-major: component t is _h[t*n .. t*n+n)
    private readonly T[] _gram;   // k×k: H·Hᵀ + L2·I
    private readonly T _l1;
    private readonly int _maxSweeps;
    private readonly double _tolerance;

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
        if (maxSweeps < 1) throw new ArgumentOutOfRangeException(nameof(options), maxSweeps, "MaxSweeps must be at least 1.");
        if (!(tolerance >= 0)) throw new ArgumentOutOfRangeException(nameof(options), tolerance, "Tolerance must be ≥ 0.");

        Rank = model.Rank;
        Features = model.Features;
        _maxSweeps = maxSweeps;
        _tolerance = tolerance;
        _h = model.Components.AsReadOnlyMatrixSpan().AsSpan().ToArray();
        var gram = new Matrix<T>(Rank, Rank);
        Gram.OfRows(model.Components.AsReadOnlyMatrixSpan(), gram, 1);
        // scikit-learn's transform scales the W regularisation by n_features (see NonNegativeMatrixFactorization.SettingsFor).
        double alpha = o.AlphaW * Features;
        _l1 = T.CreateTruncating(alpha * o.L1Ratio);
        T l2 = T.CreateTruncating(alpha * (1.0 - o.L1Ratio));
        for (int t = 0; t < Rank; t++) gram[t, t] += l2;
        _gram = gram.AsSpan().ToArray();
    }

    /// <summary>k: the length of every output span.</summary>
    public int Rank { get; }

    /// <summary>n: the length of every sample.</summary>
    public int Features { get; }

    /// <summary>The sweep limit in use.</summary>
    public int MaxSweeps => _maxSweeps;

    /// <summary>The relative tolerance in use.</summary>
    public double Tolerance => _tolerance;

    /// <summary>Writes the non-negative weights of <paramref name="sample"/> (length n) to <paramref name="weights"/> (length k).</summary>
    /// <exception cref="ArgumentException">A span of the wrong length, or a negative, NaN or infinite value in the sample.</exception>
    public ProjectionResult Project(ReadOnlySpan<T> sample, Span<T> weights)
    {
        if (Rank <= MaxStackRank)
            return Project(sample, weights, stackalloc T[Rank]);
        T[] rented = ArrayPool<T>.Shared.Rent(Rank);
        try
        {
            return Project(sample, weights, rented.AsSpan(0, Rank));
        }
        finally
        {
            ArrayPool<T>.Shared.Return(rented);
        }
    }

    /// <summary>As <see cref="Project(ReadOnlySpan{T}, Span{T})"/> with caller-provided scratch of at least k values (its contents are overwritten).</summary>
    /// <exception cref="ArgumentException">A span of the wrong length, or a negative, NaN or infinite value in the sample.</exception>
    public ProjectionResult Project(ReadOnlySpan<T> sample, Span<T> weights, Span<T> scratch)
    {
        int k = Rank, n = Features;
        if (sample.Length != n)
            throw new ArgumentException($"The sample has {sample.Length} values but the model has {n} features.", nameof(sample));
        if (weights.Length != k)
            throw new ArgumentException($"The weights span has {weights.Length} values but the model has rank {k}.", nameof(weights));
        if (scratch.Length < k)
            throw new ArgumentException($"The scratch span has {scratch.Length} values; at least {k} (the rank) are needed.", nameof(scratch));
        RequireNonNegativeFinite(sample);

        var cross = scratch[..k];
        ReadOnlySpan<T> h = _h;
        for (int t = 0; t < k; t++) cross[t] = TensorPrimitives.Dot(h.Slice(t * n, n), sample);
        weights.Clear();
        return Solve(cross, weights);
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

    /// <summary>The sweeps from w = 0 given c = H·x, then the KKT residual of the result.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ProjectionResult Solve(ReadOnlySpan<T> cross, Span<T> w)
    {
        int k = Rank;
        ReadOnlySpan<T> gram = _gram;
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
                T grad = (_l1 - cross[t]) + TensorPrimitives.Dot(row, w);
                T wt = w[t];
                T projected = wt == T.Zero ? T.Min(grad, T.Zero) : grad;
                violation += double.CreateTruncating(T.Abs(projected));
                T hess = row[t];
                if (hess != T.Zero) w[t] = T.Max(wt - grad / hess, T.Zero);
            }
            if (sweep == 1) violationInit = violation;
            if (violationInit == 0 || violation / violationInit <= _tolerance)
            {
                converged = true;
                break;
            }
        }
        return new ProjectionResult(sweep, converged, KktResidual(cross, w));
    }

    private double KktResidual(ReadOnlySpan<T> cross, ReadOnlySpan<T> w)
    {
        int k = Rank;
        ReadOnlySpan<T> gram = _gram;
        double worst = 0;
        for (int t = 0; t < k; t++)
        {
            T grad = (_l1 - cross[t]) + TensorPrimitives.Dot(gram.Slice(t * k, k), w);
            T projected = w[t] == T.Zero ? T.Min(grad, T.Zero) : grad;
            worst = Math.Max(worst, double.CreateTruncating(T.Abs(projected)));
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
