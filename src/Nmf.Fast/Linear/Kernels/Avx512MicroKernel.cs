// AVX-512 GEMM micro-kernel: up to 12 rows × 2 zmm vectors of C in registers, FMA rank-1 updates.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Nmf.Fast.Linear.Kernels;

/// <summary>
/// The AVX-512 register-tile micro-kernel: an MR×NR block of C (MR = the <c>TRows</c> type argument ≤ 12,
/// NR = 2·Vector512&lt;T&gt;.Count) accumulated in registers over kc rank-1 updates of packed slivers.
/// <code>
///   a: packed A sliver, element (r, p) at p·MR + r      (MR values broadcast per step)
///   b: B sliver, element (p, c) at p·bStride + c        (two vector loads per step; bStride = NR when packed)
///   tile: MR rows × NR, row stride NR; receives the raw sums (α, β are applied by the caller)
/// </code>
/// </summary>
internal static unsafe class Avx512MicroKernel
{
    /// <summary>Row pieces to fetch into L2 while a tile computes: <see cref="Count"/> rows <see cref="Stride"/> bytes apart, bytes 0…<see cref="LastByte"/> of each.</summary>
    public readonly struct PrefetchRows(byte* first, nint stride, int count, int lastByte)
    {
        public byte* First { get; } = first;
        public nint Stride { get; } = stride;
        public int Count { get; } = count;
        public int LastByte { get; } = lastByte;
    }

    /// <summary>The most rows a tile can have: 12·2 accumulators + 2 B vectors + 1 broadcast fit the register file.</summary>
    public const int MaxRows = 12;

    /// <summary>Tile width in elements of <typeparamref name="T"/> (two vectors).</summary>
    public static int Width<T>() => 2 * Vector512<T>.Count;

    /// <summary>tile ← Σ_p a(:, p)·b(p, :) over <paramref name="kc"/> steps.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T, TRows>(int kc, T* a, T* b, nint bStride, T* tile)
        where T : unmanaged
        where TRows : struct, IRowCount
        => Run<T, TRows, NoPrefetch>(kc, a, b, bStride, tile, default);

