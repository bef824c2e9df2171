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
/// Register tiles of 4 rows × 3 vectors (4 × 1 for the rest): per panel row, 3 vector loads and 4 broadcasts feed 12
/// fused multiply-adds; each tile is its own straight-line loop so its accumulators stay in registers.
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
            int vb = t0 / lanes;
            for (; vb + 3 <= nv; vb += 3) Tile3(ref p0, ref q0, ref a0, count, kp, t0, vb * lanes);
            for (; vb < nv; vb++) Tile1(ref p0, ref q0, ref a0, count, kp, t0, vb * lanes);
        }
    }

    /// <summary>Rows t0..t0+3 × columns c0 .. c0 + 3·lanes of A, accumulated over all panel rows in 12 registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile3<T>(ref T p0, ref T q0, ref T a0, int count, int kp, int t0, int c0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        nuint lanes = (nuint)Vector256<T>.Count;
        var zero = Vector256<T>.Zero;
        Vector256<T> a00 = zero, a01 = zero, a02 = zero, a10 = zero, a11 = zero, a12 = zero;
        Vector256<T> a20 = zero, a21 = zero, a22 = zero, a30 = zero, a31 = zero, a32 = zero;
        ref T p = ref Unsafe.Add(ref p0, c0);
        ref T q = ref Unsafe.Add(ref q0, t0);
        for (int e = 0; e < count; e++)
        {
            var v0 = Vector256.LoadUnsafe(ref p);
            var v1 = Vector256.LoadUnsafe(ref p, lanes);
            var v2 = Vector256.LoadUnsafe(ref p, 2 * lanes);
            var s = Vector256.Create(q);
            a00 = SimdMath.Fma(s, v0, a00);
            a01 = SimdMath.Fma(s, v1, a01);
            a02 = SimdMath.Fma(s, v2, a02);
            s = Vector256.Create(Unsafe.Add(ref q, 1));
            a10 = SimdMath.Fma(s, v0, a10);
            a11 = SimdMath.Fma(s, v1, a11);
            a12 = SimdMath.Fma(s, v2, a12);
            s = Vector256.Create(Unsafe.Add(ref q, 2));
            a20 = SimdMath.Fma(s, v0, a20);
            a21 = SimdMath.Fma(s, v1, a21);
            a22 = SimdMath.Fma(s, v2, a22);
            s = Vector256.Create(Unsafe.Add(ref q, 3));
            a30 = SimdMath.Fma(s, v0, a30);
            a31 = SimdMath.Fma(s, v1, a31);
            a32 = SimdMath.Fma(s, v2, a32);
            p = ref Unsafe.Add(ref p, kp);
            q = ref Unsafe.Add(ref q, kp);
        }
        ref T out0 = ref Unsafe.Add(ref a0, t0 * kp + c0);
        Store3(ref out0, lanes, a00, a01, a02);
        Store3(ref Unsafe.Add(ref out0, kp), lanes, a10, a11, a12);
        Store3(ref Unsafe.Add(ref out0, 2 * kp), lanes, a20, a21, a22);
        Store3(ref Unsafe.Add(ref out0, 3 * kp), lanes, a30, a31, a32);
    }

    /// <summary>Rows t0..t0+3 × one vector of columns at c0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile1<T>(ref T p0, ref T q0, ref T a0, int count, int kp, int t0, int c0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var zero = Vector256<T>.Zero;
        Vector256<T> a00 = zero, a10 = zero, a20 = zero, a30 = zero;
        ref T p = ref Unsafe.Add(ref p0, c0);
        ref T q = ref Unsafe.Add(ref q0, t0);
        for (int e = 0; e < count; e++)
        {
            var v0 = Vector256.LoadUnsafe(ref p);
            a00 = SimdMath.Fma(Vector256.Create(q), v0, a00);
            a10 = SimdMath.Fma(Vector256.Create(Unsafe.Add(ref q, 1)), v0, a10);
            a20 = SimdMath.Fma(Vector256.Create(Unsafe.Add(ref q, 2)), v0, a20);
            a30 = SimdMath.Fma(Vector256.Create(Unsafe.Add(ref q, 3)), v0, a30);
            p = ref Unsafe.Add(ref p, kp);
            q = ref Unsafe.Add(ref q, kp);
        }
        ref T out0 = ref Unsafe.Add(ref a0, t0 * kp + c0);
        a00.StoreUnsafe(ref out0);
        a10.StoreUnsafe(ref Unsafe.Add(ref out0, kp));
        a20.StoreUnsafe(ref Unsafe.Add(ref out0, 2 * kp));
        a30.StoreUnsafe(ref Unsafe.Add(ref out0, 3 * kp));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store3<T>(ref T a, nuint lanes, Vector256<T> x0, Vector256<T> x1, Vector256<T> x2)
        where T : unmanaged
    {
        x0.StoreUnsafe(ref a);
        x1.StoreUnsafe(ref a, lanes);
        x2.StoreUnsafe(ref a, 2 * lanes);
    }
}
