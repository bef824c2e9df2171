// Scalar reference GEMM micro-kernel (any floating-point T): the same contract as the SIMD micro-kernels.
using System.Numerics;

namespace Nmf.Fast.Linear.Kernels;

/// <summary>
/// Portable micro-kernel: tile (rows × <see cref="Width"/>) ← Σ_p a(:, p)·b(p, :) over packed slivers laid out
/// exactly as for the SIMD kernels (A at p·MR + r, B at p·NR + c). It is the correctness reference for the
/// tiers and the fallback for element types other than float and double, and the tier an x86-64-v2 AOT build runs
/// (no AVX2): hence <c>MultiplyAddEstimate</c>, which fuses where the CPU has FMA (the same bits as before there) and
/// otherwise multiplies then adds — <c>FusedMultiplyAdd</c> without hardware FMA is a software routine that made such a
/// build ~25× slower.
/// </summary>
internal static unsafe class ScalarMicroKernel
{
    /// <summary>The most rows a tile can have.</summary>
    public const int MaxRows = 4;

    /// <summary>Tile width in elements.</summary>
    public const int Width = 8;

    /// <summary>tile ← Σ_p a(:, p)·b(p, :) for a tile of <paramref name="rows"/> × <see cref="Width"/>.</summary>
    public static void Run<T>(int kc, int rows, T* a, T* b, nint bStride, T* tile) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = rows * Width;
        for (int i = 0; i < n; i++) tile[i] = T.Zero;
        for (int p = 0; p < kc; p++)
        {
            for (int r = 0; r < rows; r++)
            {
                T x = a[r];
                T* t = tile + r * Width;
                for (int j = 0; j < Width; j++) t[j] = T.MultiplyAddEstimate(x, b[j], t[j]);
            }
            a += rows;
            b += bStride;
        }
    }
}