    /// <summary>
    /// <see cref="Run{T, TRows}(int, T*, T*, nint, T*)"/>; with <see cref="WithPrefetch"/> it also fetches
    /// <paramref name="prefetch"/>'s row pieces into L2, one every kc / rows steps, so the fetches overlap the tile's work
    /// instead of leaving in one burst before it (<see cref="NoPrefetch"/> compiles that code away).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T, TRows, TPrefetch>(int kc, T* a, T* b, nint bStride, T* tile, PrefetchRows prefetch)
        where T : unmanaged
        where TRows : struct, IRowCount
        where TPrefetch : struct, IPrefetchMode
    {
        int w = Vector512<T>.Count;
        Vector512<T> c0a = default, c0b = default;
        Vector512<T> c1a = default, c1b = default;
        Vector512<T> c2a = default, c2b = default;
        Vector512<T> c3a = default, c3b = default;
        Vector512<T> c4a = default, c4b = default;
        Vector512<T> c5a = default, c5b = default;
        Vector512<T> c6a = default, c6b = default;
        Vector512<T> c7a = default, c7b = default;
        Vector512<T> c8a = default, c8b = default;
        Vector512<T> c9a = default, c9b = default;
        Vector512<T> c10a = default, c10b = default;
        Vector512<T> c11a = default, c11b = default;
        byte* next = prefetch.First;
        int pending = prefetch.Count;
        int interval = pending > 0 ? Math.Max(1, kc / pending) : int.MaxValue;
        int countdown = 1;
        for (int p = 0; p < kc; p++)
        {
            if (TPrefetch.Enabled && --countdown == 0)
            {
                countdown = interval;
                if (pending > 0 && System.Runtime.Intrinsics.X86.Sse.IsSupported)
                {
                    System.Runtime.Intrinsics.X86.Sse.Prefetch1(next);
                    System.Runtime.Intrinsics.X86.Sse.Prefetch1(next + prefetch.LastByte);
                    next += prefetch.Stride;
                    pending--;
                }
            }
            Vector512<T> b0 = Vector512.Load(b);
            Vector512<T> b1 = Vector512.Load(b + w);
            if (TRows.Value > 0) { var x = Vector512.Create(a[0]); c0a = SimdMath.Fma(x, b0, c0a); c0b = SimdMath.Fma(x, b1, c0b); }
            if (TRows.Value > 1) { var x = Vector512.Create(a[1]); c1a = SimdMath.Fma(x, b0, c1a); c1b = SimdMath.Fma(x, b1, c1b); }
            if (TRows.Value > 2) { var x = Vector512.Create(a[2]); c2a = SimdMath.Fma(x, b0, c2a); c2b = SimdMath.Fma(x, b1, c2b); }
            if (TRows.Value > 3) { var x = Vector512.Create(a[3]); c3a = SimdMath.Fma(x, b0, c3a); c3b = SimdMath.Fma(x, b1, c3b); }
            if (TRows.Value > 4) { var x = Vector512.Create(a[4]); c4a = SimdMath.Fma(x, b0, c4a); c4b = SimdMath.Fma(x, b1, c4b); }
            if (TRows.Value > 5) { var x = Vector512.Create(a[5]); c5a = SimdMath.Fma(x, b0, c5a); c5b = SimdMath.Fma(x, b1, c5b); }
            if (TRows.Value > 6) { var x = Vector512.Create(a[6]); c6a = SimdMath.Fma(x, b0, c6a); c6b = SimdMath.Fma(x, b1, c6b); }
            if (TRows.Value > 7) { var x = Vector512.Create(a[7]); c7a = SimdMath.Fma(x, b0, c7a); c7b = SimdMath.Fma(x, b1, c7b); }
            if (TRows.Value > 8) { var x = Vector512.Create(a[8]); c8a = SimdMath.Fma(x, b0, c8a); c8b = SimdMath.Fma(x, b1, c8b); }
            if (TRows.Value > 9) { var x = Vector512.Create(a[9]); c9a = SimdMath.Fma(x, b0, c9a); c9b = SimdMath.Fma(x, b1, c9b); }
            if (TRows.Value > 10) { var x = Vector512.Create(a[10]); c10a = SimdMath.Fma(x, b0, c10a); c10b = SimdMath.Fma(x, b1, c10b); }
            if (TRows.Value > 11) { var x = Vector512.Create(a[11]); c11a = SimdMath.Fma(x, b0, c11a); c11b = SimdMath.Fma(x, b1, c11b); }
            a += TRows.Value;
            b += bStride;
        }

        if (TRows.Value > 0) { Vector512.Store(c0a, tile + 0 * 2 * w); Vector512.Store(c0b, tile + 0 * 2 * w + w); }
        if (TRows.Value > 1) { Vector512.Store(c1a, tile + 1 * 2 * w); Vector512.Store(c1b, tile + 1 * 2 * w + w); }
        if (TRows.Value > 2) { Vector512.Store(c2a, tile + 2 * 2 * w); Vector512.Store(c2b, tile + 2 * 2 * w + w); }
        if (TRows.Value > 3) { Vector512.Store(c3a, tile + 3 * 2 * w); Vector512.Store(c3b, tile + 3 * 2 * w + w); }
        if (TRows.Value > 4) { Vector512.Store(c4a, tile + 4 * 2 * w); Vector512.Store(c4b, tile + 4 * 2 * w + w); }
        if (TRows.Value > 5) { Vector512.Store(c5a, tile + 5 * 2 * w); Vector512.Store(c5b, tile + 5 * 2 * w + w); }
        if (TRows.Value > 6) { Vector512.Store(c6a, tile + 6 * 2 * w); Vector512.Store(c6b, tile + 6 * 2 * w + w); }
        if (TRows.Value > 7) { Vector512.Store(c7a, tile + 7 * 2 * w); Vector512.Store(c7b, tile + 7 * 2 * w + w); }
        if (TRows.Value > 8) { Vector512.Store(c8a, tile + 8 * 2 * w); Vector512.Store(c8b, tile + 8 * 2 * w + w); }
        if (TRows.Value > 9) { Vector512.Store(c9a, tile + 9 * 2 * w); Vector512.Store(c9b, tile + 9 * 2 * w + w); }
        if (TRows.Value > 10) { Vector512.Store(c10a, tile + 10 * 2 * w); Vector512.Store(c10b, tile + 10 * 2 * w + w); }
        if (TRows.Value > 11) { Vector512.Store(c11a, tile + 11 * 2 * w); Vector512.Store(c11b, tile + 11 * 2 * w + w); }
    }
}
