// Checks of matrix values at the public boundary: non-negative and finite, naming the first bad position.
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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
            int j = IndexOfNegativeOrNonFinite(matrix.Row(i));
            if (j >= 0) ThrowBadValue(what, i, j, double.CreateChecked(matrix.Row(i)[j]), paramName);
        }
    }

    /// <summary>
    /// The index of the first NaN, infinite or negative value, or −1. Vectorised: a block of four vectors is tested
    /// with two comparisons per vector (v ≥ 0 is false for NaN and negatives; v = +∞ catches the rest) and only a block
    /// that fails is searched element by element, so a valid input costs one streaming read.
    /// </summary>
    public static int IndexOfNegativeOrNonFinite<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int p = 0;
        if (Vector512.IsHardwareAccelerated && values.Length >= 4 * Vector512<T>.Count)
        {
            int lanes = Vector512<T>.Count;
            ref T start = ref MemoryMarshal.GetReference(values);
            var zero = Vector512<T>.Zero;
            var infinity = Vector512.Create(T.PositiveInfinity);
            for (; p <= values.Length - 4 * lanes; p += 4 * lanes)
            {
                var v0 = Vector512.LoadUnsafe(ref start, (nuint)p);
                var v1 = Vector512.LoadUnsafe(ref start, (nuint)(p + lanes));
                var v2 = Vector512.LoadUnsafe(ref start, (nuint)(p + 2 * lanes));
                var v3 = Vector512.LoadUnsafe(ref start, (nuint)(p + 3 * lanes));
                var good = Vector512.GreaterThanOrEqual(v0, zero) & Vector512.GreaterThanOrEqual(v1, zero)
                         & Vector512.GreaterThanOrEqual(v2, zero) & Vector512.GreaterThanOrEqual(v3, zero);
                var infinite = Vector512.Equals(v0, infinity) | Vector512.Equals(v1, infinity)
                             | Vector512.Equals(v2, infinity) | Vector512.Equals(v3, infinity);
                if (!Vector512.EqualsAll(Vector512.AndNot(good, infinite).AsByte(), Vector512<byte>.AllBitsSet)) break;
            }
        }
        for (; p < values.Length; p++)
        {
            T v = values[p];
            // NaN fails every comparison, so one test covers NaN and negatives; +∞ needs its own.
            if (!(v >= T.Zero) || T.IsPositiveInfinity(v)) return p;
        }
        return -1;
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
