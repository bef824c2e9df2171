// A read-only, non-owning, row-major view of a matrix block: rows × cols with a row stride.
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Nmf.Fast.Validation;

namespace Nmf.Fast.Memory;

/// <summary>
/// A read-only view of a row-major matrix block; element (i, j) is at offset <c>i·Stride + j</c>.
/// See <see cref="MatrixSpan{T}"/> for the layout.
/// </summary>
[DebuggerDisplay("{Rows}×{Cols}, stride {Stride}")]
public readonly ref struct ReadOnlyMatrixSpan<T> where T : unmanaged
{
    private readonly ref T _origin;

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Number of columns.</summary>
    public int Cols { get; }

    /// <summary>Distance, in elements, between the starts of two consecutive rows (≥ <see cref="Cols"/>).</summary>
    public int Stride { get; }

    /// <summary>Wraps <paramref name="data"/> as a rows × cols matrix with the given row stride.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative or the stride is smaller than cols.</exception>
    /// <exception cref="ArgumentException">The span is too short for the shape.</exception>
    public ReadOnlyMatrixSpan(ReadOnlySpan<T> data, int rows, int cols, int stride)
    {
        ThrowHelper.CheckShape(data.Length, rows, cols, stride);
        _origin = ref MemoryMarshal.GetReference(data);
        Rows = rows;
        Cols = cols;
        Stride = stride;
    }

    /// <summary>Wraps <paramref name="data"/> as a dense rows × cols matrix (stride = cols).</summary>
    public ReadOnlyMatrixSpan(ReadOnlySpan<T> data, int rows, int cols) : this(data, rows, cols, cols) { }

    internal ReadOnlyMatrixSpan(ref T origin, int rows, int cols, int stride)
    {
        Debug.Assert(rows >= 0 && cols >= 0 && stride >= cols);
        _origin = ref origin;
        Rows = rows;
        Cols = cols;
        Stride = stride;
    }

    /// <summary>True when the view has no elements.</summary>
    public bool IsEmpty => Rows == 0 || Cols == 0;

    /// <summary>True when rows follow each other without gaps (stride = cols).</summary>
    public bool IsContiguous => Stride == Cols || Rows <= 1;

    /// <summary>A read-only reference to element (0, 0); valid only when the view is not empty.</summary>
    public ref readonly T Origin => ref _origin;

    /// <summary>Element (i, j).</summary>
    public ref readonly T this[int row, int col]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            if ((uint)row >= (uint)Rows || (uint)col >= (uint)Cols) ThrowHelper.ThrowIndexOutOfRange(row, col, Rows, Cols);
            return ref Unsafe.Add(ref _origin, (nint)row * Stride + col);
        }
    }

    /// <summary>Row <paramref name="row"/> as a span of <see cref="Cols"/> elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<T> Row(int row)
    {
        if ((uint)row >= (uint)Rows) ThrowHelper.ThrowIndexOutOfRange(row, 0, Rows, Cols);
        return MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref _origin, (nint)row * Stride), Cols);
    }

    /// <summary>The block of <paramref name="rows"/> × <paramref name="cols"/> starting at (row, col).</summary>
    public ReadOnlyMatrixSpan<T> Slice(int row, int col, int rows, int cols)
    {
        ThrowHelper.CheckSlice(row, col, rows, cols, Rows, Cols);
        return rows == 0 || cols == 0
            ? new ReadOnlyMatrixSpan<T>(ref _origin, rows, cols, Stride)
            : new ReadOnlyMatrixSpan<T>(ref Unsafe.Add(ref _origin, (nint)row * Stride + col), rows, cols, Stride);
    }

    /// <summary>Rows [row, row + rows) with all columns.</summary>
    public ReadOnlyMatrixSpan<T> SliceRows(int row, int rows) => Slice(row, 0, rows, Cols);

    /// <summary>The whole data as one span; only for contiguous views.</summary>
    public ReadOnlySpan<T> AsSpan()
    {
        if (!IsContiguous) ThrowHelper.ThrowNotContiguous(Rows, Cols, Stride);
        return MemoryMarshal.CreateReadOnlySpan(ref _origin, Rows * Cols);
    }

    /// <summary>Copies this view into <paramref name="destination"/>, which must have the same shape.</summary>
    public void CopyTo(MatrixSpan<T> destination)
    {
        ThrowHelper.CheckSameShape(Rows, Cols, destination.Rows, destination.Cols, nameof(destination));
        for (int i = 0; i < Rows; i++) Row(i).CopyTo(destination.Row(i));
    }
}
