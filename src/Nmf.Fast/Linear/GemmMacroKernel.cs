// The blocked GEMM on one block of C: loops 5..1 of the BLIS nest (NC panels, KC updates, MC blocks, NR × MR tiles).
using System.Numerics;
using Nmf.Fast.Linear.Kernels;

using System.Runtime.CompilerServices;

namespace Nmf.Fast.Linear;

/// <summary>
/// Computes C[i0..i1, j0..j1] of a <see cref="GemmProblem{T}"/> on the calling thread:
/// <code>
/// for jc in j0..j1 step NC                 loop 5: a column panel of C and op(B)
///   for pc in 0..k step KC                 loop 4: one rank-KC update (β applied on the first only)
///     pack op(B)[pc.., jc..] → Bp          KC×NC, slivers of NR columns
///     for ic in i0..i1 step MC             loop 3
///       pack op(A)[ic.., pc..] → Ap        MC×KC, slivers of MR rows
///       for jr in 0..NC step NR            loop 2: one B sliver, kept in L1
///         for ir in 0..MC step MR          loop 1: one A sliver
///           micro-kernel → MR×NR tile; C ← α·tile + β'·C
/// </code>
/// Every element of C gets the same sequence of operations wherever its tile lies, so splitting C across
/// threads never changes a bit of the result.
/// </summary>
internal static unsafe class GemmMacroKernel
{

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(in GemmProblem<T> pr, KernelTier tier, int i0, int i1, int j0, int j1, bool prefetchDirectSlivers)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = i1 - i0, n = j1 - j0, k = pr.K;
        if (m <= 0 || n <= 0) return;
        // KC sets how the sum over k is grouped into rank-KC updates, so it must follow the whole product's shape,
        // never this thread's band of rows: otherwise the bits of C would depend on the thread count.
        bool fewRows = pr.M <= GemmBlocking.For<T>(tier, false).Mc;
        var bs = GemmBlocking.For<T>(tier, fewRows);
        int nr = bs.Width;
        int mr = GemmBlocking.TileRows(Math.Min(m, bs.Mc), bs.MaxRows);
        int mcMax = Math.Max(mr, bs.Mc / mr * mr);
        int kcMax = Math.Min(bs.Kc, k);
        int ncMax = Math.Min(bs.Nc / nr * nr, RoundUp(n, nr));

        // A short C (≤ MC rows: Wᵀ·X at any rank up to 100) uses each B element only m/MR times, so packing op(B) = B
        // (read + write + read back) costs more than it saves: full slivers are read in place, rows ldb apart. On two
        // threads that took 12–50% less CPU time (branch gemm3); one thread first measured equal or better with
        // packing, because each in-place sliver row lies on its own page and the hardware prefetcher, which does not
        // cross pages, left the first tile of every sliver waiting on DRAM. The macro-kernel now prefetches the next
        // sliver into L2 (a band of its rows per tile, below), and in-place reading wins on one thread too (9–18% less
        // CPU time at ranks 20–100, double and float; docs/gemm.md, branch gemm4). Packing only copies values, so
        // both ways give identical bits.
        bool directB = !pr.B.Transposed && fewRows;
        long aElements = (long)RoundUp(Math.Min(mcMax, m), mr) * kcMax;
        long bElements = (long)ncMax * kcMax;
        long tileElements = (long)bs.MaxRows * nr;
        T* buffer = GemmPackBuffers.Get<T>(aElements + bElements + tileElements + 64);
        T* bPack = buffer;
        T* aPack = bPack + RoundUp((int)bElements, 16);
        T* tile = aPack + RoundUp((int)aElements, 16);

