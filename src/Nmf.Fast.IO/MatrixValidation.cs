// Checks that a loaded matrix holds only finite, non-negative values, reporting the first bad position.
using System.Numerics;
using Nmf.Fast.Memory;

namespace Nmf.Fast.IO;

/// <summary>
/// Content checks the readers deliberately do not make (a file of negative numbers is a valid file; it is
/// NMF that cannot use it). Positions in messages are 0-based (row, column), the same as the API's indexers.
/// </summary>
public static class MatrixValidation
{
    /// <summary>Throws if any value is NaN, infinite or negative, naming the file, the first such position and its value.</summary>
    /// <exception cref="InvalidDataException">A value is NaN, ±Inf or negative.</exception>
    public static void EnsureFiniteNonNegative<T>(string path, ReadOnlyMatrixSpan<T> matrix) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < matrix.Rows; i++)
        {
            var row = matrix.Row(i);
            for (int j = 0; j < row.Length; j++)
                if (!IsFiniteNonNegative(row[j])) Throw(path, i, j, row[j]);
        }
    }

    /// <summary>Throws if any stored value is NaN, infinite or negative, naming the file, the first such position and its value.</summary>
    /// <exception cref="InvalidDataException">A stored value is NaN, ±Inf or negative.</exception>
    public static void EnsureFiniteNonNegative<T>(string path, CsrMatrix<T> matrix) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(matrix);
        for (int i = 0; i < matrix.Rows; i++)
        {
            var columns = matrix.RowColumnIndices(i);
            var values = matrix.RowValues(i);
            for (int k = 0; k < values.Length; k++)
                if (!IsFiniteNonNegative(values[k])) Throw(path, i, columns[k], values[k]);
        }
    }

    private static bool IsFiniteNonNegative<T>(T value) where T : IFloatingPointIeee754<T> =>
        T.IsFinite(value) && value >= T.Zero;

    private static void Throw<T>(string path, int row, int col, T value) where T : IFloatingPointIeee754<T>
    {
        string kind = T.IsNaN(value) ? "NaN" : T.IsInfinity(value) ? (T.IsNegative(value) ? "-Inf" : "+Inf") : "negative";
        string shown = T.IsNaN(value) ? "NaN" : T.IsPositiveInfinity(value) ? "+Inf" : T.IsNegativeInfinity(value) ? "-Inf"
            : value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        throw new InvalidDataException(
            $"{path}: the value at row {row}, column {col} (0-based) is {shown} ({kind}); NMF needs finite, non-negative values.");
    }
}
