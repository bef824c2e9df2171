// Dot product and scaled subtraction on short double vectors (length ≤ a few hundred) for the projection's NNLS.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Nmf.Fast.Linear.Kernels;

namespace Nmf.Fast.Projection;

/// <summary>
/// The two inner loops of the per-sample NNLS: rows of the k×k Gram matrix and of its Cholesky factor are short
/// (k = 5–100), so <c>TensorPrimitives</c>' per-call set-up would dominate. Widest tier first (the GEMM's
/// <see cref="KernelSelector.Default"/>, so <c>NMFFAST_KERNEL</c> forces a narrower one), a plain scalar loop for
/// the tail and for the scalar tier (no <c>Math.FusedMultiplyAdd</c>: without hardware FMA it is a slow software call).
/// </summary>
internal static class ShortVectorOps
{
    /// <summary>The tier in use (the JIT folds the branches on it; tests pass each tier explicitly).</summary>
    public static readonly KernelTier DefaultTier = KernelSelector.Effective<double>(KernelSelector.Default);

    /// <summary>Σ a[i]·b[i] for i in [0, length).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Dot(ref double a, ref double b, int length) => Dot(DefaultTier, ref a, ref b, length);

    /// <summary>y[i] −= s·x[i] for i in [0, length).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SubtractScaled(ref double y, double s, ref double x, int length) => SubtractScaled(DefaultTier, ref y, s, ref x, length);

    /// <summary><see cref="Dot(ref double, ref double, int)"/> on <paramref name="tier"/> (which this CPU must support).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Dot(KernelTier tier, ref double a, ref double b, int length)
    {
        int i = 0;
        double sum = 0;
        if (tier == KernelTier.Avx512 && length >= Vector512<double>.Count)
        {
            var acc = Vector512<double>.Zero;
            for (; i <= length - Vector512<double>.Count; i += Vector512<double>.Count)
                acc = SimdMath.Fma(Vector512.LoadUnsafe(ref a, (nuint)i), Vector512.LoadUnsafe(ref b, (nuint)i), acc);
            sum = Vector512.Sum(acc);
        }
        else if (tier != KernelTier.Scalar && length >= Vector256<double>.Count)
        {
            var acc = Vector256<double>.Zero;
            for (; i <= length - Vector256<double>.Count; i += Vector256<double>.Count)
                acc = SimdMath.Fma(Vector256.LoadUnsafe(ref a, (nuint)i), Vector256.LoadUnsafe(ref b, (nuint)i), acc);
            sum = Vector256.Sum(acc);
        }
        for (; i < length; i++) sum += Unsafe.Add(ref a, i) * Unsafe.Add(ref b, i);
        return sum;
    }

    /// <summary><see cref="SubtractScaled(ref double, double, ref double, int)"/> on <paramref name="tier"/> (which this CPU must support).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SubtractScaled(KernelTier tier, ref double y, double s, ref double x, int length)
    {
        int i = 0;
        if (tier == KernelTier.Avx512)
        {
            var vs = Vector512.Create(-s);
            for (; i <= length - Vector512<double>.Count; i += Vector512<double>.Count)
                SimdMath.Fma(vs, Vector512.LoadUnsafe(ref x, (nuint)i), Vector512.LoadUnsafe(ref y, (nuint)i)).StoreUnsafe(ref y, (nuint)i);
        }
        if (tier != KernelTier.Scalar)
        {
            var vs = Vector256.Create(-s);
            for (; i <= length - Vector256<double>.Count; i += Vector256<double>.Count)
                SimdMath.Fma(vs, Vector256.LoadUnsafe(ref x, (nuint)i), Vector256.LoadUnsafe(ref y, (nuint)i)).StoreUnsafe(ref y, (nuint)i);
        }
        for (; i < length; i++) Unsafe.Add(ref y, i) -= s * Unsafe.Add(ref x, i);
    }
}
