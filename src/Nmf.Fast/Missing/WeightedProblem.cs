// A dense X and its weights checked and turned into what the weighted solvers read: X with missing entries zeroed, Ω∘X, Σωx², the row and column lists.
using System.Globalization;
using System.Numerics;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Missing;

/// <summary>
/// The validated inputs of a weighted dense fit or transform. X is read only where ω &gt; 0 (missing entries may hold
/// anything, NaN included); there it must be non-negative and finite, and positive when β ≤ 0.
/// </summary>
internal sealed class WeightedProblem<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private WeightedProblem(Matrix<T> zeroFilled, Matrix<T> weighted, double weightedSquaredNorm, NmfWeights<T> weights)
    {
        ZeroFilled = zeroFilled;
        Weighted = weighted;
        WeightedSquaredNorm = weightedSquaredNorm;
        Weights = weights;
    }

    /// <summary>X with every missing entry set to 0.</summary>
    public Matrix<T> ZeroFilled { get; }

    /// <summary>Ω∘X (the same object as <see cref="ZeroFilled"/> for a mask).</summary>
    public Matrix<T> Weighted { get; }

    /// <summary>Σ ωᵢⱼ·xᵢⱼ².</summary>
    public double WeightedSquaredNorm { get; }

    /// <summary>Ω.</summary>
    public NmfWeights<T> Weights { get; }

    /// <summary>Checks shapes and values and builds the zero-filled and weighted copies of X.</summary>
    /// <exception cref="ArgumentException">Ω is not m×n, no entry is observed, or an observed entry of X is negative, NaN, infinite (or zero for β ≤ 0).</exception>
    public static WeightedProblem<T> Create(ReadOnlyMatrixSpan<T> x, NmfWeights<T> weights, double beta, string xName, string weightsName)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (x.IsEmpty) throw new ArgumentException($"X must have at least one row and one column, got {x.Rows}×{x.Cols}.", xName);
        if (weights.Rows != x.Rows || weights.Cols != x.Cols)
            throw new ArgumentException($"The weights must have X's shape {x.Rows}×{x.Cols} but are {weights.Rows}×{weights.Cols}.", weightsName);
        if (weights.ObservedCount == 0)
            throw new ArgumentException($"Every entry of the {x.Rows}×{x.Cols} X is missing (all weights are 0); nothing can be fitted.", weightsName);
        int m = x.Rows, n = x.Cols;
        var zeroFilled = new Matrix<T>(m, n);
        var weighted = weights.IsMask ? zeroFilled : new Matrix<T>(m, n);
        var omega = weights.AsReadOnlyMatrixSpan();
        double norm = 0;
        for (int i = 0; i < m; i++)
        {
            var source = x.Row(i);
            var wr = omega.Row(i);
            var z = zeroFilled.Row(i);
            var y = weighted.Row(i);
            for (int j = 0; j < n; j++)
            {
                if (wr[j] == T.Zero) continue;
                T v = source[j];
                if (!(v >= T.Zero) || !T.IsFinite(v)) ThrowBadValue(xName, i, j, v, "non-negative and finite where it is observed");
                if (beta <= 0 && v == T.Zero) ThrowBadValue(xName, i, j, v, $"positive where it is observed (β = {beta} ≤ 0)");
                z[j] = v;
                y[j] = wr[j] * v;
                norm += double.CreateTruncating(wr[j]) * double.CreateTruncating(v) * double.CreateTruncating(v);
            }
        }
        return new WeightedProblem<T>(zeroFilled, weighted, norm, weights);
    }

    /// <summary>The mean of the observed entries of X.</summary>
    public double ObservedMean()
    {
        double sum = 0;
        foreach (T v in ZeroFilled.AsSpan()) sum += double.CreateTruncating(v);
        return sum / Weights.ObservedCount;
    }

    /// <summary>The row lists (for W) and, when <paramref name="withColumns"/>, the column lists (for H).</summary>
    public (ObservationLists<T> Rows, ObservationLists<T>? Cols) Lists(bool withColumns)
    {
        T baseWeight = Weights.IsMask ? T.One : CommonWeight(Weights.AsReadOnlyMatrixSpan());
        var omega = Weights.AsReadOnlyMatrixSpan();
        var rows = ObservationLists<T>.FromDense(omega, Weights.IsMask, baseWeight);
        if (!withColumns) return (rows, null);
        var transposed = Solvers.DenseData.TransposedCopy(omega) ?? Transpose(omega);
        return (rows, ObservationLists<T>.FromDense(transposed.AsReadOnlyMatrixSpan(), Weights.IsMask, baseWeight));
    }

    /// <summary>The most frequent positive weight among the first 4096 positive ones: the base s of the correction lists.</summary>
    private static T CommonWeight(ReadOnlyMatrixSpan<T> omega)
    {
        var counts = new Dictionary<T, int>();
        int seen = 0;
        for (int i = 0; i < omega.Rows && seen < 4096; i++)
            foreach (T v in omega.Row(i))
            {
                if (!(v > T.Zero)) continue;
                counts[v] = counts.GetValueOrDefault(v) + 1;
                if (++seen >= 4096) break;
            }
        T best = T.One;
        int bestCount = 0;
        foreach (var (value, count) in counts)
            if (count > bestCount || (count == bestCount && value < best)) (best, bestCount) = (value, count);
        return best;
    }

    private static Matrix<T> Transpose(ReadOnlyMatrixSpan<T> a)
    {
        var t = new Matrix<T>(a.Cols, a.Rows);
        for (int i = 0; i < a.Rows; i++)
        {
            var row = a.Row(i);
            for (int j = 0; j < row.Length; j++) t[j, i] = row[j];
        }
        return t;
    }

    private static void ThrowBadValue(string what, int row, int col, T value, string rule) =>
        throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
            $"X must be {rule}, but entry ({row}, {col}) is {double.CreateTruncating(value)}."), what);
}
