// Dispatch from a runtime (tier, tile height) to the unrolled micro-kernel instantiation, and the tile write-back.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Nmf.Fast.Linear.Kernels;

namespace Nmf.Fast.Linear;

/// <summary>Runs the micro-kernel of a tier for a tile height known only at run time, and applies α, β to C.</summary>
internal static unsafe class GemmMicroKernels
{
    /// <summary>tile (mr × nr, row stride nr) ← packed A sliver · B sliver (rows bStride apart) over kc steps.</summary>
    public static void Run<T>(KernelTier tier, int mr, int kc, T* a, T* b, nint bStride, T* tile) where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (tier)
        {
            case KernelTier.Avx512:
                switch (mr)
                {
                    case 1: Avx512MicroKernel.Run<T, R1>(kc, a, b, bStride, tile); break;
                    case 2: Avx512MicroKernel.Run<T, R2>(kc, a, b, bStride, tile); break;
                    case 3: Avx512MicroKernel.Run<T, R3>(kc, a, b, bStride, tile); break;
                    case 4: Avx512MicroKernel.Run<T, R4>(kc, a, b, bStride, tile); break;
                    case 5: Avx512MicroKernel.Run<T, R5>(kc, a, b, bStride, tile); break;
                    case 6: Avx512MicroKernel.Run<T, R6>(kc, a, b, bStride, tile); break;
                    case 7: Avx512MicroKernel.Run<T, R7>(kc, a, b, bStride, tile); break;
                    case 8: Avx512MicroKernel.Run<T, R8>(kc, a, b, bStride, tile); break;
                    case 9: Avx512MicroKernel.Run<T, R9>(kc, a, b, bStride, tile); break;
                    case 10: Avx512MicroKernel.Run<T, R10>(kc, a, b, bStride, tile); break;
                    case 11: Avx512MicroKernel.Run<T, R11>(kc, a, b, bStride, tile); break;
                    default: Avx512MicroKernel.Run<T, R12>(kc, a, b, bStride, tile); break;
                }
                break;
            case KernelTier.Avx2:
                switch (mr)
                {
                    case 1: Avx2MicroKernel.Run<T, R1>(kc, a, b, bStride, tile); break;
                    case 2: Avx2MicroKernel.Run<T, R2>(kc, a, b, bStride, tile); break;
                    case 3: Avx2MicroKernel.Run<T, R3>(kc, a, b, bStride, tile); break;
                    case 4: Avx2MicroKernel.Run<T, R4>(kc, a, b, bStride, tile); break;
                    case 5: Avx2MicroKernel.Run<T, R5>(kc, a, b, bStride, tile); break;
                    default: Avx2MicroKernel.Run<T, R6>(kc, a, b, bStride, tile); break;
                }
                break;
            default:
                ScalarMicroKernel.Run(kc, mr, a, b, bStride, tile);
                break;
        }
    }

    /// <summary>
    /// The AVX-512 kernel for <paramref name="mr"/> rows that also fetches into L2 the first and last byte of
    /// <paramref name="prefetchRows"/> row pieces (<paramref name="prefetchStride"/> bytes apart, the next in-place B sliver's
    /// band), spread over its kc steps.
    /// </summary>
    public static void RunAvx512Prefetching<T>(int mr, int kc, T* a, T* b, nint bStride, T* tile, byte* prefetch, nint prefetchStride, int prefetchRows, int prefetchLastByte)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rows = new Avx512MicroKernel.PrefetchRows(prefetch, prefetchStride, prefetchRows, prefetchLastByte);
        switch (mr)
        {
            case 1: Avx512MicroKernel.Run<T, R1, WithPrefetch>(kc, a, b, bStride, tile, rows); break;
            case 2: Avx512MicroKernel.Run<T, R2, WithPrefetch>(kc, a, b, bStride, tile, rows); break;
            case 3: Avx512MicroKernel.Run<T, R3, WithPrefetch>(kc, a, b, bStride, tile, rows); break;
            case 4: Avx512MicroKernel.Run<T, R4, WithPrefetch>(kc, a, b, bStride, tile, rows); break;
            case 5: Avx512MicroKernel.Run<T, R5, WithPrefetch>(kc, a, b, bStride, tile, rows); break;
            case 6: Avx512MicroKernel.Run<T, R6, WithPrefetch>(kc, a, b, bStride, tile, rows); break;
            case 7: Avx512MicroKernel.Run<T, R7, WithPrefetch>(kc, a, b, bStride, tile, rows); break;
            case 8: Avx512MicroKernel.Run<T, R8, WithPrefetch>(kc, a, b, bStride, tile, rows); break;
            case 9: Avx512MicroKernel.Run<T, R9, WithPrefetch>(kc, a, b, bStride, tile, rows); break;
            case 10: Avx512MicroKernel.Run<T, R10, WithPrefetch>(kc, a, b, bStride, tile, rows); break;
            case 11: Avx512MicroKernel.Run<T, R11, WithPrefetch>(kc, a, b, bStride, tile, rows); break;
            default: Avx512MicroKernel.Run<T, R12, WithPrefetch>(kc, a, b, bStride, tile, rows); break;
        }
    }

    /// <summary>Asks for the C tile's cache lines while the micro-kernel computes, so the write-back finds them in L1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void PrefetchTile<T>(T* c, nint ldc, int rows, int cols) where T : unmanaged
    {
        if (!Sse.IsSupported) return;
        int lastByte = cols * sizeof(T) - 1;
        for (int r = 0; r < rows; r++)
        {
            byte* row = (byte*)(c + r * ldc);
            Sse.Prefetch0(row);
            Sse.Prefetch0(row + lastByte);
        }
    }

    /// <summary>Asks for <paramref name="rows"/> rows of <paramref name="cols"/> elements, <paramref name="stride"/> apart, to be brought into L2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void PrefetchRowsToL2<T>(T* p, nint stride, int rows, int cols) where T : unmanaged
    {
        if (!Sse.IsSupported) return;
        int lastByte = cols * sizeof(T) - 1;
        for (int r = 0; r < rows; r++)
        {
            byte* row = (byte*)(p + r * stride);
            Sse.Prefetch1(row);
            Sse.Prefetch1(row + lastByte);
        }
    }

    /// <summary>
    /// C[0..rows, 0..cols] ← α·tile + β·C, or α·tile when β = 0 (C is then never read). Every element gets the same
    /// arithmetic (one rounding of α·t + β·c via FMA) whether it is handled by a vector or the scalar tail, so the
    /// result does not depend on where a tile edge falls.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteBack<T>(T* tile, int tileStride, T* c, nint ldc, int rows, int cols, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool betaZero = beta == T.Zero;
        for (int r = 0; r < rows; r++)
        {
            T* t = tile + r * tileStride;
            T* cr = c + r * ldc;
            int j = 0;
            if (Vector512.IsHardwareAccelerated && (typeof(T) == typeof(float) || typeof(T) == typeof(double)))
            {
                var va = Vector512.Create(alpha);
                var vb = Vector512.Create(beta);
                for (; j <= cols - Vector512<T>.Count; j += Vector512<T>.Count)
                {
                    var acc = Vector512.Load(t + j);
                    var result = betaZero ? va * acc : SimdMath.Fma(va, acc, vb * Vector512.Load(cr + j));
                    Vector512.Store(result, cr + j);
                }
            }
            for (; j < cols; j++)
                cr[j] = betaZero ? alpha * t[j] : T.MultiplyAddEstimate(alpha, t[j], beta * cr[j]);
        }
    }
}
