// AVX2 GEMM micro-kernel: up to 6 rows × 2 ymm vectors of C in registers, FMA rank-1 updates.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Nmf.Fast.Linear.Kernels;

/// <summary>
/// The AVX2 register-tile micro-kernel: an MR×NR block of C (MR = the <c>TRows</c> type argument ≤ 6,
/// NR = 2·Vector256&lt;T&gt;.Count) accumulated in registers over kc rank-1 updates of packed slivers.
/// <code>
///   a: packed A sliver, element (r, p) at p·MR + r      (MR values broadcast per step)
///   b: B sliver, element (p, c) at p·bStride + c        (two vector loads per step; bStride = NR when packed)
///   tile: MR rows × NR, row stride NR; receives the raw sums (α, β are applied by the caller)
/// </code>
/// </summary>
internal static unsafe class Avx2MicroKernel
{
    /// <summary>The most rows a tile can have: 6·2 accumulators + 2 B vectors + 1 broadcast fit the register file.</summary>
    public const int MaxRows = 6;

    /// <summary>Tile width in elements of <typeparamref name="T"/> (two vectors).</summary>
    public static int Width<T>() => 2 * Vector256<T>.Count;

    /// <summary>tile ← Σ_p a(:, p)·b(p, :) over <paramref name="kc"/> steps.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T, TRows>(int kc, T* a, T* b, nint bStride, T* tile)
        where T : unmanaged
        where TRows : struct, IRowCount
    {
        int w = Vector256<T>.Count;
        Vector256<T> c0a = default, c0b = default;
        Vector256<T> c1a = default, c1b = default;
        Vector256<T> c2a = default, c2b = default;
        Vector256<T> c3a = default, c3b = default;
        Vector256<T> c4a = default, c4b = default;
        Vector256<T> c5a = default, c5b = default;
        for (int p = 0; p < kc; p++)
        {
            Vector256<T> b0 = Vector256.Load(b);
            Vector256<T> b1 = Vector256.Load(b + w);
            if (TRows.Value > 0) { var x = Vector256.Create(a[0]); c0a = SimdMath.Fma(x, b0, c0a); c0b = SimdMath.Fma(x, b1, c0b); }
            if (TRows.Value > 1) { var x = Vector256.Create(a[1]); c1a = SimdMath.Fma(x, b0, c1a); c1b = SimdMath.Fma(x, b1, c1b); }
            if (TRows.Value > 2) { var x = Vector256.Create(a[2]); c2a = SimdMath.Fma(x, b0, c2a); c2b = SimdMath.Fma(x, b1, c2b); }
            if (TRows.Value > 3) { var x = Vector256.Create(a[3]); c3a = SimdMath.Fma(x, b0, c3a); c3b = SimdMath.Fma(x, b1, c3b); }
            if (TRows.Value > 4) { var x = Vector256.Create(a[4]); c4a = SimdMath.Fma(x, b0, c4a); c4b = SimdMath.Fma(x, b1, c4b); }
            if (TRows.Value > 5) { var x = Vector256.Create(a[5]); c5a = SimdMath.Fma(x, b0, c5a); c5b = SimdMath.Fma(x, b1, c5b); }
            a += TRows.Value;
            b += bStride;
        }

        if (TRows.Value > 0) { Vector256.Store(c0a, tile + 0 * 2 * w); Vector256.Store(c0b, tile + 0 * 2 * w + w); }
        if (TRows.Value > 1) { Vector256.Store(c1a, tile + 1 * 2 * w); Vector256.Store(c1b, tile + 1 * 2 * w + w); }
        if (TRows.Value > 2) { Vector256.Store(c2a, tile + 2 * 2 * w); Vector256.Store(c2b, tile + 2 * 2 * w + w); }
        if (TRows.Value > 3) { Vector256.Store(c3a, tile + 3 * 2 * w); Vector256.Store(c3b, tile + 3 * 2 * w + w); }
        if (TRows.Value > 4) { Vector256.Store(c4a, tile + 4 * 2 * w); Vector256.Store(c4b, tile + 4 * 2 * w + w); }
        if (TRows.Value > 5) { Vector256.Store(c5a, tile + 5 * 2 * w); Vector256.Store(c5b, tile + 5 * 2 * w + w); }
    }
}
