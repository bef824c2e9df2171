// Public entry point of the dense matrix product C ← α·op(A)·op(B) + β·C, and the choice of path and threads.
using System.Numerics;
using System.Runtime.CompilerServices;
using Nmf.Fast.Linear.Kernels;
using Nmf.Fast.Memory;
using Nmf.Fast.Threading;

namespace Nmf.Fast.Linear;

/// <summary>General matrix multiplication on row-major views of any stride.</summary>
/// <remarks>
/// Three paths, chosen from the shapes alone (never from the thread count): a direct loop for tiny products
/// (every dimension ≤ 32); an unpacked dot-product kernel for A·Bᵀ with a narrow side (X·Hᵀ in NMF); and the
/// BLIS-style blocked GEMM with packed operands for everything else. Threads split C into disjoint blocks of whole
/// tiles and each element is computed by the same sequence of operations in any block, so the result is bitwise
/// identical for every degree of parallelism. See docs/gemm.md.
/// </remarks>
public static class Gemm
{
    /// <summary>
    /// Computes <c>C ← α·op(A)·op(B) + β·C</c>. When <paramref name="beta"/> is zero, C is never read
    /// (it may hold NaN). The result is bitwise identical for every degree of parallelism.
    /// </summary>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">A, or Aᵀ when <paramref name="opA"/> is <see cref="MatrixOp.Transpose"/>.</param>
    /// <param name="opA">How A enters the product.</param>
    /// <param name="b">B, or Bᵀ when <paramref name="opB"/> is <see cref="MatrixOp.Transpose"/>.</param>
    /// <param name="opB">How B enters the product.</param>
    /// <param name="beta">Scale of the previous C.</param>
    /// <param name="c">The m×n output, where op(A) is m×k and op(B) is k×n.</param>
    /// <param name="maxDegreeOfParallelism">Most threads to use; -1 (default) means all cores.</param>
    /// <exception cref="ArgumentException">The shapes do not agree.</exception>
    public static void Multiply<T>(
        T alpha, ReadOnlyMatrixSpan<T> a, MatrixOp opA, ReadOnlyMatrixSpan<T> b, MatrixOp opB,
        T beta, MatrixSpan<T> c, int maxDegreeOfParallelism = -1)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Multiply(alpha, a, opA, b, opB, beta, c, maxDegreeOfParallelism, KernelSelector.Default, upperOnly: false);