        for (int jc = j0; jc < j1; jc += ncMax)
        {
            int nc = Math.Min(ncMax, j1 - jc);
            for (int pc = 0; pc < k; pc += kcMax)
            {
                int kc = Math.Min(kcMax, k - pc);
                T beta = pc == 0 ? pr.Beta : T.One;
                if (!directB) GemmPacking.PackB(pr.B, pc, jc, kc, nc, nr, bPack);
                for (int ic = i0; ic < i1; ic += mcMax)
                {
                    int mc = Math.Min(mcMax, i1 - ic);
                    GemmPacking.PackA(pr.A, ic, pc, mc, kc, mr, aPack);
                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int cols = Math.Min(nr, nc - jr);
                        T* bSliver = bPack + (long)jr * kc;
                        nint bStride = nr;
                        if (directB)
                        {
                            if (cols == nr)
                            {
                                // Full sliver read in place: rows of op(B) = B are ldb apart.
                                bSliver = pr.B.Ptr + (nint)pc * pr.B.Stride + jc + jr;
                                bStride = pr.B.Stride;
                            }
                            else
                            {
                                // The edge sliver is packed (zero-padded) so the kernel never reads past B.
                                bSliver = bPack;
                                GemmPacking.PackB(pr.B, pc, jc + jr, kc, cols, nr, bPack);
                            }
                        }
                        // In-place slivers: the next sliver's kc rows (each a separate page of B) are fetched into L2
                        // while this sliver's tiles compute, a band of rows per tile.
                        T* nextSliver = null;
                        int nextCols = 0, prefetchBand = 0, nextKc = 0;
                        if (directB && prefetchDirectSlivers)
                        {
                            // The next sliver: one to the right, or the first of the next rank-KC update.
                            int njr = jr + nr, npc = pc;
                            if (njr >= nc) { njr = 0; npc = pc + kcMax; }
                            if (npc < k)
                            {
                                nextSliver = pr.B.Ptr + (nint)npc * pr.B.Stride + jc + njr;
                                nextCols = Math.Min(nr, nc - njr);
                                nextKc = Math.Min(kcMax, k - npc);
                                int tiles = (mc + mr - 1) / mr;
                                prefetchBand = (nextKc + tiles - 1) / tiles;
                            }
                        }
                        int prefetchRow = 0;
                        // AVX-512: the kernel itself spreads the next sliver's fetches over its steps (one row of it every
                        // kc/band steps); a burst of 2·band prefetches before the tile kept the core waiting on a full
                        // miss queue (GemmBlocking.InKernelSliverPrefetch, docs/gemm.md).
                        bool spreadInKernel = tier == KernelTier.Avx512 && GemmBlocking.InKernelSliverPrefetch != 0;
                        for (int ir = 0; ir < mc; ir += mr)
                        {
                            int rows = Math.Min(mr, mc - ir);
                            int gi = ic + ir, gj = jc + jr;
                            bool skip = pr.UpperOnly && gi > gj + cols - 1;
                            T* band = null;
                            int bandRows = 0;
                            if (nextSliver != null)
                            {
                                band = nextSliver + (nint)prefetchRow * pr.B.Stride;
                                bandRows = Math.Max(0, Math.Min(prefetchBand, nextKc - prefetchRow));
                                prefetchRow += prefetchBand;
                                if (!spreadInKernel || skip || bandRows > kc)
                                {
                                    GemmMicroKernels.PrefetchRowsToL2(band, pr.B.Stride, bandRows, nextCols);
                                    bandRows = 0;
                                }
                            }
                            if (skip) continue;
                            T* cTile = pr.C + gi * pr.Ldc + gj;
                            if (pc > 0 || pr.Beta != T.Zero) GemmMicroKernels.PrefetchTile(cTile, pr.Ldc, rows, cols);
                            if (bandRows > 0)
                                GemmMicroKernels.RunAvx512Prefetching(mr, kc, aPack + (long)ir * kc, bSliver, bStride, tile,
                                    (byte*)band, pr.B.Stride * sizeof(T), bandRows, nextCols * sizeof(T) - 1);
                            else
                                GemmMicroKernels.Run(tier, mr, kc, aPack + (long)ir * kc, bSliver, bStride, tile);
                            GemmMicroKernels.WriteBack(tile, nr, cTile, pr.Ldc, rows, cols, pr.Alpha, beta);
                        }
                    }
                }
            }
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
