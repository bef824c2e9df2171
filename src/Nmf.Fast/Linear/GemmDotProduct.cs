// The unpacked dot-product path for A·Bᵀ products with one narrow side (X·Hᵀ, H·Xᵀ, and A·Aᵀ Grams).
using System.Numerics;
using Nmf.Fast.Linear.Kernels;

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Nmf.Fast.Linear;

/// <summary>
/// C = α·A·Bᵀ + β·C when op(A) = A and op(B) = Bᵀ, so both operands are read along their stored rows, and one of
/// m, n is small (a rank). The rows of the large ("long") operand are walked four at a time; each group of up to
/// six rows of the small ("short") operand gives one tile of dot products (see <see cref="Avx512DotKernel"/>).
/// Nothing is packed and no register lane is wasted on a rank of 10 or 20, and each element of the long operand is
/// read from memory once per call.
/// </summary>
internal static unsafe class GemmDotProduct
{
    /// <summary>Whether the dot-product path handles this product.</summary>
    public static bool Applies(KernelTier tier, bool aTransposed, bool bTransposed, int m, int n, int k)
        => tier != KernelTier.Scalar && !aTransposed && bTransposed && k >= GemmBlocking.DotMinDepth
           && Math.Min(m, n) <= GemmBlocking.DotMaxNarrow;

    /// <summary>The long operand is A (rows of C) unless C is short and wide.</summary>
    public static bool LongIsA(int m, int n) => n <= GemmBlocking.DotMaxNarrow && m >= n;

    /// <summary>Rows of the short operand per tile: as few tiles as possible, evenly filled (20 → 5, 10 → 5).</summary>
    public static int ShortGroup(int shortRows)
    {
        int max = Avx512DotKernel.MaxShortRows;
        int groups = (shortRows + max - 1) / max;
        return Math.Max(1, (shortRows + groups - 1) / groups);
    }

