// The GEMM cache-blocking and tile constants, in one place, with the reasoning that sized them.
using Nmf.Fast.Linear.Kernels;

namespace Nmf.Fast.Linear;

/// <summary>Block sizes for one (tier, element type): register tile MR×NR, and the cache blocks KC, MC, NC.</summary>
/// <param name="MaxRows">MR: the most rows of a register tile (the kernel also runs any smaller height).</param>
/// <param name="Width">NR: the register tile width in elements.</param>
/// <param name="Kc">KC: the depth of one rank-KC update (rows of a packed B sliver).</param>
/// <param name="Mc">MC: rows of C per packed A block.</param>
/// <param name="Nc">NC: columns of C per packed B panel.</param>
internal readonly record struct GemmBlockSizes(int MaxRows, int Width, int Kc, int Mc, int Nc);

/// <summary>
/// Tile and cache-block sizes. Each value is a starting point chosen from the cache sizes of the target
/// machine (L1d 48 KiB, L2 2 MiB per core, large shared L3) and then confirmed with <c>nmf bench gemm</c> — and
/// re-checked on the AMD EPYC (Zen 4) the benchmarks ran on: L1d 32 KiB, L2 1 MiB per core, L3 32 MiB.
/// </summary>
/// <remarks>
/// <para><b>Register tile (MR×NR).</b> The AVX-512 kernel holds MR rows × 2 zmm vectors of C: with MR = 12 that is
/// 24 accumulators + 2 B vectors + 1 broadcast = 27 of the 32 zmm registers, and each k-step issues 24 FMAs for
/// 2 vector loads and 12 broadcasts, enough independent chains (≥ 8) to cover FMA latency 4 × 2 ports. NR is two
/// vectors (32 floats / 16 doubles). MR is the <i>flexible</i> side: the kernel is instantiated for every height
/// 1…12 and the driver balances a short operand over slivers (m = 20 → 2 slivers of 10, m = 50 → 5 of 10), so a
/// rank of 20 does not waste most of a tile. AVX2 has 16 ymm registers: MR = 6 (12 accumulators + 3).</para>
/// <para><b>KC.</b> The packed B sliver (KC×NR) is reused by every A sliver of the block, so it should stay in L1:
/// KC·NR·size = 256·32·4 = 32 KiB (float) or 256·16·8 = 32 KiB (double), two thirds of a 48 KiB L1d, which leaves
/// room for the streaming A sliver and the C tile. For tall C (squares) float uses KC = 384 (a 48 KiB sliver that
/// partly streams from L2): each rank-KC update reads and writes every C tile once, and the longer update cuts that
/// traffic by a third — measured 3–10% faster on 1536². Double first kept 256 (neutral on the Xeon-sized test); on the
/// Zen 4 machine KC = 384 (a 48 KiB double sliver, A block 192·384·8 = 576 KiB in the 1 MiB L2) took 1% less CPU time on
/// one thread and 3–7% less per busy core on two (2048², three interleaved in-process runs, docs/gemm.md), so double uses
/// 384 for tall C too.</para>
/// <para><b>MC.</b> The packed A block (MC×KC) is reused across all B slivers of the panel and lives in L2:
/// 384·384·4 = 576 KiB (float) / 192·384·8 = 576 KiB (double, AVX-512), well inside the 2 MiB L2, so B slivers streaming
/// from the panel do not evict it. (Measured flat between ~192 and ~480 rows.)</para>
/// <para><b>NC.</b> The packed B panel (KC×NC) is shared by all A blocks of one rank-KC update. NC = 4096 floats /
/// 2048 doubles covers whole rows of X on the NMF shapes (n = 2000): packing then reads long contiguous rows that the
/// prefetcher streams, which measured 2× faster on Wᵀ·X than NC = 256–1024 (short rows), even though the panel
/// (2–4 MiB) is consumed from L3 rather than L2. For squares, A is repacked once per NC columns.</para>
/// <para><b>fewRows.</b> A product whose C has at most MC rows (e.g. Wᵀ·X: rank rows) uses KC = 256 (float and
/// double; double used 128 between branches gemm3 and gemm4): its B slivers are used by only m/MR A slivers, so the L1 fit matters more than the C
/// traffic. On the AMD EPYC (Zen 4) measurement machine the L1d is 32 KiB, not 48: a 256×16 double sliver (32 KiB)
/// filled it, and KC = 128 (16 KiB, with a 10 KiB A sliver beside it) took 5–8% less CPU time on Wᵀ·X 50×5000·5000×2000
/// and 100×… (one thread, six interleaved rounds); float showed no difference and squares were best at 256/384.
/// Branch gemm4 then read B slivers in place for every short C (with the next sliver prefetched into L2), and double
/// went back to KC = 256: never worse than 128 in four interleaved comparisons (ranks 50 and 100, 1 and 2 threads,
/// +0.5–6% CPU rate), since half as many rank-KC updates means half the passes over C (1.6 MB at rank 100, larger
/// than L2); the B sliver no longer needs to sit in L1 because the prefetch has it in L2 already.
/// The choice depends on the whole product's m, never on a thread's band, so KC — and the bits — do not change
/// with the thread count.</para>
/// </remarks>
internal static class GemmBlocking
{
    /// <summary>Below or at this size in every dimension a product takes the direct path (no packing, no threads).</summary>
    public const int TinyDimension = 32;

