// Builds the CSR arrays of Xᵀ (the CSC companion of X) from X's CSR arrays by a counting sort, in O(nnz + rows + cols).
using System.Diagnostics;
using System.Numerics;

namespace Nmf.Fast.Linear.Sparse;

/// <summary>
/// The transpose of a CSR matrix as CSR arrays: row j of Xᵀ lists column j of X. Built once per fit so that
/// Xᵀ·W runs through the same row kernel as X·Hᵀ, without atomics and with identical bits for any thread count.
/// </summary>
internal static class SparseTranspose
{
    /// <summary>
    /// Fills the CSR arrays of the <paramref name="cols"/> × <paramref name="rows"/> transpose of the
    /// <paramref name="rows"/> × <paramref name="cols"/> CSR matrix (rowPointers, columnIndices, values).
    /// Within each row of the transpose, column indices come out ascending (the sort is stable over X's rows);
    /// duplicates, if any, keep their order.
    /// </summary>
    /// <param name="rowPointers">X's row pointers, rows + 1 entries, starting at 0.</param>
    /// <param name="columnIndices">X's column indices, at least nnz entries, each in [0, cols).</param>
    /// <param name="values">X's values, at least nnz entries.</param>
    /// <param name="rows">Rows of X.</param>
    /// <param name="cols">Columns of X.</param>
    /// <param name="transposedRowPointers">Receives cols + 1 row pointers of Xᵀ.</param>
    /// <param name="transposedColumnIndices">Receives nnz column indices of Xᵀ (row indices of X).</param>
    /// <param name="transposedValues">Receives nnz values of Xᵀ.</param>
    /// <param name="sourcePositions">
    /// Empty, or nnz entries receiving, for each stored entry q of Xᵀ, the position p of the same entry in X:
    /// a values-shaped buffer computed in X's order is carried to Xᵀ's order by <c>t[q] = v[sourcePositions[q]]</c>.
    /// </param>
    /// <exception cref="ArgumentException">An array has the wrong length for the shape and nnz.</exception>
    public static void Build<T>(
        ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> columnIndices, ReadOnlySpan<T> values, int rows, int cols,
        Span<int> transposedRowPointers, Span<int> transposedColumnIndices, Span<T> transposedValues,
        Span<int> sourcePositions)
        where T : INumberBase<T>
        => Build<T, int, T>(rowPointers, columnIndices, values, rows, cols, transposedRowPointers, transposedColumnIndices, transposedValues, sourcePositions);

    /// <summary>
    /// <see cref="Build{T}"/> into narrower storage (<see cref="PackedCsr{T}"/>): the column indices of Xᵀ (row indices of X)
    /// as <typeparamref name="TIndex"/> and its values as <typeparamref name="TValue"/>. The caller has checked that
    /// rows fit <typeparamref name="TIndex"/> and that every value converts exactly.
    /// </summary>
    /// <exception cref="ArgumentException">An array has the wrong length for the shape and nnz.</exception>
    public static void Build<T, TIndex, TValue>(
        ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> columnIndices, ReadOnlySpan<T> values, int rows, int cols,
        Span<int> transposedRowPointers, Span<TIndex> transposedColumnIndices, Span<TValue> transposedValues,
        Span<int> sourcePositions)
        where T : INumberBase<T>
        where TIndex : IBinaryInteger<TIndex>
        where TValue : INumberBase<TValue>
    {
        int nnz = SparseKernels.CheckCsr(rowPointers, columnIndices, values, rows, cols);
        if (transposedRowPointers.Length != cols + 1)
            throw new ArgumentException($"The transpose of a {rows}×{cols} matrix needs {cols + 1} row pointers, got {transposedRowPointers.Length}.", nameof(transposedRowPointers));
        if (transposedColumnIndices.Length < nnz)
            throw new ArgumentException($"The transpose needs {nnz} column indices, got room for {transposedColumnIndices.Length}.", nameof(transposedColumnIndices));
        if (transposedValues.Length < nnz)
            throw new ArgumentException($"The transpose needs {nnz} values, got room for {transposedValues.Length}.", nameof(transposedValues));
        bool positions = !sourcePositions.IsEmpty;
        if (positions && sourcePositions.Length < nnz)
            throw new ArgumentException($"sourcePositions needs {nnz} entries, got {sourcePositions.Length}.", nameof(sourcePositions));

        // 1. Count entries per column of X into slot j + 1; 2. prefix sums give each column's start in slot j.
        transposedRowPointers.Clear();
        for (int p = 0; p < nnz; p++) transposedRowPointers[columnIndices[p] + 1]++;
        for (int j = 0; j < cols; j++) transposedRowPointers[j + 1] += transposedRowPointers[j];

        // 3. Scatter, using slot j as column j's cursor; afterwards slot j holds the start of column j + 1.
        for (int i = 0; i < rows; i++)
        {
            int end = rowPointers[i + 1];
            for (int p = rowPointers[i]; p < end; p++)
            {
                int q = transposedRowPointers[columnIndices[p]]++;
                transposedColumnIndices[q] = TIndex.CreateTruncating(i);
                transposedValues[q] = TValue.CreateTruncating(values[p]);
                if (positions) sourcePositions[q] = p;
            }
        }

        // 4. Shift the cursors back by one slot to restore the starts.
        for (int j = cols; j > 0; j--) transposedRowPointers[j] = transposedRowPointers[j - 1];
        transposedRowPointers[0] = 0;
        Debug.Assert(transposedRowPointers[cols] == nnz);
    }
}
