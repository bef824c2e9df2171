// A pointer-based matrix view of pinned memory that, unlike the ref-struct views, can be captured by parallel workers.
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Nmf.Fast.Memory;

/// <summary>
/// rows × cols at <c>Origin + i·Stride + j</c>, over memory the creator keeps pinned (a <c>fixed</c> block
/// or a pinned array) for as long as the view is used. Parallel loops need it because a
/// <see cref="MatrixSpan{T}"/> is a ref struct and cannot cross into a worker delegate.
/// </summary>
internal readonly unsafe struct PinnedMatrixView<T> where T : unmanaged
{
    public readonly T* Origin;
    public readonly int Rows;
    public readonly int Cols;
    public readonly int Stride;

    public PinnedMatrixView(T* origin, int rows, int cols, int stride)
    {
        Debug.Assert(origin != null && rows > 0 && cols > 0 && stride >= cols);
        Origin = origin;
        Rows = rows;
        Cols = cols;
        Stride = stride;
    }

    /// <summary>Element (i, j), unchecked.</summary>
    public ref T this[int row, int col]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref Origin[(nint)row * Stride + col];
    }

    /// <summary>Row <paramref name="row"/>, unchecked.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<T> Row(int row) => new(Origin + (nint)row * Stride, Cols);

    public PinnedMatrixView<T> Slice(int row, int col, int rows, int cols)
    {
        Debug.Assert(row >= 0 && col >= 0 && rows > 0 && cols > 0 && row + rows <= Rows && col + cols <= Cols);
        return new PinnedMatrixView<T>(Origin + (nint)row * Stride + col, rows, cols, Stride);
    }

    public MatrixSpan<T> AsSpan() => new(ref *Origin, Rows, Cols, Stride);

    public ReadOnlyMatrixSpan<T> AsReadOnly() => new(ref *Origin, Rows, Cols, Stride);
}
