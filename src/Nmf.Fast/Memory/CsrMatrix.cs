// An immutable compressed-sparse-row (CSR) matrix: validated construction, transpose, densify, norm.
using System.Buffers;
using System.Diagnostics;
using System.Numerics;

namespace Nmf.Fast.Memory;

/// <summary>
/// An immutable sparse matrix in compressed-sparse-row form. Row <c>i</c> holds the entries
/// <c>RowPointers[i] .. RowPointers[i + 1] - 1</c> of <see cref="ColumnIndices"/> and <see cref="Values"/>:
/// <code>
///   [ 1 0 2 ]      RowPointers   = [0, 2, 2, 3]
///   [ 0 0 0 ]      ColumnIndices = [0, 2, 1]
///   [ 0 3 0 ]      Values        = [1, 2, 3]
/// </code>
/// Invariants, established once at construction: row pointers start at 0, never decrease and end at
/// <see cref="NonZeroCount"/>; column indices are in [0, Cols) and strictly increasing within each row
/// (unsorted input is sorted, duplicates are summed in input order); explicit zeros are kept.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
[DebuggerDisplay("CsrMatrix<{typeof(T).Name}> {Rows}×{Cols}, nnz {NonZeroCount}")]
public sealed class CsrMatrix<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int[] _rowPointers;
    private readonly int[] _columnIndices;
    private readonly T[] _values;

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Number of columns.</summary>
    public int Cols { get; }

    /// <summary>Number of stored entries (explicit zeros included).</summary>
    public int NonZeroCount => _values.Length;

    /// <summary>Row start offsets, <see cref="Rows"/> + 1 entries, the last one equal to <see cref="NonZeroCount"/>.</summary>
    public ReadOnlySpan<int> RowPointers => _rowPointers;

    /// <summary>Column index of each stored entry, strictly increasing within a row.</summary>
    public ReadOnlySpan<int> ColumnIndices => _columnIndices;

    /// <summary>Value of each stored entry.</summary>
    public ReadOnlySpan<T> Values => _values;

    /// <summary>
    /// A CSR matrix holding a copy of the given arrays, validated and normalised (columns sorted within
    /// each row, duplicates summed).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">The arrays are inconsistent; the message names the row and position.</exception>
    public CsrMatrix(int rows, int cols, ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> columnIndices, ReadOnlySpan<T> values)
        : this(rows, cols, ValidatedCopy(rows, cols, rowPointers, columnIndices, values, out var ci, out var v), ci, v, normalize: true)
    {
    }

    private CsrMatrix(int rows, int cols, int[] rowPointers, int[] columnIndices, T[] values, bool normalize)
    {
        if (normalize) CsrNormalizer.SortAndSumDuplicates(rows, rowPointers, ref columnIndices, ref values);
        Rows = rows;
        Cols = cols;
        _rowPointers = rowPointers;
        _columnIndices = columnIndices;
        _values = values;
    }

    /// <summary>
    /// A CSR matrix that takes ownership of the given arrays without copying them (readers use this to avoid
    /// holding two copies of a large file). The arrays are validated and normalised in place exactly as by the
    /// constructor; the caller must not use them afterwards.
    /// </summary>
    /// <exception cref="ArgumentException">The arrays are inconsistent; the message names the row and position.</exception>
    public static CsrMatrix<T> TakeOwnership(int rows, int cols, int[] rowPointers, int[] columnIndices, T[] values)
    {
        ArgumentNullException.ThrowIfNull(rowPointers);
        ArgumentNullException.ThrowIfNull(columnIndices);
        ArgumentNullException.ThrowIfNull(values);
        CsrValidation.Validate(rows, cols, rowPointers, columnIndices, values.Length);
        return new CsrMatrix<T>(rows, cols, rowPointers, columnIndices, values, normalize: true);
    }

    /// <summary>
    /// A CSR matrix from coordinate (COO) triplets: entry k is <c>values[k]</c> at
    /// (<c>rowIndices[k]</c>, <c>columnIndices[k]</c>). Triplets may come in any order; duplicates are summed
    /// in input order.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ or an index is out of range; the message names the position.</exception>
    public static CsrMatrix<T> FromTriplets(int rows, int cols, ReadOnlySpan<int> rowIndices, ReadOnlySpan<int> columnIndices, ReadOnlySpan<T> values)
    {
        CsrValidation.CheckDimensions(rows, cols);
        if (rowIndices.Length != columnIndices.Length || rowIndices.Length != values.Length)
            throw new ArgumentException(
                $"The triplet arrays differ in length: {rowIndices.Length} row indices, {columnIndices.Length} column indices, {values.Length} values.",
                nameof(values));
        int nnz = values.Length;
        var rowPointers = new int[rows + 1];
        for (int k = 0; k < nnz; k++)
        {
            int r = rowIndices[k], c = columnIndices[k];
            if ((uint)r >= (uint)rows)
                throw new ArgumentException($"rowIndices[{k}] = {r} is outside [0, {rows}).", nameof(rowIndices));
            if ((uint)c >= (uint)cols)
                throw new ArgumentException($"columnIndices[{k}] = {c} (row {r}) is outside [0, {cols}).", nameof(columnIndices));
            rowPointers[r + 1]++;
        }
        for (int i = 0; i < rows; i++) rowPointers[i + 1] += rowPointers[i];

        // Stable counting sort by row: triplets of one row keep their input order.
        var ci = new int[nnz];
        var v = new T[nnz];
        var next = rowPointers.AsSpan(0, rows).ToArray();
        for (int k = 0; k < nnz; k++)
        {
            int p = next[rowIndices[k]]++;
            ci[p] = columnIndices[k];
            v[p] = values[k];
        }
        return new CsrMatrix<T>(rows, cols, rowPointers, ci, v, normalize: true);
    }

    /// <summary>The non-zero entries of a dense matrix (exact zeros are dropped).</summary>
    public static CsrMatrix<T> FromDense(ReadOnlyMatrixSpan<T> dense)
    {
        long count = 0;
        for (int i = 0; i < dense.Rows; i++)
            foreach (T x in dense.Row(i))
                if (x != T.Zero) count++;
        if (count > Array.MaxLength)
            throw new ArgumentException($"The {dense.Rows}×{dense.Cols} matrix has {count} non-zeros, more than a CSR matrix can hold.", nameof(dense));
        var rowPointers = new int[dense.Rows + 1];
        var ci = new int[count];
        var v = new T[count];
        int p = 0;
        for (int i = 0; i < dense.Rows; i++)
        {
            var row = dense.Row(i);
            for (int j = 0; j < row.Length; j++)
            {
                if (row[j] == T.Zero) continue;
                ci[p] = j;
                v[p++] = row[j];
            }
            rowPointers[i + 1] = p;
        }
        return new CsrMatrix<T>(dense.Rows, dense.Cols, rowPointers, ci, v, normalize: false);
    }

    /// <summary>Column indices of the entries of row <paramref name="row"/>.</summary>
    public ReadOnlySpan<int> RowColumnIndices(int row)
    {
        CheckRow(row);
        return _columnIndices.AsSpan(_rowPointers[row], _rowPointers[row + 1] - _rowPointers[row]);
    }

    /// <summary>Values of the entries of row <paramref name="row"/>.</summary>
    public ReadOnlySpan<T> RowValues(int row)
    {
        CheckRow(row);
        return _values.AsSpan(_rowPointers[row], _rowPointers[row + 1] - _rowPointers[row]);
    }

    /// <summary>
    /// The transpose as a new CSR matrix (equivalently, this matrix in compressed-sparse-column form):
    /// row j of the result lists column j of this matrix, with row indices increasing. O(nnz + rows + cols).
    /// </summary>
    public CsrMatrix<T> Transpose()
    {
        int nnz = NonZeroCount;
        var tRowPointers = new int[Cols + 1];
        foreach (int c in _columnIndices) tRowPointers[c + 1]++;
        for (int j = 0; j < Cols; j++) tRowPointers[j + 1] += tRowPointers[j];
        var next = tRowPointers.AsSpan(0, Cols).ToArray();
        var tColumnIndices = new int[nnz];
        var tValues = new T[nnz];
        for (int i = 0; i < Rows; i++)
        {
            for (int k = _rowPointers[i]; k < _rowPointers[i + 1]; k++)
            {
                int p = next[_columnIndices[k]]++;
                tColumnIndices[p] = i;
                tValues[p] = _values[k];
            }
        }
        // Rows are visited in order, so each transposed row is already sorted and free of duplicates.
        return new CsrMatrix<T>(Cols, Rows, tRowPointers, tColumnIndices, tValues, normalize: false);
    }

    /// <summary>The dense rows × cols matrix (missing entries are zero).</summary>
    /// <exception cref="ArgumentOutOfRangeException">rows × cols exceeds what a dense matrix can hold.</exception>
    public Matrix<T> ToDense()
    {
        var dense = new Matrix<T>(Rows, Cols);
        for (int i = 0; i < Rows; i++)
        {
            var row = dense.Row(i);
            for (int k = _rowPointers[i]; k < _rowPointers[i + 1]; k++) row[_columnIndices[k]] = _values[k];
        }
        return dense;
    }

    /// <summary>‖X‖²_F, the sum of the squared stored values, accumulated in double precision.</summary>
    public T SquaredFrobeniusNorm()
    {
        double sum = 0;
        foreach (T x in _values)
        {
            double d = double.CreateTruncating(x);
            sum += d * d;
        }
        return T.CreateTruncating(sum);
    }

    private void CheckRow(int row)
    {
        if ((uint)row >= (uint)Rows)
            throw new ArgumentOutOfRangeException(nameof(row), row, $"Row {row} is outside a matrix with {Rows} rows.");
    }

    private static int[] ValidatedCopy(int rows, int cols, ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> columnIndices,
        ReadOnlySpan<T> values, out int[] columnIndicesCopy, out T[] valuesCopy)
    {
        CsrValidation.Validate(rows, cols, rowPointers, columnIndices, values.Length);
        columnIndicesCopy = columnIndices.ToArray();
        valuesCopy = values.ToArray();
        return rowPointers.ToArray();
    }

    /// <summary>Sorts each row by column (stable) and sums duplicates, compacting the arrays in place.</summary>
    private static class CsrNormalizer
    {
        public static void SortAndSumDuplicates(int rows, int[] rowPointers, ref int[] columnIndices, ref T[] values)
        {
            int write = 0;
            long[]? keys = null;
            T[]? scratch = null;
            try
            {
                for (int i = 0; i < rows; i++)
                {
                    int start = rowPointers[i], end = rowPointers[i + 1];
                    rowPointers[i] = write;
                    if (IsStrictlyIncreasing(columnIndices.AsSpan(start, end - start)))
                    {
                        if (write != start)
                        {
                            columnIndices.AsSpan(start, end - start).CopyTo(columnIndices.AsSpan(write));
                            values.AsSpan(start, end - start).CopyTo(values.AsSpan(write));
                        }
                        write += end - start;
                        continue;
                    }
                    write = SortRow(columnIndices, values, start, end, write, ref keys, ref scratch);
                }
            }
            finally
            {
                if (keys is not null) ArrayPool<long>.Shared.Return(keys);
                if (scratch is not null) ArrayPool<T>.Shared.Return(scratch);
            }
            rowPointers[rows] = write;
            if (write != values.Length)
            {
                Array.Resize(ref columnIndices, write);
                Array.Resize(ref values, write);
            }
        }

        private static bool IsStrictlyIncreasing(ReadOnlySpan<int> columns)
        {
            for (int k = 1; k < columns.Length; k++)
                if (columns[k] <= columns[k - 1]) return false;
            return true;
        }

        /// <summary>Sorts entries [start, end) by (column, input position) and writes them, merged, from <paramref name="write"/>.</summary>
        private static int SortRow(int[] columnIndices, T[] values, int start, int end, int write, ref long[]? keys, ref T[]? scratch)
        {
            int length = end - start;
            if (keys is null || keys.Length < length)
            {
                if (keys is not null) ArrayPool<long>.Shared.Return(keys);
                if (scratch is not null) ArrayPool<T>.Shared.Return(scratch);
                keys = ArrayPool<long>.Shared.Rent(length);
                scratch = ArrayPool<T>.Shared.Rent(length);
            }
            Debug.Assert(scratch is not null);
            var key = keys.AsSpan(0, length);
            for (int t = 0; t < length; t++) key[t] = ((long)columnIndices[start + t] << 32) | (uint)t;
            key.Sort();
            for (int t = 0; t < length; t++) scratch[t] = values[start + (int)(key[t] & 0xFFFF_FFFF)];
            int previous = -1;
            for (int t = 0; t < length; t++)
            {
                int column = (int)(key[t] >> 32);
                if (column == previous)
                {
                    values[write - 1] += scratch[t];
                    continue;
                }
                columnIndices[write] = column;
                values[write++] = scratch[t];
                previous = column;
            }
            return write;
        }
    }
}