    /// <summary>
    /// <see cref="Multiply{T}(T, ReadOnlyMatrixSpan{T}, MatrixOp, ReadOnlyMatrixSpan{T}, MatrixOp, T, MatrixSpan{T}, int)"/>
    /// on an explicit kernel tier (tests and benchmarks cover every tier this way). With
    /// <paramref name="upperOnly"/> only tiles touching the upper triangle (i ≤ j) are guaranteed to be written.
    /// </summary>
    internal static unsafe void Multiply<T>(
        T alpha, ReadOnlyMatrixSpan<T> a, MatrixOp opA, ReadOnlyMatrixSpan<T> b, MatrixOp opB,
        T beta, MatrixSpan<T> c, int maxDegreeOfParallelism, KernelTier tier, bool upperOnly)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = opA == MatrixOp.None ? a.Rows : a.Cols;
        int k = opA == MatrixOp.None ? a.Cols : a.Rows;
        int kb = opB == MatrixOp.None ? b.Rows : b.Cols;
        int n = opB == MatrixOp.None ? b.Cols : b.Rows;
        if (k != kb)
            throw new ArgumentException($"op(A) is {m}×{k} but op(B) is {kb}×{n}: inner dimensions differ.", nameof(b));
        if (c.Rows != m || c.Cols != n)
            throw new ArgumentException($"C must be {m}×{n} for op(A) {m}×{k} times op(B) {k}×{n}, but is {c.Rows}×{c.Cols}.", nameof(c));
        if (maxDegreeOfParallelism == 0 || maxDegreeOfParallelism < -1)
            throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism, "Use -1 for all cores or a positive thread count.");
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == T.Zero)
        {
            ScaleInPlace(c, beta);
            return;
        }

        tier = KernelSelector.Effective<T>(tier);
        fixed (T* pa = &Unsafe.AsRef(in a.Origin))
        fixed (T* pb = &Unsafe.AsRef(in b.Origin))
        fixed (T* pc = &c.Origin)
        {
            var problem = new GemmProblem<T>(
                new GemmOperand<T>(pa, a.Stride, opA == MatrixOp.Transpose),
                new GemmOperand<T>(pb, b.Stride, opB == MatrixOp.Transpose),
                pc, c.Stride, m, n, k, alpha, beta, upperOnly);
            Run(problem, tier, maxDegreeOfParallelism);
        }
    }

    private static void Run<T>(in GemmProblem<T> pr, KernelTier tier, int maxDegreeOfParallelism)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = pr.M, n = pr.N, k = pr.K;
        if (m <= GemmBlocking.TinyDimension && n <= GemmBlocking.TinyDimension && k <= GemmBlocking.TinyDimension)
        {
            GemmTiny.Run(pr);
            return;
        }

        if (GemmDotProduct.Applies(tier, pr.A.Transposed, pr.B.Transposed, m, n, k))
        {
            int longRows = GemmDotProduct.LongIsA(m, n) ? m : n;
            int shortRows = GemmDotProduct.LongIsA(m, n) ? n : m;
            int units = (longRows + Avx512DotKernel.LongRows - 1) / Avx512DotKernel.LongRows;
            long flopsPerUnit = 2L * Avx512DotKernel.LongRows * shortRows * k;
            ParallelRange.For(units, MinUnits(flopsPerUnit), maxDegreeOfParallelism, new DotAction<T>(pr, tier, longRows), DotChunksPerWorker);
            return;
        }

        var bs = GemmBlocking.For<T>(tier, fewRows: false);
        int mr = GemmBlocking.TileRows(Math.Min(m, bs.Mc), bs.MaxRows);
        int rowUnits = (m + mr - 1) / mr;
        int colUnits = (n + bs.Width - 1) / bs.Width;
        bool splitRows = rowUnits >= colUnits;
        int unit = splitRows ? mr : bs.Width;
        long flops = 2L * unit * (splitRows ? n : m) * k;
        int blockUnits = splitRows ? rowUnits : colUnits;
        // Read here, never inside the [AggressiveOptimization] macro-kernel (see "A JIT trap" in docs/gemm.md).
        bool prefetch = GemmBlocking.DirectSliverPrefetch != 0;
        ParallelRange.For(blockUnits, MinUnits(flops), maxDegreeOfParallelism, new BlockedAction<T>(pr, tier, splitRows, unit, prefetch),
            splitRows ? RowChunksPerWorker : ColumnChunksPerWorker);
    }

    // Work is dealt out in chunks that idle threads take in turn, so a core the OS lends elsewhere for a while
    // delays only its current chunk. Each chunk of a row split packs all of op(B) again, so rows get one chunk per
    // worker; a column split repacks only the small A, and the dot path packs nothing.
    private const int DotChunksPerWorker = 8;
    private const int ColumnChunksPerWorker = 1;
    private const int RowChunksPerWorker = 1;

    private static int MinUnits(long flopsPerUnit)
        => (int)Math.Clamp((GemmBlocking.MinFlopsPerWorker + flopsPerUnit - 1) / Math.Max(1, flopsPerUnit), 1, int.MaxValue);

    private static void ScaleInPlace<T>(MatrixSpan<T> c, T beta) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (beta == T.One) return;
        for (int i = 0; i < c.Rows; i++)
        {
            var row = c.Row(i);
            if (beta == T.Zero) row.Clear();
            else for (int j = 0; j < row.Length; j++) row[j] *= beta;
        }
    }

    /// <summary>One worker's share of the blocked path: a band of whole row tiles or column tiles of C.</summary>
    private readonly struct BlockedAction<T>(GemmProblem<T> problem, KernelTier tier, bool splitRows, int unit, bool prefetchDirectSlivers) : IRangeAction
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Invoke(int start, int end)
        {
            if (splitRows)
                GemmMacroKernel.Run(problem, tier, start * unit, Math.Min(end * unit, problem.M), 0, problem.N, prefetchDirectSlivers);
            else
                GemmMacroKernel.Run(problem, tier, 0, problem.M, start * unit, Math.Min(end * unit, problem.N), prefetchDirectSlivers);
        }
    }

    /// <summary>One worker's share of the dot-product path: a band of rows of the long operand.</summary>
    private readonly struct DotAction<T>(GemmProblem<T> problem, KernelTier tier, int longRows) : IRangeAction
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Invoke(int start, int end)
            => GemmDotProduct.Run(problem, tier, start * Avx512DotKernel.LongRows, Math.Min(end * Avx512DotKernel.LongRows, longRows), GemmBlocking.DotNextBlockPrefetch != 0);
    }
}
