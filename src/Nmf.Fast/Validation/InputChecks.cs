// Checks of matrix values at the public boundary: non-negative and finite, naming the first bad position.
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Validation;

internal static class InputChecks
{
    /// <summary>Throws an <see cref="ArgumentException"/> naming the first (row-major) NaN, infinite or negative entry.</summary>
    public static void RequireNonNegativeFinite<T>(ReadOnlyMatrixSpan<T> matrix, string what, string paramName)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < matrix.Rows; i++)
        {
            var row = matrix.Row(i);
            for (int j = 0; j < row.Length; j++)
            {
                T v = row[j];
                // NaN fails every comparison, so one test covers NaN and negatives; +∞ needs its own.
                if (!(v >= T.Zero) || T.IsPositiveInfinity(v)) ThrowBadValue(what, i, j, double.CreateChecked(v), paramName);
            }
        }
    }

    /// <summary>True when some entry is exactly zero.</summary>
    public static bool HasZero<T>(ReadOnlyMatrixSpan<T> matrix) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < matrix.Rows; i++)
            if (matrix.Row(i).Contains(T.Zero)) return true;
        return false;
    }

    /// <summary>Throws when <paramref name="actualRows"/>×<paramref name="actualCols"/> is not <paramref name="rows"/>×<paramref name="cols"/>.</summary>
    /// <param name="actualRows">Rows of the matrix given.</param>
    /// <param name="actualCols">Columns of the matrix given.</param>
    /// <param name="rows">Rows required.</param>
    /// <param name="cols">Columns required.</param>
    /// <param name="what">How the message names the matrix.</param>
    /// <param name="paramName">The offending parameter, for the exception.</param>
    public static void RequireShape(int actualRows, int actualCols, int rows, int cols, string what, string paramName)
    {
        if (actualRows != rows || actualCols != cols)
            throw new ArgumentException($"{what} must be {rows}×{cols} but is {actualRows}×{actualCols}.", paramName);
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowBadValue(string what, int row, int col, double value, string paramName)
    {
        string kind = double.IsNaN(value) ? "NaN" : double.IsInfinity(value) ? "infinite" : "negative";
        throw new ArgumentException(
            string.Create(CultureInfo.InvariantCulture, $"{what} must be non-negative and finite, but entry ({row}, {col}) is {kind} ({value})."),
            paramName);
    }
}
