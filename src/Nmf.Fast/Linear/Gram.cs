// Symmetric k×k products AᵀA and A·Aᵀ: one triangle computed, the other mirrored.
using System.Numerics;
using Nmf.Fast.Linear.Kernels;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Linear;

/// <summary>Gram matrices for the small k×k products of NMF (WᵀW, H·Hᵀ).</summary>
/// <remarks>
/// Both run the GEMM paths with tiles wholly below the diagonal skipped, then copy the upper triangle into the
/// lower one, so the result is exactly symmetric and its upper triangle equals the GEMM result bit for bit.
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
    internal static void OfColumns<T>(ReadOnlyMatrixSpan<T> a, MatrixSpan<T> c, int maxDegreeOfParallelism, KernelTier tier)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSquare(a.Cols, c);
        Gemm.Multiply(T.One, a, MatrixOp.Transpose, a, MatrixOp.None, T.Zero, c, maxDegreeOfParallelism, tier, upperOnly: true);
        MirrorUpper(c);
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
