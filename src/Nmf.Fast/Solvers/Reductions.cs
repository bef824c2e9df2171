// Small reductions over spans, accumulated in double whatever the element type (deterministic order).
using System.Numerics;

namespace Nmf.Fast.Solvers;

/// <summary>Sums, sums of squares and inner products in double precision, in index order.</summary>
internal static class Reductions
{
    public static double Sum<T>(ReadOnlySpan<T> a) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double s0 = 0, s1 = 0;
        int i = 0;
        for (; i + 1 < a.Length; i += 2)
        {
            s0 += double.CreateTruncating(a[i]);
            s1 += double.CreateTruncating(a[i + 1]);
        }
        if (i < a.Length) s0 += double.CreateTruncating(a[i]);
        return s0 + s1;
    }

    public static double SumOfSquares<T>(ReadOnlySpan<T> a) where T : unmanaged, IFloatingPointIeee754<T> => Dot(a, a);

    public static double Dot<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < a.Length; i += 4)
        {
            s0 += double.CreateTruncating(a[i]) * double.CreateTruncating(b[i]);
            s1 += double.CreateTruncating(a[i + 1]) * double.CreateTruncating(b[i + 1]);
            s2 += double.CreateTruncating(a[i + 2]) * double.CreateTruncating(b[i + 2]);
            s3 += double.CreateTruncating(a[i + 3]) * double.CreateTruncating(b[i + 3]);
        }
        for (; i < a.Length; i++) s0 += double.CreateTruncating(a[i]) * double.CreateTruncating(b[i]);
        return (s0 + s1) + (s2 + s3);
    }

    public static double SquaredDistance<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double s0 = 0, s1 = 0;
        int i = 0;
        for (; i + 1 < a.Length; i += 2)
        {
            double d0 = double.CreateTruncating(a[i]) - double.CreateTruncating(b[i]);
            double d1 = double.CreateTruncating(a[i + 1]) - double.CreateTruncating(b[i + 1]);
            s0 += d0 * d0;
            s1 += d1 * d1;
        }
        if (i < a.Length)
        {
            double d = double.CreateTruncating(a[i]) - double.CreateTruncating(b[i]);
            s0 += d * d;
        }
        return s0 + s1;
    }

    /// <summary>Σᵢⱼ A[i,j]·B[i,j] over two matrices of the same shape.</summary>
    public static double FrobeniusInner<T>(Memory.ReadOnlyMatrixSpan<T> a, Memory.ReadOnlyMatrixSpan<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        for (int i = 0; i < a.Rows; i++) sum += Dot(a.Row(i), b.Row(i));
        return sum;
    }

    /// <summary>Σᵢⱼ A[i,j].</summary>
    public static double Sum<T>(Memory.ReadOnlyMatrixSpan<T> a) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        for (int i = 0; i < a.Rows; i++) sum += Sum(a.Row(i));
        return sum;
    }

    /// <summary>Σᵢ A[i,i] of a square matrix.</summary>
    public static double Trace<T>(Memory.ReadOnlyMatrixSpan<T> a) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        for (int i = 0; i < a.Rows; i++) sum += double.CreateTruncating(a[i, i]);
        return sum;
    }
}
