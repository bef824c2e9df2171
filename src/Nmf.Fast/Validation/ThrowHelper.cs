// Cold throw helpers for shape and index checks, so hot callers stay small and inlinable.
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Nmf.Fast.Validation;

internal static class ThrowHelper
{
    public static void CheckDimensions(int rows, int cols)
    {
        if (rows < 0) ThrowNegative(nameof(rows), rows);
        if (cols < 0) ThrowNegative(nameof(cols), cols);
        if ((long)rows * cols > Array.MaxLength - 64) ThrowTooLarge(rows, cols);
    }

    public static void CheckShape(int length, int rows, int cols, int stride)
    {
        CheckDimensions(rows, cols);
        if (stride < cols) ThrowStride(stride, cols);
        long needed = rows == 0 || cols == 0 ? 0 : (long)(rows - 1) * stride + cols;
        if (needed > length) ThrowTooShort(length, rows, cols, stride, needed);
    }

    public static void CheckSlice(int row, int col, int rows, int cols, int parentRows, int parentCols)
    {
        if (row < 0 || rows < 0 || (long)row + rows > parentRows || col < 0 || cols < 0 || (long)col + cols > parentCols)
            ThrowSlice(row, col, rows, cols, parentRows, parentCols);
    }

    public static void CheckSameShape(int rows, int cols, int otherRows, int otherCols, string paramName)
    {
        if (rows != otherRows || cols != otherCols)
            throw new ArgumentException($"Expected a {rows}×{cols} matrix but got {otherRows}×{otherCols}.", paramName);
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowIndexOutOfRange(int row, int col, int rows, int cols) =>
        throw new ArgumentOutOfRangeException(nameof(row), $"Index ({row}, {col}) is outside a {rows}×{cols} matrix.");

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowNotContiguous(int rows, int cols, int stride) =>
        throw new InvalidOperationException($"The {rows}×{cols} view with stride {stride} is not contiguous.");

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowLengthMismatch(int length, int rows, int cols, string paramName) =>
        throw new ArgumentException($"Got {length} values for a {rows}×{cols} matrix ({(long)rows * cols} expected).", paramName);

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNegative(string name, int value) =>
        throw new ArgumentOutOfRangeException(name, value, $"The number of {name} must be non-negative.");

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowTooLarge(int rows, int cols) =>
        throw new ArgumentOutOfRangeException(nameof(rows), $"A {rows}×{cols} matrix has more elements than an array can hold.");

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowStride(int stride, int cols) =>
        throw new ArgumentOutOfRangeException(nameof(stride), stride, $"The row stride ({stride}) must be at least the number of columns ({cols}).");

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowTooShort(int length, int rows, int cols, int stride, long needed) =>
        throw new ArgumentException($"A {rows}×{cols} view with stride {stride} needs {needed} elements but the span has {length}.", "data");

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowSlice(int row, int col, int rows, int cols, int parentRows, int parentCols) =>
        throw new ArgumentOutOfRangeException(nameof(row), $"The block at ({row}, {col}) of size {rows}×{cols} does not fit in a {parentRows}×{parentCols} matrix.");
}
