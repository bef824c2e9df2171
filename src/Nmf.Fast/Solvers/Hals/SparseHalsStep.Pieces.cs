// The sparse HALS H step with Xᵀ cut in two at a fixed row of W, so that on two threads each gathers only the W rows it swept.
using System.Numerics;
using Nmf.Fast.Linear.Sparse;
using Nmf.Fast.Memory;
using Nmf.Fast.Threading;

namespace Nmf.Fast.Solvers.Hals;

/// <summary>
/// The H step's product Xᵀ·W split at W's row <see cref="PieceBoundary{T}"/>: C = Xᵀ₀·W₀ + Xᵀ₁·W₁, where piece p of Xᵀ
/// holds the entries of X's rows in half p (<see cref="PackedCsr{T}.PackTransposedRows"/>) and W_p those rows of W.
/// <para>
/// Why: on two threads the W step runs W's rows in two halves (<c>halves</c>), the calling thread preferring half 0 and
/// the other thread half 1 (<see cref="ParallelRange.ForHalves"/>). The
/// unsplit H step then gathers every W row on both threads, so half of the ≈ 10⁶ gathers per iteration fetch lines the
/// other core has just written — at the cost of a core-to-core transfer, which on this shared host varies from ≈ 80 to
/// ≈ 900 ns (docs/sparse.md, "What the loaded minutes are"). Split, thread p computes Xᵀ_p·W_p over all n rows into
/// partial p, reading only the W rows it wrote; the sweep then adds the two partials tile by tile (0.8 MB read across
/// instead of ≈ 25 000 W lines gathered across). A thread done with its half helps with the other's, so a thread the
/// host slows down does not hold the step back (a fixed split did: docs/sparse.md).
/// </para>
/// <para>
/// The bits do not depend on the thread count: the boundary depends only on W's row count, and every path sums row j
/// of C as (piece 0's sum) + (piece 1's sum), each piece's sum being the row kernel's over that piece's entries — the
/// owned path stores the two sums in the partials and adds them in the sweep; on one thread (or more than two, where
/// the halves are not one thread's each) the fused step computes both for each tile and adds them at once.
/// </para>
/// </summary>
internal static unsafe partial class SparseHalsStep
{
    /// <summary>
    /// W's row at which Xᵀ is cut: the start of the second half of the W step's Gram blocks, where
    /// <see cref="ParallelRange"/> splits them between two workers with one chunk each; 0 when W has fewer than two
    /// blocks (no cut).
    /// </summary>
    public static int PieceBoundary<T>(int rows) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int blocks = TileGram<T>.Blocks(HalsSweep.TileCount<T>(rows));
        return blocks < 2 ? 0 : Math.Min(rows, blocks / 2 * TileGram<T>.TilesPerBlock * HalsSweep.RowsPerTile<T>());
    }

    /// <summary>
    /// True when a step over <paramref name="entries"/> stored entries and <paramref name="rows"/> rows at rank
    /// <paramref name="k"/> runs on exactly two workers: the case the owned path (and the W step's static split) is for.
    /// </summary>
    public static bool OwnsPieces(long entries, int rows, int k, int maxDegreeOfParallelism) =>
        OwnedPieces && SparseKernels.Workers((entries + rows) * k, maxDegreeOfParallelism) == 2;

    /// <summary>
    /// False to take the fused path on two workers too (same bits). A field, not a constant, for the benchmarks' A/B;
    /// nothing else sets it.
    /// </summary>
    internal static bool OwnedPieces = true;

    /// <summary>
    /// True to sweep the owned path's two partials on both workers, in fixed halves of the blocks (by its work floor the
    /// sweep alone would run on one: 5000 rows at k = 20 are ≈ 0.2 ms). A field for the benchmarks' A/B; nothing else sets it.
    /// </summary>
    internal static bool SweepOnTwoWorkers = true;

    /// <summary>
    /// The fused step of <see cref="Run"/> for the H step with Xᵀ in two pieces; on two workers with partials given,
    /// the owned path (two partial products, then the sweep adding them). Returns the sweep's violation.
    /// </summary>
    /// <param name="first">Piece 0 of Xᵀ: n × boundary.</param>
    /// <param name="second">Piece 1: n × (rows of W − boundary), the same storage as <paramref name="first"/>.</param>
    /// <param name="operand">W, row-major (at least first.Cols + second.Cols rows × k); rows [0, boundary) go with piece 0.</param>
    /// <param name="factor">H (k×n) or null when H lives only row-major in <paramref name="rowMajorCopy"/>.</param>
    /// <param name="hessian">WᵀW with the L2 strength on its diagonal.</param>
    /// <param name="l1">The L1 strength.</param>
    /// <param name="tileViolation">Scratch, <see cref="HalsSweep.TileCount{T}"/>(n) slots.</param>
    /// <param name="maxDegreeOfParallelism">-1 for all cores.</param>
    /// <param name="rowMajorCopy">Receives Hᵀ (n×k).</param>
    /// <param name="tileInner">As in <see cref="Run"/>.</param>
    /// <param name="innerAfterSweep">As in <see cref="Run"/>.</param>
    /// <param name="gram">As in <see cref="Run"/>.</param>
    /// <param name="gramPartials">As in <see cref="Run"/>.</param>
    /// <param name="partials">Two n×k buffers for the owned path (null: always the fused path). Must not share memory with <paramref name="rowMajorCopy"/>.</param>
    public static double RunPieces<T>(PackedCsr<T> first, PackedCsr<T> second, Matrix<T> operand, Matrix<T>? factor, Matrix<T> hessian, T l1,
        double[] tileViolation, int maxDegreeOfParallelism, Matrix<T> rowMajorCopy, double[]? tileInner, bool innerAfterSweep,
        Matrix<T>? gram, TileGram<T>? gramPartials, (Matrix<T> First, Matrix<T> Second)? partials)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        int rows = first.Rows, k = hessian.Rows;
        if (second.Rows != rows || operand.Rows < first.Cols + second.Cols || operand.Cols != k)
            throw new ArgumentException($"Shapes disagree: pieces {first.Rows}×{first.Cols} and {second.Rows}×{second.Cols}, B {operand.Rows}×{operand.Cols}.", nameof(second));
        if (!first.SameStorage(second))
            throw new ArgumentException("The two pieces store their indices or values differently.", nameof(second));
        long entries = (long)first.NonZeroCount + second.NonZeroCount;
        if (partials is { } p && OwnsPieces(entries, rows, k, maxDegreeOfParallelism) && rows > 0 && k > 0)
        {
            if (p.First.Rows != rows || p.First.Cols != k || p.Second.Rows != rows || p.Second.Cols != k)
                throw new ArgumentException($"The partials must be {rows}×{k}.", nameof(partials));
            fixed (T* b = operand.AsSpan())
            fixed (T* c0 = p.First.AsSpan())
            fixed (T* c1 = p.Second.AsSpan())
            {
                var products = new PieceProducts<T>(b, first.Cols, k, c0, c1, rows);
                first.RunWith(second, ref products);
            }
            return SweepProducts(p.First, p.Second, factor, hessian, l1, tileViolation, maxDegreeOfParallelism, rowMajorCopy, null, tileInner, innerAfterSweep, gram, gramPartials,
                halvesOnTwoWorkers: SweepOnTwoWorkers);
        }

        return Fused(first, second, operand, factor, hessian, l1, tileViolation, maxDegreeOfParallelism, rowMajorCopy, null, tileInner, innerAfterSweep,
            gram, gramPartials, halves: false);
    }

    /// <summary>
    /// Piece p's product over all rows into partial p, piece 0 preferably on the calling thread (which the W step's
    /// <c>halves</c> gave W's half 0), piece 1 on the other; a thread done with its piece helps with the other's rows.
    /// </summary>
    private readonly struct PieceProducts<T>(T* b, int boundary, int k, T* firstPartial, T* secondPartial, int rows) : IPackedPairAction
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run<TIndex, TValue>(int* firstRowPointers, void* firstColumns, void* firstValues, int* secondRowPointers, void* secondColumns, void* secondValues)
            where TIndex : unmanaged where TValue : unmanaged
        {
            var first = new CsrProductArgs<T>(firstRowPointers, firstColumns, firstValues, b, k, firstPartial, k, k);
            var second = new CsrProductArgs<T>(secondRowPointers, secondColumns, secondValues, b + (nint)boundary * k, k, secondPartial, k, k);
            var tier = SparseTierSelector.ForRank<T>(SparseTier.Auto, k);
            // Items [0, rows) are piece 0's rows, [rows, 2·rows) piece 1's: the calling thread prefers the first.
            ParallelRange.ForHalves(2 * rows, rows, HalvesChunk(2 * rows), 2, new PieceProductAction<T, TIndex, TValue>(first, second, tier, rows));
        }
    }

    /// <summary>Items [start, end) of the two pieces' rows laid end to end (a chunk never straddles the two).</summary>
    private readonly struct PieceProductAction<T, TIndex, TValue>(CsrProductArgs<T> first, CsrProductArgs<T> second, SparseTier tier, int rows) : IRangeAction
        where T : unmanaged, IFloatingPointIeee754<T>
        where TIndex : unmanaged
        where TValue : unmanaged
    {
        public void Invoke(int start, int end)
        {
            if (start < rows) SparseKernels.ProductRows<T, TIndex, TValue>(tier, first, start, Math.Min(end, rows));
            if (end > rows) SparseKernels.ProductRows<T, TIndex, TValue>(tier, second, Math.Max(start, rows) - rows, end - rows);
        }
    }
}
