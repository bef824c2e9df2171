// One HALS factor step on sparse X in one pass: the CSR×dense product of a sweep tile's rows, then the sweep of that tile while the product is in L1.
using System.Buffers;
using System.Numerics;
using Nmf.Fast.Linear.Sparse;
using Nmf.Fast.Memory;
using Nmf.Fast.Threading;

namespace Nmf.Fast.Solvers.Hals;

/// <summary>
/// The W step (A = packed X, B = Hᵀ, F = Wᵀ) or the H step (A = packed Xᵀ, B = W, F = H) of sparse HALS as one
/// parallel pass over the sweep's tiles. Row i of the cross product C = (A·B)ᵀ is all that row i of the sweep reads
/// (<see cref="HalsSweep"/>: rows are independent), so each tile of <see cref="HalsSweep.RowsPerTile{T}"/> rows is
/// computed by the CSR row kernel into a small row-major buffer, transposed into the sweep's k×tile block, and swept at
/// once. Against <see cref="SparseKernels.MultiplyTransposed{T}(PackedCsr{T}, ReadOnlyMatrixSpan{T}, MatrixSpan{T}, int, SparseTier)"/>
/// followed by <see cref="HalsSweep.Run{T}(Matrix{T}, Matrix{T}, Matrix{T}, T, double[], int, Matrix{T}?)"/> this
/// saves writing C (k×rows, 3.2 MB for the 20000×20 double W step) and gathering it back tile by tile from 20 strided
/// rows, and one fork/join. The product rows are the same kernel on the same operand, and the tile sweep is the same
/// code, so F, its row-major copy, C and the violation are bitwise those of the two separate calls, for any thread
/// count (a row's result never depends on its chunk; the violation is summed per tile, then over tiles in order).
/// </summary>
internal static unsafe partial class SparseHalsStep
{
    /// <summary>Runs the fused step and returns the sweep's violation.</summary>
    /// <param name="a">X (W step) or Xᵀ (H step), packed: rows = the factor's rows.</param>
    /// <param name="operand">B, row-major a.Cols×k: Hᵀ for the W step, W for the H step. Must not alias <paramref name="rowMajorCopy"/>.</param>
    /// <param name="factor">
    /// F, k×a.Rows (component-major), updated in place; or null when F lives only row-major in
    /// <paramref name="rowMajorCopy"/>, which is then read as well as written.
    /// </param>
    /// <param name="hessian">G, k×k: the other factor's Gram with the L2 strength on its diagonal.</param>
    /// <param name="l1">The L1 strength.</param>
    /// <param name="tileViolation">At least <see cref="HalsSweep.TileCount{T}"/>(a.Rows) slots of scratch.</param>
    /// <param name="maxDegreeOfParallelism">-1 for all cores.</param>
    /// <param name="rowMajorCopy">Receives F row-major (a.Rows×k) in its first a.Rows·k elements: the next product's operand.</param>
    /// <param name="cross">When given (k×a.Rows), receives C = (A·B)ᵀ as computed before the sweep (for the loss); else C is not stored.</param>
    /// <param name="tileInner">
    /// When given (<see cref="HalsSweep.TileCount{T}"/>(a.Rows) slots), slot t receives tile t's share of ⟨C, F⟩, summed in
    /// double: summed over the tiles in order it is ⟨X, WH⟩ for the loss, without storing C. F is the factor as it was
    /// before the sweep (the start's loss: ⟨H·Xᵀ, W₀ᵀ⟩) or, with <paramref name="innerAfterSweep"/>, as the sweep left it
    /// (the loss after an H step: ⟨Wᵀ·X, H⟩).
    /// </param>
    /// <param name="innerAfterSweep">Pair C with the swept factor instead of the factor before the sweep.</param>
    /// <param name="gram">When given, receives the swept F's Gram (k×k), summed from the tiles (<see cref="TileGram{T}"/>).</param>
    /// <param name="gramPartials">The per-block scratch for <paramref name="gram"/> (for at least a.Rows rows' tiles).</param>
    /// <param name="halves">
    /// On two workers, run the blocks as <see cref="ParallelRange.ForHalves"/> does: rows [0, <see cref="PieceBoundary{T}"/>)
    /// preferably on the calling thread, the rest on the other (the W step before <see cref="RunPieces"/>'s owned path),
    /// instead of chunks taken in turn by either. The bits are the same either way.
    /// </param>
    public static double Run<T>(PackedCsr<T> a, Matrix<T> operand, Matrix<T>? factor, Matrix<T> hessian, T l1, double[] tileViolation,
        int maxDegreeOfParallelism, Matrix<T> rowMajorCopy, Matrix<T>? cross, double[]? tileInner = null, bool innerAfterSweep = false,
        Matrix<T>? gram = null, TileGram<T>? gramPartials = null, bool halves = false)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Fused(a, null, operand, factor, hessian, l1, tileViolation, maxDegreeOfParallelism, rowMajorCopy, cross, tileInner, innerAfterSweep, gram, gramPartials, halves);

