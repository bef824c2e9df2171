// One HALS sweep of a weighted fit: every row of a factor is solved with its own Gram, formed as a correction of the full Gram or from the observed entries.
using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Nmf.Fast.Memory;
using Nmf.Fast.Threading;

namespace Nmf.Fast.Missing;

/// <summary>
/// Updates every row f of a factor F (rows × kp, rank-contiguous, padding zero) with the other factor O fixed, for the
/// weighted loss ½·Σⱼ ωᵢⱼ(xᵢⱼ − f·oⱼ)²: with Gᵢ = Σⱼ ωᵢⱼ·oⱼoⱼᵀ + L2·I and cᵢ = Σⱼ ωᵢⱼxᵢⱼ·oⱼ (the row of the cross product),
/// one pass of exact coordinate minimisation (HALS, Cichocki &amp; Phan 2009, eq. 14; its weighted form as in
/// Gillis &amp; Glineur 2012, "Accelerated multiplicative updates and hierarchical ALS algorithms for NMF", §3.3):
/// <code>
///   for t = 0..k−1:  grad = l1 − cᵢ[t] + Gᵢ[t,·]·f;   violation += |projected grad|;   f[t] = max(f[t] − grad / Gᵢ[t,t], 0)
/// </code>
/// Gᵢ comes from the row's observation list (<see cref="ObservationLists{T}"/>): s·G minus the few missing rows' outer
/// products when few are missing, the observed rows' outer products when few are observed. The listed rows of O are
/// copied into a contiguous panel and <see cref="RowGram"/> forms Gᵢ from it (about L·k²/2 multiply-adds for a list
/// of L entries, on full vectors); the coordinate pass then costs k² like the unweighted one.
/// Rows are independent, so they run in parallel chunks; per-row violations and losses land in arrays summed in order
/// afterwards, so results do not depend on the thread count. A row with no observed entry is set to zero.
/// (The solver sends lists that carry the data to <see cref="ResidualHalsSweep"/>; this sweep still accepts them, forming
/// each cᵢ from the gathered panel, and is the reference the residual sweep is tested against.)
/// Each row also reports its share of the loss after its update: −cᵢ·f + ½·fᵀGᵢf + l1·Σf (the ½·Σωx² constant and the
/// other factor's penalties are added by the caller).
/// </summary>
internal static class MaskedHalsSweep
{

