// C = Xᵀ·B for CSR X without building Xᵀ: each worker owns a range of C's rows (X's columns) and scatters X's entries into it.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Nmf.Fast.Memory;
using Nmf.Fast.Threading;

namespace Nmf.Fast.Linear.Sparse;

/// <summary>
/// Row j of C = Xᵀ·B is <c>Σᵢ X[i, j]·B[i, :]</c> over the rows i that store column j. Instead of gathering B's rows
/// through a transposed copy of X (a counting sort of every entry: 6 MB written and ≈ 3–7 ms for 10⁶ entries), this
/// kernel walks X's rows in order and adds <c>X[i, j]·B[i, :]</c> into C's row j. Each worker owns a contiguous range
/// of C's rows: it scans every row of X, finds the row's entries in its column range by binary search (columns are
/// sorted within a row), and is the only writer of those rows of C — no atomics, no partial sums. Every row of C is
/// summed over i in increasing order, one fused multiply-add per entry, whatever the range split: the result is the
/// same bit for bit for any thread count (it is rounded differently from the gather through Xᵀ, whose kernel sums
/// even and odd entries separately).
/// </summary>
/// <remarks>
/// Slower per entry than the gather (a read-modify-write of C's row instead of a read of B's row): for 10⁶ entries at
/// k = 20 in double (bench <c>sparse-wtx</c>) 5.0 against 3.5 ms on one thread, 3.6 against 2.1 ms on two — but the gather
/// needs Xᵀ first (6.2 ms on two threads, plus the first touch of its 6 MB), so this serves a fit's first Wᵀ·X only.
/// For k within four vectors B's row stays in registers and C's row is loaded, updated and stored whole (all loads
/// first: the last vector, at k − L, may overlap its neighbour, and the lanes both hold get identical bits); wider k
/// loops over the vectors, the last loaded and updated first and stored last, for the same reason.
/// </remarks>
internal static unsafe class TransposedScatterKernel
{
    /// <summary>Columns of X per chunk below which a worker's row scan would cost more than its entries.</summary>
    private const int MinColumnsPerChunk = 256;

