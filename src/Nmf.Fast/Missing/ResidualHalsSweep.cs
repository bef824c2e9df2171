// One HALS sweep over the rows of a factor for a sparse X whose stored entries are the observed ones, keeping each row's residual at its entries (CCD-style, O(|Ω|·k)).
using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Nmf.Fast.Memory;
using Nmf.Fast.Threading;

namespace Nmf.Fast.Missing;

/// <summary>
/// The same coordinate pass as <see cref="MaskedHalsSweep"/> (exact minimisation of ½·Σⱼ ωᵢⱼ(xᵢⱼ − f·oⱼ)² + L1·Σf + ½·L2·‖f‖²
/// over each coordinate of the row f in turn), for lists that carry the data (<see cref="ObservationLists{T}.Values"/>:
/// every list direct, weight 1), without forming the row's Gram matrix. The row's residual at its L listed entries,
/// rₑ = xₑ − f·oₑ, is kept up to date instead, as in cyclic coordinate descent for matrix completion (CCD++,
/// Yu, Hsieh, Si &amp; Dhillon, ICDM 2012, §3; here in row order, which is HALS's order):
/// <code>
///   r = x − Pᵀf                                    (P: k × L, column e = the listed row oₑ of the other factor)
///   for t = 0..k−1:  grad = l1 + l2·f[t] − Pₜ·r;   hess = Pₜ·Pₜ + l2;   f[t] ← max(f[t] − grad / hess, 0);   r −= δ·Pₜ
/// </code>
/// which is the Gram sweep's step (Pₜ·r = cᵢ[t] − (Gᵢf)[t] + l2·f[t]) with about 4·L·k operations per row instead of
/// L·k²/2. P is gathered component-major (each Pₜ contiguous, padded with zeros to whole vectors) into a per-call pooled
/// buffer, so every pass over the list runs on full vectors from the L1 cache; the update of r by one coordinate is fused
/// with the two sums of the next. The residual is rebuilt from x at every visit of a row, so rounding never accumulates.
/// Rows are independent, so they run in parallel chunks; per-row violations and losses land in arrays the caller sums in
/// order, so results do not depend on the thread count. A row with no observed entry is set to zero. Each row's share of
/// the loss after its update is ½‖r‖² − ½‖x‖² + ½·L2·‖f‖² + L1·Σf (summed in double), the contract of
/// <see cref="MaskedHalsSweep"/>: the caller adds ½·Σωx².
/// </summary>
internal static class ResidualHalsSweep
{
    /// <summary>Runs one sweep (or, with <paramref name="evaluateOnly"/>, only the per-row losses) and returns the summed violation.</summary>
    /// <param name="factor">F, rows × kp (rank-contiguous, padding zero), updated in place.</param>
    /// <param name="other">O, others × kp (rank-contiguous): listed entry e reads row Index[e].</param>
    /// <param name="lists">The observation lists of this side; must carry <see cref="ObservationLists{T}.Values"/>.</param>
    /// <param name="k">The rank.</param>
    /// <param name="l1">L1 strength.</param>
    /// <param name="l2">L2 strength.</param>
    /// <param name="rowViolation">Per-row scratch, at least rows long.</param>
    /// <param name="rowLoss">Per-row loss shares, at least rows long.</param>
    /// <param name="evaluateOnly">True to leave F unchanged and only fill <paramref name="rowLoss"/>.</param>
    /// <param name="maxDegreeOfParallelism">-1 for all cores.</param>
    public static double Run<T>(Matrix<T> factor, Matrix<T> other, ObservationLists<T> lists, int k, double l1, double l2,
        double[] rowViolation, double[] rowLoss, bool evaluateOnly, int maxDegreeOfParallelism)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (lists.Values is null) throw new InvalidOperationException("The residual sweep needs lists that carry the data values.");
        int rows = factor.Rows;
        // Work per row ≈ 5·L·k; ask for about 2¹⁸ operations per chunk.
        long perRow = Math.Max(1, (lists.Entries / Math.Max(1, rows) + 1) * 5L * k);
        int minRows = (int)Math.Clamp((1L << 18) / perRow, 1, Math.Max(1, rows));
        var action = new RowAction<T>(factor, other, lists, k, T.CreateTruncating(l1), T.CreateTruncating(l2),
            rowViolation, rowLoss, evaluateOnly);
        ParallelRange.For(rows, minRows, maxDegreeOfParallelism, action, chunksPerWorker: 4);
        double violation = 0;
        for (int i = 0; i < rows; i++) violation += rowViolation[i];
        return violation;
    }

    private readonly struct RowAction<T>(Matrix<T> factor, Matrix<T> other, ObservationLists<T> lists, int k, T l1, T l2,
        double[] rowViolation, double[] rowLoss, bool evaluateOnly) : IRangeAction
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Optimised from the first call: the row loop lives here and a sweep calls this only a few times.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Invoke(int start, int end)
        {
            int lanes = Vector<T>.Count;
            int longest = 0;
            for (int i = start; i < end; i++) longest = Math.Max(longest, lists.Start[i + 1] - lists.Start[i]);
            int stride = (longest + lanes - 1) / lanes * lanes;
            int k4 = (k + 3) / 4 * 4; // the transposing gather writes whole groups of four components (rows k..k4−1 are never read)
            int slot = stride * (k4 + 1);
            T[] buffer = ArrayPool<T>.Shared.Rent(Math.Max(1, 2 * slot));
            try
            {
                // Short rows go two at a time: their coordinate passes are independent, so one row's short passes and scalar
                // steps fill the other's latency gaps (long rows have long passes, and two of their panels would not share the
                // L1 cache). Each row's arithmetic is the same as alone, so the pairing changes no result.
                int i = start;
                while (i < end)
                {
                    if (Skip(i))
                    {
                        i++;
                        continue;
                    }
                    int a = i++, b = -1;
                    if (Short(a, k4))
                    {
                        while (i < end && Skip(i)) i++;
                        if (i < end && Short(i, k4)) b = i++;
                    }
                    var one = Prepare(a, buffer.AsSpan(0, slot), k4);
                    var two = b >= 0 ? Prepare(b, buffer.AsSpan(slot, slot), k4) : default;
                    if (!evaluateOnly)
                    {
                        var (va, vb) = SweepPair(one, two, b >= 0);
                        rowViolation[a] = double.CreateTruncating(va);
                        if (b >= 0) rowViolation[b] = double.CreateTruncating(vb);
                    }
                    else
                    {
                        rowViolation[a] = 0;
                        if (b >= 0) rowViolation[b] = 0;
                    }
                    rowLoss[a] = LossShare(one);
                    if (b >= 0) rowLoss[b] = LossShare(two);
                }
            }
            finally
            {
                ArrayPool<T>.Shared.Return(buffer);
            }
        }

        /// <summary>True when row i's panel and residual take at most <see cref="PairBytes"/> (it is swept paired with a neighbour).</summary>
        private bool Short(int i, int k4)
        {
            int count = lists.Start[i + 1] - lists.Start[i];
            return (long)(count + Vector<T>.Count) * (k4 + 1) * Unsafe.SizeOf<T>() <= PairBytes;
        }

        /// <summary>Rows whose panel fits in this many bytes are swept in pairs (two such panels stay well inside a 32 KiB L1).</summary>
        private const int PairBytes = 12 * 1024;

        /// <summary>Sets a row with no observed entry to zero (and its shares to 0); false for any other row.</summary>
        private bool Skip(int i)
        {
            if (lists.Observed[i] != 0) return false;
            factor.Row(i).Clear();
            rowViolation[i] = 0;
            rowLoss[i] = 0;
            return true;
        }

        /// <summary>Gathers row i's panel into <paramref name="space"/> and forms its residual.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private RowState<T> Prepare(int i, Span<T> space, int k4)
        {
            int s = lists.Start[i], count = lists.Start[i + 1] - s;
            int ls = (count + Vector<T>.Count - 1) / Vector<T>.Count * Vector<T>.Count;
            var state = new RowState<T>(factor.Row(i), lists.Values.AsSpan(s, count), space[..(ls * k4)], space.Slice(ls * k4, ls), ls);
            GatherWithResidual(s, count, ls, state.F, state.X, state.Panel, state.R);
            return state;
        }

        /// <summary>
        /// P (k × ls, row t = component t of the listed rows of O, zero past the list's end) and r = x − Pᵀf (zero past the
        /// end). Four listed rows at a time are loaded as vectors and transposed in registers (4×4 blocks), and the four
        /// entries' residuals are formed from the transposed vectors while they are in registers, so the gather costs vector
        /// loads and stores and P is not read again before the sweep.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void GatherWithResidual(int first, int count, int ls, ReadOnlySpan<T> f, ReadOnlySpan<T> x, Span<T> panel, Span<T> r)
        {
            var index = lists.Index.AsSpan(first, count);
            int kp = other.Cols, rank = k;
            ref T source = ref MemoryMarshal.GetReference(other.AsSpan());
            ref T target = ref MemoryMarshal.GetReference(panel);
            ref T f0 = ref MemoryMarshal.GetReference(f);
            ref T x0 = ref MemoryMarshal.GetReference(x);
            ref T r0 = ref MemoryMarshal.GetReference(r);
            ref int i0 = ref MemoryMarshal.GetReference(index);
            int e = 0;
            // Indices were validated when the lists were built (each < others), so the reads need no bounds checks. f is kp
            // wide with zero padding, so the components k..k4−1 of a block add nothing to r.
            if (typeof(T) == typeof(double) && Avx.IsSupported)
            {
                ref double src = ref Unsafe.As<T, double>(ref source);
                ref double dst = ref Unsafe.As<T, double>(ref target);
                ref double fd = ref Unsafe.As<T, double>(ref f0);
                for (; e + 4 <= count; e += 4)
                {
                    ref double a = ref Unsafe.Add(ref src, (nint)Unsafe.Add(ref i0, e) * kp);
                    ref double b = ref Unsafe.Add(ref src, (nint)Unsafe.Add(ref i0, e + 1) * kp);
                    ref double c = ref Unsafe.Add(ref src, (nint)Unsafe.Add(ref i0, e + 2) * kp);
                    ref double d = ref Unsafe.Add(ref src, (nint)Unsafe.Add(ref i0, e + 3) * kp);
                    ref double to = ref Unsafe.Add(ref dst, e);
                    var acc = Vector256.LoadUnsafe(ref Unsafe.As<T, double>(ref x0), (nuint)e);
                    Vector256<double> acc1 = default, acc2 = default, acc3 = default; // four chains: the k terms are not one latency chain
                    for (int t = 0; t < rank; t += 4)
                    {
                        var ab0 = Avx.UnpackLow(Vector256.LoadUnsafe(ref a, (nuint)t), Vector256.LoadUnsafe(ref b, (nuint)t));
                        var ab1 = Avx.UnpackHigh(Vector256.LoadUnsafe(ref a, (nuint)t), Vector256.LoadUnsafe(ref b, (nuint)t));
                        var cd0 = Avx.UnpackLow(Vector256.LoadUnsafe(ref c, (nuint)t), Vector256.LoadUnsafe(ref d, (nuint)t));
                        var cd1 = Avx.UnpackHigh(Vector256.LoadUnsafe(ref c, (nuint)t), Vector256.LoadUnsafe(ref d, (nuint)t));
                        var p0 = Avx.Permute2x128(ab0, cd0, 0x20);
                        var p1 = Avx.Permute2x128(ab1, cd1, 0x20);
                        var p2 = Avx.Permute2x128(ab0, cd0, 0x31);
                        var p3 = Avx.Permute2x128(ab1, cd1, 0x31);
                        nuint row = (nuint)(t * ls);
                        p0.StoreUnsafe(ref to, row);
                        p1.StoreUnsafe(ref to, row + (nuint)ls);
                        p2.StoreUnsafe(ref to, row + (nuint)(2 * ls));
                        p3.StoreUnsafe(ref to, row + (nuint)(3 * ls));
                        acc = Vector256.MultiplyAddEstimate(-Vector256.Create(Unsafe.Add(ref fd, t)), p0, acc);
                        acc1 = Vector256.MultiplyAddEstimate(-Vector256.Create(Unsafe.Add(ref fd, t + 1)), p1, acc1);
                        acc2 = Vector256.MultiplyAddEstimate(-Vector256.Create(Unsafe.Add(ref fd, t + 2)), p2, acc2);
                        acc3 = Vector256.MultiplyAddEstimate(-Vector256.Create(Unsafe.Add(ref fd, t + 3)), p3, acc3);
                    }
                    ((acc + acc1) + (acc2 + acc3)).StoreUnsafe(ref Unsafe.As<T, double>(ref r0), (nuint)e);
                }
            }
            else if (typeof(T) == typeof(float) && Sse.IsSupported)
            {
                ref float src = ref Unsafe.As<T, float>(ref source);
                ref float dst = ref Unsafe.As<T, float>(ref target);
                ref float fs = ref Unsafe.As<T, float>(ref f0);
                for (; e + 4 <= count; e += 4)
                {
                    ref float a = ref Unsafe.Add(ref src, (nint)Unsafe.Add(ref i0, e) * kp);
                    ref float b = ref Unsafe.Add(ref src, (nint)Unsafe.Add(ref i0, e + 1) * kp);
                    ref float c = ref Unsafe.Add(ref src, (nint)Unsafe.Add(ref i0, e + 2) * kp);
                    ref float d = ref Unsafe.Add(ref src, (nint)Unsafe.Add(ref i0, e + 3) * kp);
                    ref float to = ref Unsafe.Add(ref dst, e);
                    var acc = Vector128.LoadUnsafe(ref Unsafe.As<T, float>(ref x0), (nuint)e);
                    Vector128<float> acc1 = default, acc2 = default, acc3 = default; // four chains: the k terms are not one latency chain
                    for (int t = 0; t < rank; t += 4)
                    {
                        var ab0 = Sse.UnpackLow(Vector128.LoadUnsafe(ref a, (nuint)t), Vector128.LoadUnsafe(ref b, (nuint)t));
                        var ab1 = Sse.UnpackHigh(Vector128.LoadUnsafe(ref a, (nuint)t), Vector128.LoadUnsafe(ref b, (nuint)t));
                        var cd0 = Sse.UnpackLow(Vector128.LoadUnsafe(ref c, (nuint)t), Vector128.LoadUnsafe(ref d, (nuint)t));
                        var cd1 = Sse.UnpackHigh(Vector128.LoadUnsafe(ref c, (nuint)t), Vector128.LoadUnsafe(ref d, (nuint)t));
                        var p0 = Sse.MoveLowToHigh(ab0, cd0);
                        var p1 = Sse.MoveHighToLow(cd0, ab0);
                        var p2 = Sse.MoveLowToHigh(ab1, cd1);
                        var p3 = Sse.MoveHighToLow(cd1, ab1);
                        nuint row = (nuint)(t * ls);
                        p0.StoreUnsafe(ref to, row);
                        p1.StoreUnsafe(ref to, row + (nuint)ls);
                        p2.StoreUnsafe(ref to, row + (nuint)(2 * ls));
                        p3.StoreUnsafe(ref to, row + (nuint)(3 * ls));
                        acc = Vector128.MultiplyAddEstimate(-Vector128.Create(Unsafe.Add(ref fs, t)), p0, acc);
                        acc1 = Vector128.MultiplyAddEstimate(-Vector128.Create(Unsafe.Add(ref fs, t + 1)), p1, acc1);
                        acc2 = Vector128.MultiplyAddEstimate(-Vector128.Create(Unsafe.Add(ref fs, t + 2)), p2, acc2);
                        acc3 = Vector128.MultiplyAddEstimate(-Vector128.Create(Unsafe.Add(ref fs, t + 3)), p3, acc3);
                    }
                    ((acc + acc1) + (acc2 + acc3)).StoreUnsafe(ref Unsafe.As<T, float>(ref r0), (nuint)e);
                }
            }
            for (; e < count; e++)
            {
                ref T from = ref Unsafe.Add(ref source, (nint)Unsafe.Add(ref i0, e) * kp);
                ref T to = ref Unsafe.Add(ref target, e);
                T re = Unsafe.Add(ref x0, e);
                for (int t = 0; t < rank; t++)
                {
                    T v = Unsafe.Add(ref from, t);
                    Unsafe.Add(ref to, t * ls) = v;
                    re = T.FusedMultiplyAdd(-Unsafe.Add(ref f0, t), v, re);
                }
                Unsafe.Add(ref r0, e) = re;
            }
            if (count == ls) return;
            r[count..].Clear();
            for (int t = 0; t < rank; t++) panel.Slice(t * ls + count, ls - count).Clear();
        }

        /// <summary>
        /// One coordinate pass over f keeping r = x − Pᵀf, for one row or two side by side; each pass over a list applies the
        /// previous coordinate's change to r and forms Pₜ·r and Pₜ·Pₜ for the next. Returns the violations.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private (T First, T Second) SweepPair(RowState<T> a, RowState<T> b, bool pair)
        {
            ref T ra = ref MemoryMarshal.GetReference(a.R);
            ref T pa = ref MemoryMarshal.GetReference(a.Panel);
            ref T rb = ref MemoryMarshal.GetReference(b.R);
            ref T pb = ref MemoryMarshal.GetReference(b.Panel);
            int la = a.Ls, lb = b.Ls;
            T violationA = T.Zero, violationB = T.Zero, deltaA = T.Zero, deltaB = T.Zero;
            for (int t = 0; t < k; t++)
            {
                var (dotA, squaresA) = deltaA == T.Zero
                    ? Sums(ref Unsafe.Add(ref pa, t * la), ref ra, la)
                    : UpdateAndSums(ref Unsafe.Add(ref pa, (t - 1) * la), deltaA, ref Unsafe.Add(ref pa, t * la), ref ra, la);
                if (pair)
                {
                    var (dotB, squaresB) = deltaB == T.Zero
                        ? Sums(ref Unsafe.Add(ref pb, t * lb), ref rb, lb)
                        : UpdateAndSums(ref Unsafe.Add(ref pb, (t - 1) * lb), deltaB, ref Unsafe.Add(ref pb, t * lb), ref rb, lb);
                    deltaB = Step(b.F, t, dotB, squaresB, ref violationB);
                }
                deltaA = Step(a.F, t, dotA, squaresA, ref violationA);
            }
            Finish(ref pa, deltaA, ref ra, la);
            if (pair) Finish(ref pb, deltaB, ref rb, lb);
            return (violationA, violationB);
        }

        /// <summary>The exact minimisation over f[t] given Pₜ·r and Pₜ·Pₜ (HALS's step); adds the projected gradient to the violation and returns the change.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private T Step(Span<T> f, int t, T dot, T squares, ref T violation)
        {
            T ft = f[t];
            T grad = l1 + l2 * ft - dot;
            T projected = ft == T.Zero ? T.Min(grad, T.Zero) : grad;
            violation += T.Abs(projected);
            T hess = squares + l2;
            if (hess == T.Zero) return T.Zero;
            T updated = T.Max(ft - grad / hess, T.Zero);
            f[t] = updated;
            return updated - ft;
        }

        /// <summary>r −= δ·P_{k−1}: the last coordinate's change (so r is the residual after the pass).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Finish(ref T p0, T delta, ref T r0, int ls)
        {
            if (delta == T.Zero) return;
            var dv = new Vector<T>(delta);
            ref T p = ref Unsafe.Add(ref p0, (k - 1) * ls);
            for (int v = 0; v < ls; v += Vector<T>.Count)
                MulSub(dv, Vector.LoadUnsafe(ref p, (nuint)v), Vector.LoadUnsafe(ref r0, (nuint)v)).StoreUnsafe(ref r0, (nuint)v);
        }

        /// <summary>(p·r, p·p) over ls elements, four partial sums each (the passes are short: latency, not throughput, bounds them).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static (T Dot, T Squares) Sums(ref T p, ref T r, int ls)
        {
            int lanes = Vector<T>.Count;
            Vector<T> d0 = default, d1 = default, d2 = default, d3 = default, s0 = default, s1 = default, s2 = default, s3 = default;
            int v = 0;
            for (; v + 4 * lanes <= ls; v += 4 * lanes)
            {
                var a = Vector.LoadUnsafe(ref p, (nuint)v);
                var b = Vector.LoadUnsafe(ref p, (nuint)(v + lanes));
                var c = Vector.LoadUnsafe(ref p, (nuint)(v + 2 * lanes));
                var d = Vector.LoadUnsafe(ref p, (nuint)(v + 3 * lanes));
                d0 = RowGram.MulAdd(a, Vector.LoadUnsafe(ref r, (nuint)v), d0);
                d1 = RowGram.MulAdd(b, Vector.LoadUnsafe(ref r, (nuint)(v + lanes)), d1);
                d2 = RowGram.MulAdd(c, Vector.LoadUnsafe(ref r, (nuint)(v + 2 * lanes)), d2);
                d3 = RowGram.MulAdd(d, Vector.LoadUnsafe(ref r, (nuint)(v + 3 * lanes)), d3);
                s0 = RowGram.MulAdd(a, a, s0);
                s1 = RowGram.MulAdd(b, b, s1);
                s2 = RowGram.MulAdd(c, c, s2);
                s3 = RowGram.MulAdd(d, d, s3);
            }
            for (; v < ls; v += lanes)
            {
                var a = Vector.LoadUnsafe(ref p, (nuint)v);
                d0 = RowGram.MulAdd(a, Vector.LoadUnsafe(ref r, (nuint)v), d0);
                s0 = RowGram.MulAdd(a, a, s0);
            }
            return (Vector.Sum((d0 + d1) + (d2 + d3)), Vector.Sum((s0 + s1) + (s2 + s3)));
        }

        /// <summary>r −= δ·q, then (p·r, p·p), in one pass over ls elements, four partial sums each.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static (T Dot, T Squares) UpdateAndSums(ref T q, T delta, ref T p, ref T r, int ls)
        {
            int lanes = Vector<T>.Count;
            var dv = new Vector<T>(delta);
            Vector<T> d0 = default, d1 = default, d2 = default, d3 = default, s0 = default, s1 = default, s2 = default, s3 = default;
            int v = 0;
            for (; v + 4 * lanes <= ls; v += 4 * lanes)
            {
                var r0 = MulSub(dv, Vector.LoadUnsafe(ref q, (nuint)v), Vector.LoadUnsafe(ref r, (nuint)v));
                var r1 = MulSub(dv, Vector.LoadUnsafe(ref q, (nuint)(v + lanes)), Vector.LoadUnsafe(ref r, (nuint)(v + lanes)));
                var r2 = MulSub(dv, Vector.LoadUnsafe(ref q, (nuint)(v + 2 * lanes)), Vector.LoadUnsafe(ref r, (nuint)(v + 2 * lanes)));
                var r3 = MulSub(dv, Vector.LoadUnsafe(ref q, (nuint)(v + 3 * lanes)), Vector.LoadUnsafe(ref r, (nuint)(v + 3 * lanes)));
                r0.StoreUnsafe(ref r, (nuint)v);
                r1.StoreUnsafe(ref r, (nuint)(v + lanes));
                r2.StoreUnsafe(ref r, (nuint)(v + 2 * lanes));
                r3.StoreUnsafe(ref r, (nuint)(v + 3 * lanes));
                var a = Vector.LoadUnsafe(ref p, (nuint)v);
                var b = Vector.LoadUnsafe(ref p, (nuint)(v + lanes));
                var c = Vector.LoadUnsafe(ref p, (nuint)(v + 2 * lanes));
                var d = Vector.LoadUnsafe(ref p, (nuint)(v + 3 * lanes));
                d0 = RowGram.MulAdd(a, r0, d0);
                d1 = RowGram.MulAdd(b, r1, d1);
                d2 = RowGram.MulAdd(c, r2, d2);
                d3 = RowGram.MulAdd(d, r3, d3);
                s0 = RowGram.MulAdd(a, a, s0);
                s1 = RowGram.MulAdd(b, b, s1);
                s2 = RowGram.MulAdd(c, c, s2);
                s3 = RowGram.MulAdd(d, d, s3);
            }
            for (; v < ls; v += lanes)
            {
                var r0 = MulSub(dv, Vector.LoadUnsafe(ref q, (nuint)v), Vector.LoadUnsafe(ref r, (nuint)v));
                r0.StoreUnsafe(ref r, (nuint)v);
                var a = Vector.LoadUnsafe(ref p, (nuint)v);
                d0 = RowGram.MulAdd(a, r0, d0);
                s0 = RowGram.MulAdd(a, a, s0);
            }
            return (Vector.Sum((d0 + d1) + (d2 + d3)), Vector.Sum((s0 + s1) + (s2 + s3)));
        }

        /// <summary>½‖r‖² − ½‖x‖² + ½·l2·‖f‖² + l1·Σf; the squares in double (as vectors when T is double).</summary>
        private double LossShare(RowState<T> row)
        {
            ReadOnlySpan<T> f = row.F, x = row.X, r = row.R;
            double residual = 0;
            int e = 0;
            if (typeof(T) == typeof(double))
            {
                var rd = MemoryMarshal.Cast<T, double>(r);
                var xd = MemoryMarshal.Cast<T, double>(x);
                var acc = Vector<double>.Zero;
                for (; e + Vector<double>.Count <= xd.Length; e += Vector<double>.Count)
                {
                    var rv = Vector.LoadUnsafe(ref MemoryMarshal.GetReference(rd), (nuint)e);
                    var xv = Vector.LoadUnsafe(ref MemoryMarshal.GetReference(xd), (nuint)e);
                    acc += (rv - xv) * (rv + xv);
                }
                residual = Vector.Sum(acc);
            }
            for (; e < x.Length; e++)
            {
                double re = double.CreateTruncating(r[e]), xe = double.CreateTruncating(x[e]);
                residual += (re - xe) * (re + xe);
            }
            double squares = 0, sum = 0;
            for (int t = 0; t < k; t++)
            {
                double ft = double.CreateTruncating(f[t]);
                sum += ft;
                squares += ft * ft;
            }
            return 0.5 * residual + 0.5 * double.CreateTruncating(l2) * squares + double.CreateTruncating(l1) * sum;
        }
    }

    /// <summary>One row in flight: its factor row, data, gathered panel (k4 × Ls) and residual (Ls, zero past the list).</summary>
    private readonly ref struct RowState<T>(Span<T> f, ReadOnlySpan<T> x, Span<T> panel, Span<T> r, int ls) where T : unmanaged
    {
        public Span<T> F { get; } = f;

        public ReadOnlySpan<T> X { get; } = x;

        public Span<T> Panel { get; } = panel;

        public Span<T> R { get; } = r;

        public int Ls { get; } = ls;
    }

    /// <summary>c − a·b, fused where the hardware has FMA.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> MulSub<T>(Vector<T> a, Vector<T> b, Vector<T> c) where T : unmanaged, IFloatingPointIeee754<T> => RowGram.MulAdd(-a, b, c);
}
