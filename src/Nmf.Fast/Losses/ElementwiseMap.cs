// A vectorised element-wise map dst[i] = op(x[i], y[i]) driven by an operator struct (no delegates).
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Nmf.Fast.Losses;

/// <summary>An element-wise binary operator with a scalar and 256/512-bit forms that compute the same value per lane.</summary>
internal interface IBinaryMap<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    T Invoke(T x, T y);
    Vector256<T> Invoke(Vector256<T> x, Vector256<T> y);
    Vector512<T> Invoke(Vector512<T> x, Vector512<T> y);
}

/// <summary>
/// Runs an <see cref="IBinaryMap{T}"/> over spans with the widest accelerated vectors, then a scalar tail
/// (not an overlapping last vector, because <c>dst</c> may be <c>y</c> itself and a second pass over the
/// same lanes would apply the map twice). Set <c>NMF_FAST_SIMD=scalar|256</c> to force a narrower tier.
/// </summary>
internal static class ElementwiseMap
{
    private static readonly int Tier = ChooseTier();

    private static int ChooseTier()
    {
        string? forced = Environment.GetEnvironmentVariable("NMF_FAST_SIMD");
        if (forced == "scalar") return 0;
        if (forced != "256" && Vector512.IsHardwareAccelerated) return 512;
        return Vector256.IsHardwareAccelerated ? 256 : 0;
    }

    /// <summary>The vector width in bits used by the element-wise kernels (0 = scalar).</summary>
    public static int Width => Tier;

    /// <summary>dst[i] = op(x[i], y[i]); dst may be exactly x or y, never a shifted overlap.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Apply<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> dst, TOp op)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IBinaryMap<T>
    {
        int n = dst.Length;
        if (x.Length < n || y.Length < n) throw new ArgumentException("Input spans are shorter than the destination.");
        ref T rx = ref MemoryMarshal.GetReference(x);
        ref T ry = ref MemoryMarshal.GetReference(y);
        ref T rd = ref MemoryMarshal.GetReference(dst);
        int i = 0;
        if (Tier == 512)
        {
            int last = n - Vector512<T>.Count;
            for (; i <= last; i += Vector512<T>.Count)
                op.Invoke(Vector512.LoadUnsafe(ref rx, (nuint)i), Vector512.LoadUnsafe(ref ry, (nuint)i)).StoreUnsafe(ref rd, (nuint)i);
        }
        if (Tier >= 256)
        {
            int last = n - Vector256<T>.Count;
            for (; i <= last; i += Vector256<T>.Count)
                op.Invoke(Vector256.LoadUnsafe(ref rx, (nuint)i), Vector256.LoadUnsafe(ref ry, (nuint)i)).StoreUnsafe(ref rd, (nuint)i);
        }
        for (; i < n; i++)
            Unsafe.Add(ref rd, i) = op.Invoke(Unsafe.Add(ref rx, i), Unsafe.Add(ref ry, i));
    }
}
