// Symmetric k×k products AᵀA and A·Aᵀ: one triangle computed, the other mirrored.
using System.Numerics;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Linear;

/// <summary>Gram matrices for the small k×k products of NMF (WᵀW, H·Hᵀ).</summary>
public static class Gram
{
    /// <summary>C ← AᵀA for a (typically tall-skinny) m×k matrix A; C is k×k and exactly symmetric.</summary>
    public static void OfColumns<T>(ReadOnlyMatrixSpan<T> a, MatrixSpan<T> c, int maxDegreeOfParallelism = -1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Gemm.Multiply(T.One, a, MatrixOp.Transpose, a, MatrixOp.None, T.Zero, c, maxDegreeOfParallelism);
        Symmetrize(c);
    }

    /// <summary>C ← A·Aᵀ for a (typically short-wide) k×n matrix A; C is k×k and exactly symmetric.</summary>
    public static void OfRows<T>(ReadOnlyMatrixSpan<T> a, MatrixSpan<T> c, int maxDegreeOfParallelism = -1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Gemm.Multiply(T.One, a, MatrixOp.None, a, MatrixOp.Transpose, T.Zero, c, maxDegreeOfParallelism);
        Symmetrize(c);
    }

    private static void Symmetrize<T>(MatrixSpan<T> c) where T : unmanaged
    {
        for (int i = 0; i < c.Rows; i++)
            for (int j = 0; j < i; j++)
                c[i, j] = c[j, i];
    }
}
