// One row's own Gram of a weighted fit, Gᵢ = b·G + Σₑ aₑ·oₑoₑᵀ + L2·I, formed from a panel of the listed rows by vectorised symmetric rank-1 updates.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Nmf.Fast.Missing;

/// <summary>
/// Builds Gᵢ (kp×kp, rank-contiguous rows, kp = <see cref="PaddedRank{T}"/>) for one row of a weighted fit from
/// <list type="bullet">
/// <item>P: the L listed rows oₑ of the other factor, copied into a contiguous L×kp panel (padding columns 0);</item>
/// <item>Q: the same rows scaled by their coefficients aₑ (Q = P for a mask, whose coefficients are implicit);</item>
/// <item>G: the full Gram OᵀO of the step (only when b ≠ 0, i.e. a correction list: b = s, the base weight).</item>
/// </list>
/// <code>
///   S = Σₑ qₑ·pₑᵀ                 (symmetric; only the blocks on or below the diagonal are accumulated)
///   Gᵢ = b·G + sign·S + L2·I      (sign = −1 for a mask's correction list, +1 otherwise)
/// </code>
/// The accumulation holds a tile of S in registers — 4 columns c × 2 (or 1) vectors of rows r from the tile's first column
/// (<see cref="TileRowStart"/>) —
/// and streams the panel through it: per entry, one vector load per row vector, one broadcast per column and one
/// fused multiply-add per accumulator, no horizontal sums. Tiles strictly above the diagonal block are skipped and
/// mirrored afterwards, so the work is about L·k²/2 multiply-adds, the cost the issue asks for (missing·k² per row as a
/// correction, observed·k² directly), at the machine's vector throughput.
/// </summary>
internal static class RowGram
{
    /// <summary>Columns per register tile.</summary>
    private const int TileColumns = 4;

    /// <summary>The rank padded to whole vectors (and to whole tiles): the row width of the factors and panels.</summary>
    public static int PaddedRank<T>(int k) where T : unmanaged
    {
        int step = Math.Max(Vector<T>.Count, TileColumns);
        return (k + step - 1) / step * step;
    }

    /// <summary>Entries per panel chunk: the chunk (P, and Q when weighted) stays in the L1 cache across the tile passes.</summary>
    public static int ChunkEntries<T>(int kp) where T : unmanaged => Math.Max(16, 16384 / (kp * Unsafe.SizeOf<T>()));

