// The public description of which entries of a dense X are observed and how much each counts: weights ≥ 0, 0 = missing.
using System.Globalization;
using System.Numerics;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Missing;

/// <summary>
/// Per-entry weights for a dense X (m×n): the fit minimises ½·Σᵢⱼ ωᵢⱼ·(xᵢⱼ − (WH)ᵢⱼ)² (Frobenius) or Σᵢⱼ ωᵢⱼ·d_β(xᵢⱼ | (WH)ᵢⱼ)
/// (other β) plus the usual penalties. ωᵢⱼ = 0 marks a missing entry: its value in X is never read (it may be NaN).
/// Build one with <see cref="FromWeights(Matrix{T})"/>, <see cref="FromMask(bool[,])"/> or <see cref="MissingWhereNaN(Matrix{T})"/>
/// (the explicit opt-in that lets NaN mean "missing"; without it a NaN in X is an input error).
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class NmfWeights<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Matrix<T> _weights;

    private NmfWeights(Matrix<T> weights, bool isMask, long observed)
    {
        _weights = weights;
        IsMask = isMask;
        ObservedCount = observed;
    }

    /// <summary>m, the number of rows of the X these weights belong to.</summary>
    public int Rows => _weights.Rows;

    /// <summary>n, the number of columns.</summary>
    public int Cols => _weights.Cols;

    /// <summary>True when every weight is 0 or 1 (a pure mask of observed entries).</summary>
    public bool IsMask { get; }

    /// <summary>How many entries have a positive weight.</summary>
    public long ObservedCount { get; }

    /// <summary>How many entries are missing (weight 0).</summary>
    public long MissingCount => (long)Rows * Cols - ObservedCount;

    /// <summary>The weight of entry (<paramref name="row"/>, <paramref name="col"/>).</summary>
    public T this[int row, int col] => _weights[row, col];

    /// <summary>True when entry (<paramref name="row"/>, <paramref name="col"/>) is observed (positive weight).</summary>
    public bool IsObserved(int row, int col) => _weights[row, col] > T.Zero;

    /// <summary>The weights as a read-only view (m×n).</summary>
    public ReadOnlyMatrixSpan<T> AsReadOnlyMatrixSpan() => _weights.AsReadOnlyMatrixSpan();

    /// <summary>Weights from a matrix of non-negative finite values (copied); 0 marks a missing entry.</summary>
    /// <exception cref="ArgumentException">A weight is negative, NaN or infinite (the message names the first), or the matrix is empty.</exception>
    public static NmfWeights<T> FromWeights(Matrix<T> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Rows == 0 || weights.Cols == 0)
            throw new ArgumentException($"The weights must have at least one row and one column, got {weights.Rows}×{weights.Cols}.", nameof(weights));
        var copy = weights.Clone();
        bool isMask = true;
        long observed = 0;
        for (int i = 0; i < copy.Rows; i++)
        {
            var row = copy.Row(i);
            for (int j = 0; j < row.Length; j++)
            {
                T v = row[j];
                if (!(v >= T.Zero) || !T.IsFinite(v))
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                        $"Weights must be non-negative and finite, but weight ({i}, {j}) is {double.CreateTruncating(v)}."), nameof(weights));
                if (v > T.Zero) observed++;
                if (v != T.Zero && v != T.One) isMask = false;
            }
        }
        return new NmfWeights<T>(copy, isMask, observed);
    }

    /// <summary>A mask: true = observed (weight 1), false = missing (weight 0).</summary>
    /// <exception cref="ArgumentException">The mask is empty.</exception>
    public static NmfWeights<T> FromMask(bool[,] observed)
    {
        ArgumentNullException.ThrowIfNull(observed);
        int m = observed.GetLength(0), n = observed.GetLength(1);
        if (m == 0 || n == 0) throw new ArgumentException($"The mask must have at least one row and one column, got {m}×{n}.", nameof(observed));
        var w = new Matrix<T>(m, n);
        long count = 0;
        for (int i = 0; i < m; i++)
        {
            var row = w.Row(i);
            for (int j = 0; j < n; j++)
                if (observed[i, j])
                {
                    row[j] = T.One;
                    count++;
                }
        }
        return new NmfWeights<T>(w, isMask: true, count);
    }

    /// <summary>The mask that treats every NaN of <paramref name="x"/> as missing and every other entry as observed (weight 1).</summary>
    /// <exception cref="ArgumentException">X is empty.</exception>
    public static NmfWeights<T> MissingWhereNaN(Matrix<T> x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return MissingWhereNaN(x.AsReadOnlyMatrixSpan());
    }

    /// <inheritdoc cref="MissingWhereNaN(Matrix{T})"/>
    public static NmfWeights<T> MissingWhereNaN(ReadOnlyMatrixSpan<T> x)
    {
        if (x.IsEmpty) throw new ArgumentException($"X must have at least one row and one column, got {x.Rows}×{x.Cols}.", nameof(x));
        var w = new Matrix<T>(x.Rows, x.Cols);
        long count = 0;
        for (int i = 0; i < x.Rows; i++)
        {
            var source = x.Row(i);
            var row = w.Row(i);
            for (int j = 0; j < source.Length; j++)
                if (!T.IsNaN(source[j]))
                {
                    row[j] = T.One;
                    count++;
                }
        }
        return new NmfWeights<T>(w, isMask: true, count);
    }

    /// <summary>True when every weight equals the same positive value (then the weighted fit is the unweighted one).</summary>
    internal bool IsUniform(out T value)
    {
        var all = _weights.AsSpan();
        value = all[0];
        if (!(value > T.Zero)) return false;
        return !all.ContainsAnyExcept(value);
    }
}