    /// <summary>C (a.Cols×k) ← aᵀ·B, with B row-major a.Rows×k. C may hold anything on entry (it is cleared first).</summary>
    /// <param name="a">X, packed.</param>
    /// <param name="b">B, a.Rows×k.</param>
    /// <param name="c">C, a.Cols×k.</param>
    /// <param name="maxDegreeOfParallelism">-1 for all cores.</param>
    /// <param name="tier">The vector width (tests force each; every tier gives the same bits).</param>
    /// <exception cref="ArgumentException">The shapes do not agree.</exception>
    public static void Multiply<T>(PackedCsr<T> a, ReadOnlyMatrixSpan<T> b, MatrixSpan<T> c, int maxDegreeOfParallelism, SparseTier tier = SparseTier.Auto)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = b.Cols;
        if (b.Rows != a.Rows || c.Rows != a.Cols || c.Cols != k)
            throw new ArgumentException($"Shapes disagree: Xᵀ is {a.Cols}×{a.Rows}, B {b.Rows}×{b.Cols}, C {c.Rows}×{c.Cols}.", nameof(c));
        if (c.Rows == 0 || k == 0) return;
        int workers = SparseKernels.Workers(((long)a.NonZeroCount + a.Cols) * k, maxDegreeOfParallelism);
        // One chunk per worker: every chunk scans all of X's rows, so more chunks cost more than they balance.
        int chunks = Math.Max(1, Math.Min(workers, a.Cols / MinColumnsPerChunk));
        tier = SparseTierSelector.ForRank<T>(tier, k);
        fixed (T* bp = &b.Origin)
        fixed (T* cp = &c.Origin)
        {
            var run = new ScatterRun<T>(a.Rows, a.Cols, bp, b.Stride, cp, c.Stride, k, chunks, workers, tier);
            a.Run(ref run);
        }
    }

    /// <summary>Starts the scatter on the packed arrays, instantiated for their storage.</summary>
    private readonly struct ScatterRun<T>(int rows, int cols, T* b, int bStride, T* c, int cStride, int k, int chunks, int workers, SparseTier tier) : IPackedRowsAction
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run<TIndex, TValue>(int* rowPointers, void* columns, void* values) where TIndex : unmanaged where TValue : unmanaged =>
            Parallel(new ScatterAction<T, TIndex, TValue>(new ScatterArgs<T>(rowPointers, columns, values, rows, cols, b, bStride, c, cStride, k, chunks), tier), chunks, workers);
    }

    private static void Parallel<TAction>(TAction action, int chunks, int workers) where TAction : struct, IRangeAction
    {
        if (workers == 1 || chunks == 1) action.Invoke(0, chunks);
        else ParallelRange.For(chunks, 1, workers, action);
    }

    private readonly struct ScatterArgs<T>(int* rowPointers, void* columns, void* values, int rows, int cols, T* b, int bStride, T* c, int cStride, int k, int chunks)
        where T : unmanaged
    {
        public readonly int* RowPointers = rowPointers;
        public readonly void* Columns = columns;
        public readonly void* Values = values;
        public readonly int Rows = rows;
        public readonly int Cols = cols;
        public readonly T* B = b;
        public readonly int BStride = bStride;
        public readonly T* C = c;
        public readonly int CStride = cStride;
        public readonly int K = k;
        public readonly int Chunks = chunks;

        /// <summary>First column of chunk <paramref name="chunk"/> (chunks of equal column count).</summary>
        public int ChunkStart(int chunk) => (int)((long)Cols * chunk / Chunks);
    }

    private readonly struct ScatterAction<T, TIndex, TValue>(ScatterArgs<T> a, SparseTier tier) : IRangeAction
        where T : unmanaged, IFloatingPointIeee754<T>
        where TIndex : unmanaged
        where TValue : unmanaged
    {
        public void Invoke(int start, int end)
        {
            int j0 = a.ChunkStart(start), j1 = a.ChunkStart(end);
            for (int j = j0; j < j1; j++) new Span<T>(a.C + (nint)j * a.CStride, a.K).Clear();
            switch (tier)
            {
                case SparseTier.Vector512: Scatter<Vector512<T>, Vector512Ops<T>>(j0, j1); break;
                case SparseTier.Vector256: Scatter<Vector256<T>, Vector256Ops<T>>(j0, j1); break;
                case SparseTier.Vector128: Scatter<Vector128<T>, Vector128Ops<T>>(j0, j1); break;
                default: ScatterScalar(j0, j1); break;
            }
        }

        /// <summary>Entries [p0, p1) of row i whose columns lie in [j0, j1): the row's columns are sorted.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private (int P0, int P1) Range(int i, int j0, int j1)
        {
            int p0 = a.RowPointers[i], p1 = a.RowPointers[i + 1];
            if (j0 > 0) p0 = LowerBound(p0, p1, j0);
            if (j1 < a.Cols) p1 = LowerBound(p0, p1, j1);
            return (p0, p1);
        }

        /// <summary>The first p in [lo, hi) whose column is ≥ <paramref name="column"/>, or hi.</summary>
        private int LowerBound(int lo, int hi, int column)
        {
            while (lo < hi)
            {
                int mid = (int)((uint)(lo + hi) >> 1);
                if (Column(mid) < column) lo = mid + 1;
                else hi = mid;
            }
            return lo;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private nint Column(nint p) => PackedEntries.Column<TIndex>(a.Columns, p);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private T Value(nint p) => PackedEntries.Value<T, TValue>(a.Values, p);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Scatter<TVec, TOps>(int j0, int j1)
            where TVec : struct
            where TOps : struct, IVectorOps<TVec, T>
        {
            int vectors = (a.K + TOps.Count - 1) / TOps.Count;
            switch (vectors)
            {
                case 1: Scatter<TVec, TOps, One>(j0, j1); break;
                case 2: Scatter<TVec, TOps, Two>(j0, j1); break;
                case 3: Scatter<TVec, TOps, Three>(j0, j1); break;
                case 4: Scatter<TVec, TOps, Four>(j0, j1); break;
                default: ScatterWide<TVec, TOps>(j0, j1); break;
            }
        }

        /// <summary>
        /// k covered by <typeparamref name="TCount"/> vectors (the last at k − L): B's row stays in registers for the
        /// row's entries, and each entry loads, updates and stores C's row with no loop.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Scatter<TVec, TOps, TCount>(int j0, int j1)
            where TVec : struct
            where TOps : struct, IVectorOps<TVec, T>
            where TCount : struct, IConstant
        {
            int n = TCount.Value, lanes = TOps.Count;
            // Vector v at v·L, the last of the n ending exactly at k (n = ⌈k/L⌉ makes min(v·L, k − L) the last one's offset).
            nint o0 = 0, o1 = Math.Min(lanes, a.K - lanes), o2 = Math.Min(2 * lanes, a.K - lanes), o3 = Math.Min(3 * lanes, a.K - lanes);
            nint cStride = a.CStride;
            for (int i = 0; i < a.Rows; i++)
            {
                var (p0, p1) = Range(i, j0, j1);
                if (p0 == p1) continue;
                T* bRow = a.B + (nint)i * a.BStride;
                TVec b0 = TOps.Load(bRow + o0), b1 = b0, b2 = b0, b3 = b0;
                if (n >= 2) b1 = TOps.Load(bRow + o1);
                if (n >= 3) b2 = TOps.Load(bRow + o2);
                if (n == 4) b3 = TOps.Load(bRow + o3);
                for (int p = p0; p < p1; p++)
                {
                    TVec x = TOps.Broadcast(Value(p));
                    T* cRow = a.C + Column(p) * cStride;
                    // All loads before any store: the last vector may overlap the one before it.
                    TVec c0 = TOps.MultiplyAdd(x, b0, TOps.Load(cRow + o0));
                    TVec c1 = n >= 2 ? TOps.MultiplyAdd(x, b1, TOps.Load(cRow + o1)) : c0;
                    TVec c2 = n >= 3 ? TOps.MultiplyAdd(x, b2, TOps.Load(cRow + o2)) : c0;
                    TVec c3 = n == 4 ? TOps.MultiplyAdd(x, b3, TOps.Load(cRow + o3)) : c0;
                    TOps.Store(c0, cRow + o0);
                    if (n >= 2) TOps.Store(c1, cRow + o1);
                    if (n >= 3) TOps.Store(c2, cRow + o2);
                    if (n == 4) TOps.Store(c3, cRow + o3);
                }
            }
        }

        /// <summary>Any k: a loop over the vectors, the last (at k − L) updated first and stored last.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void ScatterWide<TVec, TOps>(int j0, int j1)
            where TVec : struct
            where TOps : struct, IVectorOps<TVec, T>
        {
            int k = a.K, lanes = TOps.Count;
            int vectors = (k + lanes - 1) / lanes;
            nint last = k - lanes; // the last vector's offset; the others are at 0, L, …, (vectors − 2)·L
            nint cStride = a.CStride;
            for (int i = 0; i < a.Rows; i++)
            {
                var (p0, p1) = Range(i, j0, j1);
                if (p0 == p1) continue;
                T* bRow = a.B + (nint)i * a.BStride;
                TVec bLast = TOps.Load(bRow + last);
                for (int p = p0; p < p1; p++)
                {
                    TVec x = TOps.Broadcast(Value(p));
                    T* cRow = a.C + Column(p) * cStride;
                    TVec updatedLast = TOps.MultiplyAdd(x, bLast, TOps.Load(cRow + last));
                    for (int v = 0; v < vectors - 1; v++)
                    {
                        nint o = (nint)v * lanes;
                        TOps.Store(TOps.MultiplyAdd(x, TOps.Load(bRow + o), TOps.Load(cRow + o)), cRow + o);
                    }
                    TOps.Store(updatedLast, cRow + last);
                }
            }
        }

        private void ScatterScalar(int j0, int j1)
        {
            int k = a.K;
            for (int i = 0; i < a.Rows; i++)
            {
                var (p0, p1) = Range(i, j0, j1);
                T* bRow = a.B + (nint)i * a.BStride;
                for (int p = p0; p < p1; p++)
                {
                    T x = Value(p);
                    T* cRow = a.C + Column(p) * a.CStride;
                    for (int t = 0; t < k; t++) cRow[t] = T.FusedMultiplyAdd(x, bRow[t], cRow[t]);
                }
            }
        }
    }
}
