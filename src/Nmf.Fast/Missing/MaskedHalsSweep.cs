// One HALS sweep of a weighted fit: every row of a factor is solved with its own Gram, applied as a correction of the full Gram or built from the observed entries, never formed.
using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
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
/// products when few are missing, the observed rows' outer products when few are observed; it is applied to f through
/// the listed rows (see SweepRow), so a row costs O(k·L) for a list of L entries, not O(k²·L).
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
    /// <param name="other">Oᵀ, k × others (component-major: each listed entry is gathered from k contiguous rows).</param>
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
            int length = Math.Max(1, maxList);
            int panel = k * length;
            T[] buffer = ArrayPool<T>.Shared.Rent(panel * (weighted ? 2 : 1) + length + 2 * kp);
            try
            {
                var p = buffer.AsSpan(0, panel);
                var q = weighted ? buffer.AsSpan(panel, panel) : p;
                var r = buffer.AsSpan(panel * (weighted ? 2 : 1), length);
                var g = buffer.AsSpan(panel * (weighted ? 2 : 1) + length, kp);
                var d = buffer.AsSpan(panel * (weighted ? 2 : 1) + length + kp, kp);
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
                    int count = Gather(i, p, q);
                    var c = cross.Row(i);
                    rowViolation[i] = double.CreateTruncating(SweepRow(i, f, c, p, q, count, r[..count], g, d, evaluateOnly));
                }
            }
            finally
            {
                ArrayPool<T>.Shared.Return(buffer);
            }
        }

        /// <summary>Pᵀ (k × L, row t = component t of the listed rows of O) and Qᵀ = Pᵀ scaled by each entry's coefficient (weighted lists only).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private int Gather(int i, Span<T> p, Span<T> q)
        {
            int s = lists.Start[i], count = lists.Start[i + 1] - s;
            var index = lists.Index.AsSpan(s, count);
            for (int t = 0; t < k; t++)
            {
                ref T source = ref MemoryMarshal.GetReference(other.Row(t));
                var destination = p.Slice(t * count, count);
                ref T target = ref MemoryMarshal.GetReference(destination);
                ref int at = ref MemoryMarshal.GetReference(index);
                // Indices were validated when the lists were built (each < others), so the reads need no bounds checks.
                for (int e = 0; e < count; e++) Unsafe.Add(ref target, e) = Unsafe.Add(ref source, Unsafe.Add(ref at, e));
                if (lists.Coefficients is { } all) TensorPrimitives.Multiply(destination, all.AsSpan(s, count), q.Slice(t * count, count));
            }
            return count;
        }

        /// <summary>
        /// One coordinate pass over f with Gᵢ applied implicitly (never formed):
        /// Gᵢ·f = b·(G·f) + Σₑ aₑ·oₑ·(oₑ·f), with b = s (correction list) or 0 (direct list), aₑ the entry coefficients
        /// (±1 for a mask). The pass keeps g = G·f (k values) and rₑ = oₑ·f (one per listed entry) up to date, so a
        /// coordinate costs two length-L vector operations and one length-k one — about 4·k·L per row, against k²·L/2 for
        /// forming Gᵢ (k = 20: 2.5× fewer operations, all on full-width vectors whatever k).
        /// Also fills this row's loss share −c·f + ½fᵀ(Gᵢ + L2·I)f + l1·Σf. Returns the violation.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private T SweepRow(int i, Span<T> f, ReadOnlySpan<T> c, ReadOnlySpan<T> pAll, ReadOnlySpan<T> qAll, int count,
            Span<T> r, Span<T> g, Span<T> d, bool evaluateOnly)
        {
            bool direct = lists.Direct[i];
            bool weighted = lists.Coefficients is not null;
            T b = direct ? T.Zero : lists.BaseWeight;
            // A mask's lists carry implicit coefficients: +1 for observed (direct), −1 for missing (correction).
            T sign = weighted || direct ? T.One : -T.One;
            var full = gram.AsSpan();
            var p = pAll[..(k * count)];
            var q = qAll[..(k * count)];

            // r = P·f (each listed row's product with f); g = G·f; d = diag(Gᵢ) + L2.
            // One pass over the panel for both (the panel is the row's largest data; each pass costs about as much as the arithmetic).
            r.Clear();
            for (int t = 0; t < k; t++)
            {
                var pt = p.Slice(t * count, count);
                if (f[t] != T.Zero) TensorPrimitives.MultiplyAdd(pt, f[t], r, r);
                g[t] = b == T.Zero ? T.Zero : TensorPrimitives.Dot(full.Slice(t * kp, k), f[..k]);
                T listed = TensorPrimitives.Dot(q.Slice(t * count, count), pt);
                d[t] = b * full[t * kp + t] + sign * listed + l2;
            }

            T violation = T.Zero;
            if (!evaluateOnly)
            {
                for (int t = 0; t < k; t++)
                {
                    var qt = q.Slice(t * count, count);
                    T gt = b * g[t] + sign * TensorPrimitives.Dot(qt, r) + l2 * f[t];
                    T grad = l1 - c[t] + gt;
                    T projected = f[t] == T.Zero ? T.Min(grad, T.Zero) : grad;
                    violation += T.Abs(projected);
                    T hess = d[t];
                    if (hess == T.Zero) continue;
                    T updated = T.Max(f[t] - grad / hess, T.Zero);
                    T delta = updated - f[t];
                    if (delta == T.Zero) continue;
                    f[t] = updated;
                    TensorPrimitives.MultiplyAdd(p.Slice(t * count, count), delta, r, r);
                    if (b != T.Zero) TensorPrimitives.MultiplyAdd(full.Slice(t * kp, k), delta, g[..k], g[..k]);
                }
            }
            rowLoss[i] = LossShare(f, c, r, g, b, sign, weighted ? lists.Coefficients.AsSpan(lists.Start[i], count) : default);
            return violation;
        }

        /// <summary>−c·f + ½·fᵀ(Gᵢ + L2·I)f + l1·Σf, with fᵀGᵢf = b·f·g + Σₑ aₑ·rₑ².</summary>
        private double LossShare(ReadOnlySpan<T> f, ReadOnlySpan<T> c, ReadOnlySpan<T> r, ReadOnlySpan<T> g, T b, T sign, ReadOnlySpan<T> coefficients)
        {
            double quad = 0, lin = 0, sum = 0, squares = 0;
            for (int t = 0; t < k; t++)
            {
                double ft = double.CreateTruncating(f[t]);
                lin += ft * double.CreateTruncating(c[t]);
                sum += ft;
                squares += ft * ft;
                if (b != T.Zero) quad += double.CreateTruncating(b) * ft * double.CreateTruncating(g[t]);
            }
            if (coefficients.IsEmpty)
            {
                quad += double.CreateTruncating(sign) * double.CreateTruncating(TensorPrimitives.Dot(r, r));
            }
            else
            {
                for (int e = 0; e < r.Length; e++)
                    quad += double.CreateTruncating(coefficients[e]) * double.CreateTruncating(r[e]) * double.CreateTruncating(r[e]);
            }
            quad += double.CreateTruncating(l2) * squares;
            return -lin + 0.5 * quad + double.CreateTruncating(l1) * sum;
        }
    }
}
