// Entry points of the sparse kernels over raw CSR arrays: X·B products, sampled products, norms; validation and threading.
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Nmf.Fast.Memory;
using Nmf.Fast.Threading;

namespace Nmf.Fast.Linear.Sparse;

/// <summary>
/// Kernels for a sparse X (m×n, CSR: row pointers, column indices, values) against the dense factors of NMF.
/// Layout: W is m×k and H is stored transposed, Hᵀ n×k, both row-major, so every kernel reads k contiguous
/// elements per stored entry (one gathered row) and vectorises over the rank.
/// <list type="bullet">
/// <item>X·Hᵀ (m×k) = <see cref="Multiply{T}(ReadOnlySpan{int}, ReadOnlySpan{int}, ReadOnlySpan{T}, int, int, ReadOnlyMatrixSpan{T}, MatrixSpan{T}, int)"/> with B = Hᵀ;</item>
/// <item>Xᵀ·W (n×k) = the same call on the CSR arrays of Xᵀ (<see cref="SparseTranspose.Build{T}"/>, once per fit) with B = W;</item>
/// <item>(X ⊘ WH)·Hᵀ and (Wᵀ(X ⊘ WH))ᵀ, the KL update numerators, fused in one pass: <see cref="MultiplyRatio{T}"/>;</item>
/// <item>(WH)ᵢⱼ, X ⊘ WH, ⟨X, WH⟩ and the KL terms at the stored entries: the Sampled* methods with A = W, B = Hᵀ
/// (or, on the arrays of Xᵀ, A = Hᵀ, B = W, which yields them in Xᵀ's entry order).</item>
/// </list>
/// Every result is bitwise identical for any degree of parallelism; no call allocates except the worker
/// closure of a parallel run.
/// </summary>
internal static unsafe class SparseKernels
{
    /// <summary>Stored entries × rank below which a call runs on the calling thread alone.</summary>
    /// <remarks>
    /// One stored entry costs about a nanosecond at k = 20 (two vector FMAs plus a gathered row); starting a
    /// parallel loop costs a few microseconds, so splitting pays from about 64 K entry·rank units per worker.
    /// </remarks>
    internal const long MinWorkPerWorker = 1 << 16;

    /// <summary>Row chunks per worker of a parallel product, taken in turn as workers finish.</summary>
    /// <remarks>
    /// On a shared machine one of two threads is often delayed; with one chunk each, the product waits for the
    /// late one's whole half. Eight smaller chunks (each still thousands of entries) let the free thread take over.
    /// A row's result never depends on its chunk, so the bits do not change.
    /// </remarks>
    internal const int ChunksPerWorker = 8;

    /// <summary>Rows computed into a row-major tile before it is written transposed (MultiplyTransposed).</summary>
    internal const int TransposeTileRows = 16;

    /// <summary>Reductions sum fixed blocks of rows (at most this many blocks) so the sum's order ignores the thread count.</summary>
    internal const int MaxReductionBlocks = 256;

    /// <summary>
    /// C ← A·B for the CSR matrix A (rows × cols) and dense B (cols × k): C is rows × k and fully overwritten
    /// (rows of A without entries give zero rows). X·Hᵀ takes B = Hᵀ; Xᵀ·W takes Xᵀ's arrays and B = W.
    /// </summary>
    /// <exception cref="ArgumentException">The arrays do not describe a rows × cols CSR matrix, or B or C has the wrong shape.</exception>
    public static void Multiply<T>(
        ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> columnIndices, ReadOnlySpan<T> values, int rows, int cols,
        ReadOnlyMatrixSpan<T> b, MatrixSpan<T> c, int maxDegreeOfParallelism = -1)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Multiply(rowPointers, columnIndices, values, rows, cols, b, c, maxDegreeOfParallelism, SparseTier.Auto);

    /// <summary><see cref="Multiply{T}(ReadOnlySpan{int}, ReadOnlySpan{int}, ReadOnlySpan{T}, int, int, ReadOnlyMatrixSpan{T}, MatrixSpan{T}, int)"/> on a chosen tier (tests, benchmarks).</summary>
    internal static void Multiply<T>(
        ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> columnIndices, ReadOnlySpan<T> values, int rows, int cols,
        ReadOnlyMatrixSpan<T> b, MatrixSpan<T> c, int maxDegreeOfParallelism, SparseTier tier)
        where T : unmanaged, IFloatingPointIeee754<T>
        => MultiplyCore(rowPointers, columnIndices, values, rows, cols, b, c, transposedOutput: false, maxDegreeOfParallelism, tier);