    /// <summary>
    /// S ← S + Σₑ qₑ·pₑᵀ over one chunk of the panel (or S ← that sum when <paramref name="first"/>), on the blocks
    /// on or below the diagonal of the first k columns; the rest of <paramref name="gi"/> is not touched.
    /// </summary>
    /// <param name="p">P, count×kp.</param>
    /// <param name="q">Q, count×kp (the same span as P for a mask).</param>
    /// <param name="count">Entries in this chunk.</param>
    /// <param name="k">The rank.</param>
    /// <param name="kp">The padded rank.</param>
    /// <param name="gi">S (later Gᵢ), kp×kp.</param>
    /// <param name="first">True for the first chunk of a row.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Accumulate<T>(ReadOnlySpan<T> p, ReadOnlySpan<T> q, int count, int k, int kp, Span<T> gi, bool first)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int lanes = Vector<T>.Count;
        ref T p0 = ref MemoryMarshal.GetReference(p);
        ref T q0 = ref MemoryMarshal.GetReference(q);
        ref T s0 = ref MemoryMarshal.GetReference(gi);
        for (int c0 = 0; c0 < k; c0 += TileColumns)
        {
            int r0 = TileRowStart(c0, k, kp, lanes, out int vectors);
            int v = 0;
            for (; v + 2 <= vectors; v += 2) Tile2(ref p0, ref q0, count, kp, c0, r0 + v * lanes, ref s0, first);
            if (v < vectors) Tile1(ref p0, ref q0, count, kp, c0, r0 + v * lanes, ref s0, first);
        }
    }

    /// <summary>
    /// The first row of S computed for the columns c0..c0+3, and how many row vectors from there: the fewest whole vectors
    /// that cover rows c0..k−1, started at c0 itself (not at the vector boundary below it) unless that would run past kp,
    /// in which case they end at kp. k = 20 float32 (kp = 24): 3+2+2+1+1 vectors of 8 for the five column tiles, against
    /// 3+3+2+2+1 from vector boundaries — the padding rows 20..23 are no longer computed for every tile.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int TileRowStart(int c0, int k, int kp, int lanes, out int vectors)
    {
        vectors = (k - c0 + lanes - 1) / lanes;
        return Math.Min(c0, kp - vectors * lanes);
    }

    /// <summary>
    /// Turns the accumulated S into Gᵢ = b·G + sign·S + L2·I on the first k rows of <paramref name="gi"/> (rows kp wide;
    /// rows k..kp−1 are never read): the computed part of each row is combined with G, the part left of the diagonal
    /// block is mirrored from the rows above (already final), then L2 goes on the diagonal.
    /// </summary>
    /// <param name="gi">S on entry (as <see cref="Accumulate{T}"/> left it, or anything when <paramref name="empty"/>), Gᵢ on return.</param>
    /// <param name="empty">True when no entry was accumulated (S = 0).</param>
    /// <param name="gram">G, kp×kp (read only when <paramref name="b"/> ≠ 0).</param>
    /// <param name="k">The rank.</param>
    /// <param name="kp">The padded rank.</param>
    /// <param name="b">The multiple of G (0 for a direct list).</param>
    /// <param name="sign">+1 or −1, the sign of S.</param>
    /// <param name="l2">Added to the first k diagonal entries.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Finish<T>(Span<T> gi, bool empty, ReadOnlySpan<T> gram, int k, int kp, T b, T sign, T l2)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int lanes = Vector<T>.Count;
        var bv = new Vector<T>(b);
        var sv = new Vector<T>(sign);
        ref T s0 = ref MemoryMarshal.GetReference(gi);
        ref T g0 = ref MemoryMarshal.GetReference(gram);
        for (int c = 0; c < k; c++)
        {
            int from = TileRowStart(c / TileColumns * TileColumns, k, kp, lanes, out int vectors);
            int to = from + vectors * lanes;
            nuint at = (nuint)(c * kp);
            for (int r = from; r < to; r += lanes)
            {
                var sum = empty ? Vector<T>.Zero : sv * Vector.LoadUnsafe(ref s0, at + (nuint)r);
                if (b != T.Zero) sum += bv * Vector.LoadUnsafe(ref g0, at + (nuint)r);
                sum.StoreUnsafe(ref s0, at + (nuint)r);
            }
            var row = gi.Slice(c * kp, kp);
            for (int r = 0; r < from; r++) row[r] = gi[r * kp + c];
            row[to..].Clear(); // padding columns (≥ k) not computed: 0, as G's are
            row[c] += l2;
        }
    }

    /// <summary>a·b + c, fused where the hardware has FMA (never emulated in software).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector<T> MulAdd<T>(Vector<T> a, Vector<T> b, Vector<T> c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) return Vector.MultiplyAddEstimate(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();
        if (typeof(T) == typeof(float)) return Vector.MultiplyAddEstimate(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>();
        return a * b + c;
    }

    /// <summary>S[c][r] (+)= Σₑ pₑ[c]·qₑ[r] for c in c0..c0+3, r in r0..r0+2·lanes: 8 accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile2<T>(ref T p0, ref T q0, int count, int kp, int c0, int r0, ref T s0, bool first)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        nuint lanes = (nuint)Vector<T>.Count;
        ref T s = ref Unsafe.Add(ref s0, c0 * kp + r0);
        nuint stride = (nuint)kp;
        Vector<T> a0 = default, a1 = default, a2 = default, a3 = default, b0 = default, b1 = default, b2 = default, b3 = default;
        if (!first)
        {
            a0 = Vector.LoadUnsafe(ref s);
            b0 = Vector.LoadUnsafe(ref s, lanes);
            a1 = Vector.LoadUnsafe(ref s, stride);
            b1 = Vector.LoadUnsafe(ref s, stride + lanes);
            a2 = Vector.LoadUnsafe(ref s, 2 * stride);
            b2 = Vector.LoadUnsafe(ref s, 2 * stride + lanes);
            a3 = Vector.LoadUnsafe(ref s, 3 * stride);
            b3 = Vector.LoadUnsafe(ref s, 3 * stride + lanes);
        }
        ref T pe = ref Unsafe.Add(ref p0, c0);
        ref T qe = ref Unsafe.Add(ref q0, r0);
        for (int e = 0; e < count; e++)
        {
            var x0 = Vector.LoadUnsafe(ref qe);
            var x1 = Vector.LoadUnsafe(ref qe, lanes);
            var y = new Vector<T>(pe);
            a0 = MulAdd(x0, y, a0);
            b0 = MulAdd(x1, y, b0);
            y = new Vector<T>(Unsafe.Add(ref pe, 1));
            a1 = MulAdd(x0, y, a1);
            b1 = MulAdd(x1, y, b1);
            y = new Vector<T>(Unsafe.Add(ref pe, 2));
            a2 = MulAdd(x0, y, a2);
            b2 = MulAdd(x1, y, b2);
            y = new Vector<T>(Unsafe.Add(ref pe, 3));
            a3 = MulAdd(x0, y, a3);
            b3 = MulAdd(x1, y, b3);
            pe = ref Unsafe.Add(ref pe, kp);
            qe = ref Unsafe.Add(ref qe, kp);
        }
        a0.StoreUnsafe(ref s);
        b0.StoreUnsafe(ref s, lanes);
        a1.StoreUnsafe(ref s, stride);
        b1.StoreUnsafe(ref s, stride + lanes);
        a2.StoreUnsafe(ref s, 2 * stride);
        b2.StoreUnsafe(ref s, 2 * stride + lanes);
        a3.StoreUnsafe(ref s, 3 * stride);
        b3.StoreUnsafe(ref s, 3 * stride + lanes);
    }

    /// <summary>S[c][r] (+)= Σₑ pₑ[c]·qₑ[r] for c in c0..c0+3, r in r0..r0+lanes: 4 accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile1<T>(ref T p0, ref T q0, int count, int kp, int c0, int r0, ref T s0, bool first)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T s = ref Unsafe.Add(ref s0, c0 * kp + r0);
        nuint stride = (nuint)kp;
        Vector<T> a0 = default, a1 = default, a2 = default, a3 = default;
        if (!first)
        {
            a0 = Vector.LoadUnsafe(ref s);
            a1 = Vector.LoadUnsafe(ref s, stride);
            a2 = Vector.LoadUnsafe(ref s, 2 * stride);
            a3 = Vector.LoadUnsafe(ref s, 3 * stride);
        }
        ref T pe = ref Unsafe.Add(ref p0, c0);
        ref T qe = ref Unsafe.Add(ref q0, r0);
        for (int e = 0; e < count; e++)
        {
            var x0 = Vector.LoadUnsafe(ref qe);
            a0 = MulAdd(x0, new Vector<T>(pe), a0);
            a1 = MulAdd(x0, new Vector<T>(Unsafe.Add(ref pe, 1)), a1);
            a2 = MulAdd(x0, new Vector<T>(Unsafe.Add(ref pe, 2)), a2);
            a3 = MulAdd(x0, new Vector<T>(Unsafe.Add(ref pe, 3)), a3);
            pe = ref Unsafe.Add(ref pe, kp);
            qe = ref Unsafe.Add(ref qe, kp);
        }
        a0.StoreUnsafe(ref s);
        a1.StoreUnsafe(ref s, stride);
        a2.StoreUnsafe(ref s, 2 * stride);
        a3.StoreUnsafe(ref s, 3 * stride);
    }
}
