// An owning, row-major, 64-byte-aligned dense matrix.
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Nmf.Fast.Validation;

namespace Nmf.Fast.Memory;

/// <summary>
/// An owning dense matrix in row-major order (stride = cols). The storage is a pinned array whose
/// first element is aligned to 64 bytes (one cache line, one <c>Vector512</c>), so kernels may use
/// aligned loads on row 0 and views never move under a running kernel.
/// </summary>
[DebuggerDisplay("Matrix<{typeof(T).Name}> {Rows}×{Cols}")]
public sealed class Matrix<T> where T : unmanaged
{
    private const int Alignment = 64;
    private readonly T[] _buffer;
    private readonly int _offset;

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Number of columns.</summary>
    public int Cols { get; }

    /// <summary>Number of elements, rows × cols.</summary>
    public int Length => Rows * Cols;

    /// <summary>A zero-filled rows × cols matrix.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative or rows × cols overflows.</exception>
    public Matrix(int rows, int cols)
    {
        ThrowHelper.CheckDimensions(rows, cols);
        Rows = rows;
        Cols = cols;
        int pad = Alignment / Unsafe.SizeOf<T>();
        _buffer = GC.AllocateArray<T>(rows * cols + pad, pinned: true);
        _offset = AlignedOffset(_buffer);
    }

    /// <summary>A rows × cols matrix holding a copy of <paramref name="values"/> (row-major).</summary>
    /// <exception cref="ArgumentException">The number of values is not rows × cols.</exception>
    public Matrix(int rows, int cols, ReadOnlySpan<T> values) : this(rows, cols)
    {
        if (values.Length != rows * cols) ThrowHelper.ThrowLengthMismatch(values.Length, rows, cols, nameof(values));
        values.CopyTo(AsSpan());
    }

    /// <summary>A copy of a two-dimensional array.</summary>
    public static Matrix<T> FromArray(T[,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var m = new Matrix<T>(values.GetLength(0), values.GetLength(1));
        for (int i = 0; i < m.Rows; i++)
            for (int j = 0; j < m.Cols; j++)
                m[i, j] = values[i, j];
        return m;
    }

    /// <summary>A copy of a read-only view.</summary>
    public static Matrix<T> CopyOf(ReadOnlyMatrixSpan<T> view)
    {
        var m = new Matrix<T>(view.Rows, view.Cols);
        view.CopyTo(m.AsMatrixSpan());
        return m;
    }

    private static unsafe int AlignedOffset(T[] buffer)
    {
        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
        int misalignment = (int)(address & (Alignment - 1));
        return misalignment == 0 ? 0 : (Alignment - misalignment) / Unsafe.SizeOf<T>();
    }

    /// <summary>Element (i, j).</summary>
    public ref T this[int row, int col]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            if ((uint)row >= (uint)Rows || (uint)col >= (uint)Cols) ThrowHelper.ThrowIndexOutOfRange(row, col, Rows, Cols);
            return ref _buffer[_offset + row * Cols + col];
        }
    }

    /// <summary>All elements, row-major.</summary>
    public Span<T> AsSpan() => _buffer.AsSpan(_offset, Rows * Cols);

    /// <summary>Row <paramref name="row"/>.</summary>
    public Span<T> Row(int row)
    {
        if ((uint)row >= (uint)Rows) ThrowHelper.ThrowIndexOutOfRange(row, 0, Rows, Cols);
        return _buffer.AsSpan(_offset + row * Cols, Cols);
    }

    /// <summary>A writable view of the whole matrix.</summary>
    public MatrixSpan<T> AsMatrixSpan() => new(AsSpan(), Rows, Cols, Cols);

    /// <summary>A read-only view of the whole matrix.</summary>
    public ReadOnlyMatrixSpan<T> AsReadOnlyMatrixSpan() => new(AsSpan(), Rows, Cols, Cols);

    /// <summary>Implicit writable view.</summary>
    public static implicit operator MatrixSpan<T>(Matrix<T> matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        return matrix.AsMatrixSpan();
    }

    /// <summary>Implicit read-only view.</summary>
    public static implicit operator ReadOnlyMatrixSpan<T>(Matrix<T> matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        return matrix.AsReadOnlyMatrixSpan();
    }

    /// <summary>A deep copy.</summary>
    public Matrix<T> Clone() => new(Rows, Cols, AsSpan());

    /// <summary>The values as a two-dimensional array (for tests and small outputs).</summary>
    public T[,] ToArray()
    {
        var a = new T[Rows, Cols];
        for (int i = 0; i < Rows; i++)
            for (int j = 0; j < Cols; j++)
                a[i, j] = this[i, j];
        return a;
    }
}