    /// <summary>
    /// Cᵀ ← A·B written component-major: <paramref name="ct"/> is k × rows and receives (A·B)ᵀ, i.e. H·Xᵀ from X and
    /// Hᵀ, or Wᵀ·X from Xᵀ's arrays and W — the solvers' layout, without a rows×k product and a transpose pass.
    /// Each worker computes a few rows at a time into a small row-major tile and writes the tile transposed, so the
    /// bits are those of <see cref="Multiply{T}(ReadOnlySpan{int}, ReadOnlySpan{int}, ReadOnlySpan{T}, int, int, ReadOnlyMatrixSpan{T}, MatrixSpan{T}, int)"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The arrays do not describe a rows × cols CSR matrix, or B or Cᵀ has the wrong shape.</exception>
    internal static void MultiplyTransposed<T>(
        ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> columnIndices, ReadOnlySpan<T> values, int rows, int cols,
        ReadOnlyMatrixSpan<T> b, MatrixSpan<T> ct, int maxDegreeOfParallelism, SparseTier tier = SparseTier.Auto)
        where T : unmanaged, IFloatingPointIeee754<T>
        => MultiplyCore(rowPointers, columnIndices, values, rows, cols, b, ct, transposedOutput: true, maxDegreeOfParallelism, tier);

    /// <summary>
    /// <see cref="MultiplyTransposed{T}(ReadOnlySpan{int}, ReadOnlySpan{int}, ReadOnlySpan{T}, int, int, ReadOnlyMatrixSpan{T}, MatrixSpan{T}, int, SparseTier)"/>
    /// over packed arrays (16-bit column indices and/or float values, <see cref="PackedCsr{T}"/>): the same bits, less
    /// memory traffic.
    /// </summary>
    /// <exception cref="ArgumentException">B or Cᵀ has the wrong shape.</exception>
    internal static void MultiplyTransposed<T>(PackedCsr<T> a, ReadOnlyMatrixSpan<T> b, MatrixSpan<T> ct, int maxDegreeOfParallelism, SparseTier tier = SparseTier.Auto)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        int nnz = a.NonZeroCount;
        if (!CheckProduct(a.Rows, a.Cols, nnz, b, ct, transposedOutput: true, maxDegreeOfParallelism)) return;
        var run = new TransposedProductRun<T>(a.Rows, nnz, b, ct, maxDegreeOfParallelism, tier);
        a.Run(ref run);
    }

    /// <summary>Runs <see cref="RunProduct"/> with transposed output on packed arrays, instantiated for their storage.</summary>
    private readonly ref struct TransposedProductRun<T>(int rows, int nnz, ReadOnlyMatrixSpan<T> b, MatrixSpan<T> ct, int maxDegreeOfParallelism, SparseTier tier)
        : IPackedRowsAction
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ReadOnlyMatrixSpan<T> _b = b;
        private readonly MatrixSpan<T> _ct = ct;

        public void Run<TIndex, TValue>(int* rowPointers, void* columns, void* values) where TIndex : unmanaged where TValue : unmanaged =>
            RunProduct<T, TIndex, TValue>(rowPointers, columns, values, rows, nnz, _b, _ct, transposedOutput: true, maxDegreeOfParallelism, tier);
    }

    private static void MultiplyCore<T>(
        ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> columnIndices, ReadOnlySpan<T> values, int rows, int cols,
        ReadOnlyMatrixSpan<T> b, MatrixSpan<T> c, bool transposedOutput, int maxDegreeOfParallelism, SparseTier tier)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int nnz = CheckCsr(rowPointers, columnIndices, values, rows, cols);
        if (!CheckProduct(rows, cols, nnz, b, c, transposedOutput, maxDegreeOfParallelism)) return;
        fixed (int* rp = rowPointers)
        fixed (int* ci = columnIndices)
        fixed (T* xv = values)
        {
            RunProduct<T, int, T>(rp, ci, xv, rows, nnz, b, c, transposedOutput, maxDegreeOfParallelism, tier);
        }
    }

    /// <summary>Checks B's and C's shapes; false when there is nothing to compute (C is then already filled with zeros if it has entries).</summary>
    private static bool CheckProduct<T>(int rows, int cols, int nnz, ReadOnlyMatrixSpan<T> b, MatrixSpan<T> c, bool transposedOutput, int maxDegreeOfParallelism)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckParallelism(maxDegreeOfParallelism);
        if (b.Rows != cols)
            throw new ArgumentException($"B must have {cols} rows to multiply a {rows}×{cols} sparse matrix, but is {b.Rows}×{b.Cols}.", nameof(b));
        if (!transposedOutput && (c.Rows != rows || c.Cols != b.Cols))
            throw new ArgumentException($"C must be {rows}×{b.Cols} for a {rows}×{cols} sparse matrix times a {b.Rows}×{b.Cols} matrix, but is {c.Rows}×{c.Cols}.", nameof(c));
        if (transposedOutput && (c.Cols != rows || c.Rows != b.Cols))
            throw new ArgumentException($"Cᵀ must be {b.Cols}×{rows} for a {rows}×{cols} sparse matrix times a {b.Rows}×{b.Cols} matrix, but is {c.Rows}×{c.Cols}.", "ct");
        if (rows == 0 || b.Cols == 0) return false;
        if (nnz == 0)
        {
            c.Fill(T.Zero);
            return false;
        }
        return true;
    }

    /// <summary>Runs a checked product over pinned arrays whose indices are <typeparamref name="TIndex"/> and values <typeparamref name="TValue"/>.</summary>
    private static void RunProduct<T, TIndex, TValue>(int* rp, void* columns, void* values, int rows, int nnz,
        ReadOnlyMatrixSpan<T> b, MatrixSpan<T> c, bool transposedOutput, int maxDegreeOfParallelism, SparseTier tier)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TIndex : unmanaged
        where TValue : unmanaged
    {
        int k = b.Cols;
        fixed (T* bp = &b.Origin)
        fixed (T* cp = &c.Origin)
        {
            var args = new CsrProductArgs<T>(rp, columns, values, bp, b.Stride, transposedOutput ? null : cp, c.Stride, k);
            int workers = Workers(((long)nnz + rows) * k, maxDegreeOfParallelism);
            int chunks = workers == 1 ? 1 : workers * ChunksPerWorker;
            var action = new ProductAction<T, TIndex, TValue>(args, rows, chunks, SparseTierSelector.ForRank<T>(tier, k), transposedOutput ? cp : null, c.Stride);
            if (chunks == 1) action.Invoke(0, 1);
            else ParallelRange.For(chunks, 1, workers, action, ChunksPerWorker);
        }
    }

    /// <summary>‖X‖²_F = Σ values², summed in double over fixed chunks (order independent of everything but nnz).</summary>
    public static double SquaredFrobeniusNorm<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int Chunk = 4096;
        double sum = 0;
        for (int start = 0; start < values.Length; start += Chunk)
        {
            var chunk = values.Slice(start, Math.Min(Chunk, values.Length - start));
            if (typeof(T) == typeof(float))
            {
                // A float chunk is squared and summed in double: 4096 squares in float would lose digits.
                var f = MemoryMarshal.Cast<T, float>(chunk);
                double s = 0;
                for (int p = 0; p < f.Length; p++) s += (double)f[p] * f[p];
                sum += s;
            }
            else
            {
                sum += double.CreateTruncating(System.Numerics.Tensors.TensorPrimitives.SumOfSquares(chunk));
            }
        }
        return sum;
    }

    /// <summary>
    /// output[p] ← (A·Bᵀ) at stored entry p, i.e. (WH)ᵢⱼ = W[i,:]·Hᵀ[j,:] with A = W (rows × k) and B = Hᵀ (cols × k).
    /// </summary>
    /// <exception cref="ArgumentException">Shapes disagree or output has fewer than nnz elements.</exception>
    public static void SampledProduct<T>(
        ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> columnIndices, ReadOnlySpan<T> values, int rows, int cols,
        ReadOnlyMatrixSpan<T> a, ReadOnlyMatrixSpan<T> b, Span<T> output, int maxDegreeOfParallelism = -1,
        SparseTier tier = SparseTier.Auto)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        SampledMap(rowPointers, columnIndices, values, rows, cols, a, b, output, new SampledProductMap<T>(), maxDegreeOfParallelism, tier);

    /// <summary>
    /// output[p] ← x_p / max((A·Bᵀ) at p, ε): the ratio matrix X ⊘ (WH) of the KL (β = 1) multiplicative update, in
    /// X's entry order. Its products with Hᵀ and W (<see cref="Multiply{T}(ReadOnlySpan{int}, ReadOnlySpan{int}, ReadOnlySpan{T}, int, int, ReadOnlyMatrixSpan{T}, MatrixSpan{T}, int)"/>
    /// with the same row pointers and column indices) are the MU numerators.
    /// </summary>
    /// <exception cref="ArgumentException">Shapes disagree, output is too short, or ε is not positive.</exception>
    public static void SampledRatio<T>(
        ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> columnIndices, ReadOnlySpan<T> values, int rows, int cols,
        ReadOnlyMatrixSpan<T> a, ReadOnlyMatrixSpan<T> b, T epsilon, Span<T> output, int maxDegreeOfParallelism = -1,
        SparseTier tier = SparseTier.Auto)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(epsilon > T.Zero)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "ε must be positive.");
        SampledMap(rowPointers, columnIndices, values, rows, cols, a, b, output, new SampledRatioMap<T>(epsilon), maxDegreeOfParallelism, tier);
    }

    /// <summary>⟨X, A·Bᵀ⟩ = Σ over stored entries of x·(WH)ᵢⱼ, for ‖X − WH‖² = ‖X‖² − 2⟨X, WH⟩ + ⟨WᵀW, HHᵀ⟩.</summary>
    /// <exception cref="ArgumentException">Shapes disagree.</exception>
    public static double SampledInnerProduct<T>(
        ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> columnIndices, ReadOnlySpan<T> values, int rows, int cols,
        ReadOnlyMatrixSpan<T> a, ReadOnlyMatrixSpan<T> b, int maxDegreeOfParallelism = -1, SparseTier tier = SparseTier.Auto)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        SampledReduce(rowPointers, columnIndices, values, rows, cols, a, b, new SampledInnerProductReduce<T>(), maxDegreeOfParallelism, tier);

    /// <summary>
    /// Σ over stored entries of x·log(x / max((WH)ᵢⱼ, ε)) (x = 0 contributes 0): with Σx and
    /// Σᵢⱼ(WH)ᵢⱼ = (1ᵀW)(H1) it gives the generalized KL divergence D(X‖WH) without an m×n buffer.
    /// </summary>
    /// <exception cref="ArgumentException">Shapes disagree or ε is not positive.</exception>
    public static double SampledKullbackLeibler<T>(
        ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> columnIndices, ReadOnlySpan<T> values, int rows, int cols,
        ReadOnlyMatrixSpan<T> a, ReadOnlyMatrixSpan<T> b, T epsilon, int maxDegreeOfParallelism = -1, SparseTier tier = SparseTier.Auto)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(epsilon > T.Zero)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "ε must be positive.");
        return SampledReduce(rowPointers, columnIndices, values, rows, cols, a, b, new SampledKullbackLeiblerReduce<T>(epsilon), maxDegreeOfParallelism, tier);
    }

    /// <summary>
    /// C ← (X ⊘ max(A·Bᵀ, ε))·B in one pass, without a ratio buffer: with A = W, B = Hᵀ (C m×k) the numerator of the
    /// KL multiplicative update of W; on the arrays of Xᵀ with A = Hᵀ, B = W (C n×k) the transposed numerator of H's.
    /// Bitwise identical for any thread count.
    /// </summary>
    /// <exception cref="ArgumentException">Shapes disagree or ε is not positive.</exception>
    public static void MultiplyRatio<T>(
        ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> columnIndices, ReadOnlySpan<T> values, int rows, int cols,
        ReadOnlyMatrixSpan<T> a, ReadOnlyMatrixSpan<T> b, T epsilon, MatrixSpan<T> c, int maxDegreeOfParallelism = -1,
        SparseTier tier = SparseTier.Auto)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(epsilon > T.Zero)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "ε must be positive.");
        MultiplySampled(rowPointers, columnIndices, values, rows, cols, a, b, new SampledRatioMap<T>(epsilon), c, maxDegreeOfParallelism, tier);
    }

    /// <summary>C ← map(X, A·Bᵀ)·B for any per-entry map (the fused kernel behind <see cref="MultiplyRatio{T}"/>).</summary>
    internal static void MultiplySampled<T, TMap>(
        ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> columnIndices, ReadOnlySpan<T> values, int rows, int cols,
        ReadOnlyMatrixSpan<T> a, ReadOnlyMatrixSpan<T> b, TMap map, MatrixSpan<T> c, int maxDegreeOfParallelism, SparseTier tier)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TMap : struct, ISampledMap<T>
    {
        int nnz = CheckSampled(rowPointers, columnIndices, values, rows, cols, a, b, maxDegreeOfParallelism);
        if (c.Rows != rows || c.Cols != a.Cols)
            throw new ArgumentException($"C must be {rows}×{a.Cols}, but is {c.Rows}×{c.Cols}.", nameof(c));
        int k = a.Cols;
        if (rows == 0 || k == 0) return;
        if (nnz == 0)
        {
            c.Fill(T.Zero);
            return;
        }
        fixed (int* rp = rowPointers)
        fixed (int* ci = columnIndices)
        fixed (T* xv = values)
        fixed (T* ap = &a.Origin)
        fixed (T* bp = &b.Origin)
        fixed (T* cp = &c.Origin)
        {
            var args = new FusedArgs<T>(new SampledArgs<T>(rp, ci, xv, ap, a.Stride, bp, b.Stride, k), cp, c.Stride);
            int chunks = Workers(((long)nnz + rows) * k * 2, maxDegreeOfParallelism);
            var action = new FusedAction<T, TMap>(args, map, rows, chunks, SparseTierSelector.ForRank<T>(tier, k));
            if (chunks == 1) action.Invoke(0, 1);
            else ParallelRange.For(chunks, 1, chunks, action);
        }
    }

    private static void SampledMap<T, TMap>(
        ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> columnIndices, ReadOnlySpan<T> values, int rows, int cols,
        ReadOnlyMatrixSpan<T> a, ReadOnlyMatrixSpan<T> b, Span<T> output, TMap map, int maxDegreeOfParallelism, SparseTier tier)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TMap : struct, ISampledMap<T>
    {
        int nnz = CheckSampled(rowPointers, columnIndices, values, rows, cols, a, b, maxDegreeOfParallelism);
        if (output.Length < nnz)
            throw new ArgumentException($"The output needs one element per stored entry ({nnz}), got {output.Length}.", nameof(output));
        if (nnz == 0) return;
        int k = a.Cols;
        if (k == 0)
        {
            // An empty rank makes every model value zero; the map still defines the output.
            for (int p = 0; p < nnz; p++) output[p] = map.Apply(values[p], T.Zero);
            return;
        }
        fixed (int* rp = rowPointers)
        fixed (int* ci = columnIndices)
        fixed (T* xv = values)
        fixed (T* ap = &a.Origin)
        fixed (T* bp = &b.Origin)
        fixed (T* op = output)
        {
            var args = new SampledArgs<T>(rp, ci, xv, ap, a.Stride, bp, b.Stride, k);
            int chunks = Workers(((long)nnz + rows) * k, maxDegreeOfParallelism);
            var action = new SampledMapAction<T, TMap>(args, map, op, rows, chunks, SparseTierSelector.ForRank<T>(tier, k));
            if (chunks == 1) action.Invoke(0, 1);
            else ParallelRange.For(chunks, 1, chunks, action);
        }
    }

    /// <summary>Σ over stored entries of reduce(x, (A·Bᵀ)ᵢⱼ), in double over fixed row blocks: the same bits for any thread count.</summary>
    internal static double SampledReduce<T, TReduce>(
        ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> columnIndices, ReadOnlySpan<T> values, int rows, int cols,
        ReadOnlyMatrixSpan<T> a, ReadOnlyMatrixSpan<T> b, TReduce reduce, int maxDegreeOfParallelism, SparseTier tier)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReduce : struct, ISampledReduce<T>
    {
        int nnz = CheckSampled(rowPointers, columnIndices, values, rows, cols, a, b, maxDegreeOfParallelism);
        if (nnz == 0) return 0;
        int k = a.Cols;
        if (k == 0)
        {
            double s = 0;
            for (int p = 0; p < nnz; p++) s += reduce.Apply(values[p], T.Zero);
            return s;
        }

        // Fixed row blocks (their count depends only on rows), each summed in entry order, then the
        // block sums added in block order: the same bits for every thread count.
        int blockRows = Math.Max(1, (rows + MaxReductionBlocks - 1) / MaxReductionBlocks);
        int blocks = (rows + blockRows - 1) / blockRows;
        double* partials = stackalloc double[MaxReductionBlocks];
        fixed (int* rp = rowPointers)
        fixed (int* ci = columnIndices)
        fixed (T* xv = values)
        fixed (T* ap = &a.Origin)
        fixed (T* bp = &b.Origin)
        {
            var args = new SampledArgs<T>(rp, ci, xv, ap, a.Stride, bp, b.Stride, k);
            var action = new SampledReduceAction<T, TReduce>(args, reduce, partials, rows, blockRows, SparseTierSelector.ForRank<T>(tier, k));
            int workers = Workers(((long)nnz + rows) * k, maxDegreeOfParallelism);
            if (workers == 1) action.Invoke(0, blocks);
            else ParallelRange.For(blocks, 1, workers, action);
        }
        double sum = 0;
        for (int block = 0; block < blocks; block++) sum += partials[block];
        return sum;
    }

    /// <summary>
    /// Checks what is O(1) to check about CSR arrays and returns nnz = rowPointers[rows]. The O(nnz) structure
    /// (monotone pointers, column indices in range) is the CSR type's contract, asserted here in debug builds.
    /// </summary>
    /// <exception cref="ArgumentException">The lengths do not agree with the shape.</exception>
    internal static int CheckCsr<T>(ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> columnIndices, ReadOnlySpan<T> values, int rows, int cols)
    {
        if (rows < 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, "The number of rows must be non-negative.");
        if (cols < 0) throw new ArgumentOutOfRangeException(nameof(cols), cols, "The number of columns must be non-negative.");
        if (rowPointers.Length != rows + 1)
            throw new ArgumentException($"A {rows}×{cols} CSR matrix needs {rows + 1} row pointers, got {rowPointers.Length}.", nameof(rowPointers));
        int nnz = rowPointers[rows];
        if (rowPointers[0] != 0 || nnz < 0)
            throw new ArgumentException($"Row pointers must start at 0 and end at nnz ≥ 0, got {rowPointers[0]} … {nnz}.", nameof(rowPointers));
        if (columnIndices.Length < nnz)
            throw new ArgumentException($"The row pointers announce {nnz} stored entries but there are {columnIndices.Length} column indices.", nameof(columnIndices));
        if (values.Length < nnz)
            throw new ArgumentException($"The row pointers announce {nnz} stored entries but there are {values.Length} values.", nameof(values));
        Debug.Assert(IsWellFormed(rowPointers, columnIndices, rows, cols), "CSR structure is malformed.");
        return nnz;
    }

    private static bool IsWellFormed(ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> columnIndices, int rows, int cols)
    {
        for (int i = 0; i < rows; i++)
        {
            if (rowPointers[i] > rowPointers[i + 1]) return false;
            for (int p = rowPointers[i]; p < rowPointers[i + 1]; p++)
                if ((uint)columnIndices[p] >= (uint)cols) return false;
        }
        return true;
    }

    private static int CheckSampled<T>(
        ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> columnIndices, ReadOnlySpan<T> values, int rows, int cols,
        ReadOnlyMatrixSpan<T> a, ReadOnlyMatrixSpan<T> b, int maxDegreeOfParallelism)
        where T : unmanaged
    {
        int nnz = CheckCsr(rowPointers, columnIndices, values, rows, cols);
        CheckParallelism(maxDegreeOfParallelism);
        if (a.Rows != rows || b.Rows != cols || a.Cols != b.Cols)
            throw new ArgumentException($"A sampled product over a {rows}×{cols} sparse matrix needs A {rows}×k and B {cols}×k, got A {a.Rows}×{a.Cols} and B {b.Rows}×{b.Cols}.", nameof(b));
        return nnz;
    }

    private static void CheckParallelism(int maxDegreeOfParallelism)
    {
        if (maxDegreeOfParallelism == 0 || maxDegreeOfParallelism < -1)
            throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism, "Use -1 for all cores or a positive thread count.");
    }

    /// <summary>Workers for <paramref name="work"/> entry·rank units: one per <see cref="MinWorkPerWorker"/>, at most the cores allowed.</summary>
    internal static int Workers(long work, int maxDegreeOfParallelism)
    {
        int cores = maxDegreeOfParallelism == -1 ? Environment.ProcessorCount : maxDegreeOfParallelism;
        long byWork = Math.Max(1, work / MinWorkPerWorker);
        return (int)Math.Max(1, Math.Min(cores, byWork));
    }

    /// <summary>
    /// The first row of chunk <paramref name="chunk"/> of <paramref name="chunks"/>, splitting rows so each chunk holds
    /// about the same stored entries + rows (a row's cost is its entries plus writing its k outputs).
    /// </summary>
    internal static int ChunkStart(int* rowPointers, int rows, int chunk, int chunks)
    {
        if (chunk <= 0) return 0;
        if (chunk >= chunks) return rows;
        long total = (long)rowPointers[rows] + rows;
        long target = total * chunk / chunks;
        // Smallest i with rowPointers[i] + i ≥ target (the weight is strictly increasing in i).
        int lo = 0, hi = rows;
        while (lo < hi)
        {
            int mid = (int)(((uint)lo + (uint)hi) >> 1);
            if ((long)rowPointers[mid] + mid < target) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private readonly struct ProductAction<T, TIndex, TValue>(CsrProductArgs<T> args, int rows, int chunks, SparseTier tier, T* transposed, int transposedStride) : IRangeAction
        where T : unmanaged, IFloatingPointIeee754<T>
        where TIndex : unmanaged
        where TValue : unmanaged
    {
        public void Invoke(int start, int end)
        {
            int rowStart = ChunkStart(args.RowPointers, rows, start, chunks);
            int rowEnd = ChunkStart(args.RowPointers, rows, end, chunks);
            if (transposed == null)
            {
                RunRows(args, rowStart, rowEnd);
                return;
            }

            // Rows go through a TransposeTileRows × k row-major tile, written out transposed; the pointer handed
            // to the kernel is shifted so that row i lands in tile row i − i0.
            int k = args.K;
            T[] rented = System.Buffers.ArrayPool<T>.Shared.Rent(TransposeTileRows * k);
            try
            {
                fixed (T* tile = rented)
                {
                    for (int i0 = rowStart; i0 < rowEnd; i0 += TransposeTileRows)
                    {
                        int count = Math.Min(TransposeTileRows, rowEnd - i0);
                        var tileArgs = new CsrProductArgs<T>(args.RowPointers, args.ColumnIndices, args.Values, args.B, args.BStride, tile - (nint)i0 * k, k, k);
                        RunRows(tileArgs, i0, i0 + count);
                        for (int t = 0; t < k; t++)
                        {
                            T* destination = transposed + (nint)t * transposedStride + i0;
                            T* source = tile + t;
                            for (int r = 0; r < count; r++) destination[r] = source[r * k];
                        }
                    }
                }
            }
            finally
            {
                System.Buffers.ArrayPool<T>.Shared.Return(rented);
            }
        }

        private void RunRows(in CsrProductArgs<T> a, int rowStart, int rowEnd) => ProductRows<T, TIndex, TValue>(tier, a, rowStart, rowEnd);
    }

    /// <summary>Rows [rowStart, rowEnd) of a CSR × dense product on <paramref name="tier"/> (the row kernel's tier dispatch).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ProductRows<T, TIndex, TValue>(SparseTier tier, in CsrProductArgs<T> a, int rowStart, int rowEnd)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TIndex : unmanaged
        where TValue : unmanaged
    {
        switch (tier)
        {
            case SparseTier.Vector512:
                CsrTimesDenseKernel.Rows<T, TIndex, TValue, Vector512<T>, Vector512Ops<T>, Vector256<T>, Vector256Ops<T>>(a, rowStart, rowEnd);
                break;
            case SparseTier.Vector256:
                CsrTimesDenseKernel.Rows<T, TIndex, TValue, Vector256<T>, Vector256Ops<T>, Vector128<T>, Vector128Ops<T>>(a, rowStart, rowEnd);
                break;
            case SparseTier.Vector128:
                CsrTimesDenseKernel.Rows<T, TIndex, TValue, Vector128<T>, Vector128Ops<T>, Vector128<T>, Vector128Ops<T>>(a, rowStart, rowEnd); // no narrower half: full tails
                break;
            default:
                CsrTimesDenseKernel.RowsScalar<T, TIndex, TValue>(a, rowStart, rowEnd);
                break;
        }
    }

    private readonly struct SampledMapAction<T, TMap>(SampledArgs<T> args, TMap map, T* output, int rows, int chunks, SparseTier tier) : IRangeAction
        where T : unmanaged, IFloatingPointIeee754<T>
        where TMap : struct, ISampledMap<T>
    {
        public void Invoke(int start, int end)
        {
            int rowStart = ChunkStart(args.RowPointers, rows, start, chunks);
            int rowEnd = ChunkStart(args.RowPointers, rows, end, chunks);
            switch (tier)
            {
                case SparseTier.Vector512:
                    SampledKernel.Map<T, Vector512<T>, Vector512Ops<T>, TMap>(args, map, output, rowStart, rowEnd);
                    break;
                case SparseTier.Vector256:
                    SampledKernel.Map<T, Vector256<T>, Vector256Ops<T>, TMap>(args, map, output, rowStart, rowEnd);
                    break;
                case SparseTier.Vector128:
                    SampledKernel.Map<T, Vector128<T>, Vector128Ops<T>, TMap>(args, map, output, rowStart, rowEnd);
                    break;
                default:
                    SampledKernel.MapScalar(args, map, output, rowStart, rowEnd);
                    break;
            }
        }
    }

    private readonly struct FusedAction<T, TMap>(FusedArgs<T> args, TMap map, int rows, int chunks, SparseTier tier) : IRangeAction
        where T : unmanaged, IFloatingPointIeee754<T>
        where TMap : struct, ISampledMap<T>
    {
        public void Invoke(int start, int end)
        {
            int rowStart = ChunkStart(args.Sampled.RowPointers, rows, start, chunks);
            int rowEnd = ChunkStart(args.Sampled.RowPointers, rows, end, chunks);
            switch (tier)
            {
                case SparseTier.Vector512:
                    FusedRatioKernel.Rows<T, Vector512<T>, Vector512Ops<T>, TMap>(args, map, rowStart, rowEnd);
                    break;
                case SparseTier.Vector256:
                    FusedRatioKernel.Rows<T, Vector256<T>, Vector256Ops<T>, TMap>(args, map, rowStart, rowEnd);
                    break;
                case SparseTier.Vector128:
                    FusedRatioKernel.Rows<T, Vector128<T>, Vector128Ops<T>, TMap>(args, map, rowStart, rowEnd);
                    break;
                default:
                    FusedRatioKernel.RowsScalar(args, map, rowStart, rowEnd);
                    break;
            }
        }
    }

    private readonly struct SampledReduceAction<T, TReduce>(SampledArgs<T> args, TReduce reduce, double* partials, int rows, int blockRows, SparseTier tier) : IRangeAction
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReduce : struct, ISampledReduce<T>
    {
        public void Invoke(int start, int end)
        {
            for (int block = start; block < end; block++)
            {
                int rowStart = block * blockRows;
                int rowEnd = Math.Min(rows, rowStart + blockRows);
                partials[block] = tier switch
                {
                    SparseTier.Vector512 => SampledKernel.Reduce<T, Vector512<T>, Vector512Ops<T>, TReduce>(args, reduce, rowStart, rowEnd),
                    SparseTier.Vector256 => SampledKernel.Reduce<T, Vector256<T>, Vector256Ops<T>, TReduce>(args, reduce, rowStart, rowEnd),
                    SparseTier.Vector128 => SampledKernel.Reduce<T, Vector128<T>, Vector128Ops<T>, TReduce>(args, reduce, rowStart, rowEnd),
                    _ => SampledKernel.ReduceScalar(args, reduce, rowStart, rowEnd),
                };
            }
        }
    }
}
