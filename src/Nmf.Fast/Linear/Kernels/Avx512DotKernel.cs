// AVX-512 dot-product GEMM kernel for A·Bᵀ with a narrow result: 4 × up to 6 dot products per tile, no packing.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Nmf.Fast.Linear.Kernels;

/// <summary>
/// The AVX-512 dot-product kernel for <c>C = α·L·Sᵀ + β·C</c> when both operands are read along their rows
/// (op(A) = A and op(B) = Bᵀ, e.g. X·Hᵀ): up to 4 rows of the long operand L times up to 6 rows of the short
/// operand S, each of the 24 sums held as a vector of partial sums over the summation index, reduced once at
/// the end. Nothing is packed: both operands are contiguous along the summation index, so a narrow result
/// (rank 10–100) wastes no register lanes.
/// <code>
///   L row i:  [l0 l1 ... l(w-1) | lw ...]   ──┐ vector FMA lane by lane
///   S row j:  [s0 s1 ... s(w-1) | sw ...]   ──┘ acc(i,j) += L(i, p..p+w) ∘ S(j, p..p+w)
///   C(i, j) = α·(Σ lanes acc(i,j) + scalar tail) + β·C(i, j),  stored at c + i·ldcL + j·ldcS
/// </code>
/// </summary>
internal static unsafe class Avx512DotKernel
{
    /// <summary>
    /// Lines to fetch into L2 during a tile: <see cref="LinesPerRow"/> consecutive lines from <see cref="Start"/> in each of
    /// <see cref="Rows"/> rows <see cref="RowBytes"/> apart, <see cref="PerStep"/> of them per vector step.
    /// </summary>
    public readonly struct NextLines(byte* start, nint rowBytes, int rows, int linesPerRow, int perStep)
    {
        public byte* Start { get; } = start;
        public nint RowBytes { get; } = rowBytes;
        public int Rows { get; } = rows;
        public int LinesPerRow { get; } = linesPerRow;
        public int PerStep { get; } = perStep;
    }

    /// <summary>Most rows of the long operand per tile.</summary>
    public const int LongRows = 4;

    /// <summary>Most rows of the short operand per tile (4·6 accumulators + 4 L vectors + 1 S vector ≤ 32 registers).</summary>
    public const int MaxShortRows = 6;

    /// <summary>
    /// How far ahead (bytes) the first tile of a long block prefetches its long rows. Those rows stream from DRAM
    /// (80 MB for a 5000×2000 double X); the hardware prefetcher alone kept only ~6 GB/s in flight on one core.
    /// 256–512 B took 4–10% less CPU time at ranks 20 and 50 and was neutral at 100; 1–2 KiB was no better
    /// (docs/gemm.md). Not readonly only so that a benchmark can vary it by reflection.
    /// </summary>
    internal static nint PrefetchBytes = 512;

    /// <summary>
    /// Computes one tile of <typeparamref name="TL"/> × <typeparamref name="TS"/> results over k; with a non-zero
    /// <paramref name="prefetchAhead"/> (the first short group of a long block, which reads the long rows from
    /// memory; later groups find them in L2) it also prefetches the long rows that many bytes ahead. The caller reads
    /// <see cref="PrefetchBytes"/>: a static read in this method made the JIT (which compiles it fully optimised,
    /// possibly before the class is initialised) add a helper call that forced all 24 accumulators onto the stack
    /// (4× slower).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T, TL, TS>(int k, T* l, nint ldl, T* s, nint lds, T* c, nint ldcL, nint ldcS, T alpha, T beta, nint prefetchAhead)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TL : struct, IRowCount
        where TS : struct, IRowCount
        => Run<T, TL, TS>(k, l, ldl, s, lds, c, ldcL, ldcS, alpha, beta, prefetchAhead, default);

