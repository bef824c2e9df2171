// One coordinate-descent sweep of HALS over all components of a factor: scikit-learn's _update_cdnmf_fast, vectorised over rows.
using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Nmf.Fast.Linear.Kernels;
using Nmf.Fast.Memory;
using Nmf.Fast.Threading;

namespace Nmf.Fast.Solvers.Hals;

/// <summary>
/// Updates a factor F given G = Gram of the other factor with L2 on its diagonal, and C = the cross product
/// with X. Both F and C are stored component-major, k×rows (Wᵀ and C = H·Xᵀ for the W step; H and C = Wᵀ·X for
/// the H step), so a factor is used by the GEMM as it is stored. For each component t in order and each row i
/// (scikit-learn <c>_cdnmf_fast.pyx</c>, Cichocki &amp; Phan 2009, eq. 14):
/// <code>
///   grad = (l1 − C[i,t]) + Σ_r G[t,r]·F[i,r]      (r = 0..k−1 in order, F[i,·] already updated for r &lt; t)
///   pg   = F[i,t] == 0 ? min(grad, 0) : grad;     violation += |pg|
///   if G[t,t] ≠ 0:  F[i,t] = max(F[i,t] − grad / G[t,t], 0)
/// </code>
/// Row i's update reads only row i, so rows are independent: the sweep runs tile by tile, a tile being
/// <see cref="RowsPerTile"/> consecutive rows, i.e. a k×tile block of the component-major storage, copied into a
/// contiguous buffer so that one vector holds the same coordinate of several rows (no horizontal sums). The arithmetic per row is scikit-learn's, operation for
/// operation (a multiply then an add, never a fused multiply-add), so F is bitwise what the sequential loop
/// gives from the same G and C, for any thread count. The violation is summed per tile, then over tiles in
/// order, so it too is independent of the thread count.
/// <code>
///   F (k × rows, component-major)            tile buffer (k × T)
///   r=0: [… f(0,i0) f(0,i0+1) … f(0,i0+T−1) …]   →   r=0: [f(0,i0) … f(0,i0+T−1)]   ← 4 vectors
///   r=1: [… f(1,i0) f(1,i0+1) … f(1,i0+T−1) …]   →   r=1: [f(1,i0) … f(1,i0+T−1)]
/// </code>
/// </summary>
internal static class HalsSweep
{
    /// <summary>
    /// True to sweep with <c>Vector512</c> (when the GEMM's kernel tier is AVX-512, so <c>NMFFAST_KERNEL</c> forces
    /// the narrower path too); otherwise <c>Vector&lt;T&gt;</c>. Both give the same bits: each row's arithmetic is
    /// the same scalar sequence whatever the vector width.
    /// </summary>
    private static readonly bool UseVector512 = KernelSelector.Default == KernelTier.Avx512 && Vector512.IsHardwareAccelerated;

    /// <summary>Rows per tile: four vectors, enough independent add chains to hide the add latency.</summary>
    public static int RowsPerTile<T>() where T : unmanaged => 4 * (UseVector512 ? Vector512<T>.Count : Vector<T>.Count);

    /// <summary>How many tiles cover <paramref name="rows"/> rows.</summary>
    public static int TileCount<T>(int rows) where T : unmanaged => (rows + RowsPerTile<T>() - 1) / RowsPerTile<T>();

    /// <summary>Runs one sweep and returns its violation (the sum of |projected gradient|).</summary>
    /// <param name="factor">F, k×rows (component-major), updated in place.</param>
    /// <param name="hessian">G, k×k: the other factor's Gram with the L2 strength added to its diagonal.</param>
    /// <param name="cross">C, k×rows: H·Xᵀ for W, Wᵀ·X for H (without the L1 term).</param>
    /// <param name="l1">The L1 strength, subtracted from C.</param>
    /// <param name="tileViolation">At least <see cref="TileCount{T}"/> slots of scratch.</param>
    /// <param name="maxDegreeOfParallelism">-1 for all cores.</param>
    public static double Run<T>(Matrix<T> factor, Matrix<T> hessian, Matrix<T> cross, T l1, double[] tileViolation, int maxDegreeOfParallelism)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Run(factor, hessian, cross, l1, tileViolation, maxDegreeOfParallelism, rowMajorCopy: null);

