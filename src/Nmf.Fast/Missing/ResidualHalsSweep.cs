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
            T[] buffer = ArrayPool<T>.Shared.Rent(Math.Max(1, stride * (k4 + 1)));
            try
            {
                var values = lists.Values!;
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
                    int ls = (count + lanes - 1) / lanes * lanes;
                    var panel = buffer.AsSpan(0, ls * k4);
                    var r = buffer.AsSpan(ls * k4, ls);
                    var x = values.AsSpan(s, count);
                    Gather(lists.Index.AsSpan(s, count), ls, panel);
                    Residual(f, x, panel, ls, r);
                    rowViolation[i] = evaluateOnly ? 0 : double.CreateTruncating(SweepRow(f, panel, ls, r));
                    rowLoss[i] = LossShare(f, x, r);
                }
            }
            finally
            {
                ArrayPool<T>.Shared.Return(buffer);
            }
        }

        /// <summary>
        /// P (k × ls, row t = component t of the listed rows of O, zero past the list's end). Four listed rows at a time
        /// are loaded as vectors and transposed in registers (4×4 blocks), so the gather costs vector loads and stores, not
        /// one scalar move per element.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Gather(ReadOnlySpan<int> index, int ls, Span<T> panel)
        {
            int count = index.Length, kp = other.Cols, rank = k;
            ref T source = ref MemoryMarshal.GetReference(other.AsSpan());
            ref T target = ref MemoryMarshal.GetReference(panel);
            ref int i0 = ref MemoryMarshal.GetReference(index);
            int e = 0;
            // Indices were validated when the lists were built (each < others), so the reads need no bounds checks.
            if (typeof(T) == typeof(double) && Avx.IsSupported)
            {
                ref double src = ref Unsafe.As<T, double>(ref source);
                ref double dst = ref Unsafe.As<T, double>(ref target);
                for (; e + 4 <= count; e += 4)
                {
                    ref double a = ref Unsafe.Add(ref src, (nint)Unsafe.Add(ref i0, e) * kp);
                    ref double b = ref Unsafe.Add(ref src, (nint)Unsafe.Add(ref i0, e + 1) * kp);
                    ref double c = ref Unsafe.Add(ref src, (nint)Unsafe.Add(ref i0, e + 2) * kp);
                    ref double d = ref Unsafe.Add(ref src, (nint)Unsafe.Add(ref i0, e + 3) * kp);
                    ref double to = ref Unsafe.Add(ref dst, e);
                    for (int t = 0; t < rank; t += 4)
                    {
                        var ab0 = Avx.UnpackLow(Vector256.LoadUnsafe(ref a, (nuint)t), Vector256.LoadUnsafe(ref b, (nuint)t));
                        var ab1 = Avx.UnpackHigh(Vector256.LoadUnsafe(ref a, (nuint)t), Vector256.LoadUnsafe(ref b, (nuint)t));
                        var cd0 = Avx.UnpackLow(Vector256.LoadUnsafe(ref c, (nuint)t), Vector256.LoadUnsafe(ref d, (nuint)t));
                        var cd1 = Avx.UnpackHigh(Vector256.LoadUnsafe(ref c, (nuint)t), Vector256.LoadUnsafe(ref d, (nuint)t));
                        nuint row = (nuint)(t * ls);
                        Avx.Permute2x128(ab0, cd0, 0x20).StoreUnsafe(ref to, row);
                        Avx.Permute2x128(ab1, cd1, 0x20).StoreUnsafe(ref to, row + (nuint)ls);
                        Avx.Permute2x128(ab0, cd0, 0x31).StoreUnsafe(ref to, row + (nuint)(2 * ls));
                        Avx.Permute2x128(ab1, cd1, 0x31).StoreUnsafe(ref to, row + (nuint)(3 * ls));
                    }
                }
            }
            else if (typeof(T) == typeof(float) && Sse.IsSupported)
            {
                ref float src = ref Unsafe.As<T, float>(ref source);
                ref float dst = ref Unsafe.As<T, float>(ref target);
                for (; e + 4 <= count; e += 4)
                {
                    ref float a = ref Unsafe.Add(ref src, (nint)Unsafe.Add(ref i0, e) * kp);
                    ref float b = ref Unsafe.Add(ref src, (nint)Unsafe.Add(ref i0, e + 1) * kp);
                    ref float c = ref Unsafe.Add(ref src, (nint)Unsafe.Add(ref i0, e + 2) * kp);
                    ref float d = ref Unsafe.Add(ref src, (nint)Unsafe.Add(ref i0, e + 3) * kp);
                    ref float to = ref Unsafe.Add(ref dst, e);
                    for (int t = 0; t < rank; t += 4)
                    {
                        var ab0 = Sse.UnpackLow(Vector128.LoadUnsafe(ref a, (nuint)t), Vector128.LoadUnsafe(ref b, (nuint)t));
                        var ab1 = Sse.UnpackHigh(Vector128.LoadUnsafe(ref a, (nuint)t), Vector128.LoadUnsafe(ref b, (nuint)t));
                        var cd0 = Sse.UnpackLow(Vector128.LoadUnsafe(ref c, (nuint)t), Vector128.LoadUnsafe(ref d, (nuint)t));
                        var cd1 = Sse.UnpackHigh(Vector128.LoadUnsafe(ref c, (nuint)t), Vector128.LoadUnsafe(ref d, (nuint)t));
                        nuint row = (nuint)(t * ls);
                        Sse.MoveLowToHigh(ab0, cd0).StoreUnsafe(ref to, row);
                        Sse.MoveHighToLow(cd0, ab0).StoreUnsafe(ref to, row + (nuint)ls);
                        Sse.MoveLowToHigh(ab1, cd1).StoreUnsafe(ref to, row + (nuint)(2 * ls));
                        Sse.MoveHighToLow(cd1, ab1).StoreUnsafe(ref to, row + (nuint)(3 * ls));
                    }
                }
            }
            for (; e < count; e++)
            {
                ref T from = ref Unsafe.Add(ref source, (nint)Unsafe.Add(ref i0, e) * kp);
                ref T to = ref Unsafe.Add(ref target, e);
                for (int t = 0; t < rank; t++) Unsafe.Add(ref to, t * ls) = Unsafe.Add(ref from, t);
            }
            if (count == ls) return;
            for (int t = 0; t < rank; t++) panel.Slice(t * ls + count, ls - count).Clear();
        }

        /// <summary>r = x − Σₜ f[t]·Pₜ over whole vectors (zero past the list's end).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Residual(ReadOnlySpan<T> f, ReadOnlySpan<T> x, ReadOnlySpan<T> panel, int ls, Span<T> r)
        {
            x.CopyTo(r);
            r[x.Length..].Clear();
            ref T r0 = ref MemoryMarshal.GetReference(r);
            ref T p0 = ref MemoryMarshal.GetReference(panel);
            for (int t = 0; t < k; t++)
            {
                if (f[t] == T.Zero) continue;
                var ft = new Vector<T>(f[t]);
                nuint row = (nuint)(t * ls);
                for (int v = 0; v < ls; v += Vector<T>.Count)
                    MulSub(ft, Vector.LoadUnsafe(ref p0, row + (nuint)v), Vector.LoadUnsafe(ref r0, (nuint)v)).StoreUnsafe(ref r0, (nuint)v);
            }
        }

        /// <summary>
        /// One coordinate pass over f keeping r = x − Pᵀf; each pass over the list applies the previous coordinate's change to
        /// r and forms Pₜ·r and Pₜ·Pₜ for the next. Returns the violation.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private T SweepRow(Span<T> f, ReadOnlySpan<T> panel, int ls, Span<T> r)
        {
            ref T r0 = ref MemoryMarshal.GetReference(r);
            ref T p0 = ref MemoryMarshal.GetReference(panel);
            T violation = T.Zero;
            T delta = T.Zero;
            for (int t = 0; t < k; t++)
            {
                var (dot, squares) = delta == T.Zero
                    ? Sums(ref Unsafe.Add(ref p0, t * ls), ref r0, ls)
                    : UpdateAndSums(ref Unsafe.Add(ref p0, (t - 1) * ls), delta, ref Unsafe.Add(ref p0, t * ls), ref r0, ls);
                delta = T.Zero;
                T ft = f[t];
                T grad = l1 + l2 * ft - dot;
                T projected = ft == T.Zero ? T.Min(grad, T.Zero) : grad;
                violation += T.Abs(projected);
                T hess = squares + l2;
                if (hess == T.Zero) continue;
                T updated = T.Max(ft - grad / hess, T.Zero);
                delta = updated - ft;
                f[t] = updated;
            }
            if (delta != T.Zero)
            {
                var dv = new Vector<T>(delta);
                ref T p = ref Unsafe.Add(ref p0, (k - 1) * ls);
                for (int v = 0; v < ls; v += Vector<T>.Count)
                    MulSub(dv, Vector.LoadUnsafe(ref p, (nuint)v), Vector.LoadUnsafe(ref r0, (nuint)v)).StoreUnsafe(ref r0, (nuint)v);
            }
            return violation;
        }

        /// <summary>(p·r, p·p) over ls elements, two partial sums each.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static (T Dot, T Squares) Sums(ref T p, ref T r, int ls)
        {
            int lanes = Vector<T>.Count;
            Vector<T> d0 = default, d1 = default, s0 = default, s1 = default;
            int v = 0;
            for (; v + 2 * lanes <= ls; v += 2 * lanes)
            {
                var a = Vector.LoadUnsafe(ref p, (nuint)v);
                var b = Vector.LoadUnsafe(ref p, (nuint)(v + lanes));
                d0 = RowGram.MulAdd(a, Vector.LoadUnsafe(ref r, (nuint)v), d0);
                d1 = RowGram.MulAdd(b, Vector.LoadUnsafe(ref r, (nuint)(v + lanes)), d1);
                s0 = RowGram.MulAdd(a, a, s0);
                s1 = RowGram.MulAdd(b, b, s1);
            }
            if (v < ls)
            {
                var a = Vector.LoadUnsafe(ref p, (nuint)v);
                d0 = RowGram.MulAdd(a, Vector.LoadUnsafe(ref r, (nuint)v), d0);
                s0 = RowGram.MulAdd(a, a, s0);
            }
            return (Vector.Sum(d0 + d1), Vector.Sum(s0 + s1));
        }

        /// <summary>r −= δ·q, then (p·r, p·p), in one pass over ls elements.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static (T Dot, T Squares) UpdateAndSums(ref T q, T delta, ref T p, ref T r, int ls)
        {
            int lanes = Vector<T>.Count;
            var dv = new Vector<T>(delta);
            Vector<T> d0 = default, d1 = default, s0 = default, s1 = default;
            int v = 0;
            for (; v + 2 * lanes <= ls; v += 2 * lanes)
            {
                var r0 = MulSub(dv, Vector.LoadUnsafe(ref q, (nuint)v), Vector.LoadUnsafe(ref r, (nuint)v));
                var r1 = MulSub(dv, Vector.LoadUnsafe(ref q, (nuint)(v + lanes)), Vector.LoadUnsafe(ref r, (nuint)(v + lanes)));
                r0.StoreUnsafe(ref r, (nuint)v);
                r1.StoreUnsafe(ref r, (nuint)(v + lanes));
                var a = Vector.LoadUnsafe(ref p, (nuint)v);
                var b = Vector.LoadUnsafe(ref p, (nuint)(v + lanes));
                d0 = RowGram.MulAdd(a, r0, d0);
                d1 = RowGram.MulAdd(b, r1, d1);
                s0 = RowGram.MulAdd(a, a, s0);
                s1 = RowGram.MulAdd(b, b, s1);
            }
            if (v < ls)
            {
                var r0 = MulSub(dv, Vector.LoadUnsafe(ref q, (nuint)v), Vector.LoadUnsafe(ref r, (nuint)v));
                r0.StoreUnsafe(ref r, (nuint)v);
                var a = Vector.LoadUnsafe(ref p, (nuint)v);
                d0 = RowGram.MulAdd(a, r0, d0);
                s0 = RowGram.MulAdd(a, a, s0);
            }
            return (Vector.Sum(d0 + d1), Vector.Sum(s0 + s1));
        }

        /// <summary>½‖r‖² − ½‖x‖² + ½·l2·‖f‖² + l1·Σf, summed in double.</summary>
        private double LossShare(ReadOnlySpan<T> f, ReadOnlySpan<T> x, ReadOnlySpan<T> r)
        {
            double residual = 0;
            for (int e = 0; e < x.Length; e++)
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

    /// <summary>c − a·b, fused where the hardware has FMA.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> MulSub<T>(Vector<T> a, Vector<T> b, Vector<T> c) where T : unmanaged, IFloatingPointIeee754<T> => RowGram.MulAdd(-a, b, c);
}
