// Hoyer's sparseness of a vector, of each row of a matrix, and their mean (Hoyer 2004, JMLR 5, eq. 1).
using System.Globalization;
using System.Numerics;
using Nmf.Fast.Memory;
using Nmf.Fast.Solvers;

namespace Nmf.Fast.Analysis;

/// <summary>
/// The sparseness measure of Hoyer, "Non-negative matrix factorization with sparseness constraints", JMLR 5
/// (2004), eq. 1: for x with n entries,
/// <code>sparseness(x) = (√n − ‖x‖₁ / ‖x‖₂) / (√n − 1)</code>
/// It is 1 for a vector with a single non-zero entry, 0 for a vector whose entries all have the same magnitude,
/// and moves smoothly in between; it ignores scale and sign (‖x‖₁ uses |xᵢ|), so it compares an NMF basis with a
/// signed PCA basis on equal terms.
/// </summary>
/// <remarks>
/// Conventions where eq. 1 is undefined: the zero vector (‖x‖₂ = 0) has sparseness 1 (no non-zero entry at all,
/// the sparsest possible); a vector needs at least 2 entries (√n − 1 = 0 for n = 1). Results are clamped to
/// [0, 1] against rounding. Norms are accumulated in double precision whatever the element type is.
/// </remarks>
public static class HoyerSparseness
{
    /// <summary>The sparseness of <paramref name="x"/>, in [0, 1].</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="x">The vector (at least 2 entries, all finite).</param>
    /// <exception cref="ArgumentException">x has fewer than 2 entries or holds a NaN or infinite value.</exception>
    public static double Of<T>(ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.Length < 2)
            throw new ArgumentException($"Hoyer sparseness needs a vector of at least 2 entries, but it has {x.Length}.", nameof(x));
        return Compute(x, row: -1, nameof(x));
    }

    /// <summary>The sparseness of each row of <paramref name="matrix"/> (for NMF's H, of each component).</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="matrix">The rows to measure (at least 1 row, at least 2 columns, all finite).</param>
    /// <returns>One value in [0, 1] per row.</returns>
    /// <exception cref="ArgumentException">The matrix has no rows, fewer than 2 columns, or a NaN or infinite value.</exception>
    public static double[] OfRows<T>(ReadOnlyMatrixSpan<T> matrix) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (matrix.Rows < 1 || matrix.Cols < 2)
            throw new ArgumentException(
                $"Hoyer sparseness of rows needs at least 1 row of at least 2 entries, but the matrix is {matrix.Rows}×{matrix.Cols}.", nameof(matrix));
        var result = new double[matrix.Rows];
        for (int i = 0; i < matrix.Rows; i++) result[i] = Compute(matrix.Row(i), i, nameof(matrix));
        return result;
    }

    /// <summary>The mean over rows of <see cref="OfRows{T}(ReadOnlyMatrixSpan{T})"/>: one number for a whole basis.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="matrix">The rows to measure (at least 1 row, at least 2 columns, all finite).</param>
    /// <exception cref="ArgumentException">The matrix has no rows, fewer than 2 columns, or a NaN or infinite value.</exception>
    public static double MeanOfRows<T>(ReadOnlyMatrixSpan<T> matrix) where T : unmanaged, IFloatingPointIeee754<T> =>
        OfRows(matrix).Average();

    private static double Compute<T>(ReadOnlySpan<T> x, int row, string paramName) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double l1 = 0;
        for (int j = 0; j < x.Length; j++)
        {
            T v = x[j];
            if (!T.IsFinite(v)) ThrowNotFinite(row, j, double.CreateTruncating(v), paramName);
            l1 += double.CreateTruncating(T.Abs(v));
        }
        double l2 = Math.Sqrt(Reductions.SumOfSquares(x));
        if (l2 == 0) return 1;
        double rootN = Math.Sqrt(x.Length);
        return Math.Clamp((rootN - l1 / l2) / (rootN - 1), 0, 1);
    }

    private static void ThrowNotFinite(int row, int col, double value, string paramName) =>
        throw new ArgumentException(
            row < 0
                ? string.Create(CultureInfo.InvariantCulture, $"Hoyer sparseness needs finite values, but entry {col} is {value}.")
                : string.Create(CultureInfo.InvariantCulture, $"Hoyer sparseness needs finite values, but entry ({row}, {col}) is {value}."),
            paramName);
}