    /// <summary>
    /// <see cref="Run{T, TL, TS}(int, T*, nint, T*, nint, T*, nint, nint, T, T, nint)"/>, also fetching the lines of
    /// <paramref name="next"/> (a slice of the next block of long rows) into L2, a few lines per step, so the fetches overlap
    /// the tile's work instead of leaving in one burst before it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T, TL, TS>(int k, T* l, nint ldl, T* s, nint lds, T* c, nint ldcL, nint ldcS, T alpha, T beta, nint prefetchAhead, NextLines next)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TL : struct, IRowCount
        where TS : struct, IRowCount
    {
        byte* nextLine = next.Start;
        int nextRow = 0, nextLeft = next.Rows * next.LinesPerRow;
        int w = Vector512<T>.Count;
        int kv = k - k % w;
        Vector512<T> a00 = default; Vector512<T> a01 = default; Vector512<T> a02 = default; Vector512<T> a03 = default; Vector512<T> a04 = default; Vector512<T> a05 = default;
        Vector512<T> a10 = default; Vector512<T> a11 = default; Vector512<T> a12 = default; Vector512<T> a13 = default; Vector512<T> a14 = default; Vector512<T> a15 = default;
        Vector512<T> a20 = default; Vector512<T> a21 = default; Vector512<T> a22 = default; Vector512<T> a23 = default; Vector512<T> a24 = default; Vector512<T> a25 = default;
        Vector512<T> a30 = default; Vector512<T> a31 = default; Vector512<T> a32 = default; Vector512<T> a33 = default; Vector512<T> a34 = default; Vector512<T> a35 = default;
        T* l0 = l, l1 = l + ldl, l2 = l + 2 * ldl, l3 = l + 3 * ldl;
        T* s0 = s, s1 = s + lds, s2 = s + 2 * lds, s3 = s + 3 * lds, s4 = s + 4 * lds, s5 = s + 5 * lds;
        bool prefetchLong = prefetchAhead != 0;
        for (int p = 0; p < kv; p += w)
        {
            // Row by row within a line, then the next line (4 rows' line j, then line j + 1, …), PerStep lines a step.
            for (int q = 0; q < next.PerStep && nextLeft > 0 && Sse.IsSupported; q++)
            {
                Sse.Prefetch1(nextLine + nextRow * next.RowBytes);
                if (++nextRow == next.Rows) { nextRow = 0; nextLine += 64; }
                nextLeft--;
            }
            if (prefetchLong)
            {
                // One line of each long row, prefetchAhead bytes ahead (one 64-byte step is one line per row).
                byte* q = (byte*)(l0 + p) + prefetchAhead;
                Sse.Prefetch0(q);
                if (TL.Value > 1) Sse.Prefetch0(q + ldl * sizeof(T));
                if (TL.Value > 2) Sse.Prefetch0(q + 2 * ldl * sizeof(T));
                if (TL.Value > 3) Sse.Prefetch0(q + 3 * ldl * sizeof(T));
            }
            Vector512<T> x0 = default, x1 = default, x2 = default, x3 = default;
            if (TL.Value > 0) x0 = Vector512.Load(l0 + p);
            if (TL.Value > 1) x1 = Vector512.Load(l1 + p);
            if (TL.Value > 2) x2 = Vector512.Load(l2 + p);
            if (TL.Value > 3) x3 = Vector512.Load(l3 + p);
            if (TS.Value > 0)
            {
                var y = Vector512.Load(s0 + p);
                if (TL.Value > 0) a00 = SimdMath.Fma(x0, y, a00);
                if (TL.Value > 1) a10 = SimdMath.Fma(x1, y, a10);
                if (TL.Value > 2) a20 = SimdMath.Fma(x2, y, a20);
                if (TL.Value > 3) a30 = SimdMath.Fma(x3, y, a30);
            }
            if (TS.Value > 1)
            {
                var y = Vector512.Load(s1 + p);
                if (TL.Value > 0) a01 = SimdMath.Fma(x0, y, a01);
                if (TL.Value > 1) a11 = SimdMath.Fma(x1, y, a11);
                if (TL.Value > 2) a21 = SimdMath.Fma(x2, y, a21);
                if (TL.Value > 3) a31 = SimdMath.Fma(x3, y, a31);
            }
            if (TS.Value > 2)
            {
                var y = Vector512.Load(s2 + p);
                if (TL.Value > 0) a02 = SimdMath.Fma(x0, y, a02);
                if (TL.Value > 1) a12 = SimdMath.Fma(x1, y, a12);
                if (TL.Value > 2) a22 = SimdMath.Fma(x2, y, a22);
                if (TL.Value > 3) a32 = SimdMath.Fma(x3, y, a32);
            }
            if (TS.Value > 3)
            {
                var y = Vector512.Load(s3 + p);
                if (TL.Value > 0) a03 = SimdMath.Fma(x0, y, a03);
                if (TL.Value > 1) a13 = SimdMath.Fma(x1, y, a13);
                if (TL.Value > 2) a23 = SimdMath.Fma(x2, y, a23);
                if (TL.Value > 3) a33 = SimdMath.Fma(x3, y, a33);
            }
            if (TS.Value > 4)
            {
                var y = Vector512.Load(s4 + p);
                if (TL.Value > 0) a04 = SimdMath.Fma(x0, y, a04);
                if (TL.Value > 1) a14 = SimdMath.Fma(x1, y, a14);
                if (TL.Value > 2) a24 = SimdMath.Fma(x2, y, a24);
                if (TL.Value > 3) a34 = SimdMath.Fma(x3, y, a34);
            }
            if (TS.Value > 5)
            {
                var y = Vector512.Load(s5 + p);
                if (TL.Value > 0) a05 = SimdMath.Fma(x0, y, a05);
                if (TL.Value > 1) a15 = SimdMath.Fma(x1, y, a15);
                if (TL.Value > 2) a25 = SimdMath.Fma(x2, y, a25);
                if (TL.Value > 3) a35 = SimdMath.Fma(x3, y, a35);
            }
        }

        T* sRows = stackalloc T[LongRows * MaxShortRows];
        if (TL.Value > 0 && TS.Value > 0) sRows[0] = Vector512.Sum(a00);
        if (TL.Value > 0 && TS.Value > 1) sRows[1] = Vector512.Sum(a01);
        if (TL.Value > 0 && TS.Value > 2) sRows[2] = Vector512.Sum(a02);
        if (TL.Value > 0 && TS.Value > 3) sRows[3] = Vector512.Sum(a03);
        if (TL.Value > 0 && TS.Value > 4) sRows[4] = Vector512.Sum(a04);
        if (TL.Value > 0 && TS.Value > 5) sRows[5] = Vector512.Sum(a05);
        if (TL.Value > 1 && TS.Value > 0) sRows[6] = Vector512.Sum(a10);
        if (TL.Value > 1 && TS.Value > 1) sRows[7] = Vector512.Sum(a11);
        if (TL.Value > 1 && TS.Value > 2) sRows[8] = Vector512.Sum(a12);
        if (TL.Value > 1 && TS.Value > 3) sRows[9] = Vector512.Sum(a13);
        if (TL.Value > 1 && TS.Value > 4) sRows[10] = Vector512.Sum(a14);
        if (TL.Value > 1 && TS.Value > 5) sRows[11] = Vector512.Sum(a15);
        if (TL.Value > 2 && TS.Value > 0) sRows[12] = Vector512.Sum(a20);
        if (TL.Value > 2 && TS.Value > 1) sRows[13] = Vector512.Sum(a21);
        if (TL.Value > 2 && TS.Value > 2) sRows[14] = Vector512.Sum(a22);
        if (TL.Value > 2 && TS.Value > 3) sRows[15] = Vector512.Sum(a23);
        if (TL.Value > 2 && TS.Value > 4) sRows[16] = Vector512.Sum(a24);
        if (TL.Value > 2 && TS.Value > 5) sRows[17] = Vector512.Sum(a25);
        if (TL.Value > 3 && TS.Value > 0) sRows[18] = Vector512.Sum(a30);
        if (TL.Value > 3 && TS.Value > 1) sRows[19] = Vector512.Sum(a31);
        if (TL.Value > 3 && TS.Value > 2) sRows[20] = Vector512.Sum(a32);
        if (TL.Value > 3 && TS.Value > 3) sRows[21] = Vector512.Sum(a33);
        if (TL.Value > 3 && TS.Value > 4) sRows[22] = Vector512.Sum(a34);
        if (TL.Value > 3 && TS.Value > 5) sRows[23] = Vector512.Sum(a35);
        bool betaZero = beta == T.Zero;
        for (int i = 0; i < TL.Value; i++)
        {
            T* li = l + i * ldl;
            for (int j = 0; j < TS.Value; j++)
            {
                T* sj = s + j * lds;
                T sum = sRows[i * MaxShortRows + j];
                for (int p = kv; p < k; p++) sum = T.FusedMultiplyAdd(li[p], sj[p], sum);
                T* cij = c + i * ldcL + j * ldcS;
                *cij = betaZero ? alpha * sum : T.FusedMultiplyAdd(alpha, sum, beta * *cij);
            }
        }
    }
}
