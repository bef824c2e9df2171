// The Gram FᵀF of a factor summed from its sweep tiles while they are in L1, in fixed blocks of tiles so the bits do not depend on the threads.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Nmf.Fast.Linear.Sparse;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Solvers.Hals;

/// <summary>
/// G = Σᵢ fᵢfᵢᵀ (fᵢ = row i of the swept factor, k long) accumulated from each sweep tile's k×lanes block right after
/// its sweep, instead of a separate Gram pass over the whole factor (for W at 20000×20 in double, 3.2 MB read back
/// from L3 and a fork/join per step). Order, fixed whatever the thread count: within a block of
/// <see cref="TilesPerBlock"/> consecutive tiles (always run by one worker, in tile order) each pair (t ≤ r) sums
/// lane-wise products into one vector, lane by lane across the block's tiles; the vector's lanes are added in a fixed
/// order into the block's partial Gram; the partials are added in block order. Padding lanes are zero and add nothing.
/// </summary>
internal sealed class TileGram<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Tiles per block: one partial Gram per 8 tiles (256 rows of a double tile on AVX-512).</summary>
    public const int TilesPerBlock = 8;

    private readonly T[] _partials;
    private readonly int _k;
    private readonly int _tileRows = HalsSweep.RowsPerTile<T>(); // four vectors of the sweep's width

    /// <summary>Space for the partial Grams of <paramref name="tiles"/> tiles of rank <paramref name="k"/>.</summary>
    public TileGram(int tiles, int k)
    {
        _k = k;
        _partials = new T[Blocks(tiles) * k * k];
    }

    /// <summary>The rank.</summary>
    public int Rank => _k;

    /// <summary>How many blocks' partials there is room for.</summary>
    public int BlockCount => _k == 0 ? 0 : _partials.Length / (_k * _k);

    /// <summary>Blocks covering <paramref name="tiles"/> tiles.</summary>
    public static int Blocks(int tiles) => (tiles + TilesPerBlock - 1) / TilesPerBlock;

    /// <summary>Pairs (t ≤ r) of a rank-k Gram: the accumulator vectors a worker needs.</summary>
    public static int Pairs(int k) => k * (k + 1) / 2;

    /// <summary>Elements of scratch a worker's pair accumulators need: one vector of a quarter tile per pair.</summary>
    public int ScratchLength => Pairs(_k) * (_tileRows / 4);

    /// <summary>Bytes of one accumulator vector: a quarter of the sweep's tile (the sweep's own vector width).</summary>
    private int VectorBytes => _tileRows / 4 * Unsafe.SizeOf<T>();

    /// <summary>
    /// Adds one swept tile (<paramref name="block"/>: k components of RowsPerTile lanes) to the pair accumulators
    /// (<see cref="ScratchLength"/> elements, zero at the start of a block).
    /// </summary>
    public unsafe void AddTile(T* block, T* accumulators)
    {
        switch (VectorBytes)
        {
            case 64: AddTile<Vector512<T>, Vector512Ops<T>>(block, (Vector512<T>*)accumulators); break;
            case 32: AddTile<Vector256<T>, Vector256Ops<T>>(block, (Vector256<T>*)accumulators); break;
            default: AddTile<Vector128<T>, Vector128Ops<T>>(block, (Vector128<T>*)accumulators); break;
        }
    }

    /// <summary>Ends block <paramref name="blockIndex"/>: its partial Gram from the accumulators, which are zeroed for the next block.</summary>
    public unsafe void FinishBlock(int blockIndex, T* accumulators)
    {
        switch (VectorBytes)
        {
            case 64: FinishBlock<Vector512<T>, Vector512Ops<T>>(blockIndex, (Vector512<T>*)accumulators); break;
            case 32: FinishBlock<Vector256<T>, Vector256Ops<T>>(blockIndex, (Vector256<T>*)accumulators); break;
            default: FinishBlock<Vector128<T>, Vector128Ops<T>>(blockIndex, (Vector128<T>*)accumulators); break;
        }
    }

    /// <summary>
    /// The tile's four vectors per component. Components t and t + 1 stay in registers while r runs, so each loaded
    /// component r feeds two pairs: (t, r) and (t + 1, r) — the loads, not the FMAs, bound this loop. Each pair still
    /// sums its four products in the same order (a fused chain onto its accumulator), so the bits do not depend on the
    /// pairing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void AddTile<TVec, TOps>(T* block, TVec* accumulators)
        where TVec : unmanaged
        where TOps : struct, IVectorOps<TVec, T>
    {
        int k = _k, lanes = TOps.Count, tileRows = _tileRows;
        int t = 0;
        for (; t + 1 < k; t += 2)
        {
            // Accumulators run t-major over r ≥ t: row t's pairs start at t·k − t(t−1)/2, row t + 1's right after them.
            TVec* rowT = accumulators + (t * k - t * (t - 1) / 2);
            TVec* rowU = rowT + (k - t) - 1; // pair (t + 1, r) sits at rowU + r − t
            T* ft = block + t * tileRows;
            T* fu = ft + tileRows;
            TVec a0 = TOps.Load(ft), a1 = TOps.Load(ft + lanes), a2 = TOps.Load(ft + 2 * lanes), a3 = TOps.Load(ft + 3 * lanes);
            TVec b0 = TOps.Load(fu), b1 = TOps.Load(fu + lanes), b2 = TOps.Load(fu + 2 * lanes), b3 = TOps.Load(fu + 3 * lanes);
            rowT[0] = Chain(a0, a1, a2, a3, a0, a1, a2, a3, rowT[0]);
            for (int r = t + 1; r < k; r++)
            {
                T* fr = block + r * tileRows;
                TVec f0 = TOps.Load(fr), f1 = TOps.Load(fr + lanes), f2 = TOps.Load(fr + 2 * lanes), f3 = TOps.Load(fr + 3 * lanes);
                rowT[r - t] = Chain(a0, a1, a2, a3, f0, f1, f2, f3, rowT[r - t]);
                rowU[r - t] = Chain(b0, b1, b2, b3, f0, f1, f2, f3, rowU[r - t]);
            }
        }
        if (t < k)
        {
            // k odd: the last component's pair with itself, the last accumulator.
            T* ft = block + t * tileRows;
            TVec a0 = TOps.Load(ft), a1 = TOps.Load(ft + lanes), a2 = TOps.Load(ft + 2 * lanes), a3 = TOps.Load(ft + 3 * lanes);
            TVec* last = accumulators + (Pairs(k) - 1);
            *last = Chain(a0, a1, a2, a3, a0, a1, a2, a3, *last);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static TVec Chain(TVec a0, TVec a1, TVec a2, TVec a3, TVec f0, TVec f1, TVec f2, TVec f3, TVec sum) =>
            TOps.MultiplyAdd(a3, f3, TOps.MultiplyAdd(a2, f2, TOps.MultiplyAdd(a1, f1, TOps.MultiplyAdd(a0, f0, sum))));
    }

    private unsafe void FinishBlock<TVec, TOps>(int blockIndex, TVec* accumulators)
        where TVec : unmanaged
        where TOps : struct, IVectorOps<TVec, T>
    {
        int k = _k;
        var partial = _partials.AsSpan(blockIndex * k * k, k * k);
        TVec* pair = accumulators;
        for (int t = 0; t < k; t++)
            for (int r = t; r < k; r++, pair++)
            {
                partial[t * k + r] = TOps.Sum(*pair);
                *pair = TOps.Zero;
            }
    }

    /// <summary>G = the partials of the first <paramref name="blocks"/> blocks added in block order (upper triangle, mirrored).</summary>
    public void Sum(int blocks, Matrix<T> gram)
    {
        int k = _k;
        var g = gram.AsMatrixSpan();
        for (int t = 0; t < k; t++)
            for (int r = t; r < k; r++)
            {
                T s = T.Zero;
                for (int b = 0; b < blocks; b++) s += _partials[b * k * k + t * k + r];
                g[t, r] = s;
                g[r, t] = s;
            }
    }
}