    /// <summary>
    /// Computes the results for long-operand rows [l0, l1) against every short-operand row; with
    /// <paramref name="prefetchNextBlock"/> the next block of long rows is fetched into L2 while a block computes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(in GemmProblem<T> pr, KernelTier tier, int l0, int l1, bool prefetchNextBlock)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool longIsA = LongIsA(pr.M, pr.N);
        T* lp = longIsA ? pr.A.Ptr : pr.B.Ptr;
        nint ldl = longIsA ? pr.A.Stride : pr.B.Stride;
        T* sp = longIsA ? pr.B.Ptr : pr.A.Ptr;
        nint lds = longIsA ? pr.B.Stride : pr.A.Stride;
        int shortRows = longIsA ? pr.N : pr.M;
        nint ldcL = longIsA ? pr.Ldc : 1;
        nint ldcS = longIsA ? 1 : pr.Ldc;
        int group = ShortGroup(shortRows);
        const int LongRows = Avx512DotKernel.LongRows;
        nint prefetchAhead = Avx512DotKernel.PrefetchBytes;
        int groups = (shortRows + group - 1) / group;
        int linesPerRow = (int)(((long)pr.K * sizeof(T) + 63) / 64);
        int steps = pr.K / (64 / sizeof(T)); // vector steps of the AVX-512 kernel
        bool spread = GemmBlocking.DotSpreadPrefetch != 0;
        for (int i = l0; i < l1; i += LongRows)
        {
            int tl = Math.Min(LongRows, l1 - i);
            // The next long block's rows come from DRAM; they are fetched into L2 a slice per short group while this
            // block computes, so memory stays busy during every group, not only during the first one.
            int nextRows = prefetchNextBlock ? Math.Min(LongRows, l1 - i - LongRows) : 0;
            for (int j = 0, g = 0; j < shortRows; j += group, g++)
            {
                int ts = Math.Min(group, shortRows - j);
                // C row/column ranges of this tile; an upper-triangle product skips it when it lies wholly below the diagonal.
                bool skip = pr.UpperOnly && (longIsA ? i : j) > (longIsA ? j + ts - 1 : i + tl - 1);
                Avx512DotKernel.NextLines next = default;
                if (nextRows > 0)
                {
                    int line0 = (int)((long)g * linesPerRow / groups), line1 = (int)((long)(g + 1) * linesPerRow / groups);
                    byte* rows = (byte*)(lp + (i + LongRows) * ldl);
                    // AVX-512: the kernel spreads them over its steps (≤ 4 a step); else, or with more, one burst.
                    int lines = nextRows * (line1 - line0), perStep = steps > 0 ? (lines + steps - 1) / steps : int.MaxValue;
                    if (spread && !skip && tier == KernelTier.Avx512 && perStep <= 4)
                        next = new Avx512DotKernel.NextLines(rows + line0 * 64, ldl * sizeof(T), nextRows, line1 - line0, perStep);
                    else
                        PrefetchLines(rows, ldl * sizeof(T), nextRows, line0, line1);
                }
                if (skip) continue;
                Tile(tier, tl, ts, pr.K, lp + i * ldl, ldl, sp + j * lds, lds, pr.C + i * ldcL + j * ldcS, ldcL, ldcS, pr.Alpha, pr.Beta, j == 0 ? prefetchAhead : 0, next);
            }
        }
    }

    /// <summary>Prefetches lines [line0, line1) of <paramref name="count"/> rows, <paramref name="rowBytes"/> apart, into L2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefetchLines(byte* rows, nint rowBytes, int count, int line0, int line1)
    {
        if (!Sse.IsSupported) return;
        for (int r = 0; r < count; r++)
            for (int line = line0; line < line1; line++)
                Sse.Prefetch1(rows + r * rowBytes + line * 64);
    }

    private static void Tile<T>(KernelTier tier, int tl, int ts, int k, T* l, nint ldl, T* s, nint lds, T* c, nint ldcL, nint ldcS, T alpha, T beta, nint prefetchAhead, Avx512DotKernel.NextLines next)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (tl)
        {
            case 1: Tile<T, R1>(tier, ts, k, l, ldl, s, lds, c, ldcL, ldcS, alpha, beta, prefetchAhead, next); break;
            case 2: Tile<T, R2>(tier, ts, k, l, ldl, s, lds, c, ldcL, ldcS, alpha, beta, prefetchAhead, next); break;
            case 3: Tile<T, R3>(tier, ts, k, l, ldl, s, lds, c, ldcL, ldcS, alpha, beta, prefetchAhead, next); break;
            default: Tile<T, R4>(tier, ts, k, l, ldl, s, lds, c, ldcL, ldcS, alpha, beta, prefetchAhead, next); break;
        }
    }

    private static void Tile<T, TL>(KernelTier tier, int ts, int k, T* l, nint ldl, T* s, nint lds, T* c, nint ldcL, nint ldcS, T alpha, T beta, nint prefetchAhead, Avx512DotKernel.NextLines next)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TL : struct, IRowCount
    {
        if (tier == KernelTier.Avx512)
        {
            switch (ts)
            {
                case 1: Avx512DotKernel.Run<T, TL, R1>(k, l, ldl, s, lds, c, ldcL, ldcS, alpha, beta, prefetchAhead, next); break;
                case 2: Avx512DotKernel.Run<T, TL, R2>(k, l, ldl, s, lds, c, ldcL, ldcS, alpha, beta, prefetchAhead, next); break;
                case 3: Avx512DotKernel.Run<T, TL, R3>(k, l, ldl, s, lds, c, ldcL, ldcS, alpha, beta, prefetchAhead, next); break;
                case 4: Avx512DotKernel.Run<T, TL, R4>(k, l, ldl, s, lds, c, ldcL, ldcS, alpha, beta, prefetchAhead, next); break;
                case 5: Avx512DotKernel.Run<T, TL, R5>(k, l, ldl, s, lds, c, ldcL, ldcS, alpha, beta, prefetchAhead, next); break;
                default: Avx512DotKernel.Run<T, TL, R6>(k, l, ldl, s, lds, c, ldcL, ldcS, alpha, beta, prefetchAhead, next); break;
            }
        }
        else
        {
            switch (ts)
            {
                case 1: Avx2DotKernel.Run<T, TL, R1>(k, l, ldl, s, lds, c, ldcL, ldcS, alpha, beta); break;
                case 2: Avx2DotKernel.Run<T, TL, R2>(k, l, ldl, s, lds, c, ldcL, ldcS, alpha, beta); break;
                case 3: Avx2DotKernel.Run<T, TL, R3>(k, l, ldl, s, lds, c, ldcL, ldcS, alpha, beta); break;
                case 4: Avx2DotKernel.Run<T, TL, R4>(k, l, ldl, s, lds, c, ldcL, ldcS, alpha, beta); break;
                case 5: Avx2DotKernel.Run<T, TL, R5>(k, l, ldl, s, lds, c, ldcL, ldcS, alpha, beta); break;
                default: Avx2DotKernel.Run<T, TL, R6>(k, l, ldl, s, lds, c, ldcL, ldcS, alpha, beta); break;
            }
        }
    }
}
