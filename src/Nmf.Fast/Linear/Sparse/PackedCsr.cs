// X or Xᵀ in the narrowest CSR storage that keeps every value exact: 16-bit column indices, and byte or float values where they fit.
using System.Buffers;
using System.Numerics;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Linear.Sparse;

/// <summary>
/// The CSR arrays a fit streams through the product kernels twice per iteration, stored as narrow as they go without
/// changing a single value: column indices as <see cref="ushort"/> when there are at most 65536 columns; values as
/// <see cref="byte"/> when every stored value is an integer 0–255 (counts and binary data — the usual document-term
/// matrix), else, for a <see cref="double"/> matrix, as <see cref="float"/> when every value converts to float and back
/// exactly. The kernels convert each value back to T before using it (a byte converts exactly), so a product over the
/// packed arrays has the same bits as over the original ones.
/// </summary>
/// <remarks>
/// Why: each stored entry of a product gathers one k-long row of the dense operand (160 bytes at k = 20 in double)
/// from L2/L3 while the entry itself (12 bytes as int + double) streams through the same caches. Halving the stream
/// (6 bytes per entry) leaves more of L2 to the gathered rows; measured on the issue-4 shape (20000×5000, nnz 10⁶,
/// k = 20, one thread) X·Hᵀ went from ≈ 2.7 to ≈ 2.2 ms and Xᵀ·W from ≈ 3.5 to ≈ 2.8 ms (docs/sparse.md).
/// Byte values take the entry to 3 bytes: 6 MB less per sparse HALS iteration at nnz = 10⁶ than float values.
/// Memory: the packed X (when it narrows anything) plus the packed Xᵀ take at most the bytes of one unpacked Xᵀ when
/// both the indices and the values narrow, which is what a fit held before.
/// <code>
///   int   column indices  [ 4 B ][ 4 B ] …      →   ushort [2][2] …     (cols ≤ 65536)
///   T values              [ 8 B (double) ] …    →   byte   [1] …        (every value an integer 0–255, not −0)
///                                               →   float  [ 4 ] …      (else, double only: every value exact in float)
/// </code>
/// </remarks>
internal sealed unsafe class PackedCsr<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Largest column count whose indices fit <see cref="ushort"/>.</summary>
    internal const int MaxNarrowColumns = ushort.MaxValue + 1;

    private readonly CsrMatrix<T>? _source;
    private readonly int[] _rowPointers;
    private readonly int[]? _wideColumns;
    private readonly ushort[]? _narrowColumns;
    private readonly T[]? _wideValues;
    private readonly float[]? _narrowValues;
    private readonly byte[]? _byteValues;

    private PackedCsr(int rows, int cols, CsrMatrix<T>? source, int[] rowPointers, int[]? wideColumns, ushort[]? narrowColumns, T[]? wideValues, float[]? narrowValues,
        byte[]? byteValues = null)
    {
        _byteValues = byteValues;
        Rows = rows;
        Cols = cols;
        _source = source;
        _rowPointers = rowPointers;
        _wideColumns = wideColumns;
        _narrowColumns = narrowColumns;
        _wideValues = wideValues;
        _narrowValues = narrowValues;
    }

    /// <summary>Rows.</summary>
    public int Rows { get; }

    /// <summary>Columns.</summary>
    public int Cols { get; }

    /// <summary>Stored entries.</summary>
    public int NonZeroCount => RowPointers[Rows];

    /// <summary>True when the column indices are stored as <see cref="ushort"/>.</summary>
    public bool NarrowColumns => _narrowColumns is not null;

    /// <summary>True when the values are stored as <see cref="float"/> (T is double).</summary>
    public bool NarrowValues => _narrowValues is not null;

    /// <summary>Row pointers (rows + 1, from 0).</summary>
    public ReadOnlySpan<int> RowPointers => _source is null ? _rowPointers : _source.RowPointers;

    /// <summary>Column indices as int (empty when <see cref="NarrowColumns"/>).</summary>
    public ReadOnlySpan<int> WideColumnIndices => _narrowColumns is not null ? default : _wideColumns ?? _source!.ColumnIndices;

    /// <summary>Column indices as ushort (empty unless <see cref="NarrowColumns"/>).</summary>
    public ReadOnlySpan<ushort> NarrowColumnIndices => _narrowColumns;

    /// <summary>Values as T (empty when <see cref="NarrowValues"/> or <see cref="ByteValues"/>).</summary>
    public ReadOnlySpan<T> WideValues => _narrowValues is not null || _byteValues is not null ? default : _wideValues ?? _source!.Values;

    /// <summary>Values as float (empty unless <see cref="NarrowValues"/>).</summary>
    public ReadOnlySpan<float> NarrowValueSpan => _narrowValues;

    /// <summary>True when the values are stored as <see cref="byte"/> (every value an integer 0–255).</summary>
    public bool ByteValues => _byteValues is not null;

    /// <summary>Values as byte (empty unless <see cref="ByteValues"/>).</summary>
    public ReadOnlySpan<byte> ByteValueSpan => _byteValues;

    /// <summary>Bytes held beyond the source matrix (X's own row pointers, and its indices or values where they do not narrow, are shared, not copied).</summary>
    public long ExtraBytes => 4L * _rowPointers.Length + 2L * (_narrowColumns?.Length ?? 0) + 4L * (_wideColumns?.Length ?? 0)
        + 4L * (_narrowValues?.Length ?? 0) + (_byteValues?.Length ?? 0) + (_wideValues?.Length ?? 0) * (long)System.Runtime.CompilerServices.Unsafe.SizeOf<T>();

    /// <summary>
    /// X packed: narrowed copies of its column indices and values where they narrow, X's own arrays where they do not
    /// (nothing is copied when neither narrows). One pass over the stored entries, split over
    /// <paramref name="maxDegreeOfParallelism"/> threads, converts and checks the values together (<see cref="CsrNarrowing"/>).
    /// </summary>
    /// <param name="x">The matrix.</param>
    /// <param name="maxDegreeOfParallelism">Threads to use (−1 for all cores); the result is the same for any count.</param>
    public static PackedCsr<T> Pack(CsrMatrix<T> x, int maxDegreeOfParallelism = 1)
    {
        ArgumentNullException.ThrowIfNull(x);
        bool narrowColumns = x.Cols <= MaxNarrowColumns;
        bool tryValues = typeof(T) == typeof(double);

        int nnz = x.NonZeroCount;
        bool bytes = CsrNarrowing.AllBytes(x.Values[..nnz], maxDegreeOfParallelism);
        tryValues &= !bytes;
        // Uninitialised: every element is written by the pass below (first touched by the thread that fills it).
        ushort[]? narrow = narrowColumns ? GC.AllocateUninitializedArray<ushort>(nnz) : null;
        float[]? narrowValues = tryValues ? GC.AllocateUninitializedArray<float>(nnz) : null;
        byte[]? byteValues = bytes ? GC.AllocateUninitializedArray<byte>(nnz) : null;
        bool exact = CsrNarrowing.Run(x.ColumnIndices[..nnz], x.Values[..nnz], narrow, narrowValues, byteValues, maxDegreeOfParallelism);
        if (!exact) narrowValues = null;
        if (narrow is null && narrowValues is null && byteValues is null) return AsStored(x);
        return new PackedCsr<T>(x.Rows, x.Cols, x, [], null, narrow, null, narrowValues, byteValues);
    }

    /// <summary>
    /// X as stored: a view that shares X's own arrays (int indices, T values), nothing copied or narrowed. For a pass
    /// that runs once (a fit's first iteration), where writing the narrowed copy would cost more than it saves.
    /// </summary>
    /// <param name="x">The matrix.</param>
    public static PackedCsr<T> AsStored(CsrMatrix<T> x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return new PackedCsr<T>(x.Rows, x.Cols, x, [], null, null, null, null);
    }

    /// <summary>Xᵀ (X in CSC form) built straight into packed arrays by <see cref="SparseTranspose"/>'s counting sort: no unpacked Xᵀ exists on the way.</summary>
    public static PackedCsr<T> PackTransposed(CsrMatrix<T> x) => PackTransposed(x, null, 1);

    /// <summary>
    /// Xᵀ packed, built by <see cref="SparseTranspose.BuildParallel"/> on <paramref name="maxDegreeOfParallelism"/> threads
    /// (the same arrays for any count). With <paramref name="packed"/> (X packed) its value check is reused and its
    /// narrowed values are what the sort carries (4 bytes an entry instead of 8).
    /// </summary>
    /// <param name="x">The matrix.</param>
    /// <param name="packed">X packed by <see cref="Pack"/>, or null.</param>
    /// <param name="maxDegreeOfParallelism">Threads to use (−1 for all cores).</param>
    public static PackedCsr<T> PackTransposed(CsrMatrix<T> x, PackedCsr<T>? packed, int maxDegreeOfParallelism)
    {
        ArgumentNullException.ThrowIfNull(x);
        return PackTransposedRows(x, packed, maxDegreeOfParallelism, 0, x.Rows, x.Rows <= MaxNarrowColumns);
    }

    /// <summary>
    /// X's rows [<paramref name="rowStart"/>, <paramref name="rowEnd"/>) transposed and packed: an x.Cols × (rowEnd −
    /// rowStart) matrix whose column c is X's row rowStart + c. Cut at the same boundary, the two pieces of Xᵀ hold
    /// every entry of Xᵀ once, each row's entries in X's row order (<see cref="Solvers.Hals.SparseHalsStep"/> gives each
    /// thread the piece whose factor rows it wrote). Storage as in <see cref="PackTransposed(CsrMatrix{T}, PackedCsr{T}?, int)"/>,
    /// except that the caller picks the index width, so that pieces of one matrix share one storage.
    /// </summary>
    /// <param name="x">The matrix.</param>
    /// <param name="packed">X packed by <see cref="Pack"/>, or null.</param>
    /// <param name="maxDegreeOfParallelism">Threads to use (−1 for all cores).</param>
    /// <param name="rowStart">First row of X in the piece.</param>
    /// <param name="rowEnd">One past the last.</param>
    /// <param name="narrowColumns">Store the piece's column indices as ushort (requires rowEnd − rowStart ≤ 65536).</param>
    /// <exception cref="ArgumentOutOfRangeException">The row range is not within X, or too wide for narrow indices.</exception>
    public static PackedCsr<T> PackTransposedRows(CsrMatrix<T> x, PackedCsr<T>? packed, int maxDegreeOfParallelism, int rowStart, int rowEnd, bool narrowColumns)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (rowStart < 0 || rowEnd > x.Rows || rowStart > rowEnd)
            throw new ArgumentOutOfRangeException(nameof(rowStart), $"Rows [{rowStart}, {rowEnd}) are not within X's {x.Rows} rows.");
        if (narrowColumns && rowEnd - rowStart > MaxNarrowColumns)
            throw new ArgumentOutOfRangeException(nameof(narrowColumns), $"{rowEnd - rowStart} rows do not fit 16-bit indices.");
        int rows = rowEnd - rowStart;
        int first = x.RowPointers[rowStart], last = x.RowPointers[rowEnd], nnz = last - first;
        int dop = maxDegreeOfParallelism;
        bool byteValues = packed?.ByteValues ?? CsrNarrowing.AllBytes(x.Values[..x.NonZeroCount], dop);
        bool narrowValues = !byteValues && (packed?.NarrowValues ?? ValuesFitFloat(x.Values[..x.NonZeroCount]));
        var rowPointers = new int[x.Cols + 1];
        int[]? wideColumns = narrowColumns ? null : GC.AllocateUninitializedArray<int>(nnz);
        ushort[]? narrow = narrowColumns ? GC.AllocateUninitializedArray<ushort>(nnz) : null;
        T[]? wideValues = narrowValues || byteValues ? null : GC.AllocateUninitializedArray<T>(nnz);
        float[]? narrowValueArray = narrowValues ? GC.AllocateUninitializedArray<float>(nnz) : null;
        byte[]? byteValueArray = byteValues ? GC.AllocateUninitializedArray<byte>(nnz) : null;
        // The block's row pointers from 0, and its entries (the transpose's "column" of an entry is its row in the block).
        int[]? rebased = rowStart == 0 ? null : ArrayPool<int>.Shared.Rent(rows + 1);
        try
        {
            ReadOnlySpan<int> rp = x.RowPointers[..(rowEnd + 1)];
            if (rebased is not null)
            {
                for (int i = 0; i <= rows; i++) rebased[i] = x.RowPointers[rowStart + i] - first;
                rp = rebased.AsSpan(0, rows + 1);
            }
            ReadOnlySpan<int> ci = x.ColumnIndices[first..last];
            ReadOnlySpan<T> v = x.Values[first..last];
            if (byteValues)
            {
                // Bytes are carried as bytes (1 byte an entry through the sort), from the packed X's when there is one.
                if (packed is { ByteValues: true })
                {
                    ReadOnlySpan<byte> b = packed.ByteValueSpan[first..last];
                    if (narrowColumns) SparseTranspose.BuildParallel<byte, ushort, byte>(rp, ci, b, rows, x.Cols, rowPointers, narrow, byteValueArray, dop);
                    else SparseTranspose.BuildParallel<byte, int, byte>(rp, ci, b, rows, x.Cols, rowPointers, wideColumns, byteValueArray, dop);
                }
                else if (narrowColumns) SparseTranspose.BuildParallel<T, ushort, byte>(rp, ci, v, rows, x.Cols, rowPointers, narrow, byteValueArray, dop);
                else SparseTranspose.BuildParallel<T, int, byte>(rp, ci, v, rows, x.Cols, rowPointers, wideColumns, byteValueArray, dop);
            }
            else if (narrowValues && packed is { NarrowValues: true })
            {
                // The packed X's float values are the exact values: carry 4 bytes an entry.
                ReadOnlySpan<float> f = packed.NarrowValueSpan[first..last];
                if (narrowColumns) SparseTranspose.BuildParallel<float, ushort, float>(rp, ci, f, rows, x.Cols, rowPointers, narrow, narrowValueArray, dop);
                else SparseTranspose.BuildParallel<float, int, float>(rp, ci, f, rows, x.Cols, rowPointers, wideColumns, narrowValueArray, dop);
            }
            else
            {
                switch (narrowColumns, narrowValues)
                {
                    case (true, true): SparseTranspose.BuildParallel<T, ushort, float>(rp, ci, v, rows, x.Cols, rowPointers, narrow, narrowValueArray, dop); break;
                    case (true, false): SparseTranspose.BuildParallel<T, ushort, T>(rp, ci, v, rows, x.Cols, rowPointers, narrow, wideValues, dop); break;
                    case (false, true): SparseTranspose.BuildParallel<T, int, float>(rp, ci, v, rows, x.Cols, rowPointers, wideColumns, narrowValueArray, dop); break;
                    default: SparseTranspose.BuildParallel<T, int, T>(rp, ci, v, rows, x.Cols, rowPointers, wideColumns, wideValues, dop); break;
                }
            }
        }
        finally
        {
            if (rebased is not null) ArrayPool<int>.Shared.Return(rebased);
        }
        return new PackedCsr<T>(x.Cols, rows, null, rowPointers, wideColumns, narrow, wideValues, narrowValueArray, byteValueArray);
    }

    /// <summary>
    /// Runs <paramref name="action"/> on this matrix's arrays, pinned, with its storage as type arguments: TIndex
    /// <see cref="ushort"/> or <see cref="int"/>, TValue <see cref="byte"/>, <see cref="float"/> or T (read through
    /// <see cref="PackedEntries"/>). The one place that turns the storage into kernel instantiations.
    /// </summary>
    public void Run<TAction>(ref TAction action) where TAction : struct, IPackedRowsAction, allows ref struct
    {
        fixed (int* rp = RowPointers)
        fixed (int* wideColumns = WideColumnIndices)
        fixed (ushort* narrowColumns = NarrowColumnIndices)
        fixed (T* wideValues = WideValues)
        fixed (float* narrowValues = NarrowValueSpan)
        fixed (byte* byteValues = ByteValueSpan)
        {
            if (NarrowColumns)
            {
                if (ByteValues) action.Run<ushort, byte>(rp, narrowColumns, byteValues);
                else if (NarrowValues) action.Run<ushort, float>(rp, narrowColumns, narrowValues);
                else action.Run<ushort, T>(rp, narrowColumns, wideValues);
            }
            else
            {
                if (ByteValues) action.Run<int, byte>(rp, wideColumns, byteValues);
                else if (NarrowValues) action.Run<int, float>(rp, wideColumns, narrowValues);
                else action.Run<int, T>(rp, wideColumns, wideValues);
            }
        }
    }

    /// <summary>True when <paramref name="other"/> stores its indices and values as this matrix does.</summary>
    public bool SameStorage(PackedCsr<T> other) =>
        other.NarrowColumns == NarrowColumns && other.ByteValues == ByteValues && other.NarrowValues == NarrowValues;

    /// <summary>
    /// Runs <paramref name="action"/> on this matrix's arrays and <paramref name="other"/>'s together, both pinned, with
    /// their common storage as type arguments (the two pieces of one Xᵀ, <see cref="PackTransposedRows"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The two do not share one storage.</exception>
    public void RunWith<TAction>(PackedCsr<T> other, ref TAction action) where TAction : struct, IPackedPairAction
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!SameStorage(other)) throw new ArgumentException("The two matrices store their indices or values differently.", nameof(other));
        var outer = new PairFirst<TAction>(other, action);
        Run(ref outer);
        action = outer.Action;
    }

    /// <summary>Pins the first matrix, then runs the second with the first's arrays carried along.</summary>
    private struct PairFirst<TAction>(PackedCsr<T> second, TAction action) : IPackedRowsAction where TAction : struct, IPackedPairAction
    {
        public TAction Action = action;

        public void Run<TIndex, TValue>(int* rowPointers, void* columns, void* values) where TIndex : unmanaged where TValue : unmanaged
        {
            var inner = new PairSecond<TAction>(rowPointers, columns, values, Action);
            second.Run(ref inner);
            Action = inner.Action;
        }
    }

    /// <summary>Runs the pair action with both matrices' arrays (the same storage, so the same type arguments).</summary>
    private struct PairSecond<TAction>(int* firstRowPointers, void* firstColumns, void* firstValues, TAction action) : IPackedRowsAction
        where TAction : struct, IPackedPairAction
    {
        public TAction Action = action;

        public void Run<TIndex, TValue>(int* rowPointers, void* columns, void* values) where TIndex : unmanaged where TValue : unmanaged =>
            Action.Run<TIndex, TValue>(firstRowPointers, firstColumns, firstValues, rowPointers, columns, values);
    }

    /// <summary>True when T is double and every value survives the round trip through float (NaN never occurs: X is validated finite).</summary>
    internal static bool ValuesFitFloat(ReadOnlySpan<T> values)
    {
        if (typeof(T) != typeof(double)) return false;
        foreach (T v in values)
        {
            double d = double.CreateTruncating(v);
            if ((double)(float)d != d) return false;
        }
        return true;
    }
}
