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
/// buffer, so every pass over the list runs on full vectors from the L1 cache; each pass covers two coordinates (see
/// <c>SweepRow</c>), applying the previous two changes to r and forming the sums of the next two. The residual is rebuilt from x at every visit of a row, so rounding never accumulates.
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
            T[] buffer = ArrayPool<T>.Shared.Rent(Math.Max(1, stride * (k4 + 1)));
            try
            {
                for (int i = start; i < end; i++)
                {
                    if (Skip(i)) continue;
                    var row = Prepare(i, buffer, k4);
                    rowViolation[i] = evaluateOnly ? 0 : double.CreateTruncating(SweepRow(row));
                    rowLoss[i] = LossShare(row);
                }
            }
            finally
            {
                ArrayPool<T>.Shared.Return(buffer);
            }
        }

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
        // Optimised from the first call (too large to inline; at Tier 0 its intrinsics would run unoptimised for the first sweeps).
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
        /// One coordinate pass over f keeping r = x − Pᵀf, two coordinates per pass over the list: the pass applies the
        /// previous two changes to r and forms Pₜ·r, Pₜ·Pₜ, Pₜ₊₁·r, Pₜ₊₁·Pₜ₊₁ and Pₜ·Pₜ₊₁; after the step on t,
        /// Pₜ₊₁·(r − δₜPₜ) = Pₜ₊₁·r − δₜ·Pₜ·Pₜ₊₁ gives coordinate t+1 its exact gradient without another pass. Half the passes
        /// (and half the serial reductions) of one coordinate per pass. Returns the violation.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private T SweepRow(RowState<T> row)
        {
            ref T r = ref MemoryMarshal.GetReference(row.R);
            ref T p = ref MemoryMarshal.GetReference(row.Panel);
            var f = row.F;
            int ls = row.Ls;
            T violation = T.Zero, delta0 = T.Zero, delta1 = T.Zero;
            int previous = 0; // the first of the two components whose changes the next pass applies
            for (int t = 0; t < k; t += 2)
            {
                int next = Math.Min(t + 1, k - 1); // an odd k's last pass reads component t twice and uses the first
                var sums = Pass(ref Unsafe.Add(ref p, previous * ls), delta0, ref Unsafe.Add(ref p, Math.Min(previous + 1, k - 1) * ls), delta1,
                    ref Unsafe.Add(ref p, t * ls), ref Unsafe.Add(ref p, next * ls), ref r, ls);
                delta0 = Step(f, t, sums.Dot0, sums.Squares0, ref violation);
                delta1 = T.Zero;
                if (t + 1 < k) delta1 = Step(f, t + 1, sums.Dot1 - delta0 * sums.Cross, sums.Squares1, ref violation);
                previous = t;
            }
            // The last changes (δ₁ = 0 when k is odd; its row is then clamped to a real component, whose values are finite).
            ApplyChanges(ref Unsafe.Add(ref p, previous * ls), delta0, ref Unsafe.Add(ref p, Math.Min(previous + 1, k - 1) * ls), delta1, ref r, ls);
            return violation;
        }

        /// <summary>r −= δ₀·q₀ + δ₁·q₁.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void ApplyChanges(ref T q0, T delta0, ref T q1, T delta1, ref T r, int ls)
        {
            if (delta0 == T.Zero && delta1 == T.Zero) return;
            var d0 = new Vector<T>(delta0);
            var d1 = new Vector<T>(delta1);
            for (int v = 0; v < ls; v += Vector<T>.Count)
                MulSub(d1, Vector.LoadUnsafe(ref q1, (nuint)v), MulSub(d0, Vector.LoadUnsafe(ref q0, (nuint)v), Vector.LoadUnsafe(ref r, (nuint)v)))
                    .StoreUnsafe(ref r, (nuint)v);
        }

        /// <summary>r −= δ₀·q₀ + δ₁·q₁, then (a·r, a·a, b·r, b·b, a·b), in one pass over ls elements, two partial sums each.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static (T Dot0, T Squares0, T Dot1, T Squares1, T Cross) Pass(ref T q0, T delta0, ref T q1, T delta1, ref T a, ref T b, ref T r, int ls)
        {
            int lanes = Vector<T>.Count;
            var e0 = new Vector<T>(delta0);
            var e1 = new Vector<T>(delta1);
            Vector<T> da0 = default, da1 = default, sa0 = default, sa1 = default, db0 = default, db1 = default, sb0 = default, sb1 = default, c0 = default, c1 = default;
            int v = 0;
            for (; v + 2 * lanes <= ls; v += 2 * lanes)
            {
                nuint u = (nuint)v, w = (nuint)(v + lanes);
                var r0 = MulSub(e1, Vector.LoadUnsafe(ref q1, u), MulSub(e0, Vector.LoadUnsafe(ref q0, u), Vector.LoadUnsafe(ref r, u)));
                var r1 = MulSub(e1, Vector.LoadUnsafe(ref q1, w), MulSub(e0, Vector.LoadUnsafe(ref q0, w), Vector.LoadUnsafe(ref r, w)));
                r0.StoreUnsafe(ref r, u);
                r1.StoreUnsafe(ref r, w);
                var a0 = Vector.LoadUnsafe(ref a, u);
                var a1 = Vector.LoadUnsafe(ref a, w);
                var b0 = Vector.LoadUnsafe(ref b, u);
                var b1 = Vector.LoadUnsafe(ref b, w);
                da0 = RowGram.MulAdd(a0, r0, da0);
                da1 = RowGram.MulAdd(a1, r1, da1);
                sa0 = RowGram.MulAdd(a0, a0, sa0);
                sa1 = RowGram.MulAdd(a1, a1, sa1);
                db0 = RowGram.MulAdd(b0, r0, db0);
                db1 = RowGram.MulAdd(b1, r1, db1);
                sb0 = RowGram.MulAdd(b0, b0, sb0);
                sb1 = RowGram.MulAdd(b1, b1, sb1);
                c0 = RowGram.MulAdd(a0, b0, c0);
                c1 = RowGram.MulAdd(a1, b1, c1);
            }
            for (; v < ls; v += lanes)
            {
                nuint u = (nuint)v;
                var r0 = MulSub(e1, Vector.LoadUnsafe(ref q1, u), MulSub(e0, Vector.LoadUnsafe(ref q0, u), Vector.LoadUnsafe(ref r, u)));
                r0.StoreUnsafe(ref r, u);
                var a0 = Vector.LoadUnsafe(ref a, u);
                var b0 = Vector.LoadUnsafe(ref b, u);
                da0 = RowGram.MulAdd(a0, r0, da0);
                sa0 = RowGram.MulAdd(a0, a0, sa0);
                db0 = RowGram.MulAdd(b0, r0, db0);
                sb0 = RowGram.MulAdd(b0, b0, sb0);
                c0 = RowGram.MulAdd(a0, b0, c0);
            }
            return (Vector.Sum(da0 + da1), Vector.Sum(sa0 + sa1), Vector.Sum(db0 + db1), Vector.Sum(sb0 + sb1), Vector.Sum(c0 + c1));
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

        /// <summary>½‖r‖² − ½‖x‖² + ½·l2·‖f‖² + l1·Σf; the squares in double (as vectors when T is double).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
