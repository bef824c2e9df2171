// Obviously-correct GEMM oracle: triple loop with double accumulation and a per-element rounding-error bound.
using System.Numerics;
using Nmf.Fast.Linear;
using Nmf.Fast.Memory;

namespace Nmf.Fast.Tests.Reference;

/// <summary>The exact-ish product in double and how far a correct float/double GEMM may be from it.</summary>
public static class NaiveGemm
{
    /// <summary>
    /// Expected C = α·op(A)·op(B) + β·C0 in double (β = 0 ignores C0, which may hold NaN), and for each element the
    /// bound γ·(|α|·Σ_p |op(A)_ip|·|op(B)_pj| + |β|·|C0_ij|) with γ = 2·(k + 2)·ε of <typeparamref name="T"/>: the standard
    /// forward error bound of a dot product of length k, summed in any order, plus the scaling — i.e. a tolerance
    /// proportional to k·ε·‖A‖·‖B‖ taken element by element.
    /// </summary>
    public static (double[,] Expected, double[,] Bound) Multiply<T>(
        T alpha, ReadOnlyMatrixSpan<T> a, MatrixOp opA, ReadOnlyMatrixSpan<T> b, MatrixOp opB, T beta, ReadOnlyMatrixSpan<T> c0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = c0.Rows, n = c0.Cols;
        int k = opA == MatrixOp.None ? a.Cols : a.Rows;
        double al = double.CreateTruncating(alpha), be = double.CreateTruncating(beta);
        double eps = typeof(T) == typeof(float) ? Math.Pow(2, -23) : typeof(T) == typeof(double) ? Math.Pow(2, -52) : Math.Pow(2, -10);
        double gamma = 2.0 * (k + 2) * eps;
        var expected = new double[m, n];
        var bound = new double[m, n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0, abs = 0;
                for (int p = 0; p < k; p++)
                {
                    double x = double.CreateTruncating(opA == MatrixOp.None ? a[i, p] : a[p, i]);
                    double y = double.CreateTruncating(opB == MatrixOp.None ? b[p, j] : b[j, p]);
                    sum += x * y;
                    abs += Math.Abs(x * y);
                }
                double old = be == 0 ? 0 : double.CreateTruncating(c0[i, j]);
                expected[i, j] = al * sum + be * old;
                bound[i, j] = gamma * (Math.Abs(al) * abs + Math.Abs(be * old)) + double.Epsilon;
            }
        }
        return (expected, bound);
    }
}
