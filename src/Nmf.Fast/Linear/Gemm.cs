// Public entry point of the dense matrix product C ← α·op(A)·op(B) + β·C.
using System.Numerics;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Linear;

/// <summary>General matrix multiplication on row-major views of any stride.</summary>
public static class Gemm
{
    /// <summary>
    /// Computes <c>C ← α·op(A)·op(B) + β·C</c>. When <paramref name="beta"/> is zero, C is never read
    /// (it may hold NaN). The result is bitwise identical for every degree of parallelism.
    /// </summary>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">A, or Aᵀ when <paramref name="opA"/> is <see cref="MatrixOp.Transpose"/>.</param>
    /// <param name="opA">How A enters the product.</param>
    /// <param name="b">B, or Bᵀ when <paramref name="opB"/> is <see cref="MatrixOp.Transpose"/>.</param>
    /// <param name="opB">How B enters the product.</param>
    /// <param name="beta">Scale of the previous C.</param>
    /// <param name="c">The m×n output, where op(A) is m×k and op(B) is k×n.</param>
    /// <param name="maxDegreeOfParallelism">Most threads to use; -1 (default) means all cores.</param>
    /// <exception cref="ArgumentException">The shapes do not agree.</exception>
    public static void Multiply<T>(
        T alpha, ReadOnlyMatrixSpan<T> a, MatrixOp opA, ReadOnlyMatrixSpan<T> b, MatrixOp opB,
        T beta, MatrixSpan<T> c, int maxDegreeOfParallelism = -1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = opA == MatrixOp.None ? a.Rows : a.Cols;
        int k = opA == MatrixOp.None ? a.Cols : a.Rows;
        int kb = opB == MatrixOp.None ? b.Rows : b.Cols;
        int n = opB == MatrixOp.None ? b.Cols : b.Rows;
        if (k != kb)
            throw new ArgumentException($"op(A) is {m}×{k} but op(B) is {kb}×{n}: inner dimensions differ.", nameof(b));
        if (c.Rows != m || c.Cols != n)
            throw new ArgumentException($"C must be {m}×{n} for op(A) {m}×{k} times op(B) {k}×{n}, but is {c.Rows}×{c.Cols}.", nameof(c));
        if (maxDegreeOfParallelism == 0 || maxDegreeOfParallelism < -1)
            throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism, "Use -1 for all cores or a positive thread count.");

        // Placeholder reference implementation (replaced by the blocked kernel).
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                T sum = T.Zero;
                for (int p = 0; p < k; p++)
                {
                    T av = opA == MatrixOp.None ? a[i, p] : a[p, i];
                    T bv = opB == MatrixOp.None ? b[p, j] : b[j, p];
                    sum += av * bv;
                }
                c[i, j] = beta == T.Zero ? alpha * sum : alpha * sum + beta * c[i, j];
            }
        }
    }
}