    /// <summary>Runs one sweep (or, with <paramref name="evaluateOnly"/>, only the per-row losses) and returns the summed violation.</summary>
    /// <param name="factor">F, rows × kp, updated in place.</param>
    /// <param name="cross">C, rows × kp: the weighted data times the other factor (written here, row by row, when the lists carry values).</param>
    /// <param name="other">O, others × kp (rank-contiguous, padding zero): each listed entry is one contiguous row.</param>
    /// <param name="gram">OᵀO, kp × kp (used by rows with a correction list).</param>
    /// <param name="lists">The observation lists of this side.</param>
    /// <param name="k">The rank.</param>
    /// <param name="l1">L1 strength.</param>
    /// <param name="l2">L2 strength (added to each Gᵢ's diagonal).</param>
    /// <param name="rowViolation">Per-row scratch, at least rows long.</param>
    /// <param name="rowLoss">Per-row loss shares, at least rows long.</param>
    /// <param name="evaluateOnly">True to leave F unchanged and only fill <paramref name="rowLoss"/>.</param>
    /// <param name="maxDegreeOfParallelism">-1 for all cores.</param>
    public static double Run<T>(Matrix<T> factor, Matrix<T> cross, Matrix<T> other, Matrix<T> gram, ObservationLists<T> lists, int k,
        double l1, double l2, double[] rowViolation, double[] rowLoss, bool evaluateOnly, int maxDegreeOfParallelism)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = factor.Rows;
        int kp = factor.Cols;
        // Work per row ≈ (list length + 2)·k²/2; ask for about 2¹⁸ multiply-adds per chunk.
        long perRow = Math.Max(1, (lists.Entries / Math.Max(1, rows) + 2) * (long)k * k / 2);
        int minRows = (int)Math.Clamp((1L << 18) / perRow, 1, Math.Max(1, rows));
        var action = new RowAction<T>(factor, cross, other, gram, lists, k, kp, T.CreateTruncating(l1), T.CreateTruncating(l2),
            rowViolation, rowLoss, evaluateOnly);
        ParallelRange.For(rows, minRows, maxDegreeOfParallelism, action, chunksPerWorker: 4);
        double violation = 0;
        for (int i = 0; i < rows; i++) violation += rowViolation[i];
        return violation;
    }

    private readonly struct RowAction<T>(Matrix<T> factor, Matrix<T> cross, Matrix<T> other, Matrix<T> gram, ObservationLists<T> lists,
        int k, int kp, T l1, T l2, double[] rowViolation, double[] rowLoss, bool evaluateOnly) : IRangeAction
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Optimised from the first call: the row loop lives here and a sweep calls this only a few times.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Invoke(int start, int end)
        {
            bool weighted = lists.Coefficients is not null;
            int chunk = RowGram.ChunkEntries<T>(kp);
            int panel = kp * chunk;
            T[] buffer = ArrayPool<T>.Shared.Rent(panel * (weighted ? 2 : 1) + kp * kp + kp);
            try
            {
                var p = buffer.AsSpan(0, panel);
                var q = weighted ? buffer.AsSpan(panel, panel) : p;
                var gi = buffer.AsSpan(panel * (weighted ? 2 : 1), kp * kp);
                var g = buffer.AsSpan(panel * (weighted ? 2 : 1) + kp * kp, kp);
                for (int i = start; i < end; i++)
                {
                    var f = factor.Row(i);
                    if (lists.Observed[i] == 0)
                    {
                        f.Clear();
                        rowViolation[i] = 0;
                        rowLoss[i] = 0;
                        continue;
                    }
                    int s = lists.Start[i], count = lists.Start[i + 1] - s;
                    var c = cross.Row(i);
                    for (int e0 = 0; e0 < count; e0 += chunk)
                    {
                        int length = Math.Min(chunk, count - e0);
                        Gather(s + e0, length, p, q);
                        RowGram.Accumulate<T>(p[..(length * kp)], q[..(length * kp)], length, k, kp, gi, first: e0 == 0);
                        if (lists.Values is { } values) CrossFromPanel(values.AsSpan(s + e0, length), p, c, first: e0 == 0);
                    }
                    bool direct = lists.Direct[i];
                    // A mask's lists carry implicit coefficients: +1 for observed (direct), −1 for missing (correction).
                    T sign = weighted || direct ? T.One : -T.One;
                    RowGram.Finish<T>(gi, count == 0, gram.AsSpan(), k, kp, direct ? T.Zero : lists.BaseWeight, sign, l2);
                    rowViolation[i] = double.CreateTruncating(SweepRow(f, c, gi, g));
                    rowLoss[i] = LossShare(f, c, g);
                }
            }
            finally
            {
                ArrayPool<T>.Shared.Return(buffer);
            }
        }

        /// <summary>P (count × kp, row e = the listed row of O for list entry first + e) and Q = P scaled by each entry's coefficient (weighted lists only).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Gather(int first, int count, Span<T> p, Span<T> q)
        {
            var index = lists.Index.AsSpan(first, count);
            var coefficients = lists.Coefficients;
            ref T source = ref MemoryMarshal.GetReference(other.AsSpan());
            ref T target = ref MemoryMarshal.GetReference(p);
            ref T scaled = ref MemoryMarshal.GetReference(q);
            int lanes = Vector<T>.Count;
            // Indices were validated when the lists were built (each < others), so the reads need no bounds checks.
            if (coefficients is null)
            {
                // A mask: P only. Two listed rows per step, both rows' loads issued before their stores.
                int e = 0;
                for (; e + 2 <= count; e += 2)
                {
                    ref T from0 = ref Unsafe.Add(ref source, (nint)index[e] * kp);
                    ref T from1 = ref Unsafe.Add(ref source, (nint)index[e + 1] * kp);
                    nuint at = (nuint)(e * kp);
                    for (int v = 0; v < kp; v += lanes)
                    {
                        var o0 = Vector.LoadUnsafe(ref from0, (nuint)v);
                        var o1 = Vector.LoadUnsafe(ref from1, (nuint)v);
                        o0.StoreUnsafe(ref target, at + (nuint)v);
                        o1.StoreUnsafe(ref target, at + (nuint)(kp + v));
                    }
                }
                if (e < count)
                {
                    ref T from = ref Unsafe.Add(ref source, (nint)index[e] * kp);
                    for (int v = 0; v < kp; v += lanes) Vector.LoadUnsafe(ref from, (nuint)v).StoreUnsafe(ref target, (nuint)(e * kp + v));
                }
                return;
            }
            for (int e = 0; e < count; e++)
            {
                ref T from = ref Unsafe.Add(ref source, (nint)index[e] * kp);
                nuint at = (nuint)(e * kp);
                var a = new Vector<T>(coefficients[first + e]);
                for (int v = 0; v < kp; v += lanes)
                {
                    var o = Vector.LoadUnsafe(ref from, (nuint)v);
                    o.StoreUnsafe(ref target, at + (nuint)v);
                    (a * o).StoreUnsafe(ref scaled, at + (nuint)v);
                }
            }
        }

        /// <summary>
        /// c (+)= Σₑ vₑ·pₑ over one panel chunk: this row of the cross product, from the rows already gathered for Gᵢ
        /// (lists with <see cref="ObservationLists{T}.Values"/>). Four partial sums per vector keep the adds independent.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void CrossFromPanel(ReadOnlySpan<T> values, ReadOnlySpan<T> p, Span<T> c, bool first)
        {
            int count = values.Length;
            ref T p0 = ref MemoryMarshal.GetReference(p);
            ref T c0 = ref MemoryMarshal.GetReference(c);
            nuint stride = (nuint)kp;
            for (int v = 0; v < kp; v += Vector<T>.Count)
            {
                Vector<T> a0 = first ? Vector<T>.Zero : Vector.LoadUnsafe(ref c0, (nuint)v), a1 = default, a2 = default, a3 = default;
                ref T pe = ref Unsafe.Add(ref p0, v);
                int e = 0;
                for (; e + 4 <= count; e += 4)
                {
                    a0 += new Vector<T>(values[e]) * Vector.LoadUnsafe(ref pe);
                    a1 += new Vector<T>(values[e + 1]) * Vector.LoadUnsafe(ref pe, stride);
                    a2 += new Vector<T>(values[e + 2]) * Vector.LoadUnsafe(ref pe, 2 * stride);
                    a3 += new Vector<T>(values[e + 3]) * Vector.LoadUnsafe(ref pe, 3 * stride);
                    pe = ref Unsafe.Add(ref pe, 4 * kp);
                }
                for (; e < count; e++)
                {
                    a0 += new Vector<T>(values[e]) * Vector.LoadUnsafe(ref pe);
                    pe = ref Unsafe.Add(ref pe, kp);
                }
                ((a0 + a1) + (a2 + a3)).StoreUnsafe(ref c0, (nuint)v);
            }
        }

        /// <summary>
        /// One coordinate pass over f with the formed Gᵢ (rows kp wide, padding 0), keeping g = Gᵢ·f up to date (one
        /// vector update of g per changed coordinate, so the pass never re-reads f as a vector right after writing one
        /// element of it). <paramref name="g"/> holds Gᵢ·f on return. Returns the violation (0 with evaluateOnly).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private T SweepRow(Span<T> f, ReadOnlySpan<T> c, ReadOnlySpan<T> gi, Span<T> g)
        {
            for (int t = 0; t < k; t++) g[t] = Dot(gi.Slice(t * kp, kp), f);
            g[k..].Clear();
            T violation = T.Zero;
            if (evaluateOnly) return violation;
            ref T g0 = ref MemoryMarshal.GetReference(g);
            ref T gi0 = ref MemoryMarshal.GetReference(gi);
            for (int t = 0; t < k; t++)
            {
                T grad = l1 - c[t] + g[t];
                T projected = f[t] == T.Zero ? T.Min(grad, T.Zero) : grad;
                violation += T.Abs(projected);
                T hess = gi[t * kp + t];
                if (hess == T.Zero) continue;
                T updated = T.Max(f[t] - grad / hess, T.Zero);
                T delta = updated - f[t];
                if (delta == T.Zero) continue;
                f[t] = updated;
                var dv = new Vector<T>(delta);
                nuint row = (nuint)(t * kp);
                for (int v = 0; v < kp; v += Vector<T>.Count)
                    (Vector.LoadUnsafe(ref g0, (nuint)v) + dv * Vector.LoadUnsafe(ref gi0, row + (nuint)v)).StoreUnsafe(ref g0, (nuint)v);
            }
            return violation;
        }

        /// <summary>a·b over whole vectors (kp is a multiple of the vector width).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static T Dot(ReadOnlySpan<T> a, ReadOnlySpan<T> b)
        {
            ref T a0 = ref MemoryMarshal.GetReference(a);
            ref T b0 = ref MemoryMarshal.GetReference(b);
            var sum = Vector<T>.Zero;
            for (int v = 0; v < a.Length; v += Vector<T>.Count)
                sum += Vector.LoadUnsafe(ref a0, (nuint)v) * Vector.LoadUnsafe(ref b0, (nuint)v);
            return Vector.Sum(sum);
        }

        /// <summary>−c·f + ½·f·g + l1·Σf with g = Gᵢf (Gᵢ includes L2·I), summed in double.</summary>
        private double LossShare(ReadOnlySpan<T> f, ReadOnlySpan<T> c, ReadOnlySpan<T> g)
        {
            double quad = 0, lin = 0, sum = 0;
            for (int t = 0; t < k; t++)
            {
                double ft = double.CreateTruncating(f[t]);
                lin += ft * double.CreateTruncating(c[t]);
                sum += ft;
                quad += ft * double.CreateTruncating(g[t]);
            }
            return -lin + 0.5 * quad + double.CreateTruncating(l1) * sum;
        }
    }
}
