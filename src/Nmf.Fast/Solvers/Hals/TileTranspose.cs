// Moves a sweep tile between row-major rows (rows×k) and the sweep's component-major block (k×RowsPerTile) with 8×8 register transposes.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Nmf.Fast.Solvers.Hals;

/// <summary>
/// The transposes between a tile's rows stored row-major (row i at <c>rows + i·k</c>, k contiguous elements) and the
/// sweep's block (component t at <c>block + t·32</c>, one element per row), for double, 32-row tiles and k ≥ 8, on
/// AVX-512: each 8×8 piece is 8 loads, 24 shuffles and 8 stores instead of 64 scalar moves. Component pieces start at
/// 0, 8, 16, … and the last one at k − 8 (overlapping the one before it: the overlapped elements are moved twice with
/// the same values). Pure moves: the bits are unchanged.
/// <code>
///   rows (32×k, row-major)                 block (k×32)
///   row i: [f(i,0) f(i,1) … f(i,k−1)]   ⇄   component t: [f(0,t) f(1,t) … f(31,t)]
/// </code>
/// </summary>
internal static unsafe class TileTranspose
{
    /// <summary>Rows per tile the transposes handle (a double sweep tile on AVX-512).</summary>
    public const int Rows = 32;

    /// <summary>True when the transposes apply to a full tile of <typeparamref name="T"/> with <paramref name="tileRows"/> rows and rank <paramref name="k"/>.</summary>
    public static bool Applies<T>(int tileRows, int rows, int k) =>
        typeof(T) == typeof(double) && Avx512F.IsSupported && tileRows == Rows && rows == Rows && k >= 8;

    /// <summary>
    /// The first <paramref name="count"/> rows (stride k) into the block (k components of <paramref name="tileRows"/>
    /// lanes); lanes from <paramref name="count"/> on are left as they are.
    /// </summary>
    public static void RowsToBlock<T>(T* rows, int count, int k, T* block, int tileRows) where T : unmanaged
    {
        if (Applies<T>(tileRows, count, k)) Pieces((double*)rows, k, (double*)block, toBlock: true);
        else
            for (int i = 0; i < count; i++)
                for (int r = 0; r < k; r++) block[r * tileRows + i] = rows[i * k + r];
    }

    /// <summary>
    /// The block's first <paramref name="count"/> lanes back into rows (stride k), row by row: each row's k elements
    /// are written contiguously, so the stores fill each line in order (column by column, one store per line in turn,
    /// cost ≈ 15 cycles a store in a profile).
    /// </summary>
    public static void BlockToRows<T>(T* block, int tileRows, int count, int k, T* rows) where T : unmanaged
    {
        if (Applies<T>(tileRows, count, k)) Pieces((double*)rows, k, (double*)block, toBlock: false);
        else
            for (int i = 0; i < count; i++)
                for (int r = 0; r < k; r++) rows[i * k + r] = block[r * tileRows + i];
    }

    /// <summary>Every 8×8 piece of a full tile, rows to block or back.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pieces(double* rows, int k, double* block, bool toBlock)
    {
        for (int i0 = 0; i0 < Rows; i0 += 8)
            for (int c = 0; c < k; c += 8)
            {
                int t0 = Math.Min(c, k - 8);
                double* inRows = rows + i0 * k + t0, inBlock = block + t0 * Rows + i0;
                if (toBlock) Transpose8(inRows, k, inBlock, Rows);
                else Transpose8(inBlock, Rows, inRows, k);
            }
    }

    /// <summary>Reads 8 vectors at <paramref name="source"/> + j·<paramref name="sourceStride"/> and writes their transpose likewise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8(double* source, int sourceStride, double* destination, int destinationStride)
    {
        // Constant index vectors built here, not read from static fields: a static field costs the native-AOT code a
        // class-initialisation check, and the registers it spills around it (a profile's hot spot).
        var pairLow = Vector512.Create(0L, 1, 8, 9, 4, 5, 12, 13);
        var pairHigh = Vector512.Create(2L, 3, 10, 11, 6, 7, 14, 15);
        var quadLow = Vector512.Create(0L, 1, 2, 3, 8, 9, 10, 11);
        var quadHigh = Vector512.Create(4L, 5, 6, 7, 12, 13, 14, 15);
        var r0 = Vector512.Load(source);
        var r1 = Vector512.Load(source + sourceStride);
        var r2 = Vector512.Load(source + 2 * sourceStride);
        var r3 = Vector512.Load(source + 3 * sourceStride);
        var r4 = Vector512.Load(source + 4 * sourceStride);
        var r5 = Vector512.Load(source + 5 * sourceStride);
        var r6 = Vector512.Load(source + 6 * sourceStride);
        var r7 = Vector512.Load(source + 7 * sourceStride);
        // Row pairs interleaved: t0 = [r0₀ r1₀ r0₂ r1₂ r0₄ r1₄ r0₆ r1₆], t1 the odd columns; t2…t7 likewise.
        var t0 = Avx512F.UnpackLow(r0, r1);
        var t1 = Avx512F.UnpackHigh(r0, r1);
        var t2 = Avx512F.UnpackLow(r2, r3);
        var t3 = Avx512F.UnpackHigh(r2, r3);
        var t4 = Avx512F.UnpackLow(r4, r5);
        var t5 = Avx512F.UnpackHigh(r4, r5);
        var t6 = Avx512F.UnpackLow(r6, r7);
        var t7 = Avx512F.UnpackHigh(r6, r7);
        // Row quads: u0 = [r0₀ r1₀ r2₀ r3₀ r0₄ r1₄ r2₄ r3₄], u2 columns 2/6, u1 and u3 columns 1/5 and 3/7; v for rows 4–7.
        var u0 = Avx512F.PermuteVar8x64x2(t0, pairLow, t2);
        var u2 = Avx512F.PermuteVar8x64x2(t0, pairHigh, t2);
        var u1 = Avx512F.PermuteVar8x64x2(t1, pairLow, t3);
        var u3 = Avx512F.PermuteVar8x64x2(t1, pairHigh, t3);
        var v0 = Avx512F.PermuteVar8x64x2(t4, pairLow, t6);
        var v2 = Avx512F.PermuteVar8x64x2(t4, pairHigh, t6);
        var v1 = Avx512F.PermuteVar8x64x2(t5, pairLow, t7);
        var v3 = Avx512F.PermuteVar8x64x2(t5, pairHigh, t7);
        // Columns: the low halves of u and v give columns 0–3, the high halves 4–7.
        Avx512F.PermuteVar8x64x2(u0, quadLow, v0).Store(destination);
        Avx512F.PermuteVar8x64x2(u1, quadLow, v1).Store(destination + destinationStride);
        Avx512F.PermuteVar8x64x2(u2, quadLow, v2).Store(destination + 2 * destinationStride);
        Avx512F.PermuteVar8x64x2(u3, quadLow, v3).Store(destination + 3 * destinationStride);
        Avx512F.PermuteVar8x64x2(u0, quadHigh, v0).Store(destination + 4 * destinationStride);
        Avx512F.PermuteVar8x64x2(u1, quadHigh, v1).Store(destination + 5 * destinationStride);
        Avx512F.PermuteVar8x64x2(u2, quadHigh, v2).Store(destination + 6 * destinationStride);
        Avx512F.PermuteVar8x64x2(u3, quadHigh, v3).Store(destination + 7 * destinationStride);
    }
}