    /// <summary>The narrow side (columns of C for A·Bᵀ) up to which the unpacked dot-product path is used.</summary>
    public const int DotMaxNarrow = 128;

    /// <summary>The least summation length for the dot-product path (shorter sums are not worth the reduction).</summary>
    public const int DotMinDepth = 64;

    /// <summary>
    /// 1 (default): when the blocked path reads B slivers in place (short C), the next sliver is prefetched into L2
    /// while the current one computes; 0 turns that off (kept as a field so bench/compare/gemm_ab can A/B it).
    /// </summary>
    internal static int DirectSliverPrefetch = 1;

    /// <summary>
    /// 1 (default): with AVX-512 the micro-kernel issues the next in-place sliver's L2 prefetches itself, one row piece
    /// every kc / band steps, instead of the macro-kernel issuing the whole band before the tile; 0 restores the burst
    /// (a field so bench/compare/gemm_ab can A/B it). Wᵀ·X at ranks 10–20 took 30–80 % more GFLOP/s per core (docs/gemm.md).
    /// </summary>
    internal static int InKernelSliverPrefetch = 1;

    /// <summary>
    /// 1 (default): the dot-product path prefetches the next block of long rows into L2, a slice per short group,
    /// while the current block computes; 0 turns that off (a field so bench/compare/gemm_ab can A/B it). Float
    /// X·Hᵀ and H·Xᵀ at ranks 20–50 took 8–12% less CPU time; double was neutral (docs/gemm.md, branch gemm4).
    /// </summary>
    internal static int DotNextBlockPrefetch = 1;

    /// <summary>
    /// 1 (default): with AVX-512 the dot kernel issues each short group's slice of the next-block prefetch itself, a few
    /// lines per vector step, instead of the driver issuing the slice in one burst before the tile; 0 restores the burst
    /// (a field so bench/compare/gemm_ab can A/B it). X·Hᵀ and H·Xᵀ at ranks 10–20 took 10–40 % more GFLOP/s per core;
    /// ranks 50–100 unchanged (docs/gemm.md).
    /// </summary>
    internal static int DotSpreadPrefetch = 1;

    /// <summary>About this many flops per worker before a second thread pays for its wake-up (~20 µs of work).</summary>
    public const long MinFlopsPerWorker = 2_000_000;

    /// <summary>The block sizes for <paramref name="tier"/> and element type <typeparamref name="T"/>.</summary>
    public static GemmBlockSizes For<T>(KernelTier tier, bool fewRows)
    {
        bool isFloat = typeof(T) == typeof(float);
        GemmBlockSizes b = tier switch
        {
            KernelTier.Avx512 when isFloat => new(Avx512MicroKernel.MaxRows, 32, fewRows ? 256 : 384, 384, 4096),
            KernelTier.Avx512 => new(Avx512MicroKernel.MaxRows, 16, fewRows ? 256 : 384, 192, 2048),
            KernelTier.Avx2 when isFloat => new(Avx2MicroKernel.MaxRows, 16, fewRows ? 256 : 384, 384, 4096),
            KernelTier.Avx2 => new(Avx2MicroKernel.MaxRows, 8, fewRows ? 128 : 256, 192, 2048),
            _ => new(ScalarMicroKernel.MaxRows, ScalarMicroKernel.Width, 128, 64, 512),
        };
        return b;
    }

    /// <summary>
    /// The tile height for a block of <paramref name="rows"/> rows: the full <paramref name="maxRows"/> for tall
    /// blocks; for short ones the height between maxRows/2 and maxRows that pads the fewest rows (20 → 10,
    /// 50 → 10, 100 → 10 with maxRows 12), so a small rank fills its tiles.
    /// </summary>
    public static int TileRows(int rows, int maxRows)
    {
        if (rows <= maxRows) return Math.Max(1, rows);
        if (rows >= 16 * maxRows) return maxRows;
        int best = maxRows, bestPadded = int.MaxValue;
        for (int mr = maxRows; mr >= Math.Max(1, maxRows / 2); mr--)
        {
            int padded = (rows + mr - 1) / mr * mr;
            if (padded < bestPadded)
            {
                best = mr;
                bestPadded = padded;
            }
        }
        return best;
    }
}
