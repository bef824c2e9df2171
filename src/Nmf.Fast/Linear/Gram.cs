// Symmetric k×k products AᵀA and A·Aᵀ: one triangle computed, the other mirrored.
using System.Numerics;
using System.Runtime.CompilerServices;
using Nmf.Fast.Linear.Kernels;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Linear;

/// <summary>Gram matrices for the small k×k products of NMF (WᵀW, H·Hᵀ).</summary>
/// <remarks>
/// Both run the GEMM paths with tiles wholly below the diagonal skipped, then copy the upper triangle into the
/// lower one, so the result is exactly symmetric. A·Aᵀ runs the dot-product path directly; AᵀA of a tall-skinny
/// A first transposes A into a pack buffer and runs the same path (see docs/gemm.md).
/// </remarks>
public static class Gram
{
    /// <summary>C ← AᵀA for a (typically tall-skinny) m×k matrix A; C is k×k and exactly symmetric.</summary>
    /// <exception cref="ArgumentException">C is not k×k.</exception>
    public static void OfColumns<T>(ReadOnlyMatrixSpan<T> a, MatrixSpan<T> c, int maxDegreeOfParallelism = -1)
        where T : unmanaged, IFloatingPointIeee754<T>
        => OfColumns(a, c, maxDegreeOfParallelism, KernelSelector.Default);

    /// <summary>C ← A·Aᵀ for a (typically short-wide) k×n matrix A; C is k×k and exactly symmetric.</summary>
    /// <exception cref="ArgumentException">C is not k×k.</exception>
    public static void OfRows<T>(ReadOnlyMatrixSpan<T> a, MatrixSpan<T> c, int maxDegreeOfParallelism = -1)
        where T : unmanaged, IFloatingPointIeee754<T>
        => OfRows(a, c, maxDegreeOfParallelism, KernelSelector.Default);

    /// <summary><see cref="OfColumns{T}(ReadOnlyMatrixSpan{T}, MatrixSpan{T}, int)"/> on an explicit kernel tier.</summary>
    internal static unsafe void OfColumns<T>(ReadOnlyMatrixSpan<T> a, MatrixSpan<T> c, int maxDegreeOfParallelism, KernelTier tier)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSquare(a.Cols, c);
        int m = a.Rows, k = a.Cols;
        tier = KernelSelector.Effective<T>(tier);
        if (GemmDotProduct.Applies(tier, false, true, k, k, m) && m > GemmBlocking.TinyDimension && (long)m * k <= MaxTransposedElements)
        {
            // Tall-skinny A: the blocked path would spend most of its 12×32 tiles on padding and on the lower
            // triangle. Transposing A once (m·k moves, vs m·k·k/2 multiply-adds) lets the dot-product path
            // compute the upper triangle with 4×6 tiles straight from contiguous rows of Aᵀ.
            // The copy lives in this thread's pack buffer; the dot-product path below packs nothing, so nothing
            // else uses that buffer while the copy is read.
            T* at = GemmPackBuffers.Get<T>((long)m * k);
            Transpose(a, at);
            var aT = new ReadOnlyMatrixSpan<T>(new ReadOnlySpan<T>(at, m * k), k, m);
            Gemm.Multiply(T.One, aT, MatrixOp.None, aT, MatrixOp.Transpose, T.Zero, c, maxDegreeOfParallelism, tier, upperOnly: true);
        }
        else
        {
            Gemm.Multiply(T.One, a, MatrixOp.Transpose, a, MatrixOp.None, T.Zero, c, maxDegreeOfParallelism, tier, upperOnly: true);
        }
        MirrorUpper(c);
    }

    /// <summary>
    /// Largest A (elements) copied transposed for <see cref="OfColumns{T}(ReadOnlyMatrixSpan{T}, MatrixSpan{T}, int)"/>:
    /// 4 Mi elements (16 MiB float) bounds the per-thread buffer kept for reuse; larger A takes the blocked path.
    /// </summary>
    private const long MaxTransposedElements = 4L << 20;

    /// <summary>dst (cols × rows, dense) ← aᵀ, eight source rows at a time so each write is 8 contiguous elements.</summary>
    private static unsafe void Transpose<T>(ReadOnlyMatrixSpan<T> a, T* dst) where T : unmanaged
    {
        int m = a.Rows, k = a.Cols;
        nint lda = a.Stride;
        fixed (T* src = &Unsafe.AsRef(in a.Origin))
        {
            int i0 = 0;
            for (; i0 + 8 <= m; i0 += 8)
            {
                T* s0 = src + i0 * lda;
                T* d = dst + i0;
                for (int j = 0; j < k; j++, d += m)
                {
                    T* sj = s0 + j;
                    d[0] = sj[0];
                    d[1] = sj[lda];
                    d[2] = sj[2 * lda];
                    d[3] = sj[3 * lda];
                    d[4] = sj[4 * lda];
                    d[5] = sj[5 * lda];
                    d[6] = sj[6 * lda];
                    d[7] = sj[7 * lda];
                }
            }
            for (; i0 < m; i0++)
                for (int j = 0; j < k; j++) dst[(nint)j * m + i0] = src[i0 * lda + j];
        }
    }

    /// <summary><see cref="OfRows{T}(ReadOnlyMatrixSpan{T}, MatrixSpan{T}, int)"/> on an explicit kernel tier.</summary>
    internal static void OfRows<T>(ReadOnlyMatrixSpan<T> a, MatrixSpan<T> c, int maxDegreeOfParallelism, KernelTier tier)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSquare(a.Rows, c);
        Gemm.Multiply(T.One, a, MatrixOp.None, a, MatrixOp.Transpose, T.Zero, c, maxDegreeOfParallelism, tier, upperOnly: true);
        MirrorUpper(c);
    }

    private static void CheckSquare<T>(int k, MatrixSpan<T> c) where T : unmanaged
    {
        if (c.Rows != k || c.Cols != k)
            throw new ArgumentException($"The Gram matrix must be {k}×{k}, but C is {c.Rows}×{c.Cols}.", nameof(c));
    }

    private static void MirrorUpper<T>(MatrixSpan<T> c) where T : unmanaged
    {
        for (int i = 1; i < c.Rows; i++)
        {
            var row = c.Row(i);
            for (int j = 0; j < i; j++) row[j] = c[j, i];
        }
    }
}
