// R·Hᵀ for a rank that fills two vectors and at most half a third (float64 k = 17–20): 8 rows × (2 zmm + 1 ymm) per register block.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Nmf.Fast.Losses;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Solvers.MultiplicativeUpdate;

/// <summary>
/// <see cref="TileProducts.ProductPadded{T}"/> — C (r×k′) ⊕= A (r×p) · Bt (p×k′), Bt = Hᵀ padded to k′ = 3 vectors —
/// when k ≤ 2.5 vectors, e.g. k = 20 in float64 (k′ = 24). The third vector of the block is then at least half padding,
/// so it is a 256-bit vector here: 8 rows × (2 + ½) vectors, 16 zmm and 8 ymm accumulators. On cores that split a
/// 512-bit FMA into two 256-bit halves (AMD Zen 4) that is 5 instead of 6 half-FMAs per row and step. Each computed
/// element is the same FMA chain over p, in the same order, as ProductPadded's, so C's first k columns are bitwise
/// the same; columns k′ − v/2 .. k′ of C are not written (they only ever hold padding).
/// </summary>
internal static unsafe class HalfTailProduct
{
    /// <summary>Off when the environment sets NMF_MU_HALF_TAIL=0 (benchmarks compare the two kernels in one build).</summary>
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("NMF_MU_HALF_TAIL") != "0";

    /// <summary>C ⊕= A·Bt for a rank-<paramref name="k"/> Bt: this kernel where it fits, else <see cref="TileProducts.ProductPadded{T}"/>.</summary>
    public static void ProductPadded<T>(PinnedMatrixView<T> a, PinnedMatrixView<T> bt, PinnedMatrixView<T> c, int k, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Enabled && Fits<T>(k, c.Cols)) Multiply(a, bt, c, accumulate);
        else TileProducts.ProductPadded(a, bt, c, accumulate);
    }

    /// <summary>True when a rank-<paramref name="k"/> product padded to <paramref name="paddedWidth"/> can use this kernel.</summary>
    public static bool Fits<T>(int k, int paddedWidth) where T : unmanaged
    {
        int v = Vector512<T>.Count;
        return Vector512<T>.IsSupported && paddedWidth == 3 * v && k <= 2 * v + v / 2;
    }

    /// <summary>C ⊕= A·Bt on the first 2.5 vectors of C's columns (see the type's summary).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop of every iteration: skip tier-0 code
    public static void Multiply<T>(PinnedMatrixView<T> a, PinnedMatrixView<T> bt, PinnedMatrixView<T> c, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = a.Rows, depth = a.Cols, v = Vector512<T>.Count;
        nint bs = bt.Stride;
        for (int i = 0; i < rows; i += 8)
        {
            // Rows past the end repeat the last row (computed again, stored once).
            Span<int> r = [i, Math.Min(i + 1, rows - 1), Math.Min(i + 2, rows - 1), Math.Min(i + 3, rows - 1),
                Math.Min(i + 4, rows - 1), Math.Min(i + 5, rows - 1), Math.Min(i + 6, rows - 1), Math.Min(i + 7, rows - 1)];
            T* a0 = Row(a, r[0]), a1 = Row(a, r[1]), a2 = Row(a, r[2]), a3 = Row(a, r[3]), a4 = Row(a, r[4]), a5 = Row(a, r[5]), a6 = Row(a, r[6]), a7 = Row(a, r[7]);
            Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
            Vector512<T> c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default;
            Vector256<T> c02 = default, c12 = default, c22 = default, c32 = default, c42 = default, c52 = default, c62 = default, c72 = default;
            T* pb = bt.Origin;
            for (int p = 0; p < depth; p++, pb += bs)
            {
                var b0 = Vector512.Load(pb);
                var b1 = Vector512.Load(pb + v);
                var b2 = Vector256.Load(pb + 2 * v);
                var x = Vector512.Create(a0[p]);
                c00 = TileProducts.Fma(x, b0, c00); c01 = TileProducts.Fma(x, b1, c01); c02 = Fma(x.GetLower(), b2, c02);
                x = Vector512.Create(a1[p]);
                c10 = TileProducts.Fma(x, b0, c10); c11 = TileProducts.Fma(x, b1, c11); c12 = Fma(x.GetLower(), b2, c12);
                x = Vector512.Create(a2[p]);
                c20 = TileProducts.Fma(x, b0, c20); c21 = TileProducts.Fma(x, b1, c21); c22 = Fma(x.GetLower(), b2, c22);
                x = Vector512.Create(a3[p]);
                c30 = TileProducts.Fma(x, b0, c30); c31 = TileProducts.Fma(x, b1, c31); c32 = Fma(x.GetLower(), b2, c32);
                x = Vector512.Create(a4[p]);
                c40 = TileProducts.Fma(x, b0, c40); c41 = TileProducts.Fma(x, b1, c41); c42 = Fma(x.GetLower(), b2, c42);
                x = Vector512.Create(a5[p]);
                c50 = TileProducts.Fma(x, b0, c50); c51 = TileProducts.Fma(x, b1, c51); c52 = Fma(x.GetLower(), b2, c52);
                x = Vector512.Create(a6[p]);
                c60 = TileProducts.Fma(x, b0, c60); c61 = TileProducts.Fma(x, b1, c61); c62 = Fma(x.GetLower(), b2, c62);
                x = Vector512.Create(a7[p]);
                c70 = TileProducts.Fma(x, b0, c70); c71 = TileProducts.Fma(x, b1, c71); c72 = Fma(x.GetLower(), b2, c72);
            }
            // Store each distinct row once (a repeated row would be added twice when accumulating).
            StoreRow(c, r[0], c00, c01, c02, accumulate);
            if (r[1] != r[0]) StoreRow(c, r[1], c10, c11, c12, accumulate);
            if (r[2] != r[1]) StoreRow(c, r[2], c20, c21, c22, accumulate);
            if (r[3] != r[2]) StoreRow(c, r[3], c30, c31, c32, accumulate);
            if (r[4] != r[3]) StoreRow(c, r[4], c40, c41, c42, accumulate);
            if (r[5] != r[4]) StoreRow(c, r[5], c50, c51, c52, accumulate);
            if (r[6] != r[5]) StoreRow(c, r[6], c60, c61, c62, accumulate);
            if (r[7] != r[6]) StoreRow(c, r[7], c70, c71, c72, accumulate);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T* Row<T>(PinnedMatrixView<T> a, int row) where T : unmanaged => a.Origin + (nint)row * a.Stride;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow<T>(PinnedMatrixView<T> c, int row, Vector512<T> x0, Vector512<T> x1, Vector256<T> x2, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int v = Vector512<T>.Count;
        T* p = c.Origin + (nint)row * c.Stride;
        if (accumulate)
        {
            x0 += Vector512.Load(p);
            x1 += Vector512.Load(p + v);
            x2 += Vector256.Load(p + 2 * v);
        }
        Vector512.Store(x0, p);
        Vector512.Store(x1, p + v);
        Vector256.Store(x2, p + 2 * v);
    }

    /// <summary>a·b + c with one rounding (vfmadd), 256 bits wide; the 512-bit one is <see cref="TileProducts"/>' own.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Fma<T>(Vector256<T> a, Vector256<T> b, Vector256<T> c) where T : unmanaged
    {
        if (typeof(T) == typeof(double))
            return Vector256.FusedMultiplyAdd(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();
        return Vector256.FusedMultiplyAdd(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>();
    }
}
