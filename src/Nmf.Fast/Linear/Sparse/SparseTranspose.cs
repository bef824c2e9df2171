// Builds the CSR arrays of Xᵀ (the CSC companion of X) from X's CSR arrays by a counting sort, in O(nnz + rows + cols).
using System.Buffers;
using System.Diagnostics;
using System.Numerics;
using Nmf.Fast.Threading;

namespace Nmf.Fast.Linear.Sparse;

/// <summary>
/// The transpose of a CSR matrix as CSR arrays: row j of Xᵀ lists column j of X. Built once per fit so that
/// Xᵀ·W runs through the same row kernel as X·Hᵀ, without atomics and with identical bits for any thread count.
/// </summary>
internal static unsafe class SparseTranspose
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
        CheckTransposeBuffers(rows, cols, nnz, transposedRowPointers.Length, transposedColumnIndices.Length, transposedValues.Length);
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

    /// <summary>Stored entries per row block below which <see cref="BuildParallel"/> runs serially (the block set-up would cost more than it saves).</summary>
    internal const int MinEntriesPerBlock = 1 << 16;

    /// <summary>
    /// <see cref="Build{T, TIndex, TValue}"/> on several threads, with the same output bit for bit for any thread count.
    /// X's rows are cut into B contiguous blocks of about equal nnz; block b counts its entries per column, the prefix
    /// sums then give column j of block b the sub-range that follows blocks 0..b−1's entries of column j, and each block
    /// scatters its own rows into its own sub-ranges. Within each row of Xᵀ the entries stay in X's row order, which is
    /// the serial counting sort's order. Extra memory: B·cols counters (B is capped so that they stay below nnz).
    /// </summary>
    /// <param name="rowPointers">X's row pointers, rows + 1 entries, starting at 0.</param>
    /// <param name="columnIndices">X's column indices, nnz entries, each in [0, cols).</param>
    /// <param name="values">The values to carry, nnz entries in X's order (X's own, or a narrowed copy of them).</param>
    /// <param name="rows">Rows of X.</param>
    /// <param name="cols">Columns of X.</param>
    /// <param name="transposedRowPointers">Receives cols + 1 row pointers of Xᵀ.</param>
    /// <param name="transposedColumnIndices">Receives nnz column indices of Xᵀ.</param>
    /// <param name="transposedValues">Receives nnz values of Xᵀ.</param>
    /// <param name="maxDegreeOfParallelism">Threads to use (−1 for all cores).</param>
    /// <exception cref="ArgumentException">An array has the wrong length for the shape and nnz.</exception>
    public static void BuildParallel<TSource, TIndex, TValue>(
        ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> columnIndices, ReadOnlySpan<TSource> values, int rows, int cols,
        Span<int> transposedRowPointers, Span<TIndex> transposedColumnIndices, Span<TValue> transposedValues, int maxDegreeOfParallelism)
        where TSource : unmanaged, INumberBase<TSource>
        where TIndex : unmanaged, IBinaryInteger<TIndex>
        where TValue : unmanaged, INumberBase<TValue>
    {
        int nnz = rowPointers.Length == rows + 1 ? rowPointers[rows] : -1;
        int workers = nnz < 0 ? 1 : ParallelRange.WorkerCount(nnz, MinEntriesPerBlock, maxDegreeOfParallelism);
        // Two blocks per worker, so that a worker the shared machine delays holds back half its share; the counters of
        // all blocks together stay within nnz, so a very wide X gets fewer blocks (or the serial sort).
        int blocks = (int)Math.Min(2L * workers, Math.Max(1L, (long)nnz / Math.Max(1, cols)));
        if (workers < 2 || blocks < 2)
        {
            Build<TSource, TIndex, TValue>(rowPointers, columnIndices, values, rows, cols, transposedRowPointers, transposedColumnIndices, transposedValues, default);
            return;
        }
        SparseKernels.CheckCsr(rowPointers, columnIndices, values, rows, cols);
        CheckTransposeBuffers(rows, cols, nnz, transposedRowPointers.Length, transposedColumnIndices.Length, transposedValues.Length);

        var blockRows = new int[blocks + 1];
        for (int b = 1; b < blocks; b++)
        {
            // The first row whose entries start at or after b/blocks of nnz (rows are never split).
            int target = (int)((long)nnz * b / blocks);
            int row = rowPointers.BinarySearch(target);
            if (row < 0) row = ~row;
            blockRows[b] = Math.Clamp(row, blockRows[b - 1], rows);
        }
        blockRows[blocks] = rows;

        int[] cursors = ArrayPool<int>.Shared.Rent(blocks * cols);
        try
        {
            Array.Clear(cursors, 0, blocks * cols);
            fixed (int* rp = rowPointers)
            fixed (int* ci = columnIndices)
            fixed (TSource* v = values)
            fixed (int* trp = transposedRowPointers)
            fixed (TIndex* tci = transposedColumnIndices)
            fixed (TValue* tv = transposedValues)
            fixed (int* cur = cursors)
            fixed (int* br = blockRows)
            {
                var args = new TransposeArgs(rp, ci, v, tci, tv, cur, br, cols);
                ParallelRange.For(blocks, 1, workers, new CountAction(args), chunksPerWorker: 2);
                // Column j of block b starts after every earlier block's entries of column j.
                int start = 0;
                for (int j = 0; j < cols; j++)
                {
                    trp[j] = start;
                    for (int b = 0; b < blocks; b++)
                    {
                        int count = cur[(long)b * cols + j];
                        cur[(long)b * cols + j] = start;
                        start += count;
                    }
                }
                trp[cols] = start;
                Debug.Assert(start == nnz);
                ParallelRange.For(blocks, 1, workers, new ScatterAction<TSource, TIndex, TValue>(args), chunksPerWorker: 2);
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(cursors);
        }
    }

    /// <summary>The pinned arrays of one <see cref="BuildParallel"/>: X's, Xᵀ's, the per-block cursors (block b's at b·cols) and the block bounds.</summary>
    private readonly struct TransposeArgs(int* rowPointers, int* columnIndices, void* values, void* transposedColumns, void* transposedValues, int* cursors, int* blockRows, int cols)
    {
        public readonly int* RowPointers = rowPointers;
        public readonly int* ColumnIndices = columnIndices;
        public readonly void* Values = values;
        public readonly void* TransposedColumns = transposedColumns;
        public readonly void* TransposedValues = transposedValues;
        public readonly int* Cursors = cursors;
        public readonly int* BlockRows = blockRows;
        public readonly int Cols = cols;
    }

    /// <summary>Blocks [start, end): cursor[b·cols + j] ← the number of block b's entries in column j.</summary>
    private readonly struct CountAction(TransposeArgs a) : IRangeAction
    {
        public void Invoke(int start, int end)
        {
            for (int b = start; b < end; b++)
            {
                int* count = a.Cursors + (long)b * a.Cols;
                int first = a.RowPointers[a.BlockRows[b]], last = a.RowPointers[a.BlockRows[b + 1]];
                for (int p = first; p < last; p++) count[a.ColumnIndices[p]]++;
            }
        }
    }

    /// <summary>Blocks [start, end): each entry of the block's rows goes to its column's next slot of the block's sub-range.</summary>
    private readonly struct ScatterAction<TSource, TIndex, TValue>(TransposeArgs a) : IRangeAction
        where TSource : unmanaged, INumberBase<TSource>
        where TIndex : unmanaged, IBinaryInteger<TIndex>
        where TValue : unmanaged, INumberBase<TValue>
    {
        public void Invoke(int start, int end)
        {
            var values = (TSource*)a.Values;
            var columns = (TIndex*)a.TransposedColumns;
            var outValues = (TValue*)a.TransposedValues;
            for (int b = start; b < end; b++)
            {
                int* cursor = a.Cursors + (long)b * a.Cols;
                for (int i = a.BlockRows[b]; i < a.BlockRows[b + 1]; i++)
                {
                    TIndex row = TIndex.CreateTruncating(i);
                    int rowEnd = a.RowPointers[i + 1];
                    for (int p = a.RowPointers[i]; p < rowEnd; p++)
                    {
                        int q = cursor[a.ColumnIndices[p]]++;
                        columns[q] = row;
                        outValues[q] = TValue.CreateTruncating(values[p]);
                    }
                }
            }
        }
    }

    /// <summary>Throws when the transpose's buffers cannot hold the transpose of a rows×cols matrix with nnz entries.</summary>
    private static void CheckTransposeBuffers(int rows, int cols, int nnz, int rowPointers, int columnIndices, int values)
    {
        if (rowPointers != cols + 1)
            throw new ArgumentException($"The transpose of a {rows}×{cols} matrix needs {cols + 1} row pointers, got {rowPointers}.", "transposedRowPointers");
        if (columnIndices < nnz)
            throw new ArgumentException($"The transpose needs {nnz} column indices, got room for {columnIndices}.", "transposedColumnIndices");
        if (values < nnz)
            throw new ArgumentException($"The transpose needs {nnz} values, got room for {values}.", "transposedValues");
    }
}
