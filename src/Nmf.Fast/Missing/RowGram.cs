// The per-row Gram kernel of a weighted fit: the upper triangle of Σₚ qₚ·pₚᵀ over a gathered panel of the other factor's rows.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Nmf.Fast.Linear.Kernels;

namespace Nmf.Fast.Missing;

/// <summary>
/// A ← Σₚ qₚ·pₚᵀ for L gathered rows pₚ (and scaled copies qₚ = cₚ·pₚ, or q = p), all padded to kp columns:
/// <code>
///   panel P (L × kp)         A (kp × kp, row t = Σₚ qₚ[t]·pₚ)
///   p₀: [o₀ … o_{k−1} 0 0]   row block t0..t0+3 × vector columns v ≥ ⌊t0/lanes⌋  ← only these are computed
///   p₁: [ …             ]    (the upper triangle, plus the part of the diagonal vectors below it)
/// </code>
/// Register tiles of 4 rows × 3 vectors: per panel row, 3 vector loads and 4 broadcasts feed 12 fused multiply-adds.
/// Vector256 rather than Vector512: with the small ranks of NMF (k = 10–30) a 512-bit vector wastes more lanes on the
/// padding and below the diagonal, and the AMD EPYC cores this was tuned on split a 512-bit FMA into two 256-bit ones, so
/// the narrower vector does the same work in fewer operations (docs/missing-values.md, "Speed"). A scalar loop serves
/// machines without 256-bit vectors and is the reference the tests compare against.
/// </summary>
internal static class RowGram
{
    /// <summary>The padded width kp for rank k: a multiple of the vector length in use (and of 4, the row-block height).</summary>
    public static int PaddedRank<T>(int k) where T : unmanaged
    {
        int lanes = UseVectors<T>() ? Vector256<T>.Count : 4;
        return (k + lanes - 1) / lanes * lanes;
    }

    /// <summary>True when the 256-bit kernels run: hardware vectors with FMA (x86), for float or double.</summary>
    internal static bool UseVectors<T>() where T : unmanaged =>
        Vector256.IsHardwareAccelerated && System.Runtime.Intrinsics.X86.Fma.IsSupported && (typeof(T) == typeof(float) || typeof(T) == typeof(double));

    /// <summary>
    /// a (kp×kp, row-major) ← upper triangle of Σₚ q[p]·p[p]ᵀ for rows 0..k−1 (entries below the diagonal are unspecified).
    /// </summary>
    /// <param name="p">L×kp panel, padding columns zero.</param>
    /// <param name="q">L×kp scaled panel (may be the same span as p).</param>
    /// <param name="count">L.</param>
    /// <param name="k">The rank.</param>
    /// <param name="kp">The padded rank (<see cref="PaddedRank{T}"/>).</param>
    /// <param name="a">kp×kp output.</param>
    /// <param name="forceScalar">Run the scalar reference (tests).</param>
    public static void AccumulateUpper<T>(ReadOnlySpan<T> p, ReadOnlySpan<T> q, int count, int k, int kp, Span<T> a, bool forceScalar = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!forceScalar && UseVectors<T>() && kp % Vector256<T>.Count == 0) AccumulateVector(p, q, count, k, kp, a);
        else AccumulateScalar(p, q, count, k, kp, a);
    }

    private static void AccumulateScalar<T>(ReadOnlySpan<T> p, ReadOnlySpan<T> q, int count, int k, int kp, Span<T> a)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int t = 0; t < k; t++)
        {
            var row = a.Slice(t * kp, kp);
            row[t..].Clear();
            for (int e = 0; e < count; e++)
            {
                T s = q[e * kp + t];
                var pe = p.Slice(e * kp, kp);
                for (int r = t; r < kp; r++) row[r] += s * pe[r];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulateVector<T>(ReadOnlySpan<T> p, ReadOnlySpan<T> q, int count, int k, int kp, Span<T> a)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int lanes = Vector256<T>.Count;
        int nv = kp / lanes;
        ref T p0 = ref MemoryMarshal.GetReference(p);
        ref T q0 = ref MemoryMarshal.GetReference(q);
        ref T a0 = ref MemoryMarshal.GetReference(a);
        for (int t0 = 0; t0 < k; t0 += 4)
        {
            for (int vb = t0 / lanes; vb < nv; vb += 3)
            {
                int width = Math.Min(3, nv - vb);
                Tile(ref p0, ref q0, ref a0, count, kp, t0, vb * lanes, width);
            }
        }
    }

    /// <summary>Rows t0..t0+3 × columns c0 .. c0 + width·lanes of A, accumulated over all panel rows in registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile<T>(ref T p0, ref T q0, ref T a0, int count, int kp, int t0, int c0, int width)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        nuint lanes = (nuint)Vector256<T>.Count;
        var zero = Vector256<T>.Zero;
        Vector256<T> a00 = zero, a01 = zero, a02 = zero, a10 = zero, a11 = zero, a12 = zero;
        Vector256<T> a20 = zero, a21 = zero, a22 = zero, a30 = zero, a31 = zero, a32 = zero;
        nuint stride = (nuint)kp;
        nuint pc = (nuint)c0, qt = (nuint)t0;
        for (int e = 0; e < count; e++)
        {
            nuint rowOffset = (nuint)e * stride;
            var v0 = Vector256.LoadUnsafe(ref p0, rowOffset + pc);
            var s0 = Vector256.Create(Unsafe.Add(ref q0, rowOffset + qt));
            var s1 = Vector256.Create(Unsafe.Add(ref q0, rowOffset + qt + 1));
            var s2 = Vector256.Create(Unsafe.Add(ref q0, rowOffset + qt + 2));
            var s3 = Vector256.Create(Unsafe.Add(ref q0, rowOffset + qt + 3));
            a00 = SimdMath.Fma(s0, v0, a00);
            a10 = SimdMath.Fma(s1, v0, a10);
            a20 = SimdMath.Fma(s2, v0, a20);
            a30 = SimdMath.Fma(s3, v0, a30);
            if (width > 1)
            {
                var v1 = Vector256.LoadUnsafe(ref p0, rowOffset + pc + lanes);
                a01 = SimdMath.Fma(s0, v1, a01);
                a11 = SimdMath.Fma(s1, v1, a11);
                a21 = SimdMath.Fma(s2, v1, a21);
                a31 = SimdMath.Fma(s3, v1, a31);
                if (width > 2)
                {
                    var v2 = Vector256.LoadUnsafe(ref p0, rowOffset + pc + 2 * lanes);
                    a02 = SimdMath.Fma(s0, v2, a02);
                    a12 = SimdMath.Fma(s1, v2, a12);
                    a22 = SimdMath.Fma(s2, v2, a22);
                    a32 = SimdMath.Fma(s3, v2, a32);
                }
            }
        }
        Store(ref a0, (nuint)t0 * stride + pc, lanes, width, a00, a01, a02);
        Store(ref a0, (nuint)(t0 + 1) * stride + pc, lanes, width, a10, a11, a12);
        Store(ref a0, (nuint)(t0 + 2) * stride + pc, lanes, width, a20, a21, a22);
        Store(ref a0, (nuint)(t0 + 3) * stride + pc, lanes, width, a30, a31, a32);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T>(ref T a0, nuint offset, nuint lanes, int width, Vector256<T> x0, Vector256<T> x1, Vector256<T> x2)
        where T : unmanaged
    {
        x0.StoreUnsafe(ref a0, offset);
        if (width > 1) x1.StoreUnsafe(ref a0, offset + lanes);
        if (width > 2) x2.StoreUnsafe(ref a0, offset + 2 * lanes);
    }
}
