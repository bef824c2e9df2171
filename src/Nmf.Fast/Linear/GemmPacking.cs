// Packing of op(A) blocks and op(B) panels into the sliver layouts the micro-kernels read, zero-padded at the edges.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Nmf.Fast.Linear;

/// <summary>
/// Copies blocks of op(A) and op(B) into contiguous slivers. Transposes are absorbed here: the kernels only
/// ever see the packed layouts below. Edge slivers are padded with zeros so the kernel always computes a full tile.
/// <code>
///  A block (mc × kc), slivers of MR rows        B panel (kc × nc), slivers of NR columns
///  sliver s: element (r, p) at p·MR + r          sliver s: element (p, c) at p·NR + c
///   p=0      p=1      p=2                         p=0: b00 b01 … b0(NR-1)
///  [a00 a10 … a(MR-1)0 | a01 a11 … | a02 …]       p=1: b10 b11 … b1(NR-1)
///  then sliver s+1 (rows MR…2MR-1), …             then sliver s+1 (columns NR…2NR-1), …
/// </code>
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// Packs op(A)[i0 .. i0+mc, p0 .. p0+kc] into ⌈mc/mr⌉ slivers of mr × kc at <paramref name="dst"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA<T>(in GemmOperand<T> a, int i0, int p0, int mc, int kc, int mr, T* dst) where T : unmanaged
    {
        for (int r0 = 0; r0 < mc; r0 += mr)
        {
            int rows = Math.Min(mr, mc - r0);
            if (a.Transposed)
            {
                // op(A)[i, p] = A[p, i]: each step p reads mr contiguous elements.
                T* src = a.Ptr + (nint)p0 * a.Stride + i0 + r0;
                if (rows == mr)
                {
                    // A full sliver: mr contiguous elements per step, copied with vector moves (the element loop
                    // cost 1-4% of Wᵀ·X at rank 100, where A is re-packed for every rank-KC update).
                    for (int p = 0; p < kc; p++)
                    {
                        CopyRow(src, dst + p * mr, mr);
                        src += a.Stride;
                    }
                }
                else
                {
                    for (int p = 0; p < kc; p++)
                    {
                        T* d = dst + p * mr;
                        int r = 0;
                        for (; r < rows; r++) d[r] = src[r];
                        for (; r < mr; r++) d[r] = default;
                        src += a.Stride;
                    }
                }
            }
            else
            {
                // op(A)[i, p] = A[i, p]: read each row contiguously, scatter with stride mr.
                for (int r = 0; r < rows; r++)
                {
                    T* src = a.Ptr + (nint)(i0 + r0 + r) * a.Stride + p0;
                    T* d = dst + r;
                    for (int p = 0; p < kc; p++) d[p * mr] = src[p];
                }
                for (int r = rows; r < mr; r++)
                {
                    T* d = dst + r;
                    for (int p = 0; p < kc; p++) d[p * mr] = default;
                }
            }
            dst += mr * kc;
        }
    }

    /// <summary>
    /// Packs op(B)[p0 .. p0+kc, j0 .. j0+nc] into ⌈nc/nr⌉ slivers of kc × nr at <paramref name="dst"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB<T>(in GemmOperand<T> b, int p0, int j0, int kc, int nc, int nr, T* dst) where T : unmanaged
    {
        if (!b.Transposed)
        {
            // op(B)[p, j] = B[p, j]: walk the panel row by row (one sequential read stream that the hardware
            // prefetcher follows) and deal each row out to the slivers, nr contiguous elements at a time.
            nint sliverStride = (nint)kc * nr;
            int full = nc / nr;
            int rest = nc - full * nr;
            for (int p = 0; p < kc; p++)
            {
                T* src = b.Ptr + (nint)(p0 + p) * b.Stride + j0;
                T* d = dst + p * nr;
                for (int s = 0; s < full; s++)
                {
                    CopyRow(src, d, nr);
                    src += nr;
                    d += sliverStride;
                }
                if (rest > 0)
                {
                    int c = 0;
                    for (; c < rest; c++) d[c] = src[c];
                    for (; c < nr; c++) d[c] = default;
                }
            }
            return;
        }

        for (int c0 = 0; c0 < nc; c0 += nr)
        {
            // op(B)[p, j] = B[j, p]: read each stored row contiguously, scatter with stride nr.
            int cols = Math.Min(nr, nc - c0);
            for (int c = 0; c < cols; c++)
            {
                T* src = b.Ptr + (nint)(j0 + c0 + c) * b.Stride + p0;
                T* d = dst + c;
                for (int p = 0; p < kc; p++) d[p * nr] = src[p];
            }
            for (int c = cols; c < nr; c++)
            {
                T* d = dst + c;
                for (int p = 0; p < kc; p++) d[p * nr] = default;
            }
            dst += nr * kc;
        }
    }

    /// <summary>Copies <paramref name="count"/> elements with full-width vector moves where the width allows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyRow<T>(T* src, T* dst, int count) where T : unmanaged
    {
        int bytes = count * sizeof(T);
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i + 64 <= bytes; i += 64) Vector512.Store(Vector512.Load((byte*)src + i), (byte*)dst + i);
        for (; i + 32 <= bytes; i += 32) Vector256.Store(Vector256.Load((byte*)src + i), (byte*)dst + i);
        for (; i < bytes; i += sizeof(T)) *(T*)((byte*)dst + i) = *(T*)((byte*)src + i);
    }
}