    /// <summary>
    /// <see cref="Run"/>'s body; with <paramref name="second"/> (the other piece of Xᵀ, same storage) each tile's product
    /// rows are A's plus the second's, whose operand rows start at row a.Cols of <paramref name="operand"/>.
    /// </summary>
    private static double Fused<T>(PackedCsr<T> a, PackedCsr<T>? second, Matrix<T> operand, Matrix<T>? factor, Matrix<T> hessian, T l1, double[] tileViolation,
        int maxDegreeOfParallelism, Matrix<T> rowMajorCopy, Matrix<T>? cross, double[]? tileInner, bool innerAfterSweep,
        Matrix<T>? gram, TileGram<T>? gramPartials, bool halves)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = a.Rows, k = hessian.Rows;
        if ((factor is not null && (factor.Rows != k || factor.Cols != rows)) || operand.Rows < a.Cols + (second?.Cols ?? 0) || operand.Cols != k || hessian.Cols != k)
            throw new ArgumentException($"Shapes disagree: A {a.Rows}×{a.Cols}, B {operand.Rows}×{operand.Cols}, F {factor?.Rows ?? k}×{factor?.Cols ?? rows}, G {hessian.Rows}×{hessian.Cols}.", nameof(factor));
        int tiles = CheckOutputs(rows, k, rowMajorCopy, cross, tileInner, gram, gramPartials);
        if (rows == 0 || k == 0)
        {
            gram?.AsSpan().Clear();
            return 0;
        }