    /// <summary>
    /// Tiles per worker below which a sweep runs on fewer threads. A tile costs about k²·RowsPerTile multiply-adds. Ask
    /// for ≥ 2²⁰ of them (≈ 0.1 ms) per worker: waking a second thread costs tens of microseconds on a quiet machine and
    /// far more on a busy one, and measured in the fit loop (2000×1000, k = 20) a 64k floor made the sweeps 3× slower
    /// than running them serially.
    /// </summary>
    internal static int MinTilesPerWorker<T>(int k) where T : unmanaged => Math.Max(1, (1 << 20) / Math.Max(1, k * k * RowsPerTile<T>()));

    /// <summary>
    /// <see cref="Run{T}(Matrix{T}, Matrix{T}, Matrix{T}, T, double[], int)"/>, also writing the updated factor row-major
    /// (rows×k, element (i, t) at i·k + t) into the first rows·k elements of <paramref name="rowMajorCopy"/> when it is
    /// given: each tile is transposed while it is still in L1, which saves the sparse products a separate transpose pass
    /// over the factor (0.5–0.7 ms per iteration for a 20000×20 W in double). Pure moves: the factor's bits are the same.
    /// </summary>
    public static double Run<T>(Matrix<T> factor, Matrix<T> hessian, Matrix<T> cross, T l1, double[] tileViolation, int maxDegreeOfParallelism, Matrix<T>? rowMajorCopy)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        System.Diagnostics.Debug.Assert(rowMajorCopy is null || rowMajorCopy.AsSpan().Length >= factor.Rows * factor.Cols);
        int tiles = TileCount<T>(factor.Cols);
        int k = factor.Rows;
        ParallelRange.For(tiles, MinTilesPerWorker<T>(k), maxDegreeOfParallelism, new TileAction<T>(factor, hessian, cross, l1, tileViolation, rowMajorCopy));
        double violation = 0;
        for (int i = 0; i < tiles; i++) violation += tileViolation[i];
        return violation;
    }

    /// <summary>
    /// The sweep of one tile (also used by <see cref="SparseHalsStep"/>, which fills the tile's cross-product block
    /// itself and passes <c>cross</c> null). The factor is component-major (k×rows), updated in place and also written
    /// row-major into <c>rowMajorCopy</c> when that is given; or, with <c>factor</c> null, it lives only row-major in
    /// <c>rowMajorCopy</c> (rows×k), read and written there (the sparse steps: no k×rows copy to keep up).
    /// </summary>
    internal readonly struct TileAction<T> : IRangeAction
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly Matrix<T>? factor;
        private readonly Matrix<T> hessian;
        private readonly Matrix<T>? cross;
        private readonly T l1;
        private readonly double[] tileViolation;
        private readonly Matrix<T>? rowMajorCopy;

        /// <summary>A sweep of <paramref name="factor"/> (k×rows, component-major), also written row-major into <paramref name="rowMajorCopy"/> when given.</summary>
        public TileAction(Matrix<T> factor, Matrix<T> hessian, Matrix<T>? cross, T l1, double[] tileViolation, Matrix<T>? rowMajorCopy)
            : this(factor, factor.Cols, hessian, cross, l1, tileViolation, rowMajorCopy)
        {
        }

        /// <summary>A sweep of <paramref name="rows"/> rows of a factor kept in <paramref name="factor"/> (k×rows), or, when that is null, only row-major in <paramref name="rowMajorCopy"/>.</summary>
        public TileAction(Matrix<T>? factor, int rows, Matrix<T> hessian, Matrix<T>? cross, T l1, double[] tileViolation, Matrix<T>? rowMajorCopy)
        {
            System.Diagnostics.Debug.Assert(factor is not null || rowMajorCopy is not null);
            this.factor = factor;
            Rows = rows;
            this.hessian = hessian;
            this.cross = cross;
            this.l1 = l1;
            this.tileViolation = tileViolation;
            this.rowMajorCopy = rowMajorCopy;
        }

        /// <summary>The factor's rows.</summary>
        public int Rows { get; }

        /// <summary>The rank.</summary>
        private int K => hessian.Rows;

        /// <summary>The per-tile violation slots.</summary>
        public double[] TileViolation => tileViolation;

        public void Invoke(int start, int end)
        {
            int k = K;
            int tileRows = RowsPerTile<T>();
            T[] buffer = ArrayPool<T>.Shared.Rent(2 * k * tileRows);
            try
            {
                var f = buffer.AsSpan(0, k * tileRows);
                var c = buffer.AsSpan(k * tileRows, k * tileRows);
                for (int tile = start; tile < end; tile++)
                {
                    int rows = Gather(tile, f, c, crossGathered: false);
                    tileViolation[tile] = Sweep(f, c);
                    Store(tile, rows, f);
                }
            }
            finally
            {
                ArrayPool<T>.Shared.Return(buffer);
            }
        }

        /// <summary>
        /// Gathers tile <paramref name="tile"/>'s k×RowsPerTile block of F into <paramref name="ft"/> (and of C into
        /// <paramref name="ct"/> unless <paramref name="crossGathered"/>: then the caller has written it, padding lanes
        /// zero) and returns the tile's row count. Padding lanes hold F = C = 0, which gives grad = l1 ≥ 0 on a zero
        /// coordinate: no violation, and the coordinate stays 0.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        internal int Gather(int tile, Span<T> ft, Span<T> ct, bool crossGathered)
        {
            int k = K;
            int tileRows = RowsPerTile<T>();
            int i0 = tile * tileRows;
            int rows = Math.Min(tileRows, Rows - i0);
            if (rows < tileRows)
            {
                ft.Clear();
                if (!crossGathered) ct.Clear();
            }
            if (factor is null) FromRows(rowMajorCopy!.AsSpan().Slice(i0 * k, rows * k), rows, ft);
            else
            {
                var f = factor.AsMatrixSpan();
                for (int r = 0; r < k; r++) CopyTileRow(f.Row(r).Slice(i0, rows), ft.Slice(r * tileRows, rows));
            }
            if (!crossGathered)
            {
                var c = cross!.AsMatrixSpan();
                for (int r = 0; r < k; r++) CopyTileRow(c.Row(r).Slice(i0, rows), ct.Slice(r * tileRows, rows));
            }
            return rows;
        }

        /// <summary>
        /// Asks for the lines tile <paramref name="tile"/> will touch ahead of <see cref="Gather"/> and <see cref="Store"/>:
        /// its k row pieces of the factor, and its rows of the row-major copy (k·RowsPerTile elements each, 5 KB at k = 20
        /// in double). Both were last touched a whole step ago and have left the caches; the copy's 640 transposed stores
        /// per tile otherwise wait on one line fetch after another (21 % of a sparse HALS iteration's samples in a
        /// profile, at the instruction after the store; 8 % with this). Only worth it with work in between: the fused
        /// sparse step issues it before computing the tile's product rows. A no-op without SSE.
        /// </summary>
        internal unsafe void PrefetchTile(int tile)
        {
            if (!System.Runtime.Intrinsics.X86.Sse.IsSupported) return;
            int k = K, tileRows = RowsPerTile<T>();
            int i0 = tile * tileRows;
            int rows = Math.Min(tileRows, Rows - i0);
            if (factor is not null)
            {
                var f = factor.AsMatrixSpan();
                for (int r = 0; r < k; r++) PrefetchLines(MemoryMarshal.AsBytes(f.Row(r).Slice(i0, rows)));
            }
            if (rowMajorCopy is not null) PrefetchLines(MemoryMarshal.AsBytes(rowMajorCopy.AsSpan().Slice(i0 * k, rows * k)));
        }

        private static unsafe void PrefetchLines(ReadOnlySpan<byte> lines)
        {
            if (lines.IsEmpty) return;
            fixed (byte* start = lines)
            {
                for (int offset = 0; offset < lines.Length; offset += 64) System.Runtime.Intrinsics.X86.Sse.Prefetch0(start + offset);
                System.Runtime.Intrinsics.X86.Sse.Prefetch0(start + lines.Length - 1);
            }
        }

        /// <summary>Sweeps a gathered block in place and returns its violation.</summary>
        internal double Sweep(Span<T> ft, Span<T> ct) => UseVector512 ? Sweep512(ft, ct, K) : SweepVector(ft, ct, K);

        /// <summary>Writes a swept block back to the factor (when kept component-major), and row-major to the copy when there is one.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        internal void Store(int tile, int rows, Span<T> ft)
        {
            int k = K;
            int tileRows = RowsPerTile<T>();
            int i0 = tile * tileRows;
            if (factor is not null)
            {
                var f = factor.AsMatrixSpan();
                for (int r = 0; r < k; r++) CopyTileRow(ft.Slice(r * tileRows, rows), f.Row(r).Slice(i0, rows));
            }
            if (rowMajorCopy is not null) ToRows(ft, rows, rowMajorCopy.AsSpan().Slice(i0 * k, rows * k));
        }

        /// <summary>The tile's rows (row-major, rows×k) into the block (k×RowsPerTile); padding lanes are left as they are.</summary>
        private unsafe void FromRows(ReadOnlySpan<T> source, int rows, Span<T> ft)
        {
            fixed (T* from = source)
            fixed (T* to = ft)
                TileTranspose.RowsToBlock(from, rows, K, to, RowsPerTile<T>());
        }

        /// <summary>The block's first <paramref name="rows"/> lanes written row-major (rows×k).</summary>
        private unsafe void ToRows(ReadOnlySpan<T> ft, int rows, Span<T> destination)
        {
            fixed (T* from = ft)
            fixed (T* to = destination)
                TileTranspose.BlockToRows(from, RowsPerTile<T>(), rows, K, to);
        }

        /// <summary>
        /// One component's lanes of a tile: a full 512-bit tile row is four vector moves inline (k of these per tile
        /// each way; a <see cref="Span{T}.CopyTo"/> call per row cost more than the move itself), a partial one a copy.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void CopyTileRow(ReadOnlySpan<T> source, Span<T> destination)
        {
            int lanes = Vector512<T>.Count;
            if (UseVector512 && source.Length == 4 * lanes && destination.Length >= 4 * lanes)
            {
                ref T from = ref MemoryMarshal.GetReference(source);
                ref T to = ref MemoryMarshal.GetReference(destination);
                Vector512.LoadUnsafe(ref from).StoreUnsafe(ref to);
                Vector512.LoadUnsafe(ref from, (nuint)lanes).StoreUnsafe(ref to, (nuint)lanes);
                Vector512.LoadUnsafe(ref from, (nuint)(2 * lanes)).StoreUnsafe(ref to, (nuint)(2 * lanes));
                Vector512.LoadUnsafe(ref from, (nuint)(3 * lanes)).StoreUnsafe(ref to, (nuint)(3 * lanes));
            }
            else
            {
                source.CopyTo(destination);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private double SweepVector(Span<T> ft, Span<T> ct, int k)
        {
            int lanes = Vector<T>.Count;
            int tileRows = 4 * lanes;
            ref T f0 = ref MemoryMarshal.GetReference(ft);
            ref T c0 = ref MemoryMarshal.GetReference(ct);
            ref T g0 = ref MemoryMarshal.GetReference(hessian.AsSpan());
            var zero = Vector<T>.Zero;
            var l1v = new Vector<T>(l1);
            Vector<T> acc0 = zero, acc1 = zero, acc2 = zero, acc3 = zero;
            nuint l = (nuint)lanes;
            for (int t = 0; t < k; t++)
            {
                nuint tOff = (nuint)(t * tileRows);
                var grad0 = l1v - Vector.LoadUnsafe(ref c0, tOff);
                var grad1 = l1v - Vector.LoadUnsafe(ref c0, tOff + l);
                var grad2 = l1v - Vector.LoadUnsafe(ref c0, tOff + 2 * l);
                var grad3 = l1v - Vector.LoadUnsafe(ref c0, tOff + 3 * l);
                ref T gRow = ref Unsafe.Add(ref g0, t * k);
                for (int r = 0; r < k; r++)
                {
                    var h = new Vector<T>(Unsafe.Add(ref gRow, r));
                    nuint rOff = (nuint)(r * tileRows);
                    grad0 += h * Vector.LoadUnsafe(ref f0, rOff);
                    grad1 += h * Vector.LoadUnsafe(ref f0, rOff + l);
                    grad2 += h * Vector.LoadUnsafe(ref f0, rOff + 2 * l);
                    grad3 += h * Vector.LoadUnsafe(ref f0, rOff + 3 * l);
                }

                var w0 = Vector.LoadUnsafe(ref f0, tOff);
                var w1 = Vector.LoadUnsafe(ref f0, tOff + l);
                var w2 = Vector.LoadUnsafe(ref f0, tOff + 2 * l);
                var w3 = Vector.LoadUnsafe(ref f0, tOff + 3 * l);
                acc0 += Vector.Abs(Vector.ConditionalSelect(Vector.Equals(w0, zero), Vector.Min(grad0, zero), grad0));
                acc1 += Vector.Abs(Vector.ConditionalSelect(Vector.Equals(w1, zero), Vector.Min(grad1, zero), grad1));
                acc2 += Vector.Abs(Vector.ConditionalSelect(Vector.Equals(w2, zero), Vector.Min(grad2, zero), grad2));
                acc3 += Vector.Abs(Vector.ConditionalSelect(Vector.Equals(w3, zero), Vector.Min(grad3, zero), grad3));

                T hess = Unsafe.Add(ref gRow, t);
                if (hess != T.Zero)
                {
                    var hv = new Vector<T>(hess);
                    Vector.Max(w0 - grad0 / hv, zero).StoreUnsafe(ref f0, tOff);
                    Vector.Max(w1 - grad1 / hv, zero).StoreUnsafe(ref f0, tOff + l);
                    Vector.Max(w2 - grad2 / hv, zero).StoreUnsafe(ref f0, tOff + 2 * l);
                    Vector.Max(w3 - grad3 / hv, zero).StoreUnsafe(ref f0, tOff + 3 * l);
                }
            }
            return SumLanes(acc0) + SumLanes(acc1) + SumLanes(acc2) + SumLanes(acc3);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private double Sweep512(Span<T> ft, Span<T> ct, int k)
        {
            int lanes = Vector512<T>.Count;
            int tileRows = 4 * lanes;
            ref T f0 = ref MemoryMarshal.GetReference(ft);
            ref T c0 = ref MemoryMarshal.GetReference(ct);
            ref T g0 = ref MemoryMarshal.GetReference(hessian.AsSpan());
            var zero = Vector512<T>.Zero;
            var l1v = Vector512.Create(l1);
            Vector512<T> acc0 = zero, acc1 = zero, acc2 = zero, acc3 = zero;
            nuint l = (nuint)lanes;
            for (int t = 0; t < k; t++)
            {
                nuint tOff = (nuint)(t * tileRows);
                var grad0 = l1v - Vector512.LoadUnsafe(ref c0, tOff);
                var grad1 = l1v - Vector512.LoadUnsafe(ref c0, tOff + l);
                var grad2 = l1v - Vector512.LoadUnsafe(ref c0, tOff + 2 * l);
                var grad3 = l1v - Vector512.LoadUnsafe(ref c0, tOff + 3 * l);
                ref T gRow = ref Unsafe.Add(ref g0, t * k);
                for (int r = 0; r < k; r++)
                {
                    var h = Vector512.Create(Unsafe.Add(ref gRow, r));
                    nuint rOff = (nuint)(r * tileRows);
                    grad0 += h * Vector512.LoadUnsafe(ref f0, rOff);
                    grad1 += h * Vector512.LoadUnsafe(ref f0, rOff + l);
                    grad2 += h * Vector512.LoadUnsafe(ref f0, rOff + 2 * l);
                    grad3 += h * Vector512.LoadUnsafe(ref f0, rOff + 3 * l);
                }

                var w0 = Vector512.LoadUnsafe(ref f0, tOff);
                var w1 = Vector512.LoadUnsafe(ref f0, tOff + l);
                var w2 = Vector512.LoadUnsafe(ref f0, tOff + 2 * l);
                var w3 = Vector512.LoadUnsafe(ref f0, tOff + 3 * l);
                acc0 += Vector512.Abs(Vector512.ConditionalSelect(Vector512.Equals(w0, zero), Vector512.Min(grad0, zero), grad0));
                acc1 += Vector512.Abs(Vector512.ConditionalSelect(Vector512.Equals(w1, zero), Vector512.Min(grad1, zero), grad1));
                acc2 += Vector512.Abs(Vector512.ConditionalSelect(Vector512.Equals(w2, zero), Vector512.Min(grad2, zero), grad2));
                acc3 += Vector512.Abs(Vector512.ConditionalSelect(Vector512.Equals(w3, zero), Vector512.Min(grad3, zero), grad3));

                T hess = Unsafe.Add(ref gRow, t);
                if (hess != T.Zero)
                {
                    var hv = Vector512.Create(hess);
                    Vector512.Max(w0 - grad0 / hv, zero).StoreUnsafe(ref f0, tOff);
                    Vector512.Max(w1 - grad1 / hv, zero).StoreUnsafe(ref f0, tOff + l);
                    Vector512.Max(w2 - grad2 / hv, zero).StoreUnsafe(ref f0, tOff + 2 * l);
                    Vector512.Max(w3 - grad3 / hv, zero).StoreUnsafe(ref f0, tOff + 3 * l);
                }
            }
            return SumLanes(acc0) + SumLanes(acc1) + SumLanes(acc2) + SumLanes(acc3);
        }

        private static double SumLanes(Vector512<T> v)
        {
            double s = 0;
            for (int i = 0; i < Vector512<T>.Count; i++) s += double.CreateTruncating(v[i]);
            return s;
        }

        private static double SumLanes(Vector<T> v)
        {
            double s = 0;
            for (int i = 0; i < Vector<T>.Count; i++) s += double.CreateTruncating(v[i]);
            return s;
        }
    }
}
