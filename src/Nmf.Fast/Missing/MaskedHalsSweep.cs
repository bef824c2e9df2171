// One HALS sweep of a weighted fit: every row of a factor gets its own Gram (RowGram), then a coordinate-descent pass over its k entries.
using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Nmf.Fast.Linear.Kernels;
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
/// Rows are independent, so they run in parallel chunks; per-row violations and losses land in arrays summed in order
/// afterwards, so results do not depend on the thread count. A row with no observed entry is set to zero.
/// Each row also reports its share of the loss after its update: −cᵢ·f + ½·fᵀGᵢf + l1·Σf (the ½·Σωx² constant and the
/// other factor's penalties are added by the caller).
/// </summary>
internal static class MaskedHalsSweep
{
    /// <summary>Runs one sweep (or, with <paramref name="evaluateOnly"/>, only the per-row losses) and returns the summed violation.</summary>
    /// <param name="factor">F, rows × kp, updated in place.</param>
    /// <param name="cross">C, rows × kp: the weighted data times the other factor.</param>
    /// <param name="other">O, others × kp.</param>
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
        // Work per row ≈ (list length + 1)·k²/2; ask for about 2¹⁸ multiply-adds per chunk.
        long perRow = Math.Max(1, (lists.Entries / Math.Max(1, rows) + 2) * (long)k * k / 2);
        int minRows = (int)Math.Clamp((1L << 18) / perRow, 1, Math.Max(1, rows));
        int maxList = 0;
        for (int i = 0; i < rows; i++) maxList = Math.Max(maxList, lists.Start[i + 1] - lists.Start[i]);
        var action = new RowAction<T>(factor, cross, other, gram, lists, k, kp, T.CreateTruncating(l1), T.CreateTruncating(l2),
            rowViolation, rowLoss, evaluateOnly, maxList);
        ParallelRange.For(rows, minRows, maxDegreeOfParallelism, action, chunksPerWorker: 4);
        double violation = 0;
        for (int i = 0; i < rows; i++) violation += rowViolation[i];
        return violation;
    }

    private readonly struct RowAction<T>(Matrix<T> factor, Matrix<T> cross, Matrix<T> other, Matrix<T> gram, ObservationLists<T> lists,
        int k, int kp, T l1, T l2, double[] rowViolation, double[] rowLoss, bool evaluateOnly, int maxList) : IRangeAction
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Invoke(int start, int end)
        {
            bool weighted = lists.Coefficients is not null;
            int panel = Math.Max(1, maxList) * kp;
            T[] buffer = ArrayPool<T>.Shared.Rent(panel * (weighted ? 2 : 1) + kp * kp);
            try
            {
                var p = buffer.AsSpan(0, panel);
                var q = weighted ? buffer.AsSpan(panel, panel) : p;
                var g = buffer.AsSpan(panel * (weighted ? 2 : 1), kp * kp);
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
                    BuildGram(i, p, q, g);
                    var c = cross.Row(i);
                    rowViolation[i] = evaluateOnly ? 0 : double.CreateTruncating(SweepRow(f, c, g));
                    rowLoss[i] = LossShare(f, c, g);
                }
            }
            finally
            {
                ArrayPool<T>.Shared.Return(buffer);
            }
        }

        /// <summary>g (k rows valid, full, stride kp) ← Gᵢ + L2·I.</summary>
        private void BuildGram(int i, Span<T> p, Span<T> q, Span<T> g)
        {
            int s = lists.Start[i], count = lists.Start[i + 1] - s;
            var index = lists.Index.AsSpan(s, count);
            var coefficients = lists.Coefficients is { } all ? all.AsSpan(s, count) : default;
            for (int e = 0; e < count; e++)
            {
                var source = other.Row(index[e]);
                var destination = p.Slice(e * kp, kp);
                source.CopyTo(destination);
                if (lists.Coefficients is not null)
                {
                    var scaled = q.Slice(e * kp, kp);
                    T c = coefficients[e];
                    for (int r = 0; r < kp; r++) scaled[r] = c * destination[r];
                }
            }
            RowGram.AccumulateUpper<T>(p, q, count, k, kp, g);

            bool direct = lists.Direct[i];
            T baseWeight = lists.BaseWeight;
            // A mask's correction list holds the missing entries: Gᵢ = G − Σ; a weighted one carries ω − s in q: Gᵢ = s·G + Σ.
            T sign = lists.Coefficients is null && !direct ? -T.One : T.One;
            var full = gram.AsSpan();
            for (int t = 0; t < k; t++)
            {
                var row = g.Slice(t * kp, kp);
                if (direct)
                {
                    for (int r = t; r < k; r++) row[r] = sign * row[r];
                }
                else
                {
                    var baseRow = full.Slice(t * kp, kp);
                    for (int r = t; r < k; r++) row[r] = baseWeight * baseRow[r] + sign * row[r];
                }
                row[t] += l2;
                for (int r = k; r < kp; r++) row[r] = T.Zero;
            }
            for (int t = 1; t < k; t++)
                for (int r = 0; r < t; r++) g[t * kp + r] = g[r * kp + t];
        }

        private T SweepRow(Span<T> f, ReadOnlySpan<T> c, ReadOnlySpan<T> g)
        {
            T violation = T.Zero;
            for (int t = 0; t < k; t++)
            {
                var gRow = g.Slice(t * kp, kp);
                T grad = l1 - c[t] + Dot(gRow, f);
                T projected = f[t] == T.Zero ? T.Min(grad, T.Zero) : grad;
                violation += T.Abs(projected);
                T hess = gRow[t];
                if (hess != T.Zero) f[t] = T.Max(f[t] - grad / hess, T.Zero);
            }
            return violation;
        }

        /// <summary>−c·f + ½·fᵀ(Gᵢ + L2·I)f + l1·Σf: this row's part of the loss (with its own ½·L2‖f‖²).</summary>
        private double LossShare(ReadOnlySpan<T> f, ReadOnlySpan<T> c, ReadOnlySpan<T> g)
        {
            double quad = 0, lin = 0, sum = 0;
            for (int t = 0; t < k; t++)
            {
                double ft = double.CreateTruncating(f[t]);
                if (ft == 0) continue;
                quad += ft * double.CreateTruncating(Dot(g.Slice(t * kp, kp), f));
                lin += ft * double.CreateTruncating(c[t]);
                sum += ft;
            }
            return -lin + 0.5 * quad + double.CreateTruncating(l1) * sum;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static T Dot(ReadOnlySpan<T> a, ReadOnlySpan<T> b)
        {
            int n = a.Length;
            int i = 0;
            T sum = T.Zero;
            if (RowGram.UseVectors<T>() && n >= Vector256<T>.Count)
            {
                ref T ra = ref MemoryMarshal.GetReference(a);
                ref T rb = ref MemoryMarshal.GetReference(b);
                var acc = Vector256<T>.Zero;
                for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count)
                    acc = SimdMath.Fma(Vector256.LoadUnsafe(ref ra, (nuint)i), Vector256.LoadUnsafe(ref rb, (nuint)i), acc);
                sum = Vector256.Sum(acc);
            }
            for (; i < n; i++) sum += a[i] * b[i];
            return sum;
        }
    }
}