        long entries = (long)a.NonZeroCount + (second?.NonZeroCount ?? 0);
        int workers = SparseKernels.Workers((entries + rows) * k, maxDegreeOfParallelism);
        var sweep = new HalsSweep.TileAction<T>(factor, rows, hessian, cross, l1, tileViolation, rowMajorCopy);
        var fold = gram is null ? null : gramPartials;
        var tier = SparseTierSelector.ForRank<T>(SparseTier.Auto, k);
        fixed (T* b = operand.AsSpan())
        {
            var run = new StepRun<T>(b, a.Cols, k, sweep, tier, cross, tileInner, innerAfterSweep, fold, tiles, workers, halves);
            if (second is null) a.Run(ref run);
            else a.RunWith(second, ref run);
        }
        fold?.Sum(TileGram<T>.Blocks(tiles), gram!);
        return SumTiles(tileViolation, tiles);
    }

    /// <summary>
    /// The same step when C's rows are already computed, row-major in <paramref name="product"/> (a.Rows×k; e.g. by
    /// <see cref="TransposedScatterKernel"/>): tile by tile, C's rows are transposed into the sweep's block and swept.
    /// <paramref name="product"/> may be <paramref name="rowMajorCopy"/> itself when <paramref name="factor"/> is given: each
    /// tile's rows are read before the sweep writes the tile's updated rows over them. With <paramref name="factor"/> null
    /// the factor lives only row-major in <paramref name="rowMajorCopy"/> (read and written), which must then not share
    /// memory with <paramref name="product"/>.
    /// </summary>
    public static double RunOnProduct<T>(Matrix<T> product, Matrix<T>? factor, Matrix<T> hessian, T l1, double[] tileViolation,
        int maxDegreeOfParallelism, Matrix<T> rowMajorCopy, Matrix<T>? cross, double[]? tileInner = null, bool innerAfterSweep = false,
        Matrix<T>? gram = null, TileGram<T>? gramPartials = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        => SweepProducts(product, null, factor, hessian, l1, tileViolation, maxDegreeOfParallelism, rowMajorCopy, cross, tileInner, innerAfterSweep, gram, gramPartials,
            halvesOnTwoWorkers: false);

    /// <summary>
    /// <see cref="RunOnProduct"/> with C's rows the sum <paramref name="product"/> + <paramref name="second"/> (when given),
    /// added tile by tile into the step's own buffer: neither product is written. With <paramref name="halvesOnTwoWorkers"/>
    /// the blocks run on two workers as <see cref="ParallelRange.ForHalves"/> runs them (the calling thread preferring the
    /// first half), whatever the sweep's own work floor would pick: the owned path's sweep follows its two partial
    /// products while the second thread is awake.
    /// </summary>
    private static double SweepProducts<T>(Matrix<T> product, Matrix<T>? second, Matrix<T>? factor, Matrix<T> hessian, T l1, double[] tileViolation,
        int maxDegreeOfParallelism, Matrix<T> rowMajorCopy, Matrix<T>? cross, double[]? tileInner, bool innerAfterSweep, Matrix<T>? gram, TileGram<T>? gramPartials,
        bool halvesOnTwoWorkers)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = product.Rows, k = hessian.Rows;
        if ((factor is not null && (factor.Rows != k || factor.Cols != rows)) || product.Cols != k || hessian.Cols != k
            || (second is not null && (second.Rows != rows || second.Cols != k)))
            throw new ArgumentException($"Shapes disagree: C {product.Rows}×{product.Cols}{(second is null ? "" : $" + {second.Rows}×{second.Cols}")}, F {factor?.Rows ?? k}×{factor?.Cols ?? rows}, G {hessian.Rows}×{hessian.Cols}.", nameof(product));
        if (factor is null && (product.AsSpan().Overlaps(rowMajorCopy.AsSpan()) || (second is not null && second.AsSpan().Overlaps(rowMajorCopy.AsSpan()))))
            throw new ArgumentException("With the factor only row-major, the product must not share memory with it.", nameof(product));
        int tiles = CheckOutputs(rows, k, rowMajorCopy, cross, tileInner, gram, gramPartials);
        if (rows == 0 || k == 0)
        {
            gram?.AsSpan().Clear();
            return 0;
        }
        var sweep = new HalsSweep.TileAction<T>(factor, rows, hessian, cross, l1, tileViolation, rowMajorCopy);
        var fold = gram is null ? null : gramPartials;
        fixed (T* c = product.AsSpan())
        fixed (T* c2 = second is null ? default : second.AsSpan())
        {
            var args = new CsrProductArgs<T>(null, null, null, null, k, null, k, k);
            var action = new StepAction<T, int, T>(args, default, sweep, SparseTier.Scalar, cross, tileInner, innerAfterSweep, c, c2, fold);
            int blocks = TileGram<T>.Blocks(tiles);
            if (halvesOnTwoWorkers) ParallelRange.ForHalves(blocks, blocks / 2, HalvesChunk(blocks), 2, action);
            else
            {
                int minBlocks = (HalsSweep.MinTilesPerWorker<T>(k) + TileGram<T>.TilesPerBlock - 1) / TileGram<T>.TilesPerBlock;
                ParallelRange.For(blocks, minBlocks, maxDegreeOfParallelism, action, SparseKernels.ChunksPerWorker);
            }
        }
        fold?.Sum(TileGram<T>.Blocks(tiles), gram!);
        return SumTiles(tileViolation, tiles);
    }

    /// <summary>Checks what a step writes besides the factor, and returns the number of sweep tiles.</summary>
    private static int CheckOutputs<T>(int rows, int k, Matrix<T> rowMajorCopy, Matrix<T>? cross, double[]? tileInner, Matrix<T>? gram, TileGram<T>? gramPartials)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (gram is not null && (gram.Rows != k || gram.Cols != k || gramPartials is null || gramPartials.Rank != k || gramPartials.BlockCount < TileGram<T>.Blocks(HalsSweep.TileCount<T>(rows))))
            throw new ArgumentException($"The Gram must be {k}×{k} with partials for {TileGram<T>.Blocks(HalsSweep.TileCount<T>(rows))} blocks of rank {k}.", nameof(gram));
        if (rowMajorCopy.AsSpan().Length < rows * k)
            throw new ArgumentException($"The row-major copy needs {rows * k} elements, has {rowMajorCopy.AsSpan().Length}.", nameof(rowMajorCopy));
        if (cross is not null && (cross.Rows != k || cross.Cols != rows))
            throw new ArgumentException($"C must be {k}×{rows}, but is {cross.Rows}×{cross.Cols}.", nameof(cross));
        int tiles = HalsSweep.TileCount<T>(rows);
        if (tileInner is not null && tileInner.Length < tiles)
            throw new ArgumentException($"The tile inner products need {tiles} slots, have {tileInner.Length}.", nameof(tileInner));
        return tiles;
    }

    /// <summary>destination[i] = first[i] + second[i] for i &lt; count (destination may be first).</summary>
    private static void AddRows<T>(T* first, T* second, T* destination, int count) where T : unmanaged, IFloatingPointIeee754<T> =>
        System.Numerics.Tensors.TensorPrimitives.Add(new ReadOnlySpan<T>(first, count), new ReadOnlySpan<T>(second, count), new Span<T>(destination, count));

    /// <summary>The first <paramref name="tiles"/> per-tile values summed in tile order: the same for any thread count.</summary>
    internal static double SumTiles(double[] perTile, int tiles)
    {
        double sum = 0;
        for (int i = 0; i < tiles; i++) sum += perTile[i];
        return sum;
    }

    /// <summary>Starts the step on the packed arrays (one matrix, or two pieces of one), instantiated for their storage.</summary>
    private readonly struct StepRun<T>(T* b, int boundary, int k, HalsSweep.TileAction<T> sweep, SparseTier tier, Matrix<T>? cross, double[]? tileInner,
        bool innerAfterSweep, TileGram<T>? gram, int tiles, int workers, bool halves) : IPackedRowsAction, IPackedPairAction
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run<TIndex, TValue>(int* rowPointers, void* columns, void* values) where TIndex : unmanaged where TValue : unmanaged =>
            Start<TIndex, TValue>(new CsrProductArgs<T>(rowPointers, columns, values, b, k, null, k, k), default);

        public void Run<TIndex, TValue>(int* firstRowPointers, void* firstColumns, void* firstValues, int* secondRowPointers, void* secondColumns, void* secondValues)
            where TIndex : unmanaged where TValue : unmanaged =>
            Start<TIndex, TValue>(new CsrProductArgs<T>(firstRowPointers, firstColumns, firstValues, b, k, null, k, k),
                new CsrProductArgs<T>(secondRowPointers, secondColumns, secondValues, b + (nint)boundary * k, k, null, k, k));

        // C is written by the tile buffers, never through these arguments (C = null).
        private void Start<TIndex, TValue>(CsrProductArgs<T> first, CsrProductArgs<T> second) where TIndex : unmanaged where TValue : unmanaged =>
            Parallel<T, StepAction<T, TIndex, TValue>>(new(first, second, sweep, tier, cross, tileInner, innerAfterSweep, null, null, gram), tiles, workers, halves);
    }

    /// <summary>Runs the step's blocks of <see cref="TileGram{T}.TilesPerBlock"/> tiles (a worker always runs whole blocks, in tile order).</summary>
    private static void Parallel<T, TAction>(TAction action, int tiles, int workers, bool halves) where T : unmanaged, IFloatingPointIeee754<T> where TAction : struct, IRangeAction
    {
        int blocks = TileGram<T>.Blocks(tiles);
        if (workers == 1) action.Invoke(0, blocks);
        else if (halves && workers == 2) ParallelRange.ForHalves(blocks, blocks / 2, HalvesChunk(blocks), 2, action);
        else ParallelRange.For(blocks, 1, workers, action, SparseKernels.ChunksPerWorker);
    }

    /// <summary>Chunks of <see cref="ParallelRange.ForHalves"/> over <paramref name="count"/> items: eight per half.</summary>
    private static int HalvesChunk(int count) => Math.Max(1, count / 16);

    /// <summary>
    /// Blocks [start, end) of <see cref="TileGram{T}.TilesPerBlock"/> tiles of the step; with <paramref name="precomputed"/>
    /// (row-major rows×k) C's rows are read from there instead of computed; with <paramref name="gram"/> each swept tile
    /// is added to its block's partial Gram. C is the sum of two parts when a second is given — <paramref name="second"/>
    /// (its RowPointers set: a second CSR, e.g. the other piece of Xᵀ) or <paramref name="precomputedSecond"/> — each
    /// tile's rows of the first plus the same rows of the second, added in that order.
    /// </summary>
    private readonly struct StepAction<T, TIndex, TValue>(CsrProductArgs<T> args, CsrProductArgs<T> second, HalsSweep.TileAction<T> sweep, SparseTier tier,
        Matrix<T>? cross, double[]? tileInner, bool innerAfterSweep, T* precomputed, T* precomputedSecond, TileGram<T>? gram) : IRangeAction
        where T : unmanaged, IFloatingPointIeee754<T>
        where TIndex : unmanaged
        where TValue : unmanaged
    {
        public void Invoke(int startBlock, int endBlock)
        {
            int k = args.K;
            int tileRows = HalsSweep.RowsPerTile<T>();
            int rows = sweep.Rows;
            int tiles = HalsSweep.TileCount<T>(rows);
            int start = startBlock * TileGram<T>.TilesPerBlock, end = Math.Min(tiles, endBlock * TileGram<T>.TilesPerBlock);
            // One buffer per chunk: the product tile (tileRows×k row-major), the sweep's F and C blocks (k×tileRows each),
            // and the Gram's pair accumulators (zero at the start of each block; 64 bytes of slack to align them).
            int gramLength = gram is null ? 0 : gram.ScratchLength + 64 / sizeof(T);
            T[] rented = ArrayPool<T>.Shared.Rent(4 * k * tileRows + gramLength);
            try
            {
                var f = rented.AsSpan(k * tileRows, k * tileRows);
                var c = rented.AsSpan(2 * k * tileRows, k * tileRows);
                rented.AsSpan(4 * k * tileRows, gramLength).Clear();
                fixed (T* buffer = rented)
                fixed (T* ft = f)
                fixed (T* ct = c)
                {
                    T* pairs = (T*)(((nint)(buffer + 4 * k * tileRows) + 63) & ~(nint)63);
                    T* secondBuffer = buffer + 3 * k * tileRows;
                    for (int tile = start; tile < end; tile++)
                    {
                        int i0 = tile * tileRows;
                        int count = Math.Min(tileRows, rows - i0);
                        sweep.PrefetchTile(tile); // in flight while the product rows are computed
                        T* product = buffer;
                        if (precomputed is not null)
                        {
                            product = precomputed + (nint)i0 * k;
                            if (precomputedSecond is not null)
                            {
                                AddRows(product, precomputedSecond + (nint)i0 * k, buffer, count * k);
                                product = buffer;
                            }
                        }
                        else
                        {
                            var tileArgs = new CsrProductArgs<T>(args.RowPointers, args.ColumnIndices, args.Values, args.B, args.BStride, product - (nint)i0 * k, k, k);
                            SparseKernels.ProductRows<T, TIndex, TValue>(tier, tileArgs, i0, i0 + count);
                            if (second.RowPointers is not null)
                            {
                                var secondArgs = new CsrProductArgs<T>(second.RowPointers, second.ColumnIndices, second.Values, second.B, second.BStride, secondBuffer - (nint)i0 * k, k, k);
                                SparseKernels.ProductRows<T, TIndex, TValue>(tier, secondArgs, i0, i0 + count);
                                AddRows(buffer, secondBuffer, buffer, count * k);
                            }
                        }
                        // Row r of the product → lane r of each component's row in the sweep block; padding lanes zero.
                        if (count < tileRows) c.Clear();
                        TileTranspose.RowsToBlock(product, count, k, ct, tileRows);
                        if (cross is not null)
                        {
                            for (int t = 0; t < k; t++) c.Slice(t * tileRows, count).CopyTo(cross.AsSpan().Slice(t * cross.Cols + i0, count));
                        }
                        int gathered = sweep.Gather(tile, f, c, crossGathered: true);
                        // ⟨C, F⟩ of the tile before or after its sweep (f and c are both k×tileRows; padding lanes are 0 in both).
                        if (tileInner is not null && !innerAfterSweep) tileInner[tile] = Reductions.Dot<T>(c, f);
                        sweep.TileViolation[tile] = sweep.Sweep(f, c);
                        if (tileInner is not null && innerAfterSweep) tileInner[tile] = Reductions.Dot<T>(c, f);
                        sweep.Store(tile, gathered, f);
                        if (gram is not null)
                        {
                            gram.AddTile(ft, pairs);
                            if ((tile + 1) % TileGram<T>.TilesPerBlock == 0 || tile + 1 == end) gram.FinishBlock(tile / TileGram<T>.TilesPerBlock, pairs);
                        }
                    }
                }
            }
            finally
            {
                ArrayPool<T>.Shared.Return(rented);
            }
        }
    }
}
